"""Guided tracks: built with the real gTTS client (against a local fake) and offline espeak-ng,
checked with ffprobe against Alexa's MP3 spec, cached, and never half-replaced."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from skill.audio.build import GAP_S, SENTENCE_S, ClipCache, build_tracks
from skill.audio.chime import chime_pcm
from skill.audio.engines import EspeakEngine, GTTSEngine, SynthesisError
from skill.audio.ffmpeg import BYTES_PER_SAMPLE, SAMPLE_RATE, to_pcm
from skill.routines.library import load_libraries
from skill.routines.speech import guided_parts, settle_total_ms
from skill.speech.prompts import prompts_for
from skill.speech.ssml import Gap, Pace, Say, Settle, Silence, StepStart, settle_ms
from skill.tools.cli import main
from skill.tools.simulator.signing import TestAuthority
from tests.fake_gtts import fake_google_tts

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = load_libraries()["en-US"]
SAY = prompts_for("en-US")
MP3_TOLERANCE_MS = 120  # encoder delay and frame padding


def ffprobe(path: Path) -> dict:
    (binary,) = list((ROOT / "node_modules" / "@ffprobe-installer").glob("*/ffprobe"))
    out = subprocess.run(
        [str(binary), "-v", "error", "-print_format", "json", "-show_streams", "-show_format",
         str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def assert_meets_alexa_spec(track: Path) -> dict:
    probe = ffprobe(track)
    (stream,) = probe["streams"]
    assert stream["codec_name"] == "mp3"
    assert stream["sample_rate"] == "24000"
    assert stream["channels"] == 1
    assert int(stream["bit_rate"]) == 48000
    manifest = json.loads(track.with_suffix(".json").read_text())
    duration_ms = float(probe["format"]["duration"]) * 1000
    assert abs(duration_ms - manifest["duration_ms"]) <= MP3_TOLERANCE_MS
    return manifest


def expected_duration_ms(routine_id: str, pace: Pace, cache: ClipCache) -> float:
    """Narration + holds + chimes + gaps, added up independently of the builder."""
    from skill.audio.build import TEMPO

    total = 0.0
    for part in guided_parts(LIBRARY, LIBRARY.routines[routine_id], SAY):
        if isinstance(part, Say):
            clip = to_pcm(cache.path(part.text).read_bytes(), TEMPO[pace])
            total += len(clip) / BYTES_PER_SAMPLE / SAMPLE_RATE + SENTENCE_S
        elif isinstance(part, Gap):
            total += GAP_S[pace]
        elif isinstance(part, Silence):
            total += part.seconds
        elif isinstance(part, Settle):
            total += settle_ms(part.seconds, pace) / 1000
        elif isinstance(part, StepStart):
            total += len(chime_pcm()) / BYTES_PER_SAMPLE / SAMPLE_RATE + 0.2
    return total * 1000


def assert_offsets_fit(manifest: dict, routine_id: str) -> None:
    routine = LIBRARY.routines[routine_id]
    offsets = [step["offset_ms"] for step in manifest["steps"]]
    assert [step["index"] for step in manifest["steps"]] == list(range(len(routine.steps)))
    assert (
        offsets[0] > 0 and offsets == sorted(set(offsets)) and offsets[-1] < manifest["duration_ms"]
    )
    for index, (start, end) in enumerate(
        zip(offsets, [*offsets[1:], manifest["duration_ms"]], strict=True)
    ):
        step = routine.steps[index]
        held = step.timed_seconds * 1000 + settle_total_ms(step, Pace(manifest["pace"]))
        assert end - start >= held


@pytest.fixture
def google(tmp_path: Path, authority: TestAuthority):
    (tmp_path / "fake").mkdir()
    with fake_google_tts(tmp_path / "fake", authority) as fake:
        yield fake


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "audio"


def build_with_gtts(google, out: Path, routines=("yoga", "finger_massage"), paces=tuple(Pace)):
    engine = GTTSEngine(endpoint=google.endpoint)
    return build_tracks(
        LIBRARY, SAY, engine, out, routines=[LIBRARY.routines[r] for r in routines], paces=paces,
        progress=None,
    )  # fmt: skip


def test_gtts_build_meets_the_spec_with_exact_timing(google, out: Path) -> None:
    built = build_with_gtts(google, out)
    assert len(built) == 6 and all(track.rebuilt for track in built)
    assert len(google.texts) == len(set(google.texts)), "each distinct text is synthesised once"
    cache = ClipCache(out, GTTSEngine())
    for track in built:
        manifest = assert_meets_alexa_spec(track.file)
        assert (
            abs(manifest["duration_ms"] - expected_duration_ms(track.routine, track.pace, cache))
            < 5
        )
        assert_offsets_fit(manifest, track.routine)
        assert manifest["engine"] == "gtts" and len(manifest["content_hash"]) == 64
    assert_chime_meets_spec(out)


def assert_chime_meets_spec(out: Path) -> None:
    (stream,) = ffprobe(out / "chime.mp3")["streams"]
    assert (stream["codec_name"], stream["sample_rate"], stream["channels"]) == ("mp3", "24000", 1)


def test_a_rebuild_makes_no_requests_and_rewrites_nothing(google, out: Path) -> None:
    build_with_gtts(google, out)
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.mp3")}
    calls = len(google.texts)
    again = build_with_gtts(google, out)
    assert len(google.texts) == calls
    assert not any(track.rebuilt for track in again)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.mp3")} == before
    (out / "yoga-fast.mp3").unlink()
    rebuilt = build_with_gtts(google, out)
    assert [t.file.name for t in rebuilt if t.rebuilt] == ["yoga-fast.mp3"]
    assert len(google.texts) == calls, "clips come from the cache"


def test_a_failing_server_leaves_the_old_track_intact(google, out: Path) -> None:
    build_with_gtts(google, out, routines=("yoga",), paces=(Pace.NORMAL,))
    old_mp3 = (out / "yoga-normal.mp3").read_bytes()
    old_json = (out / "yoga-normal.json").read_text()
    yoga = LIBRARY.routines["yoga"]
    changed_step = dataclasses.replace(yoga.steps[0], text="Child's pose, a little longer today.")
    changed = dataclasses.replace(yoga, steps=(changed_step, *yoga.steps[1:]))
    library = dataclasses.replace(LIBRARY, routines={**LIBRARY.routines, "yoga": changed})
    google.fail_with = 503
    with pytest.raises(SynthesisError, match="gTTS failed"):
        build_tracks(
            library, SAY, GTTSEngine(endpoint=google.endpoint), out, routines=[changed],
            paces=(Pace.NORMAL,), progress=None,
        )  # fmt: skip
    assert (out / "yoga-normal.mp3").read_bytes() == old_mp3
    assert (out / "yoga-normal.json").read_text() == old_json
    assert not [p for p in out.iterdir() if ".tmp" in p.name]


def test_unreachable_google_is_a_clear_error(out: Path) -> None:
    from tests.dynalite import free_port

    engine = GTTSEngine(endpoint=f"https://127.0.0.1:{free_port()}", timeout=2)
    with pytest.raises(SynthesisError):
        engine.synthesize("hello")


def test_espeak_builds_offline_and_meets_the_spec(out: Path) -> None:
    built = build_tracks(LIBRARY, SAY, EspeakEngine(), out, paces=(Pace.NORMAL,), progress=None)
    assert len(built) == len(LIBRARY.routines)
    cache = ClipCache(out, EspeakEngine())
    for track in built:
        manifest = assert_meets_alexa_spec(track.file)
        assert_offsets_fit(manifest, track.routine)
        assert (
            abs(manifest["duration_ms"] - expected_duration_ms(track.routine, track.pace, cache))
            < 5
        )


def test_audio_build_command(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "audio",
        "build",
        "--engine",
        "espeak",
        "--routine",
        "finger_massage",
        "--out",
        str(out),
    ]
    assert main(args) == 0
    assert "3 tracks (3 rebuilt, 0 current)" in capsys.readouterr().out
    assert main(args) == 0
    assert "3 tracks (0 rebuilt, 3 current)" in capsys.readouterr().out
    for pace in Pace:
        assert_meets_alexa_spec(out / f"finger_massage-{pace.value}.mp3")
    assert main(["audio", "build", "--routine", "rolling_pin", "--out", str(out)]) == 2


def test_without_the_audio_extra_the_command_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from skill.tools.cli import main

    for module in ("gtts", "skill.audio.engines", "skill.audio.build"):
        monkeypatch.setitem(sys.modules, module, None)
    assert main(["audio", "build", "--engine", "espeak"]) == 2
    assert "pip install 'knot-helper[audio]'" in capsys.readouterr().err
