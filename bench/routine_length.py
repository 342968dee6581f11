"""Spoken length of each routine, end to end, per pace (an estimate from the real SSML).

Counts the words actually spoken (opening, every step, ending) and the exact timed silence (holds,
and the pauses to get into position before them), and adds speaking time at Alexa's typical rate
(about 150 words a minute at normal pace) plus the strength pauses (``skill.routines.length``).
Run: ``.venv/bin/python -m bench.routine_length``; writes ``bench/results/routine_length.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

from skill.routines.length import estimate, routine_documents
from skill.routines.library import load_libraries
from skill.routines.speech import settle_total_ms
from skill.speech.prompts import prompts_for
from skill.speech.ssml import Pace

RESULTS = Path(__file__).parent / "results" / "routine_length.json"


def main() -> None:
    library = load_libraries()["en-US"]
    say = prompts_for("en-US")
    results: dict[str, dict[str, dict[str, float]]] = {}
    for routine in library.routines.values():
        results[routine.id] = {}
        for pace in Pace:
            documents = routine_documents(library, routine, say, pace)
            results[routine.id][pace.value] = estimate(documents, pace)
            settle = sum(settle_total_ms(step, pace) for step in routine.steps) / 1000
            results[routine.id][pace.value]["get_into_position_s"] = settle
    header = f"{'routine':24} {'steps':>5} {'words':>6} {'holds s':>8} {'position s (slow/normal/fast)':>30}"
    print(f"{header} {'normal':>8} {'slow':>8}")
    for routine_id, by_pace in results.items():
        normal, slow = by_pace["normal"], by_pace["slow"]
        steps = len(library.routines[routine_id].steps)
        holds = normal["timed_silence_s"] - normal["get_into_position_s"]
        position = "/".join(f"{by_pace[p.value]['get_into_position_s']:g}" for p in Pace)
        print(
            f"{routine_id:24} {steps:>5} {normal['words']:>6.0f} {holds:>8.0f} {position:>30}"
            f" {normal['total_s'] / 60:>6.1f} m {slow['total_s'] / 60:>6.1f} m"
        )
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
