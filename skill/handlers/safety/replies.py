"""Replies of the safety check, and the gate that runs the quick check before a routine."""

from __future__ import annotations

from dataclasses import replace

from skill.conversation.reply import Card, Reply
from skill.conversation.session_state import Pending, Then
from skill.handlers.base import Context
from skill.handlers.playback.audio import playable, start_guided
from skill.handlers.playback.steps import (
    DEFAULT_ROUTINE,
    OFFER_ROUTINE,
    menu_reply,
    open_routine,
    resume_reply,
    step_reply,
    tip_reply,
)
from skill.routines.library import Routine
from skill.safety.check import Ask, Mode, Outcome, Position, Questions, Tier, first
from skill.safety.questions import questions_for
from skill.speech import ssml

TRIAGE_QUESTION = "triage"
#: Not a pressure routine: offered instead of one when pressure may not be safe.
GENTLE_ROUTINE = "upper_back_stretches"


def ask_reply(
    ctx: Context, questions: Questions, ask: Ask, then: Then | None, lead: str = ""
) -> Reply:
    """Ask at ``ask.position`` and remember only where the check stands (what to offer
    after a no and the check to go back to are kept as they are)."""
    ctx.state.set_triage(ask.position, then, ctx.state.triage_offer, ctx.state.interrupted_check)
    ctx.state.pending = Pending(TRIAGE_QUESTION)
    question = questions.wording(ask.position)
    yes_or_no = ctx.say.text("triage.say_yes_or_no")
    lines = [lead] if lead else []
    if ask.again:
        lines += [ctx.say.text("triage.unsure_again"), question, yes_or_no]
    else:
        lines.append(question)
    speech = ssml.paced("".join(ssml.sentence(line) for line in lines), ctx.state.pace)
    reprompt = ssml.paced(ssml.sentence(question) + ssml.sentence(yes_or_no), ctx.state.pace)
    return Reply.ask(speech, reprompt)


def repeat_question(ctx: Context, lead: str) -> Reply:
    """Say ``lead`` and ask the pending question again, exactly where the check stands."""
    running = ctx.state.triage
    assert running is not None
    position, then = running
    reply = ask_reply(ctx, questions_for(ctx.say.locale), Ask(position), then, lead)
    yes_or_no = ssml.paced(ssml.sentence(ctx.say.text("triage.say_yes_or_no")), ctx.state.pace)
    return replace(reply, speech=reply.speech + yes_or_no)


def _safety_answer(ctx: Context, key: str, lead: str) -> Reply:
    """A safety answer that ends everything: no check, no routine, a card, the session ends."""
    ctx.state.set_triage(None)
    ctx.state.progress = None
    ctx.state.pending = None
    speech = (ssml.sentence(lead) if lead else "") + ctx.say.ssml(key)
    card = Card(ctx.say.text(f"{key}_card_title"), ctx.say.text(key))
    return replace(Reply.tell(speech, card), urgent=True)


def emergency_reply(ctx: Context, lead: str = "") -> Reply:
    """Call the emergency number now: said twice, no routine, the session ends."""
    return _safety_answer(ctx, "triage.emergency", lead)


def urgent_reply(ctx: Context, lead: str = "") -> Reply:
    """Get medical advice today: no routine; the session ends."""
    return _safety_answer(ctx, "triage.urgent", lead)


def _offer(ctx: Context, routine: Routine, lead: str) -> Reply:
    ctx.state.pending = Pending(OFFER_ROUTINE, routine.id)
    title = routine.title.lower()
    speech = f"{lead} {ctx.say.ssml('triage.offer_routine', title=title)}"
    return Reply.ask(speech, ctx.say.ssml("triage.offer_reprompt", title=title))


def _soon_reply(ctx: Context, outcome: Outcome, routine: Routine, prefix: str) -> Reply:
    """Book a check in the next few days; offer gentle self-care, never pressure on thin bones."""
    lead = prefix + ctx.say.ssml("triage.soon")
    questions = questions_for(ctx.say.locale)
    if routine.pressure and outcome.flag in questions.pressure_caution:
        routine = ctx.library.routines[GENTLE_ROUTINE]
        lead += " " + ctx.say.ssml("triage.pressure_steer")
    return _offer(ctx, routine, lead)


def _waiting_routine(ctx: Context, then: Then | None) -> Routine | None:
    """The routine waiting for the check, if the library has it."""
    return ctx.library.routines.get(then.routine_id) if then else None


def outcome_reply(ctx: Context, outcome: Outcome, position: Position, then: Then | None) -> Reply:
    """What the check's tier means for the person, in the locale's words and numbers."""
    offer, back = ctx.state.triage_offer, ctx.state.interrupted_check
    ctx.state.set_triage(None)
    ctx.state.pending = None
    lead = ctx.say.text("triage.assumed_yes") if outcome.assumed_yes else ""
    if outcome.tier is Tier.EMERGENCY:
        return emergency_reply(ctx, lead)
    if outcome.tier is Tier.URGENT:
        return urgent_reply(ctx, lead)
    wanted = _waiting_routine(ctx, then)
    routine = wanted or ctx.library.routines[DEFAULT_ROUTINE]
    if outcome.tier is Tier.SOON:
        ctx.state.screened = True
        return _soon_reply(ctx, outcome, routine, ssml.sentence(lead) if lead else "")
    return _clear_reply(ctx, position, then, wanted, routine, offer=offer, back=back)


