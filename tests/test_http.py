"""HTTP-level answers: methods, sizes, content types, health, dev mode."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from skill.tools.simulator.envelopes import envelope


def test_healthz(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_only_post_is_allowed(client: FlaskClient, method: str) -> None:
    response = client.open("/alexa", method=method)
    assert response.status_code == 405
    assert response.get_json() == {"error": "method not allowed"}
    assert "POST" in response.headers["Allow"]


def test_unsigned_post_is_rejected(client: FlaskClient) -> None:
    response = client.post("/alexa", json=envelope("LaunchRequest"))
    assert response.status_code == 400
    assert response.get_json() == {"error": "SignatureCertChainUrl header is missing"}


def test_one_megabyte_body_gets_413(client: FlaskClient) -> None:
    body = b'{"pad": "' + b"x" * (1024 * 1024) + b'"}'
    response = client.post("/alexa", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json() == {"error": "request entity too large"}


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_non_json_content_type_gets_415(client: FlaskClient, content_type: str) -> None:
    body = json.dumps(envelope("LaunchRequest"))
    response = client.post("/alexa", data=body, content_type=content_type)
    assert response.status_code == 415


def test_unknown_path_is_a_json_404(client: FlaskClient) -> None:
    response = client.get("/admin")
    assert response.status_code == 404
    assert response.get_json() == {"error": "not found"}


def test_dev_mode_answers_unsigned_requests_from_loopback(make_app: Callable[..., Flask]) -> None:
    client = make_app(dev_mode=True).test_client()
    response = client.post("/alexa", json=envelope("LaunchRequest"))
    assert response.status_code == 200
    assert "Welcome to Knot Helper" in response.get_json()["response"]["outputSpeech"]["ssml"]


def test_dev_mode_refuses_other_clients(make_app: Callable[..., Flask]) -> None:
    client = make_app(dev_mode=True).test_client()
    response = client.post(
        "/alexa", json=envelope("LaunchRequest"), environ_base={"REMOTE_ADDR": "203.0.113.9"}
    )
    assert response.status_code == 403


def test_dev_mode_still_checks_the_application_id(make_app: Callable[..., Flask]) -> None:
    client = make_app(dev_mode=True).test_client()
    response = client.post("/alexa", json=envelope("LaunchRequest", skill_id="amzn1.ask.skill.x"))
    assert response.status_code == 400


def test_dev_mode_logs_a_loud_warning(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    make_app(dev_mode=True)
    assert any(
        record.levelname == "WARNING" and "NOT verified" in record.getMessage()
        for record in caplog.records
    )


def test_handler_crash_outside_the_skill_is_a_json_500_without_traceback(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler = app.extensions["knot_skill_handler"]

    def explode(_body: str) -> None:
        raise RuntimeError("secret body content")

    monkeypatch.setattr(handler, "parse", explode)
    response = app.test_client().post("/alexa", json={})
    assert response.status_code == 500
    assert response.get_json() == {"error": "internal error"}
