"""Composes routine replies (plain content + pace in, SSML bodies out). Pure functions.

Only ``skill.ssml`` knows SSML syntax and limits; this module decides what is said in which order.
"""

from __future__ import annotations

from skill import ssml
from skill.prompts import Prompts
from skill.reply import Card
from skill.routines import Library, Routine, Step
from skill.ssml import HoldCues, Pace


def _cues(say: Prompts) -> HoldCues:
    return HoldCues(
        keep_breathing=say.text("routine.keep_breathing"),
        ten_more=say.text("routine.ten_more"),
        release=say.text("routine.release"),
    )


def _one_side(step: Step, say: Prompts) -> str:
    if step.reps == 1:
        return ssml.hold(step.hold, _cues(say))
    counted = "".join(
        ssml.sentence(f"{count}.") + ssml.silence(step.hold) for count in range(1, step.reps + 1)
    )
    return counted + ssml.sentence(say.text("routine.relax"))


def timing(step: Step, say: Prompts, pace: Pace) -> str:
    """The timed part of a step: lead-in, holds or counted repetitions, and the side switch."""
    if not step.is_timed:
        return ""
    if step.reps > 1:
        lead = say.text("routine.counted", reps=str(step.reps))
    else:
        lead = say.text("routine.timed", seconds=str(step.hold))
    body = ssml.sentence(lead) + _one_side(step, say)
    if step.sides:
        body += ssml.gap(pace) + ssml.sentence(say.text("routine.other_side")) + ssml.gap(pace)
        body += ssml.sentence(lead) + _one_side(step, say)
    return body


def step_speech(routine: Routine, index: int, say: Prompts, pace: Pace) -> str:
    """One step: heading, instruction, timing, and the question that keeps things moving."""
    step = routine.steps[index]
    total = len(routine.steps)
    heading = say.text("routine.step_heading", number=str(index + 1), total=str(total))
    question = "routine.last_question" if index == total - 1 else "routine.next_question"
    parts = [
        ssml.sentence(heading),
        ssml.sentence(step.text),
        ssml.gap(pace),
        timing(step, say, pace),
        ssml.gap(pace) if step.is_timed else "",
        ssml.sentence(say.text(question)),
    ]
    return ssml.paced("".join(parts), pace)


def opening_speech(library: Library, routine: Routine, say: Prompts, pace: Pace) -> str:
    """Title, intro and stop rules, then straight into step one."""
    safety = [say.text("routine.safety"), *library.stop_rule_texts(routine)]
    intro = "".join(ssml.sentence(line) for line in [f"{routine.title}.", routine.intro, *safety])
    first = ssml.sentence(say.text("routine.first_step"))
    return ssml.paced(intro + ssml.gap(pace) + first, pace) + step_speech(routine, 0, say, pace)


def finish_speech(routine: Routine, say: Prompts, pace: Pace, suggestion: Routine | None) -> str:
    """The outro, and an offer of a sensible next routine."""
    lines = [
        say.text("routine.finished", title=routine.title.lower()),
        routine.outro,
        say.text("triage.safety_net"),
    ]
    if suggestion is not None:
        lines.append(say.text("routine.offer_next", title=suggestion.title.lower()))
    else:
        lines.append(say.text("routine.tip_question"))
    return ssml.paced("".join(ssml.sentence(line) for line in lines), pace)


def step_timing_text(step: Step, say: Prompts) -> str:
    """The step's timing in plain words, for cards and screens ("" when untimed)."""
    if step.reps > 1:
        text = say.text("routine.screen_reps", reps=str(step.reps), seconds=str(step.hold))
    elif step.is_timed:
        text = say.text("routine.screen_hold", seconds=str(step.hold))
    else:
        return ""
    return f"{text} {say.text('routine.screen_sides')}" if step.sides else text


def step_card(routine: Routine, index: int, say: Prompts) -> Card:
    """The Alexa app card for a step: its number, instruction and timing in plain text."""
    step = routine.steps[index]
    heading = say.text("routine.step_heading", number=str(index + 1), total=str(len(routine.steps)))
    timing = step_timing_text(step, say)
    text = f"{step.text} {timing}" if timing else step.text
    return Card(title=f"{routine.title}: {heading.rstrip('.')}", text=text)
