"""Slot values: entity resolution first, then the slot types' own synonyms.

Alexa resolves custom slot values to ids (``ER_SUCCESS_MATCH``); when a request carries no
resolution (older clients, the local simulator), the raw value is matched against the same
synonyms the interaction model is built from (``content/<locale>/slots.toml``).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Slot

from skill.speech.prompts import CONTENT_DIR, DEFAULT_LOCALE, ContentError

ER_MATCH = "ER_SUCCESS_MATCH"
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")


@dataclass(frozen=True)
class SlotValue:
    """One value of a slot type."""

    id: str
    name: str
    synonyms: tuple[str, ...]


def normalise(words: str) -> str:
    """Lower case, no punctuation but apostrophes, single spaces."""
    return " ".join(_NOT_WORD.sub(" ", words.lower().replace("-", " ")).split())


@functools.cache
def slot_types(
    locale: str = DEFAULT_LOCALE, content_dir: Path = CONTENT_DIR
) -> Mapping[str, tuple[SlotValue, ...]]:
    """Slot types of a locale (en-US where the locale has no file of its own)."""
    path = content_dir / locale / "slots.toml"
    if not path.exists():
        path = content_dir / DEFAULT_LOCALE / "slots.toml"
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ContentError(f"cannot read {path.name}: {error}") from None
    types: dict[str, tuple[SlotValue, ...]] = {}
    for type_name, values in document.items():
        types[type_name] = tuple(
            SlotValue(value_id, str(value["name"]), tuple(value.get("synonyms", ())))
            for value_id, value in values.items()
        )
        spoken = [
            word
            for value in types[type_name]
            for word in {normalise(w) for w in (value.name, *value.synonyms)}
        ]
        clashes = {w for w in spoken if spoken.count(w) > 1}
        if clashes:
            raise ContentError(f"{type_name} uses these words for two values: {sorted(clashes)}")
    return types


def _match_raw(raw: str, values: tuple[SlotValue, ...]) -> str | None:
    wanted = normalise(raw)
    for value in values:
        if wanted in {normalise(word) for word in (value.name, *value.synonyms)}:
            return value.id
    return None


def resolve(handler_input: HandlerInput, slot_name: str, type_name: str) -> tuple[str | None, str]:
    """Return (value id or None, what was heard) for a slot of an IntentRequest."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    slot: Slot | None = (getattr(intent, "slots", None) or {}).get(slot_name)
    heard = str(getattr(slot, "value", None) or "")
    authorities = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None)
    for authority in authorities or []:
        code = getattr(getattr(getattr(authority, "status", None), "code", None), "value", None)
        if code == ER_MATCH and authority.values:
            return str(authority.values[0].value.id), heard
    if not heard:
        return None, heard
    locale = getattr(handler_input.request_envelope.request, "locale", None) or DEFAULT_LOCALE
    return _match_raw(heard, slot_types(locale).get(type_name, ())), heard
