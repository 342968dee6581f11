"""Triage handlers: the full check on request, and every answer while a check runs.

While a check is running, every request is answered in its terms: yes, no and unclear answers
move it on; "why are you asking" and "okay" get a word and the same question; stop still gives
the emergency line during the emergency questions; anything else brings the question back.
"""

from __future__ import annotations

from typing import cast

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, is_intent_name, is_request_type

from skill.conversation.reply import Reply
from skill.conversation.session_state import SessionState
from skill.handlers.base import Context, IntentHandler, ReplyHandler
from skill.handlers.playback.steps import menu_reply
from skill.handlers.safety.replies import (
    ask_reply,
    full_intro,
    outcome_reply,
    repeat_question,
    start_check,
)
from skill.safety.check import Answer, Ask, Mode, Tier, advance, previous, seen_by_doctor
from skill.safety.questions import questions_for
from skill.speech import ssml
from skill.speech.slots import resolve

ANSWERS = {
    "AMAZON.YesIntent": Answer.YES,
    "AMAZON.NoIntent": Answer.NO,
    "UnsureIntent": Answer.UNSURE,
    "AMAZON.FallbackIntent": Answer.UNSURE,
}


def _in_check(handler_input: HandlerInput) -> bool:
    return SessionState.of(handler_input).triage is not None


class InCheckHandler(IntentHandler):
    """One of ``intents`` while a safety check runs."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input) and _in_check(handler_input)


class TriageStartHandler(IntentHandler):
    """ "Should I see a doctor", "check my symptoms": the full check."""

    intents = ("TriageIntent",)

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        ctx.state.progress = None
        return start_check(ctx, Mode.FULL, None, full_intro(ctx))


class TriageAnswerHandler(InCheckHandler):
    """Yes, no, or an unclear answer to the pending question."""

    intents = tuple(ANSWERS)
    keeps_pending = True

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        running = ctx.state.triage
        assert running is not None
        position, then = running
        questions = questions_for(ctx.say.locale)
        step = advance(questions, position, ANSWERS[cast(str, get_intent_name(handler_input))])
        if isinstance(step, Ask):
            return ask_reply(ctx, questions, step, then)
        return outcome_reply(ctx, step, position, then)


class AlreadyCheckedHandler(IntentHandler):
    """ "A doctor has already checked it": the quick check keeps only its emergency questions;
    the full check and single questions are asked in full."""

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
        if step is None:
            return repeat_question(ctx, ctx.say.text("triage.checked_full"))
        if isinstance(step, Ask):
            return ask_reply(ctx, questions, step, then, ctx.say.text("triage.checked_noted"))
        return outcome_reply(ctx, step, position, then)


class WhyAskingHandler(IntentHandler):
    """ "Why are you asking?", "what does clammy mean?": a one-line answer, then the same
    question (not an unclear answer). Outside a check: the answer and the menu."""

    intents = ("WhyAskingIntent",)
    keeps_pending = True

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        questions = questions_for(ctx.say.locale)
        term, _heard = resolve(handler_input, "term", "TRIAGE_TERM")
        answer = questions.terms.get(term or "") or questions.reasons["why"]
        if _in_check(handler_input):
            return repeat_question(ctx, answer)
        ctx.state.pending = None
        return menu_reply(ctx, ssml.sentence(answer))


class NotAnAnswerHandler(InCheckHandler):
    """ "Okay", "sure", "got it" while a symptom question is pending: not a yes."""

    intents = ("AcknowledgeIntent",)
    keeps_pending = True

    def reply(self, handler_input: HandlerInput) -> Reply:
        return repeat_question(
            Context.of(handler_input), Context.of(handler_input).say.text("triage.not_an_answer")
        )


class ChangeAnswerHandler(IntentHandler):
    """ "Go back", "I meant yes": during a check, the question before; right after a check
    ended, its last question again (the routine waits)."""

    intents = ("ChangeAnswerIntent", "AMAZON.PreviousIntent")
    keeps_pending = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not super().can_handle(handler_input):
            return False
        state = SessionState.of(handler_input)
        return state.triage is not None or bool(is_intent_name("ChangeAnswerIntent")(handler_input))

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        questions = questions_for(ctx.say.locale)
        running = ctx.state.triage
        if running is None:
            finished = ctx.state.finished_check
            if finished is None:
                return menu_reply(ctx, ctx.say.ssml("triage.nothing_to_change"))
            position, then = finished
            ctx.state.keep_finished_check(None)
            ctx.state.progress = None
            ctx.state.screened = False
            return ask_reply(ctx, questions, Ask(position), then, ctx.say.text("triage.go_back"))
        position, then = running
        earlier = previous(questions, position)
        if earlier is None:
            return repeat_question(ctx, ctx.say.text("triage.first_question"))
        return ask_reply(ctx, questions, earlier, then, ctx.say.text("triage.go_back"))


class TriageStopHandler(InCheckHandler):
    """Stop or Cancel mid-check: during the emergency questions, the emergency line first."""

    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        running = ctx.state.triage
        assert running is not None
        question = questions_for(ctx.say.locale).question(running[0])
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
        help_asked = is_intent_name("AMAZON.HelpIntent")(handler_input)
        return repeat_question(
            ctx, ctx.say.text("triage.help" if help_asked else "triage.finish_first")
        )
