"""``knot-helper audio build``: routines rendered as guided tracks, with manifests.

For each routine and pace: narration clips (cached by content hash), exact silences for holds and
for getting into position (scaled by pace, as in the spoken SSML), a chime before each step,
encoded to Alexa's MP3 spec, plus a JSON manifest with the content hash,
duration and each step's start offset. Unchanged content makes no synthesis call at all; a failed
build leaves the previous files in place (everything is written to a temporary name first).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from skill.audio.chime import CHIME_VERSION, chime_pcm
from skill.audio.engines import Engine
from skill.audio.ffmpeg import BYTES_PER_SAMPLE, SAMPLE_RATE, encode_mp3, to_pcm
from skill.routines.library import Library, Routine
from skill.routines.speech import guided_parts
from skill.speech.prompts import Prompts
from skill.speech.ssml import Gap, Pace, Part, Say, Settle, Silence, StepStart, settle_ms

FORMAT_VERSION = "1"
TEMPO = {Pace.SLOW: 0.88, Pace.NORMAL: 1.0, Pace.FAST: 1.12}
GAP_S = {Pace.SLOW: 1.0, Pace.NORMAL: 0.7, Pace.FAST: 0.45}
SENTENCE_S = 0.25


@dataclass(frozen=True)
class BuiltTrack:
    routine: str
    pace: Pace
    file: Path
    rebuilt: bool


def _silence(seconds: float) -> bytes:
    return bytes(round(seconds * SAMPLE_RATE) * BYTES_PER_SAMPLE)


def _ms(pcm_length: int) -> int:
    return round(pcm_length / BYTES_PER_SAMPLE * 1000 / SAMPLE_RATE)


def content_hash(parts: list[Part], engine: str, pace: Pace) -> str:
    """What a track depends on: its words and timing, the engine, the pace, the formats."""
    described = [[type(part).__name__, *vars(part).values()] for part in parts]
    key = json.dumps([described, engine, pace.value, CHIME_VERSION, FORMAT_VERSION])
    return hashlib.sha256(key.encode()).hexdigest()


class ClipCache:
    """Engine output per text, on disk, keyed by a hash of engine and text."""

    def __init__(self, folder: Path, engine: Engine) -> None:
        self.folder = folder / ".cache" / engine.name
        self.engine = engine
        self.synthesized = 0

    def path(self, text: str) -> Path:
        digest = hashlib.sha256(f"{self.engine.name}\n{text}".encode()).hexdigest()
        return self.folder / f"{digest}.audio"

    def missing(self, texts: Iterable[str]) -> list[str]:
        return sorted({text for text in texts if not self.path(text).exists()})

    def fill(self, text: str) -> None:
        data = self.engine.synthesize(text)
        self.synthesized += 1
        target = self.path(text)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".tmp{os.getpid()}")
        temporary.write_bytes(data)
        os.replace(temporary, target)


def _progress(out: TextIO | None, done: int, total: int) -> None:
    """A one-line progress bar on a terminal; nothing when output is redirected."""
    if out is None or total == 0 or not out.isatty():
        return
    filled = int(30 * done / total)
    out.write(f"\r  synthesising [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
    if done == total:
        out.write("\n")
    out.flush()


def synthesize_all(cache: ClipCache, texts: list[str], jobs: int, out: TextIO | None) -> None:
    """Fill the cache for ``texts`` with at most ``jobs`` requests at a time.

    Raises:
        SynthesisError: any clip failed (nothing else has been written yet).
    """
    _progress(out, 0, len(texts))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for done, _ in enumerate(pool.map(cache.fill, texts), start=1):
            _progress(out, done, len(texts))


def render_track(parts: list[Part], cache: ClipCache, pace: Pace) -> tuple[bytes, list[int]]:
    """The track's PCM, and each step's start offset in milliseconds."""
    pieces: list[bytes] = []
    length = 0
    offsets: list[int] = []
    chime = chime_pcm()
    decoded: dict[str, bytes] = {}
    for part in parts:
        if isinstance(part, Say):
            if part.text not in decoded:
                raw = cache.path(part.text).read_bytes()
                decoded[part.text] = to_pcm(raw, TEMPO[pace]) + _silence(SENTENCE_S)
            clip = decoded[part.text]
        elif isinstance(part, Gap):
            clip = _silence(GAP_S[pace])
        elif isinstance(part, Silence):
            clip = _silence(part.seconds)
        elif isinstance(part, Settle):
            clip = _silence(settle_ms(part.seconds, pace) / 1000)
        elif isinstance(part, StepStart):
            offsets.append(_ms(length))
            clip = chime + _silence(0.2)
        pieces.append(clip)
        length += len(clip)
    return b"".join(pieces), offsets


def _write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file, then rename: readers never see a half-written file."""
    temporary = target.with_name(f".{target.name}.tmp{os.getpid()}")
    try:
        write(temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _save_mp3(pcm: bytes, target: Path) -> None:
    _write_atomically(target, partial(encode_mp3, pcm))


def _save_json(data: dict[str, Any], target: Path) -> None:
    _write_atomically(target, lambda path: path.write_text(json.dumps(data, indent=2) + "\n"))


def build_tracks(
    library: Library,
    say: Prompts,
    engine: Engine,
    out_dir: Path,
    *,
    routines: list[Routine] | None = None,
    paces: Iterable[Pace] = tuple(Pace),
    jobs: int = 4,
    progress: TextIO | None = sys.stderr,
) -> list[BuiltTrack]:
    """Build every track that is missing or out of date; return what was done."""
    out_dir.mkdir(parents=True, exist_ok=True)
    cache = ClipCache(out_dir, engine)
    plans: list[tuple[Routine, Pace, list[Part], str]] = []
    for routine in routines or list(library.routines.values()):
        parts = [
            Say(say.spoken_numbers.in_text(part.text)) if isinstance(part, Say) else part
            for part in guided_parts(library, routine, say)
        ]
        for pace in paces:
            plans.append((routine, pace, parts, content_hash(parts, engine.name, pace)))
    stale = [plan for plan in plans if not _is_current(out_dir, plan[0].id, plan[1], plan[3])]
    texts = [part.text for _, _, parts, _ in stale for part in parts if isinstance(part, Say)]
    synthesize_all(cache, cache.missing(texts), jobs, progress)

    def assemble(plan: tuple[Routine, Pace, list[Part], str]) -> None:
        routine, pace, parts, digest = plan
        mp3 = out_dir / f"{routine.id}-{pace.value}.mp3"
        pcm, offsets = render_track(parts, cache, pace)
        _save_mp3(pcm, mp3)
        manifest = _manifest(
            routine, pace, engine.name, digest, duration=_ms(len(pcm)), offsets=offsets
        )
        _save_json(manifest, mp3.with_suffix(".json"))

    workers = max(1, min(jobs, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(assemble, stale))
    built = [
        BuiltTrack(r.id, p, out_dir / f"{r.id}-{p.value}.mp3", (r, p, parts, d) in stale)
        for r, p, parts, d in plans
    ]
    chime = out_dir / "chime.mp3"
    if not chime.exists():
        _save_mp3(chime_pcm(), chime)
    return built


def _manifest(
    routine: Routine, pace: Pace, engine: str, digest: str, *, duration: int, offsets: list[int]
) -> dict[str, Any]:
    return {
        "routine": routine.id,
        "title": routine.title,
        "pace": pace.value,
        "engine": engine,
        "content_hash": digest,
        "file": f"{routine.id}-{pace.value}.mp3",
        "duration_ms": duration,
        "format": {"codec": "mp3", "bitrate": 48000, "sample_rate": SAMPLE_RATE, "channels": 1},
        "steps": [{"index": index, "offset_ms": offset} for index, offset in enumerate(offsets)],
    }


def _is_current(out_dir: Path, routine_id: str, pace: Pace, digest: str) -> bool:
    name = f"{routine_id}-{pace.value}"
    try:
        manifest = json.loads((out_dir / f"{name}.json").read_text())
    except (OSError, ValueError):
        return False
    return manifest.get("content_hash") == digest and (out_dir / f"{name}.mp3").exists()
