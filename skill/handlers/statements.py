"""What people say about their body, in any state: symptoms, pain, and areas that are not the back.

Nothing here scans words for keywords: the interaction model resolves what was said to a
statement id (SYMPTOM) or a body area id (BODY_AREA), and ``triage.toml`` says which red flag
each one is about and whether it is clear enough for that red flag's answer straight away.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill import ssml
from skill.handlers.base import Context, IntentHandler
from skill.handlers.routine_flow import OFFER_ROUTINE, menu_reply
from skill.handlers.triage_flow import (
    ask_single,
    emergency_reply,
    repeat_question,
    request_routine,
    start_check,
    urgent_reply,
)
from skill.reply import Reply
from skill.session_state import Pending, Progress
from skill.slots import resolve
from skill.triage import Mode, Tier
from skill.triage_content import questions_for

#: Where "my back hurts" leads outside a routine: heat first, as the guidelines suggest.
FIRST_AID_ROUTINE = "heat_cold"
PAIN_CHOICE = "pain_choice"


def answer_flag(
    ctx: Context, flag: str, ask: bool, lead: str = "", offer: str | None = None
) -> Reply:
    """Act on something said about red flag ``flag``: its tier's answer, or its question."""
    questions = questions_for(ctx.say.locale)
    if ask:
        return ask_single(ctx, flag, lead or ctx.say.text("triage.one_question"), offer)
    tier = questions.tier_of(flag)
    if tier is Tier.EMERGENCY:
        return emergency_reply(ctx)
    if tier is Tier.URGENT:
        return urgent_reply(ctx)
    return ask_single(ctx, flag, lead or ctx.say.text("triage.one_question"), offer)


def _pause_routine(ctx: Context) -> None:
    current = ctx.current_routine()
    if current is not None:
        routine, index = current
        ctx.state.progress = Progress(routine.id, index, paused=True)


class EmergencyStatementHandler(IntentHandler):
    """ "My chest hurts", "I can't pee", "call an ambulance": whatever was going on.

    A plain statement (no symptom slot) is an emergency. A symptom the model resolved gets its
    red flag's answer, or that red flag's one question when it is ambiguous. A symptom it could
    not resolve gets the emergency questions: never a shrug, never an alarm on a guess.
    """

    intents = ("EmergencyStatementIntent",)
    keeps_pending = True

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        symptom, heard = resolve(handler_input, "symptom", "SYMPTOM")
        if not heard:
            return emergency_reply(ctx)
        ctx.state.pending = None
        statement = questions_for(ctx.say.locale).statements.get(symptom or "")
        _pause_routine(ctx)
        if statement is not None:
            lead = ctx.say.text("triage.stop_and_ask") if ctx.current_routine() else ""
            return answer_flag(ctx, statement.flag, statement.ask, lead)
        if ctx.state.triage is not None:
            return repeat_question(ctx, ctx.say.text("triage.unclear_in_check"))
        return start_check(
            ctx, Mode.QUICK, None, ctx.say.text("triage.unclear_statement"), emergency_only=True
        )


class PainReportHandler(IntentHandler):
    """ "That hurts", "too much pressure", "it's getting worse".

    Mid-routine: stop the step and rest, the routine's stop rules, and a choice. Pain in an area
    that is a warning sign (the chest, the jaw) is an emergency. During a check: the question
    again. Otherwise: sympathy, the emergency line for what matters, and heat to start with.
    """

    intents = ("PainReportIntent",)
    keeps_pending = True

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        area, _heard = resolve(handler_input, "area", "BODY_AREA")
        rule = questions_for(ctx.say.locale).areas.get(area or "")
        if rule is not None:
            _pause_routine(ctx)
            return answer_flag(ctx, rule.flag, not rule.pain_is_emergency, offer=rule.then)
        if ctx.state.triage is not None:
            return repeat_question(ctx, ctx.say.text("pain.in_check"))
        ctx.state.pending = None
        current = ctx.current_routine()
        if current is None:
            ctx.state.pending = Pending(OFFER_ROUTINE, FIRST_AID_ROUTINE)
            return Reply.ask(ctx.say.ssml("pain.outside"), ctx.say.ssml("pain.outside_reprompt"))
        routine, index = current
        ctx.state.progress = Progress(routine.id, index, paused=True)
        ctx.state.pending = Pending(PAIN_CHOICE)
        lines = [ctx.say.text("pain.stop"), *ctx.library.stop_rule_texts(routine)]
        lines.append(ctx.say.text("pain.choice"))
        speech = ssml.paced("".join(ssml.sentence(line) for line in lines), ctx.state.pace)
        return Reply.ask(speech, ctx.say.ssml("pain.choice_reprompt"))


class KnotAreaHandler(IntentHandler):
    """ "What do I do about a knot in my shoulder": the routine that suits that area.

    A knot or tightness in the chest, jaw, arm, belly, groin or legs may be a warning sign: the
    one red-flag question it may be about comes first.
    """

    intents = ("KnotAreaIntent",)

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        area, heard = resolve(handler_input, "area", "BODY_AREA")
        rule = questions_for(ctx.say.locale).areas.get(area or "")
        if rule is not None:
            _pause_routine(ctx)
            return ask_single(ctx, rule.flag, ctx.say.text("triage.area_question"), rule.then)
        if area is None and heard:
            ctx.state.pending = Pending(AREA_QUESTION)
            return Reply.ask(
                ctx.say.ssml("triage.unknown_area"), ctx.say.ssml("triage.unknown_area_reprompt")
            )
        return area_routine(ctx, area)


AREA_QUESTION = "which_area"


def area_routine(ctx: Context, area: str | None) -> Reply:
    """The routine that suits a knot in ``area`` (the back in general when unknown)."""
    routine_id = ctx.library.areas.get(area or "") or ctx.library.areas["middle_back"]
    routine = ctx.library.routines[routine_id]
    names = {"upper_back": "upper back", "middle_back": "back", "lower_back": "lower back"}
    where = names.get(area or "", area or ctx.say.text("routine.default_area"))
    lead = ctx.say.text("routine.for_area", area=where, title=routine.title.lower())
    return request_routine(ctx, routine, lead)


def safety_menu(ctx: Context) -> Reply:
    """The menu with the safety line: for when nothing else fits."""
    return menu_reply(ctx, ctx.say.ssml("pain.safety_line"))
