"""Yes and No: answers only to the question that is pending; a stray one gets a useful reply."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name

from skill.handlers.base import Context, IntentHandler
from skill.handlers.memory import (
    CONFIRM_FORGET,
    OFFER_RESUME,
    confirm_forget_reply,
    forget_reply,
    resumable,
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
    offer_after_forget_again,
    reconfirmed,
    time_asked_again,
    which_again,
)
from skill.handlers.routine_flow import ANYTHING_ELSE, OFFER_ROUTINE, menu_reply
from skill.handlers.triage_flow import request_resume, request_routine
from skill.reply import Reply
from skill.session_state import Pending, SessionState

Answerer = Callable[[HandlerInput, Context, Pending], Reply | None]


def _start_offered(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply | None:
    routine = ctx.library.routines.get(pending.subject or "")
    return request_routine(ctx, routine) if routine is not None else None


def _resume_offered(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply | None:
    found = resumable(handler_input, ctx)
    return request_resume(ctx, found[0], found[1].step) if found is not None else None


def _forget(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply | None:
    return forget_reply(handler_input, ctx)


def _something_else(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply | None:
    return menu_reply(ctx, ctx.say.ssml("answer.great"))


def _goodbye(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply | None:
    return Reply.tell(ctx.say.ssml("goodbye.speech"))


def _forget_asked_again(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply:
    return confirm_forget_reply(ctx)


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
}
#: What "no" does where it is not simply "back to the menu".
ON_NO: dict[str, Answerer] = {
    ANYTHING_ELSE: _goodbye,
    CONFIRM_REMINDER: declined,
    CANCEL_AFTER_FORGET: keep_after_forget,
}
NO_KEYS = {
    CONFIRM_FORGET: "memory.kept",
    REMINDER_TIME: "reminder.no_reminder",
    WHICH_REMINDER: "reminder.kept",
}
#: Questions that "maybe" or "I'm not sure" leaves open: how each is asked again.
ON_UNSURE: dict[str, Answerer] = {
    CONFIRM_FORGET: _forget_asked_again,
    CONFIRM_REMINDER: reconfirmed,
    REMINDER_TIME: time_asked_again,
    WHICH_REMINDER: which_again,
    CANCEL_AFTER_FORGET: offer_after_forget_again,
}


class PendingAnswerHandler(IntentHandler):
    """Yes or No to the question Knot Helper just asked (an offer, or a confirmation)."""

    intents = ("AMAZON.YesIntent", "AMAZON.NoIntent")
    keeps_pending = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not super().can_handle(handler_input):
            return False
        pending = SessionState.of(handler_input).pending
        return pending is not None and pending.question in ON_YES

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        pending = ctx.state.pending
        assert pending is not None
        ctx.state.pending = None
        if is_intent_name("AMAZON.YesIntent")(handler_input):
            reply = ON_YES[pending.question](handler_input, ctx, pending)
            if reply is not None:
                return reply
        elif pending.question in ON_NO:
            reply = ON_NO[pending.question](handler_input, ctx, pending)
            if reply is not None:
                return reply
        return menu_reply(ctx, ctx.say.ssml(NO_KEYS.get(pending.question, "answer.no_thanks")))


class UnsureAnswerHandler(IntentHandler):
    """ "Maybe" to a question that needs a real answer: no rush, the same question again."""

    intents = ("UnsureIntent",)
    keeps_pending = True
    remembered = False

    def can_handle(self, handler_input: HandlerInput) -> bool:
        pending = SessionState.of(handler_input).pending
        return (
            pending is not None
            and pending.question in ON_UNSURE
            and super().can_handle(handler_input)
        )

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        pending = ctx.state.pending
        assert pending is not None
        again = ON_UNSURE[pending.question](handler_input, ctx, pending)
        if again is None or again.end_session:
            return again or menu_reply(ctx, ctx.say.ssml("answer.stray_unsure"))
        return replace(again, speech=f"{ctx.say.ssml('answer.keep_open')} {again.speech}")


class StrayAnswerHandler(IntentHandler):
    """Yes, No or "not sure" with no question pending: say so, and offer what there is."""

    intents = ("AMAZON.YesIntent", "AMAZON.NoIntent", "UnsureIntent")

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        key = "answer.stray_no"
        if is_intent_name("AMAZON.YesIntent")(handler_input):
            key = "answer.stray_yes"
        elif is_intent_name("UnsureIntent")(handler_input):
            key = "answer.stray_unsure"
        return menu_reply(ctx, ctx.say.ssml(key))
