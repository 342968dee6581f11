"""The reminders Knot Helper set: list them, cancel one (asking which, by kind and time, when
several fit), cancel them all."""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from dataclasses import replace

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name

from skill.conversation.reply import Reply
from skill.conversation.session_state import Pending, SessionState
from skill.handlers.base import Context, IntentHandler
from skill.handlers.playback.steps import menu_reply
from skill.handlers.reminders.setting import (
    DAY_GROUPS,
    change_of,
    kind_of,
    kind_word,
    problem_reply,
    texts,
)
from skill.reminders import api
from skill.reminders.api import ReminderApiError
from skill.reminders.choosing import Pick
from skill.reminders.rules import Kind, OneOff, Reminder
from skill.reminders.words import count_words, describe, listed
from skill.speech.slots import resolve

WHICH_REMINDER = "which_reminder"
MAX_LISTED = 4
#: Remedies whose words also name a kind of reminder: "stretches" may reach RemedyIntent.
REMEDY_KINDS = {"upper_back_stretches": Kind.STRETCH, "keep_active": Kind.MOVE}
Found = list[tuple[str, Reminder]]


def found_reminders(handler_input: HandlerInput, ctx: Context) -> Found | Reply:
    """This skill's active reminders, or the reply that explains why they can't be had."""
    if not api.has_permission(handler_input):
        return Reply.ask(
            ctx.say.ssml("reminder.no_permission_list"), ctx.say.ssml("launch.reprompt")
        )
    try:
        return api.list_ours(handler_input, texts(ctx))
    except ReminderApiError as error:
        return problem_reply(ctx, error.problem)


def _today(handler_input: HandlerInput, found: Found) -> dt.date | None:
    """The device's date, when a one-off at a time is among ``found`` (to say "tomorrow")."""
    if any(isinstance(reminder, OneOff) and reminder.at for _, reminder in found):
        return api.local_now(handler_input)[0].date()
    return None


def _item(ctx: Context, reminder: Reminder, today: dt.date | None) -> str:
    kind = kind_word(ctx, reminder.kind)
    return ctx.say.text("reminder.item", kind=kind, when=describe(reminder, today))


def pick_of(handler_input: HandlerInput) -> Pick:
    """What a request says about which reminder: kind, time, days, once, position."""
    remedy, _ = resolve(handler_input, "remedy", "REMEDY")
    kind = kind_of(handler_input) or REMEDY_KINDS.get(remedy or "")
    change = change_of(handler_input)
    group, _ = resolve(handler_input, "dayGroup", "DAY_GROUP")
    ordinal = resolve(handler_input, "ordinal", "AMAZON.Ordinal")[1]
    return Pick(
        kind=kind,
        at=change.at,
        part=change.part,
        days=DAY_GROUPS.get(group or ""),
        once=change.once,
        position=int(ordinal) if ordinal.isdigit() else None,
    )


def which_reply(
    handler_input: HandlerInput, ctx: Context, among: Found, pick: Pick, lead: str = ""
) -> Reply:
    """Ask which of ``among`` to cancel, naming each by kind and time (with only one, whether
    to cancel it: a yes cancels it)."""
    ctx.state.pending = Pending(WHICH_REMINDER, pick.token())
    today = _today(handler_input, among)
    if len(among) == 1:
        reminder = among[0][1]
        kind = kind_word(ctx, reminder.kind)
        speech = ctx.say.ssml("reminder.which_single", kind=kind, when=describe(reminder, today))
        reprompt = ctx.say.ssml("reminder.which_single_reprompt")
        return Reply.ask(f"{lead} {speech}" if lead else speech, reprompt)
    kinds = {reminder.kind for _, reminder in among}
    if len(kinds) == 1:
        what = ctx.say.text("reminder.kind_plural", kind=kind_word(ctx, kinds.pop()))
        items = [describe(reminder, today) for _, reminder in among]
    else:
        what = ctx.say.text("reminder.plural")
        items = [_item(ctx, reminder, today) for _, reminder in among]
    rest = len(items) - MAX_LISTED
    if rest > 0:
        items = [*items[:MAX_LISTED], ctx.say.text("reminder.more", count=str(rest))]
    everything = ctx.say.text("reminder.both" if len(among) == 2 else "reminder.all_of_them")
    speech = ctx.say.ssml(
        "reminder.which_one",
        count=count_words(len(among)),
        what=what,
        items=listed(items),
        all=everything,
    )
    reprompt = ctx.say.ssml("reminder.which_one_reprompt", all=everything)
    return Reply.ask(f"{lead} {speech}" if lead else speech, reprompt)


