"""The Lambda entry point answers the same skill; the interaction model declares the built-ins."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from skill.alexa import lambda_function
from skill.tools.simulator.envelopes import envelope, intent_body

MODEL = Path(__file__).parent.parent / "interaction_model" / "en-US.json"
REQUIRED_BUILT_INS = {
    "AMAZON.CancelIntent",
    "AMAZON.HelpIntent",
    "AMAZON.StopIntent",
    "AMAZON.NavigateHomeIntent",
    "AMAZON.FallbackIntent",
}


def test_lambda_handler_answers_a_launch(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    answer = lambda_function.handler(envelope("LaunchRequest"), None)
    assert "Welcome to Knot Helper" in answer["response"]["outputSpeech"]["ssml"]
    assert "type=LaunchRequest" in caplog.text


def test_lambda_handler_logs_the_intent() -> None:
    event = envelope("IntentRequest", intent=intent_body("AMAZON.HelpIntent"))
    answer = lambda_function.handler(event, None)
    assert answer["response"]["shouldEndSession"] is False


def test_model_has_invocation_name_and_required_built_ins() -> None:
    model = json.loads(MODEL.read_text())["interactionModel"]["languageModel"]
    assert model["invocationName"] == "knot helper"
    assert {intent["name"] for intent in model["intents"]} >= REQUIRED_BUILT_INS
