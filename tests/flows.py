"""Conversation steps several tests share."""

from __future__ import annotations

from skill.simulator.session import Conversation, Turn

QUICK_CHECK_LENGTH = 5


def pass_safety_check(chat: Conversation, turn: Turn) -> Turn:
    """Answer "no" to every pending safety question; return the turn after the check."""
    for _ in range(QUICK_CHECK_LENGTH + 1):
        if "triage" not in turn.session_attributes:
            return turn
        turn = chat.say("AMAZON.NoIntent")
    raise AssertionError("the safety check did not end")


def start_routine(chat: Conversation, intent: str = "RemedyIntent", **slots: str | None) -> Turn:
    """Ask for a routine and pass the quick safety check that comes first."""
    return pass_safety_check(chat, chat.say(intent, **slots))
