"""What every request handler shares: a per-request context; ``handle`` decides, then renders."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass, replace
from typing import cast

from ask_sdk_core.dispatch_components import AbstractRequestHandler, AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_locale
from ask_sdk_model import Intent, IntentRequest, Response

from skill.config import Config
from skill.conversation.device import supports_apl, supports_audio_player
from skill.conversation.reply import Reply, render
from skill.conversation.session_state import SessionState
from skill.routines.library import Library, Routine, library_for
from skill.speech.prompts import Prompts, prompts_for

CONFIG_KEY = "knot.config"
CONTEXT_KEY = "knot.context"


class ProvideConfig(AbstractRequestInterceptor):
    """Makes the skill's config available to handlers (``Context.config``)."""

    def __init__(self, config: Config) -> None:
        self._config = config

    def process(self, handler_input: HandlerInput) -> None:
        handler_input.attributes_manager.request_attributes[CONFIG_KEY] = self._config


def prompts(handler_input: HandlerInput) -> Prompts:
    """The prompts for this request's locale."""
    locale = get_locale(handler_input)
    return prompts_for(locale if isinstance(locale, str) else None)


@dataclass(frozen=True)
class Context:
    """What a handler needs to decide: the locale's words and content, and the session state."""

    say: Prompts
    library: Library
    state: SessionState
    config: Config
    has_screen: bool = False
    has_audio_player: bool = False

    @classmethod
    def of(cls, handler_input: HandlerInput) -> Context:
        """This request's context, built once and kept in the request attributes."""
        request_attributes = handler_input.attributes_manager.request_attributes
        known = request_attributes.get(CONTEXT_KEY)
        if isinstance(known, Context):
            return known
        say = prompts(handler_input)
        config = request_attributes.get(CONFIG_KEY)
        context = cls(
            say,
            library_for(say.locale),
            SessionState.of(handler_input),
            config if isinstance(config, Config) else Config(),
            supports_apl(handler_input),
            supports_audio_player(handler_input),
        )
        request_attributes[CONTEXT_KEY] = context
        return context

    def current_routine(self) -> tuple[Routine, int] | None:
        """The running routine and the index of the step last read, if any."""
        progress = self.state.progress
        if progress is None:
            return None
        routine = self.library.routines.get(progress.routine_id)
        if routine is None or not 0 <= progress.step < len(routine.steps):
            self.state.progress = None
            return None
        return routine, progress.step


class ReplyHandler(AbstractRequestHandler):
    """A request handler whose ``reply`` returns a decision instead of building a response.

    Unless ``keeps_pending`` is set, a pending yes/no question is dropped before ``reply`` runs,
    so a later "yes" cannot answer a question the person moved on from. Replies that wait for an
    answer are remembered for Repeat unless ``remembered`` is unset.
    """

    keeps_pending = False
    remembered = True

    @abstractmethod
    def can_handle(self, handler_input: HandlerInput) -> bool:
        """Whether this handler answers the request."""

    @abstractmethod
    def reply(self, handler_input: HandlerInput) -> Reply:
        """Decide what to say."""

    def handle(self, handler_input: HandlerInput) -> Response:
        state = SessionState.of(handler_input)
        if not self.keeps_pending:
            state.pending = None
        rewind = state.finished_check
        reply = self.reply(handler_input)
        if rewind is not None and state.finished_check == rewind:
            state.keep_finished_check(None)  # only the very next turn may change that answer
        remember = self.remembered and reply.repeatable
        if remember and reply.end_session is False and reply.speech and reply.reprompt:
            state.remember_reply(reply.speech, reply.reprompt)
        return render(handler_input, _with_disclaimer(handler_input, state, reply))


def _with_disclaimer(handler_input: HandlerInput, state: SessionState, reply: Reply) -> Reply:
    """The short disclaimer once per session, before the first thing said (one-shots too);
    never before a safety answer, which gives the emergency number itself."""
    in_session = handler_input.request_envelope.session is not None
    if not in_session or state.disclaimed or not reply.speech:
        return reply
    state.disclaimed = True
    if reply.urgent:
        return reply
    disclaimer = prompts(handler_input).ssml("launch.disclaimer")
    return replace(reply, speech=f"{disclaimer} {reply.speech}")


class IntentHandler(ReplyHandler):
    """A handler for a fixed set of intent names (``intents``)."""

    intents: tuple[str, ...] = ()

    def can_handle(self, handler_input: HandlerInput) -> bool:
        # ``is_intent_name(name)`` for each name, in one membership test: every request is
        # routed through dozens of these, so no predicate closures are built per request.
        request = handler_input.request_envelope.request
        if not self.intents or not isinstance(request, IntentRequest):
            return False
        name = cast(Intent, request.intent).name  # no intent fails here, as in is_intent_name
        return name is not None and name in self.intents
