"""Conversation steps the reminder tests share."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from skill.reminders.api import SCOPE
from skill.tools.simulator.session import Conversation, Turn
from tests.flows import after_disclaimer


def said(turn: Turn) -> str:
    """What the person hears, after the disclaimer a session's first reply starts with."""
    return after_disclaimer(turn.speech)


def zone_where_it_is(hour: int) -> str:
    """An IANA zone in which the local time is now between ``hour`` and ``hour + 1`` o'clock, so
    "today at 6 PM" stays today however the clock stands when the test runs."""
    offset = (hour - dt.datetime.now(dt.UTC).hour) % 24
    if offset > 14:
        offset -= 24
    if offset == 0:
        return "Etc/GMT"
    return f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


def local_today(zone: str) -> dt.date:
    return dt.datetime.now(ZoneInfo(zone)).date()


def set_reminder(conversation: Conversation, intent: str, **slots: str) -> Turn:
    """Ask for a reminder, say yes, and leave the session (the next ask starts a new one)."""
    conversation.say(intent, **slots)
    done = conversation.say("AMAZON.YesIntent")
    assert said(done).startswith("Done."), done.speech
    conversation.new_session()
    return done


def permission_answer(conversation: Conversation, status: str, token: str) -> Turn:
    """Alexa's Connections.Response to AskFor, outside any session."""
    conversation.session_id = None
    return conversation.request(
        "Connections.Response",
        name="AskFor",
        status={"code": "200", "message": "OK"},
        token=token,
        payload={"status": status, "permissionScope": SCOPE, "isCardThrown": False},
    )
