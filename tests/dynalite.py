"""A real DynamoDB-compatible server (dynalite, from npm) on 127.0.0.1 for the store tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CLI = Path(__file__).resolve().parents[1] / "node_modules" / "dynalite" / "cli.js"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def dynalite_server() -> Iterator[str]:
    """Start dynalite in memory; yield its endpoint URL; stop it afterwards."""
    node = shutil.which("node")
    if node is None or not CLI.exists():
        raise RuntimeError("dynalite is not installed: run ./dev test (it runs npm ci)")
    port = free_port()
    process = subprocess.Popen(
        [node, str(CLI), "--host", "127.0.0.1", "--port", str(port), "--createTableMs", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("dynalite did not start") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
