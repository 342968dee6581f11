"""A conversation's logs: one line per request, and nothing personal."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from skill.simulator.session import Conversation

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
    from skill.handlers import builtins

    def broken(*_args: object) -> None:
        raise ValueError(f"user {USER} said something private")

    monkeypatch.setattr(builtins.HelpHandler, "reply", broken)
    caplog.set_level(logging.DEBUG)
    talk(user_id=USER).say("AMAZON.HelpIntent")
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert USER not in text
    assert "ValueError at test_logging.py" in text
