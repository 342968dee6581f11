"""Conversations that never dead-end (user-trial B3-B8, A3, polish): said in natural words,
resolved by the interaction model like Alexa would, through the signed webhook."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from skill.tools.chat import Chat
from skill.tools.simulator.session import Turn
from tests.conftest import PostSigned
from tests.flows import answers_of

Say = Callable[[str], Turn]


@pytest.fixture
def chat(post_signed: PostSigned) -> Callable[..., Chat]:
    return lambda **options: Chat(answers_of(post_signed), **options)


def talk(chat: Chat) -> Say:
    def say(words: str) -> Turn:
        turn, _lines = chat.hear(words)
        assert turn is not None, words
        return turn

    return say


def into_routine(chat: Chat, request: str = "ask knot helper how to use a tennis ball") -> Say:
    say = talk(chat)
    turn = say(request)
    while "triage" in turn.session_attributes:
        turn = say("no")
    assert "Step 1 of" in turn.speech
    return say


def step_of(turn: Turn) -> int | None:
    routine = turn.session_attributes.get("routine")
    return None if routine is None else routine["step"]


@pytest.mark.parametrize("carry_on", ["okay", "yes", "ready", "go ahead", "next please", "sure"])
def test_small_yes_words_mid_routine_carry_on(chat, carry_on: str) -> None:
    say = into_routine(chat())
    turn = say(carry_on)
    assert "Step 2 of 7." in turn.speech, carry_on
    assert "I'm not sure what that yes is for" not in turn.speech
    assert "I can go slower" not in turn.speech


@pytest.mark.parametrize("wait", ["no", "not yet", "wait", "hold on", "I need a minute"])
def test_small_no_words_mid_routine_wait_and_keep_the_place(chat, wait: str) -> None:
    say = into_routine(chat())
    say("next")
    turn = say(wait)
    assert step_of(turn) == 1
    assert "step 2" in turn.reprompt.lower() or "resume" in turn.reprompt.lower(), turn.reprompt
    assert "I can guide" not in turn.speech
    assert "Step 2 of 7." in say("repeat").speech
    assert "Step 3 of 7." in say("next").speech or "Step 2 of 7." in say("resume").speech


def test_repeat_after_a_misunderstanding_repeats_the_step(chat) -> None:
    say = into_routine(chat())
    say("next")
    confused = say("purple monkey dishwasher")
    assert "didn't catch" in confused.speech
    again = say("repeat")
    assert "Step 2 of 7." in again.speech and "didn't catch" not in again.speech
    assert "Step 2 of 7." in say("repeat").speech, "no loop"


@pytest.mark.parametrize(
    "answer", ["in my shoulder", "my lower back", "between my shoulder blades", "it's in my neck"]
)
def test_where_is_the_knot_takes_the_answers_people_give(chat, answer: str) -> None:
    say = talk(chat())
    asked = say("ask knot helper I have a knot in my big toe")
    assert "Where is the knot?" in asked.speech
    turn = say(answer)
    assert "For a knot in your" in turn.speech
    assert "triage" in turn.session_attributes, "the routine starts with the safety check"


@pytest.mark.parametrize("accept", ["next", "sure", "yes", "the stretches", "okay"])
def test_an_offer_of_the_next_routine_accepts_what_people_say(chat, accept: str) -> None:
    say = into_routine(chat())
    for _ in range(7):
        turn = say("next")
    assert "Would you like to try the upper back and shoulder stretches next?" in turn.speech
    started = say(accept)
    assert "Upper back and shoulder stretches." in started.speech, accept
    assert "There's no routine running" not in started.speech


def test_no_to_an_offer_closes_politely(chat) -> None:
    say = into_routine(chat())
    for _ in range(7):
        say("next")
    turn = say("no thanks")
    assert turn.speech.startswith("Okay, no problem.")
    assert turn.ends_session is False


def test_maybe_keeps_a_question_open(chat) -> None:
    say = talk(chat())
    say("ask knot helper to forget me")
    turn = say("maybe")
    assert "delete your saved progress" in turn.speech
    assert turn.session_attributes["pending"]["question"] == "confirm_forget"
    assert "Done. I've deleted" in say("yes").speech


@pytest.mark.parametrize(
    ("said", "heard"),
    [
        ("ask knot helper my back hurts", "Would you like the heat and cold therapy?"),
        ("ask knot helper my back is killing me", "Would you like the heat and cold therapy?"),
        ("ask knot helper my upper back is stiff", "For a knot in your upper back"),
        ("ask knot helper I slept funny and my neck is stiff", "For a knot in your neck"),
        ("ask knot helper should I use heat or ice", "For a stiff, knotted muscle, heat usually"),
        ("ask knot helper can I take ibuprofen", "Painkillers from a pharmacy"),
        ("ask knot helper is it okay to take tylenol", "Painkillers from a pharmacy"),
        ("ask knot helper how should I sit at my desk", "keep your back supported"),
        ("ask knot helper when should I see a doctor", "Call 911 now for chest pain"),
        ("ask knot helper how long does the tennis ball massage take", "takes about"),
        ("ask knot helper I don't have a tennis ball", "two tennis balls in a sock"),
        ("ask knot helper what do you remember about me", "anything saved about you"),
        ("ask knot helper what can I say", "Knot Helper talks you through"),
    ],
)
def test_ways_people_ask(chat, said: str, heard: str) -> None:
    turn = talk(chat())(said)
    assert heard in turn.speech, turn.speech
    assert turn.ends_session is False


def test_heat_or_ice_then_yes_starts_heat(chat) -> None:
    say = talk(chat())
    tip = say("ask knot helper should I use heat or ice")
    assert tip.speech.endswith("Would you like me to guide the heat and cold therapy?")
    assert "Before we start, a quick safety check" in say("yes").speech


def test_how_long_mid_routine_counts_what_is_left_at_this_pace(chat) -> None:
    say = into_routine(chat())
    normal = say("how long does this take")
    minutes = int(re.search(r"About (\d+) minutes to go", normal.speech).group(1))
    assert 3 <= minutes <= 7
    assert step_of(normal) == 0 and "Say next" in normal.speech
    for _ in range(5):
        say("next")
    later = say("how much time is left")
    assert int(re.search(r"About (\d+) minutes", later.speech).group(1)) < minutes


def test_no_tennis_ball_mid_routine_keeps_the_step(chat) -> None:
    say = into_routine(chat())
    turn = say("I don't have a tennis ball")
    assert "two tennis balls in a sock" in turn.speech
    assert step_of(turn) == 0 and "Say next" in turn.speech


def test_thank_you_mid_routine_keeps_the_step_and_repeat_still_works(chat) -> None:
    say = into_routine(chat())
    turn = say("thank you")
    assert turn.speech.startswith("You're welcome.")
    assert step_of(turn) == 0
    assert "Step 1 of 7." in say("repeat").speech


def test_what_do_you_remember_says_what_is_kept_and_never_an_answer(chat) -> None:
    first = chat()
    say = into_routine(first)
    say("next")
    first.conversation.end()
    turn = talk(first)("ask knot helper what do you remember about me")
    assert "where you stopped, step 2 of the tennis ball massage" in turn.speech
    assert "when you last finished a safety check" in turn.speech
    assert "never your answers" in turn.speech


def test_tips_list_reads_naturally(chat) -> None:
    say = talk(chat())
    pages = [say("ask knot helper what routines do you have").speech]
    pages += [say("what else").speech for _ in range(3)]
    text = " ".join(pages)
    assert "keeping active" in text and "keep active," not in text


def test_area_lead_does_not_repeat_the_title_once_checked(chat) -> None:
    say = into_routine(chat())
    turn = say("what should I do about a knot in my neck")
    assert turn.speech.count("Upper back and shoulder stretches") == 1


def test_go_back_during_the_check_asks_the_question_before(chat) -> None:
    say = talk(chat())
    first = say("ask knot helper how to use a tennis ball")
    say("no")
    back = say("go back")
    assert back.speech.startswith("Okay, let's go back to that question.")
    assert back.session_attributes["triage"]["index"] == 0
    assert first.session_attributes["triage"]["index"] == 0
    assert say("yes").speech.startswith("Please call 911 now.")


def test_i_meant_yes_right_after_the_check_reopens_its_last_question(chat) -> None:
    say = into_routine(chat())
    reopened = say("no wait, I meant yes")
    assert reopened.speech.startswith("Okay, let's go back to that question.")
    assert "routine" not in reopened.session_attributes
    assert "thin bones" in reopened.speech
    steer = say("yes")
    assert "skip pressure on your back" in steer.speech


def test_changing_an_answer_is_only_possible_right_after_the_check(chat) -> None:
    say = into_routine(chat())
    say("next")
    late = say("I meant yes")
    assert "go back to that question" not in late.speech
    assert step_of(late) == 1
