"""One log line per request, with nothing personal in it.

Only the request type, intent name, HTTP status, outcome and latency are logged: never user,
device or session IDs, tokens, slot values or bodies. Triage answers are health data, so even the
names of answer intents (yes, no, not sure, emergency statements) are logged only as ``answer``.
"""

from __future__ import annotations

import logging
import os
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


def describe_request(envelope: RequestEnvelope | None) -> tuple[str, str]:
    """Return (request type, intent name) for a log line; ``-`` where unknown."""
    request = getattr(envelope, "request", None)
    request_type = str(getattr(request, "object_type", None) or "-")
    intent = "-"
    if isinstance(request, IntentRequest) and request.intent is not None:
        intent = str(request.intent.name or "-")
    return request_type, intent


def describe_event(event: Mapping[str, Any]) -> tuple[str, str]:
    """Like :func:`describe_request`, for a raw (Lambda) event."""
    request = event.get("request")
    if not isinstance(request, Mapping):
        return "-", "-"
    intent = request.get("intent")
    intent_name = intent.get("name") if isinstance(intent, Mapping) else None
    return str(request.get("type") or "-"), str(intent_name or "-")


def log_request(
    envelope: RequestEnvelope | Mapping[str, Any] | None,
    status: int,
    outcome: str,
    started: float | None,
) -> None:
    """Log a request's type, intent, status, outcome and latency in one line."""
    if isinstance(envelope, Mapping):
        request_type, intent = describe_event(envelope)
    else:
        request_type, intent = describe_request(envelope)
    if intent in SENSITIVE_INTENTS:
        intent = "answer"
    latency = "-" if started is None else f"{(time.perf_counter() - started) * 1000:.1f}"
    logger.info(
        "request type=%s intent=%s status=%d outcome=%r latency_ms=%s",
        request_type,
        intent,
        status,
        outcome,
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
