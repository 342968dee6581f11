"""The real skill server in a subprocess, and an HTTP transport for conversations with it.

``knot-helper serve --dev`` answers unsigned requests; gunicorn (with the production settings of
``infra/gunicorn.conf.py``) verifies every request, so the server gets a generated CA as its trust
root and :class:`Server` signs what it sends with that CA's leaf.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization

from skill.tools.simulator.signing import Leaf, TestAuthority, chain_pem, signed_headers
from tests.dynalite import free_port

REPOSITORY = Path(__file__).resolve().parents[1]
GUNICORN_CONF = REPOSITORY / "infra" / "gunicorn.conf.py"


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    #: Signs every request when set (servers that verify).
    leaf: Leaf | None = None

    def post(self, body: bytes) -> tuple[int, dict[str, Any]]:
        headers = {"Content-Type": "application/json"}
        if self.leaf is not None:
            headers = signed_headers(self.leaf, body)
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/alexa", data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def send(self, envelope: dict[str, Any]) -> dict[str, Any]:
        """A conversation transport: POST, require 200, return the response envelope."""
        status, answer = self.post(json.dumps(envelope).encode())
        assert status == 200, answer
        return answer

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def workers(self) -> list[int]:
        """PIDs of the server's child processes (gunicorn workers)."""
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if fields[1] == str(self.process.pid):
                    children.append(int(entry.name))
        return children


def signing_env(tmp_path: Path, authority: TestAuthority, leaf: Leaf) -> dict[str, str]:
    """Environment for ``tests.signed_app``: ``authority`` as trust root, ``leaf``'s chain."""
    root, chain = tmp_path / "test-root.pem", tmp_path / "test-chain.pem"
    root.write_bytes(authority.certificate.public_bytes(serialization.Encoding.PEM))
    chain.write_bytes(chain_pem(leaf))
    return {"TEST_TRUST_ROOT": str(root), "TEST_CHAIN": str(chain)}


def wait_for_health(server: Server, workers: int = 0, timeout: float = 30.0) -> None:
    """Poll ``/healthz`` until the server answers and has ``workers`` worker processes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/healthz", timeout=1):
                break
        except OSError:
            assert server.process.poll() is None, server.log.read_text()
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.1)
    while len(server.workers()) < workers:  # the first worker may answer alone
        assert time.monotonic() < deadline, "gunicorn did not start all its workers"
        time.sleep(0.1)


@contextmanager
def running_server(
    tmp_path: Path,
    *,
    dev: bool = True,
    env: dict[str, str] | None = None,
    workers: int = 1,
    gunicorn: bool = False,
) -> Iterator[Server]:
    """Start ``knot-helper serve`` (``--dev`` unless told otherwise) or, with ``gunicorn``,
    gunicorn itself with ``infra/gunicorn.conf.py`` and ``workers`` workers, verifying signed
    requests; on a free loopback port. Waits until it answers."""
    port = free_port()
    leaf = None
    extra = {"KNOT_SKILL_ID": ""}
    if gunicorn:
        authority = TestAuthority()
        leaf = authority.issue()
        extra |= signing_env(tmp_path, authority, leaf)
        extra |= {"KNOT_BIND": f"127.0.0.1:{port}", "KNOT_WORKERS": str(workers)}
        binary = str(Path(sys.executable).parent / "gunicorn")
        command = [binary, "-c", str(GUNICORN_CONF), "tests.signed_app:create()"]
    else:
        command = [sys.executable, "-m", "skill.tools.cli", "serve", "--port", str(port)]
        command += ["--workers", str(workers)] + (["--dev"] if dev else [])
    log = tmp_path / f"server-{port}.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            command,
            cwd=REPOSITORY,
            env={**os.environ, **extra, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
    server = Server(process, port, log, leaf)
    try:
        wait_for_health(server, workers if gunicorn else 0)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
