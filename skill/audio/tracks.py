"""The built tracks the skill can play, read from their manifests at start-up."""

from __future__ import annotations

import bisect
import functools
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

TRACK_NAME = r"^[a-z_]+-(slow|normal|fast)\.mp3$"


@dataclass(frozen=True)
class Track:
    """One guided track: which routine and pace, its version and where each step starts."""

    routine: str
    pace: str
    file: str
    content_hash: str
    duration_ms: int
    offsets: tuple[int, ...]

    @property
    def token(self) -> str:
        """The AudioPlayer token: routine, pace and version (≤ 1024 characters)."""
        return f"knot:{self.routine}:{self.pace}:{self.content_hash[:12]}"

    def step_at(self, offset_ms: int) -> int:
        """Index of the step playing at ``offset_ms`` (-1 during the introduction)."""
        return bisect.bisect_right(self.offsets, max(0, offset_ms)) - 1


@functools.cache
def load_tracks(audio_dir: Path) -> Mapping[str, Track]:
    """Every valid track manifest in ``audio_dir``, by token."""
    tracks: dict[str, Track] = {}
    for manifest in sorted(audio_dir.glob("*.json")):
        try:
            data = json.loads(manifest.read_text())
            track = Track(
                routine=str(data["routine"]),
                pace=str(data["pace"]),
                file=str(data["file"]),
                content_hash=str(data["content_hash"]),
                duration_ms=int(data["duration_ms"]),
                offsets=tuple(int(step["offset_ms"]) for step in data["steps"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            logger.warning("ignoring unreadable track manifest %s", manifest.name)
            continue
        if (audio_dir / track.file).exists():
            tracks[track.token] = track
    return tracks


@functools.cache
def has_chime(audio_dir: Path) -> bool:
    """Whether ``audio_dir`` holds the built chime (checked once per process, like the tracks)."""
    return (audio_dir / "chime.mp3").exists()


def find_track(audio_dir: Path, routine: str, pace: str) -> Track | None:
    """The track for ``routine`` at ``pace`` (or at normal pace), if built."""
    tracks = load_tracks(audio_dir).values()
    for wanted in (pace, "normal"):
        for track in tracks:
            if track.routine == routine and track.pace == wanted:
                return track
    return None
