"""ffmpeg from the imageio-ffmpeg wheel (or ``KNOT_FFMPEG``): decode clips, encode Alexa's MP3.

Alexa's spec for audio: MP3, 48 kbps, 24000 Hz (or 22050/16000), mono. Everything in between is
raw 16-bit mono PCM at 24000 Hz.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SAMPLE_RATE = 24_000
BYTES_PER_SAMPLE = 2
BITRATE = "48k"


class AudioToolError(RuntimeError):
    """ffmpeg is missing or failed."""


def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary."""
    configured = os.environ.get("KNOT_FFMPEG")
    if configured:
        return configured
    try:
        import imageio_ffmpeg
    except ImportError:
        raise AudioToolError(
            "ffmpeg not found: install imageio-ffmpeg or set KNOT_FFMPEG"
        ) from None
    return str(imageio_ffmpeg.get_ffmpeg_exe())


def _run(arguments: list[str], data: bytes) -> bytes:
    try:
        done = subprocess.run(  # noqa: S603 - our own ffmpeg binary and fixed arguments
            [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", *arguments],
            input=data,
            capture_output=True,
            check=False,
            timeout=300,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise AudioToolError(f"ffmpeg could not run: {type(error).__name__}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise AudioToolError(f"ffmpeg failed: {message[0]}")
    return done.stdout


def to_pcm(encoded: bytes, tempo: float = 1.0) -> bytes:
    """Decode any audio ffmpeg reads to mono 24 kHz PCM, optionally sped up or slowed down."""
    filters = ["-af", f"atempo={tempo:.3f}"] if abs(tempo - 1.0) > 1e-6 else []
    return _run(
        ["-i", "pipe:0", *filters, "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "s16le", "pipe:1"],
        encoded,
    )


def encode_mp3(pcm: bytes, target: Path) -> None:
    """Encode PCM to Alexa's MP3 spec at ``target`` (written in place; callers write to a
    temporary name and rename)."""
    arguments = "-f s16le -ar {rate} -ac 1 -i pipe:0 -codec:a libmp3lame -b:a {bitrate}"
    arguments += " -ar {rate} -ac 1 -f mp3 -y"
    _run(
        [*arguments.format(rate=SAMPLE_RATE, bitrate=BITRATE).split(), str(target)],
        pcm,
    )
