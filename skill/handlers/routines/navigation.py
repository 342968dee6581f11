"""Routines: start one, move through its steps hands-free, and change the pace."""

from __future__ import annotations

from abc import abstractmethod

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name

from skill.conversation.profile import load_profile
from skill.conversation.reply import Reply
from skill.conversation.session_state import Pending, Progress
from skill.handlers.base import Context, IntentHandler
from skill.handlers.memory import resumable, resume_earlier
from skill.handlers.playback.audio import chime_url
from skill.handlers.playback.steps import (
    MENU_PAGE,
    OFFER_CHECK,
    OFFER_ROUTINE,
    SEE_DOCTOR_TIP,
    finish_routine,
    menu_reply,
    no_routine_reply,
    step_reply,
    tip_reply,
)
from skill.handlers.routines.guided_audio import resume_saved_audio
from skill.handlers.safety.replies import request_routine
from skill.routines.library import Routine
from skill.routines.speech import step_speech
from skill.speech import ssml
from skill.speech.slots import resolve
from skill.speech.ssml import Pace


class RemedyHandler(IntentHandler):
    """ "How do I use a tennis ball", "a chest stretch", "tell me about painkillers": a routine,
    one of its steps, or a tip."""

    intents = ("RemedyIntent",)

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        remedy, _heard = resolve(handler_input, "remedy", "REMEDY")
        remedy = remedy or ""
        if remedy in ctx.library.routines:
            return request_routine(ctx, ctx.library.routines[remedy])
        if remedy in ctx.library.entries:
            routine_id, index = ctx.library.entries[remedy]
            routine = ctx.library.routines[routine_id]
            current = ctx.current_routine()
            if current is not None and current[0].id == routine_id:
                return step_reply(ctx, routine, index)
            return request_routine(ctx, routine, start=index)
        if remedy == SEE_DOCTOR_TIP:
            tip = ctx.library.tips[remedy]
            return tip_reply(ctx, tip, question=Pending(OFFER_CHECK), key="triage.offer_check")
        if remedy in ctx.library.tips:
            return tip_reply(ctx, ctx.library.tips[remedy])
        return menu_reply(ctx, ctx.say.ssml("routine.unknown_remedy"))


class InRoutineHandler(IntentHandler):
    """A command that acts on the running routine; without one, a helpful menu."""

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        current = ctx.current_routine()
        if current is not None:
            return self.in_routine(handler_input, ctx, *current)
        earlier = self.from_earlier_session(handler_input, ctx)
        return earlier if earlier is not None else self.without_routine(ctx)

    def from_earlier_session(self, handler_input: HandlerInput, ctx: Context) -> Reply | None:
        """With no routine in this session: act on one saved earlier, if this command can."""
        return None

    def without_routine(self, ctx: Context) -> Reply:
        return no_routine_reply(ctx)

    @abstractmethod
    def in_routine(
        self, handler_input: HandlerInput, ctx: Context, routine: Routine, index: int
    ) -> Reply:
        """Act on step ``index`` of ``routine``."""


class NextHandler(InRoutineHandler):
    """Next (and Skip): the following step, or the end of the routine; in answer to "would you
    like the stretches next?", yes."""

    intents = ("AMAZON.NextIntent", "SkipStepIntent")
    keeps_pending = True

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        pending = ctx.state.pending
        ctx.state.pending = None
        offered = ctx.library.routines.get(pending.subject or "") if pending else None
        if pending is not None and pending.question == OFFER_ROUTINE and offered is not None:
            return request_routine(ctx, offered)
        return super().reply(handler_input)

    def in_routine(
        self, handler_input: HandlerInput, ctx: Context, routine: Routine, index: int
    ) -> Reply:
        if index + 1 >= len(routine.steps):
            return finish_routine(ctx, routine)
        skipping = is_intent_name("SkipStepIntent")(handler_input)
        return step_reply(
            ctx, routine, index + 1, ctx.say.text("routine.skipped") if skipping else ""
        )


class PreviousHandler(InRoutineHandler):
    """Previous: the step before, or say that this is the first."""

    intents = ("AMAZON.PreviousIntent",)

    def in_routine(
        self, handler_input: HandlerInput, ctx: Context, routine: Routine, index: int
    ) -> Reply:
        if index == 0:
            question = ctx.say.ssml("routine.first_already_question")
            return Reply.ask(f"{ctx.say.ssml('routine.first_already')} {question}", question)
        return step_reply(ctx, routine, index - 1)


class RepeatHandler(IntentHandler):
    """Repeat: exactly the last reply."""

    intents = ("AMAZON.RepeatIntent",)
    keeps_pending = True
    remembered = False

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        last = ctx.state.last_reply
        if last is None:
            return menu_reply(ctx, ctx.say.ssml("routine.nothing_to_repeat"))
        return Reply.ask(*last)


class StartOverHandler(InRoutineHandler):
    """Start over: the current (or last unfinished) routine from step one, else the menu."""

    intents = ("AMAZON.StartOverIntent",)

    def from_earlier_session(self, handler_input: HandlerInput, ctx: Context) -> Reply | None:
        found = resumable(handler_input, ctx)
        return request_routine(ctx, found[0]) if found is not None else None

    def in_routine(
        self, handler_input: HandlerInput, ctx: Context, routine: Routine, index: int
    ) -> Reply:
        return step_reply(
            ctx, routine, 0, ctx.say.text("routine.starting_over", title=routine.title.lower())
        )


