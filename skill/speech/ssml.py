"""The only module that knows SSML: escaping, pauses and Alexa's limits.

Content stays plain text everywhere else, so the same words can be rendered by gTTS.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from xml.etree import ElementTree
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


class Pace(StrEnum):
    """How fast Knot Helper talks and how long it leaves between sentences."""

    SLOW = "slow"
    NORMAL = "normal"
    FAST = "fast"


_RATE = {Pace.SLOW: "85%", Pace.NORMAL: None, Pace.FAST: "115%"}
_GAP = {Pace.SLOW: "x-strong", Pace.NORMAL: "strong", Pace.FAST: "medium"}


def gap(pace: Pace) -> str:
    """A short pause between instructions, longer when slow.

    It is a strength, never a time, so every ``time`` break in a reply is counted silence: a
    timed hold, or the pause to get into position before one.
    """
    return f'<break strength="{_GAP[pace]}"/>'


def paced(body: str, pace: Pace) -> str:
    """Apply the pace's speaking rate to an SSML body."""
    rate = _RATE[pace]
    return body if rate is None else f'<prosody rate="{rate}">{body}</prosody>'


def sentence(words: str) -> str:
    """A plain-text sentence as an SSML ``<s>`` element."""
    return f"<s>{text(words)}</s>"


def silence(seconds: int) -> str:
    """Exactly ``seconds`` of silence, chained in breaks of at most 10 s."""
    return silence_ms(seconds * 1000)


def silence_ms(milliseconds: int) -> str:
    """Exactly ``milliseconds`` of silence, chained in breaks of at most 10 s."""
    whole, rest = divmod(milliseconds, MAX_BREAK_MS)
    return pause(MAX_BREAK_MS) * whole + (pause(rest) if rest else "")


#: The get-into-position pause at each pace, relative to normal; never shorter than the minimum.
_SETTLE_SCALE = {Pace.SLOW: 1.5, Pace.NORMAL: 1.0, Pace.FAST: 0.75}
MIN_SETTLE_MS = 3000


def settle_ms(seconds: int, pace: Pace) -> int:
    """How long the get-into-position pause of ``seconds`` (at normal pace) lasts at ``pace``."""
    return max(MIN_SETTLE_MS, round(seconds * 1000 * _SETTLE_SCALE[pace]))


@dataclass(frozen=True)
class Say:
    """Plain text to speak."""

    text: str


@dataclass(frozen=True)
class Gap:
    """A short pause whose length follows the pace."""


@dataclass(frozen=True)
class Silence:
    """Exactly this many seconds of silence (a timed hold)."""

    seconds: int


@dataclass(frozen=True)
class Settle:
    """Time to get into position before a timed hold starts: ``seconds`` at normal pace, longer
    when slow, shorter when fast, never under 3 s (see :func:`settle_ms`)."""

    seconds: int


@dataclass(frozen=True)
class StepStart:
    """Marks where a step begins (a chime in guided audio; nothing in SSML unless a chime URL
    is given)."""

    index: int


Part = Say | Gap | Silence | Settle | StepStart


def render(parts: list[Part], pace: Pace, chime_url: str | None = None) -> str:
    """An SSML body for ``parts`` at ``pace``."""
    pieces = []
    for part in parts:
        if isinstance(part, Say):
            pieces.append(sentence(part.text))
        elif isinstance(part, Gap):
            pieces.append(gap(pace))
        elif isinstance(part, Silence):
            pieces.append(silence(part.seconds))
        elif isinstance(part, Settle):
            pieces.append(silence_ms(settle_ms(part.seconds, pace)))
        elif chime_url:
            pieces.append(f'<audio src="{text(chime_url)}"/>')
    return paced("".join(pieces), pace)


_TIME = re.compile(r"^(\d+(?:\.\d+)?)(ms|s)$")


def break_ms(value: str) -> int | None:
    """Milliseconds of a ``time`` attribute such as ``10s`` or ``2500ms``; None if invalid."""
    match = _TIME.match(value.strip())
    if match is None:
        return None
    amount = float(match.group(1))
    return round(amount * 1000 if match.group(2) == "s" else amount)


