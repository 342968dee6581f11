"""Setting reminders: what was asked, the time if it is missing, the reminder restated before
anything is set, corrections ("no, 5 pm", "just once"), the permission, and creation."""

from __future__ import annotations

import datetime as dt
import time

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model.interfaces.connections import SendRequestDirective
from ask_sdk_model.ui import AskForPermissionsConsentCard

from skill.conversation.profile import load_profile
from skill.conversation.reply import Reply
from skill.conversation.session_state import Pending
from skill.handlers.base import Context, IntentHandler, ReplyHandler
from skill.handlers.playback.steps import menu_reply
from skill.reminders import api
from skill.reminders.api import Problem, ReminderApiError
from skill.reminders.rules import ALL_DAYS, WEEKDAYS, WORKDAY, Kind, Reminder, day_code, parse_time
from skill.reminders.rules import from_token as reminder_from_token
from skill.reminders.wishes import Change, Wish
from skill.reminders.words import capitalised, describe
from skill.speech.slots import resolve

CONFIRM_REMINDER = "confirm_reminder"
REMINDER_TIME = "reminder_time"
DAY_GROUPS = {"weekdays": WEEKDAYS, "weekends": ("SA", "SU")}
_KIND_IDS = frozenset(kind.value for kind in Kind)


def texts(ctx: Context) -> dict[Kind, str]:
    return {kind: ctx.say.text(f"reminder.text_{kind.value}") for kind in Kind}


def kind_word(ctx: Context, kind: Kind) -> str:
    """The kind as said in a sentence: "stretch", "movement"."""
    return ctx.say.text(f"reminder.kind_{kind.value}")


def kind_of(handler_input: HandlerInput) -> Kind | None:
    """The kind of reminder the ``kind`` slot names, if it names one."""
    kind_id, _ = resolve(handler_input, "kind", "REMINDER_KIND")
    return Kind(kind_id) if kind_id in _KIND_IDS else None


def _when(reminder: Reminder, now: dt.datetime | None) -> str:
    return capitalised(describe(reminder, now.date() if now is not None else None))


def _refused_recently(handler_input: HandlerInput) -> bool:
    profile = load_profile(handler_input)
    return profile is not None and profile.reminders_refused_recently(time.time())


def _refused_reply(ctx: Context) -> Reply:
    card = AskForPermissionsConsentCard(permissions=[api.SCOPE])
    return Reply.tell(ctx.say.ssml("reminder.refused_recently"), card)


def ask_time_reply(ctx: Context, wish: Wish, lead: str = "") -> Reply:
    ctx.state.pending = Pending(REMINDER_TIME, wish.token())
    speech = (lead + " " if lead else "") + ctx.say.ssml("reminder.ask_time")
    return Reply.ask(speech, ctx.say.ssml("reminder.ask_time_reprompt"))


def wish_reply(handler_input: HandlerInput, ctx: Context, wish: Wish) -> Reply:
    """Ask for the time if it is missing, else restate the reminder and ask before setting it.

    After a recent refusal of the permission nothing is offered that a yes could not honour:
    Knot Helper says how to allow reminders instead.
    """
    if not api.has_permission(handler_input) and _refused_recently(handler_input):
        return _refused_reply(ctx)
    now = api.local_now(handler_input)[0] if wish.needs_clock else None
    reminder = wish.reminder(now)
    if reminder is None:
        return ask_time_reply(ctx, wish)
    ctx.state.pending = Pending(CONFIRM_REMINDER, reminder.token())
    text = texts(ctx)[reminder.kind]
    speech = ctx.say.ssml("reminder.confirm", when=_when(reminder, now), text=text)
    return Reply.ask(speech, ctx.say.ssml("reminder.confirm_reprompt"))


def problem_reply(ctx: Context, problem: Problem, reminder: Reminder | None = None) -> Reply:
    """A failed API call in plain words; a rejected time asks for another one."""
    if problem is Problem.REJECTED and reminder is not None:
        wish = Wish.of(reminder)
        lead = ctx.say.ssml("reminder.rejected")
        return ask_time_reply(ctx, Wish(wish.kind, days=wish.days, once=wish.once), lead)
    return Reply.tell(ctx.say.ssml(f"reminder.{problem.value}"))


def permission_reply(handler_input: HandlerInput, ctx: Context, reminder: Reminder) -> Reply:
    """Ask for the reminders permission: by voice (AskFor), else a consent card; never again
    within a week of a refusal."""
    card = AskForPermissionsConsentCard(permissions=[api.SCOPE])
    if _refused_recently(handler_input):
        return _refused_reply(ctx)
    if not ctx.config.voice_permissions:
        return Reply.tell(ctx.say.ssml("reminder.permission_card"), card)
    ask_for = SendRequestDirective(
        name="AskFor",
        payload={
            "@type": "AskForPermissionsConsentRequest",
            "@version": "2",
            "permissionScopes": [{"permissionScope": api.SCOPE, "consentLevel": "ACCOUNT"}],
        },
        token=reminder.token(),
    )
    return Reply(end_session=True, directives=(ask_for,))


def create_reply(handler_input: HandlerInput, ctx: Context, reminder: Reminder) -> Reply:
    """Create the reminder now if permitted, else ask for the permission."""
    if not api.has_permission(handler_input):
        return permission_reply(handler_input, ctx, reminder)
    text = texts(ctx)[reminder.kind]
    try:
        now = api.create(handler_input, reminder, text, ctx.say.locale)
    except ReminderApiError as error:
        if error.problem is Problem.NO_PERMISSION:
            return permission_reply(handler_input, ctx, reminder)
        return problem_reply(ctx, error.problem, reminder)
    return Reply.tell(ctx.say.ssml("reminder.created", when=_when(reminder, now), text=text))


