"""Request envelopes shaped like the ones Alexa sends (JSON-ready dicts)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

DEFAULT_SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
DEFAULT_API_ENDPOINT = "https://api.amazonalexa.com"


def timestamp(offset_seconds: float = 0.0) -> str:
    """An Alexa-style UTC timestamp, ``offset_seconds`` from now."""
    moment = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=offset_seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id(prefix: str) -> str:
    """An opaque ID in Alexa's ``amzn1.echo-api.<kind>.<uuid>`` style."""
    return f"amzn1.echo-api.{prefix}.{uuid.uuid4()}"


def intent_body(name: str, slots: dict[str, str | None] | None = None) -> dict[str, Any]:
    """The ``request.intent`` object for an intent with plain slot values."""
    return {
        "name": name,
        "confirmationStatus": "NONE",
        "slots": {
            slot: {"name": slot, "confirmationStatus": "NONE"}
            | ({"value": value} if value is not None else {})
            for slot, value in (slots or {}).items()
        },
    }


def envelope(
    request_type: str,
    *,
    skill_id: str = DEFAULT_SKILL_ID,
    user_id: str = "amzn1.ask.account.TESTUSER",
    device_id: str = "amzn1.ask.device.TESTDEVICE",
    locale: str = "en-US",
    session: dict[str, Any] | None = None,
    api_endpoint: str = DEFAULT_API_ENDPOINT,
    api_access_token: str = "simulated-api-access-token",  # noqa: S107 - not a secret
    interfaces: dict[str, Any] | None = None,
    permissions: dict[str, Any] | None = None,
    audio_player: dict[str, Any] | None = None,
    timestamp_offset: float = 0.0,
    **request_fields: Any,
) -> dict[str, Any]:
    """A complete request envelope.

    Args:
        request_type: ``LaunchRequest``, ``IntentRequest``, ``SessionEndedRequest``, ...
        session: the ``session`` object, or None for out-of-session requests.
        interfaces: ``context.System.device.supportedInterfaces``.
        permissions: ``context.System.user.permissions`` (granted scopes, consent token).
        audio_player: ``context.AudioPlayer`` (token, offsetInMilliseconds, playerActivity).
        timestamp_offset: seconds added to the request timestamp (negative for an old request).
        request_fields: extra fields of ``request`` (``intent``, ``reason``, ...).
    """
    system = {
        "application": {"applicationId": skill_id},
        "user": {"userId": user_id} | ({"permissions": permissions} if permissions else {}),
        "device": {"deviceId": device_id, "supportedInterfaces": interfaces or {}},
        "apiEndpoint": api_endpoint,
        "apiAccessToken": api_access_token,
    }
    body: dict[str, Any] = {
        "version": "1.0",
        "context": {"System": system},
        "request": {
            "type": request_type,
            "requestId": new_id("request"),
            "timestamp": timestamp(timestamp_offset),
            "locale": locale,
            **request_fields,
        },
    }
    if session is not None:
        body["session"] = session
    if audio_player is not None:
        body["context"]["AudioPlayer"] = audio_player
    return body


def granted(*scopes: str) -> dict[str, Any]:
    """A ``permissions`` object with these scopes granted."""
    return {
        "consentToken": "simulated-consent-token",
        "scopes": {scope: {"status": "GRANTED"} for scope in scopes},
    }


def session_object(
    *,
    new: bool,
    session_id: str,
    skill_id: str = DEFAULT_SKILL_ID,
    user_id: str = "amzn1.ask.account.TESTUSER",
    attributes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``session`` object of an in-session request."""
    return {
        "new": new,
        "sessionId": session_id,
        "application": {"applicationId": skill_id},
        "attributes": attributes or {},
        "user": {"userId": user_id},
    }