def problems(document: str) -> list[str]:
    """What Alexa would reject in an SSML document (an empty list means it is fine).

    Checks: well-formed XML with a ``<speak>`` root, only supported tags, every timed break at
    most 10 s, and at most 8000 characters.
    """
    found: list[str] = []
    if len(document) > MAX_SSML_CHARS:
        found.append(f"{len(document)} characters, over {MAX_SSML_CHARS}")
    try:
        root = ElementTree.fromstring(document)  # noqa: S314 - our own output, not user input
    except ElementTree.ParseError as error:
        return [*found, f"not well-formed XML: {error}"]
    if root.tag != "speak":
        found.append(f"root is <{root.tag}>, not <speak>")
    for element in root.iter():
        tag = element.tag.replace("{http://www.amazon.com/", "amazon:").split("}")[-1]
        if tag not in ALLOWED_TAGS:
            found.append(f"unsupported tag <{tag}>")
        if tag == "break" and "time" in element.attrib:
            milliseconds = break_ms(element.attrib["time"])
            if milliseconds is None or not 0 <= milliseconds <= MAX_BREAK_MS:
                found.append(f"break of {element.attrib['time']!r}")
    return found


def timed_silence_ms(document: str) -> int:
    """Total milliseconds of all ``<break time=...>`` in a document."""
    root = ElementTree.fromstring(document)  # noqa: S314 - our own output, not user input
    return sum(
        break_ms(element.attrib["time"]) or 0
        for element in root.iter("break")
        if "time" in element.attrib
    )


def readable_words(document: str) -> list[str]:
    """The words a listener hears in an SSML document (tags dropped)."""
    root = ElementTree.fromstring(document)  # noqa: S314 - our own output, not user input
    return " ".join(root.itertext()).split()


_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TAG = re.compile(r"(<[^>]*>)")


@functools.lru_cache(maxsize=32)
def _number_pattern(
    phones: tuple[str, ...], spoken: tuple[tuple[str, str], ...]
) -> re.Pattern[str] | None:
    """One compiled pattern per set of numbers (every reply is marked up: no compile per reply)."""
    names = {*phones, *(name for name, _ in spoken)}
    if not names:
        return None
    longest_first = sorted(sorted(names), key=len, reverse=True)
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(n) for n in longest_first) + r")(?!\w)")


@dataclass(frozen=True)
class Numbers:
    """Phone numbers to be said digit by digit, and words for numbers said another way."""

    phones: tuple[str, ...] = ()
    spoken: tuple[tuple[str, str], ...] = ()

    def _pattern(self) -> re.Pattern[str] | None:
        return _number_pattern(self.phones, self.spoken)

    def words(self, number: str) -> str:
        """How ``number`` is said: its own words, or its digits one by one."""
        for name, said in self.spoken:
            if name == number:
                return said
        groups = number.split()
        return ", ".join(
            " ".join(_DIGITS[int(d)] for d in group if d.isdigit()) for group in groups
        )

    def in_ssml(self, body: str) -> str:
        """Mark every number in the text of an SSML body so Alexa reads it digit by digit."""
        return _marked_ssml(self, body)

    def in_text(self, words: str) -> str:
        """Plain text for a speech engine (gTTS, espeak-ng), with the numbers spelled out."""
        pattern = self._pattern()
        return words if pattern is None else pattern.sub(lambda m: self.words(m.group(1)), words)


#: Replies repeat turn after turn (a step, a question, the disclaimer): each body is marked once.
@functools.lru_cache(maxsize=256)
def _marked_ssml(numbers: Numbers, body: str) -> str:
    pattern = numbers._pattern()
    # No number anywhere in the body means none in its text either (tags end in ``<`` and
    # ``>``, which the pattern's edges treat like the ends of a piece): nothing to mark.
    if pattern is None or pattern.search(body) is None:
        return body
    spoken = dict(numbers.spoken)

    def mark(found: re.Match[str]) -> str:
        number = found.group(1)
        if number in spoken:
            return f'<sub alias="{text(spoken[number])}">{number}</sub>'
        kind = "telephone" if len(number) > 4 else "digits"
        return f'<say-as interpret-as="{kind}">{number}</say-as>'

    pieces = _TAG.split(body)
    inside_marked = False
    for position, piece in enumerate(pieces):
        if piece.startswith("<"):
            if piece.startswith(("<say-as", "<sub")):
                inside_marked = True
            elif piece.startswith(("</say-as", "</sub")):
                inside_marked = False
            continue
        if inside_marked:
            continue
        pieces[position] = pattern.sub(mark, piece)
    return "".join(pieces)
