"""Triage through the real webhook: red flags first, the local numbers, and nothing remembered."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest

from skill.safety.check import Tier
from skill.safety.questions import load_questions
from skill.tools.simulator.session import Conversation, Turn
from tests.flows import after_disclaimer, start_routine

Talk = Callable[..., Conversation]
FULL = load_questions()["en-US"].full
QUICK = load_questions()["en-US"].quick
NUMBERS = {"en-US": "911", "en-CA": "911", "en-GB": "999", "en-AU": "000", "en-IN": "112"}


def full_check(chat: Conversation) -> Turn:
    turn = chat.say("TriageIntent")
    assert f"up to {len(FULL)} quick yes or no questions" in turn.speech
    return turn


def assert_emergency(turn: Turn, number: str = "911") -> None:
    assert after_disclaimer(turn.speech).startswith(f"Please call {number}")
    assert turn.speech.count(number) == 2
    assert "Use your phone" in turn.speech
    assert turn.ends_session is True


@pytest.mark.parametrize("index", range(len(FULL)), ids=[q.id for q in FULL])
def test_yes_at_each_question_gives_its_tier_and_no_later_question(talk: Talk, index: int):
    chat = talk()
    turn = full_check(chat)
    for earlier in range(index):
        assert FULL[earlier].text in turn.speech
        turn = chat.say("AMAZON.NoIntent")
    assert FULL[index].text in turn.speech
    turn = chat.say("AMAZON.YesIntent")
    later = [q.text for q in FULL[index + 1 :]]
    assert not any(text in turn.speech for text in later)
    tier = FULL[index].tier
    if tier is Tier.EMERGENCY:
        assert_emergency(turn)
    elif tier is Tier.URGENT:
        assert after_disclaimer(turn.speech).startswith("That needs a doctor's advice today.")
        assert "urgent care clinic" in turn.speech
        assert "Please leave the routines for now." in turn.speech
        assert turn.ends_session is True
    else:
        assert "booking an appointment with your doctor or a physical therapist" in turn.speech
        pressure_unsafe = FULL[index].id in {"S2", "S4"}
        offered = "upper back and shoulder stretches" if pressure_unsafe else "tennis ball massage"
        assert f"Would you like to start the {offered}?" in turn.speech
        assert ("skip pressure on your back" in turn.speech) is pressure_unsafe
        assert turn.ends_session is False
        assert after_disclaimer(chat.say("AMAZON.YesIntent").speech).startswith(
            offered.capitalize()
        )
    assert "triage" not in turn.session_attributes


def test_all_no_is_clear_with_the_safety_net_and_offers_a_routine(talk: Talk) -> None:
    chat = talk()
    turn = full_check(chat)
    for _ in FULL:
        turn = chat.say("AMAZON.NoIntent")
    assert after_disclaimer(turn.speech).startswith(
        "Thanks. Nothing you've told me needs urgent care."
    )
    assert "see a doctor" in turn.speech
    routine = chat.say("AMAZON.YesIntent")
    assert after_disclaimer(routine.speech).startswith("Tennis ball massage."), (
        "no second check in one session"
    )
    assert "Step 1 of 7." in routine.speech


def test_routine_after_quick_check_ends_with_the_safety_net(talk: Talk) -> None:
    chat = talk()
    start_routine(chat, remedy="yoga")
    for _ in range(4):
        turn = chat.say("AMAZON.NextIntent")
    assert "That's the end of the gentle yoga for the back." in turn.speech
    assert "hasn't eased in a few weeks" in turn.speech


def test_tennis_ball_with_all_no_reaches_step_one(talk: Talk) -> None:
    chat = talk()
    turn = chat.say("RemedyIntent", remedy="tennis ball")
    assert after_disclaimer(turn.speech).startswith("Before we start, a quick safety check")
    for question in QUICK:
        assert question.text in turn.speech
        turn = chat.say("AMAZON.NoIntent")
    assert after_disclaimer(turn.speech).startswith("Thanks, all clear.")
    assert "Step 1 of 7." in turn.speech
    assert turn.session_attributes["routine"] == {"id": "tennis_ball", "step": 0, "paused": False}


@pytest.mark.parametrize("index", range(len(QUICK)), ids=[q.id for q in QUICK])
def test_yes_in_the_quick_check(talk: Talk, index: int) -> None:
    chat = talk()
    turn = chat.say("RemedyIntent", remedy="foam roller")
    for _ in range(index):
        turn = chat.say("AMAZON.NoIntent")
    turn = chat.say("AMAZON.YesIntent")
    assert "Step 1" not in turn.speech
    if QUICK[index].tier is Tier.EMERGENCY:
        assert_emergency(turn)
    elif QUICK[index].tier is Tier.URGENT:
        assert turn.ends_session is True
        assert "routine" not in turn.session_attributes
    elif QUICK[index].pressure_only:
        assert "skip pressure on your back" in turn.speech
        assert "Would you like to start the upper back and shoulder stretches?" in turn.speech
    else:
        assert "Would you like to start the foam roller for the upper back?" in turn.speech


@pytest.mark.parametrize("unclear", ["UnsureIntent", "AMAZON.FallbackIntent"])
def test_unsure_twice_is_treated_as_yes(talk: Talk, unclear: str) -> None:
    chat = talk()
    chat.say("RemedyIntent", remedy="tennis ball")
    again = chat.say(unclear)
    assert after_disclaimer(again.speech).startswith("Let me ask one thing at a time.")
    assert QUICK[0].simpler[0] in again.speech and QUICK[0].text not in again.speech
    assert again.speech.endswith("Please say yes or no.")
    turn = chat.say(unclear)
    assert after_disclaimer(turn.speech).startswith(
        "As I couldn't tell, to be safe, I'll treat that as a yes."
    )
    assert "Please call 911 now." in turn.speech
    assert turn.speech.count("911") == 2
    assert turn.ends_session is True


def test_unsure_then_no_carries_on(talk: Talk) -> None:
    chat = talk()
    chat.say("RemedyIntent", remedy="tennis ball")
    chat.say("UnsureIntent")
    turn = chat.say("AMAZON.NoIntent")
    assert QUICK[0].simpler[1] in turn.speech
    turn = chat.say("AMAZON.NoIntent")
    assert QUICK[1].text in turn.speech


@pytest.mark.parametrize(
    "statement_at",
    ["outside", "mid-routine", "mid-check", "after launch"],
)
def test_volunteered_emergency_goes_straight_to_the_emergency_answer(
    talk: Talk, statement_at: str
) -> None:
    chat = talk()
    if statement_at == "mid-routine":
        start_routine(chat, remedy="tennis ball")
        chat.say("AMAZON.NextIntent")
    elif statement_at == "mid-check":
        chat.say("TriageIntent")
        chat.say("AMAZON.NoIntent")
    elif statement_at == "after launch":
        chat.launch()
    turn = chat.say("EmergencyStatementIntent")
    assert_emergency(turn)


@pytest.mark.parametrize(
    ("intent", "slots"),
    [
        ("RemedyIntent", {"remedy": "chest pain"}),
        ("RemedyIntent", {"remedy": "heart"}),
        ("KnotAreaIntent", {"area": "heart"}),
    ],
)
def test_no_alarm_from_words_in_other_slots(talk: Talk, intent: str, slots) -> None:
    turn = talk().say(intent, **slots)
    assert "Please call" not in turn.speech
    assert turn.ends_session is False


def test_unknown_area_is_asked_not_guessed(talk: Talk) -> None:
    turn = talk().say("KnotAreaIntent", area="big toe")
    assert "Where is the knot?" in turn.speech
    assert turn.ends_session is False


@pytest.mark.parametrize("leaving", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_during_emergency_questions_still_gives_the_line(talk: Talk, leaving: str):
    chat = talk()
    chat.say("TriageIntent")
    chat.say("AMAZON.NoIntent")
    turn = chat.say(leaving)
    assert after_disclaimer(turn.speech).startswith(
        "Before you go: if you have any of those symptoms, call 911 now."
    )
    assert turn.ends_session is True


def test_stop_after_the_emergency_questions_gives_the_safety_net(talk: Talk) -> None:
    chat = talk()
    chat.say("TriageIntent")
    for _ in range(8):
        chat.say("AMAZON.NoIntent")
    turn = chat.say("AMAZON.StopIntent")
    assert "911" not in turn.speech
    assert "see a doctor" in turn.speech
    assert turn.ends_session is True


def test_other_requests_during_a_check_bring_the_question_back(talk: Talk) -> None:
    chat = talk()
    chat.say("RemedyIntent", remedy="tennis ball")
    turn = chat.say("AMAZON.NextIntent")
    assert after_disclaimer(turn.speech).startswith("Let's finish the safety check first.")
    assert QUICK[0].text in turn.speech
    helped = chat.say("AMAZON.HelpIntent")
    assert "call 911 now" in helped.speech and QUICK[0].text in helped.speech
    assert chat.say("AMAZON.RepeatIntent").ssml == helped.ssml
    other = chat.say("RemedyIntent", remedy="yoga")
    assert after_disclaimer(other.speech).startswith("Let's finish the safety check first.")
    assert QUICK[1].text in chat.say("AMAZON.NoIntent").speech


def test_already_checked_by_a_doctor_skips_only_non_emergency_questions(talk: Talk) -> None:
    chat = talk()
    chat.say("RemedyIntent", remedy="tennis ball")
    turn = chat.say("AlreadyCheckedIntent")
    assert after_disclaimer(turn.speech).startswith(
        "Thanks for letting me know. I still need to ask"
    )
    emergency = [q for q in QUICK if q.tier is Tier.EMERGENCY]
    for question in emergency:
        assert question.text in turn.speech
        turn = chat.say("AMAZON.NoIntent")
    assert "Step 1 of 7." in turn.speech


def test_already_checked_never_shortens_the_full_check(talk: Talk) -> None:
    chat = talk()
    full_check(chat)
    for _ in range(8):
        chat.say("AMAZON.NoIntent")
    turn = chat.say("AlreadyCheckedIntent")
    assert "Something new can still matter" in turn.speech
    assert FULL[8].text in turn.speech
    for question in FULL[9:]:
        turn = chat.say("AMAZON.NoIntent")
        assert question.text in turn.speech


def test_stray_unsure_outside_a_check(talk: Talk) -> None:
    turn = talk().say("UnsureIntent")
    assert after_disclaimer(turn.speech).startswith("That's okay.")


@pytest.mark.parametrize("locale", sorted(NUMBERS))
def test_every_locale_says_its_own_numbers_and_never_111_elsewhere(talk: Talk, locale: str):
    number = NUMBERS[locale]
    speeches = []
    for index in (0, 7, 14):
        chat = talk(locale=locale)
        chat.say("TriageIntent")
        for _ in range(index):
            chat.say("AMAZON.NoIntent")
        speeches.append(chat.say("AMAZON.YesIntent").speech)
    emergency, urgent, soon = speeches
    assert emergency.startswith(f"Please call {number}")
    assert emergency.count(number) == 2
    assert f"call {number}" in urgent
    if locale == "en-GB":
        assert "NHS 111" in urgent and "GP" in urgent and "physiotherapist" in soon
    else:
        assert all("111" not in speech for speech in speeches)


def test_over_http_en_gb_yes_to_the_first_question_is_999(talk: Talk) -> None:
    chat = talk(locale="en-GB")
    chat.say("TriageIntent")
    assert_emergency(chat.say("AMAZON.YesIntent"), "999")


def test_no_answer_is_kept_in_the_session_or_the_logs(
    talk: Talk, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    chat = talk()
    turn = chat.say("TriageIntent")
    during = []
    for _ in range(14):
        turn = chat.say("AMAZON.NoIntent")
        during.append(turn.session_attributes)
    turn = chat.say("AMAZON.YesIntent")
    for attributes in during:
        assert set(attributes.get("triage", {})) <= {
            "mode",
            "index",
            "part",
            "emergency_only",
            "pressure",
            "variant",
            "then",
            "offer",
            "back",
        }
        assert "answers" not in json.dumps(attributes)
    after = turn.session_attributes
    assert "triage" not in after
    assert set(after) <= {"screened", "pending", "last", "pace", "disclaimed"}
    text = caplog.text
    assert "YesIntent" not in text and "NoIntent" not in text
    assert "intent=answer" in text
    assert not any(q.text in text for q in FULL)
