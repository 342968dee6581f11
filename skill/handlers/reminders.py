"""Stretch and movement reminders: ask, confirm, get permission, create; list and cancel."""

from __future__ import annotations

import json
import time
from abc import abstractmethod

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model.interfaces.connections import SendRequestDirective
from ask_sdk_model.ui import AskForPermissionsConsentCard

from skill import reminder_api
from skill.handlers.base import Context, IntentHandler, ReplyHandler
from skill.handlers.routine_flow import menu_reply
from skill.profile import load_profile
from skill.reminder_api import Problem, ReminderApiError
from skill.reminder_rules import (
    ALL_DAYS,
    WEEKDAYS,
    WORKDAY,
    Kind,
    Schedule,
    day_code,
    describe,
    parse_time,
)
from skill.reply import Reply
from skill.session_state import Pending
from skill.slots import resolve

CONFIRM_REMINDER = "confirm_reminder"
REMINDER_TIME = "reminder_time"
REFUSAL_QUIET_S = 7 * 24 * 3600
DAY_GROUPS = {"weekdays": WEEKDAYS, "weekends": ("SA", "SU")}


def texts(ctx: Context) -> dict[Kind, str]:
    return {kind: ctx.say.text(f"reminder.text_{kind.value}") for kind in Kind}


def _when(schedule: Schedule) -> str:
    words = describe(schedule)
    return words[0].upper() + words[1:]


def confirm_reply(ctx: Context, schedule: Schedule) -> Reply:
    """Restate the schedule and ask before setting anything."""
    ctx.state.pending = Pending(CONFIRM_REMINDER, schedule.token())
    text = texts(ctx)[schedule.kind]
    speech = ctx.say.ssml("reminder.confirm", when=_when(schedule), text=text)
    return Reply.ask(speech, ctx.say.ssml("reminder.confirm_reprompt"))


def ask_time_reply(ctx: Context, kind: Kind, days: tuple[str, ...], lead: str = "") -> Reply:
    ctx.state.pending = Pending(REMINDER_TIME, json.dumps({"k": kind.value, "d": list(days)}))
    speech = (lead + " " if lead else "") + ctx.say.ssml("reminder.ask_time")
    return Reply.ask(speech, ctx.say.ssml("reminder.ask_time_reprompt"))


def problem_reply(ctx: Context, problem: Problem, schedule: Schedule | None = None) -> Reply:
    """A failed API call in plain words; a rejected time asks for another one."""
    if problem is Problem.REJECTED and schedule is not None:
        return ask_time_reply(ctx, schedule.kind, schedule.days, ctx.say.ssml("reminder.rejected"))
    return Reply.tell(ctx.say.ssml(f"reminder.{problem.value}"))


def permission_reply(handler_input: HandlerInput, ctx: Context, schedule: Schedule) -> Reply:
    """Ask for the reminders permission: by voice (AskFor), else a consent card; never again
    within a week of a refusal."""
    profile = load_profile(handler_input)
    refused = profile.data.get("reminders_refused_at") if profile is not None else None
    card = AskForPermissionsConsentCard(permissions=[reminder_api.SCOPE])
    if isinstance(refused, int | float) and time.time() - float(refused) < REFUSAL_QUIET_S:
        return Reply.tell(ctx.say.ssml("reminder.refused_recently"), card)
    if not ctx.config.voice_permissions:
        return Reply.tell(ctx.say.ssml("reminder.permission_card"), card)
    ask_for = SendRequestDirective(
        name="AskFor",
        payload={
            "@type": "AskForPermissionsConsentRequest",
            "@version": "2",
            "permissionScopes": [
                {"permissionScope": reminder_api.SCOPE, "consentLevel": "ACCOUNT"}
            ],
        },
        token=schedule.token(),
    )
    return Reply(end_session=True, directives=(ask_for,))


