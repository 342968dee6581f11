"""The interaction model: generated from one source, every intent handled, natural samples."""

from __future__ import annotations

import json
from pathlib import Path
from unittest.mock import MagicMock

import pytest
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from skill.alexa.builder import request_handlers
from skill.handlers.conversation.builtins import FallbackHandler, OtherRequestHandler
from skill.tools.model import MODEL_DIR, render_model
from skill.tools.simulator.envelopes import envelope, intent_body, session_object

MODEL = json.loads((MODEL_DIR / "en-US.json").read_text())["interactionModel"]["languageModel"]
INTENTS = {intent["name"]: intent for intent in MODEL["intents"]}
CUSTOM = [name for name in INTENTS if not name.startswith("AMAZON.")]


def test_committed_model_is_what_the_source_generates() -> None:
    assert (MODEL_DIR / "en-US.json").read_text() == render_model("en-US")


def test_invocation_name() -> None:
    assert MODEL["invocationName"] == "knot helper"


@pytest.mark.parametrize("name", CUSTOM)
def test_custom_intents_have_at_least_fifteen_distinct_samples(name: str) -> None:
    samples = INTENTS[name]["samples"]
    assert len(set(samples)) == len(samples) >= 15


def test_no_sample_is_claimed_by_two_intents() -> None:
    seen: dict[str, str] = {}
    for name, intent in INTENTS.items():
        for sample in intent.get("samples", []):
            key = sample.lower()
            assert key not in seen, f"{sample!r} in {name} and {seen[key]}"
            seen[key] = name


@pytest.mark.parametrize(
    "word",
    [
        "tennis ball",
        "lacrosse ball",
        "massage ball",
        "foam roller",
        "stretches",
        "heat pack",
        "hot water bottle",
        "ice pack",
        "frozen peas",
        "yoga",
    ],
)
def test_remedy_type_knows_the_common_words(word: str) -> None:
    remedy = next(t for t in MODEL["types"] if t["name"] == "REMEDY")
    words = {w for v in remedy["values"] for w in [v["name"]["value"], *v["name"]["synonyms"]]}
    assert word in words


def _handler_input(intent: str) -> HandlerInput:
    body = envelope(
        "IntentRequest",
        intent=intent_body(intent),
        session=session_object(new=False, session_id="s"),
    )
    request = DefaultSerializer().deserialize(json.dumps(body), RequestEnvelope)
    handler_input = HandlerInput(request_envelope=request)
    handler_input.attributes_manager = MagicMock(session_attributes={})
    return handler_input


@pytest.mark.parametrize("name", [n for n in INTENTS if n != "AMAZON.FallbackIntent"])
def test_every_model_intent_has_its_own_handler(name: str) -> None:
    handler_input = _handler_input(name)
    owner = next(h for h in request_handlers() if h.can_handle(handler_input))
    assert not isinstance(owner, FallbackHandler | OtherRequestHandler), name


def test_every_handled_intent_is_in_the_model() -> None:
    for handler in request_handlers():
        for name in getattr(handler, "intents", ()):
            assert name in INTENTS, f"{type(handler).__name__} handles {name}, not in the model"


def test_model_dir_is_the_repository_folder() -> None:
    assert Path(__file__).resolve().parents[1] / "interaction_model" == MODEL_DIR
