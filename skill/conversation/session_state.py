"""Typed access to what a conversation remembers between turns (session attributes).

Keys:
    routine: ``{"id": str, "step": int, "paused": bool}`` while a routine runs.
    pace: ``slow`` / ``normal`` / ``fast``.
    pending: the yes/no question awaiting an answer, ``{"question": str, ...}``.
    last: the last reply, ``{"speech": str, "reprompt": str}``, for Repeat.
    triage: the position in a running safety check (never an answer), the routine to start
        after a quick check, and what to offer after a single question answered no.
    screened: true once this session's safety check ended without a reason to stop.
    disclaimed: true once this session has heard the short disclaimer.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from ask_sdk_core.handler_input import HandlerInput

from skill.safety.check import Mode, Position
from skill.speech.ssml import Pace


@dataclass(frozen=True)
class Progress:
    """Where the person is in a routine: ``step`` is the index of the step last read."""

    routine_id: str
    step: int
    paused: bool = False


@dataclass(frozen=True)
class Then:
    """The routine (and step) waiting for a quick safety check to finish."""

    routine_id: str
    step: int = 0
    #: Play the guided audio track instead of speaking the routine.
    guided: bool = False
    #: Carrying on from an earlier session (at ``step``), not starting there.
    resume: bool = False


@dataclass(frozen=True)
class Pending:
    """A yes/no question awaiting an answer, and what it is about."""

    question: str
    subject: str | None = None


def _check_record(
    position: Position, then: Then | None, offer: str | None, back: Position | None
) -> dict[str, Any]:
    """A check's position as kept in the session (``triage``, and ``rewind`` for one turn)."""
    return {
        "mode": position.mode.value,
        "index": position.index,
        "part": position.part,
        "emergency_only": position.emergency_only,
        "pressure": position.pressure,
        "variant": position.variant,
        "then": None
        if then is None
        else {
            "id": then.routine_id,
            "step": then.step,
            "guided": then.guided,
            "resume": then.resume,
        },
        "offer": offer,
        "back": None
        if back is None
        else {"mode": back.mode.value, "index": back.index, "pressure": back.pressure},
    }


def _read_position(value: Any, *, whole: bool = True) -> Position | None:
    """A position read back from the session; not ``whole``: a ``back`` record, which keeps
    only the mode, the index and whether pressure questions are asked."""
    if not isinstance(value, dict):
        return None
    try:
        if not whole:
            return Position(
                Mode(value["mode"]), int(value["index"]), -1, False, value.get("pressure") is True
            )
        return Position(
            Mode(value["mode"]),
            int(value["index"]),
            int(value.get("part", -1)),
            bool(value.get("emergency_only", False)),
            bool(value.get("pressure", False)),
            str(value.get("variant") or ""),
        )
    except (KeyError, ValueError, TypeError):
        return None


def _read_check(value: Any) -> tuple[Position, Then | None] | None:
    """What :func:`_check_record` wrote: the position and the routine waiting for the check."""
    position = _read_position(value)
    if position is None:
        return None
    then = value.get("then")
    if isinstance(then, dict) and isinstance(then.get("id"), str):
        step = then.get("step")
        guided, resume = then.get("guided") is True, then.get("resume") is True
        return position, Then(then["id"], step if isinstance(step, int) else 0, guided, resume)
    return position, None


class SessionState:
    """A view over one request's session attributes."""

    def __init__(self, attributes: MutableMapping[str, Any]) -> None:
        self._attributes = attributes

    @classmethod
    def of(cls, handler_input: HandlerInput) -> SessionState:
        # Out-of-session requests (AudioPlayer, events) have nowhere to keep anything.
        if handler_input.request_envelope.session is None:
            return cls({})
        attributes = handler_input.attributes_manager.session_attributes
        return cls(attributes if attributes is not None else {})

    @property
    def progress(self) -> Progress | None:
        value = self._attributes.get("routine")
        if not isinstance(value, dict):
            return None
        routine_id, step = value.get("id"), value.get("step")
        if not isinstance(routine_id, str) or not isinstance(step, int):
            return None
        return Progress(routine_id, step, bool(value.get("paused", False)))

    @progress.setter
    def progress(self, value: Progress | None) -> None:
        if value is None:
            self._attributes.pop("routine", None)
        else:
            self._attributes["routine"] = {
                "id": value.routine_id,
                "step": value.step,
                "paused": value.paused,
            }

    @property
    def pace(self) -> Pace:
        try:
            return Pace(self._attributes.get("pace", Pace.NORMAL))
        except ValueError:
            return Pace.NORMAL

    @pace.setter
    def pace(self, value: Pace) -> None:
        self._attributes["pace"] = value.value

    @property
    def pending(self) -> Pending | None:
        value = self._attributes.get("pending")
        if not isinstance(value, dict) or not isinstance(value.get("question"), str):
            return None
        subject = value.get("subject")
        return Pending(value["question"], subject if isinstance(subject, str) else None)

    @pending.setter
    def pending(self, value: Pending | None) -> None:
        if value is None:
            self._attributes.pop("pending", None)
        else:
            self._attributes["pending"] = {"question": value.question, "subject": value.subject}

    @property
    def last_reply(self) -> tuple[str, str] | None:
        value = self._attributes.get("last")
        if not isinstance(value, dict):
            return None
        speech, reprompt = value.get("speech"), value.get("reprompt")
        if not isinstance(speech, str) or not isinstance(reprompt, str):
            return None
        return speech, reprompt

    @property
    def triage(self) -> tuple[Position, Then | None] | None:
        """The running check's position and the routine waiting for it, if a check is running."""
        return _read_check(self._attributes.get("triage"))

    @property
    def triage_offer(self) -> str | None:
        """What to offer (a routine or tip id) when a single question is answered no."""
        value = self._attributes.get("triage")
        offer = value.get("offer") if isinstance(value, dict) else None
        return offer if isinstance(offer, str) else None

    @property
    def interrupted_check(self) -> Position | None:
        """The check a single question interrupted, to go back to when it is answered no."""
        value = self._attributes.get("triage")
        back = value.get("back") if isinstance(value, dict) else None
        return _read_position(back, whole=False)

    def set_triage(
        self,
        position: Position | None,
        then: Then | None = None,
        offer: str | None = None,
        back: Position | None = None,
    ) -> None:
        """Keep exactly this check record (nothing of the one before it), or none."""
        if position is None:
            self._attributes.pop("triage", None)
            return
        self._attributes["triage"] = _check_record(position, then, offer, back)

    @property
    def finished_check(self) -> tuple[Position, Then | None] | None:
        """The last question of a check that has just ended, for one turn (to change the
        answer to it); never an answer."""
        return _read_check(self._attributes.get("rewind"))

    def keep_finished_check(self, position: Position | None, then: Then | None = None) -> None:
        if position is None:
            self._attributes.pop("rewind", None)
            return
        self._attributes["rewind"] = _check_record(position, then, None, None)

    @property
    def disclaimed(self) -> bool:
        """Whether this session has heard the short disclaimer."""
        return self._attributes.get("disclaimed") is True

    @disclaimed.setter
    def disclaimed(self, value: bool) -> None:
        self._attributes["disclaimed"] = value

    @property
    def screened(self) -> bool:
        return self._attributes.get("screened") is True

    @screened.setter
    def screened(self, value: bool) -> None:
        self._attributes["screened"] = value

    def remember_reply(self, speech: str, reprompt: str) -> None:
        """Keep the last reply so Repeat can say exactly the same again."""
        self._attributes["last"] = {"speech": speech, "reprompt": reprompt}
