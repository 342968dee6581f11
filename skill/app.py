"""The Flask application factory."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify

from skill import webhook
from skill.audio import serving as audio_serving
from skill.builder import build_skill
from skill.config import Config
from skill.prompts import load_catalog
from skill.request_log import quiet_http_client_logs
from skill.verification import build_verifiers

logger = logging.getLogger(__name__)


def create_app(config: Config | None = None) -> Flask:
    """Build the web service: ``POST /alexa`` and ``GET /healthz``.

    Args:
        config: settings; read from ``KNOT_*`` environment variables when omitted.
    """
    config = config if config is not None else Config.from_env()
    quiet_http_client_logs()
    load_catalog()
    app = Flask(__name__)
    app.config["KNOT"] = config
    handler = webhook.StagedSkillHandler(build_skill(config), build_verifiers(config))
    webhook.init_app(app, handler)
    audio_serving.init_app(app)
    app.add_url_rule("/healthz", "healthz", _healthz, methods=["GET"])
    if config.dev_mode:
        logger.warning(
            "DEV MODE: Alexa request signatures and timestamps are NOT verified. "
            "Loopback clients only; never expose this server."
        )
    if not config.skill_id:
        logger.warning("KNOT_SKILL_ID is not set: requests for any skill ID are accepted")
    return app


def _healthz() -> Response:
    return jsonify(status="ok")
