"""Routines and tips as data: the library loaded from ``content/<locale>/routines.toml``
(``library``), a step turned into paced SSML (``speech``), how long a routine takes (``length``),
and the step shown on a screen (``screen``)."""
