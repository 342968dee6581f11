"""The base every request handler shares: decide a ``Reply``, let ``render`` speak it."""

from __future__ import annotations

from abc import abstractmethod

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_locale
from ask_sdk_model import Response

from skill.prompts import Prompts, prompts_for
from skill.reply import Reply, render


def prompts(handler_input: HandlerInput) -> Prompts:
    """The prompts for this request's locale."""
    locale = get_locale(handler_input)
    return prompts_for(locale if isinstance(locale, str) else None)


class ReplyHandler(AbstractRequestHandler):
    """A request handler whose ``reply`` returns a decision instead of building a response."""

    @abstractmethod
    def can_handle(self, handler_input: HandlerInput) -> bool:
        """Whether this handler answers the request."""

    @abstractmethod
    def reply(self, handler_input: HandlerInput) -> Reply:
        """Decide what to say."""

    def handle(self, handler_input: HandlerInput) -> Response:
        return render(handler_input, self.reply(handler_input))
