"""How long a routine takes to say, at a pace: words at Alexa's usual speaking rate, the
pauses between sentences, and the exact timed holds. Used to answer "how long does this take"
and by ``bench/routine_length.py``."""

from __future__ import annotations

import re

from skill.routines.library import Library, Routine
from skill.routines.speech import finish_speech, opening_speech, step_speech
from skill.speech import ssml
from skill.speech.prompts import Prompts
from skill.speech.ssml import Pace

#: About 150 words a minute at normal pace; the pace's prosody rate scales it.
WORDS_PER_SECOND = {Pace.SLOW: 2.5 * 0.85, Pace.NORMAL: 2.5, Pace.FAST: 2.5 * 1.15}
STRENGTH_SECONDS = {"medium": 0.5, "strong": 0.75, "x-strong": 1.0}
_STRENGTH = re.compile(r'<break strength="([a-z-]+)"/>')


def estimate(documents: list[str], pace: Pace) -> dict[str, float]:
    """Words, timed silence and total seconds of some SSML documents at ``pace``."""
    words = sum(len(ssml.readable_words(document)) for document in documents)
    silence = sum(ssml.timed_silence_ms(document) for document in documents) / 1000
    gaps = sum(STRENGTH_SECONDS[strength] for d in documents for strength in _STRENGTH.findall(d))
    speaking = words / WORDS_PER_SECOND[pace] + gaps
    return {"words": words, "timed_silence_s": silence, "total_s": round(speaking + silence, 1)}


def routine_documents(
    library: Library, routine: Routine, say: Prompts, pace: Pace, start: int | None = None
) -> list[str]:
    """The replies of ``routine``: from its opening (``start`` None), or from step index
    ``start`` of a routine already under way, to its end."""
    documents = []
    if start is None:
        documents.append(ssml.speak(opening_speech(library, routine, say, pace)))
    first = 1 if start is None else start
    documents += [
        ssml.speak(step_speech(routine, index, say, pace))
        for index in range(first, len(routine.steps))
    ]
    documents.append(ssml.speak(finish_speech(routine, say, pace, None)))
    return documents


def minutes_left(
    library: Library, routine: Routine, say: Prompts, pace: Pace, start: int | None
) -> int:
    """Whole minutes (at least one) to say ``routine`` from its opening (``start`` None) or from
    step index ``start``."""
    seconds = estimate(routine_documents(library, routine, say, pace, start), pace)["total_s"]
    return max(1, round(seconds / 60))
