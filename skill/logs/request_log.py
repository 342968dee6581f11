"""One log line per request, with nothing personal in it.

Only the request type, intent name, HTTP status, outcome and latency are logged: never user,
device or session IDs, tokens, slot values or bodies. Triage answers are health data, so even the
names of answer intents (yes, no, not sure, emergency statements) are logged only as ``answer``.

The request type and intent name come from bodies that may not be verified yet, so they pass
through :func:`loggable` first: only the characters Alexa's names use, at most 64 of them. A
newline, a terminal escape or a 200 KB name cannot forge or flood a line.
"""

from __future__ import annotations

import logging
import os
import re
import time
import traceback
from collections.abc import Mapping
from typing import Any

from ask_sdk_model import IntentRequest, RequestEnvelope

logger = logging.getLogger("skill.requests")

#: Intents whose very name can reveal a triage answer or a symptom: logged as ``answer``.
SENSITIVE_INTENTS = frozenset(
    {
        "AMAZON.YesIntent",
        "AMAZON.NoIntent",
        "UnsureIntent",
        "AlreadyCheckedIntent",
        "EmergencyStatementIntent",
        "PainReportIntent",
        "WhyAskingIntent",
        "AcknowledgeIntent",
    }
)


#: Characters of Alexa request types and intent names (``AMAZON.NextIntent``,
#: ``Alexa.Presentation.APL.UserEvent``); anything else is shown as ``?``.
_NOT_NAME_CHARACTER = re.compile(r"[^A-Za-z0-9_.:-]")
MAX_NAME_LENGTH = 64
MAX_OUTCOME_LENGTH = 160


def loggable(value: object, limit: int = MAX_NAME_LENGTH) -> str:
    """``value`` made safe for a log line: name characters only, at most ``limit`` of them.

    Longer values are cut and say how much was cut (``Abc...[+199936]``); anything that is not
    a string or a number is ``?``; nothing at all is ``-``.
    """
    if value is None or value == "":
        return "-"
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return "?"
    text = str(value)
    cut = len(text) - limit
    shown = _NOT_NAME_CHARACTER.sub("?", text[:limit])
    return f"{shown}...[+{cut}]" if cut > 0 else shown


def describe_request(envelope: RequestEnvelope | None) -> tuple[str, str]:
    """Return (request type, intent name) for a log line; ``-`` where unknown."""
    request = getattr(envelope, "request", None)
    intent = None
    if isinstance(request, IntentRequest) and request.intent is not None:
        intent = request.intent.name
    return _names(getattr(request, "object_type", None), intent)


def describe_event(event: Mapping[str, Any]) -> tuple[str, str]:
    """Like :func:`describe_request`, for a raw (Lambda) event."""
    request = event.get("request")
    if not isinstance(request, Mapping):
        return "-", "-"
    intent = request.get("intent")
    intent_name = intent.get("name") if isinstance(intent, Mapping) else None
    return _names(request.get("type"), intent_name)


def _names(request_type: object, intent: object) -> tuple[str, str]:
    """Loggable (request type, intent name); answer intents are only ``answer``."""
    if isinstance(intent, str) and intent in SENSITIVE_INTENTS:
        return loggable(request_type), "answer"
    return loggable(request_type), loggable(intent)


def log_request(
    envelope: RequestEnvelope | Mapping[str, Any] | None,
    status: int,
    outcome: str,
    started: float | None,
) -> None:
    """Log a request's type, intent, status, outcome and latency in one bounded line.

    ``outcome`` is the webhook's own reason (never text from the body); it is cut to
    ``MAX_OUTCOME_LENGTH`` characters all the same.
    """
    if not logger.isEnabledFor(logging.INFO):
        return  # the line would be dropped: spare the work of describing the request
    if isinstance(envelope, Mapping):
        request_type, intent = describe_event(envelope)
    else:
        request_type, intent = describe_request(envelope)
    latency = "-" if started is None else f"{(time.perf_counter() - started) * 1000:.1f}"
    logger.info(
        "request type=%s intent=%s status=%d outcome=%r latency_ms=%s",
        request_type,
        intent,
        status,
        outcome[:MAX_OUTCOME_LENGTH],
        latency,
    )


#: HTTP client libraries that log request URLs at DEBUG, and Alexa API paths hold device IDs.
CHATTY_LOGGERS = ("urllib3", "requests", "botocore", "boto3", "s3transfer", "gtts")


def quiet_http_client_logs() -> None:
    """Keep HTTP client libraries at WARNING or above, whatever the root level.

    urllib3 logs every request line at DEBUG, and the device-settings path carries the device ID
    (``/v2/devices/<deviceId>/settings/...``); botocore's DEBUG output carries request bodies.
    """
    for name in CHATTY_LOGGERS:
        library = logging.getLogger(name)
        if library.level < logging.WARNING:  # also NOTSET, which would follow the root down
            library.setLevel(logging.WARNING)


def describe_exception(error: BaseException) -> str:
    """Exception type and where it was raised, without its message (which may hold a body)."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return type(error).__name__
    last = frames[-1]
    return f"{type(error).__name__} at {os.path.basename(last.filename)}:{last.lineno}"
