"""Lenient with real devices, strict with forgers: values newer than the SDK's model still work.

ask-sdk-model 1.82.0 is the last release and its enums are closed; Alexa keeps adding values.
Every request here goes through the real, verifying webhook.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import pytest

from skill.tools.simulator.envelopes import envelope, intent_body, session_object
from tests.conftest import PostSigned

VIEWPORT = {
    "experiences": [{"arcMinuteWidth": 246, "arcMinuteHeight": 144, "canRotate": False}],
    "mode": "HUB",
    "shape": "RECTANGLE",
    "pixelWidth": 1024,
    "pixelHeight": 600,
    "dpi": 160,
    "currentPixelWidth": 1024,
    "currentPixelHeight": 600,
    "touch": ["SINGLE"],
    "keyboard": ["DIRECTION"],
    "video": {"codecs": ["H_264_42", "H_264_41"]},
}
APL = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.3"}}}


def launch_from_a_screen(**viewport_changes: Any) -> dict[str, Any]:
    body = envelope("LaunchRequest", interfaces=APL)
    body["context"]["Viewport"] = VIEWPORT | viewport_changes
    return body


def speech(response: Any) -> str:
    return str(response.get_json()["response"]["outputSpeech"]["ssml"])


NEWER_VALUES = {
    "touch type": {"touch": ["SINGLE", "MULTI_FINGER_GESTURE"]},
    "keyboard": {"keyboard": ["DIRECTION", "FULL_QWERTY"]},
    "codec": {"video": {"codecs": ["H_264_42", "AV1_MAIN"]}},
    "viewport mode": {"mode": "FURNITURE"},
    "viewport shape": {"shape": "OVAL"},
}


@pytest.mark.parametrize("changes", NEWER_VALUES.values(), ids=NEWER_VALUES.keys())
def test_launch_from_a_device_with_a_value_newer_than_the_model(
    post_signed: PostSigned, changes: dict[str, Any]
) -> None:
    response = post_signed(launch_from_a_screen(**changes))
    assert response.status_code == 200, response.get_json()
    assert "Welcome to Knot Helper" in speech(response)


def test_new_player_state_during_guided_audio_is_still_answered(post_signed: PostSigned) -> None:
    body = envelope(
        "IntentRequest",
        intent=intent_body("AMAZON.HelpIntent"),
        audio_player={"token": "t", "offsetInMilliseconds": 1200, "playerActivity": "PREPARING"},
        session=session_object(new=False, session_id="amzn1.echo-api.session.x"),
    )
    response = post_signed(body)
    assert response.status_code == 200, response.get_json()
    assert speech(response)


def test_a_verified_request_of_a_newer_type_gets_an_empty_answer(post_signed: PostSigned) -> None:
    body = envelope("Alexa.Presentation.APL.FutureEvent", token="x", arguments=[1, 2])
    response = post_signed(body)
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["version"] == "1.0"
    assert "outputSpeech" not in answer["response"]


def test_a_newer_type_is_still_verified(post_signed: PostSigned) -> None:
    body = envelope("Alexa.Presentation.APL.FutureEvent")
    response = post_signed(body, omit=("Signature-256",))
    assert response.status_code == 400


def test_a_newer_type_is_logged_by_name(
    post_signed: PostSigned, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="skill.requests")
    post_signed(envelope("Alexa.Presentation.APL.FutureEvent"))
    assert "type=Alexa.Presentation.APL.FutureEvent intent=- status=200" in caplog.text


def test_epoch_millisecond_timestamps_are_read(post_signed: PostSigned) -> None:
    body = envelope("LaunchRequest")
    body["request"]["timestamp"] = int(time.time() * 1000)
    response = post_signed(body)
    assert response.status_code == 200, response.get_json()


def test_stale_epoch_millisecond_timestamps_are_refused(post_signed: PostSigned) -> None:
    body = envelope("LaunchRequest")
    body["request"]["timestamp"] = int((time.time() - 600) * 1000)
    response = post_signed(body)
    assert response.get_json() == {"error": "request timestamp is too old or in the future"}


def test_the_session_application_id_must_match_too(post_signed: PostSigned) -> None:
    session = session_object(
        new=True, session_id="amzn1.echo-api.session.y", skill_id="amzn1.ask.skill.other"
    )
    response = post_signed(envelope("LaunchRequest", session=session))
    assert response.status_code == 400
    assert response.get_json() == {"error": "session application ID does not match this skill"}


REFUSED = {
    "timestamp": ({"timestamp": "yesterday-ish"}, "request.timestamp is not a time"),
    "intent": ({"type": "IntentRequest", "intent": "Help"}, "request.intent is not an object"),
    "slots": (
        {"type": "IntentRequest", "intent": {"name": "RemedyIntent", "slots": []}},
        "request.intent.slots is not an object",
    ),
    "type": ({"type": 7}, "request.type is not a string"),
}


@pytest.mark.parametrize(("changes", "reason"), REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_body_names_the_field_and_the_type(
    post_signed: PostSigned,
    caplog: pytest.LogCaptureFixture,
    changes: dict[str, Any],
    reason: str,
) -> None:
    caplog.set_level(logging.INFO, logger="skill.requests")
    body = envelope("LaunchRequest")
    body["request"].update(changes)
    response = post_signed(body)
    assert response.get_json() == {"error": reason}
    [line] = [r.getMessage() for r in caplog.records if r.name == "skill.requests"]
    assert reason in line
    assert f"type={changes.get('type', 'LaunchRequest')} " in line


DUNDER_KEYS = ["__dict__", "__class__", "to_dict", "object_type", "_sdk"]


@pytest.mark.parametrize("key", DUNDER_KEYS)
def test_keys_that_would_overwrite_model_internals_are_ignored(
    post_signed: PostSigned, key: str
) -> None:
    body = envelope("LaunchRequest")
    body["request"][key] = {"type": "IntentRequest"}
    body["context"]["System"][key] = {}
    body[key] = "x"
    response = post_signed(body)
    assert response.status_code == 200, response.get_json()
    assert "Welcome to Knot Helper" in speech(response)


@pytest.mark.parametrize("key", DUNDER_KEYS)
def test_unsigned_bodies_with_such_keys_get_400_not_500(client, key: str) -> None:  # type: ignore[no-untyped-def]
    body = envelope("LaunchRequest")
    body["request"][key] = {}
    response = client.post("/alexa", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400
