"""A soft two-note chime, generated here (no sample files): 24 kHz mono PCM, 0.6 s."""

from __future__ import annotations

import math
from array import array

from skill.audio.ffmpeg import SAMPLE_RATE

CHIME_VERSION = "1"
_NOTES = ((659.25, 0.0), (880.0, 0.22))  # E5 then A5, seconds after the start
_LENGTH_S = 0.6
_PEAK = 0.25


def chime_pcm() -> bytes:
    """The chime as 16-bit little-endian PCM."""
    total = int(_LENGTH_S * SAMPLE_RATE)
    samples = array("h", bytes(total * 2))
    for frequency, start in _NOTES:
        first = int(start * SAMPLE_RATE)
        for index in range(first, total):
            t = (index - first) / SAMPLE_RATE
            envelope = math.exp(-t * 7.0) * min(1.0, t * 200)
            value = samples[index] + _PEAK * 32767 * envelope * math.sin(
                2 * math.pi * frequency * t
            )
            samples[index] = max(-32768, min(32767, int(value)))
    return samples.tobytes()
