"""The Alexa Reminders and device-settings APIs, through the SDK's own service clients.

Every failure becomes a :class:`ReminderApiError` with a ``problem`` the handlers can put into
plain words; nothing here raises anything else to a handler.
"""

from __future__ import annotations

import datetime as dt
import logging
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.services import ServiceException
from ask_sdk_model.services.reminder_management import (
    AlertInfo,
    PushNotification,
    PushNotificationStatus,
    Recurrence,
    ReminderManagementServiceClient,
    ReminderRequest,
    SpokenInfo,
    SpokenText,
    Status,
    Trigger,
    TriggerType,
)

from skill.reminders.rules import MIN_AFTER_S, Kind, OneOff, Reminder, Schedule

logger = logging.getLogger(__name__)

SCOPE = "alexa::alerts:reminders:skill:readwrite"
#: The furthest any zone is ahead of UTC: a start time this far ahead is in the future anywhere.
_MAX_ZONE_AHEAD = dt.timedelta(hours=14)


class Problem(StrEnum):
    NO_PERMISSION = "no_permission"
    FORBIDDEN = "forbidden"
    REJECTED = "rejected"
    THROTTLED = "throttled"
    UNAVAILABLE = "unavailable"


class ReminderApiError(Exception):
    """A reminders call failed; ``problem`` says how, in terms a person can act on."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.value)
        self.problem = problem


_BY_STATUS = {
    400: Problem.REJECTED,
    401: Problem.NO_PERMISSION,
    403: Problem.FORBIDDEN,
    429: Problem.THROTTLED,
}


def _failure(error: Exception, call: str) -> ReminderApiError:
    status = getattr(error, "status_code", None)
    problem = _BY_STATUS.get(status if isinstance(status, int) else 0, Problem.UNAVAILABLE)
    logger.warning("reminders API %s failed: status=%s problem=%s", call, status, problem.value)
    return ReminderApiError(problem)


def _client(handler_input: HandlerInput) -> ReminderManagementServiceClient:
    """The SDK's reminders client for this request (it carries the API endpoint and token).

    Raises:
        ReminderApiError: the request has no API access token, so no permission either.
    """
    if handler_input.service_client_factory is None:
        raise ReminderApiError(Problem.NO_PERMISSION)
    client: ReminderManagementServiceClient = (
        handler_input.service_client_factory.get_reminder_management_service()
    )
    return client


def _system(handler_input: HandlerInput) -> object:
    return getattr(handler_input.request_envelope.context, "system", None)


def has_permission(handler_input: HandlerInput) -> bool:
    """Whether the person granted the reminders scope (by its status, or a consent token)."""
    user = getattr(_system(handler_input), "user", None)
    permissions = getattr(user, "permissions", None)
    scopes = getattr(permissions, "scopes", None) or {}
    scope = scopes.get(SCOPE)
    if scope is not None:
        return getattr(getattr(scope, "status", None), "value", None) == "GRANTED"
    return bool(getattr(permissions, "consent_token", None))


def device_time_zone(handler_input: HandlerInput) -> ZoneInfo | None:
    """The device's time zone from the settings API; None if it cannot be had."""
    device = getattr(_system(handler_input), "device", None)
    device_id = getattr(device, "device_id", None)
    if not device_id or handler_input.service_client_factory is None:
        return None
    try:
        name = handler_input.service_client_factory.get_ups_service().get_system_time_zone(
            device_id
        )
        return ZoneInfo(str(name))
    except (ServiceException, ZoneInfoNotFoundError, ValueError) as error:
        logger.info("device time zone unavailable: %s", type(error).__name__)
        return None


def local_now(handler_input: HandlerInput) -> tuple[dt.datetime, ZoneInfo | None]:
    """The device's local time (naive) and zone; without the zone, UTC time and None."""
    zone = device_time_zone(handler_input)
    if zone is None:
        return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0), None
    return dt.datetime.now(zone).replace(tzinfo=None, microsecond=0), zone


