"""``knot-helper serve``: dev mode on loopback only, and a real server answering a launch."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from skill.cli import is_loopback, main
from skill.simulator.envelopes import envelope


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.8.8", "::1", "[::1]", "localhost"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::", "example.com"])
def test_other_hosts(host: str) -> None:
    assert not is_loopback(host)


def test_dev_mode_refuses_to_bind_beyond_loopback(caplog: pytest.LogCaptureFixture) -> None:
    assert main(["serve", "--dev", "--host", "0.0.0.0"]) == 2
    assert "loopback only" in caplog.text


def test_bad_environment_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KNOT_PORT", "many")
    assert main(["serve", "--dev"]) == 2
    assert "KNOT_PORT must be a number" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _post(port: int, body: bytes) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/alexa",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.parametrize("dev", [True, False], ids=["dev", "production"])
def test_served_skill_answers_over_real_http(dev: bool, tmp_path: Path) -> None:
    port = _free_port()
    command = [sys.executable, "-m", "skill.cli", "serve", "--port", str(port), "--workers", "1"]
    if dev:
        command.append("--dev")
    env = {**os.environ, "KNOT_SKILL_ID": ""}
    with (tmp_path / "log").open("w") as log_file:
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log_file)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                    break
            except OSError:
                assert server.poll() is None, (tmp_path / "log").read_text()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        status, answer = _post(port, json.dumps(envelope("LaunchRequest")).encode())
        if dev:
            assert status == 200
            assert "Welcome to Knot Helper" in json.dumps(answer)
        else:
            assert (status, answer) == (400, {"error": "SignatureCertChainUrl header is missing"})
        assert _post(port, b"{not json")[0] == 400
    finally:
        server.terminate()
        server.wait(timeout=10)
    log = (tmp_path / "log").read_text()
    assert ("NOT verified" in log) is dev
