"""The ``POST /alexa`` webhook: a thin Flask blueprint around the SDK's webservice handler.

Every client fault gets a short JSON error and never a traceback: 400 for anything malformed or
unverified (or a body that did not arrive in full), 405 for other methods, 413 for bodies over
256 KiB (by ``Content-Length`` or, chunked, by counting), 415 for non-JSON content types.

A body is read as JSON first and then into the SDK's model by :class:`EnvelopeSerializer`, which
names the field that failed; the request log gets that field and the (sanitised) request type.
A verified request of a type the model does not know is answered with an empty response.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import IntentRequest, RequestEnvelope
from flask import Blueprint, Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import ClientDisconnected, HTTPException
from werkzeug.wrappers import Response as WerkzeugResponse

from skill.alexa.sdk_compat import AbstractVerifier, WebserviceSkillHandler
from skill.alexa.serializer import EnvelopeError, EnvelopeSerializer
from skill.config import Config
from skill.logs.request_log import log_request
from skill.web.signing_chain import VerificationFailure

MAX_BODY_BYTES = 256 * 1024
INCOMPLETE_BODY = "request body did not arrive in full"
LOOPBACK_PREFIXES = ("127.", "::1", "::ffff:127.")

logger = logging.getLogger(__name__)
blueprint = Blueprint("alexa", __name__)


class MalformedRequest(Exception):
    """The request is not one Alexa could have sent; refused with ``status`` (400 by default).

    ``data`` is the parsed JSON object when there was one, so the log can name its request type.
    """

    def __init__(self, reason: str, data: dict[str, Any] | None = None, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.data = data
        self.status = status


class StagedSkillHandler(WebserviceSkillHandler):
    """The SDK's ``WebserviceSkillHandler`` with its three steps kept apart.

    The SDK's ``verify_request_and_dispatch`` raises one exception type for a body it cannot
    parse, a failed check and a skill error alike, which its Flask adapter turns into a 500.
    The webhook calls the same three steps one by one, so each failure maps to its own answer.
    """

    def __init__(self, skill: CustomSkill, verifiers: list[AbstractVerifier]) -> None:
        super().__init__(skill, verify_signature=False, verify_timestamp=False, verifiers=verifiers)
        self._reader = EnvelopeSerializer()

    def parse(self, body: str) -> RequestEnvelope:
        """Read and sanity-check an envelope.

        Raises:
            MalformedRequest: not a JSON object, a field of the wrong kind (named in the
                reason), or a required part missing.
        """
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            raise MalformedRequest("body is not JSON") from None
        if not isinstance(data, dict):
            raise MalformedRequest("body is not a JSON object")
        try:
            envelope: RequestEnvelope = self._reader.read(data, RequestEnvelope)
        except EnvelopeError as error:
            raise MalformedRequest(str(error), data) from None
        if envelope.request is None:
            raise MalformedRequest("request is missing", data)
        if isinstance(envelope.request, IntentRequest) and not getattr(
            envelope.request.intent, "name", None
        ):
            raise MalformedRequest("request.intent.name is missing", data)
        system = getattr(envelope.context, "system", None)
        application = getattr(system, "application", None)
        if not isinstance(getattr(application, "application_id", None), str):
            raise MalformedRequest("context.System.application.applicationId is missing", data)
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
    handler: StagedSkillHandler = current_app.extensions["knot_skill_handler"]
    envelope = None
    try:
        body = _read_body(current_app.config["KNOT"])
        envelope = handler.parse(body)
        handler.verify(request.headers, body, envelope)
    except MalformedRequest as failure:
        return _reject(started, failure.status, failure.reason, failure.data)
    except VerificationFailure as failure:
        return _reject(started, 400, failure.reason, envelope)
    answer = handler.dispatch(envelope)
    log_request(envelope, 200, "ok", started)
    return Response(json.dumps(answer), status=200, mimetype="application/json")


def _read_body(config: Config) -> str:
    """The request body as text, after the checks that need no parsing.

    Raises:
        MalformedRequest: with status 403 (dev mode, not loopback), 415 (not JSON), 413 (too
            large, also when chunked) or 400 (shorter than announced, not UTF-8).
    """
    if config.dev_mode and not str(request.remote_addr or "").startswith(LOOPBACK_PREFIXES):
        raise MalformedRequest("dev mode serves loopback clients only", status=403)
    if request.mimetype != "application/json":
        raise MalformedRequest("content type must be application/json", status=415)
    raw = request.get_data(cache=False)
    if len(raw) > MAX_BODY_BYTES:  # a chunked body has no Content-Length to refuse it by
        raise MalformedRequest("request entity too large", status=413)
    announced = request.content_length  # parsed from the header on every access: read once
    if announced is not None and len(raw) < announced:
        raise MalformedRequest(INCOMPLETE_BODY)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedRequest("body is not UTF-8") from None


def _reject(
    started: float,
    status: int,
    reason: str,
    envelope: RequestEnvelope | dict[str, Any] | None = None,
) -> tuple[Response, int]:
    log_request(envelope, status, reason, started)
    return error_response(status, reason)


def init_app(app: Flask, handler: StagedSkillHandler) -> None:
    """Register the webhook, its handler and JSON answers for HTTP errors."""
    # One byte over the limit is still read, so an over-long chunked body is told apart.
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES + 1
    app.extensions["knot_skill_handler"] = handler
    app.register_blueprint(blueprint)
    app.register_error_handler(ClientDisconnected, _incomplete_body)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)


def _incomplete_body(_error: ClientDisconnected) -> tuple[Response, int]:
    """The client stopped sending (or the server's read deadline passed) mid-body."""
    if request.path == "/alexa":
        log_request(None, 400, INCOMPLETE_BODY, None)
    return error_response(400, INCOMPLETE_BODY)


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
    endpoint = request.url_rule.rule if request.url_rule else "-"  # not the path: client text
    logger.error("unhandled %s while serving %s", type(error).__name__, endpoint)
    return error_response(500, "internal error")
