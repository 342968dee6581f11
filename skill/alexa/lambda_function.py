"""AWS Lambda entry point for the same skill (``skill.alexa.lambda_function.handler``).

Lambda is invoked by Alexa directly, so no signature check is needed; the application-ID check
still applies through ``KNOT_SKILL_ID``. Nothing on this path imports Flask, the web boundary or
the signature verification stack (a test runs it in a fresh interpreter to prove it).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from skill.alexa.builder import build_skill_builder
from skill.config import Config
from skill.logs.configure import configure_lambda_logging
from skill.logs.request_log import log_request


@functools.cache
def _skill_handler() -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    config = Config.from_env()
    configure_lambda_logging(config.log_level)
    lambda_handler = build_skill_builder(config).lambda_handler()
    return lambda_handler  # type: ignore[return-value]  # SDK annotates the event as str


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Answer one Alexa request event."""
    started = time.perf_counter()
    response = _skill_handler()(event, context)
    log_request(event, 200, "ok", started)
    return response
