"""Hostile traffic: ``.venv/bin/python -m bench.hostile`` (about a minute on 2 cores).

Runs the production setup (gunicorn with ``infra/gunicorn.conf.py``, two workers, full request
verification, chains downloaded by the production downloader) against a local stand-in for
s3.amazonaws.com that takes 0.25 s per answer, and measures in one run:

- download flood: the median latency of legitimate requests (one client, one after another,
  for 10 s) quiet, then while forgers send 50 requests a second that name chain URLs the server
  has not verified (a missing chain, other spellings of the real URL, a new junk URL each time),
  the target is a flood median within 2x of the quiet one. For contrast the
  same with the protections off (failures not remembered, no download budget, sync workers);
- slow clients: the latency of ``/healthz`` and of a valid request while four clients hold
  connections (``Content-Length: 100000``, one byte sent); the target is under 1 s. For contrast
  the same with gunicorn's sync worker (the setting before), where the answer waits for the
  stalled clients (measured up to a 5 s cut-off).

Writes ``bench/results/hostile.json`` and ``bench/results/hostile.md``.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from skill.tools.simulator.envelopes import envelope
from skill.tools.simulator.signing import Leaf, TestAuthority, chain_pem, signed_headers
from tests.chain_server import ChainServer, chain_server
from tests.dynalite import free_port
from tests.servers import GUNICORN_CONF, REPOSITORY, Server, signing_env, wait_for_health

RESULTS = Path(__file__).parent / "results"
PATH = "/echo.api/echo-api-cert-test.pem"
REAL = f"https://s3.amazonaws.com{PATH}"
SPELLINGS = [
    "https://s3.amazonaws.com/%65cho.api/echo-api-cert-test.pem",
    "HTTPS://S3.AMAZONAWS.COM:443/echo.api/./echo-api-cert-test.pem",
    "https://s3.amazonaws.com/echo.api/%65cho-api-cert-test.pem",
]
FLOOD_RATE = 50  # forged requests per second, from FORGERS threads
FORGERS = 4
PHASE_S = 10.0


@contextmanager
def gunicorn(work: Path, env: dict[str, str], worker: str | None = None) -> Iterator[Server]:
    """gunicorn with the production settings (``worker`` replaces the worker class)."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "gunicorn"), "-c", str(GUNICORN_CONF)]
    if worker is not None:
        command += ["-k", worker, "--threads", "1"]
    log = work / f"gunicorn-{port}.log"
    settings = {"KNOT_BIND": f"127.0.0.1:{port}", "KNOT_WORKERS": "2", "KNOT_LOG_LEVEL": "WARNING"}
    with log.open("w") as output:
        process = subprocess.Popen(
            [*command, "tests.signed_app:create()"],
            cwd=REPOSITORY,
            env={**os.environ, "KNOT_SKILL_ID": "", **settings, **env},
            stdout=subprocess.DEVNULL,
            stderr=output,
        )
    server = Server(process, port, log)
    try:
        wait_for_health(server, workers=2)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


