"""Launch and the built-in intents every skill must answer, plus the last-resort handlers."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Response

from skill.conversation.reply import Reply, render
from skill.conversation.session_state import SessionState
from skill.handlers.base import Context, ReplyHandler, prompts
from skill.handlers.memory import welcome_back
from skill.handlers.safety.statements import PAIN_CHOICE
from skill.logs.request_log import describe_exception, describe_request

logger = logging.getLogger(__name__)


class LaunchHandler(ReplyHandler):
    """Answers "open knot helper": welcome, disclaimer with the local emergency number, menu."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("LaunchRequest")(handler_input))

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        ctx.state.disclaimed = True
        returning = welcome_back(handler_input, ctx)
        if returning is not None:
            return returning
        keys = ("launch.welcome", "launch.disclaimer", "launch.menu")
        speech = " ".join(ctx.say.ssml(key) for key in keys)
        return Reply.ask(speech, ctx.say.ssml("launch.reprompt"))


class HelpHandler(ReplyHandler):
    """What Knot Helper can do here (inside a routine: how to move on), and the emergency line."""

    keeps_pending = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("AMAZON.HelpIntent")(handler_input))

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        current = ctx.current_routine()
        if current is None:
            return Reply.ask(ctx.say.ssml("help.speech"), ctx.say.ssml("help.reprompt"))
        routine, index = current
        speech = ctx.say.ssml(
            "routine.routine_help",
            number=str(index + 1),
            total=str(len(routine.steps)),
            title=routine.title.lower(),
        )
        return Reply.ask(speech, ctx.say.ssml("routine.reprompt"))


class StopHandler(ReplyHandler):
    """Stop and Cancel end the session with a short goodbye (after pain, the safety net too)."""

    keeps_pending = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(
            is_intent_name("AMAZON.StopIntent")(handler_input)
            or is_intent_name("AMAZON.CancelIntent")(handler_input)
        )

    def reply(self, handler_input: HandlerInput) -> Reply:
        say = prompts(handler_input)
        pending = SessionState.of(handler_input).pending
        if pending is not None and pending.question == PAIN_CHOICE:
            return Reply.tell(f"{say.ssml('triage.safety_net')} {say.ssml('goodbye.speech')}")
        return Reply.tell(say.ssml("goodbye.speech"))


class NavigateHomeHandler(ReplyHandler):
    """Answers "go home": back to the main menu, keeping the session open."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("AMAZON.NavigateHomeIntent")(handler_input))

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        ctx.state.progress = None
        return Reply.ask(ctx.say.ssml("home.speech"), ctx.say.ssml("launch.reprompt"))


class FallbackHandler(ReplyHandler):
    """AMAZON.FallbackIntent, or any intent no earlier handler took: never a dead end.

    Inside a routine it points back to the routine's own commands; a pending question stays;
    Repeat afterwards says the last real content, not this.
    """

    keeps_pending = True
    remembered = False

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("IntentRequest")(handler_input))

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        safety = ctx.say.ssml("pain.safety_line")
        if ctx.current_routine() is not None:
            reprompt = ctx.say.ssml("routine.reprompt")
            speech = f"{ctx.say.ssml('fallback.in_routine')} {safety} {reprompt}"
            return Reply.ask(speech, reprompt)
        speech = f"{ctx.say.ssml('fallback.speech')} {safety}"
        return Reply.ask(speech, ctx.say.ssml("fallback.reprompt"))


class OtherRequestHandler(ReplyHandler):
    """Any other request type (events, interface callbacks we do not use): acknowledge silently."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def reply(self, handler_input: HandlerInput) -> Reply:
        return Reply.silent()


class SessionEndedHandler(ReplyHandler):
    """The session closed (user left, silence, or error): nothing may be said."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("SessionEndedRequest")(handler_input))

    def reply(self, handler_input: HandlerInput) -> Reply:
        request = handler_input.request_envelope.request
        error = getattr(request, "error", None)
        logger.info(
            "session ended reason=%s error=%s",
            getattr(getattr(request, "reason", None), "value", "-"),
            getattr(getattr(error, "object_type", None), "value", "-"),
        )
        return Reply.silent()


class ExceptionEncounteredHandler(ReplyHandler):
    """Alexa reports that a previous response of ours was invalid: log it, say nothing."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("System.ExceptionEncountered")(handler_input))

    def reply(self, handler_input: HandlerInput) -> Reply:
        error = getattr(handler_input.request_envelope.request, "error", None)
        logger.warning(
            "alexa reported an invalid response: %s",
            getattr(getattr(error, "object_type", None), "value", "-"),
        )
        return Reply.silent()


class CatchAllExceptionHandler(AbstractExceptionHandler):
    """Last resort: apologise with a reprompt; log the error's type and place, nothing personal."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        request_type, intent = describe_request(handler_input.request_envelope)
        logger.error(
            "handler failed on type=%s intent=%s: %s",
            request_type,
            intent,
            describe_exception(exception),
        )
        if request_type in {"SessionEndedRequest", "System.ExceptionEncountered"} or (
            request_type.startswith(("AudioPlayer.", "PlaybackController.", "AlexaSkillEvent."))
        ):
            return render(handler_input, Reply.silent())
        say = prompts(handler_input)
        apology = Reply.ask(say.ssml("error.speech"), say.ssml("error.reprompt"))
        return render(handler_input, apology)
