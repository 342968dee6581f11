"""Routine replies shared by several handlers: menus, steps, start and finish."""

from __future__ import annotations

from dataclasses import replace

from skill import ssml
from skill.apl import step_view
from skill.handlers.audio_flow import chime_url
from skill.handlers.base import Context
from skill.reply import Reply
from skill.routine_speech import (
    finish_speech,
    opening_speech,
    resume_speech,
    step_card,
    step_speech,
    step_timing_text,
)
from skill.routines import Routine, Tip
from skill.session_state import Pending, Progress

OFFER_ROUTINE = "offer_routine"
OFFER_CHECK = "offer_check"
SEE_DOCTOR_TIP = "see_doctor"
ANYTHING_ELSE = "anything_else"
DEFAULT_ROUTINE = "tennis_ball"


def _with_screen(ctx: Context, routine: Routine, index: int, reply: Reply) -> Reply:
    """Add the APL step view when the device has a screen."""
    if not ctx.has_screen:
        return reply
    step = routine.steps[index]
    progress = ctx.say.text(
        "routine.step_heading", number=str(index + 1), total=str(len(routine.steps))
    )
    view = step_view(routine.title, progress, step.text, step_timing_text(step, ctx.say))
    return replace(reply, directives=(*reply.directives, view))


def menu_reply(ctx: Context, lead: str = "") -> Reply:
    """What Knot Helper can guide, as a question."""
    titles = [routine.title.lower() for routine in ctx.library.routines.values()]
    listed = ", ".join(titles[:-1]) + f", or {titles[-1]}"
    speech = (lead + " " if lead else "") + ctx.say.ssml("routine.menu", routines=listed)
    return Reply.ask(speech, ctx.say.ssml("routine.menu_reprompt"))


def step_reply(ctx: Context, routine: Routine, index: int, lead: str = "") -> Reply:
    """Read step ``index`` and remember it as the current step."""
    ctx.state.progress = Progress(routine.id, index)
    speech = step_speech(routine, index, ctx.say, ctx.state.pace, chime_url(ctx))
    if lead:
        speech = ssml.sentence(lead) + speech
    return _with_screen(
        ctx,
        routine,
        index,
        Reply.ask(speech, ctx.say.ssml("routine.reprompt"), step_card(routine, index, ctx.say)),
    )


def open_routine(ctx: Context, routine: Routine, lead: str = "", start: int = 0) -> Reply:
    """Start ``routine`` from its introduction and stop rules, then step ``start`` (no safety
    check; see ``request_routine`` for the entry point that asks it first)."""
    ctx.state.progress = Progress(routine.id, start)
    speech = opening_speech(
        ctx.library, routine, ctx.say, ctx.state.pace, chime_url(ctx), start=start
    )
    if lead:
        speech = ssml.sentence(lead) + speech
    return _with_screen(
        ctx,
        routine,
        start,
        Reply.ask(speech, ctx.say.ssml("routine.reprompt"), step_card(routine, start, ctx.say)),
    )


def resume_reply(ctx: Context, routine: Routine, index: int, lead: str = "") -> Reply:
    """Carry on with ``routine`` from an earlier session: its stop rules again, then the step."""
    ctx.state.progress = Progress(routine.id, index)
    speech = resume_speech(
        ctx.library, routine, index, ctx.say, pace=ctx.state.pace, chime_url=chime_url(ctx)
    )
    if lead:
        speech = ssml.sentence(lead) + speech
    reply = Reply.ask(speech, ctx.say.ssml("routine.reprompt"), step_card(routine, index, ctx.say))
    return _with_screen(ctx, routine, index, reply)


def tip_reply(
    ctx: Context,
    tip: Tip,
    lead: str = "",
    *,
    question: Pending | None = None,
    key: str = "routine.tip_question",
) -> Reply:
    """Say a tip, then ask ``key`` (by default whether there is anything else)."""
    ctx.state.pending = question or Pending(ANYTHING_ELSE)
    body = ssml.text(tip.text.format_map(dict(ctx.say.numbers)))
    speech = f"{body} {ctx.say.ssml(key)}"
    if lead:
        speech = ssml.sentence(lead) + speech
    reprompt = ctx.say.ssml("routine.tip_reprompt") if question is None else ctx.say.ssml(key)
    return Reply.ask(speech, reprompt)


def finish_routine(ctx: Context, routine: Routine) -> Reply:
    """Close a routine and offer the next one in the list."""
    ctx.state.progress = None
    ids = list(ctx.library.routines)
    following = routine.next or ids[(ids.index(routine.id) + 1) % len(ids)]
    suggestion = ctx.library.routines[following]
    speech = finish_speech(routine, ctx.say, ctx.state.pace, suggestion)
    ctx.state.pending = Pending(OFFER_ROUTINE, suggestion.id)
    reprompt = ctx.say.ssml("routine.offer_reprompt", title=suggestion.title.lower())
    return Reply.ask(speech, reprompt)


def no_routine_reply(ctx: Context) -> Reply:
    return menu_reply(ctx, ctx.say.ssml("routine.no_routine"))


def tip_list(ctx: Context) -> str:
    titles = [tip.title.lower() for tip in ctx.library.tips.values()]
    return ", ".join(titles[:-1]) + f", and {titles[-1]}"
