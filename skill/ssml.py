"""The only module that knows SSML: escaping, pauses and Alexa's limits.

Content stays plain text everywhere else, so the same words can be rendered by gTTS.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape as _xml_escape

MAX_SSML_CHARS = 8000
MAX_BREAK_MS = 10_000
ALLOWED_TAGS = frozenset(
    {
        "speak",
        "p",
        "s",
        "break",
        "emphasis",
        "prosody",
        "say-as",
        "sub",
        "phoneme",
        "w",
        "lang",
        "voice",
        "audio",
        "amazon:effect",
        "amazon:emotion",
        "amazon:domain",
    }
)
_SPEAK_WRAPPER = re.compile(r"^\s*<speak>(.*)</speak>\s*$", re.DOTALL)


def text(words: str) -> str:
    """Escape plain text for use inside SSML."""
    return _xml_escape(words, {'"': "&quot;"})


def pause(milliseconds: int) -> str:
    """One break of at most 10 s; longer pauses must be chained by the caller."""
    if not 0 < milliseconds <= MAX_BREAK_MS:
        raise ValueError(f"a break must be 1 to {MAX_BREAK_MS} ms, not {milliseconds}")
    return f'<break time="{milliseconds}ms"/>'


def speak(body: str) -> str:
    """Wrap an SSML body in ``<speak>``; fails loudly if the result is over Alexa's limit."""
    inner = _SPEAK_WRAPPER.sub(r"\1", body)
    document = f"<speak>{inner}</speak>"
    if len(document) > MAX_SSML_CHARS:
        raise ValueError(f"SSML is {len(document)} characters; Alexa allows {MAX_SSML_CHARS}")
    return document
