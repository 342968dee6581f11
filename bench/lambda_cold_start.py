"""Lambda cold start: a fresh process running the built artefact under the real runtime client.

Run: ``.venv/bin/python -m bench.lambda_cold_start`` (needs the package registry, or pip's cache,
for the build; about a minute on 2 cores). For each variant it builds the Lambda artefact with
infra/lambda/build.py for this machine's architecture, then, several times over, starts
``python -S -m awslambdaric skill.alexa.lambda_function.handler`` with only the artefact and the runtime
client importable (like /var/task and /var/runtime), against a local Runtime API stand-in and a
DynamoDB table on dynalite, and times spawn -> first reply posted (interpreter start, imports,
skill build, one LaunchRequest with a store read and write), then one warm reply.

Variants, compared in one run:
- ``lean``: the artefact as shipped (bytecode precompiled, no web stack on the Lambda path);
- ``no bytecode``: the same without precompiled bytecode (Lambda's code folder is read-only, so
  every cold start compiles every module it imports);
- ``web stack first``: the shipped artefact with Flask's app module imported before the handler,
  as the entry point did before it stopped importing ``skill.web.app``.

Writes ``bench/results/lambda_cold_start.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import boto3

from skill.tools.simulator.envelopes import envelope
from tests.dynalite import dynalite_server
from tests.fake_lambda_runtime import lambda_process, runtime_api

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results" / "lambda_cold_start.json"
WEB_FIRST = "import skill.web.app  # noqa: F401\nfrom skill.alexa.lambda_function import handler\n"


def build(out: Path, compile_bytecode: bool) -> Path:
    architecture = "arm64" if platform.machine() in {"aarch64", "arm64"} else "x86_64"
    command = [sys.executable, str(ROOT / "infra" / "lambda" / "build.py"), str(out)]
    command += ["--architecture", architecture] + ([] if compile_bytecode else ["--no-compile"])
    subprocess.run(command, check=True, capture_output=True)
    return out


def runtime_client(out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(out), "awslambdaric"],
        check=True,
        capture_output=True,
    )
    return out


def one_cold_start(
    python_path: list[str], handler: str, env: dict[str, str], log: Path
) -> tuple[float, float]:
    """Milliseconds from spawn to the first reply, and for a second (warm) reply."""
    with runtime_api() as api:
        first = api.queue(envelope("LaunchRequest"))
        spawned = time.perf_counter()
        with lambda_process(api, handler, env=env, log=log, python_path=python_path):
            assert api.wait_answered(first, timeout=60), log.read_text()
            assert first.response is not None, log.read_text()
            second = api.queue(envelope("LaunchRequest"))
            assert api.wait_answered(second, timeout=60), log.read_text()
    return (first.answered_at - spawned) * 1000, (second.answered_at - second.sent_at) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, dynalite_server() as endpoint:
        work = Path(tmp)
        lean = build(work / "lean", compile_bytecode=True)
        plain = build(work / "plain", compile_bytecode=False)
        runtime = runtime_client(work / "runtime")
        shim = work / "shim"
        shim.mkdir()
        (shim / "web_first.py").write_text(WEB_FIRST)
        env = {
            "KNOT_DATABASE_URL": "dynamodb://knot-bench",
            "KNOT_DYNAMODB_ENDPOINT": endpoint,
            "KNOT_SKILL_ID": "",
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_LAMBDA_LOG_FORMAT": "JSON",
            "AWS_LAMBDA_LOG_LEVEL": "INFO",
        }
        boto3.client(
            "dynamodb",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="b",
            aws_secret_access_key="b",
        ).create_table(
            TableName="knot-bench",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        variants = {
            "lean": ([str(lean), str(runtime)], "skill.alexa.lambda_function.handler"),
            "no bytecode": ([str(plain), str(runtime)], "skill.alexa.lambda_function.handler"),
            "web stack first": ([str(shim), str(lean), str(runtime)], "web_first.handler"),
        }
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
        for run in range(args.runs):  # interleaved, so machine load hits every variant alike
            for name, (path, handler) in variants.items():
                log = work / f"{name.replace(' ', '-')}-{run}.log"
                samples[name].append(one_cold_start(path, handler, env, log))
        sizes = {
            name: sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20
            for name, folder in {"lean": lean, "no bytecode": plain}.items()
        }
    report: dict[str, Any] = {"runs": args.runs, "machine": platform.machine(), "variants": {}}
    lean_cold = statistics.median(cold for cold, _ in samples["lean"])
    print(f"Lambda cold start, median of {args.runs} (spawn -> first reply; then a warm reply)")
    for name, pairs in samples.items():
        cold = statistics.median(c for c, _ in pairs)
        warm = statistics.median(w for _, w in pairs)
        report["variants"][name] = {
            "cold_ms": round(cold, 1),
            "warm_ms": round(warm, 1),
            "vs_lean": round(cold / lean_cold, 2),
            "cold_samples_ms": [round(c, 1) for c, _ in pairs],
        }
        print(f"  {name:16} cold {cold:7.0f} ms  warm {warm:6.1f} ms  x{cold / lean_cold:.2f}")
    report["unpacked_mib"] = {name: round(size, 1) for name, size in sizes.items()}
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