def _delete(handler_input: HandlerInput, ctx: Context, chosen: Found) -> Reply | None:
    """Delete each chosen reminder; a failure's reply, or None when all are gone."""
    try:
        for token, _ in chosen:
            api.delete(handler_input, token)
    except ReminderApiError as error:
        return problem_reply(ctx, error.problem)
    return None


def cancel_reply(handler_input: HandlerInput, ctx: Context, chosen: Found) -> Reply:
    """Cancel ``chosen`` and say what went: the one by kind and time, or how many."""
    failed = _delete(handler_input, ctx, chosen)
    if failed is not None:
        return failed
    if len(chosen) == 1:
        reminder = chosen[0][1]
        kind = kind_word(ctx, reminder.kind)
        when = describe(reminder, _today(handler_input, chosen))
        speech = ctx.say.ssml("reminder.cancelled", kind=kind, when=when)
    else:
        speech = ctx.say.ssml("reminder.cancelled_several", which=_how_many(ctx, len(chosen)))
    return Reply.tell(speech)


def _how_many(ctx: Context, count: int) -> str:
    return ctx.say.text("reminder.both" if count == 2 else "reminder.all_count", count=str(count))


def settle_choice(
    handler_input: HandlerInput, ctx: Context, among: Found, stored: Pick, said: Pick
) -> Reply:
    """Cancel the one reminder ``said`` picks out of ``among``; if several fit, ask which of
    those; if none does, say so and ask again."""
    chosen = said.choose(among)
    if len(chosen) == 1:
        return cancel_reply(handler_input, ctx, chosen)
    if chosen:
        return which_reply(handler_input, ctx, chosen, stored.merged(said))
    if not among:
        return menu_reply(ctx, ctx.say.ssml("reminder.none"))
    return which_reply(handler_input, ctx, among, stored, ctx.say.ssml("reminder.no_match"))


class OwnRemindersHandler(IntentHandler):
    """A command about the reminders Knot Helper set; fetches them first, or says why not."""

    #: With none set, answer "you don't have any" instead of calling ``with_reminders``.
    needs_some = True

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        found = found_reminders(handler_input, ctx)
        if isinstance(found, Reply):
            return found
        if not found and self.needs_some:
            return menu_reply(ctx, ctx.say.ssml("reminder.none"))
        return self.with_reminders(handler_input, ctx, found)

    @abstractmethod
    def with_reminders(self, handler_input: HandlerInput, ctx: Context, found: Found) -> Reply:
        """Act on this skill's active reminders, as (alert token, reminder)."""


class ListRemindersHandler(OwnRemindersHandler):
    """ "What reminders do I have": each by kind and time; then "which?" can cancel one."""

    intents = ("ListRemindersIntent",)

    def with_reminders(self, handler_input: HandlerInput, ctx: Context, found: Found) -> Reply:
        today = _today(handler_input, found)
        items = "; ".join(_item(ctx, reminder, today) for _, reminder in found)
        if len(found) == 1:
            after = ctx.say.ssml("reminder.after_list_one", kind=kind_word(ctx, found[0][1].kind))
        else:
            ctx.state.pending = Pending(WHICH_REMINDER, Pick().token())
            after = ctx.say.ssml("reminder.after_list")
        speech = f"{ctx.say.ssml('reminder.listed', items=items)} {after}"
        return Reply.ask(speech, ctx.say.ssml("launch.reprompt"))


