"""Slow clients cannot stall the server; chunked bodies are bounded like any other. Real HTTP.

Two clients that sent ``Content-Length: 100000`` and stopped used to hold both sync workers
until gunicorn's arbiter killed them 30 s later. Each test here starts the real server (gunicorn
with ``infra/gunicorn.conf.py``, or ``knot-helper serve``) with two workers and talks to it over
raw sockets, so the clients can be as slow or as odd as an attacker's.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from skill.tools.simulator.envelopes import envelope
from skill.tools.simulator.signing import signed_headers
from skill.web.worker import REQUEST_READ_DEADLINE_S
from tests.servers import Server, running_server

#: Generous next to the deadline (5 s) and Alexa's limit (8 s), yet far below the old 30 s stall.
ANSWER_WITHIN_S = 4.0
SLOW_CLIENTS = 4


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("slow"), gunicorn=True, workers=2) as running:
        yield running


def connect(server: Server) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=30)


def request_head(length: int | None, headers: dict[str, str] | None = None) -> bytes:
    """``POST /alexa`` headers: a Content-Length, or chunked when ``length`` is None."""
    fields = {"Host": "skill", "Content-Type": "application/json"} | (headers or {})
    if length is None:
        fields["Transfer-Encoding"] = "chunked"
    else:
        fields["Content-Length"] = str(length)
    lines = "".join(f"{name}: {value}\r\n" for name, value in fields.items())
    return f"POST /alexa HTTP/1.1\r\n{lines}\r\n".encode()


@contextmanager
def stalled_clients(server: Server, count: int = SLOW_CLIENTS) -> Iterator[list[socket.socket]]:
    """Clients that announced a 100 000-byte body, sent one byte of it, and stopped."""
    with ExitStack() as stack:
        clients = []
        for _ in range(count):
            client = stack.enter_context(connect(server))
            client.sendall(request_head(100_000) + b"{")
            clients.append(client)
        yield clients


def read_response(client: socket.socket) -> tuple[int, bytes]:
    """Status and body of one HTTP response (the server closes or sends Content-Length)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(65536)
        if not chunk:
            return 0, data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        chunk = client.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(head.split(b" ", 2)[1]), body


def signed_launch(server: Server) -> tuple[bytes, dict[str, str]]:
    assert server.leaf is not None
    body = json.dumps(envelope("LaunchRequest")).encode()
    return body, signed_headers(server.leaf, body)


def timed_post(server: Server) -> tuple[int, float]:
    body, headers = signed_launch(server)
    started = time.monotonic()
    with connect(server) as client:
        client.settimeout(ANSWER_WITHIN_S)
        client.sendall(request_head(len(body), headers) + body)
        status, _ = read_response(client)
    return status, time.monotonic() - started


def test_valid_requests_are_answered_while_slow_clients_hold_connections(server: Server) -> None:
    with stalled_clients(server):
        for _ in range(3):
            status, elapsed = timed_post(server)
            assert status == 200
            assert elapsed < ANSWER_WITHIN_S
        with connect(server) as client:
            client.settimeout(ANSWER_WITHIN_S)
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: skill\r\n\r\n")
            assert read_response(client)[0] == 200


def test_silent_connections_cost_the_workers_nothing(server: Server) -> None:
    """Two dozen connections that never send a byte leave both workers answering."""
    with ExitStack() as stack:
        silent = [stack.enter_context(connect(server)) for _ in range(24)]
        status, elapsed = timed_post(server)
        assert status == 200
        assert elapsed < ANSWER_WITHIN_S
        started = time.monotonic()
        assert silent[0].recv(1) == b""  # closed at the read deadline, unanswered
        assert time.monotonic() - started < REQUEST_READ_DEADLINE_S + 10


def test_a_stalled_body_is_refused_with_400_at_the_deadline(server: Server) -> None:
    with stalled_clients(server, count=1) as [client]:
        started = time.monotonic()
        status, body = read_response(client)
        elapsed = time.monotonic() - started
    assert status == 400
    assert json.loads(body) == {"error": "request body did not arrive in full"}
    assert REQUEST_READ_DEADLINE_S - 1 < elapsed < REQUEST_READ_DEADLINE_S + 10


