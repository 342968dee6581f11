"""A stand-in for the Lambda Runtime API on 127.0.0.1, and the real runtime client against it.

Speaks the documented protocol (``/2018-06-01/runtime/invocation/next``, ``.../response``,
``.../error``, ``/runtime/init/error``) so ``python -m awslambdaric <handler>`` (the runtime
interface client inside AWS's Python base images) runs a function here as Lambda would: a fresh
process that imports the handler, polls for an event, answers it and polls again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PREFIX = "/2018-06-01/runtime"
FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:knot-helper"


@dataclass
class Invocation:
    request_id: str
    event: dict[str, Any]
    sent_at: float = 0.0
    answered_at: float = 0.0
    response: dict[str, Any] | None = None
    error: dict[str, Any] | None = None


@dataclass
class RuntimeApi:
    """The events to hand out, in order, and what came back for each."""

    invocations: list[Invocation] = field(default_factory=list)
    init_errors: list[dict[str, Any]] = field(default_factory=list)
    address: str = ""
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _closed: bool = False

    def queue(self, event: dict[str, Any]) -> Invocation:
        with self._changed:
            invocation = Invocation(str(uuid.uuid4()), event)
            self.invocations.append(invocation)
            self._changed.notify_all()
            return invocation

    def next_invocation(self, timeout: float) -> Invocation | None:
        """The first event not yet handed out, waiting up to ``timeout`` for one."""
        with self._changed:
            found = self._changed.wait_for(
                lambda: self._closed or any(not i.sent_at for i in self.invocations), timeout
            )
            if not found or self._closed:
                return None
            invocation = next(i for i in self.invocations if not i.sent_at)
            invocation.sent_at = time.perf_counter()
            return invocation

    def record(self, request_id: str, kind: str, body: dict[str, Any]) -> None:
        with self._changed:
            if kind == "init":
                self.init_errors.append(body)
            else:
                invocation = next(i for i in self.invocations if i.request_id == request_id)
                setattr(invocation, kind, body)
                invocation.answered_at = time.perf_counter()
            self._changed.notify_all()

    def wait_answered(self, invocation: Invocation, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(
                lambda: bool(invocation.answered_at or self.init_errors), timeout
            )

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()


def _handler_for(api: RuntimeApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None):
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path != f"{PREFIX}/invocation/next":
                self._reply(404)
                return
            invocation = api.next_invocation(timeout=60)
            if invocation is None:
                self._reply(500, b'{"errorType":"Stopped"}')
                return
            deadline_ms = int(time.time() * 1000) + 7000
            self._reply(
                200,
                json.dumps(invocation.event).encode(),
                {
                    "Content-Type": "application/json",
                    "Lambda-Runtime-Aws-Request-Id": invocation.request_id,
                    "Lambda-Runtime-Deadline-Ms": str(deadline_ms),
                    "Lambda-Runtime-Invoked-Function-Arn": FUNCTION_ARN,
                    "Lambda-Runtime-Trace-Id": "Root=1-00000000-000000000000000000000000",
                },
            )

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            parts = self.path.removeprefix(PREFIX).strip("/").split("/")
            data = json.loads(body or b"{}")
            if parts == ["init", "error"]:
                api.record("", "init", data)
            elif len(parts) == 3 and parts[0] == "invocation" and parts[2] in {"response", "error"}:
                api.record(parts[1], parts[2], data)
            else:
                self._reply(404)
                return
            self._reply(202, b'{"status":"OK"}', {"Content-Type": "application/json"})

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a runtime killed mid-poll
            super().handle_error(request, client_address)


@contextmanager
def runtime_api() -> Iterator[RuntimeApi]:
    """Serve a Runtime API on a free loopback port until the block ends."""
    api = RuntimeApi()
    server = _Server(("127.0.0.1", 0), _handler_for(api))
    api.address = f"127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        api.close()
        server.shutdown()
        server.server_close()


@contextmanager
def lambda_process(
    api: RuntimeApi,
    handler: str,
    *,
    env: dict[str, str],
    log: Path,
    python_path: list[str] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``python -m awslambdaric handler`` against ``api``, stdout and stderr into ``log``.

    With ``python_path``, only those folders are importable (no site-packages), like Lambda's
    code and runtime folders; otherwise this environment's packages are.
    """
    environ = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "AWS_LAMBDA_RUNTIME_API": api.address,
        "AWS_LAMBDA_FUNCTION_NAME": "knot-helper",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
        "AWS_REGION": "us-east-1",
        "PYTHONDONTWRITEBYTECODE": "1",  # Lambda's code folder is read-only
        **env,
    }
    command = [sys.executable, "-m", "awslambdaric", handler]
    if python_path is not None:
        environ["PYTHONPATH"] = os.pathsep.join(python_path)
        command[1:1] = ["-S"]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env=environ, stdout=sink, stderr=sink)
    try:
        yield process
    finally:
        process.kill()
        process.wait(timeout=10)
