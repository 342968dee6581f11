"""Guided audio replies: find the built track for a routine and play it from an offset."""

from __future__ import annotations

from pathlib import Path

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.interfaces.audioplayer import (
    AudioItem,
    AudioItemMetadata,
    PlayBehavior,
    PlayDirective,
    StopDirective,
    Stream,
)

from skill.audio.tracks import Track, find_track, has_chime, load_tracks
from skill.conversation.reply import Reply
from skill.handlers.base import Context
from skill.routines.library import Routine
from skill.speech import ssml


def public_base(ctx: Context) -> str | None:
    """Where the built audio is served from, when that is public HTTPS (Alexa plays nothing
    else), without a trailing slash."""
    base = ctx.config.audio_base_url or ""
    return base.rstrip("/") if base.startswith("https://") else None


def playable(ctx: Context, routine: Routine) -> Track | None:
    """The track to play for ``routine`` here, or None: no AudioPlayer, no public HTTPS
    location for the tracks, or no track built."""
    if not ctx.has_audio_player or public_base(ctx) is None:
        return None
    return find_track(Path(ctx.config.audio_dir), routine.id, ctx.state.pace.value)


def chime_url(ctx: Context) -> str | None:
    """The public HTTPS URL of the built chime, for marking steps in spoken routines."""
    base = public_base(ctx)
    if base is None or not has_chime(Path(ctx.config.audio_dir)):
        return None
    return f"{base}/chime.mp3"


def track_for_token(ctx: Context, token: str | None) -> Track | None:
    """Our track behind an AudioPlayer token, if it is one."""
    return load_tracks(Path(ctx.config.audio_dir)).get(token or "")


def play_reply(ctx: Context, track: Track, offset_ms: int, lead: str = "") -> Reply:
    """``AudioPlayer.Play`` (replacing anything playing) from ``offset_ms``; ends the session."""
    url = f"{(ctx.config.audio_base_url or '').rstrip('/')}/{track.file}"
    routine = ctx.library.routines.get(track.routine)
    item = AudioItem(
        stream=Stream(token=track.token, url=url, offset_in_milliseconds=max(0, offset_ms)),
        metadata=AudioItemMetadata(title=routine.title if routine else track.routine),
    )
    play = PlayDirective(play_behavior=PlayBehavior.REPLACE_ALL, audio_item=item)
    return Reply(speech=ssml.text(lead) if lead else "", directives=(play,), end_session=True)


def start_guided(ctx: Context, routine: Routine, track: Track) -> Reply:
    """Begin a guided session from the start, saying how to control it."""
    return play_reply(ctx, track, 0, ctx.say.text("audio.starting", title=routine.title.lower()))


def stop_reply() -> Reply:
    """``AudioPlayer.Stop``; the offset arrives later in ``PlaybackStopped``."""
    return Reply(directives=(StopDirective(),))


def player_state(handler_input: HandlerInput) -> tuple[str | None, int]:
    """The AudioPlayer token and offset the request reports (None, 0 when there is none)."""
    player = getattr(handler_input.request_envelope.context, "audio_player", None)
    token = getattr(player, "token", None)
    offset = getattr(player, "offset_in_milliseconds", None)
    return (str(token) if token else None), (int(offset) if isinstance(offset, int) else 0)
