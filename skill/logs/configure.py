"""Where log lines go, under ``knot-helper serve``, ``gunicorn -c infra/gunicorn.conf.py`` and
Lambda: every path writes the same lines (:mod:`skill.logs.request_log` decides what is in them).

- serve and gunicorn: one handler on stderr for the root logger, in :data:`LOG_FORMAT`.
- Lambda: the runtime's own handler (text, or JSON with the request ID when the function's
  ``LoggingConfig`` says ``LogFormat: JSON``), with Knot Helper's loggers let through at
  ``KNOT_LOG_LEVEL`` unless the function sets ``ApplicationLogLevel`` itself.
"""

from __future__ import annotations

import logging
import os

from skill.logs.request_log import quiet_http_client_logs

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def configure_logging(level: str) -> None:
    """Log to stderr at ``level`` (a logging level name), unless logging is already set up."""
    logging.basicConfig(level=level.upper(), format=LOG_FORMAT)
    quiet_http_client_logs()


def configure_lambda_logging(level: str) -> None:
    """Under the Lambda runtime, whose handler is already on the root logger."""
    if not os.environ.get("AWS_LAMBDA_LOG_LEVEL"):
        # Without ApplicationLogLevel the root logger stays at WARNING, which drops request lines.
        logging.getLogger("skill").setLevel(level.upper())
    quiet_http_client_logs()
