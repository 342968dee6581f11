"""The three WSGI apps the load benchmark compares, under identical gunicorn settings.

- ``knot_app()``: Knot Helper itself, with full request verification (a generated CA stands in
  for Amazon's, read from ``TEST_TRUST_ROOT`` / ``TEST_CHAIN``: ``tests.signed_app``) and the
  SQLite store.
- ``bare_app()``: a Flask endpoint returning a fixed Alexa response: the ceiling of the stack.
- ``hello_app()``: a minimal hello-world ask-sdk skill behind the SDK's webservice handler: the
  peer.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, request

FIXED = json.dumps(
    {
        "version": "1.0",
        "response": {
            "outputSpeech": {"type": "SSML", "ssml": "<speak>Hello from the ceiling.</speak>"},
            "shouldEndSession": True,
        },
    }
)


def knot_app() -> Flask:
    from tests.signed_app import create

    return create()


def bare_app() -> Flask:
    app = Flask("bare")

    @app.post("/alexa")
    def alexa() -> Response:
        request.get_data()
        return Response(FIXED, mimetype="application/json")

    return app


def hello_app() -> Flask:
    from ask_sdk_core.dispatch_components import AbstractRequestHandler
    from ask_sdk_core.skill_builder import SkillBuilder

    from skill.alexa.sdk_compat import WebserviceSkillHandler

    class Hello(AbstractRequestHandler):  # type: ignore[misc]
        def can_handle(self, handler_input: Any) -> bool:
            return True

        def handle(self, handler_input: Any) -> Any:
            return handler_input.response_builder.speak("Hello world").response

    builder = SkillBuilder()
    builder.add_request_handler(Hello())
    handler = WebserviceSkillHandler(
        builder.create(), verify_signature=False, verify_timestamp=False
    )
    app = Flask("hello")

    @app.post("/alexa")
    def alexa() -> Response:
        answer = handler.verify_request_and_dispatch(
            dict(request.headers), request.get_data(as_text=True)
        )
        return Response(json.dumps(answer), mimetype="application/json")

    return app
