"""Composes routines into parts (what is said, in which order, with which pauses). Pure.

The same parts become SSML for spoken replies (``skill.speech.ssml.render``) and the guided
audio tracks (``skill.audio``), so both say exactly the same words from the same content files.
"""

from __future__ import annotations

from dataclasses import dataclass

from skill.conversation.reply import Card
from skill.routines.library import Library, Routine, Step
from skill.speech import ssml
from skill.speech.prompts import Prompts
from skill.speech.ssml import Gap, Pace, Part, Say, Settle, Silence, StepStart


@dataclass(frozen=True)
class HoldCues:
    """Short spoken cues laid over a timed hold (plain text, per locale)."""

    keep_breathing: str
    ten_more: str
    end: str

    @classmethod
    def of(cls, say: Prompts, ends_with: str = "release") -> HoldCues:
        """The cues of a hold that ends with ``ends_with`` (release, stop, rest...)."""
        return cls(
            say.text("routine.keep_breathing"),
            say.text("routine.ten_more"),
            say.text(f"routine.{ends_with}"),
        )


def hold_parts(seconds: int, cues: HoldCues) -> list[Part]:
    """A timed hold: exactly ``seconds`` of silence, with cues at the right moments.

    Holds of 30 s or more get "keep breathing" after 10 s; holds over 15 s get "ten more seconds"
    10 s before the end; every hold ends with its end cue ("and release", "and stop"...).
    """
    if seconds <= 0:
        raise ValueError("a hold needs a positive number of seconds")
    parts: list[Part] = []
    elapsed = 0
    if seconds >= 30:
        parts += [Silence(10), Say(cues.keep_breathing)]
        elapsed = 10
    if seconds > 15:
        parts += [Silence(seconds - 10 - elapsed), Say(cues.ten_more)]
        elapsed = seconds - 10
    return [*parts, Silence(seconds - elapsed), Say(cues.end)]


def _one_side(step: Step, say: Prompts) -> list[Part]:
    if step.reps == 1:
        return hold_parts(step.hold, HoldCues.of(say, step.ends_with))
    parts: list[Part] = []
    for count in range(1, step.reps + 1):
        parts += [Say(f"{count}."), Silence(step.hold)]
    return [*parts, Say(say.text(f"routine.{step.ends_with}"))]


def timing_parts(step: Step, say: Prompts) -> list[Part]:
    """The timed part of a step: time to get into position, then the lead-in ("starting now"),
    holds or counted repetitions; for two-sided steps the switch, time to get there, and again."""
    if not step.is_timed:
        return []
    if step.reps > 1:
        lead = say.text("routine.counted", reps=str(step.reps))
    else:
        lead = say.text("routine.timed", seconds=str(step.hold))
    parts: list[Part] = [Settle(step.settle), Say(lead), *_one_side(step, say)]
    if step.sides:
        parts += [Gap(), Say(say.text("routine.other_side")), Settle(step.settle), Say(lead)]
        parts += _one_side(step, say)
    return parts


def settle_total_ms(step: Step, pace: Pace) -> int:
    """All the get-into-position time of a step at ``pace`` (once per side; 0 when untimed)."""
    if not step.is_timed:
        return 0
    return ssml.settle_ms(step.settle, pace) * (2 if step.sides else 1)


def step_parts(routine: Routine, index: int, say: Prompts, ask: bool = True) -> list[Part]:
    """One step: heading, instruction, timing, and (spoken only) the question that moves on."""
    step = routine.steps[index]
    total = len(routine.steps)
    heading = say.text("routine.step_heading", number=str(index + 1), total=str(total))
    parts: list[Part] = [StepStart(index), Say(heading), Say(step.text)]
    parts += timing_parts(step, say) if step.is_timed else [Gap()]
    if ask:
        question = "routine.last_question" if index == total - 1 else "routine.next_question"
        parts += [Gap(), Say(say.text(question))] if step.is_timed else [Say(say.text(question))]
    return parts