def _trigger(handler_input: HandlerInput, reminder: Reminder) -> tuple[dt.datetime, Trigger]:
    """The request time and trigger for ``reminder``: relative, one absolute time, or a rule."""
    now, zone = local_now(handler_input)
    zone_id = zone.key if zone is not None else None
    if isinstance(reminder, OneOff) and reminder.after_s is not None:
        relative = TriggerType.SCHEDULED_RELATIVE
        return now, Trigger(relative, offset_in_seconds=reminder.after_s, time_zone_id=zone_id)
    if isinstance(reminder, OneOff):
        return now, Trigger(
            TriggerType.SCHEDULED_ABSOLUTE, scheduled_time=reminder.at, time_zone_id=zone_id
        )
    start = reminder.first_time(now if zone is not None else now + _MAX_ZONE_AHEAD)
    recurrence = Recurrence(start_date_time=start, recurrence_rules=[reminder.rrule()])
    return now, Trigger(TriggerType.SCHEDULED_ABSOLUTE, time_zone_id=zone_id, recurrence=recurrence)


def create(handler_input: HandlerInput, reminder: Reminder, text: str, locale: str) -> dt.datetime:
    """Create a reminder (recurring, at one time, or after a delay).

    Returns:
        The local time the request was made at (naive; UTC when the zone is unknown).

    Raises:
        ReminderApiError: the API refused or did not answer.
    """
    now, trigger = _trigger(handler_input, reminder)
    request = ReminderRequest(
        request_time=now,
        trigger=trigger,
        alert_info=AlertInfo(
            spoken_info=SpokenInfo(content=[SpokenText(locale=locale, text=text)])
        ),
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
    )
    try:
        _client(handler_input).create_reminder(reminder_request=request)
    except ServiceException as error:
        raise _failure(error, "create") from None
    return now


def _as_ours(alert: Any, kind: Kind, now_utc: dt.datetime) -> Reminder | None:
    """One of this skill's alerts as a reminder (a relative one as the time still to go)."""
    trigger = alert.trigger
    rules = getattr(getattr(trigger, "recurrence", None), "recurrence_rules", None) or []
    if rules:
        return Schedule.from_rrule(kind, rules[0])
    kind_of_trigger = getattr(getattr(trigger, "object_type", None), "value", None)
    if kind_of_trigger == "SCHEDULED_RELATIVE":
        created, offset = alert.created_time, getattr(trigger, "offset_in_seconds", None)
        if not isinstance(created, dt.datetime) or not isinstance(offset, int):
            return None
        if created.tzinfo is None:
            created = created.replace(tzinfo=dt.UTC)
        left = (created + dt.timedelta(seconds=offset) - now_utc).total_seconds()
        return OneOff(kind, after_s=max(60 * round(left / 60), MIN_AFTER_S)) if left > 0 else None
    at = getattr(trigger, "scheduled_time", None)
    return OneOff(kind, at=at.replace(tzinfo=None)) if isinstance(at, dt.datetime) else None


def list_ours(handler_input: HandlerInput, texts: dict[Kind, str]) -> list[tuple[str, Reminder]]:
    """Active reminders this skill set, as (alert token, reminder); others are skipped.

    Raises:
        ReminderApiError: the API refused or did not answer.
    """
    try:
        alerts = getattr(_client(handler_input).get_reminders(), "alerts", None) or []
    except ServiceException as error:
        raise _failure(error, "list") from None
    kinds = {text: kind for kind, text in texts.items()}
    now_utc = dt.datetime.now(dt.UTC)
    found: list[tuple[str, Reminder]] = []
    for alert in alerts:
        if alert.status is not None and alert.status != Status.ON:
            continue
        spoken = getattr(getattr(alert.alert_info, "spoken_info", None), "content", None) or []
        kind = next((kinds[c.text] for c in spoken if c.text in kinds), None)
        reminder = _as_ours(alert, kind, now_utc) if kind and alert.trigger else None
        if reminder is not None and alert.alert_token:
            found.append((str(alert.alert_token), reminder))
    return found


def delete(handler_input: HandlerInput, alert_token: str) -> None:
    """Delete one reminder (already gone counts as deleted).

    Raises:
        ReminderApiError: the API refused or did not answer.
    """
    try:
        _client(handler_input).delete_reminder(alert_token=alert_token)
    except ServiceException as error:
        if getattr(error, "status_code", None) != 404:
            raise _failure(error, "delete") from None
