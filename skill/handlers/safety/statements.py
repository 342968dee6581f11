"""What people say about their body, in any state: symptoms, pain, and areas that are not the back.

Nothing here scans words for keywords: the interaction model resolves what was said to a
statement id (SYMPTOM) or a body area id (BODY_AREA), and ``triage.toml`` says which red flag
each one is about and whether it is clear enough for that red flag's answer straight away.
"""

from __future__ import annotations

from typing import cast

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation.reply import Reply
from skill.conversation.session_state import Pending, Progress
from skill.handlers.base import Context, IntentHandler
from skill.handlers.playback.steps import OFFER_ROUTINE, menu_reply
from skill.handlers.safety.replies import (
    ask_single,
    emergency_reply,
    repeat_question,
    request_routine,
    urgent_reply,
)
from skill.safety.check import AreaRule, Tier
from skill.safety.questions import questions_for
from skill.speech import ssml
from skill.speech.slots import resolve

#: Where "my back hurts" leads outside a routine: heat first, as the guidelines suggest.
FIRST_AID_ROUTINE = "heat_cold"
PAIN_CHOICE = "pain_choice"
#: The stop rule every routine has, and the one that pain mid-routine calls for.
PAIN_STOP_RULE = "sharp"


def answer_flag(
    ctx: Context,
    flag: str,
    ask: bool,
    lead: str = "",
    *,
    offer: str | None = None,
    variant: str = "",
) -> Reply:
    """Act on something said about red flag ``flag``: its tier's answer, or one question (in
    the statement's or area's own words, ``variant``, where it has them)."""
    questions = questions_for(ctx.say.locale)
    tier = questions.tier_of(flag)
    if not ask and tier is Tier.EMERGENCY:
        return emergency_reply(ctx)
    if not ask and tier is Tier.URGENT:
        return urgent_reply(ctx)
    lead = lead or ctx.say.text("triage.one_question")
    return ask_single(ctx, flag, lead, offer, variant)


def not_placed(ctx: Context) -> Reply:
    """Something about the body the model could not place: the emergency line, conditionally
    and first, then back to what was going on (never a shrug, never an alarm on a guess)."""
    line = ctx.say.ssml("triage.not_placed")
    if ctx.state.triage is not None:
        return repeat_question(ctx, ctx.say.text("triage.not_placed"))
    current = ctx.current_routine()
    if current is not None:
        ctx.state.pending = Pending(PAIN_CHOICE)
        question = ctx.say.ssml("pain.choice")
        return Reply.ask(f"{ctx.say.ssml('pain.stop')} {line} {question}", question)
    return menu_reply(ctx, line)


def _pause_routine(ctx: Context) -> bool:
    """Pause the running routine where it is; False if none is running."""
    current = ctx.current_routine()
    if current is None:
        return False
    routine, index = current
    ctx.state.progress = Progress(routine.id, index, paused=True)
    return True


class EmergencyStatementHandler(IntentHandler):
    """ "My chest hurts", "I can't pee", "call an ambulance": whatever was going on.

    A plain statement (no symptom slot) is an emergency. A symptom the model resolved gets its
    red flag's answer, or one question when it is ambiguous. A symptom it could not place gets
    the emergency line, conditionally, and the conversation carries on where it was.
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
        if statement is None:
            return not_placed(ctx)
        lead = ctx.say.text("triage.stop_and_ask") if ctx.current_routine() else ""
        return answer_flag(ctx, statement.flag, statement.ask, lead, variant=f"s:{symptom}")


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
        area, heard = resolve(handler_input, "area", "BODY_AREA")
        rule = questions_for(ctx.say.locale).areas.get(area or "")
        if rule is not None:
            _pause_routine(ctx)
            ask = not rule.pain_is_emergency
            return answer_flag(ctx, rule.flag, ask, offer=rule.then, variant=f"a:{area}")
        if area is None and heard:
            _pause_routine(ctx)
            return not_placed(ctx)
        if ctx.state.triage is not None:
            return repeat_question(ctx, ctx.say.text("pain.in_check"))
        ctx.state.pending = None
        if not _pause_routine(ctx):
            ctx.state.pending = Pending(OFFER_ROUTINE, FIRST_AID_ROUTINE)
            return Reply.ask(ctx.say.ssml("pain.outside"), ctx.say.ssml("pain.outside_reprompt"))
        ctx.state.pending = Pending(PAIN_CHOICE)
        lines = [ctx.say.text("pain.stop"), ctx.library.stop_rules[PAIN_STOP_RULE]]
        lines.append(ctx.say.text("pain.choice"))
        speech = ssml.paced("".join(ssml.sentence(line) for line in lines), ctx.state.pace)
        return Reply.ask(speech, ctx.say.ssml("pain.choice_reprompt"))


#: Request attribute: the warning area said and its rule, found once per request.
_WARNING_AREA = "knot.warning_area"


def _warning_area(handler_input: HandlerInput) -> tuple[str, AreaRule] | None:
    """The body area said, with its red-flag rule, if it may be a warning sign (resolved in
    ``can_handle`` and reused by ``reply``)."""
    request_attributes = handler_input.attributes_manager.request_attributes
    if _WARNING_AREA not in request_attributes:
        area, _heard = resolve(handler_input, "area", "BODY_AREA")
        areas = questions_for(Context.of(handler_input).say.locale).areas
        found = (area, areas[area]) if area is not None and area in areas else None
        request_attributes[_WARNING_AREA] = found
    return cast("tuple[str, AreaRule] | None", request_attributes[_WARNING_AREA])


class WarningAreaHandler(IntentHandler):
    """A knot or tightness in the chest, jaw, arm, belly, groin or legs may be a warning sign:
    the one red-flag question it may be about, in any state (a running check carries on
    afterwards)."""

    intents = ("KnotAreaIntent",)
    keeps_pending = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input) and _warning_area(handler_input) is not None

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        found = _warning_area(handler_input)
        assert found is not None
        area, rule = found
        ctx.state.pending = None
        _pause_routine(ctx)
        lead = ctx.say.text("triage.area_question")
        return ask_single(ctx, rule.flag, lead, rule.then, f"a:{area}")


class KnotAreaHandler(IntentHandler):
    """ "What do I do about a knot in my shoulder": the routine that suits that area."""

    intents = ("KnotAreaIntent",)

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        area, heard = resolve(handler_input, "area", "BODY_AREA")
        if area is None and heard:
            return Reply.ask(
                ctx.say.ssml("triage.unknown_area"), ctx.say.ssml("triage.unknown_area_reprompt")
            )
        return area_routine(ctx, area)


def area_routine(ctx: Context, area: str | None) -> Reply:
    """The routine that suits a knot in ``area`` (the back in general when unknown)."""
    routine_id = ctx.library.areas.get(area or "") or ctx.library.areas["middle_back"]
    routine = ctx.library.routines[routine_id]
    names = {"upper_back": "upper back", "middle_back": "back", "lower_back": "lower back"}
    where = names.get(area or "", area or ctx.say.text("routine.default_area"))
    if ctx.state.screened:
        lead = ctx.say.text("routine.for_area_screened", area=where)
    else:
        lead = ctx.say.text("routine.for_area", area=where, title=routine.title.lower())
    return request_routine(ctx, routine, lead)
