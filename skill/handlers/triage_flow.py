"""Replies of the safety check, and the gate that runs the quick check before a routine."""

from __future__ import annotations

from dataclasses import replace

from skill import ssml
from skill.handlers.audio_flow import playable, start_guided
from skill.handlers.base import Context
from skill.handlers.routine_flow import DEFAULT_ROUTINE, OFFER_ROUTINE, open_routine, step_reply
from skill.reply import Reply
from skill.routines import Routine
from skill.session_state import Pending, Then
from skill.triage import Ask, Mode, Outcome, Position, Questions, Tier, questions_for

TRIAGE_QUESTION = "triage"


def ask_reply(
    ctx: Context, questions: Questions, ask: Ask, then: Then | None, lead: str = ""
) -> Reply:
    """Ask the question at ``ask.position`` and remember only where the check stands."""
    ctx.state.set_triage(ask.position, then)
    ctx.state.pending = Pending(TRIAGE_QUESTION)
    question = questions.table(ask.position.mode)[ask.position.index].text
    yes_or_no = ctx.say.text("triage.say_yes_or_no")
    lines = [lead] if lead else []
    if ask.again:
        lines += [ctx.say.text("triage.unsure_again"), question, yes_or_no]
    else:
        lines.append(question)
    speech = "".join(ssml.sentence(line) for line in lines)
    return Reply.ask(speech, ssml.sentence(question) + ssml.sentence(yes_or_no))


def emergency_reply(ctx: Context, lead: str = "") -> Reply:
    """Call the emergency number now: said twice, no routine, the session ends."""
    ctx.state.set_triage(None)
    ctx.state.progress = None
    ctx.state.pending = None
    speech = (ssml.sentence(lead) if lead else "") + ctx.say.ssml("triage.emergency")
    return Reply.tell(speech)


def _offer(ctx: Context, routine: Routine, lead: str) -> Reply:
    ctx.state.pending = Pending(OFFER_ROUTINE, routine.id)
    title = routine.title.lower()
    speech = f"{lead} {ctx.say.ssml('triage.offer_routine', title=title)}"
    return Reply.ask(speech, ctx.say.ssml("triage.offer_reprompt", title=title))


def outcome_reply(ctx: Context, outcome: Outcome, mode: Mode, then: Then | None) -> Reply:
    """What the check's tier means for the person, in the locale's words and numbers."""
    ctx.state.set_triage(None)
    ctx.state.pending = None
    lead = ctx.say.text("triage.assumed_yes") if outcome.assumed_yes else ""
    if outcome.tier is Tier.EMERGENCY:
        return emergency_reply(ctx, lead)
    prefix = ssml.sentence(lead) if lead else ""
    if outcome.tier is Tier.URGENT:
        ctx.state.progress = None
        return Reply.tell(prefix + ctx.say.ssml("triage.urgent"))
    ctx.state.screened = True
    wanted = ctx.library.routines.get(then.routine_id) if then else None
    routine = wanted or ctx.library.routines[DEFAULT_ROUTINE]
    if outcome.tier is Tier.SOON:
        return _offer(ctx, routine, prefix + ctx.say.ssml("triage.soon"))
    if mode is Mode.QUICK and then and wanted:
        return _continue_after_check(ctx, routine, then)
    clear = f"{ctx.say.ssml('triage.clear')} {ctx.say.ssml('triage.safety_net')}"
    return _offer(ctx, routine, clear)


def _continue_after_check(ctx: Context, routine: Routine, then: Then) -> Reply:
    """All clear: start what the person asked for (the routine, its guided audio, or the step
    they left)."""
    go = ctx.say.text("triage.clear_quick")
    track = playable(ctx, routine) if then.guided else None
    if track is not None:
        guided = start_guided(ctx, routine, track)
        return replace(guided, speech=f"{ssml.text(go)} {guided.speech}")
    if 0 < then.step < len(routine.steps):
        return step_reply(ctx, routine, then.step, f"{go} {ctx.say.text('routine.resuming')}")
    return open_routine(ctx, routine, go)


def start_check(
    ctx: Context, questions: Questions, mode: Mode, then: Then | None, lead_key: str
) -> Reply:
    """Begin a check at its first question."""
    ask = Ask(Position(mode, 0))
    return ask_reply(ctx, questions, ask, then, ctx.say.text(lead_key))


def request_routine(ctx: Context, routine: Routine, lead: str = "") -> Reply:
    """Start ``routine``, asking the quick safety check first once per session."""
    if ctx.state.screened:
        return open_routine(ctx, routine, lead)
    questions = questions_for(ctx.say.locale)
    reply = start_check(ctx, questions, Mode.QUICK, Then(routine.id), "triage.quick_intro")
    if lead:
        return replace(reply, speech=ssml.sentence(lead) + reply.speech)
    return reply


def request_resume(ctx: Context, routine: Routine, step: int) -> Reply:
    """Carry on with ``routine`` at ``step`` from an earlier session, after the quick check."""
    if ctx.state.screened:
        return step_reply(ctx, routine, step, ctx.say.text("routine.resuming"))
    questions = questions_for(ctx.say.locale)
    return start_check(ctx, questions, Mode.QUICK, Then(routine.id, step), "triage.quick_intro")
