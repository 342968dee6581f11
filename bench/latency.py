"""In-process latency of a LaunchRequest (verified with a cached chain, and not) and cold start.

Run: ``.venv/bin/python -m bench.latency`` (after ``./dev test`` or ``./dev serve`` installed the
project). Prints a table and writes ``bench/results/latency.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from skill import create_app
from skill.config import Config
from skill.tools.simulator.envelopes import envelope
from skill.tools.simulator.signing import CHAIN_URL, TestAuthority, chain_pem, signed_headers

RESULTS = Path(__file__).parent / "results" / "latency.json"

COLD_START = """
import time
started = time.perf_counter()
from skill import create_app
from skill.config import Config
from skill.tools.simulator.envelopes import envelope
app = create_app(Config(dev_mode=True), dev_host="127.0.0.1")
response = app.test_client().post("/alexa", json=envelope("LaunchRequest"))
assert response.status_code == 200
print(time.perf_counter() - started)
"""


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure_requests(verify: bool, count: int) -> list[float]:
    authority = TestAuthority()
    leaf = authority.issue()
    chains = {CHAIN_URL: chain_pem(leaf)}
    config = Config(
        dev_mode=not verify, trust_roots=[authority.certificate], chain_fetcher=chains.__getitem__
    )
    client = create_app(config, dev_host="127.0.0.1").test_client()
    bodies = [json.dumps(envelope("LaunchRequest")).encode() for _ in range(count + 50)]
    prepared = [(body, signed_headers(leaf, body)) for body in bodies]
    samples = []
    for index, (body, headers) in enumerate(prepared):
        started = time.perf_counter()
        response = client.post("/alexa", data=body, headers=headers)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.get_json()
        if index >= 50:
            samples.append(elapsed * 1000)
    return samples


def measure_cold_start(runs: int) -> list[float]:
    return [
        float(
            subprocess.run(
                [sys.executable, "-c", COLD_START], capture_output=True, check=True, text=True
            ).stdout
        )
        * 1000
        for _ in range(runs)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--cold-runs", type=int, default=5)
    args = parser.parse_args()
    import logging

    logging.disable(logging.WARNING)
    rows = {}
    for label, verify in (("verification on (cached chain)", True), ("verification off", False)):
        samples = measure_requests(verify, args.requests)
        rows[label] = {"p50_ms": percentile(samples, 0.5), "p99_ms": percentile(samples, 0.99)}
    cold = measure_cold_start(args.cold_runs)
    rows["cold start (import + create_app + first reply)"] = {"median_ms": statistics.median(cold)}
    on, off = rows["verification on (cached chain)"], rows["verification off"]
    rows["ratio on/off"] = {
        "p50": on["p50_ms"] / off["p50_ms"],
        "p99": on["p99_ms"] / off["p99_ms"],
    }
    print(f"{'measure':50} {'value':>30}")
    for label, values in rows.items():
        shown = "  ".join(f"{key}={value:.3f}" for key, value in values.items())
        print(f"{label:50} {shown:>30}")
    RESULTS.write_text(json.dumps({"requests": args.requests, "results": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
