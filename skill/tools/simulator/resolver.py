"""Turns what a person says into what Alexa would send, from the interaction model alone.

Handles the invocation forms ("open knot helper", "ask knot helper to ...", "tell knot helper
..."), sample utterances with slots (every way the words can fill them), slot synonyms with
entity-resolution ids, AMAZON.TIME, AMAZON.DURATION, AMAZON.DATE, AMAZON.Ordinal and
AMAZON.DayOfWeek values, the common phrasings of built-in intents, filler words ("really",
"just"), and Fallback when nothing fits. A sample said word for word beats a slot match, and a
sample with at most one word besides its slot needs a slot value the model knows.
An approximation of Alexa's NLU for local use and tests, not a replacement for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from skill.tools.simulator.slot_values import (
    amazon_date,
    amazon_duration,
    amazon_ordinal,
    amazon_time,
    day_of_week,
)

#: Alexa's built-in slot types the simulator fills: the value for spoken words, None if none.
BUILT_IN_SLOTS: dict[str, Callable[[str], str | None]] = {
    "AMAZON.TIME": amazon_time,
    "AMAZON.DayOfWeek": day_of_week,
    "AMAZON.DURATION": amazon_duration,
    "AMAZON.DATE": amazon_date,
    "AMAZON.Ordinal": amazon_ordinal,
}

INVOCATION_VERBS = ("open", "start", "launch", "begin", "load", "run", "use")
ONE_SHOT_VERBS = ("ask", "tell")
CONNECTORS = ("to", "for", "about", "if", "whether", "that", "and")
WAKE = re.compile(r"^(alexa|echo|computer)[,\s]+")
#: Phrases and words that carry no meaning for intent matching.
FILLER_PHRASES = ("right now", "at the moment", "since this morning", "since morning")
FILLERS = frozenset(
    {"really", "very", "so", "just", "quite", "um", "uh", "er", "oh", "well", "please", "actually"}
    | {"now", "yesterday", "today", "lately", "mate", "love", "since", "morning", "suddenly"}
    | {"all", "whole", "entire"}
)

BUILT_IN_PHRASES: dict[str, tuple[str, ...]] = {
    "AMAZON.YesIntent": ("yes", "yeah", "yep", "sure", "yes please", "ok", "okay", "of course"),
    "AMAZON.NoIntent": ("no", "nope", "no thanks", "no thank you", "not now", "nah"),
    "AMAZON.NextIntent": ("next", "skip", "skip forward", "next one", "forward"),
    "AMAZON.PreviousIntent": ("previous", "back", "go back", "last one", "previous one"),
    "AMAZON.RepeatIntent": ("repeat", "say that again", "again", "repeat that"),
    "AMAZON.StartOverIntent": ("start over", "restart", "start from the beginning"),
    "AMAZON.PauseIntent": ("pause", "pause that", "wait"),
    "AMAZON.ResumeIntent": ("resume", "continue"),
    "AMAZON.StopIntent": ("stop", "quit", "exit", "shut up", "goodbye", "bye", "off"),
    "AMAZON.CancelIntent": ("cancel", "never mind", "forget it"),
    "AMAZON.HelpIntent": ("help", "help me", "what can i say", "what can you do", "what can i do"),
    "AMAZON.NavigateHomeIntent": ("go home", "home", "main menu"),
}


def normalise(text: str) -> str:
    """Lower case, no punctuation Alexa would not hear, single spaces."""
    text = WAKE.sub("", text.strip().lower())
    text = re.sub(r"\b([ap])\.\s?m\b\.?", r"\1m", text)
    return " ".join(re.sub(r"[^a-z0-9:' ]+", " ", text).split())


@dataclass(frozen=True)
class SlotMatch:
    """A slot as Alexa fills it: what was heard, and the resolved value if any."""

    name: str
    value: str
    type_name: str
    resolved: tuple[str, str] | None = None  # (id, name)

    def as_json(self, skill_id: str) -> dict[str, Any]:
        slot: dict[str, Any] = {
            "name": self.name,
            "value": self.value,
            "confirmationStatus": "NONE",
        }
        if not self.type_name.startswith("AMAZON."):
            authority = f"amzn1.er-authority.echo-sdk.{skill_id}.{self.type_name}"
            status = "ER_SUCCESS_MATCH" if self.resolved else "ER_SUCCESS_NO_MATCH"
            entry: dict[str, Any] = {"authority": authority, "status": {"code": status}}
            if self.resolved:
                entry["values"] = [{"value": {"id": self.resolved[0], "name": self.resolved[1]}}]
            slot["resolutions"] = {"resolutionsPerAuthority": [entry]}
        return slot


def _heard(slot: SlotMatch) -> bool:
    """Whether a slot holds a value the model knows."""
    return slot.resolved is not None or slot.type_name.startswith("AMAZON.")


@dataclass(frozen=True)
class Resolution:
    """What Alexa would send: a launch, or an intent with its slots."""

    kind: str  # "launch", "intent"
    intent: str | None = None
    slots: tuple[SlotMatch, ...] = ()
    new_session: bool = False

    def intent_json(self, skill_id: str) -> dict[str, Any]:
        slots = {slot.name: slot.as_json(skill_id) for slot in self.slots}
        return {"name": self.intent, "confirmationStatus": "NONE", "slots": slots}


@dataclass
class _Sample:
    intent: str
    pattern: re.Pattern[str]
    slot_types: dict[str, str]
    literal_words: int
    #: Literal words, and ``{slot}`` where a slot goes.
    tokens: tuple[str, ...] = ()


def _splits(tokens: tuple[str, ...], words: list[str]) -> Iterator[dict[str, str]]:
    """Every way ``words`` fill a sample's slots ("at 3 pm just once": "3" / "pm just once", and
    "3 pm" / "just once"), literal words matching exactly."""
    if not tokens:
        if not words:
            yield {}
        return
    head, rest = tokens[0], tokens[1:]
    if head.startswith("{"):
        for end in range(1, len(words) + 1):
            for found in _splits(rest, words[end:]):
                yield {head[1:-1]: " ".join(words[:end]), **found}
    elif words and words[0] == head:
        yield from _splits(rest, words[1:])


@dataclass
class Resolver:
    """Resolves utterances against one locale's interaction model (its JSON as a dict)."""

    model: dict[str, Any]
    invocation: str = field(init=False)
    _samples: list[_Sample] = field(init=False, default_factory=list)
    _values: dict[str, dict[str, tuple[str, str]]] = field(init=False, default_factory=dict)
    _declared: set[str] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        language = self.model["interactionModel"]["languageModel"]
        self.invocation = normalise(language["invocationName"])
        for slot_type in language.get("types", []):
            words: dict[str, tuple[str, str]] = {}
            for value in slot_type["values"]:
                resolved = (value.get("id") or value["name"]["value"], value["name"]["value"])
                for word in [value["name"]["value"], *value["name"].get("synonyms", [])]:
                    words[normalise(word)] = resolved
            self._values[slot_type["name"]] = words
        for intent in language["intents"]:
            self._declared.add(intent["name"])
            types = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
            for sample in intent.get("samples", []):
                self._samples.append(self._compile(intent["name"], sample, types))

    @staticmethod
    def _compile(intent: str, sample: str, types: dict[str, str]) -> _Sample:
        parts, tokens, literal = [], [], 0
        for token in sample.split():
            if token.startswith("{") and token.endswith("}"):
                parts.append(f"(?P<{token[1:-1]}>.+?)")
                tokens.append(token)
            else:
                words = normalise(token).split()
                parts.extend(re.escape(word) for word in words)
                tokens.extend(words)
                literal += len(words)
        pattern = re.compile("^" + " ".join(parts) + "$")
        return _Sample(intent, pattern, types, literal, tuple(tokens))

    def _slot(self, name: str, type_name: str, heard: str) -> SlotMatch | None:
        built_in = BUILT_IN_SLOTS.get(type_name)
        if built_in is not None:
            value = built_in(heard)
            return SlotMatch(name, value, type_name) if value else None
        resolved = self._values.get(type_name, {}).get(heard)
        return SlotMatch(name, heard, type_name, resolved)

    def _filled(self, sample: _Sample, heard: dict[str, str]) -> tuple[int, Resolution] | None:
        """The score and resolution of one way of filling a sample's slots; None if a built-in
        slot cannot take its words."""
        slots = []
        for name, words in heard.items():
            slot = self._slot(name, sample.slot_types[name], words)
            if slot is None:
                return None
            slots.append(slot)
        resolved = sum(map(_heard, slots))
        if sample.literal_words <= 1 and resolved < len(slots):
            return None  # a (nearly) bare slot hearing unknown words is Alexa's Fallback
        score = 100 * resolved - 10 * (len(slots) - resolved) + sample.literal_words
        if not slots:
            score += 1000  # a sample said word for word is the surest match
        return score, Resolution("intent", sample.intent, tuple(slots))

    def _match(self, utterance: str) -> tuple[int, Resolution] | None:
        """The best sample for ``utterance``; failing that, for it without filler words (Alexa's
        NLU hears "my chest feels really tight" as "my chest feels tight")."""
        found = self._match_exactly(utterance)
        plain = f" {utterance} "
        for phrase in FILLER_PHRASES:
            plain = plain.replace(f" {phrase} ", " ")
        plain = " ".join(word for word in plain.split() if word not in FILLERS)
        if plain == utterance or (found is not None and all(_heard(s) for s in found[1].slots)):
            return found
        without = self._match_exactly(plain)
        if found is None or (without is not None and without[0] > found[0]):
            return without
        return found

    def _match_exactly(self, utterance: str) -> tuple[int, Resolution] | None:
        best: tuple[int, Resolution] | None = None
        words = utterance.split()
        for sample in self._samples:
            if sample.pattern.match(utterance) is None:
                continue
            for heard in _splits(sample.tokens, words):
                found = self._filled(sample, heard)
                if found is not None and (best is None or found[0] > best[0]):
                    best = found
        return best

    def resolve_in_session(self, said: str) -> Resolution:
        """An utterance said while the skill is listening (no invocation name needed)."""
        utterance = normalise(said)
        matched = self._match(utterance)
        for intent, phrases in BUILT_IN_PHRASES.items():
            declared = intent in self._declared and utterance in phrases
            if declared and (matched is None or matched[1].slots):
                return Resolution("intent", intent)
        if matched is not None:
            return matched[1]
        return Resolution("intent", "AMAZON.FallbackIntent")

    def resolve(self, said: str, in_session: bool) -> Resolution | None:
        """Resolve anything said: an invocation starts a new session; without one, only an open
        session hears it (None: Alexa would not send it to this skill)."""
        utterance = normalise(said)
        name = re.escape(self.invocation)
        if re.fullmatch(rf"(?:{'|'.join(INVOCATION_VERBS)}) (?:the )?{name}", utterance):
            return Resolution("launch", new_session=True)
        one_shot = re.fullmatch(rf"(?:{'|'.join(ONE_SHOT_VERBS)}) {name} (?P<rest>.+)", utterance)
        if one_shot is not None:
            rest = one_shot["rest"]
            first = self._match(rest)
            connector, _, remainder = rest.partition(" ")
            second = self._match(remainder) if connector in CONNECTORS and remainder else None
            options = [option for option in (first, second) if option is not None]
            if not options:
                return Resolution("intent", "AMAZON.FallbackIntent", new_session=True)
            best = max(options, key=lambda option: option[0])[1]
            return Resolution("intent", best.intent, best.slots, new_session=True)
        if not in_session:
            return None
        return self.resolve_in_session(said)
