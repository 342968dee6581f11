"""Everyday questions people ask along the way: how long, what instead, thanks, what is kept."""

from __future__ import annotations

import time

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation.profile import load_profile
from skill.conversation.reply import Reply
from skill.conversation.session_state import Pending
from skill.handlers.base import Context, IntentHandler
from skill.handlers.memory import resumable
from skill.handlers.playback.steps import ANYTHING_ELSE, OFFER_ROUTINE, menu_reply
from skill.handlers.safety.replies import GENTLE_ROUTINE
from skill.routines.length import minutes_left
from skill.routines.library import Routine
from skill.speech import ssml
from skill.speech.slots import resolve


def _named_or_current(
    handler_input: HandlerInput, ctx: Context
) -> tuple[Routine | None, int | None]:
    """The routine named in the request, else the running one; and the step it is on (None
    when it has not started)."""
    remedy, _heard = resolve(handler_input, "remedy", "REMEDY")
    named = ctx.library.routines.get(remedy or "")
    current = ctx.current_routine()
    if named is not None and (current is None or current[0].id != named.id):
        return named, None
    if current is not None:
        return current
    return None, None


def _keep_going(ctx: Context) -> str:
    """The question that hands back to the running routine, if any."""
    if ctx.current_routine() is None:
        return ""
    return ctx.say.ssml("routine.next_question")


def _then_carry_on_or_offer(ctx: Context, routine: Routine, said: str) -> Reply:
    """``said``, then back to the running routine, or the offer of ``routine``."""
    follow = _keep_going(ctx)
    if not follow:
        ctx.state.pending = Pending(OFFER_ROUTINE, routine.id)
        follow = ctx.say.ssml("triage.offer_routine", title=routine.title.lower())
    return Reply.ask(f"{said} {follow}", follow)


class DurationHandler(IntentHandler):
    """ "How long does this take": minutes from the content, at the current pace."""

    intents = ("DurationIntent",)
    keeps_pending = True

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        routine, start = _named_or_current(handler_input, ctx)
        if routine is None:
            return menu_reply(ctx, ctx.say.ssml("questions.duration_which"))
        minutes = minutes_left(ctx.library, routine, ctx.say, ctx.state.pace, start)
        key = "questions.duration" if start is None else "questions.duration_left"
        said = ctx.say.ssml(key, minutes=str(minutes), title=routine.title.lower())
        return _then_carry_on_or_offer(ctx, routine, said)


class NoEquipmentHandler(IntentHandler):
    """ "I don't have a tennis ball": what works instead, and the place is kept."""

    intents = ("NoEquipmentIntent",)
    keeps_pending = True

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        routine, _start = _named_or_current(handler_input, ctx)
        if routine is None or not routine.instead:
            gentle = ctx.library.routines[GENTLE_ROUTINE]
            ctx.state.pending = Pending(OFFER_ROUTINE, gentle.id)
            lead = ctx.say.ssml("questions.no_equipment_needed", title=gentle.title.lower())
            return Reply.ask(
                lead, ctx.say.ssml("triage.offer_reprompt", title=gentle.title.lower())
            )
        return _then_carry_on_or_offer(ctx, routine, ssml.text(routine.instead))


class ThanksHandler(IntentHandler):
    """ "Thank you": you're welcome, and the routine (or the question) stays where it was."""

    intents = ("ThanksIntent",)
    keeps_pending = True
    remembered = False

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        welcome = ctx.say.ssml("questions.welcome")
        follow = _keep_going(ctx)
        last = ctx.state.last_reply
        if not follow and ctx.state.pending is not None and last is not None:
            follow = last[1]
        if not follow:
            ctx.state.pending = Pending(ANYTHING_ELSE)
            follow = ctx.say.ssml("routine.tip_question")
        return Reply.ask(f"{welcome} {follow}", follow)


class WhatDoYouKnowHandler(IntentHandler):
    """ "What do you remember about me": what is kept, and how to delete it."""

    intents = ("WhatDoYouKnowIntent",)

    def reply(self, handler_input: HandlerInput) -> Reply:
        ctx = Context.of(handler_input)
        profile = load_profile(handler_input)
        kept = []
        if profile is not None:
            found = resumable(handler_input, ctx)
            if found is not None:
                routine, saved = found
                kept.append(
                    ctx.say.text(
                        "questions.kept_place",
                        number=str(saved.step + 1),
                        title=routine.title.lower(),
                    )
                )
            if profile.pace and profile.pace != "normal":
                kept.append(ctx.say.text("questions.kept_pace", pace=profile.pace))
            if profile.favourite:
                kept.append(ctx.say.text("questions.kept_favourite"))
            if profile.recently_checked(time.time()):
                kept.append(ctx.say.text("questions.kept_check"))
        if not kept:
            return menu_reply(ctx, ctx.say.ssml("questions.kept_nothing"))
        listed = "; ".join(kept)
        speech = ctx.say.ssml("questions.kept", items=listed)
        return menu_reply(ctx, speech)
