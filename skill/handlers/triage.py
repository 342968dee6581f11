"""Triage handlers: the full check on request, answers while a check runs, and emergencies.

While a check is running, every request is answered in its terms: yes, no and unclear answers
move it on; stop still gives the emergency line during the emergency questions; anything else
brings the question back. An emergency statement ends everything, in any state.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type

from skill import ssml
from skill.handlers.base import Context, IntentHandler, ReplyHandler
from skill.handlers.routine_flow import menu_reply
from skill.handlers.triage_flow import (
    ask_reply,
    emergency_reply,
    outcome_reply,
    start_check,
)
from skill.reply import Reply
from skill.session_state import SessionState
from skill.triage import Answer, Ask, Mode, Tier, advance, questions_for, seen_by_doctor

ANSWERS = {
    "AMAZON.YesIntent": Answer.YES,
    "AMAZON.NoIntent": Answer.NO,
    "UnsureIntent": Answer.UNSURE,
    "AMAZON.FallbackIntent": Answer.UNSURE,
}


def _in_check(handler_input: HandlerInput) -> bool:
    return SessionState.of(handler_input).triage is not None


class EmergencyStatementHandler(IntentHandler):
    """ "My chest hurts", "I can't feel my legs": the emergency answer, whatever was going on."""

    intents = ("EmergencyStatementIntent",)

    def reply(self, handler_input: HandlerInput) -> Reply:
        return emergency_reply(Context.of(handler_input))


class TriageStartHandler(IntentHandler):
    """ "Should I see a doctor", "check my symptoms": the full check."""

    intents = ("TriageIntent",)

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        ctx.state.progress = None
        questions = questions_for(ctx.say.locale)
        return start_check(ctx, questions, Mode.FULL, None, "triage.full_intro")


class TriageAnswerHandler(IntentHandler):
    """Yes, no, or an unclear answer to the pending question."""

    intents = tuple(ANSWERS)
    keeps_pending = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input) and _in_check(handler_input)

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        running = ctx.state.triage
        assert running is not None
        position, then = running
        questions = questions_for(ctx.say.locale)
        intent = next(name for name in ANSWERS if is_intent_name(name)(handler_input))
        step = advance(questions, position, ANSWERS[intent])
        if isinstance(step, Ask):
            return ask_reply(ctx, questions, step, then)
        return outcome_reply(ctx, step, position.mode, then)


class AlreadyCheckedHandler(IntentHandler):
    """ "A doctor has already checked it": skip what is not an emergency question."""

    intents = ("AlreadyCheckedIntent",)
    keeps_pending = True

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        running = ctx.state.triage
        if running is None:
            ctx.state.pending = None
            return menu_reply(ctx, ctx.say.ssml("triage.checked_outside"))
        position, then = running
        questions = questions_for(ctx.say.locale)
        step = seen_by_doctor(questions, position)
        if isinstance(step, Ask):
            return ask_reply(ctx, questions, step, then, ctx.say.text("triage.checked_noted"))
        return outcome_reply(ctx, step, position.mode, then)


class TriageStopHandler(ReplyHandler):
    """Stop or Cancel mid-check: during the emergency questions, the emergency line first."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        leaving = is_intent_name("AMAZON.StopIntent")(handler_input) or is_intent_name(
            "AMAZON.CancelIntent"
        )(handler_input)
        return bool(leaving) and _in_check(handler_input)

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        running = ctx.state.triage
        assert running is not None
        position, _then = running
        question = questions_for(ctx.say.locale).table(position.mode)[position.index]
        ctx.state.set_triage(None)
        goodbye = ctx.say.ssml("goodbye.speech")
        if question.tier is Tier.EMERGENCY:
            return Reply.tell(f"{ctx.say.ssml('triage.emergency_stop')} {goodbye}")
        return Reply.tell(f"{ctx.say.ssml('triage.safety_net')} {goodbye}")


class TriageInterruptHandler(ReplyHandler):
    """Help, or any other request, while a question is pending: explain and ask it again."""

    keeps_pending = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("IntentRequest")(handler_input)) and _in_check(handler_input)

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        running = ctx.state.triage
        assert running is not None
        position, then = running
        key = (
            "triage.help"
            if is_intent_name("AMAZON.HelpIntent")(handler_input)
            else ("triage.finish_first")
        )
        questions = questions_for(ctx.say.locale)
        reply = ask_reply(ctx, questions, Ask(position), then, ctx.say.text(key))
        yes_or_no = ssml.sentence(ctx.say.text("triage.say_yes_or_no"))
        return Reply.ask(reply.speech + yes_or_no, reply.reprompt or yes_or_no)
