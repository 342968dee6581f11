"""Setting reminders over HTTP, with the skill's real API client talking to a local fake Alexa API:
recurring and one-off, restated before anything is set, corrected, permitted."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal

import pytest

from skill.conversation.profile import REFUSAL_QUIET_S, Profile
from skill.handlers.reminders import CONFIRM_REMINDER, REMINDER_TIME
from skill.reminders.api import SCOPE
from skill.reminders.rules import Kind, OneOff, Schedule, from_token, parse_time
from skill.reminders.words import capitalised, describe
from skill.tools.simulator.session import Conversation, Turn
from tests.fake_alexa_api import FakeAlexaApi
from tests.reminder_flows import local_today, permission_answer, said, zone_where_it_is

Chat = Callable[..., Conversation]


def reminder_question_open(turn: Turn) -> bool:
    """Whether the reply left a reminder question waiting (a menu may leave its own)."""
    pending = turn.session_attributes.get("pending") or {}
    return pending.get("question") in {CONFIRM_REMINDER, REMINDER_TIME}


def ask_daily_at_five(conversation: Conversation) -> Turn:
    return conversation.say("StretchReminderIntent", time="17:00")


def test_daily_at_5_pm_confirms_then_posts_exactly_once(
    reminder_chat: Chat, alexa_api: FakeAlexaApi
) -> None:
    conversation = reminder_chat()
    confirm = ask_daily_at_five(conversation)
    assert said(confirm) == (
        "Every day at 5 PM, I'll remind you: Time for your stretches. Shall I set that?"
    )
    assert alexa_api.calls("POST") == []
    done = conversation.say("AMAZON.YesIntent")
    assert said(done) == "Done. Every day at 5 PM, I'll remind you: Time for your stretches."
    (post,) = alexa_api.calls("POST")
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
    assert len(alexa_api.reminders) == 1


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
def test_weekday_and_vague_times(
    reminder_chat: Chat, alexa_api: FakeAlexaApi, slots, rule: str, spoken: str
) -> None:
    conversation = reminder_chat()
    assert said(conversation.say("StretchReminderIntent", **slots)).startswith(spoken)
    conversation.say("AMAZON.YesIntent")
    (post,) = alexa_api.calls("POST")
    assert post.body["trigger"]["recurrence"]["recurrenceRules"] == [rule]


def test_hourly_movement_breaks_on_weekdays(reminder_chat: Chat, alexa_api: FakeAlexaApi) -> None:
    conversation = reminder_chat()
    confirm = conversation.say("MovementReminderIntent")
    assert said(confirm).startswith("Every hour from 9 AM to 5 PM on weekdays, I'll remind you")
    conversation.say("AMAZON.YesIntent")
    (post,) = alexa_api.calls("POST")
    assert post.body["trigger"]["recurrence"]["recurrenceRules"] == [
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9,10,11,12,13,14,15,16,17;"
        "BYMINUTE=0;BYSECOND=0;INTERVAL=1;"
    ]
    assert post.body["alertInfo"]["spokenInfo"]["content"][0]["text"] == (
        "Time to get up and move around."
    )


def test_missing_time_is_asked_for(reminder_chat: Chat, alexa_api: FakeAlexaApi) -> None:
    conversation = reminder_chat()
    asked = conversation.say("StretchReminderIntent")
    assert said(asked) == "At what time should I remind you?"
    assert asked.reprompt == (
        "What time would you like? For example, say: every day at 5 PM, or: in 20 minutes."
    )
    unclear = conversation.say("ReminderTimeIntent", time="sometime")
    assert said(unclear) == "At what time should I remind you?"
    confirm = conversation.say("ReminderTimeIntent", time="17:00")
    assert said(confirm).startswith("Every day at 5 PM")
    conversation.say("AMAZON.YesIntent")
    assert len(alexa_api.calls("POST")) == 1


# One-off reminders: "in 20 minutes" is SCHEDULED_RELATIVE; "tomorrow at 9" and "at 6 pm" (once)
# are SCHEDULED_ABSOLUTE at one time, without recurrence.


def test_in_20_minutes_is_a_relative_reminder(reminder_chat: Chat, alexa_api: FakeAlexaApi) -> None:
    conversation = reminder_chat()
    confirm = conversation.say("OneOffReminderIntent", kind="stretch", duration="PT20M")
    assert said(confirm) == (
        "In 20 minutes, I'll remind you: Time for your stretches. Shall I set that?"
    )
    done = conversation.say("AMAZON.YesIntent")
    assert said(done) == "Done. In 20 minutes, I'll remind you: Time for your stretches."
    (post,) = alexa_api.calls("POST")
    trigger = post.body["trigger"]
    assert trigger["type"] == "SCHEDULED_RELATIVE"
    assert trigger["offsetInSeconds"] == 1200
    assert "recurrence" not in trigger and "scheduledTime" not in trigger


@pytest.mark.parametrize(
    ("kind", "duration", "when", "seconds", "text"),
    [
        ("get up and move", "PT1H", "In 1 hour", 3600, "Time to get up and move around."),
        (
            "do my stretches",
            "PT1H30M",
            "In 1 hour and 30 minutes",
            5400,
            "Time for your stretches.",
        ),
        (None, "PT45M", "In 45 minutes", 2700, "Time for your stretches."),
    ],
)
def test_relative_reminders_for_either_kind(
    reminder_chat: Chat,
    alexa_api: FakeAlexaApi,
    kind: str | None,
    duration: str,
    when: str,
    seconds: int,
    text: str,
) -> None:
    conversation = reminder_chat()
    confirm = conversation.say("OneOffReminderIntent", kind=kind, duration=duration)
    assert said(confirm) == f"{when}, I'll remind you: {text} Shall I set that?"
    conversation.say("AMAZON.YesIntent")
    (post,) = alexa_api.calls("POST")
    assert post.body["trigger"]["offsetInSeconds"] == seconds
    assert post.body["alertInfo"]["spokenInfo"]["content"][0]["text"] == text


def test_tomorrow_at_9_is_one_absolute_time(reminder_chat: Chat, alexa_api: FakeAlexaApi) -> None:
    alexa_api.time_zone = zone_where_it_is(15)
    tomorrow = local_today(alexa_api.time_zone) + dt.timedelta(days=1)
    conversation = reminder_chat()
    confirm = conversation.say(
        "OneOffReminderIntent", kind="stretch", date=tomorrow.isoformat(), time="09:00"
    )
    assert said(confirm) == (
        "Tomorrow at 9 AM, I'll remind you: Time for your stretches. Shall I set that?"
    )
    assert said(conversation.say("AMAZON.YesIntent")).startswith("Done. Tomorrow at 9 AM")
    (post,) = alexa_api.calls("POST")
    trigger = post.body["trigger"]
    assert trigger == {
        "type": "SCHEDULED_ABSOLUTE",
        "scheduledTime": f"{tomorrow.isoformat()}T09:00:00",
        "timeZoneId": alexa_api.time_zone,
    }


def test_at_6_pm_once_is_today_while_it_is_still_ahead(
    reminder_chat: Chat, alexa_api: FakeAlexaApi
) -> None:
    alexa_api.time_zone = zone_where_it_is(10)
    today = local_today(alexa_api.time_zone)
    conversation = reminder_chat()
    confirm = conversation.say("OneOffReminderIntent", kind="stretch", time="18:00")
    assert said(confirm).startswith("Today at 6 PM, I'll remind you")
    conversation.say("AMAZON.YesIntent")
    (post,) = alexa_api.calls("POST")
    assert post.body["trigger"]["scheduledTime"] == f"{today.isoformat()}T18:00:00"
    assert "recurrence" not in post.body["trigger"]


def test_a_time_already_gone_today_is_tomorrow(
    reminder_chat: Chat, alexa_api: FakeAlexaApi
) -> None:
    alexa_api.time_zone = zone_where_it_is(20)
    conversation = reminder_chat()
    confirm = conversation.say("OneOffReminderIntent", kind="move", time="08:00", often="once")
    assert said(confirm).startswith("Tomorrow at 8 AM, I'll remind you: Time to get up")


def test_remind_me_tomorrow_asks_the_time_then_keeps_the_day(
    reminder_chat: Chat, alexa_api: FakeAlexaApi
) -> None:
    alexa_api.time_zone = zone_where_it_is(12)
    tomorrow = local_today(alexa_api.time_zone) + dt.timedelta(days=1)
    conversation = reminder_chat()
    asked = conversation.say("OneOffReminderIntent", kind="stretch", date=tomorrow.isoformat())
    assert said(asked) == "At what time should I remind you?"
    confirm = conversation.say("ReminderTimeIntent", time="09:00")
    assert said(confirm).startswith("Tomorrow at 9 AM, I'll remind you")


def test_a_reminder_for_something_else_is_explained(
    reminder_chat: Chat, alexa_api: FakeAlexaApi
) -> None:
    turn = reminder_chat().say("OneOffReminderIntent", kind="buy milk", duration="PT20M")
    assert said(turn).startswith("I can set stretch reminders and movement breaks")
    assert not reminder_question_open(turn)
    assert alexa_api.calls("POST") == []


# Answers and corrections keep the request: "no, 5 pm", "in the evening", "just once", "maybe".


def test_no_5_pm_corrects_the_time_and_keeps_the_reminder(
    reminder_chat: Chat, alexa_api: FakeAlexaApi
) -> None:
    conversation = reminder_chat()
    confirm = conversation.say("StretchReminderIntent", time="05:00")
    assert said(confirm).startswith("Every day at 5 AM")
    corrected = conversation.say("ReminderTimeIntent", time="17:00")
    assert said(corrected).startswith("Every day at 5 PM, I'll remind you")
    conversation.say("AMAZON.YesIntent")
    (post,) = alexa_api.calls("POST")
    assert "BYHOUR=17;" in post.body["trigger"]["recurrence"]["recurrenceRules"][0]


def test_in_the_evening_moves_5_am_to_5_pm(reminder_chat: Chat) -> None:
    conversation = reminder_chat()
    conversation.say("StretchReminderIntent", time="05:30", dayGroup="weekdays")
    corrected = conversation.say("ReminderTimeIntent", time="EV")
    assert said(corrected).startswith("On weekdays at 5:30 PM")


def test_a_plain_no_then_a_time_still_sets_it(reminder_chat: Chat, alexa_api: FakeAlexaApi) -> None:
    conversation = reminder_chat()
    conversation.say("StretchReminderIntent", time="05:00")
    declined = conversation.say("AMAZON.NoIntent")
    assert said(declined).startswith("Okay, I won't set that one. If you'd like another time")
    assert alexa_api.calls("POST") == []
    again = conversation.say("ReminderTimeIntent", time="17:00")
    assert said(again).startswith("Every day at 5 PM")
    conversation.say("AMAZON.YesIntent")
    assert len(alexa_api.calls("POST")) == 1


def test_no_then_no_thanks_sets_nothing(reminder_chat: Chat, alexa_api: FakeAlexaApi) -> None:
    conversation = reminder_chat()
    ask_daily_at_five(conversation)
    conversation.say("AMAZON.NoIntent")
    closed = conversation.say("AMAZON.NoIntent")
    assert said(closed).startswith("Okay, no reminder then.")
    assert not reminder_question_open(closed)
    assert alexa_api.calls("POST") == []


def test_just_once_and_every_day_switch_between_one_off_and_daily(
    reminder_chat: Chat, alexa_api: FakeAlexaApi
) -> None:
    alexa_api.time_zone = zone_where_it_is(10)
    conversation = reminder_chat()
    ask_daily_at_five(conversation)
    once = conversation.say("ReminderTimeIntent", often="just this once")
    assert said(once).startswith("Today at 5 PM, I'll remind you")
    daily = conversation.say("ReminderTimeIntent", often="daily")
    assert said(daily).startswith("Every day at 5 PM, I'll remind you")
    later = conversation.say("ReminderTimeIntent", duration="PT30M")
    assert said(later).startswith("In 30 minutes, I'll remind you")
    conversation.say("AMAZON.YesIntent")
    (post,) = alexa_api.calls("POST")
    assert post.body["trigger"]["type"] == "SCHEDULED_RELATIVE"


def test_maybe_keeps_the_confirmation_open(reminder_chat: Chat, alexa_api: FakeAlexaApi) -> None:
    conversation = reminder_chat()
    ask_daily_at_five(conversation)
    maybe = conversation.say("UnsureIntent")
    assert said(maybe) == (
        "No rush. Every day at 5 PM, I'll remind you: Time for your stretches. Shall I set that?"
    )
    assert said(conversation.say("AMAZON.YesIntent")).startswith("Done. Every day at 5 PM")
    assert len(alexa_api.calls("POST")) == 1


def test_maybe_keeps_the_time_question_open(reminder_chat: Chat) -> None:
    conversation = reminder_chat()
    conversation.say("StretchReminderIntent")
    assert said(conversation.say("UnsureIntent")) == (
        "No rush. What time would you like? For example, say: every day at 5 PM, or: in 20 minutes."
    )
    assert said(conversation.say("ReminderTimeIntent", time="08:00")).startswith(
        "Every day at 8 AM"
    )


def test_a_bare_time_without_a_question_gets_a_hint(reminder_chat: Chat) -> None:
    turn = reminder_chat().say("ReminderTimeIntent", time="17:00")
    assert "say, for example: remind me to stretch every day at 5 PM" in said(turn)


# Permission: by voice (AskFor) or card; after a refusal, no question a yes could not honour.


def test_without_permission_asks_by_voice_with_askfor(
    reminder_chat: Chat, alexa_api: FakeAlexaApi
) -> None:
    conversation = reminder_chat(permitted=False)
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
    assert from_token(directive["token"]) == Schedule(Kind.STRETCH, (17,), 0)
    assert turn.ends_session is True
    assert alexa_api.calls("POST") == []


def test_without_voice_permissions_sends_a_consent_card(reminder_chat: Chat) -> None:
    conversation = reminder_chat(permitted=False, voice_permissions=False)
    ask_daily_at_five(conversation)
    turn = conversation.say("AMAZON.YesIntent")
    assert turn.card == {"type": "AskForPermissionsConsent", "permissions": [SCOPE]}
    assert "I've sent a card to your Alexa app" in said(turn)
    assert turn.directives == []


@pytest.mark.parametrize(
    ("reminder", "trigger_type"),
    [
        (Schedule(Kind.STRETCH, (17,), 0), "SCHEDULED_ABSOLUTE"),
        (OneOff(Kind.MOVE, after_s=600), "SCHEDULED_RELATIVE"),
    ],
)
def test_accepted_creates_what_was_asked_even_without_session_attributes(
    reminder_chat: Chat, alexa_api: FakeAlexaApi, reminder, trigger_type: str
) -> None:
    turn = permission_answer(reminder_chat(), "ACCEPTED", reminder.token())
    assert said(turn).startswith(f"Done. {capitalised(describe(reminder))}")
    (post,) = alexa_api.calls("POST")
    assert post.body["trigger"]["type"] == trigger_type


def test_after_a_refusal_it_says_how_to_allow_reminders_instead_of_asking(
    reminder_chat: Chat, alexa_api: FakeAlexaApi
) -> None:
    conversation = reminder_chat(permitted=False)
    token = Schedule(Kind.STRETCH, (17,), 0).token()
    denied = permission_answer(conversation, "DENIED", token)
    assert said(denied).startswith("No problem, I won't set any reminders.")
    conversation.session_id = None
    for ask in (
        lambda: ask_daily_at_five(conversation),
        lambda: conversation.say("OneOffReminderIntent", kind="stretch", duration="PT20M"),
    ):
        again = ask()
        assert said(again).startswith("You asked me not to set reminders for now")
        assert "Shall I set that?" not in said(again)
        assert again.card == {"type": "AskForPermissionsConsent", "permissions": [SCOPE]}
        assert again.directives == [] and again.ends_session is True
        conversation.session_id = None
    assert alexa_api.calls("POST") == []


@pytest.mark.parametrize(
    ("event", "scopes", "asked_again"),
    [
        ("AlexaSkillEvent.SkillPermissionAccepted", [SCOPE], True),
        ("AlexaSkillEvent.SkillPermissionChanged", [SCOPE], True),
        ("AlexaSkillEvent.SkillPermissionChanged", [], False),
    ],
)
def test_a_permission_granted_in_the_app_ends_the_quiet_week(
    reminder_chat: Chat, event: str, scopes: list[str], asked_again: bool
) -> None:
    conversation = reminder_chat(permitted=False)
    permission_answer(conversation, "DENIED", Schedule(Kind.STRETCH, (17,), 0).token())
    conversation.session_id = None
    heard = conversation.request(
        event, body={"acceptedPermissions": [{"scope": scope} for scope in scopes]}
    )
    assert said(heard) == "" and heard.directives == []
    conversation.session_id = None
    ask_daily_at_five(conversation)
    again = conversation.say("AMAZON.YesIntent")
    assert (again.directives[0]["name"] == "AskFor" if again.directives else False) is asked_again


def test_a_refusal_no_longer_matters_once_reminders_are_allowed(reminder_chat: Chat) -> None:
    conversation = reminder_chat(permitted=True)
    permission_answer(conversation, "DENIED", Schedule(Kind.STRETCH, (17,), 0).token())
    conversation.session_id = None
    assert said(ask_daily_at_five(conversation)).endswith("Shall I set that?")


def test_a_refusal_kept_in_dynamodb_still_brings_the_quiet_week(
    reminder_chat: Chat, alexa_api: FakeAlexaApi, dynamodb_endpoint: str, aws_credentials: None
) -> None:
    """DynamoDB hands the refusal time back as a Decimal; the week of quiet applies all the same."""
    conversation = reminder_chat(
        permitted=False,
        database_url=f"dynamodb://knot-refusal-{uuid.uuid4().hex[:8]}",
        dynamodb_endpoint=dynamodb_endpoint,
        dynamodb_create_table=True,
    )
    permission_answer(conversation, "DENIED", Schedule(Kind.STRETCH, (17,), 0).token())
    conversation.session_id = None
    again = ask_daily_at_five(conversation)
    assert said(again).startswith("You asked me not to set reminders for now")
    assert again.directives == [] and alexa_api.calls("POST") == []


@pytest.mark.parametrize("refused_at", [1_000_000, Decimal(1_000_000), Decimal("1000000.0")])
def test_a_refusal_time_of_any_stored_number_type_counts(refused_at: object) -> None:
    profile = Profile({"reminders_refused_at": refused_at})
    assert profile.reminders_refused_recently(1_000_000 + REFUSAL_QUIET_S - 1)
    assert not profile.reminders_refused_recently(1_000_000 + REFUSAL_QUIET_S)
    profile.forget_reminders_refusal()
    assert not profile.reminders_refused_recently(1_000_000)
    profile.note_reminders_refused(1_000_000.9)
    assert profile.data == {"reminders_refused_at": 1_000_000}


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not json",
        '{"k": "stretch", "h": [99], "m": 0, "d": []}',
        '{"k": "stretch", "in": 5}',
        '{"k": "stretch", "at": "2030-01-01T09:00+02:00"}',
    ],
)
def test_not_answered_or_a_strange_token_is_calm(
    reminder_chat: Chat, alexa_api: FakeAlexaApi, token: str
) -> None:
    turn = permission_answer(reminder_chat(), "ACCEPTED" if token else "NOT_ANSWERED", token)
    assert said(turn).startswith("No problem. Whenever you'd like a reminder, just ask.")
    assert alexa_api.calls("POST") == []


# API failures in plain words.


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
def test_api_errors_are_spoken_plainly(
    reminder_chat: Chat, alexa_api: FakeAlexaApi, status: int, expected: str
) -> None:
    alexa_api.fail("POST", "/v1/alerts/reminders", status)
    conversation = reminder_chat()
    ask_daily_at_five(conversation)
    assert said(conversation.say("AMAZON.YesIntent")).startswith(expected)


def test_401_from_the_api_asks_for_permission(reminder_chat: Chat, alexa_api: FakeAlexaApi) -> None:
    alexa_api.fail("POST", "/v1/alerts/reminders", 401)
    conversation = reminder_chat()
    ask_daily_at_five(conversation)
    turn = conversation.say("AMAZON.YesIntent")
    assert turn.directives[0]["name"] == "AskFor"


def test_a_slow_api_times_out_into_a_clear_answer(
    reminder_chat: Chat, alexa_api: FakeAlexaApi
) -> None:
    conversation = reminder_chat(api_timeout=0.3)
    ask_daily_at_five(conversation)
    alexa_api.delay_s = 1.5
    turn = conversation.say("AMAZON.YesIntent")
    assert said(turn).startswith("Sorry, I can't reach the reminders service right now.")


def test_without_the_time_zone_the_reminder_is_still_set(
    reminder_chat: Chat, alexa_api: FakeAlexaApi
) -> None:
    alexa_api.fail("GET", "/v2/devices/", 500)
    conversation = reminder_chat()
    ask_daily_at_five(conversation)
    assert said(conversation.say("AMAZON.YesIntent")).startswith("Done.")
    (post,) = alexa_api.calls("POST")
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
    reminder_chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    conversation = reminder_chat()
    conversation.device_id = "amzn1.ask.device.PRIVATE-DEVICE-77"
    conversation.say("OneOffReminderIntent", kind="stretch", time="18:00")
    assert said(conversation.say("AMAZON.YesIntent")).startswith("Done.")
    assert "PRIVATE-DEVICE-77" not in caplog.text
    assert "simulated-api-access-token" not in caplog.text
