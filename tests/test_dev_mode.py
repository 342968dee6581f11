"""Dev mode (no signature checks) only through ``knot-helper serve --dev`` on a loopback bind.

It used to be one environment variable away: ``KNOT_DEV_MODE=1 gunicorn 'skill:create_app()'``
started with a warning and, behind a same-host reverse proxy, answered unsigned requests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from skill import create_app
from skill.config import Config
from skill.tools.cli import main
from skill.tools.simulator.envelopes import envelope
from tests.dynalite import free_port
from tests.servers import REPOSITORY, Server, wait_for_health

GUNICORN = str(Path(sys.executable).parent / "gunicorn")


@pytest.mark.parametrize("value", ["1", "yes", "true", "on", "please"])
def test_the_environment_cannot_turn_dev_mode_on(value: str) -> None:
    with pytest.raises(ValueError, match="knot-helper serve --dev"):
        Config.from_env({"KNOT_DEV_MODE": value})


@pytest.mark.parametrize("value", ["0", "", "off", "no"])
def test_an_explicit_off_is_fine(value: str) -> None:
    assert Config.from_env({"KNOT_DEV_MODE": value}).dev_mode is False


@pytest.mark.parametrize("dev_host", [None, "0.0.0.0", "192.0.2.10", "::", "example.com"])
def test_the_app_factory_refuses_dev_mode_without_a_loopback_host(dev_host: str | None) -> None:
    with pytest.raises(ValueError, match="loopback"):
        create_app(Config(dev_mode=True), dev_host=dev_host)


def test_the_app_factory_builds_a_dev_app_for_a_loopback_host() -> None:
    client = create_app(Config(dev_mode=True), dev_host="127.0.0.1").test_client()
    assert client.post("/alexa", json=envelope("LaunchRequest")).status_code == 200


def test_knot_helper_serve_refuses_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KNOT_DEV_MODE", "1")
    assert main(["serve", "--port", str(free_port())]) == 2
    assert "KNOT_DEV_MODE is not read" in capsys.readouterr().err


def _environment(**changes: str) -> dict[str, str]:
    return {**os.environ, "KNOT_SKILL_ID": "", **changes}


def assert_refuses_to_start(command: list[str]) -> None:
    """``command`` with ``KNOT_DEV_MODE=1`` exits with an error that names the variable."""
    finished = subprocess.run(
        command,
        cwd=REPOSITORY,
        env=_environment(KNOT_DEV_MODE="1"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode != 0
    assert "KNOT_DEV_MODE is not read" in finished.stderr


def test_gunicorn_with_the_variable_refuses_to_start() -> None:
    assert_refuses_to_start([GUNICORN, "-b", f"127.0.0.1:{free_port()}", "skill:create_app()"])


def test_an_app_string_cannot_turn_dev_mode_on(tmp_path: Path) -> None:
    """gunicorn passes only literals to the factory: a loopback dev_host alone changes nothing."""
    port = free_port()
    command = [GUNICORN, "-b", f"127.0.0.1:{port}", 'skill:create_app(dev_host="127.0.0.1")']
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=REPOSITORY, env=_environment(), stderr=output)
    server = Server(process, port, log)
    try:
        wait_for_health(server)
        status, answer = server.post(json.dumps(envelope("LaunchRequest")).encode())
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert (status, answer) == (400, {"error": "SignatureCertChainUrl header is missing"})
    assert "NOT verified" not in log.read_text()


def test_the_lambda_entry_point_refuses_the_variable() -> None:
    event = json.dumps(envelope("LaunchRequest"))
    script = (
        "import json, sys\n"
        "from skill.alexa.lambda_function import handler\n"
        "handler(json.loads(sys.argv[1]), None)\n"
    )
    assert_refuses_to_start([sys.executable, "-c", script, event])
