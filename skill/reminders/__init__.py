"""Reminders as data and through the Alexa Reminders API.

``rules``: recurring schedules and one-offs, as the API wants them; ``wishes``: what a person asked
for, complete or not; ``choosing``: which existing reminder they mean; ``words``: how each is
said; ``api``: the Reminders and settings APIs.
"""
