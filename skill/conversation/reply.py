"""What a handler decides to say, and the one place that turns it into an ASK response."""

from __future__ import annotations

from dataclasses import dataclass, field

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_locale
from ask_sdk_model import Response
from ask_sdk_model.directive import Directive
from ask_sdk_model.ui import AskForPermissionsConsentCard, SimpleCard

from skill.speech import ssml
from skill.speech.prompts import prompts_for


@dataclass(frozen=True)
class Card:
    """A card for the Alexa app: plain text, no SSML."""

    title: str
    text: str


@dataclass(frozen=True)
class Reply:
    """A handler's decision.

    Attributes:
        speech: SSML body (without ``<speak>``) or ``""`` for a silent reply.
        reprompt: SSML body said if the user stays quiet; keeps the session open.
        card: optional card for the Alexa app (text, or a permissions consent card).
        end_session: True ends the session, False keeps it open, None leaves it to Alexa
            (AudioPlayer replies).
        directives: interface directives, in order.
        urgent: a safety answer that must come first (no disclaimer before it).
    """

    speech: str = ""
    reprompt: str | None = None
    card: Card | AskForPermissionsConsentCard | None = None
    end_session: bool | None = None
    directives: tuple[Directive, ...] = field(default_factory=tuple)
    #: A safety answer (call now, get advice today): nothing may be said before it.
    urgent: bool = False
    #: Whether Repeat may say this again: a handler that never should sets ``remembered = False``;
    #: this is for one reply of a handler that otherwise should (the hand-back to a waiting
    #: routine that ``menu_reply`` gives instead of the menu).
    repeatable: bool = True

    @classmethod
    def ask(cls, speech: str, reprompt: str, card: Card | None = None) -> Reply:
        """Say something and wait for an answer."""
        return cls(speech=speech, reprompt=reprompt, card=card, end_session=False)

    @classmethod
    def tell(cls, speech: str, card: Card | AskForPermissionsConsentCard | None = None) -> Reply:
        """Say something and end the session."""
        return cls(speech=speech, card=card, end_session=True)

    @classmethod
    def silent(cls) -> Reply:
        """No speech at all (for SessionEndedRequest and similar)."""
        return cls()


def render(handler_input: HandlerInput, reply: Reply) -> Response:
    """Turn a ``Reply`` into the SDK's ``Response`` via the response builder."""
    builder = handler_input.response_builder
    locale = get_locale(handler_input)
    numbers = prompts_for(locale if isinstance(locale, str) else None).spoken_numbers
    if reply.speech:
        builder.speak(ssml.speak(numbers.in_ssml(reply.speech)))
    if reply.reprompt:
        builder.ask(ssml.speak(numbers.in_ssml(reply.reprompt)))
    if isinstance(reply.card, Card):
        builder.set_card(SimpleCard(title=reply.card.title, content=reply.card.text))
    elif reply.card is not None:
        builder.set_card(reply.card)
    for directive in reply.directives:
        builder.add_directive(directive)
    if reply.end_session is not None:
        builder.set_should_end_session(reply.end_session)
    response: Response = builder.response
    return response
