"""Production serving with gunicorn (``knot-helper serve`` without ``--dev``).

Put TLS in front (a load balancer or reverse proxy with a trusted certificate): Alexa only
calls HTTPS endpoints. The worker settings are those of ``infra/gunicorn.conf.py``
(``GUNICORN_SETTINGS`` in :mod:`skill.web.worker`): a worker that buffers each request before
serving it, so slow clients cannot stall it.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from skill.config import Config
from skill.web.app import create_app
from skill.web.worker import GUNICORN_SETTINGS


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, config: Config, options: dict[str, Any]) -> None:
        self._knot_config = config
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return create_app(self._knot_config)


def serve_with_gunicorn(config: Config, host: str, port: int, workers: int) -> int:
    """Run gunicorn in the foreground until it is stopped."""
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        **GUNICORN_SETTINGS,
        "loglevel": config.log_level.lower(),
    }
    _Gunicorn(config, options).run()
    return 0
