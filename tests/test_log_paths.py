"""The same request log line wherever the skill runs: ``knot-helper serve``,
``gunicorn -c infra/gunicorn.conf.py``, and Lambda (the real runtime client, text and JSON)."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from skill.tools.simulator.envelopes import envelope, intent_body
from tests.fake_lambda_runtime import lambda_process, runtime_api
from tests.servers import Server, running_server

ROOT = Path(__file__).resolve().parents[1]
USER = "amzn1.ask.account.PRIVATE-USER-5e1d"
#: What every path writes for a launch (the format around it is the platform's).
LAUNCH_LINE = re.compile(
    r"request type=LaunchRequest intent=- status=200 outcome='ok' latency_ms=\d+\.\d"
)
#: LOG_FORMAT of skill.logs.configure: time, level, logger, message.
PLAIN_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO skill\.requests request ")


def wait_for_line(log: Path, pattern: re.Pattern[str], timeout: float = 15.0) -> str:
    """The first line of ``log`` that ``pattern`` finds, polling until ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        for line in log.read_text(errors="replace").splitlines():
            if pattern.search(line):
                return line
        assert time.monotonic() < deadline, f"no line like {pattern.pattern!r}:\n{log.read_text()}"
        time.sleep(0.05)


def launch(server: Server) -> None:
    status, answer = server.post(json.dumps(envelope("LaunchRequest", user_id=USER)).encode())
    assert status == 200, answer


def test_knot_helper_serve_logs_the_request_line(tmp_path: Path) -> None:
    with running_server(tmp_path, dev=True) as server:
        launch(server)
        line = wait_for_line(server.log, LAUNCH_LINE)
    assert PLAIN_LINE.search(line) and USER not in server.log.read_text()


def test_gunicorn_with_the_config_file_logs_the_request_line(tmp_path: Path) -> None:
    """gunicorn -c infra/gunicorn.conf.py (production settings, signed requests)."""
    with running_server(tmp_path, gunicorn=True) as server:
        launch(server)
        line = wait_for_line(server.log, LAUNCH_LINE)
    assert PLAIN_LINE.search(line) and USER not in server.log.read_text()


@pytest.mark.skipif(
    importlib.util.find_spec("awslambdaric") is None,
    reason="awslambdaric (a dev dependency) is installed on Linux only",
)
@pytest.mark.parametrize("log_format", ["JSON", "Text"])
def test_lambda_logs_the_request_line(tmp_path: Path, log_format: str) -> None:
    env = {"KNOT_DATABASE_URL": f"sqlite:///{tmp_path}/lambda.db", "KNOT_SKILL_ID": ""}
    if log_format == "JSON":  # what the template's LoggingConfig sets
        env |= {"AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "INFO"}
    log = tmp_path / "lambda.log"
    with runtime_api() as api:
        first = api.queue(envelope("LaunchRequest", user_id=USER))
        second = api.queue(envelope("IntentRequest", intent=intent_body("AMAZON.HelpIntent")))
        with lambda_process(api, "skill.alexa.lambda_function.handler", env=env, log=log):
            assert api.wait_answered(second, timeout=60), log.read_text()
    assert not api.init_errors and first.response and second.response
    assert "Welcome to Knot Helper" in first.response["response"]["outputSpeech"]["ssml"]
    line = wait_for_line(log, LAUNCH_LINE, timeout=1)
    assert USER not in log.read_text()
    if log_format == "JSON":
        record = json.loads(line)
        assert record["level"] == "INFO" and record["logger"] == "skill.requests"
        assert record["requestId"] == first.request_id
        assert LAUNCH_LINE.fullmatch(record["message"])
    else:
        assert line.startswith("[INFO]\t") and first.request_id in line


def test_the_lambda_path_imports_no_web_stack() -> None:
    probe = (
        "import json, sys\n"
        "from skill.alexa import lambda_function\n"
        "from skill.tools.simulator.envelopes import envelope\n"
        "lambda_function.handler(envelope('LaunchRequest'), None)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert "skill.alexa.lambda_function" in loaded and "skill.alexa.builder" in loaded
    web = {"flask", "werkzeug", "gunicorn", "cryptography", "ask_sdk_webservice_support"}
    ours = {
        "skill.web.app",
        "skill.web.webhook",
        "skill.web.verification",
        "skill.web.signing_chain",
    }
    assert not loaded & (web | ours)
