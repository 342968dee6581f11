"""The ``POST /alexa`` webhook: a thin Flask blueprint around the SDK's webservice handler.

Every client fault gets a short JSON error and never a traceback: 400 for anything malformed or
unverified, 405 for other methods, 413 for bodies over 256 KiB, 415 for non-JSON content types.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import IntentRequest, RequestEnvelope
from flask import Blueprint, Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as WerkzeugResponse

from skill.config import Config
from skill.request_log import log_request
from skill.sdk_compat import AbstractVerifier, WebserviceSkillHandler
from skill.signing_chain import VerificationFailure

MAX_BODY_BYTES = 256 * 1024
LOOPBACK_PREFIXES = ("127.", "::1", "::ffff:127.")

logger = logging.getLogger(__name__)
blueprint = Blueprint("alexa", __name__)


class MalformedRequest(Exception):
    """The body is not a request envelope Alexa could have sent."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class StagedSkillHandler(WebserviceSkillHandler):
    """The SDK's ``WebserviceSkillHandler`` with its three steps kept apart.

    The SDK's ``verify_request_and_dispatch`` raises one exception type for a body it cannot
    parse, a failed check and a skill error alike, which its Flask adapter turns into a 500.
    The webhook calls the same three steps one by one, so each failure maps to its own answer.
    """

    def __init__(self, skill: CustomSkill, verifiers: list[AbstractVerifier]) -> None:
        super().__init__(skill, verify_signature=False, verify_timestamp=False, verifiers=verifiers)

    def parse(self, body: str) -> RequestEnvelope:
        """Deserialize and sanity-check an envelope.

        Raises:
            MalformedRequest: not JSON, unknown request type, or missing required parts.
        """
        try:
            envelope = self._skill.serializer.deserialize(payload=body, obj_type=RequestEnvelope)
        except SerializationException:
            raise MalformedRequest("body is not a valid Alexa request envelope") from None
        if not isinstance(envelope, RequestEnvelope) or envelope.request is None:
            raise MalformedRequest("request envelope has no request")
        if isinstance(envelope.request, IntentRequest) and not getattr(
            envelope.request.intent, "name", None
        ):
            raise MalformedRequest("intent request has no intent name")
        system = getattr(envelope.context, "system", None)
        application = getattr(system, "application", None)
        if not isinstance(getattr(application, "application_id", None), str):
            raise MalformedRequest("request envelope has no application ID")
        return envelope

    def verify(self, headers: Any, body: str, envelope: RequestEnvelope) -> None:
        """Run every verifier; the first failure raises ``VerificationFailure``."""
        for verifier in self._verifiers:
            verifier.verify(
                headers=headers, serialized_request_env=body, deserialized_request_env=envelope
            )

    def dispatch(self, envelope: RequestEnvelope) -> dict[str, Any]:
        """Invoke the skill and return the response envelope as JSON-ready data."""
        response = self._skill.invoke(request_envelope=envelope, context=None)
        answer = self._skill.serializer.serialize(response)
        assert isinstance(answer, dict)
        return answer


def error_response(status: int, reason: str) -> tuple[Response, int]:
    """A short JSON error body."""
    return jsonify(error=reason), status


@blueprint.post("/alexa")
def alexa() -> Response | tuple[Response, int]:
    """Verify an Alexa request and answer it."""
    started = time.perf_counter()
    config: Config = current_app.config["KNOT"]
    if config.dev_mode and not str(request.remote_addr or "").startswith(LOOPBACK_PREFIXES):
        return _reject(started, 403, "dev mode serves loopback clients only")
    if request.mimetype != "application/json":
        return _reject(started, 415, "content type must be application/json")
    raw = request.get_data(cache=False)
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _reject(started, 400, "body is not UTF-8")
    handler: StagedSkillHandler = current_app.extensions["knot_skill_handler"]
    envelope = None
    try:
        envelope = handler.parse(body)
        handler.verify(request.headers, body, envelope)
    except (MalformedRequest, VerificationFailure) as failure:
        return _reject(started, 400, failure.reason, envelope)
    answer = handler.dispatch(envelope)
    log_request(envelope, 200, "ok", started)
    return Response(json.dumps(answer), status=200, mimetype="application/json")


def _reject(
    started: float, status: int, reason: str, envelope: RequestEnvelope | None = None
) -> tuple[Response, int]:
    log_request(envelope, status, reason, started)
    return error_response(status, reason)


def init_app(app: Flask, handler: StagedSkillHandler) -> None:
    """Register the webhook, its handler and JSON answers for HTTP errors."""
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.extensions["knot_skill_handler"] = handler
    app.register_blueprint(blueprint)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)


def _http_error(error: HTTPException) -> WerkzeugResponse:
    """Werkzeug's answer (status and headers such as ``Allow``) with a short JSON body."""
    response = error.get_response()
    reason = error.name.lower()
    if request.path == "/alexa":
        log_request(None, response.status_code, reason, None)
    response.set_data(json.dumps({"error": reason}))
    response.mimetype = "application/json"
    return response


def _server_error(error: Exception) -> tuple[Response, int]:
    logger.error("unhandled %s while serving %s", type(error).__name__, request.path)
    return error_response(500, "internal error")
