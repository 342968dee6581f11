"""Pacing that fits a body: time to get into position, cues that fit the step, pace changes that
do not replay a hold. The spoken SSML and the guided audio come from the same parts."""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Callable
from typing import Any

import pytest

from skill.routines.library import Routine, load_libraries, parse_library
from skill.routines.speech import guided_parts, step_card, step_speech
from skill.speech import ssml
from skill.speech.prompts import CONTENT_DIR, ContentError, prompts_for
from skill.speech.ssml import Pace, Say, Settle
from skill.tools.simulator.session import Conversation
from tests.flows import after_disclaimer, start_routine

LIBRARY = load_libraries()["en-US"]
SAY = prompts_for("en-US")
TIMED = [
    (routine, index)
    for routine in LIBRARY.routines.values()
    for index, step in enumerate(routine.steps)
    if step.is_timed
]
TIMED_IDS = [f"{routine.id}-{index + 1}" for routine, index in TIMED]
_BREAKS = r'((?:<break time="\d+ms"/>)+)'
Talk = Callable[..., Conversation]


def breaks_ms(run: str) -> int:
    return sum(int(ms) for ms in re.findall(r'time="(\d+)ms"', run))


def lead_of(routine: Routine, index: int) -> str:
    step = routine.steps[index]
    if step.reps > 1:
        return SAY.text("routine.counted", reps=str(step.reps))
    return SAY.text("routine.timed", seconds=str(step.hold))


@pytest.mark.parametrize("pace", list(Pace))
@pytest.mark.parametrize(("routine", "index"), TIMED, ids=TIMED_IDS)
def test_a_hold_starts_only_after_time_to_get_into_position(
    routine: Routine, index: int, pace: Pace
) -> None:
    step = routine.steps[index]
    body = step_speech(routine, index, SAY, pace)
    instruction = f"<s>{ssml.text(step.text)}</s>"
    lead = f"<s>{ssml.text(lead_of(routine, index))}</s>"
    found = re.search(re.escape(instruction) + _BREAKS + re.escape(lead), body)
    assert found is not None, "the instruction, a pause, then 'starting now'"
    waited = breaks_ms(found.group(1))
    assert waited == ssml.settle_ms(step.settle, pace) >= 3000


@pytest.mark.parametrize(("routine", "index"), TIMED, ids=TIMED_IDS)
def test_the_pause_is_longer_when_slow_and_never_under_three_seconds(
    routine: Routine, index: int
) -> None:
    settle = routine.steps[index].settle
    slow, normal, fast = (ssml.settle_ms(settle, pace) for pace in Pace)
    assert slow > normal >= fast >= 3000
    assert normal == settle * 1000


def test_settle_scaling_by_pace() -> None:
    assert [ssml.settle_ms(4, pace) for pace in Pace] == [6000, 4000, 3000]
    assert [ssml.settle_ms(6, pace) for pace in Pace] == [9000, 6000, 4500]
    assert [ssml.settle_ms(3, pace) for pace in Pace] == [4500, 3000, 3000]


@pytest.mark.parametrize("pace", list(Pace))
@pytest.mark.parametrize(
    ("routine", "index"),
    [(r, i) for r, i in TIMED if r.steps[i].sides],
    ids=[f"{r.id}-{i + 1}" for r, i in TIMED if r.steps[i].sides],
)
def test_switching_sides_leaves_time_to_get_there(routine: Routine, index: int, pace: Pace) -> None:
    step = routine.steps[index]
    body = step_speech(routine, index, SAY, pace)
    switch = f"<s>{ssml.text(SAY.text('routine.other_side'))}</s>"
    lead = f"<s>{ssml.text(lead_of(routine, index))}</s>"
    found = re.search(re.escape(switch) + _BREAKS + re.escape(lead), body)
    assert found is not None
    assert breaks_ms(found.group(1)) == ssml.settle_ms(step.settle, pace) >= 3000


@pytest.mark.parametrize(
    ("routine_id", "number", "cue"),
    [
        ("tennis_ball", 2, "And stop."),  # rolling
        ("tennis_ball", 3, "And release."),  # resting on a tender spot
        ("tennis_ball", 7, "That's it."),  # lying still
        ("foam_roller", 2, "And stop."),
        ("foam_roller", 6, "That's it."),
        ("upper_back_stretches", 1, "And relax."),  # counted shoulder rolls
        ("upper_back_stretches", 4, "And release."),  # a stretch
        ("upper_back_stretches", 6, "That's it."),
        ("yoga", 4, "That's it."),
        ("finger_massage", 2, "And stop."),  # circles
        ("finger_massage", 3, "And release."),  # steady pressure
    ],
)
def test_the_cue_after_a_hold_fits_what_the_body_did(
    routine_id: str, number: int, cue: str
) -> None:
    body = step_speech(LIBRARY.routines[routine_id], number - 1, SAY, Pace.NORMAL)
    spoken = ssml.readable_words(ssml.speak(body))
    assert " ".join(spoken).count(cue) == (
        2 if LIBRARY.routines[routine_id].steps[number - 1].sides else 1
    )
    for other in {"And stop.", "And release.", "And relax.", "That's it."} - {cue}:
        assert other not in " ".join(spoken)