def _days(handler_input: HandlerInput) -> tuple[str, ...]:
    group, _ = resolve(handler_input, "dayGroup", "DAY_GROUP")
    if group in DAY_GROUPS:
        return DAY_GROUPS[group]
    named = {
        day_code(resolve(handler_input, slot, "AMAZON.DayOfWeek")[1]) for slot in ("day", "dayTwo")
    }
    chosen = tuple(code for code in ALL_DAYS if code in named)
    return chosen or ALL_DAYS


def change_of(handler_input: HandlerInput) -> Change:
    """What the request's time, duration, date and "once" / "every day" slots say."""
    often, _ = resolve(handler_input, "often", "REMINDER_REPEAT")
    return Change.of(
        time=resolve(handler_input, "time", "AMAZON.TIME")[1],
        duration=resolve(handler_input, "duration", "AMAZON.DURATION")[1],
        date=resolve(handler_input, "date", "AMAZON.DATE")[1],
        once={"once": True, "daily": False}.get(often or ""),
    )


class StretchReminderHandler(IntentHandler):
    """ "Remind me to stretch every day at five", "...on Mondays and Thursdays at 7"."""

    intents = ("StretchReminderIntent",)

    def reply(self, handler_input: HandlerInput) -> Reply:
        wish = Wish(Kind.STRETCH, days=_days(handler_input)).revised(change_of(handler_input))
        return wish_reply(handler_input, Context.of(handler_input), wish)


class OneOffReminderHandler(IntentHandler):
    """ "Remind me to stretch in 20 minutes", "...tomorrow at 9", "remind me to move at 3 pm"."""

    intents = ("OneOffReminderIntent",)

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        kind_id, heard = resolve(handler_input, "kind", "REMINDER_KIND")
        if kind_id is None and heard:
            return menu_reply(ctx, ctx.say.ssml("reminder.unknown_kind"))
        wish = Wish(kind_of(handler_input) or Kind.STRETCH, once=True)
        wish = wish.revised(change_of(handler_input))
        return wish_reply(handler_input, ctx, wish)


class MovementReminderHandler(IntentHandler):
    """ "Remind me to move every hour": hourly on weekdays within working hours."""

    intents = ("MovementReminderIntent",)

    def reply(self, handler_input: HandlerInput) -> Reply:
        start = parse_time(resolve(handler_input, "startTime", "AMAZON.TIME")[1])
        end = parse_time(resolve(handler_input, "endTime", "AMAZON.TIME")[1])
        first, last = (start or (WORKDAY[0], 0))[0], (end or (WORKDAY[1], 0))[0]
        if last <= first:
            first, last = WORKDAY
        wish = Wish(Kind.MOVE, hourly=(first, last))
        return wish_reply(handler_input, Context.of(handler_input), wish)


def _wish_in(pending: Pending | None) -> Wish | None:
    """The reminder request a pending time question or confirmation is about."""
    if pending is None:
        return None
    if pending.question == REMINDER_TIME:
        return Wish.from_token(pending.subject)
    if pending.question == CONFIRM_REMINDER:
        reminder = reminder_from_token(pending.subject)
        return Wish.of(reminder) if reminder is not None else None
    return None


class ReminderTimeHandler(IntentHandler):
    """A time said about a reminder: the answer to "at what time?", a correction of the one just
    restated ("no, 5 pm", "in the evening", "just once", "in 30 minutes"), or a hint how to ask.
    """

    intents = ("ReminderTimeIntent",)
    keeps_pending = True

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        wish = _wish_in(ctx.state.pending)
        ctx.state.pending = None
        if wish is None:
            return menu_reply(ctx, ctx.say.ssml("reminder.stray_time"))
        change = change_of(handler_input)
        if change.is_empty:
            return ask_time_reply(ctx, wish)
        return wish_reply(handler_input, ctx, wish.revised(change))


def confirmed(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply | None:
    """Yes to "Shall I set that?": set it (or ask for the permission first)."""
    reminder = reminder_from_token(pending.subject)
    return create_reply(handler_input, ctx, reminder) if reminder is not None else None


def reconfirmed(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply | None:
    """The same confirmation again (after "maybe")."""
    wish = _wish_in(pending)
    return wish_reply(handler_input, ctx, wish) if wish is not None else None


def declined(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply | None:
    """No to "Shall I set that?": nothing is set, and another time is still welcome."""
    wish = _wish_in(pending)
    if wish is None:
        return None
    ctx.state.pending = Pending(REMINDER_TIME, wish.token())
    return Reply.ask(ctx.say.ssml("reminder.not_set"), ctx.say.ssml("reminder.not_set_reprompt"))


def time_asked_again(handler_input: HandlerInput, ctx: Context, pending: Pending) -> Reply | None:
    """Yes to "another time?" (or to "at what time?"): ask for the time."""
    wish = _wish_in(pending)
    return ask_time_reply(ctx, wish) if wish is not None else None


class PermissionResponseHandler(ReplyHandler):
    """Alexa's answer to AskFor; the reminder comes back in the token (no session needed)."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        request = handler_input.request_envelope.request
        return bool(is_request_type("Connections.Response")(handler_input)) and (
            getattr(request, "name", None) == "AskFor"
        )

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        request = handler_input.request_envelope.request
        status = str((getattr(request, "payload", None) or {}).get("status", "NOT_ANSWERED"))
        reminder = reminder_from_token(getattr(request, "token", None))
        if status == "ACCEPTED" and reminder is not None:
            return create_reply(handler_input, ctx, reminder)
        if status == "DENIED":
            profile = load_profile(handler_input)
            if profile is not None:
                profile.note_reminders_refused(time.time())
            return Reply.tell(ctx.say.ssml("reminder.denied"))
        return Reply.tell(ctx.say.ssml("reminder.not_answered"))
