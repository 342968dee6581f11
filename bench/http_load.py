"""HTTP throughput under gunicorn: the load generator and the apps it is pointed at (``bench.run``).

Every app runs under identical gunicorn settings (2 workers); the clients open a connection per
request, as Alexa does.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from itertools import cycle
from pathlib import Path
from typing import Any

from bench.latency import percentile
from bench.mix import signed_pool
from skill.tools.simulator.envelopes import DEFAULT_SKILL_ID
from skill.tools.simulator.signing import TestAuthority
from skill.web.worker import WORKER_CLASS
from tests.dynalite import free_port
from tests.servers import signing_env

HTTP_KINDS = ["launch", "routine step", "triage answer"]


PRODUCTION_WORKER = ["-k", WORKER_CLASS]
SYNC_WORKER = ["-k", "sync", "--threads", "1"]


def start_gunicorn(
    app: str, env: dict[str, str], log: Path, worker: list[str]
) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "-w", "2", *worker, "-b", f"127.0.0.1:{port}"]
    command += ["--keep-alive", "5", "--log-level", "warning", app]
    with log.open("w") as handle:
        process = subprocess.Popen(command, env={**os.environ, **env}, stderr=handle, stdout=handle)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, port
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"{app} did not start: {log.read_text()[-500:]}")


def worker_peak_rss_mb(master: int) -> float:
    peaks = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master) and "VmHWM" in fields:
            peaks.append(int(fields["VmHWM"].split()[0]) / 1024)
    return max(peaks, default=0.0)


@dataclass
class Load:
    """What a load run saw: every latency (ms), failures and the wall time it took."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    wall: float = 0.0

    def add(self, other: Load) -> None:
        self.latencies += other.latencies
        self.errors += other.errors
        self.wall += other.wall

    def summary(self) -> dict[str, float]:
        return {
            "rps": len(self.latencies) / self.wall,
            "p50_ms": percentile(self.latencies, 0.5),
            "p99_ms": percentile(self.latencies, 0.99),
            "errors": self.errors,
        }


def load(
    port: int, pool: list[tuple[str, bytes, dict[str, str]]], clients: int, seconds: float
) -> Load:
    """``clients`` threads posting from ``pool`` as fast as answers come, for ``seconds``."""
    seen = Load()
    lock = threading.Lock()
    source = cycle(pool)
    deadline = time.perf_counter() + seconds

    def client() -> None:
        while time.perf_counter() < deadline:
            with lock:
                _, body, headers = next(source)
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("POST", "/alexa", body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                connection.close()
                ok = response.status == 200
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                seen.latencies.append(elapsed)
                seen.errors += 0 if ok else 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seen.wall = time.perf_counter() - started
    return seen


HTTP_APPS = {
    "knot helper": ("bench.apps:knot_app()", PRODUCTION_WORKER),
    "bare flask": ("bench.apps:bare_app()", PRODUCTION_WORKER),
    "hello ask-sdk": ("bench.apps:hello_app()", PRODUCTION_WORKER),
    "knot helper, sync worker": ("bench.apps:knot_app()", SYNC_WORKER),
    "hello ask-sdk, sync worker": ("bench.apps:hello_app()", SYNC_WORKER),
}


def http_benchmark(
    authority: TestAuthority, work: Path, seconds: float, bursts: int
) -> dict[str, Any]:
    """Every app at 1, 8 and 50 clients for ``seconds`` each, in ``bursts`` interleaved bursts.

    All the servers run at once and take turns, a short burst each, so a busy moment on a
    shared machine falls on all of them alike instead of on whichever was being measured.
    """
    leaf = authority.issue()
    signing = work / "http-signing"
    signing.mkdir(exist_ok=True)
    env = signing_env(signing, authority, leaf) | {
        "KNOT_SKILL_ID": DEFAULT_SKILL_ID,
        "KNOT_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
    }
    servers: dict[str, tuple[subprocess.Popen[bytes], int]] = {}
    try:
        for name, (target, worker) in HTTP_APPS.items():
            slug = name.replace(" ", "-").replace(",", "")
            database = {"KNOT_DATABASE_URL": f"sqlite:///{work / f'{slug}.db'}"}
            servers[name] = start_gunicorn(target, env | database, work / f"{slug}.log", worker)
        results: dict[str, Any] = {name: {"load": {}} for name in HTTP_APPS}
        for clients in (1, 8, 50):
            pool = signed_pool(leaf, 3000, HTTP_KINDS, "https://api.amazonalexa.com")
            totals = {name: Load() for name in HTTP_APPS}
            for _, port in servers.values():
                load(port, pool[:200], clients, 0.5)
            for _ in range(bursts):
                for name, (_, port) in servers.items():
                    totals[name].add(load(port, pool, clients, seconds / bursts))
            for name, total in totals.items():
                results[name]["load"][clients] = total.summary()
        for name, (process, _) in servers.items():
            results[name]["peak_rss_mb"] = worker_peak_rss_mb(process.pid)
        return results
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.wait(timeout=10)
