"""What Knot Helper says and hears, in every locale: SSML (``ssml``), the locale texts
(``prompts``) and the slot values shared by the interaction model and the handlers (``slots``)."""
