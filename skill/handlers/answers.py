"""Yes and No: answers only to the question that is pending; a stray one gets a useful reply."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name

from skill.handlers.base import Context, IntentHandler
from skill.handlers.routine_flow import OFFER_ROUTINE, menu_reply
from skill.handlers.triage_flow import request_routine
from skill.reply import Reply


class OfferAnswerHandler(IntentHandler):
    """Yes or No to "would you like to try the <routine> next?"."""

    intents = ("AMAZON.YesIntent", "AMAZON.NoIntent")
    keeps_pending = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        pending = Context.of(handler_input).state.pending
        return (
            super().can_handle(handler_input)
            and pending is not None
            and pending.question == OFFER_ROUTINE
        )

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        pending = ctx.state.pending
        ctx.state.pending = None
        routine = ctx.library.routines.get(pending.subject or "") if pending else None
        is_yes = is_intent_name("AMAZON.YesIntent")(handler_input)
        if is_yes and routine is not None:
            return request_routine(ctx, routine)
        return menu_reply(ctx, ctx.say.ssml("answer.no_thanks"))


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
