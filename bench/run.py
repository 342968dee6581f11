"""The full benchmark: ``.venv/bin/python -m bench.run`` (about four minutes on 2 cores).

Measures in one run, on this machine:
- in-process latency (p50/p99) of a request mix with verification on (cached chain): launch,
  routine step, triage answer, and reminder creation against a local fake Reminders API;
- HTTP throughput and p99 under gunicorn at 1, 8 and 50 concurrent clients, for Knot Helper, a
  bare Flask endpoint (the ceiling) and a hello-world ask-sdk skill (the peer), all three with the
  production worker (2 workers of ``skill.web.worker.BufferingWorker``), reported as ratios; and Knot
  Helper and the peer under gunicorn's sync worker (the setting before), for the comparison with
  earlier results. The four servers run at once and are measured in turns, in short
  interleaved bursts, so other load on a shared machine falls on all of them alike;
- cold start (import + create_app + first reply) and peak RSS per gunicorn worker.
Prints a table and writes ``bench/results/latest.json`` and ``bench/results/latest.md``.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.http_load import HTTP_KINDS, http_benchmark
from bench.latency import measure_cold_start, percentile
from bench.mix import signed_pool
from skill import create_app
from skill.config import Config
from skill.tools.simulator.envelopes import DEFAULT_SKILL_ID
from skill.tools.simulator.signing import CHAIN_URL, TestAuthority, chain_pem
from tests.fake_alexa_api import fake_alexa_api
from tests.servers import signing_env

RESULTS = Path(__file__).parent / "results"
ALL_KINDS = [*HTTP_KINDS, "reminder"]
TARGETS = {
    "p50_ms": 2.0,
    "p99_ms": 10.0,
    "vs_bare": 0.5,
    "vs_peer": 0.9,
    "cold_ms": 600,
    "rss_mb": 100,
}


def in_process(authority: TestAuthority, work: Path, count: int = 2000) -> dict[str, Any]:
    leaf = authority.issue()
    with fake_alexa_api(work, authority) as (api, bundle):
        config = Config(
            skill_id=DEFAULT_SKILL_ID,
            trust_roots=[authority.certificate],
            chain_fetcher={CHAIN_URL: chain_pem(leaf)}.__getitem__,
            database_url=f"sqlite:///{work / 'inprocess.db'}",
            api_ca_bundle=bundle,
        )
        client = create_app(config).test_client()
        pool = signed_pool(leaf, count + 100, ALL_KINDS, api.endpoint)
        by_kind: dict[str, list[float]] = {kind: [] for kind in ALL_KINDS}
        for index, (kind, body, headers) in enumerate(pool):
            started = time.perf_counter()
            response = client.post("/alexa", data=body, headers=headers)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.get_json()
            if index >= 100:
                by_kind[kind].append(elapsed)
    everything = [sample for samples in by_kind.values() for sample in samples]
    rows = {kind: _stats(samples) for kind, samples in by_kind.items()}
    rows["mix"] = _stats(everything)
    without = [s for kind in HTTP_KINDS for s in by_kind[kind]]
    rows["mix without reminders"] = _stats(without)
    return rows


def cost_breakdown(work: Path, authority: TestAuthority, rounds: int = 600) -> dict[str, Any]:
    """Median microseconds per request kind for the three apps in-process: where the gap is."""
    from bench import apps

    leaf = authority.issue()
    signing = work / "cost-signing"
    signing.mkdir(exist_ok=True)
    os.environ.update(
        signing_env(signing, authority, leaf),
        KNOT_SKILL_ID=DEFAULT_SKILL_ID,
        KNOT_DATABASE_URL=f"sqlite:///{work / 'cb.db'}",
    )
    pool = signed_pool(leaf, rounds, HTTP_KINDS, "https://api.amazonalexa.com")
    factories = {
        "knot helper": apps.knot_app,
        "hello ask-sdk": apps.hello_app,
        "bare flask": apps.bare_app,
    }
    clients = {name: factory().test_client() for name, factory in factories.items()}
    samples = {name: {kind: [] for kind in HTTP_KINDS} for name in clients}
    # Each request goes to the three apps in turn, so a busy moment costs all three alike.
    for index, (kind, body, headers) in enumerate(pool):
        for name, client in clients.items():
            started = time.perf_counter()
            client.post("/alexa", data=body, headers=headers)
            if index >= 100:
                samples[name][kind].append((time.perf_counter() - started) * 1e6)
    return {
        name: {kind: statistics.median(values) for kind, values in by_kind.items()}
        for name, by_kind in samples.items()
    }


def _stats(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": percentile(samples, 0.5),
        "p99_ms": percentile(samples, 0.99),
        "n": len(samples),
    }


def main() -> None:
    import argparse
    import logging

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=6.0, help="per load level and app")
    parser.add_argument("--bursts", type=int, default=6, help="interleaved bursts per level")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    authority = TestAuthority()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        latency = in_process(authority, work)
        breakdown = cost_breakdown(work, authority)
        http = http_benchmark(authority, work, args.seconds, args.bursts)
    cold = statistics.median(measure_cold_start(5))
    report = {
        "in_process": latency,
        "cost_us": breakdown,
        "http": http,
        "cold_start_ms": cold,
        "targets": TARGETS,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    table = render(report)
    (RESULTS / "latest.md").write_text(table + "\n")
    print(table)


def render(report: dict[str, Any]) -> str:
    lines = [
        "## In-process latency, verification on (cached chain)",
        "",
        "| request | p50 ms | p99 ms | n |",
        "|---|---|---|---|",
    ]
    for kind, row in report["in_process"].items():
        lines.append(f"| {kind} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | {row['n']} |")
    lines += ["", "## In-process cost per request (median µs): where the gap to the peer is", "",
              "| request | knot helper | hello ask-sdk | bare flask |", "|---|---|---|---|"]  # fmt: skip
    cost = report["cost_us"]
    for kind in HTTP_KINDS:
        row = " | ".join(
            f"{cost[name][kind]:.0f}" for name in ("knot helper", "hello ask-sdk", "bare flask")
        )
        lines.append(f"| {kind} | {row} |")
    http = report["http"]
    lines += ["", "## HTTP under gunicorn (2 workers of the production worker, BufferingWorker), launch / routine step / triage answer", "",
              "| clients | knot rps | bare rps | peer rps | knot/bare | knot/peer | knot p99 ms | bare p99 | peer p99 | errors |",
              "|---|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for clients in (1, 8, 50):
        knot, bare, peer = (
            http[name]["load"][clients] for name in ("knot helper", "bare flask", "hello ask-sdk")
        )
        errors = sum(row["load"][clients]["errors"] for row in http.values())
        lines.append(
            f"| {clients} | {knot['rps']:.0f} | {bare['rps']:.0f} | {peer['rps']:.0f} | "
            f"{knot['rps'] / bare['rps']:.2f} | {knot['rps'] / peer['rps']:.2f} | {knot['p99_ms']:.1f} | "
            f"{bare['p99_ms']:.1f} | {peer['p99_ms']:.1f} | {errors} |"
        )
    lines += ["", "## The same run, under gunicorn's sync worker (the setting before)", "",
              "| clients | knot rps | peer rps | knot/peer | knot p99 ms | knot rps, production worker / sync |",
              "|---|---|---|---|---|---|"]  # fmt: skip
    for clients in (1, 8, 50):
        knot, sync, peer_sync = (
            http[name]["load"][clients]
            for name in ("knot helper", "knot helper, sync worker", "hello ask-sdk, sync worker")
        )
        lines.append(
            f"| {clients} | {sync['rps']:.0f} | {peer_sync['rps']:.0f} | "
            f"{sync['rps'] / peer_sync['rps']:.2f} | {sync['p99_ms']:.1f} | {knot['rps'] / sync['rps']:.2f} |"
        )
    rss = ", ".join(f"{name} {row['peak_rss_mb']:.0f} MB" for name, row in http.items())
    lines += [
        "",
        f"Peak RSS per worker: {rss}",
        f"Cold start (import + create_app + first reply): {report['cold_start_ms']:.0f} ms median of 5",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