def create_reply(handler_input: HandlerInput, ctx: Context, schedule: Schedule) -> Reply:
    """Create the reminder now if permitted, else ask for the permission."""
    if not reminder_api.has_permission(handler_input):
        return permission_reply(handler_input, ctx, schedule)
    text = texts(ctx)[schedule.kind]
    try:
        reminder_api.create(handler_input, schedule, text, ctx.say.locale)
    except ReminderApiError as error:
        if error.problem is Problem.NO_PERMISSION:
            return permission_reply(handler_input, ctx, schedule)
        return problem_reply(ctx, error.problem, schedule)
    return Reply.tell(ctx.say.ssml("reminder.created", when=_when(schedule), text=text))


class StretchReminderHandler(IntentHandler):
    """ "Remind me to stretch every day at five", "...on Mondays and Thursdays at 7"."""

    intents = ("StretchReminderIntent",)

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        days = _days(handler_input)
        at = parse_time(resolve(handler_input, "time", "AMAZON.TIME")[1])
        if at is None:
            return ask_time_reply(ctx, Kind.STRETCH, days)
        return confirm_reply(ctx, Schedule(Kind.STRETCH, (at[0],), at[1], days))


def _days(handler_input: HandlerInput) -> tuple[str, ...]:
    group, _ = resolve(handler_input, "dayGroup", "DAY_GROUP")
    if group in DAY_GROUPS:
        return DAY_GROUPS[group]
    named = {
        day_code(resolve(handler_input, slot, "AMAZON.DayOfWeek")[1]) for slot in ("day", "dayTwo")
    }
    chosen = tuple(code for code in ALL_DAYS if code in named)
    return chosen or ALL_DAYS


class MovementReminderHandler(IntentHandler):
    """ "Remind me to move every hour": hourly on weekdays within working hours."""

    intents = ("MovementReminderIntent",)

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        start = parse_time(resolve(handler_input, "startTime", "AMAZON.TIME")[1])
        end = parse_time(resolve(handler_input, "endTime", "AMAZON.TIME")[1])
        first, last = (start or (WORKDAY[0], 0))[0], (end or (WORKDAY[1], 0))[0]
        if last <= first:
            first, last = WORKDAY
        hours = tuple(range(first, last + 1))
        return confirm_reply(ctx, Schedule(Kind.MOVE, hours, 0, WEEKDAYS))


class ReminderTimeHandler(IntentHandler):
    """A time on its own: the answer to "at what time?", or a hint how to ask."""

    intents = ("ReminderTimeIntent",)
    keeps_pending = True

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        pending = ctx.state.pending
        ctx.state.pending = None
        if pending is None or pending.question != REMINDER_TIME:
            return menu_reply(ctx, ctx.say.ssml("reminder.stray_time"))
        wanted = json.loads(pending.subject or "{}")
        kind, days = Kind(wanted.get("k", "stretch")), tuple(wanted.get("d") or ALL_DAYS)
        at = parse_time(resolve(handler_input, "time", "AMAZON.TIME")[1])
        if at is None:
            return ask_time_reply(ctx, kind, days)
        return confirm_reply(ctx, Schedule(kind, (at[0],), at[1], days))


