"""The Alexa Reminders and device-settings APIs, through the SDK's own service clients.

Every failure becomes a :class:`ReminderApiError` with a ``problem`` the handlers can put into
plain words; nothing here raises anything else to a handler.
"""

from __future__ import annotations

import datetime as dt
import logging
from enum import StrEnum
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

from skill.reminder_rules import Kind, Schedule

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


def create(handler_input: HandlerInput, schedule: Schedule, text: str, locale: str) -> str:
    """Create a recurring reminder; returns its alert token.

    Raises:
        ReminderApiError: the API refused or did not answer.
    """
    zone = device_time_zone(handler_input)
    if zone is not None:
        now = dt.datetime.now(zone).replace(tzinfo=None)
        start = schedule.first_time(now)
    else:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        start = schedule.first_time(now + _MAX_ZONE_AHEAD)
    request = ReminderRequest(
        request_time=now.replace(microsecond=0),
        trigger=Trigger(
            object_type=TriggerType.SCHEDULED_ABSOLUTE,
            time_zone_id=zone.key if zone is not None else None,
            recurrence=Recurrence(start_date_time=start, recurrence_rules=[schedule.rrule()]),
        ),
        alert_info=AlertInfo(
            spoken_info=SpokenInfo(content=[SpokenText(locale=locale, text=text)])
        ),
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
    )
    try:
        response = _client(handler_input).create_reminder(reminder_request=request)
    except ServiceException as error:
        raise _failure(error, "create") from None
    return str(getattr(response, "alert_token", "") or "")


def list_ours(handler_input: HandlerInput, texts: dict[Kind, str]) -> list[tuple[str, Schedule]]:
    """Active reminders this skill set, as (alert token, schedule); others are skipped.

    Raises:
        ReminderApiError: the API refused or did not answer.
    """
    try:
        alerts = getattr(_client(handler_input).get_reminders(), "alerts", None) or []
    except ServiceException as error:
        raise _failure(error, "list") from None
    kinds = {text: kind for kind, text in texts.items()}
    found = []
    for alert in alerts:
        if alert.status is not None and alert.status != Status.ON:
            continue
        spoken = getattr(getattr(alert.alert_info, "spoken_info", None), "content", None) or []
        kind = next((kinds[c.text] for c in spoken if c.text in kinds), None)
        rules = getattr(getattr(alert.trigger, "recurrence", None), "recurrence_rules", None) or []
        schedule = Schedule.from_rrule(kind, rules[0]) if kind and rules else None
        if schedule is not None and alert.alert_token:
            found.append((str(alert.alert_token), schedule))
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
