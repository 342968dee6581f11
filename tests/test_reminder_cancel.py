"""Listing and cancelling Knot Helper's reminders through the webhook, against the local fake API:
one of several is only cancelled once the person has said which; "forget me" offers to cancel
them, since Alexa keeps them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from skill.tools.simulator.session import Conversation
from tests.fake_alexa_api import FakeAlexaApi
from tests.reminder_flows import said, set_reminder, zone_where_it_is

Chat = Callable[..., Conversation]


def texts_left(api: FakeAlexaApi) -> list[str]:
    return [r["alertInfo"]["spokenInfo"]["content"][0]["text"] for r in api.reminders.values()]


def rules_left(api: FakeAlexaApi) -> list[str]:
    return [
        rule
        for r in api.reminders.values()
        for rule in (r["trigger"].get("recurrence") or {}).get("recurrenceRules", [])
    ]


@pytest.fixture
def two_stretch_one_move(reminder_chat: Chat) -> Conversation:
    """Daily at 5 PM and weekdays at 7:30 AM stretch reminders, and hourly movement breaks."""
    conversation = reminder_chat()
    set_reminder(conversation, "StretchReminderIntent", time="17:00")
    set_reminder(conversation, "StretchReminderIntent", time="07:30", dayGroup="weekdays")
    set_reminder(conversation, "MovementReminderIntent")
    return conversation


@pytest.fixture
def stretch_and_move(reminder_chat: Chat) -> Conversation:
    """A daily 5 PM stretch reminder and hourly movement breaks."""
    conversation = reminder_chat()
    set_reminder(conversation, "StretchReminderIntent", time="17:00")
    set_reminder(conversation, "MovementReminderIntent")
    return conversation


def test_cancel_my_stretch_reminder_with_two_asks_which_by_time(
    two_stretch_one_move: Conversation, alexa_api: FakeAlexaApi
) -> None:
    conversation = two_stretch_one_move
    which = conversation.say("CancelReminderIntent", kind="stretch")
    assert said(which) == (
        "You have two stretch reminders: every day at 5 PM, and on weekdays at 7:30 AM. "
        "Which one should I cancel? Or say: both."
    )
    assert alexa_api.calls("DELETE") == [], "nothing is deleted before the person says which"
    done = conversation.say("ReminderChoiceIntent", time="17:00")
    assert said(done) == "Done. I've cancelled your stretch reminder, every day at 5 PM."
    assert len(alexa_api.calls("DELETE")) == 1
    assert len(alexa_api.reminders) == 2
    assert not any("BYHOUR=17;" in rule for rule in rules_left(alexa_api))


@pytest.mark.parametrize(
    ("intent", "slots", "gone"),
    [
        ("ReminderChoiceIntent", {"ordinal": "2"}, "BYHOUR=7;"),  # "the second one"
        ("ReminderChoiceIntent", {"dayGroup": "weekdays"}, "BYHOUR=7;"),  # "the weekday one"
        ("ReminderTimeIntent", {"time": "07:30"}, "BYHOUR=7;"),  # "7:30"
        ("ReminderChoiceIntent", {"time": "05:00"}, "BYHOUR=17;"),  # "the five one": 5 PM
        ("CancelReminderIntent", {"time": "EV"}, "BYHOUR=17;"),  # "cancel the evening one"
    ],
)
def test_the_answers_people_give_to_which_one(
    two_stretch_one_move: Conversation,
    alexa_api: FakeAlexaApi,
    intent: str,
    slots: dict[str, str],
    gone: str,
) -> None:
    conversation = two_stretch_one_move
    conversation.say("CancelReminderIntent", kind="stretches")
    done = conversation.say(intent, **slots)
    assert said(done).startswith("Done. I've cancelled your stretch reminder")
    assert len(alexa_api.reminders) == 2
    assert not any(gone in rule for rule in rules_left(alexa_api))


def test_both_cancels_the_two_it_asked_about_and_nothing_else(
    two_stretch_one_move: Conversation, alexa_api: FakeAlexaApi
) -> None:
    conversation = two_stretch_one_move
    conversation.say("CancelReminderIntent", kind="stretch")
    done = conversation.say("AllOfThemIntent")
    assert said(done) == "Done. I've cancelled both of them."
    assert texts_left(alexa_api) == ["Time to get up and move around."]


def test_cancel_my_reminder_with_mixed_kinds_names_each_kind_and_time(
    stretch_and_move: Conversation, alexa_api: FakeAlexaApi
) -> None:
    conversation = stretch_and_move
    which = conversation.say("CancelReminderIntent")
    assert said(which).startswith(
        "You have two reminders: the stretch reminder, every day at 5 PM, and the movement "
        "reminder, every hour from 9 AM to 5 PM on weekdays. Which one should I cancel?"
    )
    assert which.reprompt == (
        "Which one should I cancel? Say, for example: the first one. Or say: both."
    )
    done = conversation.say("ReminderChoiceIntent", kind="stretch")  # "the stretch one"
    assert said(done) == "Done. I've cancelled your stretch reminder, every day at 5 PM."
    assert texts_left(alexa_api) == ["Time to get up and move around."]


def test_stretch_heard_as_a_remedy_still_answers_which_one(
    stretch_and_move: Conversation, alexa_api: FakeAlexaApi
) -> None:
    conversation = stretch_and_move
    conversation.say("CancelReminderIntent")
    done = conversation.say("RemedyIntent", remedy="stretch")
    assert said(done).startswith("Done. I've cancelled your stretch reminder")
    assert "triage" not in done.session_attributes, "no routine, no safety check"
    assert texts_left(alexa_api) == ["Time to get up and move around."]


def test_one_fitting_reminder_is_cancelled_at_once_and_named(
    stretch_and_move: Conversation, alexa_api: FakeAlexaApi
) -> None:
    conversation = stretch_and_move
    done = conversation.say("CancelReminderIntent", kind="stretch")
    assert said(done) == "Done. I've cancelled your stretch reminder, every day at 5 PM."
    assert texts_left(alexa_api) == ["Time to get up and move around."]
    conversation.new_session()
    none_left = conversation.say("CancelReminderIntent", kind="stretch")
    assert said(none_left).startswith("You don't have a stretch reminder.")


def test_an_answer_that_fits_none_asks_again(
    two_stretch_one_move: Conversation, alexa_api: FakeAlexaApi
) -> None:
    conversation = two_stretch_one_move
    conversation.say("CancelReminderIntent", kind="stretch")
    again = conversation.say("ReminderChoiceIntent", time="18:00")
    assert said(again).startswith(
        "I couldn't find a reminder like that. You have two stretch reminders:"
    )
    assert alexa_api.calls("DELETE") == []
    done = conversation.say("ReminderChoiceIntent", ordinal="1")
    assert said(done) == "Done. I've cancelled your stretch reminder, every day at 5 PM."


@pytest.mark.parametrize(
    ("intent", "slots"),
    [
        ("AMAZON.FallbackIntent", {}),  # words Alexa could not place
        ("AllOfThemIntent", {}),
        ("ReminderChoiceIntent", {"ordinal": "1"}),
    ],
)
def test_reminders_gone_before_the_answer_to_which_one(
    two_stretch_one_move: Conversation,
    alexa_api: FakeAlexaApi,
    intent: str,
    slots: dict[str, str],
) -> None:
    conversation = two_stretch_one_move
    conversation.say("CancelReminderIntent", kind="stretch")
    alexa_api.reminders.clear()  # cancelled in the Alexa app meanwhile
    answer = conversation.say(intent, **slots)
    assert said(answer).startswith("You don't have any Knot Helper reminders.")
    assert "You have no reminders" not in said(answer)
    assert alexa_api.calls("DELETE") == []


def test_maybe_no_and_yes_to_which_one(
    two_stretch_one_move: Conversation, alexa_api: FakeAlexaApi
) -> None:
    conversation = two_stretch_one_move
    which = conversation.say("CancelReminderIntent", kind="stretch")
    maybe = conversation.say("UnsureIntent")
    assert said(maybe) == f"No rush. {said(which)}"
    yes = conversation.say("AMAZON.YesIntent")
    assert said(yes) == said(which)
    kept = conversation.say("AMAZON.NoIntent")
    assert said(kept).startswith("Okay, I've left your reminders as they are.")
    assert alexa_api.calls("DELETE") == [] and len(alexa_api.reminders) == 3


def test_the_stretch_one_without_a_question_deletes_nothing(
    two_stretch_one_move: Conversation, alexa_api: FakeAlexaApi
) -> None:
    for intent, slots in (("ReminderChoiceIntent", {"kind": "stretch"}), ("AllOfThemIntent", {})):
        turn = two_stretch_one_move.say(intent, **slots)
        assert said(turn).startswith("To cancel a reminder, say, for example:")
    assert alexa_api.calls("DELETE") == []


def test_list_then_the_first_one(two_stretch_one_move: Conversation, alexa_api: FakeAlexaApi):
    conversation = two_stretch_one_move
    alexa_api.reminders["foreign"] = {
        "alertToken": "foreign",
        "status": "ON",
        "trigger": {"type": "SCHEDULED_RELATIVE", "offsetInSeconds": 600},
        "alertInfo": {"spokenInfo": {"content": [{"locale": "en-US", "text": "Buy milk"}]}},
    }
    listed = conversation.say("ListRemindersIntent")
    assert said(listed) == (
        "Your Knot Helper reminders: the stretch reminder, every day at 5 PM; the stretch "
        "reminder, on weekdays at 7:30 AM; the movement reminder, every hour from 9 AM to 5 PM "
        "on weekdays. To cancel one, say which, like: the first one. Or ask me for a routine."
    )
    done = conversation.say("ReminderChoiceIntent", ordinal="1")
    assert said(done) == "Done. I've cancelled your stretch reminder, every day at 5 PM."
    assert "foreign" in alexa_api.reminders


def test_one_off_reminders_are_listed_and_cancelled_by_when(
    reminder_chat: Chat, alexa_api: FakeAlexaApi
) -> None:
    alexa_api.time_zone = zone_where_it_is(10)
    conversation = reminder_chat()
    set_reminder(conversation, "OneOffReminderIntent", kind="stretch", duration="PT20M")
    set_reminder(conversation, "OneOffReminderIntent", kind="move", time="18:00")
    listed = conversation.say("ListRemindersIntent")
    assert said(listed).startswith(
        "Your Knot Helper reminders: the stretch reminder, in 20 minutes; the movement reminder, "
        "today at 6 PM."
    )
    conversation.new_session()
    done = conversation.say("CancelReminderIntent", time="18:00")
    assert said(done) == "Done. I've cancelled your movement reminder, today at 6 PM."
    assert texts_left(alexa_api) == ["Time for your stretches."]


def test_a_relative_reminder_that_has_gone_off_is_not_listed(
    reminder_chat: Chat, alexa_api: FakeAlexaApi
) -> None:
    conversation = reminder_chat()
    set_reminder(conversation, "OneOffReminderIntent", kind="stretch", duration="PT20M")
    (stored,) = alexa_api.reminders.values()
    an_hour_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    stored["createdTime"] = an_hour_ago.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert said(conversation.say("ListRemindersIntent")).startswith(
        "You don't have any Knot Helper reminders."
    )


def test_cancel_all_says_how_many(two_stretch_one_move: Conversation, alexa_api: FakeAlexaApi):
    done = two_stretch_one_move.say("CancelAllRemindersIntent")
    assert said(done) == "Done. I've cancelled all 3 of your Knot Helper reminders."
    assert alexa_api.reminders == {}


def test_cancel_all_with_one_says_it_plainly(reminder_chat: Chat, alexa_api: FakeAlexaApi):
    conversation = reminder_chat()
    set_reminder(conversation, "MovementReminderIntent")
    done = conversation.say("CancelAllRemindersIntent")
    assert said(done) == "Done. I've cancelled your Knot Helper reminder."


def test_list_without_permission_explains(reminder_chat: Chat) -> None:
    turn = reminder_chat(permitted=False).say("ListRemindersIntent")
    assert said(turn).startswith("You haven't allowed reminders for Knot Helper")


def test_list_and_delete_errors_are_spoken(
    two_stretch_one_move: Conversation, alexa_api: FakeAlexaApi
) -> None:
    conversation = two_stretch_one_move
    alexa_api.fail("GET", "/v1/alerts/reminders", 429)
    assert said(conversation.say("ListRemindersIntent")).startswith("The reminders service is busy")
    conversation.new_session()
    alexa_api.fail("DELETE", "/v1/alerts/reminders/", 500)
    turn = conversation.say("CancelAllRemindersIntent")
    assert said(turn).startswith("Sorry, I can't reach the reminders service")


# "Forget me": reminders live with Alexa, so Knot Helper says so and offers to cancel them.


def forget(conversation: Conversation) -> str:
    conversation.say("ForgetMeIntent")
    return said(conversation.say("AMAZON.YesIntent"))


def test_forget_me_offers_to_cancel_the_reminders_too(
    two_stretch_one_move: Conversation, alexa_api: FakeAlexaApi
) -> None:
    conversation = two_stretch_one_move
    assert forget(conversation) == (
        "Done. I've deleted your saved progress and settings. You also have 3 Knot Helper "
        "reminders, which Alexa keeps, not me. Shall I cancel them too?"
    )
    maybe = conversation.say("UnsureIntent")
    assert said(maybe) == (
        "No rush. Shall I cancel your Knot Helper reminders too? Please say yes or no."
    )
    done = conversation.say("AMAZON.YesIntent")
    assert said(done) == ("Done. I've cancelled all 3 of your Knot Helper reminders. Take care.")
    assert done.ends_session is True
    assert alexa_api.reminders == {}


def test_forget_me_can_leave_the_reminders(reminder_chat: Chat, alexa_api: FakeAlexaApi) -> None:
    conversation = reminder_chat()
    set_reminder(conversation, "MovementReminderIntent")
    assert forget(conversation).endswith(
        "You also have a Knot Helper reminder, which Alexa keeps, not me. Shall I cancel it too?"
    )
    maybe = conversation.say("UnsureIntent")
    assert said(maybe) == (
        "No rush. Shall I cancel your Knot Helper reminder too? Please say yes or no."
    )
    kept = conversation.say("AMAZON.NoIntent")
    assert said(kept) == (
        "Okay, your reminder stays. To cancel it later, say: cancel all my reminders. Take care."
    )
    assert len(alexa_api.reminders) == 1


@pytest.mark.parametrize(
    ("permitted", "fail", "said"),
    [
        (True, None, "Done. I've deleted your saved progress and settings. Take care."),
        (False, None, "Done. I've deleted your saved progress and settings. Take care."),
        (
            True,
            500,
            "Done. I've deleted your saved progress and settings. I couldn't check your "
            "reminders just now. To cancel them later, say: cancel all my reminders. Take care.",
        ),
    ],
)
def test_forget_me_without_reminders_to_offer(
    reminder_chat: Chat, alexa_api: FakeAlexaApi, permitted: bool, fail: int | None, said: str
) -> None:
    if fail:
        alexa_api.fail("GET", "/v1/alerts/reminders", fail)
    assert forget(reminder_chat(permitted=permitted)) == said


def test_with_one_reminder_left_the_question_is_yes_or_no(
    reminder_chat: Chat, alexa_api: FakeAlexaApi
) -> None:
    conversation = reminder_chat()
    set_reminder(conversation, "StretchReminderIntent", time="17:00")
    asked = conversation.say("CancelReminderIntent", time="18:00")
    assert said(asked) == (
        "I couldn't find a reminder like that. You have one stretch reminder, every day at 5 PM. "
        "Shall I cancel it?"
    )
    done = conversation.say("AMAZON.YesIntent")
    assert said(done) == "Done. I've cancelled your stretch reminder, every day at 5 PM."
    assert alexa_api.reminders == {}


def test_listing_one_reminder_then_yes_deletes_nothing(
    reminder_chat: Chat, alexa_api: FakeAlexaApi
) -> None:
    conversation = reminder_chat()
    set_reminder(conversation, "StretchReminderIntent", time="17:00")
    listed = conversation.say("ListRemindersIntent")
    assert said(listed).endswith(
        "To cancel it, say: cancel my stretch reminder. Or ask me for a routine."
    )
    conversation.say("AMAZON.YesIntent")
    assert alexa_api.calls("DELETE") == [] and len(alexa_api.reminders) == 1