class PermissionResponseHandler(ReplyHandler):
    """Alexa's answer to AskFor; the schedule comes back in the token (no session needed)."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        request = handler_input.request_envelope.request
        return bool(is_request_type("Connections.Response")(handler_input)) and (
            getattr(request, "name", None) == "AskFor"
        )

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        request = handler_input.request_envelope.request
        status = str((getattr(request, "payload", None) or {}).get("status", "NOT_ANSWERED"))
        schedule = Schedule.from_token(getattr(request, "token", None))
        if status == "ACCEPTED" and schedule is not None:
            return create_reply(handler_input, ctx, schedule)
        if status == "DENIED":
            profile = load_profile(handler_input)
            if profile is not None:
                profile.data["reminders_refused_at"] = int(time.time())
            return Reply.tell(ctx.say.ssml("reminder.denied"))
        return Reply.tell(ctx.say.ssml("reminder.not_answered"))


def _ours(handler_input: HandlerInput, ctx: Context) -> list[tuple[str, Schedule]] | Reply:
    """This skill's active reminders, or the reply that explains why they can't be had."""
    if not reminder_api.has_permission(handler_input):
        return Reply.ask(
            ctx.say.ssml("reminder.no_permission_list"), ctx.say.ssml("launch.reprompt")
        )
    try:
        return reminder_api.list_ours(handler_input, texts(ctx))
    except ReminderApiError as error:
        return problem_reply(ctx, error.problem)


class OwnRemindersHandler(IntentHandler):
    """A command about the reminders Knot Helper set; fetches them first, or says why not."""

    #: With none set, answer "you don't have any" instead of calling ``with_reminders``.
    needs_some = True

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        found = _ours(handler_input, ctx)
        if isinstance(found, Reply):
            return found
        if not found and self.needs_some:
            return menu_reply(ctx, ctx.say.ssml("reminder.none"))
        return self.with_reminders(handler_input, ctx, found)

    @abstractmethod
    def with_reminders(
        self, handler_input: HandlerInput, ctx: Context, found: list[tuple[str, Schedule]]
    ) -> Reply:
        """Act on this skill's active reminders, as (alert token, schedule)."""


class ListRemindersHandler(OwnRemindersHandler):
    """ "What reminders do I have"."""

    intents = ("ListRemindersIntent",)

    def with_reminders(
        self, handler_input: HandlerInput, ctx: Context, found: list[tuple[str, Schedule]]
    ) -> Reply:
        items = "; ".join(
            ctx.say.text(
                "reminder.item",
                kind=ctx.say.text(f"reminder.kind_{s.kind.value}"),
                when=describe(s),
            )
            for _, s in found
        )
        return menu_reply(ctx, ctx.say.ssml("reminder.listed", items=items))


def _delete_all(handler_input: HandlerInput, ctx: Context, tokens: list[str]) -> Reply | None:
    """Delete each reminder; a failure's reply, or None when all are gone."""
    try:
        for token in tokens:
            reminder_api.delete(handler_input, token)
    except ReminderApiError as error:
        return problem_reply(ctx, error.problem)
    return None


class CancelReminderHandler(OwnRemindersHandler):
    """ "Cancel my stretch reminder" (or, with only one kind set, "cancel my reminder")."""

    intents = ("CancelReminderIntent",)
    needs_some = False

    def with_reminders(
        self, handler_input: HandlerInput, ctx: Context, found: list[tuple[str, Schedule]]
    ) -> Reply:
        kind_id, _ = resolve(handler_input, "kind", "REMINDER_KIND")
        kinds = {schedule.kind for _, schedule in found}
        if kind_id is None and len(kinds) > 1:
            return Reply.ask(ctx.say.ssml("reminder.which_one"), ctx.say.ssml("reminder.which_one"))
        kind = Kind(kind_id) if kind_id in set(Kind) else next(iter(kinds), Kind.STRETCH)
        word = ctx.say.text(f"reminder.kind_{kind.value}")
        chosen = [token for token, schedule in found if schedule.kind is kind]
        if not chosen:
            return menu_reply(ctx, ctx.say.ssml("reminder.cancelled_none", kind=word))
        failed = _delete_all(handler_input, ctx, chosen)
        return failed or Reply.tell(ctx.say.ssml("reminder.cancelled", kind=word))


class CancelAllRemindersHandler(OwnRemindersHandler):
    """ "Cancel all my reminders"."""

    intents = ("CancelAllRemindersIntent",)

    def with_reminders(
        self, handler_input: HandlerInput, ctx: Context, found: list[tuple[str, Schedule]]
    ) -> Reply:
        failed = _delete_all(handler_input, ctx, [token for token, _ in found])
        return failed or Reply.tell(ctx.say.ssml("reminder.cancelled_all", count=str(len(found))))
