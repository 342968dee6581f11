"""Guided sessions over HTTP: Play after the safety check, then every playback request."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from skill.audio.build import build_tracks
from skill.audio.engines import EspeakEngine
from skill.routines.library import load_libraries
from skill.speech.prompts import prompts_for
from skill.speech.ssml import Pace
from skill.tools.simulator.envelopes import envelope, intent_body
from skill.tools.simulator.session import Conversation, Turn
from tests.flows import after_disclaimer, dev_transport, pass_safety_check

BASE = "https://cdn.example.org/audio"
PLAYER = {"AudioPlayer": {}}


@pytest.fixture(scope="session")
def audio_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("audio")
    library = load_libraries()["en-US"]
    build_tracks(
        library, prompts_for("en-US"), EspeakEngine(), folder,
        routines=[library.routines["upper_back_stretches"]], paces=(Pace.NORMAL,), progress=None,
    )  # fmt: skip
    return folder


@pytest.fixture
def manifest(audio_dir: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (audio_dir / "upper_back_stretches-normal.json").read_text()
    )
    return loaded


@pytest.fixture
def app(make_app: Callable[..., Flask], audio_dir: Path) -> Flask:
    return make_app(dev_mode=True, audio_dir=str(audio_dir), audio_base_url=BASE)


@pytest.fixture
def send(app: Flask) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return dev_transport(app.test_client())


def token(manifest: dict[str, Any]) -> str:
    return f"knot:upper_back_stretches:normal:{manifest['content_hash'][:12]}"


def player_request(send, request_type: str, manifest, offset: int, **fields: Any) -> Turn:
    """A request from the player itself: no session, the player's token and offset."""
    body = envelope(
        request_type,
        interfaces=PLAYER,
        audio_player={"token": token(manifest), "offsetInMilliseconds": offset,
                      "playerActivity": "PLAYING"},
        **fields,
    )  # fmt: skip
    return Turn(send(body))


def played(turn: Turn) -> dict[str, Any]:
    (directive,) = turn.directives
    assert directive["type"] == "AudioPlayer.Play"
    assert directive["playBehavior"] == "REPLACE_ALL"
    stream: dict[str, Any] = directive["audioItem"]["stream"]
    return stream


def test_play_after_the_quick_check(send, manifest) -> None:
    chat = Conversation(send=send, interfaces=PLAYER)
    turn = chat.say("PlayGuidedIntent", remedy="stretching")
    assert after_disclaimer(turn.speech).startswith("Before we start, a quick safety check")
    turn = pass_safety_check(chat, turn)
    assert after_disclaimer(turn.speech).startswith("Thanks, all clear. Starting the")
    assert "Alexa, pause" in turn.speech
    assert turn.ends_session is True
    stream = played(turn)
    assert stream == {
        "token": token(manifest),
        "url": f"{BASE}/upper_back_stretches-normal.mp3",
        "offsetInMilliseconds": 0,
    }


def test_device_without_audio_player_gets_the_spoken_routine(send) -> None:
    chat = Conversation(send=send)
    turn = pass_safety_check(chat, chat.say("PlayGuidedIntent", remedy="stretching"))
    assert turn.directives == []
    assert "Step 1 of 6." in turn.speech
    assert after_disclaimer(chat.turns[0].speech).startswith(
        "This device can't play guided sessions"
    )


def test_unknown_guided_session_lists_what_exists(send) -> None:
    turn = Conversation(send=send, interfaces=PLAYER).say("PlayGuidedIntent", remedy="painkillers")
    assert "I have guided sessions for the tennis ball massage" in turn.speech


def test_pause_resume_next_previous_and_start_over(send, manifest) -> None:
    offsets = [step["offset_ms"] for step in manifest["steps"]]
    inside_step_two = offsets[1] + 5000
    paused = player_request(send, "IntentRequest", manifest, inside_step_two,
                            intent=intent_body("AMAZON.PauseIntent"))  # fmt: skip
    assert [d["type"] for d in paused.directives] == ["AudioPlayer.Stop"]
    assert paused.body.get("outputSpeech") is None
    resumed = player_request(send, "IntentRequest", manifest, inside_step_two,
                             intent=intent_body("AMAZON.ResumeIntent"))  # fmt: skip
    assert played(resumed)["offsetInMilliseconds"] == inside_step_two
    following = player_request(send, "IntentRequest", manifest, inside_step_two,
                               intent=intent_body("AMAZON.NextIntent"))  # fmt: skip
    assert played(following)["offsetInMilliseconds"] == offsets[2]
    back = player_request(send, "IntentRequest", manifest, inside_step_two,
                          intent=intent_body("AMAZON.PreviousIntent"))  # fmt: skip
    assert played(back)["offsetInMilliseconds"] == offsets[1]
    back_again = player_request(send, "IntentRequest", manifest, offsets[1] + 1000,
                                intent=intent_body("AMAZON.PreviousIntent"))  # fmt: skip
    assert played(back_again)["offsetInMilliseconds"] == offsets[0]
    over = player_request(send, "IntentRequest", manifest, inside_step_two,
                          intent=intent_body("AMAZON.StartOverIntent"))  # fmt: skip
    assert played(over)["offsetInMilliseconds"] == 0
    for name in ("AMAZON.StopIntent", "AMAZON.CancelIntent"):
        stopped = player_request(send, "IntentRequest", manifest, 0, intent=intent_body(name))
        assert stopped.directives[0]["type"] == "AudioPlayer.Stop"
    for name in ("AMAZON.LoopOnIntent", "AMAZON.ShuffleOffIntent"):
        assert (
            player_request(send, "IntentRequest", manifest, 0, intent=intent_body(name)).body == {}
        )


