"""The real skill server in a subprocess, and an HTTP transport for conversations with it."""

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

from tests.dynalite import free_port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def post(self, body: bytes) -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/alexa",
            data=body,
            headers={"Content-Type": "application/json"},
            method="POST",
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


@contextmanager
def running_server(
    tmp_path: Path,
    *,
    dev: bool = True,
    env: dict[str, str] | None = None,
    workers: int = 1,
    gunicorn: bool = False,
) -> Iterator[Server]:
    """Start ``knot-helper serve`` (or, with ``gunicorn``, gunicorn itself with ``workers`` sync
    workers) on a free loopback port and wait until it answers."""
    port = free_port()
    if gunicorn:
        binary = str(Path(sys.executable).parent / "gunicorn")
        command = [binary, "-w", str(workers), "-b", f"127.0.0.1:{port}", "skill:create_app()"]
    else:
        command = [sys.executable, "-m", "skill.cli", "serve", "--port", str(port)]
        command += ["--workers", str(workers)] + (["--dev"] if dev else [])
    log = tmp_path / f"server-{port}.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            command,
            env={**os.environ, "KNOT_SKILL_ID": "", **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
    server = Server(process, port, log)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                    break
            except OSError:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
