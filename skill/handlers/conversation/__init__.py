"""Handlers of the conversation itself: launch and the built-in intents (``builtins``), yes and no
(``answers``), and everyday questions along the way (``questions``)."""