class CancelReminderHandler(OwnRemindersHandler):
    """ "Cancel my stretch reminder", "cancel the 5 pm one": straight away when one fits, else
    "which one?"."""

    intents = ("CancelReminderIntent",)
    needs_some = False

    def with_reminders(self, handler_input: HandlerInput, ctx: Context, found: Found) -> Reply:
        said = pick_of(handler_input)
        if not said.choose(found) and said == Pick(kind=said.kind) and said.kind is not None:
            kind = kind_word(ctx, said.kind)
            return menu_reply(ctx, ctx.say.ssml("reminder.cancelled_none", kind=kind))
        return settle_choice(handler_input, ctx, found, Pick(), said)


class ReminderChoiceHandler(OwnRemindersHandler):
    """The answer to "which one should I cancel?": "the stretch one", "the 5 pm one", "the first
    one", "both"; also when Alexa hears it as a time, a cancel request or a remedy. Words Alexa
    could not place ask the question again, with the safety line every fallback carries."""

    intents = (
        "ReminderChoiceIntent",
        "AllOfThemIntent",
        "CancelReminderIntent",
        "ReminderTimeIntent",
        "RemedyIntent",
        "AMAZON.FallbackIntent",
    )
    keeps_pending = True
    needs_some = False

    def can_handle(self, handler_input: HandlerInput) -> bool:
        pending = SessionState.of(handler_input).pending
        if pending is None or pending.question != WHICH_REMINDER:
            return False
        if is_intent_name("RemedyIntent")(handler_input):
            return resolve(handler_input, "remedy", "REMEDY")[0] in REMEDY_KINDS
        return super().can_handle(handler_input)

    def with_reminders(self, handler_input: HandlerInput, ctx: Context, found: Found) -> Reply:
        pending = ctx.state.pending
        stored = Pick.from_token(pending.subject if pending is not None else None)
        ctx.state.pending = None
        if not found:
            return menu_reply(ctx, ctx.say.ssml("reminder.none"))
        among = stored.choose(found)
        if not among:
            among, stored = found, Pick()
        if is_intent_name("AllOfThemIntent")(handler_input):
            return cancel_reply(handler_input, ctx, among)
        if is_intent_name("AMAZON.FallbackIntent")(handler_input):
            reply = which_reply(handler_input, ctx, among, stored, ctx.say.ssml("reminder.unclear"))
            return replace(reply, speech=f"{reply.speech} {ctx.say.ssml('pain.safety_line')}")
        said = pick_of(handler_input)
        if not said.says_something:
            return which_reply(handler_input, ctx, among, stored)
        return settle_choice(handler_input, ctx, among, stored, said)


class StrayChoiceHandler(IntentHandler):
    """ "The stretch one" or "both" with no question asked: how to cancel a reminder."""

    intents = ("ReminderChoiceIntent", "AllOfThemIntent")

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        return Reply.ask(ctx.say.ssml("reminder.stray_choice"), ctx.say.ssml("launch.reprompt"))


class CancelAllRemindersHandler(OwnRemindersHandler):
    """ "Cancel all my reminders"."""

    intents = ("CancelAllRemindersIntent",)

    def with_reminders(self, handler_input: HandlerInput, ctx: Context, found: Found) -> Reply:
        return cancel_all_reply(handler_input, ctx, found)


def cancel_all_reply(
    handler_input: HandlerInput, ctx: Context, found: Found, end: str = ""
) -> Reply:
    """Cancel every one of ``found`` and say how many went."""
    failed = _delete(handler_input, ctx, found)
    if failed is not None:
        return failed
    if len(found) == 1:
        speech = ctx.say.ssml("reminder.cancelled_all_one")
    else:
        speech = ctx.say.ssml("reminder.cancelled_all", which=_how_many(ctx, len(found)))
    return Reply.tell(f"{speech} {end}" if end else speech)


def which_again(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply:
    """Yes to "shall I cancel it?" cancels the one reminder asked about; to "which one?" it
    says nothing about which, so the question comes again."""
    found = found_reminders(handler_input, ctx)
    if isinstance(found, Reply):
        return found
    stored = Pick.from_token(pending.subject)
    among = stored.choose(found)
    if not among:
        return menu_reply(ctx, ctx.say.ssml("reminder.none"))
    if len(among) == 1 and is_intent_name("AMAZON.YesIntent")(handler_input):
        return cancel_reply(handler_input, ctx, among)
    return which_reply(handler_input, ctx, among, stored)
