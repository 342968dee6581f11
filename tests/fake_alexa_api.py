"""A local stand-in for Alexa's Reminders and device-settings APIs: real HTTPS on 127.0.0.1.

It checks requests the way Amazon documents them (bearer token, body fields, the three trigger
forms: SCHEDULED_RELATIVE with ``offsetInSeconds``, SCHEDULED_ABSOLUTE at one ``scheduledTime``
in the future, or SCHEDULED_ABSOLUTE with a ``recurrence`` of RRULEs; local times without a zone
suffix; real IANA zone ids) and answers like Amazon, errors included (``{code, message}``), with
``createdTime`` in UTC. Tests can queue failures or delays, and read every request it received.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import ssl
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from skill.tools.simulator.signing import TestAuthority, chain_pem, key_pem

TOKEN = "simulated-api-access-token"
_LOCAL_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?$")
_RULE = re.compile(
    r"^FREQ=(DAILY|WEEKLY);(BYDAY=(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*;)?"
    r"BYHOUR=(\d{1,2})(,\d{1,2})*;BYMINUTE=\d{1,2};BYSECOND=0;INTERVAL=1;$"
)
_SETTINGS = re.compile(r"^/v2/devices/([^/]+)/settings/System\.timeZone$")


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeAlexaApi:
    """State of the fake: reminders by token, requests seen, failures to inject."""

    time_zone: str = "America/New_York"
    reminders: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    #: (method, path prefix) -> list of (status, body) to answer with, one per matching request.
    failures: dict[tuple[str, str], list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    delay_s: float = 0.0
    endpoint: str = ""
    #: The CA bundle a client needs to trust this server.
    ca_bundle: str = ""

    def fail(self, method: str, path: str, status: int, times: int = 1) -> None:
        body = {"code": "ERROR", "message": f"simulated {status}"}
        self.failures.setdefault((method, path), []).extend([(status, body)] * times)

    def calls(self, method: str, path_prefix: str = "/v1/alerts/reminders") -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path.startswith(path_prefix)]


def _zone(name: Any) -> ZoneInfo | None:
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _relative_problem(trigger: dict[str, Any]) -> str | None:
    offset = trigger.get("offsetInSeconds")
    whole = isinstance(offset, int) and not isinstance(offset, bool)
    if not (whole or (isinstance(offset, str) and offset.isdigit())) or int(offset) <= 0:
        return "offsetInSeconds must be a positive whole number of seconds"
    if {"scheduledTime", "recurrence"} & set(trigger):
        return "a SCHEDULED_RELATIVE trigger takes offsetInSeconds, not a time or recurrence"
    return None


def _one_time_problem(trigger: dict[str, Any], device_zone: str) -> str | None:
    scheduled = str(trigger.get("scheduledTime", ""))
    if not _LOCAL_TIME.match(scheduled):
        return "scheduledTime must be a local ISO 8601 time without Z or offset"
    zone = _zone(trigger.get("timeZoneId") or device_zone)
    now = dt.datetime.now(zone).replace(tzinfo=None)
    if dt.datetime.fromisoformat(scheduled) <= now:
        return "scheduledTime must be in the future"
    return None


def _recurring_problem(recurrence: dict[str, Any]) -> str | None:
    if not _LOCAL_TIME.match(str(recurrence.get("startDateTime", ""))):
        return "startDateTime must be a local time without Z or offset"
    rules = recurrence.get("recurrenceRules")
    if not rules or not all(isinstance(r, str) and _RULE.match(r) for r in rules):
        return "recurrenceRules must be valid RRULEs"
    return None


def _trigger_problem(trigger: dict[str, Any], device_zone: str) -> str | None:
    if "timeZoneId" in trigger and _zone(trigger["timeZoneId"]) is None:
        return "timeZoneId must be an IANA time zone"
    if trigger.get("type") == "SCHEDULED_RELATIVE":
        return _relative_problem(trigger)
    if trigger.get("type") != "SCHEDULED_ABSOLUTE":
        return "trigger.type must be SCHEDULED_ABSOLUTE or SCHEDULED_RELATIVE"
    if "offsetInSeconds" in trigger:
        return "a SCHEDULED_ABSOLUTE trigger takes no offsetInSeconds"
    recurrence = trigger.get("recurrence")
    if recurrence is None:
        return _one_time_problem(trigger, device_zone)
    return _recurring_problem(recurrence)


def _problem(body: Any, device_zone: str) -> str | None:
    """What Amazon would reject in a create-reminder body, or None."""
    if not isinstance(body, dict):
        return "body must be a JSON object"
    if not _LOCAL_TIME.match(str(body.get("requestTime", ""))):
        return "requestTime must be a local ISO 8601 time without zone"
    problem = _trigger_problem(body.get("trigger") or {}, device_zone)
    if problem:
        return problem
    content = ((body.get("alertInfo") or {}).get("spokenInfo") or {}).get("content")
    if not content or not all(c.get("locale") and c.get("text") for c in content):
        return "alertInfo.spokenInfo.content needs locale and text"
    if (body.get("pushNotification") or {}).get("status") not in {"ENABLED", "DISABLED"}:
        return "pushNotification.status must be ENABLED or DISABLED"
    return None


def _handler(api: FakeAlexaApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as Amazon's API allows
        disable_nagle_algorithm = True  # headers and body go out without a delayed-ACK stall

        def log_message(self, *_args: object) -> None:
            return

        def _answer(self, status: int, body: Any = None) -> None:
            data = b"" if body is None else json.dumps(body).encode()
            try:
                self.send_response(status)
                if data:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (OSError, ssl.SSLError):
                self.close_connection = True  # the client gave up (a timeout test): fine

        def _handle(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = "<not json>"
            api.requests.append(Recorded(method, self.path, dict(self.headers), body))
            time.sleep(api.delay_s)
            for (fail_method, prefix), queue in api.failures.items():
                if fail_method == method and self.path.startswith(prefix) and queue:
                    status, error = queue.pop(0)
                    return self._answer(status, error)
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                return self._answer(401, {"code": "UNAUTHORIZED", "message": "bad token"})
            return self._route(method, body)

        def _route(self, method: str, body: Any) -> None:
            if method == "GET" and _SETTINGS.match(self.path):
                return self._answer(200, api.time_zone)
            if self.path == "/v1/alerts/reminders" and method == "POST":
                problem = _problem(body, api.time_zone)
                if problem:
                    return self._answer(400, {"code": "INVALID_REQUEST", "message": problem})
                token = str(uuid.uuid4())
                stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
                api.reminders[token] = {
                    "alertToken": token,
                    "createdTime": stamp,
                    "updatedTime": stamp,
                    "status": "ON",
                    "version": "1",
                    "trigger": body["trigger"],
                    "alertInfo": body["alertInfo"],
                    "pushNotification": body["pushNotification"],
                }
                return self._answer(
                    201,
                    {
                        "alertToken": token,
                        "createdTime": stamp,
                        "updatedTime": stamp,
                        "status": "ON",
                        "version": "1",
                        "href": f"/v1/alerts/reminders/{token}",
                    },
                )
            if self.path == "/v1/alerts/reminders" and method == "GET":
                alerts = list(api.reminders.values())
                return self._answer(200, {"totalCount": str(len(alerts)), "alerts": alerts})
            if self.path.startswith("/v1/alerts/reminders/") and method == "DELETE":
                token = self.path.rsplit("/", 1)[1]
                if api.reminders.pop(token, None) is None:
                    return self._answer(404, {"code": "NOT_FOUND", "message": "no such alert"})
                return self._answer(200)
            return self._answer(404, {"code": "NOT_FOUND", "message": "unknown path"})

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

        def do_DELETE(self) -> None:
            self._handle("DELETE")

    return Handler


@contextmanager
def local_https_server(
    tmp_path: Path, authority: TestAuthority, handler: type[BaseHTTPRequestHandler], name: str
) -> Iterator[tuple[str, Path]]:
    """Serve ``handler`` over HTTPS on a free loopback port, with a certificate ``authority``
    issued; yield the origin (``https://127.0.0.1:<port>``) and the CA bundle that trusts it."""
    leaf = authority.issue(san="127.0.0.1")
    cert, key = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
    bundle = tmp_path / f"{name}-ca.pem"
    cert.write_bytes(chain_pem(leaf))
    key.write_bytes(key_pem(leaf))
    bundle.write_bytes(chain_pem_of_root(authority))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", bundle
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def fake_alexa_api(tmp_path: Path, authority: TestAuthority) -> Iterator[tuple[FakeAlexaApi, str]]:
    """Serve the fake over HTTPS on 127.0.0.1; yield it and the CA bundle that trusts it."""
    api = FakeAlexaApi()
    with local_https_server(tmp_path, authority, _handler(api), "api") as (origin, bundle):
        api.endpoint = origin
        yield api, str(bundle)


def chain_pem_of_root(authority: TestAuthority) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return authority.certificate.public_bytes(serialization.Encoding.PEM)
