"""Guided sessions on AudioPlayer: start one, and answer every playback request.

During playback, requests arrive without a session and carry the player's token and offset;
Pause and Resume (required by Amazon), Next and Previous (jump to the step offsets from the
track's manifest), Start over, Repeat, Stop and Cancel, the hardware buttons
(PlaybackController) and the player's own events are all answered here.
"""

from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, get_request_type
from ask_sdk_model import IntentRequest

from skill.audio.tracks import Track
from skill.conversation.profile import load_profile
from skill.conversation.reply import Reply
from skill.conversation.session_state import Then
from skill.handlers.base import Context, IntentHandler, ReplyHandler
from skill.handlers.playback.audio import (
    play_reply,
    playable,
    player_state,
    public_base,
    start_guided,
    stop_reply,
    track_for_token,
)
from skill.handlers.playback.steps import menu_reply
from skill.handlers.safety.replies import request_routine, start_check
from skill.safety.check import Mode
from skill.speech.slots import resolve

logger = logging.getLogger(__name__)

DEFAULT_GUIDED = "upper_back_stretches"
REPLAY_WINDOW_MS = 3000
LOOP_SHUFFLE = (
    "AMAZON.LoopOnIntent",
    "AMAZON.LoopOffIntent",
    "AMAZON.ShuffleOnIntent",
    "AMAZON.ShuffleOffIntent",
)


def jump_target(track: Track, offset_ms: int, command: str) -> int | None:
    """Where Next / Previous / Start over / Repeat go from ``offset_ms``; None past the end."""
    step = track.step_at(offset_ms)
    if command == "next":
        return track.offsets[step + 1] if step + 1 < len(track.offsets) else None
    if step < 0 or command == "start_over":
        return 0
    if command == "previous" and offset_ms - track.offsets[step] <= REPLAY_WINDOW_MS:
        return track.offsets[step - 1] if step > 0 else 0
    return track.offsets[step]


class PlayGuidedHandler(IntentHandler):
    """ "Play the guided stretching session": the track, after the quick safety check."""

    intents = ("PlayGuidedIntent",)

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        remedy, heard = resolve(handler_input, "remedy", "REMEDY")
        routine = ctx.library.routines.get(remedy or ("" if heard else DEFAULT_GUIDED))
        if routine is None:
            listed = ", ".join(r.title.lower() for r in ctx.library.routines.values())
            return menu_reply(ctx, ctx.say.ssml("audio.unknown", routines=listed))
        track = playable(ctx, routine)
        if track is None:
            return request_routine(ctx, routine, ctx.say.text("audio.no_player"))
        if ctx.state.screened:
            return start_guided(ctx, routine, track)
        then = Then(routine.id, guided=True)
        return start_check(ctx, Mode.QUICK, then, ctx.say.text("triage.quick_intro"))


def _ours_playing(handler_input: HandlerInput) -> Track | None:
    """Our track, when the request comes from the player rather than a skill session."""
    if handler_input.request_envelope.session is not None:
        return None
    token, _ = player_state(handler_input)
    return track_for_token(Context.of(handler_input), token)


COMMANDS = {
    "AMAZON.PauseIntent": "stop",
    "AMAZON.StopIntent": "stop",
    "AMAZON.CancelIntent": "stop",
    "AMAZON.ResumeIntent": "resume",
    "AMAZON.NextIntent": "next",
    "AMAZON.PreviousIntent": "previous",
    "AMAZON.StartOverIntent": "start_over",
    "AMAZON.RepeatIntent": "repeat",
    "PlaybackController.PlayCommandIssued": "resume",
    "PlaybackController.PauseCommandIssued": "stop",
    "PlaybackController.NextCommandIssued": "next",
    "PlaybackController.PreviousCommandIssued": "previous",
}


def _command(handler_input: HandlerInput) -> str | None:
    request = handler_input.request_envelope.request
    intent = isinstance(request, IntentRequest)
    name = get_intent_name(handler_input) if intent else get_request_type(handler_input)
    if name in COMMANDS:
        return COMMANDS[name]
    return "ignore" if name in LOOP_SHUFFLE else None


class PlaybackCommandHandler(ReplyHandler):
    """Voice commands and hardware buttons while our track is playing or paused."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if handler_input.request_envelope.session is not None:
            return False  # the player's requests come without a session
        return _command(handler_input) is not None and _ours_playing(handler_input) is not None

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        track = _ours_playing(handler_input)
        assert track is not None
        command = _command(handler_input)
        _, offset = player_state(handler_input)
        if command == "stop":
            return stop_reply()
        if command == "ignore":
            return Reply.silent()
        if command == "resume":
            return play_reply(ctx, track, offset)
        target = jump_target(track, offset, str(command))
        return play_reply(ctx, track, target) if target is not None else Reply.silent()


class PlaybackEventHandler(ReplyHandler):
    """The player's own events: keep the offset when it stops, forget it when it finishes."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return str(getattr(handler_input.request_envelope.request, "object_type", "")).startswith(
            "AudioPlayer."
        )

    def reply(self, handler_input: HandlerInput) -> Reply:
        request = handler_input.request_envelope.request
        kind = str(getattr(request, "object_type", ""))
        token = getattr(request, "token", None)
        offset = getattr(request, "offset_in_milliseconds", None) or 0
        if kind in {"AudioPlayer.PlaybackStopped", "AudioPlayer.PlaybackFinished"}:
            profile = load_profile(handler_input)
            if profile is not None and kind.endswith("Stopped") and token:
                profile.data["audio"] = {"token": str(token), "offset_ms": int(offset)}
            elif profile is not None:
                profile.data.pop("audio", None)
        elif kind == "AudioPlayer.PlaybackFailed":
            error = getattr(getattr(request, "error", None), "object_type", None)
            logger.warning("playback failed: %s", getattr(error, "value", "-"))
        return Reply.silent()


class LoopShuffleHandler(IntentHandler):
    """Loop and shuffle in a session: not available here; say so kindly."""

    intents = LOOP_SHUFFLE

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        return menu_reply(ctx, ctx.say.ssml("audio.loop_shuffle"))


def resume_saved_audio(handler_input: HandlerInput, ctx: Context) -> Reply | None:
    """In a session, "resume" continues a guided session stopped earlier, if there is one."""
    if not ctx.has_audio_player or public_base(ctx) is None:
        return None
    profile = load_profile(handler_input)
    saved = profile.data.get("audio") if profile is not None else None
    if not isinstance(saved, dict):
        return None
    track = track_for_token(ctx, str(saved.get("token")))
    if track is None:
        return None
    return play_reply(ctx, track, int(saved.get("offset_ms") or 0))
