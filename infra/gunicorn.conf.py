"""gunicorn settings for the web-service deployment (``gunicorn -c infra/gunicorn.conf.py``).

TLS terminates in front (load balancer or reverse proxy with a trusted certificate).

Workers buffer each request before serving it (``skill.web.worker.BufferingWorker``): a client
that sends its request slowly, or stops halfway, costs a buffer, never the worker, and is cut
off after 5 s. ``knot-helper serve`` uses the same worker settings (``GUNICORN_SETTINGS`` in
``skill/web/worker.py``, the one place they are set).
"""

import multiprocessing
import os
from typing import Any

from skill.web.worker import GUNICORN_SETTINGS

wsgi_app = "skill:create_app()"
bind = os.environ.get("KNOT_BIND", "0.0.0.0:8080")
workers = int(os.environ.get("KNOT_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = GUNICORN_SETTINGS["worker_class"]
timeout = GUNICORN_SETTINGS["timeout"]
graceful_timeout = GUNICORN_SETTINGS["graceful_timeout"]
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = GUNICORN_SETTINGS["accesslog"]
errorlog = "-"
loglevel = os.environ.get("KNOT_LOG_LEVEL", "info").lower()
preload_app = False  # each worker builds its own app (boto3 and SQLite are not fork-safe)


def on_starting(server: Any) -> None:
    """Before the workers fork: the request log lines on stderr, as ``knot-helper serve`` writes
    them (gunicorn itself only sets up its own loggers)."""
    from skill.logs.configure import configure_logging

    configure_logging(loglevel)
