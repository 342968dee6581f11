"""What Knot Helper remembers: welcome back, resume, and "forget me"."""

from __future__ import annotations

import time

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type

from skill.conversation.profile import SavedRoutine, forget, load_profile
from skill.conversation.reply import Reply
from skill.conversation.session_state import Pending
from skill.handlers.base import Context, IntentHandler, ReplyHandler
from skill.handlers.reminders import after_forget
from skill.handlers.safety.replies import request_resume
from skill.reminders import api as reminder_api
from skill.routines.library import Routine
from skill.speech.slots import slot_types

OFFER_RESUME = "offer_resume"
CONFIRM_FORGET = "confirm_forget"


def resumable(handler_input: HandlerInput, ctx: Context) -> tuple[Routine, SavedRoutine] | None:
    """The routine left unfinished in an earlier session, if recent and still in the library."""
    profile = load_profile(handler_input)
    saved = profile.recent_routine(time.time()) if profile is not None else None
    if saved is None:
        return None
    routine = ctx.library.routines.get(saved.routine_id)
    if routine is None or not 0 <= saved.step < len(routine.steps):
        return None
    return routine, saved


def recently_checked(handler_input: HandlerInput) -> bool:
    """Whether this person finished a safety check within the last two hours."""
    profile = load_profile(handler_input)
    return profile is not None and profile.recently_checked(time.time())


def resume_earlier(handler_input: HandlerInput, ctx: Context) -> Reply | None:
    """Carry on with the routine left unfinished in an earlier session (through the safety gate,
    which asks less after a recent check), if there is one."""
    found = resumable(handler_input, ctx)
    if found is None:
        return None
    checked = recently_checked(handler_input)
    return request_resume(ctx, found[0], found[1].step, recently_checked=checked)


def _favourite_reply(handler_input: HandlerInput, ctx: Context) -> Reply | None:
    profile = load_profile(handler_input)
    favourite = profile.favourite if profile is not None else None
    routine = ctx.library.routines.get(favourite or "")
    if routine is None:
        return None
    spoken = next(
        (v.name for v in slot_types(ctx.say.locale).get("REMEDY", ()) if v.id == routine.id),
        routine.title.lower(),
    )
    offer = ctx.say.ssml("memory.favourite", title=routine.title.lower(), name=spoken)
    return _welcome(ctx, offer, ctx.say.ssml("launch.reprompt"))


def welcome_back(handler_input: HandlerInput, ctx: Context) -> Reply | None:
    """The launch for someone who has been here before; None for a first visit."""
    found = resumable(handler_input, ctx)
    if found is None:
        return _favourite_reply(handler_input, ctx)
    routine, saved = found
    ctx.state.pending = Pending(OFFER_RESUME, routine.id)
    offer = ctx.say.ssml(
        "memory.resume_offer", number=str(saved.step + 1), title=routine.title.lower()
    )
    return _welcome(ctx, offer, ctx.say.ssml("memory.resume_reprompt"))


def _welcome(ctx: Context, offer: str, reprompt: str) -> Reply:
    """Welcome back, the disclaimer, then what this person may want again."""
    welcome = ctx.say.ssml("memory.welcome_back")
    return Reply.ask(f"{welcome} {ctx.say.ssml('launch.disclaimer')} {offer}", reprompt)


class ForgetMeHandler(IntentHandler):
    """ "Forget me", "delete my data": asks to confirm first."""

    intents = ("ForgetMeIntent",)

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        ctx.state.pending = Pending(CONFIRM_FORGET)
        return Reply.ask(
            ctx.say.ssml("memory.confirm_forget"), ctx.say.ssml("memory.confirm_forget")
        )


def forget_reply(handler_input: HandlerInput, ctx: Context) -> Reply:
    """Delete the person's record now and say so plainly (then offer to cancel the reminders,
    which Alexa keeps), or say it could not be done."""
    if not forget(handler_input):
        return Reply.ask(ctx.say.ssml("memory.forget_failed"), ctx.say.ssml("launch.reprompt"))
    ctx.state.progress = None
    return after_forget(handler_input, ctx, ctx.say.ssml("memory.forgotten"))


class SkillDisabledHandler(ReplyHandler):
    """The person disabled the skill: delete their record, as "forget me" would."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("AlexaSkillEvent.SkillDisabled")(handler_input))

    def reply(self, handler_input: HandlerInput) -> Reply:
        forget(handler_input)
        return Reply.silent()


class PermissionGrantedHandler(ReplyHandler):
    """The person granted or changed permissions in the Alexa app: once the reminders
    permission is granted, the remembered refusal (and its quiet week) is forgotten."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(
            is_request_type("AlexaSkillEvent.SkillPermissionAccepted")(handler_input)
            or is_request_type("AlexaSkillEvent.SkillPermissionChanged")(handler_input)
        )

    def reply(self, handler_input: HandlerInput) -> Reply:
        body = getattr(handler_input.request_envelope.request, "body", None)
        granted = {
            getattr(permission, "scope", None)
            for permission in getattr(body, "accepted_permissions", None) or ()
        }
        if reminder_api.SCOPE in granted:
            profile = load_profile(handler_input)
            if profile is not None:
                profile.forget_reminders_refusal()
        return Reply.silent()