def test_no_release_cue_after_rolling_or_lying_still() -> None:
    tennis = LIBRARY.routines["tennis_ball"]
    for index in (1, 6):
        assert "And release." not in step_speech(tennis, index, SAY, Pace.NORMAL)


def test_cards_say_what_the_step_does_for_its_time() -> None:
    tennis = LIBRARY.routines["tennis_ball"]
    assert step_card(tennis, 1, SAY).text.endswith("Keep going for 30 seconds.")
    assert step_card(tennis, 2, SAY).text.endswith("Hold 30 seconds.")
    assert step_card(tennis, 6, SAY).text.endswith("Rest for 10 seconds.")


@pytest.mark.parametrize("routine", LIBRARY.routines.values(), ids=list(LIBRARY.routines))
def test_guided_audio_waits_for_position_like_the_speech(routine: Routine) -> None:
    parts = guided_parts(LIBRARY, routine, SAY)
    leads = {lead_of(routine, i) for i, step in enumerate(routine.steps) if step.is_timed}
    for position, part in enumerate(parts):
        if isinstance(part, Say) and part.text in leads:
            assert isinstance(parts[position - 1], Settle), part.text
    expected = sum((2 if s.sides else 1) for s in routine.steps if s.is_timed)
    assert sum(isinstance(part, Settle) for part in parts) == expected


DOCUMENT = tomllib.loads((CONTENT_DIR / "en-US" / "routines.toml").read_text())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"settle": 2}, "settle must be 3 to 15"),
        ({"settle": 40}, "settle must be 3 to 15"),
        ({"ends_with": "bounce"}, "ends_with must be one of"),
    ],
)
def test_step_timing_fields_are_validated(change: dict[str, Any], message: str) -> None:
    document = copy.deepcopy(DOCUMENT)
    document["routine"][0]["step"][1].update(change)
    with pytest.raises(ContentError, match=message):
        parse_library(document)


def test_an_untimed_step_takes_no_settle() -> None:
    document = copy.deepcopy(DOCUMENT)
    document["routine"][0]["step"][0]["settle"] = 5
    with pytest.raises(ContentError, match="untimed"):
        parse_library(document)


def test_changing_the_pace_does_not_replay_the_hold(talk: Talk) -> None:
    chat = talk()
    start_routine(chat, remedy="tennis ball")
    step_two = chat.say("AMAZON.NextIntent")
    assert "Step 2 of 7." in step_two.speech
    slower = chat.say("SetPaceIntent", pace="slow down")
    assert slower.speech == (
        "Okay, I'll go slower. Say repeat to hear this step at the new speed, "
        "or next when you're ready."
    )
    assert ssml.timed_silence_ms(slower.ssml) == 0, "no hold replayed unasked"
    assert '<prosody rate="85%">' in slower.ssml
    again = chat.say("AMAZON.RepeatIntent")
    assert "Step 2 of 7." in again.speech and '<prosody rate="85%">' in again.ssml
    hold = LIBRARY.routines["tennis_ball"].steps[1]
    assert ssml.timed_silence_ms(again.ssml) == hold.hold * 1000 + ssml.settle_ms(
        hold.settle, Pace.SLOW
    )
    following = chat.say("AMAZON.NextIntent")
    assert "Step 3 of 7." in following.speech and '<prosody rate="85%">' in following.ssml
    chat.say("SetPaceIntent", pace="normal speed")
    assert "<prosody" not in chat.say("AMAZON.NextIntent").ssml


def test_changing_the_pace_outside_a_routine_says_so_and_offers_the_menu(talk: Talk) -> None:
    turn = talk().say("SetPaceIntent", pace="faster")
    assert after_disclaimer(turn.speech).startswith("Okay, I'll go a little faster.")
    assert '<prosody rate="115%">' in turn.ssml


def test_changing_the_pace_while_paused_keeps_the_pause(talk: Talk) -> None:
    chat = talk()
    start_routine(chat, remedy="yoga")
    chat.say("AMAZON.PauseIntent")
    faster = chat.say("SetPaceIntent", pace="faster")
    assert faster.speech.startswith("Okay, I'll go a little faster.")
    assert faster.session_attributes["routine"]["paused"] is True
    resumed = chat.say("AMAZON.ResumeIntent")
    assert "Step 1 of 4." in resumed.speech and '<prosody rate="115%">' in resumed.ssml
