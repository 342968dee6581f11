"""Every reply of every routine, at every pace, is SSML Alexa accepts, with real-length holds."""

from __future__ import annotations

import dataclasses

import pytest

from skill.routines.library import load_libraries
from skill.routines.speech import (
    HoldCues,
    finish_speech,
    guided_parts,
    hold_parts,
    opening_speech,
    settle_total_ms,
    step_speech,
)
from skill.speech import ssml
from skill.speech.prompts import prompts_for
from skill.speech.ssml import Pace

LIBRARY = load_libraries()["en-US"]
SAY = prompts_for("en-US")
STEPS = [
    (routine, index) for routine in LIBRARY.routines.values() for index in range(len(routine.steps))
]


@pytest.mark.parametrize("pace", list(Pace))
@pytest.mark.parametrize(("routine", "index"), STEPS, ids=[f"{r.id}-{i + 1}" for r, i in STEPS])
def test_every_step_is_valid_ssml_with_exact_hold_time(routine, index: int, pace: Pace) -> None:
    step = routine.steps[index]
    document = ssml.speak(step_speech(routine, index, SAY, pace))
    assert ssml.problems(document) == []
    held = step.timed_seconds * 1000 + settle_total_ms(step, pace)
    assert ssml.timed_silence_ms(document) == held


@pytest.mark.parametrize("pace", list(Pace))
@pytest.mark.parametrize("routine", LIBRARY.routines.values(), ids=list(LIBRARY.routines))
def test_openings_and_endings_are_valid_ssml(routine, pace: Pace) -> None:
    opening = ssml.speak(opening_speech(LIBRARY, routine, SAY, pace))
    assert ssml.problems(opening) == []
    first = routine.steps[0]
    held = first.timed_seconds * 1000 + settle_total_ms(first, pace)
    assert ssml.timed_silence_ms(opening) == held
    for rule in LIBRARY.stop_rule_texts(routine):
        assert ssml.text(rule) in opening
    ending = ssml.speak(finish_speech(routine, SAY, pace, None))
    assert ssml.problems(ending) == []


def test_thirty_second_hold_has_cues_in_the_right_places() -> None:
    cues = HoldCues("Keep breathing.", "Ten more seconds.", "And release.")
    body = ssml.render(hold_parts(30, cues), Pace.NORMAL)
    assert body == (
        '<break time="10000ms"/><s>Keep breathing.</s>'
        '<break time="10000ms"/><s>Ten more seconds.</s>'
        '<break time="10000ms"/><s>And release.</s>'
    )


@pytest.mark.parametrize("seconds", [1, 3, 10, 11, 15, 16, 20, 29, 30, 45, 120])
def test_holds_are_exact_for_any_length(seconds: int) -> None:
    body = ssml.render(hold_parts(seconds, HoldCues("a", "b", "c")), Pace.NORMAL)
    document = ssml.speak(body)
    assert ssml.problems(document) == []
    assert ssml.timed_silence_ms(document) == seconds * 1000


@pytest.mark.parametrize("routine", LIBRARY.routines.values(), ids=list(LIBRARY.routines))
def test_guided_session_holds_every_step_once_and_asks_nothing(routine) -> None:
    parts = guided_parts(LIBRARY, routine, SAY)
    document = ssml.speak(ssml.render(parts, Pace.NORMAL))
    assert ssml.timed_silence_ms(document) == sum(
        s.timed_seconds * 1000 + settle_total_ms(s, Pace.NORMAL) for s in routine.steps
    )
    assert "Say next" not in document
    assert [p.index for p in parts if isinstance(p, ssml.StepStart)] == list(
        range(len(routine.steps))
    )


def test_a_chime_url_marks_each_step_in_speech() -> None:
    routine = LIBRARY.routines["yoga"]
    body = step_speech(routine, 1, SAY, Pace.NORMAL, "https://cdn.example.org/audio/chime.mp3")
    assert body.count('<audio src="https://cdn.example.org/audio/chime.mp3"/>') == 1
    assert ssml.problems(ssml.speak(body)) == []


def test_repetitions_are_counted_aloud() -> None:
    routine = LIBRARY.routines["upper_back_stretches"]
    speech = step_speech(routine, 0, SAY, Pace.NORMAL)
    for count in range(1, 6):
        assert f"<s>{count}.</s>" in speech


def test_sides_switch_and_double_the_hold() -> None:
    routine = LIBRARY.routines["upper_back_stretches"]
    speech = step_speech(routine, 3, SAY, Pace.NORMAL)
    assert speech.count("For 20 seconds, starting now.") == 2
    assert "Now switch to the other side." in speech


def test_pace_changes_prosody_and_pauses() -> None:
    routine = LIBRARY.routines["tennis_ball"]
    slow = step_speech(routine, 1, SAY, Pace.SLOW)
    normal = step_speech(routine, 1, SAY, Pace.NORMAL)
    fast = step_speech(routine, 1, SAY, Pace.FAST)
    assert slow.startswith('<prosody rate="85%">') and 'strength="x-strong"' in slow
    assert "<prosody" not in normal and 'strength="strong"' in normal
    assert fast.startswith('<prosody rate="115%">') and 'strength="medium"' in fast


def test_a_kept_step_body_belongs_to_its_own_routine_and_prompts() -> None:
    routine = LIBRARY.routines["tennis_ball"]
    first = step_speech(routine, 1, SAY, Pace.NORMAL)
    assert step_speech(routine, 1, SAY, Pace.NORMAL) == first
    changed = dataclasses.replace(
        routine, steps=(routine.steps[0], dataclasses.replace(routine.steps[1], text="Roll on."))
    )
    assert "<s>Roll on.</s>" in step_speech(changed, 1, SAY, Pace.NORMAL)
    other_words = dataclasses.replace(
        SAY, templates={**SAY.templates, "routine.next_question": "Onward?"}
    )
    assert "<s>Onward?</s>" in step_speech(routine, 1, other_words, Pace.NORMAL)
    assert step_speech(routine, 1, SAY, Pace.NORMAL) == first


def test_text_is_escaped() -> None:
    assert ssml.sentence("Salt & <pepper>") == "<s>Salt &amp; &lt;pepper&gt;</s>"


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ("<speak>ok<break time='11s'/></speak>", "break of '11s'"),
        ("<speak><audio-x/></speak>", "unsupported tag <audio-x>"),
        ("<speak>a & b</speak>", "not well-formed"),
        ("<p>hi</p>", "root is <p>"),
        ("<speak>" + "a" * 8000 + "</speak>", "over 8000"),
    ],
)
def test_the_checker_finds_what_alexa_rejects(document: str, problem: str) -> None:
    assert any(problem in found for found in ssml.problems(document))


def test_speak_refuses_overlong_output() -> None:
    with pytest.raises(ValueError, match="8000"):
        ssml.speak("a" * 8000)
