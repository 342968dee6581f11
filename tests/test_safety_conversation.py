"""The safety layer in conversation, through the signed webhook: symptoms said outright or
vaguely, pain mid-routine and what follows, questions about the questions, the disclaimer once
per session, and numbers said digit by digit."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from skill.safety.questions import load_questions
from skill.tools.simulator.session import Conversation
from tests.flows import after_disclaimer, start_routine

Talk = Callable[..., Conversation]
QUESTIONS = load_questions()["en-US"]
E1 = QUESTIONS.full[QUESTIONS.index_of("E1")].text
E2 = QUESTIONS.full[QUESTIONS.index_of("E2")].text


def test_a_resolved_emergency_symptom_is_the_emergency_answer_with_a_card(talk: Talk) -> None:
    turn = talk().say("EmergencyStatementIntent", symptom="left arm is numb")
    assert turn.speech.startswith("Please call 911 now."), "nothing before the emergency line"
    assert turn.card == {
        "type": "Simple",
        "title": "Call 911 now",
        "content": turn.card["content"],
    }
    assert "Use your phone" in turn.card["content"]
    assert turn.ends_session is True


def test_an_urgent_symptom_is_advice_today(talk: Talk) -> None:
    turn = talk().say("EmergencyStatementIntent", symptom="a fever and my back hurts")
    assert turn.speech.startswith("That needs a doctor's advice today.")
    assert "call 911" in turn.speech
    assert turn.ends_session is True


def test_an_ambiguous_symptom_gets_its_one_question_then_carries_on(talk: Talk) -> None:
    chat = talk()
    start_routine(chat, remedy="stretches")
    chat.say("AMAZON.NextIntent")
    asked = chat.say("EmergencyStatementIntent", symptom="dizzy")
    assert asked.speech.startswith("Let's stop for a moment. One quick question, to be safe.")
    assert "Along with feeling dizzy, are you short of breath" in asked.speech
    assert "faint" not in asked.speech, "not asked about what was just said"
    assert asked.session_attributes["routine"]["paused"] is True
    carried = chat.say("AMAZON.NoIntent")
    assert "Let's carry on." in carried.speech and "Step 2 of 6." in carried.speech
    chat.say("EmergencyStatementIntent", symptom="feel sick")
    assert chat.say("AMAZON.YesIntent").speech.startswith("Please call 911 now.")


@pytest.mark.parametrize("state", ["outside", "mid-routine", "mid-check"])
def test_something_the_model_cannot_place_gets_the_line_first_and_no_alarm(
    talk: Talk, state: str
) -> None:
    chat = talk()
    if state == "mid-routine":
        start_routine(chat, remedy="tennis ball")
    elif state == "mid-check":
        chat.say("TriageIntent")
    turn = chat.say("EmergencyStatementIntent", symptom="a funny feeling in my toes")
    assert "I want to be sure you're safe. If you have chest pain" in turn.speech
    assert "call 911 now" in turn.speech and not turn.speech.startswith("Please call")
    assert turn.ends_session is False
    if state == "mid-routine":
        assert "skip this step, go gentler, or end the routine?" in turn.speech
        assert turn.session_attributes["routine"]["paused"] is True
    if state == "mid-check":
        assert QUESTIONS.full[0].text in turn.speech
        assert turn.session_attributes["triage"]["part"] == -1, "not counted as unclear"


@pytest.mark.parametrize(
    ("symptom", "said"),
    [("arm hurts", "arm"), ("dizzy", "dizzy"), ("feel sick", "sick"), ("leg is numb", "leg")],
)
def test_the_one_question_asks_about_companions_not_the_symptom_said(
    talk: Talk, symptom: str, said: str
) -> None:
    turn = talk().say("EmergencyStatementIntent", symptom=symptom)
    question = after_disclaimer(turn.speech).removeprefix("One quick question, to be safe. ")
    assert question.endswith("?")
    if said == "arm":
        assert "pain spreading into your arm" not in question
    if said == "dizzy":
        assert "faint" not in question


def test_pain_somewhere_the_model_cannot_place_stops_and_gives_the_line(talk: Talk) -> None:
    chat = talk()
    start_routine(chat, remedy="tennis ball")
    turn = chat.say("PainReportIntent", area="chest and collarbone")
    assert turn.speech.startswith("Stop that step and rest. I want to be sure you're safe.")
    assert "call 911 now" in turn.speech
    assert "go gentler" in turn.speech


def test_a_statement_after_its_question_passed_is_still_answered(talk: Talk) -> None:
    chat = talk()
    chat.say("TriageIntent")
    for _ in range(11):
        chat.say("AMAZON.NoIntent")
    turn = chat.say("EmergencyStatementIntent", symptom="chest pains")
    assert turn.speech.startswith("Please call 911 now."), turn.speech
    again = talk()
    again.say("TriageIntent")
    for _ in range(11):
        again.say("AMAZON.NoIntent")
    unplaced = again.say("EmergencyStatementIntent", symptom="chest pains right now")
    assert unplaced.speech.startswith("I want to be sure you're safe. If you have chest pain")
    assert "call 911 now" in unplaced.speech


def test_stop_at_the_pain_choice_gives_the_safety_net(talk: Talk) -> None:
    chat = talk()
    start_routine(chat, remedy="tennis ball")
    chat.say("PainReportIntent")
    turn = chat.say("AMAZON.StopIntent")
    assert "see a doctor" in turn.speech and turn.ends_session is True


def test_a_knot_in_the_chest_asks_the_chest_question_and_no_offers_the_stretches(
    talk: Talk,
) -> None:
    chat = talk()
    turn = chat.say("KnotAreaIntent", area="chest")
    assert "Tightness there can sometimes be a warning sign" in turn.speech
    assert "pain or pressure in your chest, pain spreading to your arm" in turn.speech
    offer = chat.say("AMAZON.NoIntent")
    assert "Would you like to start the upper back and shoulder stretches?" in offer.speech
    assert chat.say("KnotAreaIntent", area="chest").session_attributes["triage"]["mode"] == (
        "single"
    )
    assert chat.say("AMAZON.YesIntent").speech.startswith("Please call 911 now.")


def test_a_tight_jaw_asks_once_then_gives_the_jaw_tip(talk: Talk) -> None:
    chat = talk()
    chat.say("KnotAreaIntent", area="jaw")
    tip = chat.say("AMAZON.NoIntent")
    assert "tongue resting behind your top teeth" in tip.speech


@pytest.mark.parametrize(("area", "emergency"), [("chest", True), ("jaw", True), ("arm", False)])
def test_pain_in_a_warning_area(talk: Talk, area: str, emergency: bool) -> None:
    turn = talk().say("PainReportIntent", area=area)
    assert turn.speech.startswith("Please call 911 now.") is emergency
    if not emergency:
        assert "Along with your arm, do you have any chest pain" in turn.speech


def test_pain_mid_routine_stops_with_the_stop_rules_and_offers_a_choice(talk: Talk) -> None:
    chat = talk()
    start_routine(chat, remedy="tennis ball")
    chat.say("AMAZON.NextIntent")
    turn = chat.say("PainReportIntent")
    assert turn.speech.startswith("Stop that step and rest.")
    assert "Stop if the pain turns sharp or worse" in turn.speech
    assert "skip this step, go gentler, or end the routine?" in turn.speech
    assert "call 911" in turn.reprompt
    assert turn.session_attributes["routine"] == {"id": "tennis_ball", "step": 1, "paused": True}
    which = chat.say("AMAZON.YesIntent")
    assert which.speech.startswith("Say skip to move on")
    gentler = chat.say("GentlerIntent")
    assert gentler.speech.startswith("Let's go gentler")
    assert "Step 2 of 7." in gentler.speech
    assert 'rate="85%"' in gentler.ssml
    chat.say("PainReportIntent")
    assert "Step 3 of 7." in chat.say("SkipStepIntent").speech


def test_pain_then_no_waits_and_stop_ends_gently(talk: Talk) -> None:
    chat = talk()
    start_routine(chat, remedy="foam roller")
    chat.say("PainReportIntent")
    rest = chat.say("AMAZON.NoIntent")
    assert rest.speech.startswith("Okay. Rest as long as you need.")
    assert "repeat to hear step 1 again" in rest.reprompt
    assert chat.say("AMAZON.StopIntent").ends_session is True


def test_pain_outside_a_routine_gives_the_line_and_offers_heat(talk: Talk) -> None:
    chat = talk()
    turn = chat.say("PainReportIntent")
    assert "call 911 now" in turn.speech
    assert "Would you like the heat and cold therapy?" in turn.speech
    started = chat.say("AMAZON.YesIntent")
    assert "Before we start, a quick safety check" in started.speech


@pytest.mark.parametrize(
    ("slots", "answer"),
    [({}, "A few back problems need a doctor"), ({"term": "clammy"}, "Clammy means")],
)
def test_why_are_you_asking_is_answered_and_not_counted(talk: Talk, slots, answer: str) -> None:
    chat = talk()
    chat.say("RemedyIntent", remedy="tennis ball")
    for _ in range(2):
        turn = chat.say("WhyAskingIntent", **slots)
        assert turn.speech.startswith(answer)
        assert QUESTIONS.quick[0].text in turn.speech
        assert turn.session_attributes["triage"]["part"] == -1, "not an unclear answer"
    assert QUESTIONS.quick[1].text in chat.say("AMAZON.NoIntent").speech


def test_okay_is_not_an_answer_to_a_symptom_question(talk: Talk) -> None:
    chat = talk()
    chat.say("TriageIntent")
    for _ in range(3):
        turn = chat.say("AcknowledgeIntent")
        assert turn.speech.startswith("I need a yes or a no for this one.")
        assert QUESTIONS.full[0].text in turn.speech
    assert QUESTIONS.full[1].text in chat.say("AMAZON.NoIntent").speech


def test_a_statement_mid_check_asks_its_question_then_goes_back(talk: Talk) -> None:
    chat = talk()
    chat.say("RemedyIntent", remedy="tennis ball")
    emergency = [q for q in QUESTIONS.quick if q.tier.value == "EMERGENCY"]
    for _ in emergency:
        turn = chat.say("AMAZON.NoIntent")
    waiting = QUESTIONS.quick[len(emergency)].text
    assert waiting in turn.speech
    asked = chat.say("EmergencyStatementIntent", symptom="dizzy")
    assert "Along with feeling dizzy" in asked.speech
    back = chat.say("AMAZON.NoIntent")
    assert back.speech.startswith("Thanks. Back to the safety questions.")
    assert waiting in back.speech


def test_the_disclaimer_is_heard_once_per_session_on_one_shots_too(talk: Talk) -> None:
    chat = talk()
    tip = chat.say("RemedyIntent", remedy="painkillers")
    assert tip.speech.startswith("I share general self-care tips")
    assert "not medical advice. In an emergency, call 911." in tip.speech
    again = chat.say("RemedyIntent", remedy="posture")
    assert "not medical advice" not in again.speech
    launched = talk().launch()
    assert launched.speech.count("not medical advice") == 1
    routine = talk()
    first = routine.say("RemedyIntent", remedy="yoga")
    assert first.speech.startswith("I share general self-care tips")
    assert after_disclaimer(first.speech).startswith("Before we start, a quick safety check")


def test_stop_rules_on_every_start_even_straight_to_a_step(talk: Talk) -> None:
    chat = talk()
    turn = start_routine(chat, remedy="chest stretch")
    assert "Stop if the pain turns sharp or worse" in turn.speech
    assert "Step 5 of 6. Chest stretch." in turn.speech
    assert "Step 1 of 6" not in turn.speech
    roller = start_routine(talk(), remedy="foam roller")
    assert roller.speech.index("never your lower back or neck") < roller.speech.index(
        "Step 1 of 6."
    )
    assert "blood thinners or pregnancy" in roller.speech


@pytest.mark.parametrize(
    ("locale", "marked"),
    [
        ("en-US", ['<say-as interpret-as="digits">911</say-as>']),
        ("en-GB", ['<say-as interpret-as="digits">999</say-as>']),
        ("en-AU", ['<sub alias="triple zero">000</sub>']),
        (
            "en-IN",
            [
                '<say-as interpret-as="digits">112</say-as>',
                '<say-as interpret-as="digits">108</say-as>',
            ],
        ),
    ],
)
def test_emergency_numbers_are_said_digit_by_digit(talk: Talk, locale: str, marked) -> None:
    turn = talk(locale=locale).say("EmergencyStatementIntent")
    for markup in marked:
        assert turn.ssml.count(markup) == 2
    assert not re.search(r"(?<![>\d])\d{3}(?![<\d])", turn.ssml), "no bare number left"


def test_australian_advice_line_is_1800medicare(talk: Talk) -> None:
    chat = talk(locale="en-AU")
    chat.say("TriageIntent")
    for _ in range(7):
        chat.say("AMAZON.NoIntent")
    urgent = chat.say("AMAZON.YesIntent")
    assert "1800MEDICARE on 1800 633 422" in urgent.speech
    assert '<say-as interpret-as="telephone">1800 633 422</say-as>' in urgent.ssml
    assert '<sub alias="one eight hundred Medicare">1800MEDICARE</sub>' in urgent.ssml
    assert "022 222" not in urgent.speech


def test_india_says_108_for_an_ambulance(talk: Talk) -> None:
    turn = talk(locale="en-IN").say("EmergencyStatementIntent")
    assert turn.speech.startswith("Please call 112, or 108 for an ambulance, now.")
    assert "111" not in turn.speech


def test_when_to_see_a_doctor_is_the_tip_then_the_offer_of_the_check(talk: Talk) -> None:
    chat = talk()
    tip = chat.say("RemedyIntent", remedy="a doctor")
    assert "Call 911 now for chest pain, pain spreading to your arm or jaw" in tip.speech
    assert tip.speech.index("Call 911 now") < tip.speech.index("See a doctor if")
    assert tip.speech.endswith("Would you like me to go through the safety questions with you now?")
    check = chat.say("AMAZON.YesIntent")
    assert "up to" in check.speech and QUESTIONS.full[0].text in check.speech
