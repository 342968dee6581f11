"""Reminders over HTTP, with the skill's real API client talking to a local fake Alexa API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from skill.reminder_api import SCOPE
from skill.reminder_rules import Kind, Schedule, describe, parse_time
from skill.simulator.envelopes import granted
from skill.simulator.session import Conversation, Turn
from skill.simulator.signing import TestAuthority
from tests.fake_alexa_api import FakeAlexaApi, fake_alexa_api
from tests.flows import after_disclaimer, dev_transport

Chat = Callable[..., Conversation]


@pytest.fixture
def api(tmp_path: Path, authority: TestAuthority) -> Iterator[tuple[FakeAlexaApi, str]]:
    with fake_alexa_api(tmp_path, authority) as served:
        yield served


@pytest.fixture
def chat(make_app: Callable[..., Flask], api: tuple[FakeAlexaApi, str]) -> Chat:
    fake, bundle = api

    def start(permitted: bool = True, **config: Any) -> Conversation:
        app = make_app(dev_mode=True, api_ca_bundle=bundle, api_timeout=0.5, **config)
        return Conversation(
            send=dev_transport(app.test_client()),
            api_endpoint=fake.endpoint,
            permissions=granted(SCOPE) if permitted else {},
        )

    return start


def ask_daily_at_five(conversation: Conversation) -> Turn:
    return conversation.say("StretchReminderIntent", time="17:00")


def test_daily_at_5_pm_confirms_then_posts_exactly_once(chat: Chat, api) -> None:
    fake, _ = api
    conversation = chat()
    confirm = ask_daily_at_five(conversation)
    assert after_disclaimer(confirm.speech) == (
        "Every day at 5 PM, I'll remind you: Time for your stretches. Shall I set that?"
    )
    assert fake.calls("POST") == []
    done = conversation.say("AMAZON.YesIntent")
    assert done.speech == "Done. Every day at 5 PM, I'll remind you: Time for your stretches."
    (post,) = fake.calls("POST")
    assert post.headers["Authorization"] == "Bearer simulated-api-access-token"
    trigger = post.body["trigger"]
    assert trigger["recurrence"]["recurrenceRules"] == [
        "FREQ=DAILY;BYHOUR=17;BYMINUTE=0;BYSECOND=0;INTERVAL=1;"
    ]
    start = trigger["recurrence"]["startDateTime"]
    assert not start.endswith("Z") and "+" not in start and start.endswith("T17:00:00")
    assert trigger["timeZoneId"] == "America/New_York"
    assert post.body["alertInfo"]["spokenInfo"]["content"] == [
        {"locale": "en-US", "text": "Time for your stretches."}
    ]
    assert len(fake.reminders) == 1


@pytest.mark.parametrize(
    ("slots", "rule", "spoken"),
    [
        (
            {"time": "07:30", "day": "monday", "dayTwo": "Thursday"},
            "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=7;BYMINUTE=30;BYSECOND=0;INTERVAL=1;",
            "On Mondays and Thursdays at 7:30 AM",
        ),
        (
            {"time": "12:00", "dayGroup": "work days"},
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=12;BYMINUTE=0;BYSECOND=0;INTERVAL=1;",
            "On weekdays at 12 noon",
        ),
        (
            {"time": "EV"},
            "FREQ=DAILY;BYHOUR=18;BYMINUTE=0;BYSECOND=0;INTERVAL=1;",
            "Every day at 6 PM",
        ),
    ],
)
def test_weekday_and_vague_times(chat: Chat, api, slots, rule: str, spoken: str) -> None:
    fake, _ = api
    conversation = chat()
    assert after_disclaimer(conversation.say("StretchReminderIntent", **slots).speech).startswith(
        spoken
    )
    conversation.say("AMAZON.YesIntent")
    (post,) = fake.calls("POST")
    assert post.body["trigger"]["recurrence"]["recurrenceRules"] == [rule]


def test_hourly_movement_breaks_on_weekdays(chat: Chat, api) -> None:
    fake, _ = api
    conversation = chat()
    confirm = conversation.say("MovementReminderIntent")
    assert after_disclaimer(confirm.speech).startswith(
        "Every hour from 9 AM to 5 PM on weekdays, I'll remind you"
    )
    conversation.say("AMAZON.YesIntent")
    (post,) = fake.calls("POST")
    assert post.body["trigger"]["recurrence"]["recurrenceRules"] == [
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9,10,11,12,13,14,15,16,17;"
        "BYMINUTE=0;BYSECOND=0;INTERVAL=1;"
    ]
    assert post.body["alertInfo"]["spokenInfo"]["content"][0]["text"] == (
        "Time to get up and move around."
    )


def test_missing_time_is_asked_for(chat: Chat, api) -> None:
    fake, _ = api
    conversation = chat()
    assert after_disclaimer(conversation.say("StretchReminderIntent").speech) == (
        "At what time should I remind you?"
    )
    unclear = conversation.say("ReminderTimeIntent", time="sometime")
    assert unclear.speech == "At what time should I remind you?"
    confirm = conversation.say("ReminderTimeIntent", time="17:00")
    assert after_disclaimer(confirm.speech).startswith("Every day at 5 PM")
    conversation.say("AMAZON.YesIntent")
    assert len(fake.calls("POST")) == 1


def test_no_sets_nothing(chat: Chat, api) -> None:
    fake, _ = api
    conversation = chat()
    ask_daily_at_five(conversation)
    assert after_disclaimer(conversation.say("AMAZON.NoIntent").speech).startswith(
        "Okay, I won't set it."
    )
    assert fake.calls("POST") == []


def test_a_bare_time_without_a_question_gets_a_hint(chat: Chat) -> None:
    turn = chat().say("ReminderTimeIntent", time="17:00")
    assert "say: remind me to stretch every day at 5 PM" in turn.speech


def test_without_permission_asks_by_voice_with_askfor(chat: Chat, api) -> None:
    fake, _ = api
    conversation = chat(permitted=False)
    ask_daily_at_five(conversation)
    turn = conversation.say("AMAZON.YesIntent")
    (directive,) = turn.directives
    assert directive["type"] == "Connections.SendRequest"
    assert directive["name"] == "AskFor"
    assert directive["payload"] == {
        "@type": "AskForPermissionsConsentRequest",
        "@version": "2",
        "permissionScopes": [{"permissionScope": SCOPE, "consentLevel": "ACCOUNT"}],
    }
    assert Schedule.from_token(directive["token"]) == Schedule(Kind.STRETCH, (17,), 0)
    assert turn.ends_session is True
    assert fake.calls("POST") == []


def test_without_voice_permissions_sends_a_consent_card(chat: Chat, api) -> None:
    conversation = chat(permitted=False, voice_permissions=False)
    ask_daily_at_five(conversation)
    turn = conversation.say("AMAZON.YesIntent")
    assert turn.card == {"type": "AskForPermissionsConsent", "permissions": [SCOPE]}
    assert "I've sent a card to your Alexa app" in turn.speech
    assert turn.directives == []


def permission_answer(conversation: Conversation, status: str, token: str) -> Turn:
    conversation.session_id = None
    return conversation.request(
        "Connections.Response",
        name="AskFor",
        status={"code": "200", "message": "OK"},
        token=token,
        payload={"status": status, "permissionScope": SCOPE, "isCardThrown": False},
    )


def test_accepted_creates_what_was_asked_even_without_session_attributes(chat: Chat, api):
    fake, _ = api
    conversation = chat()
    token = Schedule(Kind.STRETCH, (17,), 0).token()
    turn = permission_answer(conversation, "ACCEPTED", token)
    assert after_disclaimer(turn.speech).startswith("Done. Every day at 5 PM")
    assert len(fake.calls("POST")) == 1


def test_denied_is_kind_and_not_asked_again_for_a_week(chat: Chat, api) -> None:
    fake, _ = api
    conversation = chat(permitted=False)
    token = Schedule(Kind.STRETCH, (17,), 0).token()
    denied = permission_answer(conversation, "DENIED", token)
    assert after_disclaimer(denied.speech).startswith("No problem, I won't set any reminders.")
    conversation.session_id = None
    ask_daily_at_five(conversation)
    again = conversation.say("AMAZON.YesIntent")
    assert again.directives == []
    assert after_disclaimer(again.speech).startswith("You asked me not to set reminders for now.")
    assert again.card == {"type": "AskForPermissionsConsent", "permissions": [SCOPE]}
    assert fake.calls("POST") == []


@pytest.mark.parametrize(
    ("event", "scopes", "asked_again"),
    [
        ("AlexaSkillEvent.SkillPermissionAccepted", [SCOPE], True),
        ("AlexaSkillEvent.SkillPermissionChanged", [SCOPE], True),
        ("AlexaSkillEvent.SkillPermissionChanged", [], False),
    ],
)
def test_a_permission_granted_in_the_app_ends_the_quiet_week(
    chat: Chat, event: str, scopes: list[str], asked_again: bool
) -> None:
    conversation = chat(permitted=False)
    permission_answer(conversation, "DENIED", Schedule(Kind.STRETCH, (17,), 0).token())
    conversation.session_id = None
    heard = conversation.request(
        event, body={"acceptedPermissions": [{"scope": scope} for scope in scopes]}
    )
    assert heard.speech == "" and heard.directives == []
    conversation.session_id = None
    ask_daily_at_five(conversation)
    again = conversation.say("AMAZON.YesIntent")
    assert (again.directives[0]["name"] == "AskFor" if again.directives else False) is asked_again


@pytest.mark.parametrize("token", ["", "not json", '{"k": "stretch", "h": [99], "m": 0, "d": []}'])
def test_not_answered_or_a_strange_token_is_calm(chat: Chat, api, token: str) -> None:
    fake, _ = api
    turn = permission_answer(chat(), "ACCEPTED" if token else "NOT_ANSWERED", token)
    assert after_disclaimer(turn.speech).startswith(
        "No problem. Whenever you'd like a reminder, just ask."
    )
    assert fake.calls("POST") == []


def set_both(conversation: Conversation) -> None:
    ask_daily_at_five(conversation)
    conversation.say("AMAZON.YesIntent")
    conversation.session_id = None
    conversation.say("MovementReminderIntent")
    conversation.say("AMAZON.YesIntent")
    conversation.session_id = None


def test_list_says_each_of_ours_and_skips_others(chat: Chat, api) -> None:
    fake, _ = api
    conversation = chat()
    set_both(conversation)
    fake.reminders["foreign"] = {
        "alertToken": "foreign",
        "status": "ON",
        "trigger": {"type": "SCHEDULED_ABSOLUTE"},
        "alertInfo": {"spokenInfo": {"content": [{"locale": "en-US", "text": "Buy milk"}]}},
    }
    turn = conversation.say("ListRemindersIntent")
    assert after_disclaimer(turn.speech).startswith(
        "Your Knot Helper reminders: the stretch reminder, every day at 5 PM; the movement "
        "reminder, every hour from 9 AM to 5 PM on weekdays."
    )
    assert "milk" not in turn.speech


def test_cancel_one_kind_then_all(chat: Chat, api) -> None:
    fake, _ = api
    conversation = chat()
    set_both(conversation)
    which = conversation.say("CancelReminderIntent")
    assert after_disclaimer(which.speech).startswith(
        "You have a stretch reminder and a movement reminder."
    )
    turn = conversation.say("CancelReminderIntent", kind="stretches")
    assert turn.speech == "Done. I've cancelled your stretch reminder."
    assert len(fake.calls("DELETE")) == 1
    remaining = list(fake.reminders.values())
    assert remaining[0]["alertInfo"]["spokenInfo"]["content"][0]["text"].startswith("Time to get")
    conversation.session_id = None
    none_left = conversation.say("CancelReminderIntent", kind="stretch")
    assert after_disclaimer(none_left.speech).startswith("You don't have a stretch reminder.")
    conversation.session_id = None
    assert after_disclaimer(conversation.say("CancelAllRemindersIntent").speech) == (
        "Done. I've cancelled 1 Knot Helper reminders."
    )
    assert fake.reminders == {}
    conversation.session_id = None
    assert after_disclaimer(conversation.say("ListRemindersIntent").speech).startswith(
        "You don't have any Knot Helper reminders."
    )


def test_list_without_permission_explains(chat: Chat) -> None:
    turn = chat(permitted=False).say("ListRemindersIntent")
    assert after_disclaimer(turn.speech).startswith("You haven't allowed reminders for Knot Helper")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, "Sorry, Alexa didn't accept that reminder. At what time should I remind you?"),
        (403, "Reminders aren't allowed on this device"),
        (429, "The reminders service is busy right now."),
        (500, "Sorry, I can't reach the reminders service right now."),
        (503, "Sorry, I can't reach the reminders service right now."),
    ],
)
def test_api_errors_are_spoken_plainly(chat: Chat, api, status: int, expected: str) -> None:
    fake, _ = api
    fake.fail("POST", "/v1/alerts/reminders", status)
    conversation = chat()
    ask_daily_at_five(conversation)
    assert after_disclaimer(conversation.say("AMAZON.YesIntent").speech).startswith(expected)


def test_401_from_the_api_asks_for_permission(chat: Chat, api) -> None:
    fake, _ = api
    fake.fail("POST", "/v1/alerts/reminders", 401)
    conversation = chat()
    ask_daily_at_five(conversation)
    turn = conversation.say("AMAZON.YesIntent")
    assert turn.directives[0]["name"] == "AskFor"


def test_a_slow_api_times_out_into_a_clear_answer(chat: Chat, api) -> None:
    fake, _ = api
    fake.delay_s = 0.8
    conversation = chat()
    ask_daily_at_five(conversation)
    turn = conversation.say("AMAZON.YesIntent")
    assert after_disclaimer(turn.speech).startswith(
        "Sorry, I can't reach the reminders service right now."
    )


def test_list_and_delete_errors_are_spoken(chat: Chat, api) -> None:
    fake, _ = api
    conversation = chat()
    set_both(conversation)
    fake.fail("GET", "/v1/alerts/reminders", 429)
    assert after_disclaimer(conversation.say("ListRemindersIntent").speech).startswith(
        "The reminders service is busy"
    )
    conversation.session_id = None
    fake.fail("DELETE", "/v1/alerts/reminders/", 500)
    turn = conversation.say("CancelAllRemindersIntent")
    assert after_disclaimer(turn.speech).startswith("Sorry, I can't reach the reminders service")


def test_without_the_time_zone_the_reminder_is_still_set(chat: Chat, api) -> None:
    fake, _ = api
    fake.fail("GET", "/v2/devices/", 500)
    conversation = chat()
    ask_daily_at_five(conversation)
    assert after_disclaimer(conversation.say("AMAZON.YesIntent").speech).startswith("Done.")
    (post,) = fake.calls("POST")
    assert "timeZoneId" not in post.body["trigger"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("17:00", (17, 0)),
        ("07:05", (7, 5)),
        ("MO", (9, 0)),
        ("NI", (21, 0)),
        ("25:00", None),
        ("noonish", None),
        (None, None),
    ],
)
def test_time_slot_values(value: str | None, expected) -> None:
    assert parse_time(value) == expected


def test_first_time_is_the_next_matching_local_time() -> None:
    schedule = Schedule(Kind.STRETCH, (17,), 0, ("MO",))
    friday_evening = dt.datetime(2026, 11, 20, 18, 0)
    assert schedule.first_time(friday_evening) == dt.datetime(2026, 11, 23, 17, 0)
    assert describe(schedule) == "on Mondays at 5 PM"


def test_debug_logging_never_shows_the_device_id_or_token(
    chat: Chat, api, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    conversation = chat()
    conversation.device_id = "amzn1.ask.device.PRIVATE-DEVICE-77"
    ask_daily_at_five(conversation)
    assert after_disclaimer(conversation.say("AMAZON.YesIntent").speech).startswith("Done.")
    assert "PRIVATE-DEVICE-77" not in caplog.text
    assert "simulated-api-access-token" not in caplog.text