def test_next_on_the_last_step_does_nothing(send, manifest) -> None:
    last = manifest["steps"][-1]["offset_ms"] + 1000
    turn = player_request(
        send, "IntentRequest", manifest, last, intent=intent_body("AMAZON.NextIntent")
    )
    assert turn.directives == [] and turn.body.get("outputSpeech") is None


def test_hardware_buttons(send, manifest) -> None:
    offsets = [step["offset_ms"] for step in manifest["steps"]]
    from_intro = player_request(send, "PlaybackController.NextCommandIssued", manifest, 0)
    assert played(from_intro)["offsetInMilliseconds"] == offsets[0]
    from_first = player_request(send, "PlaybackController.NextCommandIssued", manifest, offsets[0])
    assert played(from_first)["offsetInMilliseconds"] == offsets[1]
    late = offsets[2] + 9000
    previous = player_request(send, "PlaybackController.PreviousCommandIssued", manifest, late)
    assert played(previous)["offsetInMilliseconds"] == offsets[2]
    pause = player_request(send, "PlaybackController.PauseCommandIssued", manifest, 100)
    assert pause.directives[0]["type"] == "AudioPlayer.Stop"
    play = player_request(send, "PlaybackController.PlayCommandIssued", manifest, 4321)
    assert played(play)["offsetInMilliseconds"] == 4321


def test_repeat_goes_back_to_the_start_of_the_step(send, manifest) -> None:
    start = manifest["steps"][3]["offset_ms"]
    turn = player_request(
        send, "IntentRequest", manifest, start + 5, intent=intent_body("AMAZON.RepeatIntent")
    )
    assert played(turn)["offsetInMilliseconds"] == start


def stored_audio(isolated_store: str) -> list[Any]:
    with sqlite3.connect(isolated_store.removeprefix("sqlite:///")) as connection:
        rows = connection.execute("SELECT data FROM attributes").fetchall()
    return [json.loads(row[0]).get("audio") for row in rows]


def test_stopped_offset_is_kept_and_resumed_in_a_later_session(
    send, manifest, isolated_store: str
) -> None:
    for event in ("AudioPlayer.PlaybackStarted", "AudioPlayer.PlaybackNearlyFinished"):
        quiet = player_request(
            send, event, manifest, 0, token=token(manifest), offsetInMilliseconds=0
        )
        assert quiet.body == {}
    stopped = player_request(send, "AudioPlayer.PlaybackStopped", manifest, 61000,
                             token=token(manifest), offsetInMilliseconds=61000)  # fmt: skip
    assert stopped.body == {}
    assert stored_audio(isolated_store) == [{"token": token(manifest), "offset_ms": 61000}]
    chat = Conversation(send=send, interfaces=PLAYER)
    chat.launch()
    assert played(chat.say("AMAZON.ResumeIntent"))["offsetInMilliseconds"] == 61000
    player_request(send, "AudioPlayer.PlaybackFinished", manifest, 0,
                   token=token(manifest), offsetInMilliseconds=0)  # fmt: skip
    assert stored_audio(isolated_store) == [None]


def test_failed_playback_is_logged_without_crashing(send, manifest) -> None:
    turn = player_request(
        send, "AudioPlayer.PlaybackFailed", manifest, 0, token=token(manifest),
        error={"type": "MEDIA_ERROR_SERVICE_UNAVAILABLE", "message": "x"},
        currentPlaybackState={"token": token(manifest), "offsetInMilliseconds": 0,
                              "playerActivity": "STOPPED"},
    )  # fmt: skip
    assert turn.body == {}


def test_someone_elses_token_is_not_ours(send, manifest) -> None:
    body = envelope("IntentRequest", intent=intent_body("AMAZON.PauseIntent"), interfaces=PLAYER,
                    audio_player={"token": "other-skill", "offsetInMilliseconds": 5})  # fmt: skip
    turn = Turn(send(body))
    assert not any(d["type"].startswith("AudioPlayer") for d in turn.directives)


def test_loop_in_a_session_says_it_is_not_available(send) -> None:
    turn = Conversation(send=send).say("AMAZON.LoopOnIntent")
    assert after_disclaimer(turn.speech).startswith("Looping and shuffling aren't available")


def test_tracks_are_served_with_ranges_and_cache_headers(app: Flask, audio_dir: Path) -> None:
    client = app.test_client()
    track = "/audio/upper_back_stretches-normal.mp3"
    with client.get(track) as whole:
        assert whole.status_code == 200 and whole.mimetype == "audio/mpeg"
        assert "max-age=86400" in whole.headers["Cache-Control"]
        assert whole.data == (audio_dir / "upper_back_stretches-normal.mp3").read_bytes()
    with client.get(track, headers={"Range": "bytes=100-199"}) as part:
        assert part.status_code == 206 and len(part.data) == 100
        assert part.headers["Content-Range"].startswith("bytes 100-199/")
    for name in ("upper_back_stretches-normal.json", "..%2Fpyproject.toml", ".cache", "x.mp3"):
        with client.get(f"/audio/{name}") as missing:
            assert missing.status_code == 404
    with client.get("/audio/chime.mp3") as chime:
        assert chime.status_code == 200


def test_spoken_steps_carry_the_chime_when_it_is_hosted(send) -> None:
    chat = Conversation(send=send)
    turn = pass_safety_check(chat, chat.say("RemedyIntent", remedy="yoga"))
    assert f'<audio src="{BASE}/chime.mp3"/>' in turn.ssml
