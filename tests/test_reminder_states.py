"""Every intent of the model, said while a reminder question is open, gets a sensible answer (as in
test_state_matrix, for the questions that need the Reminders API behind them)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from skill.speech import ssml
from skill.tools.model import MODEL_DIR
from skill.tools.simulator.session import Conversation
from tests.fake_alexa_api import FakeAlexaApi

INTENTS = [
    intent["name"]
    for intent in json.loads((MODEL_DIR / "en-US.json").read_text())["interactionModel"][
        "languageModel"
    ]["intents"]
]
RULES = {
    "s1": ("Time for your stretches.", "FREQ=DAILY;BYHOUR=17;BYMINUTE=0;BYSECOND=0;INTERVAL=1;"),
    "s2": (
        "Time for your stretches.",
        "FREQ=WEEKLY;BYDAY=MO;BYHOUR=7;BYMINUTE=0;BYSECOND=0;INTERVAL=1;",
    ),
}


def seed(api: FakeAlexaApi) -> None:
    for token, (text, rule) in RULES.items():
        api.reminders[token] = {
            "alertToken": token,
            "createdTime": "2026-11-20T10:00:00.000Z",
            "status": "ON",
            "trigger": {
                "type": "SCHEDULED_ABSOLUTE",
                "recurrence": {"startDateTime": "2026-11-21T17:00:00", "recurrenceRules": [rule]},
            },
            "alertInfo": {"spokenInfo": {"content": [{"locale": "en-US", "text": text}]}},
            "pushNotification": {"status": "ENABLED"},
        }


def asked_which(chat: Conversation) -> None:
    chat.say("CancelReminderIntent", kind="stretch")


def offered_after_forget(chat: Conversation) -> None:
    chat.say("ForgetMeIntent")
    chat.say("AMAZON.YesIntent")


def confirming_one_off(chat: Conversation) -> None:
    chat.say("OneOffReminderIntent", kind="stretch", duration="PT20M")


def declined_reminder(chat: Conversation) -> None:
    chat.say("StretchReminderIntent", time="17:00")
    chat.say("AMAZON.NoIntent")


STATES = [asked_which, offered_after_forget, confirming_one_off, declined_reminder]


@pytest.mark.parametrize("state", STATES, ids=[state.__name__ for state in STATES])
def test_every_intent_while_a_reminder_question_is_open(
    reminder_chat: Callable[..., Conversation],
    alexa_api: FakeAlexaApi,
    state: Callable[[Conversation], None],
) -> None:
    for intent in INTENTS:
        alexa_api.reminders.clear()
        seed(alexa_api)
        chat = reminder_chat()
        state(chat)
        assert chat.attributes.get("pending"), f"{state.__name__} should leave a question open"
        turn = chat.say(intent)
        where = f"{intent} in {state.__name__}: {turn.speech!r}"
        assert turn.ssml and ssml.problems(turn.ssml) == [], where
        assert "something went wrong" not in turn.speech, where
        if turn.ends_session is False:
            assert turn.reprompt and ssml.problems(turn.reprompt_ssml) == [], where
