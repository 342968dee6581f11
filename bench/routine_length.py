"""Spoken length of each routine, end to end, per pace (an estimate from the real SSML).

Counts the words actually spoken (opening, every step, ending) and the exact timed silence (holds,
and the pauses to get into position before them), and adds speaking time at Alexa's typical rate
(about 150 words a minute at normal pace) plus the strength pauses. Run: ``.venv/bin/python -m bench.routine_length``; writes
``bench/results/routine_length.json``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from skill import ssml
from skill.prompts import prompts_for
from skill.routine_speech import finish_speech, opening_speech, settle_total_ms, step_speech
from skill.routines import load_libraries
from skill.ssml import Pace

RESULTS = Path(__file__).parent / "results" / "routine_length.json"
WORDS_PER_SECOND = {Pace.SLOW: 2.5 * 0.85, Pace.NORMAL: 2.5, Pace.FAST: 2.5 * 1.15}
STRENGTH_SECONDS = {"medium": 0.5, "strong": 0.75, "x-strong": 1.0}
_STRENGTH = re.compile(r'<break strength="([a-z-]+)"/>')


def estimate(documents: list[str], pace: Pace) -> dict[str, float]:
    words = sum(len(ssml.readable_words(document)) for document in documents)
    silence = sum(ssml.timed_silence_ms(document) for document in documents) / 1000
    gaps = sum(STRENGTH_SECONDS[strength] for d in documents for strength in _STRENGTH.findall(d))
    speaking = words / WORDS_PER_SECOND[pace] + gaps
    return {"words": words, "timed_silence_s": silence, "total_s": round(speaking + silence, 1)}


def main() -> None:
    library = load_libraries()["en-US"]
    say = prompts_for("en-US")
    results: dict[str, dict[str, dict[str, float]]] = {}
    for routine in library.routines.values():
        results[routine.id] = {}
        for pace in Pace:
            documents = [ssml.speak(opening_speech(library, routine, say, pace))]
            documents += [
                ssml.speak(step_speech(routine, index, say, pace))
                for index in range(1, len(routine.steps))
            ]
            documents.append(ssml.speak(finish_speech(routine, say, pace, None)))
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
