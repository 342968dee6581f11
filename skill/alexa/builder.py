"""Builds the skill: the one ordered list of handlers is the routing table.

Emergency statements first, then handlers gated on a running safety check (and pain reports,
which answer in any state), then state-gated answers,
then the rest; Fallback, the catch-all for other request types and the exception handler last.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model import RequestEnvelope

from skill.alexa.api_client import TimeoutApiClient
from skill.alexa.serializer import EnvelopeSerializer
from skill.config import Config
from skill.conversation.profile import LoadProfileAtSessionStart, SaveProfile
from skill.handlers import memory, reminders
from skill.handlers.base import ProvideConfig
from skill.handlers.conversation import answers, builtins, questions
from skill.handlers.routines import guided_audio, navigation
from skill.handlers.safety import during_check, statements
from skill.persistence import build_adapter


def request_handlers() -> list[AbstractRequestHandler]:
    """Every request handler, in routing order (the first that can handle a request wins)."""
    return [
        builtins.LaunchHandler(),
        guided_audio.PlaybackCommandHandler(),
        guided_audio.PlaybackEventHandler(),
        statements.EmergencyStatementHandler(),
        during_check.TriageStopHandler(),
        during_check.TriageAnswerHandler(),
        during_check.AlreadyCheckedHandler(),
        during_check.ChangeAnswerHandler(),
        during_check.WhyAskingHandler(),
        during_check.NotAnAnswerHandler(),
        statements.PainReportHandler(),
        statements.WarningAreaHandler(),
        navigation.RepeatHandler(),
        during_check.TriageInterruptHandler(),
        during_check.TriageStartHandler(),
        reminders.ReminderChoiceHandler(),
        answers.PendingAnswerHandler(),
        answers.PainChoiceHandler(),
        answers.RoutineAnswerHandler(),
        answers.StrayAnswerHandler(),
        navigation.RemedyHandler(),
        statements.KnotAreaHandler(),
        navigation.NextHandler(),
        navigation.PreviousHandler(),
        navigation.StartOverHandler(),
        navigation.PauseHandler(),
        navigation.ResumeHandler(),
        navigation.ProgressHandler(),
        questions.DurationHandler(),
        questions.NoEquipmentHandler(),
        questions.ThanksHandler(),
        questions.WhatDoYouKnowHandler(),
        navigation.ListRoutinesHandler(),
        navigation.MoreOptionsHandler(),
        navigation.PaceHandler(),
        navigation.GentlerHandler(),
        guided_audio.PlayGuidedHandler(),
        guided_audio.LoopShuffleHandler(),
        reminders.StretchReminderHandler(),
        reminders.OneOffReminderHandler(),
        reminders.MovementReminderHandler(),
        reminders.ReminderTimeHandler(),
        reminders.ListRemindersHandler(),
        reminders.CancelReminderHandler(),
        reminders.StrayChoiceHandler(),
        reminders.CancelAllRemindersHandler(),
        reminders.PermissionResponseHandler(),
        memory.ForgetMeHandler(),
        memory.SkillDisabledHandler(),
        memory.PermissionGrantedHandler(),
        builtins.HelpHandler(),
        builtins.StopHandler(),
        builtins.NavigateHomeHandler(),
        builtins.SessionEndedHandler(),
        builtins.ExceptionEncounteredHandler(),
        builtins.FallbackHandler(),
        builtins.OtherRequestHandler(),
    ]


class KnotSkillBuilder(CustomSkillBuilder):
    """Builds skills that read envelopes with :class:`EnvelopeSerializer` (also for Lambda)."""

    def create(self) -> CustomSkill:
        skill: CustomSkill = super().create()
        skill.serializer = EnvelopeSerializer()
        return skill

    def lambda_handler(self) -> Callable[[Any, Any], Any]:
        """Like the SDK's, but with one skill for every event and the lenient reader."""
        skill = self.create()
        serializer = EnvelopeSerializer()

        def handle(event: Any, context: Any) -> Any:
            envelope = serializer.read(event, RequestEnvelope)
            return skill.serializer.serialize(
                skill.invoke(request_envelope=envelope, context=context)
            )

        return handle


def build_skill_builder(config: Config) -> CustomSkillBuilder:
    """A skill builder with every handler registered and the application-ID check."""
    builder = KnotSkillBuilder(
        persistence_adapter=build_adapter(config),
        api_client=TimeoutApiClient(config.api_timeout, config.api_ca_bundle),
    )
    builder.skill_id = config.skill_id  # type: ignore[assignment]  # SDK annotates it None
    for handler in request_handlers():
        builder.add_request_handler(handler)
    builder.add_global_request_interceptor(ProvideConfig(config))
    builder.add_global_request_interceptor(LoadProfileAtSessionStart())
    builder.add_global_response_interceptor(SaveProfile())
    builder.add_exception_handler(builtins.CatchAllExceptionHandler())
    return builder


def build_skill(config: Config) -> CustomSkill:
    """The ready-to-invoke skill for ``config``."""
    return build_skill_builder(config).create()
