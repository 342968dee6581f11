"""A conversation's logs: one line per request, and nothing personal."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest

from skill.logs.request_log import log_request, loggable
from skill.tools.simulator.envelopes import envelope, intent_body
from skill.tools.simulator.session import Conversation

USER = "amzn1.ask.account.PRIVATE-USER-7f3a"
DEVICE = "amzn1.ask.device.PRIVATE-DEVICE-91c2"


def test_logs_hold_no_ids_tokens_or_bodies(
    talk: Callable[..., Conversation], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    conversation = talk(user_id=USER, device_id=DEVICE)
    conversation.launch()
    conversation.say("AMAZON.HelpIntent")
    conversation.say("AMAZON.FallbackIntent")
    conversation.say("AMAZON.StopIntent")
    text = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (USER, DEVICE, "simulated-api-access-token", "amzn1.echo-api.session", "{"):
        assert secret not in text
    request_lines = [r for r in caplog.records if r.name == "skill.requests"]
    assert len(request_lines) == 4
    assert "type=IntentRequest intent=AMAZON.HelpIntent status=200" in request_lines[1].message


def test_rejections_are_logged_with_reason_only(client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client.post("/alexa", data=f'{{"user": "{USER}"', content_type="application/json")
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert USER not in text
    assert "status=400" in text


def test_handler_errors_are_logged_without_message(
    talk: Callable[..., Conversation],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from skill.handlers.conversation import builtins

    def broken(*_args: object) -> None:
        raise ValueError(f"user {USER} said something private")

    monkeypatch.setattr(builtins.HelpHandler, "reply", broken)
    caplog.set_level(logging.DEBUG)
    talk(user_id=USER).say("AMAZON.HelpIntent")
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert USER not in text
    assert "ValueError at test_logging.py" in text


FORGED_NAMES = {
    "newline": "AMAZON.HelpIntent\nrequest type=IntentRequest intent=X status=200 outcome='ok'",
    "carriage return": "AMAZON.HelpIntent\rstatus=200",
    "terminal escape": "\x1b[2J\x1b[31mAMAZON.HelpIntent",
    "unicode line separator": "Help\u2028status=200",
    "200 KB": "A" * 200_000,
}


@pytest.mark.parametrize("name", FORGED_NAMES.values(), ids=FORGED_NAMES.keys())
@pytest.mark.parametrize("field", ["intent name", "request type"])
def test_unverified_names_cannot_forge_or_flood_a_log_line(
    client, caplog: pytest.LogCaptureFixture, name: str, field: str
) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO)
    body = envelope("IntentRequest", intent=intent_body("AMAZON.HelpIntent"))
    if field == "intent name":
        body["request"]["intent"]["name"] = name
    else:
        body["request"]["type"] = name
    response = client.post("/alexa", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    [line] = [r.getMessage() for r in caplog.records if r.name == "skill.requests"]
    assert line.isprintable() and line.isascii()
    assert len(line) < 400
    assert line.count("status=") == 1 and "status=400" in line


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("AMAZON.NextIntent", "AMAZON.NextIntent"),
        ("Alexa.Presentation.APL.UserEvent", "Alexa.Presentation.APL.UserEvent"),
        ("a b\nc", "a?b?c"),
        ("x" * 70, "x" * 64 + "...[+6]"),
        ("", "-"),
        (None, "-"),
        ({"type": "x"}, "?"),
        (7, "7"),
    ],
)
def test_loggable(value: object, shown: str) -> None:
    assert loggable(value) == shown


def test_lambda_events_are_sanitised_too(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    event = envelope("IntentRequest", intent=intent_body("X\nstatus=200"))
    log_request(event, 200, "ok", None)
    assert "intent=X?status?200 status=200" in caplog.text