class PauseHandler(InRoutineHandler):
    """Pause ("wait", "not yet", "I need a minute"): hold the place in the routine until
    "resume". Repeat then says the step again, not the pause."""

    intents = ("AMAZON.PauseIntent",)
    remembered = False

    def in_routine(
        self, handler_input: HandlerInput, ctx: Context, routine: Routine, index: int
    ) -> Reply:
        ctx.state.progress = Progress(routine.id, index, paused=True)
        reprompt = ctx.say.ssml("routine.paused_reprompt", number=str(index + 1))
        return Reply.ask(ctx.say.ssml("routine.paused"), reprompt)


class ResumeHandler(InRoutineHandler):
    """Resume: read the current step again and carry on."""

    intents = ("AMAZON.ResumeIntent",)

    def from_earlier_session(self, handler_input: HandlerInput, ctx: Context) -> Reply | None:
        earlier = resume_earlier(handler_input, ctx)
        return earlier if earlier is not None else resume_saved_audio(handler_input, ctx)

    def without_routine(self, ctx: Context) -> Reply:
        return menu_reply(ctx, ctx.say.ssml("routine.nothing_to_resume"))

    def in_routine(
        self, handler_input: HandlerInput, ctx: Context, routine: Routine, index: int
    ) -> Reply:
        return step_reply(ctx, routine, index, ctx.say.text("routine.resuming"))


class ProgressHandler(InRoutineHandler):
    """ "Which step am I on", "how many steps are left"."""

    intents = ("StepProgressIntent",)

    def in_routine(
        self, handler_input: HandlerInput, ctx: Context, routine: Routine, index: int
    ) -> Reply:
        total, left = len(routine.steps), len(routine.steps) - index - 1
        where = ctx.say.ssml(
            "routine.progress", number=str(index + 1), total=str(total), title=routine.title.lower()
        )
        if left == 0:
            remaining = ctx.say.ssml("routine.no_steps_left")
        elif left == 1:
            remaining = ctx.say.ssml("routine.one_step_left")
        else:
            remaining = ctx.say.ssml("routine.steps_left", left=str(left))
        question = ctx.say.ssml("routine.next_question")
        return Reply.ask(f"{where} {remaining} {question}", ctx.say.ssml("routine.reprompt"))


class MoreOptionsHandler(IntentHandler):
    """ "What else": the next few choices of the menu just heard (or the first ones)."""

    intents = ("MoreOptionsIntent",)
    keeps_pending = True

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        pending = ctx.state.pending
        page = 0
        if (
            pending is not None
            and pending.question == MENU_PAGE
            and (pending.subject or "").isdigit()
        ):
            page = int(pending.subject or "0")
        return menu_reply(ctx, page=page, explicit=True)


class ListRoutinesHandler(IntentHandler):
    """ "What routines do you have"."""

    intents = ("ListRoutinesIntent",)

    def reply(self, handler_input: HandlerInput) -> Reply:
        return menu_reply(Context.of(handler_input), explicit=True)


PACE_INTENTS = {
    "SlowDownIntent": Pace.SLOW,
    "SpeedUpIntent": Pace.FAST,
    "NormalSpeedIntent": Pace.NORMAL,
}


class PaceHandler(IntentHandler):
    """ "Slower", "faster", "normal speed": from this reply on, without replaying a hold unasked
    (Repeat then reads the step at the new pace)."""

    intents = ("SetPaceIntent", *PACE_INTENTS)
    remembered = False

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        pace_id, _heard = resolve(handler_input, "pace", "PACE")
        for intent, pace in PACE_INTENTS.items():
            if is_intent_name(intent)(handler_input):
                pace_id = pace.value
        if pace_id not in {pace.value for pace in Pace}:
            return Reply.ask(
                ctx.say.ssml("routine.pace_unknown"), ctx.say.ssml("routine.pace_unknown")
            )
        ctx.state.pace = Pace(pace_id)
        profile = load_profile(handler_input)
        if profile is not None:
            profile.pace = pace_id
        ack = ssml.sentence(ctx.say.text(f"routine.pace_{pace_id}"))
        current = ctx.current_routine()
        if current is None:
            return menu_reply(ctx, ssml.paced(ack, ctx.state.pace))
        routine, index = current
        # Rendered for Repeat, not read now: the progress (a pause stays a pause) is untouched.
        reprompt = ctx.say.ssml("routine.reprompt")
        speech = step_speech(routine, index, ctx.say, ctx.state.pace, chime_url(ctx))
        ctx.state.remember_reply(speech, reprompt)
        question = ssml.sentence(ctx.say.text("routine.pace_changed_question"))
        return Reply.ask(ssml.paced(ack + question, ctx.state.pace), reprompt)


class GentlerHandler(InRoutineHandler):
    """ "Go gentler", "less pressure": the same step again, slower, with a lighter touch."""

    intents = ("GentlerIntent",)

    def in_routine(
        self, handler_input: HandlerInput, ctx: Context, routine: Routine, index: int
    ) -> Reply:
        ctx.state.pace = Pace.SLOW
        return step_reply(ctx, routine, index, ctx.say.text("pain.gentler"))