def test_a_trickled_request_is_cut_at_the_deadline(server: Server) -> None:
    """A byte a second keeps each read short, but not the request: it ends at the deadline."""
    with connect(server) as client:
        client.sendall(request_head(1_000))
        started = time.monotonic()
        outcome = 0
        for _ in range(60):
            try:
                client.sendall(b" ")
            except OSError:  # the server closed the connection
                break
            client.settimeout(1.0)
            try:
                outcome, _ = read_response(client)
                break
            except TimeoutError:
                continue
        elapsed = time.monotonic() - started
    assert outcome in (0, 400)
    assert elapsed < REQUEST_READ_DEADLINE_S + 10


def test_incomplete_headers_are_dropped_at_the_deadline(server: Server) -> None:
    with connect(server) as client:
        client.sendall(b"POST /alexa HTTP/1.1\r\nHost: sk")
        started = time.monotonic()
        assert client.recv(1024) == b""  # closed, nothing answered
        assert time.monotonic() - started < REQUEST_READ_DEADLINE_S + 10


def chunked(body: bytes, size: int = 16_384) -> bytes:
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


def post_chunked(
    server: Server, body: bytes, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    with connect(server) as client:
        client.sendall(request_head(None, headers) + chunked(body))
        return read_response(client)


def test_an_oversized_chunked_body_gets_413(server: Server) -> None:
    status, body = post_chunked(server, b'{"pad": "' + b"x" * 300_000 + b'"}')
    assert (status, json.loads(body)) == (413, {"error": "request entity too large"})


def test_a_chunked_body_within_the_limit_is_answered(server: Server) -> None:
    body, headers = signed_launch(server)
    status, answer = post_chunked(server, body, headers)
    assert status == 200
    assert "to Knot Helper." in answer.decode(), (
        "welcome (or welcome back: the module shares a user)"
    )


def test_a_body_shorter_than_announced_gets_400(server: Server) -> None:
    with connect(server) as client:
        client.sendall(request_head(500) + b'{"version": "1.0"}')
        client.shutdown(socket.SHUT_WR)
        status, body = read_response(client)
    assert (status, json.loads(body)) == (400, {"error": "request body did not arrive in full"})


def test_the_server_log_has_no_traceback(server: Server) -> None:
    assert "Traceback" not in server.log.read_text()


def test_knot_helper_serve_answers_health_checks_while_slow_clients_wait(tmp_path: Path) -> None:
    with running_server(tmp_path, dev=False, workers=2) as served, stalled_clients(served):
        for _ in range(3):
            started = time.monotonic()
            with connect(served) as client:
                client.settimeout(ANSWER_WITHIN_S)
                client.sendall(b"GET /healthz HTTP/1.1\r\nHost: skill\r\n\r\n")
                assert read_response(client)[0] == 200
            assert time.monotonic() - started < ANSWER_WITHIN_S


def test_the_dev_server_bounds_chunked_bodies_too(tmp_path: Path) -> None:
    with running_server(tmp_path) as dev:
        status, body = post_chunked(dev, b'{"pad": "' + b"x" * 300_000 + b'"}')
        assert (status, json.loads(body)) == (413, {"error": "request entity too large"})
        status, body = post_chunked(dev, json.dumps(envelope("LaunchRequest")).encode())
        assert status == 200 and b"to Knot Helper." in body


def test_a_stopping_worker_finishes_the_request_arriving(tmp_path: Path) -> None:
    with running_server(tmp_path, gunicorn=True, workers=1) as served:
        body, headers = signed_launch(served)
        with connect(served) as client:
            client.sendall(request_head(len(body), headers) + body[:100])
            [worker] = served.workers()
            os.kill(worker, signal.SIGTERM)
            client.sendall(body[100:])
            status, answer = read_response(client)
    assert status == 200
    assert b"to Knot Helper." in answer
