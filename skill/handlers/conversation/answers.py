"""Yes and No: answers only to the question that is pending; a stray one gets a useful reply."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name

from skill.conversation.reply import Reply
from skill.conversation.session_state import Pending, SessionState
from skill.handlers.base import Context, IntentHandler
from skill.handlers.memory import (
    CONFIRM_FORGET,
    OFFER_RESUME,
    forget_reply,
    resume_earlier,
)
from skill.handlers.playback.steps import (
    ANYTHING_ELSE,
    OFFER_CHECK,
    OFFER_ROUTINE,
    finish_routine,
    menu_reply,
    step_reply,
)
from skill.handlers.reminders import (
    CANCEL_AFTER_FORGET,
    CONFIRM_REMINDER,
    REMINDER_TIME,
    WHICH_REMINDER,
    cancel_after_forget,
    confirmed,
    declined,
    keep_after_forget,
    reconfirmed,
    time_asked_again,
    which_again,
)
from skill.handlers.safety.replies import (
    RECHECK,
    answer_recheck,
    full_intro,
    request_routine,
    start_check,
)
from skill.handlers.safety.statements import PAIN_CHOICE
from skill.safety.check import Mode
from skill.speech import ssml

Answerer = Callable[[HandlerInput, Context, Pending], Reply | None]


def _start_offered(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply | None:
    routine = ctx.library.routines.get(pending.subject or "")
    return request_routine(ctx, routine) if routine is not None else None


def _resume_offered(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply | None:
    return resume_earlier(handler_input, ctx)


def _recheck_worse(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply | None:
    return answer_recheck(ctx, pending.subject, worse=True)


def _recheck_same(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply | None:
    return answer_recheck(ctx, pending.subject, worse=False)


def _forget(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply | None:
    return forget_reply(handler_input, ctx)


def _full_check(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply | None:
    return start_check(ctx, Mode.FULL, None, full_intro(ctx))


def _something_else(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply | None:
    return menu_reply(ctx, ctx.say.ssml("answer.great"))


def _goodbye(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply | None:
    return Reply.tell(ctx.say.ssml("goodbye.speech"))


#: What "yes" does to each pending question.
ON_YES: dict[str, Answerer] = {
    OFFER_ROUTINE: _start_offered,
    OFFER_RESUME: _resume_offered,
    CONFIRM_FORGET: _forget,
    CONFIRM_REMINDER: confirmed,
    REMINDER_TIME: time_asked_again,
    WHICH_REMINDER: which_again,
    CANCEL_AFTER_FORGET: cancel_after_forget,
    ANYTHING_ELSE: _something_else,
    OFFER_CHECK: _full_check,
    RECHECK: _recheck_worse,
}
#: What "no" does where it is not simply "back to the menu".
ON_NO: dict[str, Answerer] = {
    ANYTHING_ELSE: _goodbye,
    CONFIRM_REMINDER: declined,
    CANCEL_AFTER_FORGET: keep_after_forget,
    RECHECK: _recheck_same,
}
NO_KEYS = {
    CONFIRM_FORGET: "memory.kept",
    REMINDER_TIME: "reminder.no_reminder",
    WHICH_REMINDER: "reminder.kept",
}
#: How "maybe" asks a question again where the last reprompt alone would not do (the reminder
#: restated in full, the list of reminders to choose from), or where being unsure is itself an
#: answer (anything new since the safety check: then run it again); the rest repeat the reprompt.
ON_UNSURE: dict[str, Answerer] = {
    CONFIRM_REMINDER: reconfirmed,
    WHICH_REMINDER: which_again,
    RECHECK: _recheck_worse,
}


YES_INTENTS = ("AMAZON.YesIntent", "AcknowledgeIntent")


def _pending_in(handler_input: HandlerInput, questions: set[str]) -> bool:
    pending = SessionState.of(handler_input).pending
    return pending is not None and pending.question in questions


def _is_yes(handler_input: HandlerInput) -> bool:
    return any(is_intent_name(name)(handler_input) for name in YES_INTENTS)


class PendingAnswerHandler(IntentHandler):
    """Yes ("sure", "okay") or No to the question Knot Helper just asked (an offer, or a
    confirmation); "maybe" keeps the question open."""

    intents = (*YES_INTENTS, "AMAZON.NoIntent", "UnsureIntent")
    keeps_pending = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input) and _pending_in(handler_input, set(ON_YES))

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        pending = ctx.state.pending
        assert pending is not None
        if is_intent_name("UnsureIntent")(handler_input):
            return _asked_again(handler_input, ctx, pending)
        ctx.state.pending = None
        if _is_yes(handler_input):
            reply = ON_YES[pending.question](handler_input, ctx, pending)
            if reply is not None:
                return reply
        elif pending.question in ON_NO:
            reply = ON_NO[pending.question](handler_input, ctx, pending)
            if reply is not None:
                return reply
        return menu_reply(ctx, ctx.say.ssml(NO_KEYS.get(pending.question, "answer.no_thanks")))


def _asked_again(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply:
    """ "Maybe": no rush, and the same question again; nothing is decided."""
    lead = ctx.say.text("answer.take_your_time")
    answerer = ON_UNSURE.get(pending.question)
    again = answerer(handler_input, ctx, pending) if answerer is not None else None
    if again is None:
        return _ask_again(ctx, lead)
    return (
        again
        if again.end_session
        else replace(again, speech=f"{ssml.sentence(lead)} {again.speech}")
    )


def _ask_again(ctx: Context, lead: str) -> Reply:
    """The question just asked, again (its reprompt), after ``lead``."""
    last = ctx.state.last_reply
    question = last[1] if last is not None else ctx.say.ssml("launch.reprompt")
    return Reply.ask(f"{ssml.sentence(lead)} {question}", question)


class PainChoiceHandler(IntentHandler):
    """Yes, no or "okay" after "skip this step, go gentler, or end the routine?"."""

    intents = (*YES_INTENTS, "AMAZON.NoIntent", "UnsureIntent")
    keeps_pending = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input) and _pending_in(handler_input, {PAIN_CHOICE})

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        if is_intent_name("AMAZON.NoIntent")(handler_input):
            ctx.state.pending = None
            return wait_reply(ctx, ctx.say.text("pain.rest"))
        return _ask_again(ctx, ctx.say.text("pain.which"))


def wait_reply(ctx: Context, lead: str) -> Reply:
    """Wait without losing the place: the reprompt keeps the step."""
    return menu_reply(ctx, ssml.sentence(lead))


class RoutineAnswerHandler(IntentHandler):
    """Mid-routine with no question pending: "okay", "yes", "ready" carry on; "no" waits."""

    intents = (*YES_INTENTS, "AMAZON.NoIntent")

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return (
            super().can_handle(handler_input)
            and Context.of(handler_input).current_routine() is not None
        )

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        current = ctx.current_routine()
        assert current is not None
        routine, index = current
        if is_intent_name("AMAZON.NoIntent")(handler_input):
            return wait_reply(ctx, ctx.say.text("answer.no_rush"))
        progress = ctx.state.progress
        if progress is not None and progress.paused:
            return step_reply(ctx, routine, index, ctx.say.text("routine.resuming"))
        if index + 1 >= len(routine.steps):
            return finish_routine(ctx, routine)
        return step_reply(ctx, routine, index + 1)


class StrayAnswerHandler(IntentHandler):
    """Yes, No, "okay" or "not sure" with no question pending: say so, and offer what there is."""

    intents = (*YES_INTENTS, "AMAZON.NoIntent", "UnsureIntent")
    remembered = False

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        key = "answer.stray_no"
        if is_intent_name("AMAZON.YesIntent")(handler_input):
            key = "answer.stray_yes"
        elif is_intent_name("UnsureIntent")(handler_input):
            key = "answer.stray_unsure"
        return menu_reply(ctx, ctx.say.ssml(key))
