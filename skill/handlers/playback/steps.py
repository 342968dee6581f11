"""Routine replies shared by several handlers: menus, steps, start and finish."""

from __future__ import annotations

from dataclasses import replace

from skill.conversation.reply import Reply
from skill.conversation.session_state import Pending, Progress
from skill.handlers.base import Context
from skill.handlers.playback.audio import chime_url
from skill.routines.library import Routine, Tip
from skill.routines.screen import step_view
from skill.routines.speech import (
    finish_speech,
    opening_speech,
    resume_speech,
    step_card,
    step_speech,
    step_timing_text,
)
from skill.speech import ssml

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


#: A spoken list holds at most this many choices; "what else" hears the next ones.
MENU_PAGE_SIZE = 4
MENU_PAGE = "menu_page"


def _spoken_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f", or {items[-1]}"


def menu_reply(ctx: Context, lead: str = "", page: int = 0, *, explicit: bool = False) -> Reply:
    """What Knot Helper can do, as a question: four choices at a time, then "what else".

    With a routine running (and the menu not asked for), ``lead`` hands back to the routine
    instead: nobody lying on a ball needs the menu.
    """
    current = ctx.current_routine()
    if current is not None and not explicit:
        reprompt = ctx.say.ssml("routine.waiting_reprompt", number=str(current[1] + 1))
        speech = f"{lead} {reprompt}" if lead else reprompt
        return replace(Reply.ask(speech, reprompt), repeatable=False)
    routines = [routine.title.lower() for routine in ctx.library.routines.values()]
    tips = [tip.title.lower() for tip in ctx.library.tips.values()]
    choices = [("routine", title) for title in routines] + [("tip", title) for title in tips]
    pages = max(1, -(-len(choices) // MENU_PAGE_SIZE))
    page = page % pages
    shown = choices[page * MENU_PAGE_SIZE : (page + 1) * MENU_PAGE_SIZE]
    guided = [title for kind, title in shown if kind == "routine"]
    advice = [title for kind, title in shown if kind == "tip"]
    parts = []
    if guided:
        parts.append(ctx.say.text("routine.menu_routines", routines=_spoken_list(guided)))
    if advice:
        parts.append(ctx.say.text("routine.menu_tips", tips=_spoken_list(advice)))
    parts.append(ctx.say.text("routine.menu_question"))
    ctx.state.pending = Pending(MENU_PAGE, str(page + 1))
    speech = "".join(ssml.sentence(part) for part in parts)
    return Reply.ask((lead + " " if lead else "") + speech, ctx.say.ssml("routine.menu_reprompt"))


def step_reply(ctx: Context, routine: Routine, index: int, lead: str = "") -> Reply:
    """Read step ``index`` and remember it as the current step."""
    speech = step_speech(routine, index, ctx.say, ctx.state.pace, chime_url(ctx))
    return _step_ask(ctx, routine, index, speech, lead)


def open_routine(ctx: Context, routine: Routine, lead: str = "", start: int = 0) -> Reply:
    """Start ``routine`` from its introduction and stop rules, then step ``start`` (no safety
    check; see ``request_routine`` for the entry point that asks it first)."""
    speech = opening_speech(
        ctx.library, routine, ctx.say, ctx.state.pace, chime_url(ctx), start=start
    )
    return _step_ask(ctx, routine, start, speech, lead)


def resume_reply(ctx: Context, routine: Routine, index: int, lead: str = "") -> Reply:
    """Carry on with ``routine`` from an earlier session: its stop rules again, then the step."""
    speech = resume_speech(
        ctx.library, routine, index, ctx.say, pace=ctx.state.pace, chime_url=chime_url(ctx)
    )
    return _step_ask(ctx, routine, index, speech, lead)


def _step_ask(ctx: Context, routine: Routine, index: int, speech: str, lead: str) -> Reply:
    """Ask with step ``index`` as the current step: ``lead`` first, the step's card and screen."""
    ctx.state.progress = Progress(routine.id, index)
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
    """Say a tip, then ask ``key`` (by default whether there is anything else, or whether to
    start the routine the tip suggests)."""
    offered = ctx.library.routines.get(tip.offer or "")
    if question is None and offered is not None:
        question, key = Pending(OFFER_ROUTINE, offered.id), "routine.offer_after_tip"
    ctx.state.pending = question or Pending(ANYTHING_ELSE)
    title = offered.title.lower() if offered is not None else ""
    body = ssml.text(tip.text.format_map(dict(ctx.say.numbers)))
    asked = ctx.say.ssml(key, title=title) if offered is not None else ctx.say.ssml(key)
    speech = f"{body} {asked}"
    if lead:
        speech = ssml.sentence(lead) + speech
    reprompt = ctx.say.ssml("routine.tip_reprompt") if question is None else asked
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
