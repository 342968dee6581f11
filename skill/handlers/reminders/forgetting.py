"""When someone asks to be forgotten: their reminders live with Alexa, not in Knot Helper's
record, so Knot Helper says how many there are and offers to cancel them."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation.reply import Reply
from skill.conversation.session_state import Pending
from skill.handlers.base import Context
from skill.handlers.reminders.managing import cancel_all_reply, found_reminders
from skill.handlers.reminders.setting import texts
from skill.reminders import api
from skill.reminders.api import ReminderApiError

CANCEL_AFTER_FORGET = "cancel_after_forget"


def after_forget(handler_input: HandlerInput, ctx: Context, done: str) -> Reply:
    """After "forget me": reminders live with Alexa, not here, so say so and offer to cancel
    them (or say how, if they can't be checked now)."""
    take_care = ctx.say.ssml("memory.take_care")
    if not api.has_permission(handler_input):
        return Reply.tell(f"{done} {take_care}")
    try:
        found = api.list_ours(handler_input, texts(ctx))
    except ReminderApiError:
        return Reply.tell(f"{done} {ctx.say.ssml('reminder.forget_unchecked')}")
    if not found:
        return Reply.tell(f"{done} {take_care}")
    if len(found) == 1:
        offer = ctx.say.ssml("reminder.forget_offer_one")
    else:
        offer = ctx.say.ssml("reminder.forget_offer", count=str(len(found)))
    ctx.state.pending = Pending(CANCEL_AFTER_FORGET, str(len(found)))
    key = "reminder.forget_offer_one_again" if len(found) == 1 else "reminder.forget_offer_again"
    return Reply.ask(f"{done} {offer}", ctx.say.ssml(key))


def cancel_after_forget(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply:
    """Yes to "shall I cancel them too?"."""
    found = found_reminders(handler_input, ctx)
    if isinstance(found, Reply):
        return found
    take_care = ctx.say.ssml("memory.take_care")
    if not found:
        return Reply.tell(f"{ctx.say.ssml('reminder.none')} {take_care}")
    return cancel_all_reply(handler_input, ctx, found, take_care)


def keep_after_forget(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply:
    """No to "shall I cancel them too?"."""
    key = "reminder.forget_kept_one" if pending.subject == "1" else "reminder.forget_kept"
    return Reply.tell(ctx.say.ssml(key))
