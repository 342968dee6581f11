"""Build time of every guided track (6 routines x 3 paces), fresh and with the clip cache.

gTTS runs against a local fake of Google's endpoint (tests/fake_gtts.py), so no network is
used; espeak-ng is offline anyway. Run: ``.venv/bin/python -m bench.audio_build``; writes
``bench/results/audio_build.json``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from skill.audio.build import build_tracks
from skill.audio.engines import EspeakEngine, GTTSEngine
from skill.routines.library import load_libraries
from skill.speech.prompts import prompts_for
from skill.tools.simulator.signing import TestAuthority
from tests.fake_gtts import fake_google_tts

RESULTS = Path(__file__).parent / "results" / "audio_build.json"


def timed(engine, out: Path) -> tuple[float, int]:
    started = time.perf_counter()
    built = build_tracks(
        load_libraries()["en-US"], prompts_for("en-US"), engine, out, progress=None
    )
    return time.perf_counter() - started, sum(1 for track in built if track.rebuilt)


def measure(engine, out: Path) -> dict[str, float]:
    fresh, count = timed(engine, out)
    current, _ = timed(engine, out)
    for track in out.glob("*.mp3"):
        track.unlink()
    from_cache, _ = timed(engine, out)
    return {"tracks": count, "fresh_s": fresh, "unchanged_s": current, "clips_cached_s": from_cache}


def main() -> None:
    work = Path(tempfile.mkdtemp())
    try:
        (work / "fake").mkdir()
        with fake_google_tts(work / "fake", TestAuthority()) as google:
            gtts = measure(GTTSEngine(endpoint=google.endpoint), work / "gtts")
            gtts["requests"] = len(google.texts)
        espeak = measure(EspeakEngine(), work / "espeak")
    finally:
        shutil.rmtree(work)
    results = {"gtts (local fake)": gtts, "espeak": espeak}
    for name, row in results.items():
        print(f"{name:18} " + "  ".join(f"{k}={v:.1f}" for k, v in row.items()))
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