def _clear_reply(
    ctx: Context,
    position: Position,
    then: Then | None,
    wanted: Routine | None,
    routine: Routine,
    *,
    offer: str | None,
    back: Position | None,
) -> Reply:
    """Nothing needs urgent care: back to an interrupted check, on with what was going on, or
    the routine that was asked for (``wanted``; ``routine`` is it or the default one)."""
    if back is not None:
        return ask_reply(
            ctx,
            questions_for(ctx.say.locale),
            Ask(back),
            then,
            ctx.say.text("triage.back_to_check"),
        )
    if then is None and (position.mode is Mode.SINGLE or position.emergency_only):
        return after_single_check(ctx, offer)
    ctx.state.screened = True
    if position.mode is Mode.QUICK and then and wanted:
        ctx.state.keep_finished_check(position, then)
        return _continue_after_check(ctx, routine, then)
    clear = f"{ctx.say.ssml('triage.clear')} {ctx.say.ssml('triage.safety_net')}"
    return _offer(ctx, routine, clear)


def after_single_check(ctx: Context, offer: str | None) -> Reply:
    """No to a single safety question: carry on with what was going on, or what suits."""
    lead = ctx.say.text("triage.clear_single")
    current = ctx.current_routine()
    if current is not None:
        routine, index = current
        return step_reply(ctx, routine, index, f"{lead} {ctx.say.text('routine.carry_on')}")
    if offer is not None and offer in ctx.library.tips:
        return tip_reply(ctx, ctx.library.tips[offer], lead)
    if offer is not None and offer in ctx.library.routines:
        return _offer(ctx, ctx.library.routines[offer], ssml.sentence(lead))
    return menu_reply(ctx, ssml.sentence(lead))


def _continue_after_check(ctx: Context, routine: Routine, then: Then) -> Reply:
    """All clear: start what the person asked for (the routine, its guided audio, the step they
    left, or the step they asked for)."""
    go = ctx.say.text("triage.clear_quick")
    track = playable(ctx, routine) if then.guided else None
    if track is not None:
        guided = start_guided(ctx, routine, track)
        return replace(guided, speech=f"{ssml.text(go)} {guided.speech}")
    if 0 < then.step < len(routine.steps) and then.resume:
        return resume_reply(ctx, routine, then.step, go)
    start = then.step if 0 < then.step < len(routine.steps) else 0
    return open_routine(ctx, routine, go, start)


def start_check(
    ctx: Context,
    mode: Mode,
    then: Then | None,
    lead: str,
    *,
    emergency_only: bool = False,
    offer: str | None = None,
) -> Reply:
    """Begin a check at its first question (``lead`` is plain text said before it)."""
    questions = questions_for(ctx.say.locale)
    wanted = _waiting_routine(ctx, then)
    position = Position(
        mode, 0, emergency_only=emergency_only, pressure=bool(wanted and wanted.pressure)
    )
    step = first(questions, position)
    assert isinstance(step, Ask)
    ctx.state.set_triage(step.position, then, offer)
    return ask_reply(ctx, questions, step, then, lead)


def full_intro(ctx: Context) -> str:
    """What the full check is, with its number of questions."""
    count = len(questions_for(ctx.say.locale).full)
    return ctx.say.text("triage.full_intro", count=str(count))


def ask_single(
    ctx: Context, flag: str, lead: str, offer: str | None = None, variant: str = ""
) -> Reply:
    """Ask the one red-flag question that something said may be about; a check that was
    running carries on after a no."""
    questions = questions_for(ctx.say.locale)
    running = ctx.state.triage
    back, then = (None, None) if running is None else running
    if back is not None and back.mode is Mode.SINGLE:
        back = ctx.state.interrupted_check
    position = Position(Mode.SINGLE, questions.index_of(flag), variant=variant)
    ctx.state.set_triage(position, then, offer, back)
    return ask_reply(ctx, questions, Ask(position), then, lead)


def request_routine(ctx: Context, routine: Routine, lead: str = "", start: int = 0) -> Reply:
    """Start ``routine`` (at step index ``start``), asking the quick check first once a session."""
    if ctx.state.screened:
        return open_routine(ctx, routine, lead, start)
    intro = ctx.say.text("triage.quick_intro")
    return start_check(ctx, Mode.QUICK, Then(routine.id, start), f"{lead} {intro}".strip())


RECHECK = "recheck"


def request_resume(
    ctx: Context, routine: Routine, step: int, *, recently_checked: bool = False
) -> Reply:
    """Carry on with ``routine`` at ``step`` from an earlier session: after the quick check, or,
    within two hours of finishing one, after one question (anything new or worse?)."""
    if ctx.state.screened:
        return resume_reply(ctx, routine, step)
    if recently_checked:
        ctx.state.pending = Pending(RECHECK, f"{routine.id}:{step}")
        question = ctx.say.ssml("triage.recheck")
        return Reply.ask(question, question)
    then = Then(routine.id, step, resume=True)
    return start_check(ctx, Mode.QUICK, then, ctx.say.text("triage.quick_intro"))


def answer_recheck(ctx: Context, subject: str | None, worse: bool) -> Reply | None:
    """ "Anything new or worse since your safety check?": yes runs the quick check again, no
    carries on (with the stop rules, as in any later session)."""
    routine_id, _, step = (subject or "").partition(":")
    routine = ctx.library.routines.get(routine_id)
    if routine is None or not step.isdigit() or not 0 <= int(step) < len(routine.steps):
        return None
    if worse:
        then = Then(routine.id, int(step), resume=True)
        return start_check(ctx, Mode.QUICK, then, ctx.say.text("triage.recheck_again"))
    ctx.state.screened = True
    return resume_reply(ctx, routine, int(step))
