"""Phone numbers are read digit by digit: in SSML (say-as / sub) and in text for speech engines."""

from __future__ import annotations

import pytest

from skill.speech import ssml
from skill.speech.prompts import load_catalog
from skill.speech.ssml import Numbers

AU = load_catalog()["en-AU"].spoken_numbers
US = load_catalog()["en-US"].spoken_numbers


def test_numbers_in_text_are_marked_and_timings_are_not() -> None:
    body = '<s>For 20 seconds, call 911.</s><break time="10000ms"/><s>911, not 9110.</s>'
    marked = US.in_ssml(body)
    assert marked.count('<say-as interpret-as="digits">911</say-as>') == 2
    assert "9110" in marked and 'time="10000ms"' in marked and "For 20 seconds" in marked
    assert ssml.problems(ssml.speak(marked)) == []


def test_marking_twice_changes_nothing() -> None:
    once = US.in_ssml("<s>Call 911.</s>")
    assert US.in_ssml(once) == once


def test_australian_numbers_use_their_spoken_words() -> None:
    marked = AU.in_ssml("<s>Call 000, or 1800MEDICARE on 1800 633 422.</s>")
    assert '<sub alias="triple zero">000</sub>' in marked
    assert '<say-as interpret-as="telephone">1800 633 422</say-as>' in marked
    assert "<sub" not in AU.in_ssml('<break time="10000ms"/>')


def test_text_for_speech_engines_spells_the_digits() -> None:
    assert US.in_text("Call 911 now; hold 30 seconds.") == "Call nine one one now; hold 30 seconds."
    assert (
        AU.in_text("call 1800 633 422") == "call one eight zero zero, six three three, four two two"
    )
    assert AU.in_text("call 000") == "call triple zero"
    assert Numbers().in_text("call 911") == "call 911"


def test_guided_tracks_get_spelled_numbers(tmp_path, monkeypatch) -> None:
    from skill.audio import build
    from skill.routines.library import load_libraries

    seen: list[str] = []

    class Recorder:
        name = "recorder"

        def synthesize(self, text: str) -> bytes:
            seen.append(text)
            raise RuntimeError("stop after recording")

    say = load_catalog()["en-US"]
    library = load_libraries()["en-US"]
    routine = library.routines["yoga"]
    monkeypatch.setattr(
        build, "guided_parts", lambda *_: [ssml.Say("Call 911 if you need help."), ssml.Gap()]
    )
    with pytest.raises(RuntimeError, match="stop after recording"):
        build.build_tracks(
            library, say, Recorder(), tmp_path, routines=[routine], jobs=1, progress=None
        )
    assert seen == ["Call nine one one if you need help."]
