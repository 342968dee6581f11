"""The Flask application factory."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify

from skill.alexa.builder import build_skill
from skill.audio import serving as audio_serving
from skill.config import Config, is_loopback
from skill.logs.request_log import quiet_http_client_logs
from skill.speech.prompts import load_catalog
from skill.web import webhook
from skill.web.verification import build_verifiers

logger = logging.getLogger(__name__)


DEV_MODE_REFUSED = (
    "dev mode (no signature checks) is only for `knot-helper serve --dev` on a loopback address"
)


def create_app(config: Config | None = None, *, dev_host: str | None = None) -> Flask:
    """Build the web service: ``POST /alexa`` and ``GET /healthz``.

    Dev mode cannot come from configuration: the environment never turns it on (``KNOT_DEV_MODE``
    is refused), and a ``Config`` with ``dev_mode`` is only accepted with the loopback address
    the dev server binds (``knot-helper serve --dev``; in-process tools pass ``127.0.0.1``).
    A WSGI server's app string (``gunicorn 'skill:create_app()'``) can pass neither.

    Args:
        config: settings; read from ``KNOT_*`` environment variables when omitted.
        dev_host: the loopback address of a dev server; required with ``config.dev_mode``.

    Raises:
        ValueError: dev mode without a loopback ``dev_host``, or a bad environment variable.
    """
    config = config if config is not None else Config.from_env()
    if config.dev_mode and not (dev_host and is_loopback(dev_host)):
        raise ValueError(DEV_MODE_REFUSED)
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
