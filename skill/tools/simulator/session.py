"""A conversation with the skill as Alexa would hold it: session, attributes and turn order."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from skill.tools.simulator.envelopes import DEFAULT_SKILL_ID, envelope, intent_body, session_object

#: Sends one envelope to the skill and returns its JSON response envelope.
Transport = Callable[[dict[str, Any]], dict[str, Any]]

_INLINE = re.compile(r"</?(?:say-as|sub|emphasis|prosody|w|lang|phoneme)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r'<break time="(\d+)ms"/>')
_SPACES = re.compile(r"\s+")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}


def readable(ssml: str | None) -> str:
    """SSML as readable text: tags dropped, pauses of a second or more shown as ``[pause N s]``."""
    if not ssml:
        return ""

    def _pause(match: re.Match[str]) -> str:
        seconds = int(match.group(1)) / 1000
        return f" [pause {seconds:g} s] " if seconds >= 1 else " "

    text = _TAG.sub(" ", _INLINE.sub("", _BREAK.sub(_pause, ssml)))
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Turn:
    """What the skill answered to one request."""

    response: dict[str, Any]

    @property
    def body(self) -> dict[str, Any]:
        result: dict[str, Any] = self.response.get("response") or {}
        return result

    @property
    def ssml(self) -> str:
        return str((self.body.get("outputSpeech") or {}).get("ssml") or "")

    @property
    def speech(self) -> str:
        return readable(self.ssml)

    @property
    def reprompt_ssml(self) -> str:
        speech = (self.body.get("reprompt") or {}).get("outputSpeech") or {}
        return str(speech.get("ssml") or "")

    @property
    def reprompt(self) -> str:
        return readable(self.reprompt_ssml)

    @property
    def ends_session(self) -> bool | None:
        value = self.body.get("shouldEndSession")
        return None if value is None else bool(value)

    @property
    def card(self) -> dict[str, Any] | None:
        card: dict[str, Any] | None = self.body.get("card")
        return card

    @property
    def directives(self) -> list[dict[str, Any]]:
        return list(self.body.get("directives") or [])

    @property
    def session_attributes(self) -> dict[str, Any]:
        return dict(self.response.get("sessionAttributes") or {})


@dataclass
class Conversation:
    """Holds one user's session across turns, like Alexa does.

    A session starts with the first request and ends when a reply sets ``shouldEndSession``;
    the next request then starts a new session (``session.new`` true, no attributes).
    """

    send: Transport
    locale: str = "en-US"
    user_id: str = "amzn1.ask.account.TESTUSER"
    device_id: str = "amzn1.ask.device.TESTDEVICE"
    skill_id: str = DEFAULT_SKILL_ID
    interfaces: dict[str, Any] = field(default_factory=dict)
    api_endpoint: str = "https://api.amazonalexa.com"
    permissions: dict[str, Any] = field(default_factory=dict)
    session_id: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    turns: list[Turn] = field(default_factory=list)

    def new_session(self) -> None:
        """Forget the current session, as Alexa does when the skill is invoked afresh."""
        self.session_id = None
        self.attributes = {}

    def launch(self) -> Turn:
        """ "Alexa, open knot helper"."""
        return self.request("LaunchRequest")

    def say(self, intent: str, **slots: str | None) -> Turn:
        """An IntentRequest for ``intent`` with the given slot values."""
        return self.request("IntentRequest", intent=intent_body(intent, slots))

    def send_intent(self, intent: dict[str, Any]) -> Turn:
        """An IntentRequest with a complete ``intent`` object (slots with resolutions)."""
        return self.request("IntentRequest", intent=intent)

    def end(self, reason: str = "USER_INITIATED") -> Turn:
        """The SessionEndedRequest Alexa sends when the user leaves or stays silent."""
        return self.request("SessionEndedRequest", reason=reason)

    def request(self, request_type: str, **request_fields: Any) -> Turn:
        """Send any request type within the current session (starting one if needed)."""
        is_new = self.session_id is None
        if is_new:
            self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
            self.attributes = {}
        session = session_object(
            new=is_new,
            session_id=str(self.session_id),
            skill_id=self.skill_id,
            user_id=self.user_id,
            attributes=self.attributes,
        )
        body = envelope(
            request_type,
            skill_id=self.skill_id,
            user_id=self.user_id,
            device_id=self.device_id,
            locale=self.locale,
            session=session,
            api_endpoint=self.api_endpoint,
            interfaces=self.interfaces,
            permissions=self.permissions,
            **request_fields,
        )
        turn = Turn(self.send(body))
        self.turns.append(turn)
        self.attributes = turn.session_attributes
        if turn.ends_session or request_type == "SessionEndedRequest":
            self.session_id = None
            self.attributes = {}
        return turn
