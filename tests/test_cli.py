"""``knot-helper serve``: dev mode on loopback only, and a real server answering a launch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skill.tools.cli import is_loopback, main
from skill.tools.simulator.envelopes import envelope
from tests.servers import running_server


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


def test_model_check_passes_on_the_committed_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "--check"]) == 0
    assert "checked" in capsys.readouterr().out


@pytest.mark.parametrize("dev", [True, False], ids=["dev", "production"])
def test_served_skill_answers_over_real_http(dev: bool, tmp_path: Path) -> None:
    with running_server(tmp_path, dev=dev) as server:
        status, answer = server.post(json.dumps(envelope("LaunchRequest")).encode())
        if dev:
            assert status == 200
            assert "Welcome to Knot Helper" in json.dumps(answer)
        else:
            assert (status, answer) == (400, {"error": "SignatureCertChainUrl header is missing"})
        assert server.post(b"{not json")[0] == 400
    assert ("NOT verified" in server.log.read_text()) is dev
