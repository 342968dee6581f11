"""Every intent of the model, said in every conversation state, gets a sensible answer.

Sensible: HTTP 200, valid SSML, never the crash apology, something said (or Alexa's own
permission prompt), and a reprompt whenever the session stays open (so nobody is left with an
open microphone and no idea what to say).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from skill.speech import ssml
from skill.tools.model import MODEL_DIR
from skill.tools.simulator.session import Conversation
from tests.flows import start_routine

INTENTS = [
    intent["name"]
    for intent in json.loads((MODEL_DIR / "en-US.json").read_text())["interactionModel"][
        "languageModel"
    ]["intents"]
]
Talk = Callable[..., Conversation]


def fresh(chat: Conversation) -> None:
    chat.launch()


def in_routine(chat: Conversation) -> None:
    start_routine(chat, remedy="tennis ball")
    chat.say("AMAZON.NextIntent")


def in_check(chat: Conversation) -> None:
    chat.say("TriageIntent")
    chat.say("AMAZON.NoIntent")


def in_quick_check_later_question(chat: Conversation) -> None:
    chat.say("RemedyIntent", remedy="yoga")
    for _ in range(3):
        chat.say("AMAZON.NoIntent")


def offered_next_routine(chat: Conversation) -> None:
    start_routine(chat, remedy="yoga")
    for _ in range(4):
        chat.say("AMAZON.NextIntent")


def confirming_reminder(chat: Conversation) -> None:
    chat.say("StretchReminderIntent", time="17:00")


def asked_reminder_time(chat: Conversation) -> None:
    chat.say("StretchReminderIntent")


def confirming_forget(chat: Conversation) -> None:
    chat.say("ForgetMeIntent")


def after_tip(chat: Conversation) -> None:
    chat.say("RemedyIntent", remedy="posture")


def paused_routine(chat: Conversation) -> None:
    start_routine(chat, remedy="foam roller")
    chat.say("AMAZON.PauseIntent")


STATES = [
    fresh,
    in_routine,
    in_check,
    in_quick_check_later_question,
    offered_next_routine,
    confirming_reminder,
    asked_reminder_time,
    confirming_forget,
    after_tip,
    paused_routine,
]


@pytest.mark.parametrize("state", STATES, ids=[state.__name__ for state in STATES])
def test_every_intent_in_every_state(talk: Talk, state: Callable[[Conversation], None]) -> None:
    for intent in INTENTS:
        chat = talk()
        state(chat)
        assert chat.session_id is not None, f"{state.__name__} should leave the session open"
        turn = chat.say(intent)
        where = f"{intent} in {state.__name__}: {turn.speech!r}"
        asks_permission = any(d["type"] == "Connections.SendRequest" for d in turn.directives)
        if asks_permission:
            continue  # AskFor: Alexa itself asks the question, nothing of ours is said
        assert turn.ssml, where
        assert ssml.problems(turn.ssml) == [], where
        assert "something went wrong" not in turn.speech, where
        if turn.ends_session is False:
            assert turn.reprompt, where
            assert ssml.problems(turn.reprompt_ssml) == [], where


def pain_choice(chat: Conversation) -> None:
    start_routine(chat, remedy="tennis ball")
    chat.say("PainReportIntent")


def single_question(chat: Conversation) -> None:
    chat.say("KnotAreaIntent", area="chest")


#: Intents that leave the routine, or ask for the menu itself.
LEAVES_THE_ROUTINE = {
    "ListRoutinesIntent",
    "MoreOptionsIntent",
    "AMAZON.NavigateHomeIntent",
    "AMAZON.StopIntent",
    "AMAZON.CancelIntent",
    "TriageIntent",
    "RemedyIntent",
    "KnotAreaIntent",
    "PlayGuidedIntent",
    "EmergencyStatementIntent",
}
ROUTINE_STATES = [in_routine, paused_routine, pain_choice]


def words(speech: str) -> str:
    """What is said, whatever the pace (a pace change re-renders the same step)."""
    return re.sub(r"\[pause [\d.]+ s\] ?", "", speech)


@pytest.mark.parametrize("state", [pain_choice, single_question], ids=lambda s: s.__name__)
def test_every_intent_in_the_safety_states(talk: Talk, state) -> None:
    test_every_intent_in_every_state(talk, state)


@pytest.mark.parametrize("state", ROUTINE_STATES, ids=lambda s: s.__name__)
def test_with_a_routine_running_no_intent_gets_the_menu_and_repeat_is_real_content(
    talk: Talk, state
) -> None:
    for intent in INTENTS:
        chat = talk()
        state(chat)
        real = chat.say("AMAZON.RepeatIntent")
        turn = chat.say(intent)
        where = f"{intent} in {state.__name__}: {turn.speech!r}"
        if intent not in LEAVES_THE_ROUTINE:
            assert "Or say: what else." not in turn.speech, where
            assert "I can guide" not in turn.speech, where
        if turn.ends_session is not False or "routine" not in turn.session_attributes:
            continue
        again = chat.say("AMAZON.RepeatIntent")
        for misunderstanding in ("didn't catch", "not sure what that", "take your time"):
            assert misunderstanding not in again.speech, where
        step = f"Step {turn.session_attributes['routine']['step'] + 1} of"
        same_words = {words(turn.speech), words(real.speech)}
        the_step = again.speech.startswith(step) or f"off. {step}" in again.speech
        assert (
            again.ssml in {turn.ssml, real.ssml} or words(again.speech) in same_words or (the_step)
        ), where
