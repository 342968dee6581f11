"""The safety layer hears people however they say it, in every state, and never cries wolf.

Every utterance in ``tests/corpus/safety.toml`` goes through the locale's interaction model (the
same resolver as ``knot-helper chat``) and the real, signature-checking webhook: emergency
statements as one-shots, mid-routine and mid-check at a non-emergency question; pain reports
mid-routine; ordinary requests with chest, breath, jaw, arm or heart words as one-shots and at
the chest-stretch step; talk about getting into position mid-routine.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from skill.safety.check import Tier
from skill.safety.questions import load_questions
from skill.tools.chat import Chat
from skill.tools.simulator.session import Turn
from tests.conftest import PostSigned
from tests.flows import answers_of

CORPUS = tomllib.loads((Path(__file__).parent / "corpus" / "safety.toml").read_text())
LOCALES = ("en-US", "en-CA", "en-GB", "en-AU", "en-IN")
NUMBERS = {"en-US": "911", "en-CA": "911", "en-GB": "999", "en-AU": "000", "en-IN": "112"}
STATES = ("one-shot", "mid-routine", "mid-check")
#: The share of emergency statements that must reach the emergency answer in every state (all of
#: them: the aim for phrasings no one has written down yet is 95 %).
REQUIRED_SHARE = 1.0


def emergency_statements(locale: str) -> list[str]:
    return [*CORPUS["emergency"]["all"], *CORPUS["emergency"].get(locale, [])]


def is_emergency(turn: Turn | None, locale: str) -> bool:
    return (
        turn is not None
        and turn.speech.startswith(f"Please call {NUMBERS[locale]}")
        and turn.ends_session is True
    )


class States:
    """Chats brought once to a state, then copied for each utterance."""

    def __init__(self, post_signed: PostSigned, locale: str) -> None:
        self.send = answers_of(post_signed)
        self.locale = locale
        self.saved: dict[str, Chat] = {}

    def fresh(self) -> Chat:
        return Chat(self.send, locale=self.locale)

    def _reach(self, state: str) -> Chat:
        chat = self.fresh()
        if state == "mid-routine":
            turn = chat.hear("ask knot helper how to use a tennis ball")[0]
            while turn is not None and "triage" in turn.session_attributes:
                turn = chat.hear("no")[0]
            chat.hear("next")
            assert chat.conversation.attributes["routine"]["step"] == 1
        elif state == "mid-check":
            chat.hear("ask knot helper how to use a tennis ball")
            quick = load_questions()[self.locale].quick
            for _ in [q for q in quick if q.tier is Tier.EMERGENCY]:
                chat.hear("no")
            position = chat.conversation.attributes["triage"]
            assert quick[position["index"]].tier is not Tier.EMERGENCY
        elif state == "chest-stretch":
            turn = chat.hear("ask knot helper for the upper back stretches")[0]
            while turn is not None and "triage" in turn.session_attributes:
                turn = chat.hear("no")[0]
            for _ in range(4):
                chat.hear("next")
            assert chat.conversation.attributes["routine"]["step"] == 4
        return chat

    def at(self, state: str) -> Chat:
        if state == "one-shot":
            return self.fresh()
        if state not in self.saved:
            self.saved[state] = self._reach(state)
        original = self.saved[state]
        chat = self.fresh()
        chat.conversation.session_id = original.conversation.session_id
        chat.conversation.attributes = copy.deepcopy(original.conversation.attributes)
        return chat


@pytest.fixture
def states(post_signed: PostSigned) -> Callable[[str], States]:
    return lambda locale: States(post_signed, locale)


def said(state: str, words: str) -> str:
    return f"ask knot helper {words}" if state == "one-shot" else words


@pytest.mark.parametrize("locale", LOCALES)
def test_corpus_is_big_enough(locale: str) -> None:
    assert len(emergency_statements(locale)) >= 40
    assert len(CORPUS["ordinary"]["all"]) >= 15
    assert len(CORPUS["pain"]["all"]) >= 10


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("locale", LOCALES)
def test_emergency_statements_reach_the_emergency_answer(states, locale: str, state: str) -> None:
    chats = states(locale)
    missed = []
    statements = emergency_statements(locale)
    for words in statements:
        turn, _lines = chats.at(state).hear(said(state, words))
        if not is_emergency(turn, locale):
            missed.append((words, turn.speech[:90] if turn else None))
    share = 1 - len(missed) / len(statements)
    assert share >= REQUIRED_SHARE, f"{share:.0%} heard; missed: {missed}"


@pytest.mark.parametrize("locale", LOCALES)
def test_pain_mid_routine_stops_the_step(states, locale: str) -> None:
    chats = states(locale)
    for words in CORPUS["pain"]["all"]:
        chat = chats.at("mid-routine")
        turn, _lines = chat.hear(words)
        assert turn is not None
        assert "stop" in turn.speech.lower(), (words, turn.speech)
        assert "Say next" not in turn.speech, words
        assert "Step 3" not in turn.speech, words
        routine = turn.session_attributes.get("routine")
        assert routine is not None and routine["step"] == 1, "the place is kept"
        assert turn.ends_session is False


@pytest.mark.parametrize("state", STATES)
def test_ambiguous_statements_get_one_question(states, state: str) -> None:
    chats = states("en-GB")
    for words in CORPUS["ambiguous"]["all"]:
        turn = chats.at(state).hear(said(state, words))[0]
        assert turn is not None, words
        assert not turn.speech.startswith("Please call"), words
        assert turn.speech.endswith("?") or turn.speech.endswith("Please say yes or no."), words
        assert turn.session_attributes["triage"]["mode"] == "single", words
        assert turn.ends_session is False


@pytest.mark.parametrize("locale", LOCALES)
def test_ordinary_requests_never_raise_the_alarm(states, locale: str) -> None:
    chats = states(locale)
    turns = [chats.at("one-shot").hear(words)[0] for words in CORPUS["ordinary"]["all"]]
    turns += [chats.at("chest-stretch").hear(w)[0] for w in CORPUS["ordinary"]["mid_routine"]]
    for turn in turns:
        assert turn is not None
        assert "Please call" not in turn.speech
        assert turn.ends_session is False


def test_ordinary_chest_and_breath_requests_get_what_was_asked(states) -> None:
    chats = states("en-US")
    stretch = chats.at("one-shot").hear("ask knot helper for a chest stretch")[0]
    assert stretch is not None and "triage" in stretch.session_attributes
    assert stretch.session_attributes["triage"]["then"]["step"] == 4, "starts at the stretch"
    breathing = chats.at("one-shot").hear("ask knot helper for breathing exercises")[0]
    assert breathing is not None and "Breathe in through your nose" in breathing.speech
    jaw = chats.at("one-shot").hear("ask knot helper how do I relax my jaw")[0]
    assert jaw is not None and "tongue resting" in jaw.speech
    at_step = chats.at("chest-stretch").hear("do the chest stretch")[0]
    assert at_step is not None and "Step 5 of 6. Chest stretch." in at_step.speech


def test_talk_about_getting_ready_carries_the_routine_on(states) -> None:
    """ "I'm in position", "I have the ball": not a symptom, so no safety line and no stop."""
    chats = states("en-US")
    for words in CORPUS["routine_talk"]["all"]:
        turn = chats.at("mid-routine").hear(words)[0]
        assert turn is not None, words
        assert turn.speech.startswith("Step 3 of"), (words, turn.speech)  # the next step
        assert "911" not in turn.speech, words
        assert turn.session_attributes["routine"]["step"] == 2, words
        assert turn.ends_session is False
