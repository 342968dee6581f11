"""Routines driven through the real webhook, the way a person on the floor would drive them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from skill.routines.library import load_libraries
from skill.routines.speech import settle_total_ms
from skill.speech import ssml
from skill.speech.slots import slot_types
from skill.speech.ssml import Pace
from skill.tools.simulator.session import Conversation, Turn
from tests.flows import after_disclaimer, pass_safety_check, start_routine

Talk = Callable[..., Conversation]
LIBRARY = load_libraries()["en-US"]


def assert_valid(turn: Turn) -> None:
    assert ssml.problems(turn.ssml) == []
    if turn.reprompt_ssml:
        assert ssml.problems(turn.reprompt_ssml) == []


def test_one_shot_tennis_ball_start_to_finish(talk: Talk) -> None:
    chat = talk()
    routine = LIBRARY.routines["tennis_ball"]
    turn = start_routine(chat, remedy="tennis ball")
    assert after_disclaimer(turn.speech).startswith("Thanks, all clear. Tennis ball massage.")
    assert "Keep the ball beside your spine, never on it." in turn.speech
    assert "Step 1 of 7." in turn.speech
    assert turn.card == {
        "type": "Simple",
        "title": "Tennis ball massage: Step 1 of 7",
        "content": routine.steps[0].text,
    }
    for number in range(2, 8):
        turn = chat.say("AMAZON.NextIntent")
        assert_valid(turn)
        assert f"Step {number} of 7." in turn.speech
        assert routine.steps[number - 1].text in turn.speech
        step = routine.steps[number - 1]
        held = step.timed_seconds * 1000 + settle_total_ms(step, Pace.NORMAL)
        assert ssml.timed_silence_ms(turn.ssml) == held
        assert turn.ends_session is False
    assert "That was the last step" in turn.speech
    turn = chat.say("AMAZON.NextIntent")
    assert "That's the end of the tennis ball massage." in turn.speech
    assert "Would you like to try the upper back and shoulder stretches next?" in turn.speech
    assert "routine" not in turn.session_attributes
    turn = chat.say("AMAZON.YesIntent")
    assert after_disclaimer(turn.speech).startswith("Upper back and shoulder stretches."), (
        "asked once per session"
    )


@pytest.mark.parametrize(
    ("slots", "title"),
    [
        ({"remedy": "stretch my upper back"}, "Upper back and shoulder stretches."),
        ({"remedy": "heat therapy"}, "Heat and cold therapy."),
        ({"remedy": "frozen peas"}, "Heat and cold therapy."),
        ({"remedy": "Lacrosse Ball"}, "Tennis ball massage."),
        ({"remedy": "foam roller"}, "Foam roller for the upper back."),
        ({"remedy": "cat cow"}, "Gentle yoga for the back."),
        ({"remedy": "massage"}, "Fingertip massage for a knot."),
    ],
)
def test_remedy_synonyms_land_in_the_right_routine(talk: Talk, slots, title: str) -> None:
    chat = talk()
    assert title in start_routine(chat, **slots).speech


def test_entity_resolution_id_wins_over_the_heard_words(talk: Talk) -> None:
    chat = talk()
    slot = {
        "name": "remedy",
        "value": "that spiky thing",
        "confirmationStatus": "NONE",
        "resolutions": {
            "resolutionsPerAuthority": [
                {
                    "authority": "amzn1.er-authority.echo-sdk.skill.REMEDY",
                    "status": {"code": "ER_SUCCESS_MATCH"},
                    "values": [{"value": {"name": "foam roller", "id": "foam_roller"}}],
                }
            ]
        },
    }
    turn = chat.request(
        "IntentRequest",
        intent={"name": "RemedyIntent", "confirmationStatus": "NONE", "slots": {"remedy": slot}},
    )
    assert "Foam roller for the upper back." in pass_safety_check(chat, turn).speech


def test_knot_in_my_shoulder_gets_the_fingertip_massage(talk: Talk) -> None:
    chat = talk()
    turn = chat.say("KnotAreaIntent", area="shoulder")
    assert after_disclaimer(turn.speech).startswith(
        "For a knot in your shoulder, let's try the fingertip massage"
    )
    assert "Step 1 of 5." in pass_safety_check(chat, turn).speech


def test_knot_without_an_area_gets_the_tennis_ball(talk: Talk) -> None:
    turn = talk().say("KnotAreaIntent", area=None)
    assert "For a knot in your back, let's try the tennis ball massage" in turn.speech


def test_repeat_is_exactly_the_last_speech(talk: Talk) -> None:
    chat = talk()
    start_routine(chat, remedy="tennis ball")
    step_two = chat.say("AMAZON.NextIntent")
    again = chat.say("AMAZON.RepeatIntent")
    assert again.ssml == step_two.ssml
    assert again.reprompt_ssml == step_two.reprompt_ssml
    assert chat.say("AMAZON.RepeatIntent").ssml == step_two.ssml
    assert "Step 3 of 7." in chat.say("AMAZON.NextIntent").speech


def test_previous_on_step_one_says_so(talk: Talk) -> None:
    chat = talk()
    start_routine(chat, remedy="yoga")
    turn = chat.say("AMAZON.PreviousIntent")
    assert after_disclaimer(turn.speech).startswith("You're already on the first step.")
    assert turn.session_attributes["routine"]["step"] == 0
    assert "Step 2 of 4." in chat.say("AMAZON.NextIntent").speech
    assert "Step 1 of 4." in chat.say("AMAZON.PreviousIntent").speech


@pytest.mark.parametrize(
    "intent",
    [
        "AMAZON.NextIntent",
        "AMAZON.PreviousIntent",
        "AMAZON.StartOverIntent",
        "AMAZON.PauseIntent",
        "StepProgressIntent",
        "SkipStepIntent",
    ],
)
def test_navigation_without_a_routine_is_helpful(talk: Talk, intent: str) -> None:
    chat = talk()
    chat.launch()
    turn = chat.say(intent)
    assert after_disclaimer(turn.speech).startswith("There's no routine running right now.")
    assert "tennis ball massage" in turn.speech
    assert turn.ends_session is False
    assert turn.reprompt


def test_resume_and_repeat_without_anything_to_resume(talk: Talk) -> None:
    chat = talk()
    resumed = chat.say("AMAZON.ResumeIntent").speech
    assert after_disclaimer(resumed).startswith("There's nothing paused")
    repeated = talk().say("AMAZON.RepeatIntent").speech
    assert after_disclaimer(repeated).startswith("There's nothing to repeat yet.")


def test_unknown_remedy_lists_what_knot_helper_can_guide(talk: Talk) -> None:
    turn = talk().say("RemedyIntent", remedy="a rolling pin")
    assert after_disclaimer(turn.speech).startswith("I can't guide that one")
    assert "tennis ball massage" in turn.speech
    assert turn.ends_session is False


def test_a_tip_is_read_with_the_local_numbers(talk: Talk) -> None:
    turn = talk(locale="en-GB").say("RemedyIntent", remedy="when to see a doctor")
    assert "Call 999 now for chest pain" in turn.speech
    assert "Get advice today from NHS 111" in turn.speech
    assert "{" not in turn.speech
    painkillers = talk().say("RemedyIntent", remedy="ibuprofen").speech
    assert after_disclaimer(painkillers).startswith("Painkillers from")


def test_skip_progress_pause_resume_and_start_over(talk: Talk) -> None:
    chat = talk()
    start_routine(chat, remedy="stretches")
    assert after_disclaimer(chat.say("SkipStepIntent").speech).startswith(
        "Skipping that one. Step 2 of 6."
    )
    progress = chat.say("StepProgressIntent").speech
    assert "step 2 of 6 of the upper back and shoulder stretches" in progress
    assert "4 steps to go after this one." in progress
    paused = chat.say("AMAZON.PauseIntent")
    assert after_disclaimer(paused.speech).startswith("Paused.")
    assert paused.session_attributes["routine"] == {
        "id": "upper_back_stretches",
        "step": 1,
        "paused": True,
    }
    resumed = chat.say("AMAZON.ResumeIntent")
    assert after_disclaimer(resumed.speech).startswith(
        "Picking up where you left off. Step 2 of 6."
    )
    assert resumed.session_attributes["routine"]["paused"] is False
    over = chat.say("AMAZON.StartOverIntent")
    assert after_disclaimer(over.speech).startswith(
        "Starting the upper back and shoulder stretches again"
    )
    assert "Step 1 of 6." in over.speech


def test_unknown_pace_asks_which(talk: Talk) -> None:
    turn = talk().say("SetPaceIntent", pace="sideways")
    assert "slower, faster, or at normal speed" in turn.speech


def test_stray_yes_and_no_get_sensible_replies(talk: Talk) -> None:
    chat = talk()
    chat.launch()
    assert after_disclaimer(chat.say("AMAZON.YesIntent").speech).startswith(
        "I'm not sure what that yes is for."
    )
    turn = chat.say("AMAZON.NoIntent")
    assert after_disclaimer(turn.speech).startswith("Okay.")
    assert turn.ends_session is False


def test_an_old_question_cannot_be_answered_after_moving_on(talk: Talk) -> None:
    chat = talk()
    start_routine(chat, remedy="yoga")
    for _ in range(4):
        chat.say("AMAZON.NextIntent")
    assert "pending" in chat.attributes
    chat.say("ListRoutinesIntent")
    assert after_disclaimer(chat.say("AMAZON.YesIntent").speech).startswith(
        "I'm not sure what that yes is for."
    )


def test_no_to_the_offer_returns_to_the_menu(talk: Talk) -> None:
    chat = talk()
    start_routine(chat, remedy="yoga")
    for _ in range(4):
        chat.say("AMAZON.NextIntent")
    turn = chat.say("AMAZON.NoIntent")
    assert after_disclaimer(turn.speech).startswith("Okay, no problem.")
    assert turn.session_attributes["pending"]["question"] == "menu_page", "only the menu is open"
    assert "Or say: what else." in turn.speech


def test_menus_say_four_choices_then_what_else(talk: Talk) -> None:
    chat = talk()
    heard = [chat.say("ListRoutinesIntent").speech]
    for _ in range(4):
        heard.append(chat.say("MoreOptionsIntent").speech)
    titles = [r.title.lower() for r in LIBRARY.routines.values()]
    titles += [t.title.lower() for t in LIBRARY.tips.values()]
    for speech in heard:
        assert sum(title in speech for title in titles) <= 4
        assert speech.endswith("Which would you like? Or say: what else.")
    assert all(any(title in speech for speech in heard) for title in titles)
    assert "tennis ball massage" in heard[-1], "after the last page, back to the first"


def test_help_and_fallback_inside_a_routine_point_back_to_it(talk: Talk) -> None:
    chat = talk()
    start_routine(chat, remedy="foam roller")
    chat.say("AMAZON.NextIntent")
    helped = chat.say("AMAZON.HelpIntent")
    assert "You're on step 2 of 6 of the foam roller for the upper back" in helped.speech
    assert "call 911" in helped.speech
    confused = chat.say("AMAZON.FallbackIntent")
    assert after_disclaimer(confused.speech).startswith(
        "Sorry, I didn't catch that. If something feels wrong"
    )
    assert "call 911" in confused.speech and "Say next" in confused.speech
    assert "didn't catch" not in chat.say("AMAZON.RepeatIntent").speech
    assert "Step 3 of 6." in chat.say("AMAZON.NextIntent").speech


def test_stop_mid_routine_ends_politely(talk: Talk) -> None:
    chat = talk()
    start_routine(chat, remedy="tennis ball")
    turn = chat.say("AMAZON.StopIntent")
    assert "Goodbye" in turn.speech
    assert turn.ends_session is True


def test_list_routines(talk: Talk) -> None:
    turn = talk().say("ListRoutinesIntent")
    assert "tennis ball massage, upper back and shoulder stretches" in turn.speech
    assert ", or foam roller for the upper back." in turn.speech


def test_tampered_session_attributes_do_not_crash(talk: Talk) -> None:
    chat = talk()
    start_routine(chat, remedy="tennis ball")
    chat.attributes["routine"] = {"id": "tennis_ball", "step": 99}
    assert after_disclaimer(chat.say("AMAZON.NextIntent").speech).startswith(
        "There's no routine running"
    )
    chat.attributes = {"routine": "garbage", "pace": "warp", "last": 5, "pending": []}
    chat.session_id = chat.session_id or "x"
    assert chat.say("AMAZON.RepeatIntent").ends_session is False


def test_yes_and_no_after_a_tip(talk: Talk) -> None:
    chat = talk()
    chat.say("RemedyIntent", remedy="mattress")
    more = chat.say("AMAZON.YesIntent")
    assert after_disclaimer(more.speech).startswith("Great. I can guide a tennis ball massage")
    chat.say("RemedyIntent", remedy="stress")
    done = chat.say("AMAZON.NoIntent")
    assert "Goodbye" in done.speech and done.ends_session is True


@pytest.mark.parametrize("routine_id", list(LIBRARY.routines))
def test_the_opening_reaches_step_one_within_75_words(talk: Talk, routine_id: str) -> None:
    name = next(v.name for v in slot_types()["REMEDY"] if v.id == routine_id)
    turn = start_routine(talk(), remedy=name)
    before = turn.speech[: turn.speech.index("Step 1 of")]
    assert len(before.split()) <= 75, before
    for rule in LIBRARY.stop_rule_texts(LIBRARY.routines[routine_id]):
        assert rule in before
