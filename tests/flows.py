"""Conversation steps several tests share."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from skill.safety.questions import load_questions
from skill.tools.simulator.session import Conversation, Transport, Turn

#: The most questions a quick check asks (a pressure routine adds its own).
QUICK_CHECK_LENGTH = len(load_questions()["en-US"].quick)


def pass_safety_check(chat: Conversation, turn: Turn) -> Turn:
    """Answer "no" to every pending safety question (or to "anything new since your check?");
    return the turn after the check."""
    for _ in range(QUICK_CHECK_LENGTH + 1):
        pending = turn.session_attributes.get("pending") or {}
        recheck = pending.get("question") == "recheck"
        if "triage" not in turn.session_attributes and not recheck:
            return turn
        turn = chat.say("AMAZON.NoIntent")
    raise AssertionError("the safety check did not end")


def start_routine(chat: Conversation, intent: str = "RemedyIntent", **slots: str | None) -> Turn:
    """Ask for a routine and pass the quick safety check that comes first."""
    return pass_safety_check(chat, chat.say(intent, **slots))


def answers_of(post: Callable[[dict[str, Any]], TestResponse]) -> Transport:
    """A conversation transport over a posting function: require 200, return the JSON."""

    def send(envelope: dict[str, Any]) -> dict[str, Any]:
        response = post(envelope)
        assert response.status_code == 200, response.get_json()
        answer: dict[str, Any] = response.get_json()
        return answer

    return send


def dev_transport(client: FlaskClient) -> Transport:
    """Unsigned posts to a dev-mode app's webhook."""
    return answers_of(lambda envelope: client.post("/alexa", json=envelope))


DISCLAIMER = re.compile(r"^I share general self-care tips .*? In an emergency, call [^.]+\. ")


def after_disclaimer(speech: str) -> str:
    """What follows the once-per-session disclaimer (a session's first reply starts with it)."""
    return DISCLAIMER.sub("", speech, count=1)
