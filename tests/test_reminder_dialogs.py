"""Reminder conversations in the words people use (user trial B5, B6, A3, A10), typed into the chat
simulator: each line goes through the interaction model's resolver and the real webhook, and the
skill's API calls reach the local fake Reminders API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from flask import Flask

from skill.reminders.api import SCOPE
from skill.tools.chat import Chat
from skill.tools.simulator.envelopes import granted
from skill.tools.simulator.slot_values import (
    amazon_date,
    amazon_duration,
    amazon_ordinal,
    amazon_time,
)
from tests.fake_alexa_api import FakeAlexaApi
from tests.flows import dev_transport
from tests.reminder_flows import local_today, said, zone_where_it_is


@pytest.fixture
def dialog(make_app: Callable[..., Flask], alexa_api: FakeAlexaApi) -> Callable[..., list[str]]:
    """Say each line in turn; return what Alexa said to each (one string per line)."""
    app = make_app(dev_mode=True, api_ca_bundle=alexa_api.ca_bundle, api_timeout=2.0)
    chat = Chat(dev_transport(app.test_client()))
    chat.conversation.api_endpoint = alexa_api.endpoint
    chat.conversation.permissions = granted(SCOPE)

    def say(*lines: str) -> list[str]:
        heard = []
        for line in lines:
            turn, printed = chat.hear(line)
            assert turn is not None, printed
            heard.append(said(turn))
        return heard

    return say


def triggers(api: FakeAlexaApi) -> list[dict]:
    return [post.body["trigger"] for post in api.calls("POST")]


def test_remind_me_to_stretch_in_20_minutes(dialog, alexa_api: FakeAlexaApi) -> None:
    confirm, done = dialog("ask knot helper to remind me to stretch in 20 minutes", "yes")
    assert confirm == "In 20 minutes, I'll remind you: Time for your stretches. Shall I set that?"
    assert done.startswith("Done. In 20 minutes")
    assert triggers(alexa_api) == [
        {"type": "SCHEDULED_RELATIVE", "offsetInSeconds": 1200, "timeZoneId": "America/New_York"}
    ]


def test_remind_me_to_get_up_and_move_in_half_an_hour(dialog, alexa_api: FakeAlexaApi) -> None:
    confirm, _ = dialog("ask knot helper to remind me to get up and move in half an hour", "sure")
    assert confirm.startswith("In 30 minutes, I'll remind you: Time to get up and move around.")
    assert triggers(alexa_api)[0]["offsetInSeconds"] == 1800


def test_remind_me_tomorrow_at_9(dialog, alexa_api: FakeAlexaApi) -> None:
    alexa_api.time_zone = zone_where_it_is(13)
    tomorrow = local_today(alexa_api.time_zone) + dt.timedelta(days=1)
    confirm, _ = dialog("ask knot helper to remind me to stretch tomorrow at 9 am", "yes")
    assert confirm.startswith("Tomorrow at 9 AM, I'll remind you")
    (trigger,) = triggers(alexa_api)
    assert trigger["type"] == "SCHEDULED_ABSOLUTE" and "recurrence" not in trigger
    assert trigger["scheduledTime"].startswith(tomorrow.isoformat())


def test_remind_me_at_6_pm_is_once_and_every_day_is_daily(dialog, alexa_api) -> None:
    alexa_api.time_zone = zone_where_it_is(9)
    once, _ = dialog("ask knot helper to remind me to stretch at 6 pm", "yes")
    assert once.startswith("Today at 6 PM")
    daily, _ = dialog("ask knot helper to remind me to stretch every day at 6 pm", "yes")
    assert daily.startswith("Every day at 6 PM")
    first, second = triggers(alexa_api)
    assert "recurrence" not in first and "recurrence" in second


def test_no_5_pm_keeps_the_reminder_b5(dialog, alexa_api: FakeAlexaApi) -> None:
    heard = dialog(
        "ask knot helper to remind me to stretch every day at 5 am",
        "no, 5 pm",
        "maybe",
        "yes",
    )
    assert heard[0].startswith("Every day at 5 AM")
    assert heard[1].startswith("Every day at 5 PM, I'll remind you")
    assert heard[2].startswith("No rush. Every day at 5 PM")
    assert heard[3].startswith("Done. Every day at 5 PM")
    assert "BYHOUR=17;" in triggers(alexa_api)[0]["recurrence"]["recurrenceRules"][0]


def test_no_then_a_time_and_half_past_five_in_the_evening(dialog, alexa_api) -> None:
    heard = dialog(
        "ask knot helper to remind me to stretch every day at 5 am",
        "no",
        "half past five",
        "in the evening",
        "yes",
    )
    assert heard[1].startswith("Okay, I won't set that one.")
    assert heard[2].startswith("Every day at 5:30 AM")
    assert heard[3].startswith("Every day at 5:30 PM")
    assert "BYHOUR=17;BYMINUTE=30;" in triggers(alexa_api)[0]["recurrence"]["recurrenceRules"][0]


def test_set_a_reminder_asks_when_and_takes_just_once(dialog, alexa_api) -> None:
    alexa_api.time_zone = zone_where_it_is(8)
    heard = dialog("ask knot helper to set a reminder", "at noon", "just once", "yes")
    assert heard[0] == "At what time should I remind you?"
    assert heard[1].startswith("Every day at 12 noon")
    assert heard[2].startswith("Today at 12 noon")
    assert "recurrence" not in triggers(alexa_api)[0]


def set_two_stretch_reminders(dialog) -> None:
    dialog("ask knot helper to remind me to stretch every day at 5 pm", "yes")
    dialog("ask knot helper to remind me to stretch on weekdays at 7:30 am", "yes")


def test_cancel_my_stretch_reminder_asks_which_b6(dialog, alexa_api: FakeAlexaApi) -> None:
    set_two_stretch_reminders(dialog)
    which, done = dialog("ask knot helper to cancel my stretch reminder", "the 5 pm one")
    assert which.startswith(
        "You have two stretch reminders: every day at 5 PM, and on weekdays at 7:30 AM."
    )
    assert done == "Done. I've cancelled your stretch reminder, every day at 5 PM."
    assert len(alexa_api.reminders) == 1


@pytest.mark.parametrize(
    "answer", ["the stretch one", "the stretches one", "the first one", "my stretch reminder"]
)
def test_the_stretch_one_answers_which_one_b5(dialog, alexa_api, answer: str) -> None:
    dialog("ask knot helper to remind me to stretch every day at 5 pm", "yes")
    dialog("ask knot helper to remind me to move every hour", "yes")
    which, done = dialog("ask knot helper to cancel my reminder", answer)
    assert which.startswith("You have two reminders: the stretch reminder, every day at 5 PM")
    assert done == "Done. I've cancelled your stretch reminder, every day at 5 PM."
    (left,) = alexa_api.reminders.values()
    assert left["alertInfo"]["spokenInfo"]["content"][0]["text"].startswith("Time to get up")


def test_both_of_them(dialog, alexa_api: FakeAlexaApi) -> None:
    set_two_stretch_reminders(dialog)
    _, done = dialog("ask knot helper to cancel my stretch reminders", "both of them")
    assert done == "Done. I've cancelled both of them."
    assert alexa_api.reminders == {}


def test_neither_keeps_them(dialog, alexa_api: FakeAlexaApi) -> None:
    set_two_stretch_reminders(dialog)
    _, kept = dialog("ask knot helper to cancel my stretch reminder", "neither")
    assert kept.startswith("Okay, I've left your reminders as they are.")
    assert len(alexa_api.reminders) == 2


def test_forget_me_mentions_and_cancels_the_reminders_a10(dialog, alexa_api) -> None:
    set_two_stretch_reminders(dialog)
    asked, offer, done = dialog("ask knot helper to forget me", "yes", "yes")
    assert "delete your saved progress and settings" in asked
    assert offer.endswith(
        "You also have 2 Knot Helper reminders, which Alexa keeps, not me. Shall I cancel them too?"
    )
    assert done == "Done. I've cancelled both of your Knot Helper reminders. Take care."
    assert alexa_api.reminders == {}


def test_forget_me_but_keep_the_reminders(dialog, alexa_api: FakeAlexaApi) -> None:
    set_two_stretch_reminders(dialog)
    *_, kept = dialog("ask knot helper to forget me", "yes", "no thanks")
    assert kept == (
        "Okay, your reminders stay. To cancel them later, say: cancel all my reminders. Take care."
    )
    assert len(alexa_api.reminders) == 2


def test_maybe_keeps_the_forget_me_question_open(dialog, alexa_api: FakeAlexaApi) -> None:
    asked, maybe, kept = dialog("ask knot helper to forget me", "maybe", "no")
    assert maybe == f"No rush. {asked}"
    assert kept.startswith("Okay, I've kept everything as it was.")


def test_a_word_alexa_cannot_place_asks_which_again(dialog, alexa_api: FakeAlexaApi) -> None:
    dialog("ask knot helper to remind me to stretch every day at 5 pm", "yes")
    dialog("ask knot helper to remind me to move every hour", "yes")
    which, again = dialog("ask knot helper to cancel my reminder", "purple monkey dishwasher")
    assert again.startswith(f"Sorry, I didn't catch which one. {which}")
    assert "call 911" in again
    assert alexa_api.calls("DELETE") == []
    (done,) = dialog("stretch")
    assert done == "Done. I've cancelled your stretch reminder, every day at 5 PM."


@pytest.mark.parametrize(
    ("parse", "words", "value"),
    [
        (amazon_time, "half past five", "05:30"),
        (amazon_time, "quarter to six in the evening", "17:45"),
        (amazon_time, "in the evening", "EV"),
        (amazon_time, "half past nowhere", None),
        (amazon_duration, "20 minutes", "PT20M"),
        (amazon_duration, "an hour and a half", "PT1H30M"),
        (amazon_duration, "half an hour", "PT30M"),
        (amazon_duration, "two days", "P2D"),
        (amazon_duration, "a while", None),
        (amazon_ordinal, "second", "2"),
        (amazon_ordinal, "3rd", "3"),
        (amazon_ordinal, "last", None),
    ],
)
def test_the_simulator_fills_built_in_slots_as_alexa_does(parse, words: str, value) -> None:
    assert parse(words) == value


def test_the_simulator_dates_count_from_today() -> None:
    friday = dt.date(2026, 11, 20)
    assert amazon_date("tomorrow", friday) == "2026-11-21"
    assert amazon_date("on monday", friday) == "2026-11-23"
    assert amazon_date("friday", friday) == "2026-11-27"
    assert amazon_date("someday", friday) is None
