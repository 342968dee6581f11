"""A longer fuzzing run than the test suite's: ``python -m bench.fuzz [--examples N]``.

The same strategies as ``tests/test_fuzz.py`` against the real app (dev mode for mutated
envelopes and raw bytes; full verification for hostile headers). Prints how the answers split
and fails loudly on any 5xx, traceback, invalid SSML or handler crash.
"""

from __future__ import annotations

import argparse
import collections
import json
import logging
import tempfile
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill import create_app
from skill.config import Config
from tests.test_fuzz import envelopes

CRASHES: list[str] = []


class _Crashes(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        if "handler failed" in record.getMessage() or record.levelno >= logging.ERROR:
            CRASHES.append(record.getMessage())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=5000)
    args = parser.parse_args()
    logging.getLogger().addHandler(_Crashes())
    logging.getLogger().setLevel(logging.ERROR)
    store = f"sqlite:///{tempfile.mkdtemp()}/fuzz.db"
    config = Config(dev_mode=True, database_url=store)
    client = create_app(config, dev_host="127.0.0.1").test_client()
    outcomes: collections.Counter[str] = collections.Counter()
    budget = settings(
        max_examples=args.examples, deadline=None, suppress_health_check=list(HealthCheck)
    )

    def check(response) -> None:  # type: ignore[no-untyped-def]
        text = response.get_data(as_text=True)
        assert response.status_code < 500 and "Traceback" not in text, text
        error = (response.get_json() or {}).get("error", "") if response.status_code != 200 else ""
        outcomes[f"{response.status_code} {error}".strip()] += 1

    @budget
    @given(body=envelopes)
    def mutated(body: dict) -> None:  # type: ignore[type-arg]
        check(client.post("/alexa", data=json.dumps(body), content_type="application/json"))

    @budget
    @given(raw=st.binary(max_size=4000))
    def raw_bytes(raw: bytes) -> None:
        check(client.post("/alexa", data=raw, content_type="application/json"))

    started = time.perf_counter()
    mutated()
    raw_bytes()
    elapsed = time.perf_counter() - started
    total = sum(outcomes.values())
    print(f"{total} requests in {elapsed:.1f} s; no 5xx, no traceback")
    for outcome, count in outcomes.most_common():
        print(f"  {count:6}  {outcome}")
    if CRASHES:
        raise SystemExit(f"handler crashes: {collections.Counter(CRASHES).most_common(5)}")


if __name__ == "__main__":
    main()