def opening_parts(library: Library, routine: Routine, say: Prompts) -> list[Part]:
    """Title, intro and stop rules, then "let's begin"."""
    lines = [f"{routine.title}.", routine.intro, say.text("routine.safety")]
    lines += library.stop_rule_texts(routine)
    return [*(Say(line) for line in lines), Gap()]


def ending_parts(routine: Routine, say: Prompts) -> list[Part]:
    """The outro and the safety net."""
    finished = say.text("routine.finished", title=routine.title.lower())
    return [Say(finished), Say(routine.outro), Say(say.text("triage.safety_net"))]


def guided_parts(library: Library, routine: Routine, say: Prompts) -> list[Part]:
    """The whole routine as one guided session (no questions: the listener says next/pause)."""
    parts = opening_parts(library, routine, say)
    for index in range(len(routine.steps)):
        parts += [Gap(), *step_parts(routine, index, say, ask=False)]
    return [*parts, Gap(), *ending_parts(routine, say)]


#: Step bodies already composed, by (routine, step, prompts, pace, chime): the routine and prompts
#: are matched by identity (kept in the entry, so their ids stay theirs) and never change.
_STEP_SPEECH: dict[tuple[int, int, int, Pace, str | None], tuple[Routine, Prompts, str]] = {}
MAX_CACHED_STEPS = 512


def step_speech(
    routine: Routine, index: int, say: Prompts, pace: Pace, chime_url: str | None = None
) -> str:
    """SSML body for one step (composed once per routine, step, locale, pace and chime)."""
    key = (id(routine), index, id(say), pace, chime_url)
    known = _STEP_SPEECH.get(key)
    if known is not None and known[0] is routine and known[1] is say:
        return known[2]
    speech = ssml.render(step_parts(routine, index, say), pace, chime_url)
    if len(_STEP_SPEECH) >= MAX_CACHED_STEPS:
        _STEP_SPEECH.clear()
    _STEP_SPEECH[key] = (routine, say, speech)
    return speech


def opening_speech(
    library: Library,
    routine: Routine,
    say: Prompts,
    pace: Pace,
    chime_url: str | None = None,
    *,
    start: int = 0,
) -> str:
    """SSML body for the start of a routine: opening, then step ``start`` (one, usually)."""
    parts = opening_parts(library, routine, say) + step_parts(routine, start, say)
    return ssml.render(parts, pace, chime_url)


def resume_speech(
    library: Library,
    routine: Routine,
    index: int,
    say: Prompts,
    *,
    pace: Pace,
    chime_url: str | None,
) -> str:
    """SSML body for carrying on in a later session: the stop rules again, then the step."""
    lines = [say.text("routine.resuming"), say.text("routine.safety")]
    lines += library.stop_rule_texts(routine)
    if routine.setup and index > 0:
        lines.append(say.text("routine.position", setup=routine.setup))
    parts: list[Part] = [*(Say(line) for line in lines), Gap(), *step_parts(routine, index, say)]
    return ssml.render(parts, pace, chime_url)


def finish_speech(routine: Routine, say: Prompts, pace: Pace, suggestion: Routine | None) -> str:
    """SSML body for the end of a routine, with an offer of a sensible next one."""
    parts = ending_parts(routine, say)
    if suggestion is not None:
        parts.append(Say(say.text("routine.offer_next", title=suggestion.title.lower())))
    else:
        parts.append(Say(say.text("routine.tip_question")))
    return ssml.render(parts, pace)


#: What a card says about a single timed stretch of a step, by how the step ends.
_SCREEN_TIMING = {"stop": "routine.screen_keep_going", "rest": "routine.screen_rest"}


def step_timing_text(step: Step, say: Prompts) -> str:
    """The step's timing in plain words, for cards and screens ("" when untimed)."""
    if step.reps > 1:
        text = say.text("routine.screen_reps", reps=str(step.reps), seconds=str(step.hold))
    elif step.is_timed:
        key = _SCREEN_TIMING.get(step.ends_with, "routine.screen_hold")
        text = say.text(key, seconds=str(step.hold))
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
