"""Generates the interaction model per locale from ``interaction_model/intents.toml``.

Samples live in ``intents.toml``; slot types come from ``skill/content/<locale>/slots.toml``, the
same file the skill resolves raw slot values with, so the model and the skill cannot disagree.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from skill.speech.prompts import DEFAULT_LOCALE, ContentError
from skill.speech.slots import slot_types

MODEL_DIR = Path(__file__).resolve().parents[2] / "interaction_model"
_GLUED_SLOT = re.compile(r"\}[^\s]|[^\s]\{")


def _slot_type(name: str, locale: str) -> dict[str, Any]:
    return {
        "name": name,
        "values": [
            {"id": value.id, "name": {"value": value.name, "synonyms": list(value.synonyms)}}
            for value in slot_types(locale)[name]
        ],
    }


def build_model(locale: str = DEFAULT_LOCALE, model_dir: Path = MODEL_DIR) -> dict[str, Any]:
    """The interaction model of ``locale`` as JSON-ready data.

    Raises:
        ContentError: a sample names a slot its intent does not declare, or a slot type is unknown.
    """
    with (model_dir / "intents.toml").open("rb") as handle:
        source = tomllib.load(handle)
    intents = []
    used_types: list[str] = []
    for intent in source["intent"]:
        slots = intent.get("slots", {})
        for sample in intent.get("samples", []):
            named = {part.split("}")[0] for part in sample.split("{")[1:]}
            if not named <= set(slots):
                raise ContentError(f"{intent['name']} sample {sample!r} uses undeclared slots")
            if _GLUED_SLOT.search(sample):
                raise ContentError(f"{intent['name']} sample {sample!r} glues a slot to a word")
        for type_name in slots.values():
            if type_name.startswith("AMAZON."):
                continue
            if type_name not in slot_types(locale):
                raise ContentError(f"{intent['name']} uses unknown slot type {type_name}")
            if type_name not in used_types:
                used_types.append(type_name)
        intents.append(
            {
                "name": intent["name"],
                "slots": [{"name": slot, "type": kind} for slot, kind in slots.items()],
                "samples": list(intent.get("samples", [])),
            }
        )
    return {
        "interactionModel": {
            "languageModel": {
                "invocationName": source["invocation_name"],
                "intents": intents,
                "types": [_slot_type(name, locale) for name in used_types],
            }
        }
    }


def render_model(locale: str = DEFAULT_LOCALE, model_dir: Path = MODEL_DIR) -> str:
    """The model as the JSON text committed in ``interaction_model/<locale>.json``."""
    return json.dumps(build_model(locale, model_dir), indent=2, ensure_ascii=False) + "\n"


def write_models(
    locales: tuple[str, ...], model_dir: Path = MODEL_DIR, check: bool = False
) -> list[str]:
    """Write (or, with ``check``, compare) each locale's model; return the files that differ."""
    stale = []
    for locale in locales:
        path = model_dir / f"{locale}.json"
        text = render_model(locale, model_dir)
        if not path.exists() or path.read_text() != text:
            stale.append(path.name)
            if not check:
                path.write_text(text)
    return stale