def post(
    port: int, body: bytes, headers: dict[str, str], timeout: float = 10.0
) -> tuple[int, float]:
    """One POST /alexa on a new connection: (status, milliseconds); status 0 if it timed out."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", "/alexa", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = 0
    finally:
        connection.close()
    return status, (time.perf_counter() - started) * 1000


def legitimate(port: int, leaf: Leaf, seconds: float) -> tuple[list[float], int]:
    """Signed launches one after another (a 20 ms pause between) for ``seconds``.

    Returns the latencies (a request not answered 200 within 5 s counts as its time) and how
    many were not answered 200.
    """
    samples, failures = [], 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        body = json.dumps(envelope("LaunchRequest")).encode()
        status, elapsed = post(port, body, signed_headers(leaf, body), timeout=5.0)
        failures += status != 200
        samples.append(elapsed)
        time.sleep(0.02)
    return samples, failures


def flood(port: int, forger: Leaf, stop: threading.Event, offset: int) -> dict[str, int]:
    """Forged requests at FLOOD_RATE / FORGERS, cycling through URLs the server never verified."""
    counts: dict[str, int] = {}
    started, sent = time.perf_counter(), 0
    while not stop.is_set():
        number = sent * FORGERS + offset
        kind = ("missing", "spelling", "junk")[number % 3]
        url = {
            "missing": "https://s3.amazonaws.com/echo.api/missing.pem",
            "spelling": SPELLINGS[number % len(SPELLINGS)],
            "junk": f"https://s3.amazonaws.com/echo.api/junk-{number}.pem",
        }[kind]
        body = json.dumps(envelope("LaunchRequest")).encode()
        status, _ = post(port, body, signed_headers(forger, body, chain_url=url))
        counts[f"{kind} {status}"] = counts.get(f"{kind} {status}", 0) + 1
        sent += 1
        stop.wait(max(0.0, started + sent * FORGERS / FLOOD_RATE - time.perf_counter()))
    return counts


UNPROTECTED_LABEL = "protections off (failures not cached, no budget, sync workers)"
#: What the protections below replace: failures not remembered, no download budget, and
#: gunicorn's sync worker (one request at a time per worker).
UNPROTECTED = {"KNOT_CERT_FAILURE_TTL": "0.001", "KNOT_CERT_DOWNLOADS_PER_MINUTE": "1000000"}


def download_flood(
    work: Path, authority: TestAuthority, s3: ChainServer, protected: bool
) -> dict[str, Any]:
    leaf, forger = authority.issue(), authority.issue()
    s3.chains[PATH] = chain_pem(leaf)
    s3.delay_s = 0.25
    env = signing_env(work, authority, leaf) | {
        "TEST_CHAIN_ORIGIN": s3.origin,
        "TEST_CHAIN_CA": str(work / "s3-ca.pem"),
    }
    worker = None if protected else "sync"
    with gunicorn(work, env if protected else env | UNPROTECTED, worker) as server:
        legitimate(server.port, leaf, 1.0)  # both workers download and cache the real chain
        quiet, _ = legitimate(server.port, leaf, PHASE_S)
        stop = threading.Event()
        downloads_before = len(s3.requests)
        with ThreadPoolExecutor(FORGERS) as pool:
            floods = [pool.submit(flood, server.port, forger, stop, n) for n in range(FORGERS)]
            try:
                flooded, failures = legitimate(server.port, leaf, PHASE_S)
            finally:
                stop.set()
            counts: dict[str, int] = {}
            for result in floods:
                for key, value in result.result(timeout=60).items():
                    counts[key] = counts.get(key, 0) + value
        downloads = len(s3.requests) - downloads_before
    return {
        "quiet_median_ms": statistics.median(quiet),
        "flood_median_ms": statistics.median(flooded),
        "flood_p90_ms": sorted(flooded)[int(0.9 * len(flooded))],
        "ratio": statistics.median(flooded) / statistics.median(quiet),
        "samples_per_phase": len(flooded),
        "legitimate_failures_during_flood": failures,
        "forged": counts,
        "downloads_during_flood": downloads,
    }


def stalled(port: int, count: int = 4) -> ExitStack:
    stack = ExitStack()
    head = (
        b"POST /alexa HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100000\r\n\r\n{"
    )
    for _ in range(count):
        client = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=30))
        client.sendall(head)
    return stack


def health(port: int, timeout: float) -> float:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/healthz")
        connection.getresponse().read()
    except OSError:
        return float("inf")
    finally:
        connection.close()
    return (time.perf_counter() - started) * 1000


def slow_clients(work: Path, authority: TestAuthority) -> dict[str, Any]:
    leaf = authority.issue()
    env = signing_env(work, authority, leaf)
    results: dict[str, Any] = {}
    for label, worker, cutoff in (
        ("buffering (this code)", None, 10.0),
        ("sync (before)", "sync", 5.0),
    ):
        with gunicorn(work, env, worker) as server, stalled(server.port):
            healthz = [health(server.port, cutoff) for _ in range(5)]
            valid = []
            for _ in range(5):
                body = json.dumps(envelope("LaunchRequest")).encode()
                status, elapsed = post(server.port, body, signed_headers(leaf, body), cutoff)
                valid.append(elapsed if status == 200 else float("inf"))
        results[label] = {
            "healthz_max_ms": max(healthz),
            "valid_max_ms": max(valid),
            "cutoff_s": cutoff,
        }
    return results


def render(report: dict[str, Any]) -> str:
    lines = [
        "## Legitimate latency under a forged-request flood (chain server: 0.25 s per answer)",
        "",
        "| setup | quiet median ms | flood median ms | flood/quiet (target <= 2) | flood p90 ms "
        "| legitimate not answered 200 | chain downloads during flood | forged requests sent |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, row in report["download_flood"].items():
        lines.append(
            f"| {label} | {row['quiet_median_ms']:.1f} | {row['flood_median_ms']:.1f} | "
            f"{row['ratio']:.2f} | {row['flood_p90_ms']:.1f} | "
            f"{row['legitimate_failures_during_flood']} of {row['samples_per_phase']} | "
            f"{row['downloads_during_flood']} | {sum(row['forged'].values())} |"
        )
    lines += [
        "",
        "## Four slow clients holding connections (Content-Length: 100000, one byte sent)",
        "",
        "| worker | /healthz max ms | valid request max ms | target |",
        "|---|---|---|---|",
    ]
    for label, row in report["slow_clients"].items():
        shown = [
            f"{row[key]:.0f}"
            if row[key] != float("inf")
            else f"> {row['cutoff_s']:.0f} s (cut off)"
            for key in ("healthz_max_ms", "valid_max_ms")
        ]
        lines.append(f"| {label} | {shown[0]} | {shown[1]} | < 1000 |")
    return "\n".join(lines)


def main() -> None:
    authority = TestAuthority()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        flood_result = {}
        for label, protected in (("this code", True), (UNPROTECTED_LABEL, False)):
            with chain_server(work, authority) as s3:
                flood_result[label] = download_flood(work, authority, s3, protected)
        slow = slow_clients(work, authority)
    report = {"download_flood": flood_result, "slow_clients": slow}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "hostile.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    table = render(report)
    (RESULTS / "hostile.md").write_text(table + "\n")
    print(table)


if __name__ == "__main__":
    main()
