"""The base conversation through the real, verifying webhook."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from skill.tools.simulator.session import Conversation
from tests.flows import after_disclaimer

Talk = Callable[..., Conversation]


def test_launch_welcomes_with_disclaimer_and_keeps_listening(talk: Talk) -> None:
    turn = talk().launch()
    assert after_disclaimer(turn.speech).startswith("Welcome to Knot Helper.")
    assert "not medical advice" in turn.speech
    assert "call 911" in turn.speech
    assert turn.reprompt
    assert turn.ends_session is False


@pytest.mark.parametrize(
    ("locale", "number"),
    [("en-US", "911"), ("en-CA", "911"), ("en-GB", "999"), ("en-AU", "000"), ("en-IN", "112")],
)
def test_launch_names_the_local_emergency_number(talk: Talk, locale: str, number: str) -> None:
    speech = talk(locale=locale).launch().speech
    assert f"call {number}." in speech
    if locale != "en-GB":
        assert "111" not in speech


def test_unsupported_locale_falls_back_to_english(talk: Talk) -> None:
    assert "Welcome to Knot Helper" in talk(locale="fr-FR").launch().speech


def test_help_says_what_to_try_and_the_emergency_line(talk: Talk) -> None:
    conversation = talk()
    conversation.launch()
    turn = conversation.say("AMAZON.HelpIntent")
    assert "tennis ball" in turn.speech
    assert "911" in turn.speech
    assert turn.reprompt
    assert turn.ends_session is False


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_and_cancel_say_goodbye_and_end(talk: Talk, intent: str) -> None:
    conversation = talk()
    conversation.launch()
    turn = conversation.say(intent)
    assert "Goodbye" in turn.speech
    assert turn.ends_session is True
    assert conversation.session_id is None


def test_navigate_home_returns_to_the_menu(talk: Talk) -> None:
    conversation = talk()
    conversation.launch()
    turn = conversation.say("AMAZON.NavigateHomeIntent")
    assert "What would you like" in turn.speech
    assert turn.ends_session is False


def test_fallback_is_a_helpful_reprompt_not_a_dead_end(talk: Talk) -> None:
    conversation = talk()
    conversation.launch()
    turn = conversation.say("AMAZON.FallbackIntent")
    assert "tennis ball" in turn.speech
    assert "problem" not in turn.speech.lower()
    assert turn.reprompt
    assert turn.ends_session is False


def test_an_intent_nobody_handles_gets_the_fallback(talk: Talk) -> None:
    turn = talk().say("SomeIntentFromAnOldModel")
    assert turn.ends_session is False
    assert turn.reprompt


def test_session_ended_gets_no_speech(talk: Talk) -> None:
    conversation = talk()
    conversation.launch()
    turn = conversation.end(reason="EXCEEDED_MAX_REPROMPTS")
    assert turn.body.get("outputSpeech") is None
    assert turn.ends_session is None


def test_exception_encountered_gets_no_speech(talk: Talk) -> None:
    turn = talk().request(
        "System.ExceptionEncountered",
        error={"type": "INVALID_RESPONSE", "message": "bad"},
        cause={"requestId": "amzn1.echo-api.request.1"},
    )
    assert turn.body.get("outputSpeech") is None


def test_skill_crash_is_an_apology_with_a_reprompt(
    talk: Talk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skill.handlers.conversation import builtins

    def broken(*_args: object) -> None:
        raise KeyError("launch.welcome")

    monkeypatch.setattr(builtins.LaunchHandler, "reply", broken)
    turn = talk().launch()
    assert after_disclaimer(turn.speech).startswith("Sorry, something went wrong on my side")
    assert "problem" not in turn.speech.lower()
    assert turn.reprompt
    assert turn.ends_session is False
