"""The safety check as data and rules, without Alexa: the questions and red flags loaded and
checked from ``content/<locale>/triage.toml`` (``questions``), and how a check moves from one
question to the next (``check``). What is said during a check lives in ``skill.handlers.safety``."""
