"""What Knot Helper remembers about a person between sessions, and how it is kept safely.

Persistent attributes (never a triage answer):
    routine: ``{"id", "step", "at"}`` the routine left unfinished, and when.
    pace: the preferred pace.
    starts: ``{routine id: times started}``; the most started is the favourite.
    last_visit: epoch seconds of the last session start.
    reminders_refused_at: epoch seconds of the last refusal of the reminders permission.
    audio: ``{"token", "offset_ms"}`` where guided audio stopped.
    checked_at: epoch seconds when this person last finished a safety check with nothing urgent
        (only the time, never an answer); used for two hours to make resuming quicker.

The store is read at most once per request, only when a handler needs it, and written at most
once, only when something changed. If the store fails, the skill answers without it and never
writes over a record it could not read.
"""

from __future__ import annotations

import copy
import logging
import time
from dataclasses import dataclass
from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.conversation.session_state import Progress, SessionState
from skill.logs.request_log import describe_exception
from skill.speech.ssml import Pace

logger = logging.getLogger(__name__)

RESUME_WINDOW_S = 3 * 24 * 3600
#: Within this long after a finished safety check, resuming asks one question instead of all.
RECHECK_WINDOW_S = 2 * 3600
#: For this long after the reminders permission is refused, it is not asked for again.
REFUSAL_QUIET_S = 7 * 24 * 3600
_MEMO = "knot.store"


def _number(value: Any) -> int | None:
    """DynamoDB returns numbers as Decimal; SQLite as int."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class SavedRoutine:
    routine_id: str
    step: int
    at: int


class Profile:
    """A view over one person's persistent attributes."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    @property
    def saved_routine(self) -> SavedRoutine | None:
        value = self.data.get("routine")
        if not isinstance(value, dict) or not isinstance(value.get("id"), str):
            return None
        step, at = _number(value.get("step")), _number(value.get("at"))
        if step is None or at is None:
            return None
        return SavedRoutine(value["id"], step, at)

    def recent_routine(self, now: float) -> SavedRoutine | None:
        """The unfinished routine, if it was left within the last few days."""
        saved = self.saved_routine
        return saved if saved is not None and now - saved.at <= RESUME_WINDOW_S else None

    def remember_progress(self, progress: Progress, now: float) -> None:
        saved = self.saved_routine
        if saved is None or (saved.routine_id, saved.step) != (progress.routine_id, progress.step):
            self.data["routine"] = {
                "id": progress.routine_id,
                "step": progress.step,
                "at": int(now),
            }

    def count_start(self, routine_id: str) -> None:
        starts = self.data.setdefault("starts", {})
        starts[routine_id] = (_number(starts.get(routine_id)) or 0) + 1

    @property
    def favourite(self) -> str | None:
        starts = self.data.get("starts")
        if not isinstance(starts, dict) or not starts:
            return None
        return str(max(starts, key=lambda routine_id: _number(starts[routine_id]) or 0))

    @property
    def pace(self) -> str | None:
        value = self.data.get("pace")
        return str(value) if isinstance(value, str) else None

    @pace.setter
    def pace(self, value: str) -> None:
        self.data["pace"] = value

    def recently_checked(self, now: float) -> bool:
        """Whether a safety check finished within the last two hours."""
        at = _number(self.data.get("checked_at"))
        return at is not None and 0 <= now - at <= RECHECK_WINDOW_S

    def note_check(self, now: float) -> None:
        self.data["checked_at"] = int(now)

    def reminders_refused_recently(self, now: float) -> bool:
        """Whether the reminders permission was refused within the last week."""
        at = _number(self.data.get("reminders_refused_at"))
        return at is not None and now - at < REFUSAL_QUIET_S

    def note_reminders_refused(self, now: float) -> None:
        self.data["reminders_refused_at"] = int(now)

    def forget_reminders_refusal(self) -> None:
        self.data.pop("reminders_refused_at", None)

    @property
    def last_visit(self) -> int | None:
        return _number(self.data.get("last_visit"))

    @last_visit.setter
    def last_visit(self, value: float) -> None:
        self.data["last_visit"] = int(value)


@dataclass
class _RequestMemo:
    """What this request knows about the store (kept in the request attributes)."""

    profile: Profile | None = None
    snapshot: dict[str, Any] | None = None
    unavailable: bool = False
    deleted: bool = False
    progress_at_start: Progress | None = None
    screened_at_start: bool = False


def _memo(handler_input: HandlerInput) -> _RequestMemo:
    request_attributes = handler_input.attributes_manager.request_attributes
    memo = request_attributes.get(_MEMO)
    if not isinstance(memo, _RequestMemo):
        memo = request_attributes[_MEMO] = _RequestMemo()
    return memo


def load_profile(handler_input: HandlerInput) -> Profile | None:
    """This person's profile, read once per request; None if the store is unavailable."""
    memo = _memo(handler_input)
    if memo.profile is not None or memo.unavailable:
        return memo.profile
    try:
        data = handler_input.attributes_manager.persistent_attributes
    except Exception as error:  # any store failure: answer without it
        logger.warning("store unavailable on read: %s", describe_exception(error))
        memo.unavailable = True
        return None
    if not isinstance(data, dict):
        data = {}
        handler_input.attributes_manager.persistent_attributes = data
    memo.profile, memo.snapshot = Profile(data), copy.deepcopy(data)
    return memo.profile


def forget(handler_input: HandlerInput) -> bool:
    """Delete this person's record. Returns False if the store could not do it."""
    try:
        handler_input.attributes_manager.delete_persistent_attributes()
    except Exception as error:
        logger.warning("store unavailable on delete: %s", describe_exception(error))
        return False
    memo = _memo(handler_input)
    memo.deleted, memo.profile = True, None
    return True


class LoadProfileAtSessionStart(AbstractRequestInterceptor):
    """Notes where the routine stood before the handler ran; at a session's start, brings back
    the preferred pace and records the visit."""

    def process(self, handler_input: HandlerInput) -> None:
        session = handler_input.request_envelope.session
        if session is None:
            return
        state = SessionState.of(handler_input)
        _memo(handler_input).progress_at_start = state.progress
        _memo(handler_input).screened_at_start = state.screened
        if not session.new:
            return
        profile = load_profile(handler_input)
        if profile is None:
            return
        if profile.pace in {pace.value for pace in Pace}:
            state.pace = Pace(profile.pace)
        profile.last_visit = time.time()


class SaveProfile(AbstractResponseInterceptor):
    """Keeps the routine's progress in the profile, and writes it only if something changed."""

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        memo = _memo(handler_input)
        if memo.deleted:
            return
        in_session = handler_input.request_envelope.session is not None
        before = memo.progress_at_start
        state = SessionState.of(handler_input)
        after = state.progress if in_session else None
        if in_session and state.screened and not memo.screened_at_start:
            profile = load_profile(handler_input)
            if profile is not None:
                profile.note_check(time.time())
        if in_session and (before != after or memo.profile is not None):
            profile = load_profile(handler_input)
            if profile is None:
                return
            if after is None:
                if before is not None:
                    profile.data.pop("routine", None)
            else:
                if after.step == 0 and (before is None or before.routine_id != after.routine_id):
                    profile.count_start(after.routine_id)
                profile.remember_progress(after, time.time())
        if memo.profile is None or memo.profile.data == memo.snapshot:
            return
        try:
            handler_input.attributes_manager.save_persistent_attributes()
        except Exception as error:
            logger.warning("store unavailable on write: %s", describe_exception(error))
