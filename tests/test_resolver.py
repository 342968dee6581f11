"""The local stand-in for Alexa's language understanding, on a table of utterances."""

from __future__ import annotations

import json

import pytest

from skill.speech.prompts import SUPPORTED_LOCALES
from skill.tools.model import MODEL_DIR
from skill.tools.simulator.resolver import Resolver, amazon_time

RESOLVER = Resolver(json.loads((MODEL_DIR / "en-US.json").read_text()))

ONE_SHOTS = [
    ("Alexa, ask knot helper how to use a tennis ball", "RemedyIntent", {"remedy": "tennis_ball"}),
    ("ask knot helper to help me stretch my upper back", "RemedyIntent",
     {"remedy": "upper_back_stretches"}),
    ("ask knot helper for heat therapy", "RemedyIntent", {"remedy": "heat_cold"}),
    ("ask knot helper about a hot water bottle", "RemedyIntent", {"remedy": "heat_cold"}),
    ("ask knot helper what to do about a knot in my shoulder", "KnotAreaIntent",
     {"area": "shoulder"}),
    ("ask knot helper should I see a doctor", "TriageIntent", {}),
    ("tell knot helper to forget me", "ForgetMeIntent", {}),
    ("ask knot helper to remind me to stretch every day at 5 pm", "StretchReminderIntent",
     {"time": "17:00"}),
    ("ask knot helper what routines do you have", "ListRoutinesIntent", {}),
]  # fmt: skip


@pytest.mark.parametrize(("said", "intent", "slots"), ONE_SHOTS, ids=[s for s, _, _ in ONE_SHOTS])
def test_one_shot_invocations(said: str, intent: str, slots: dict[str, str]) -> None:
    resolution = RESOLVER.resolve(said, in_session=False)
    assert resolution is not None and resolution.new_session
    assert resolution.intent == intent
    found = {s.name: (s.resolved[0] if s.resolved else s.value) for s in resolution.slots}
    assert found == slots


@pytest.mark.parametrize(
    "said", ["open knot helper", "Alexa, start knot helper", "launch knot helper"]
)
def test_launch_forms(said: str) -> None:
    resolution = RESOLVER.resolve(said, in_session=False)
    assert resolution is not None and resolution.kind == "launch"


IN_SESSION = [
    ("yes", "AMAZON.YesIntent"),
    ("no thanks", "AMAZON.NoIntent"),
    ("next", "AMAZON.NextIntent"),
    ("go back", "AMAZON.PreviousIntent"),
    ("say that again", "AMAZON.RepeatIntent"),
    ("start again", "AMAZON.StartOverIntent"),
    ("stop", "AMAZON.StopIntent"),
    ("never mind", "AMAZON.CancelIntent"),
    ("help", "AMAZON.HelpIntent"),
    ("I'm not sure", "UnsureIntent"),
    ("maybe", "UnsureIntent"),
    ("my chest hurts", "EmergencyStatementIntent"),
    ("skip this one", "SkipStepIntent"),
    ("how many steps are left", "StepProgressIntent"),
    ("slow down", "SlowDownIntent"),
    ("at 7:30 am", "ReminderTimeIntent"),
    ("cancel all my reminders", "CancelAllRemindersIntent"),
    ("for frozen peas", "RemedyIntent"),
]


@pytest.mark.parametrize(("said", "intent"), IN_SESSION)
def test_in_session_utterances(said: str, intent: str) -> None:
    assert RESOLVER.resolve(said, in_session=True).intent == intent


def test_synonym_resolves_to_its_id_and_unknown_values_do_not() -> None:
    known = RESOLVER.resolve("how do I use a lacrosse ball", in_session=True)
    assert [(s.value, s.resolved) for s in known.slots] == [
        ("lacrosse ball", ("tennis_ball", "tennis ball"))
    ]
    unknown = RESOLVER.resolve("how to use a rolling pin", in_session=True)
    assert unknown.intent == "RemedyIntent" and unknown.slots[0].resolved is None
    slot = unknown.slots[0].as_json("skill")
    code = slot["resolutions"]["resolutionsPerAuthority"][0]["status"]["code"]
    assert code == "ER_SUCCESS_NO_MATCH"


@pytest.mark.parametrize("said", ["purple monkey dishwasher", "what's the capital of peru", "zzz"])
def test_nonsense_is_fallback_in_session(said: str) -> None:
    assert RESOLVER.resolve(said, in_session=True).intent == "AMAZON.FallbackIntent"


def test_without_a_session_or_invocation_alexa_would_not_call_us() -> None:
    assert RESOLVER.resolve("next", in_session=False) is None


def test_weekdays_and_days() -> None:
    resolution = RESOLVER.resolve(
        "remind me to stretch on mondays and thursdays at seven thirty am", in_session=True
    )
    assert {s.name: s.value for s in resolution.slots} == {
        "day": "monday",
        "dayTwo": "thursday",
        "time": "07:30",
    }


@pytest.mark.parametrize(
    ("words", "value"),
    [("5 pm", "17:00"), ("five p.m.", "17:00"), ("7:30 am", "07:30"), ("noon", "12:00"),
     ("evening", "EV"), ("12 am", "00:00"), ("six in the evening", "18:00"), ("25 pm", None)],
)  # fmt: skip
def test_amazon_time(words: str, value: str | None) -> None:
    from skill.tools.simulator.resolver import normalise

    assert amazon_time(normalise(words)) == value


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_locale_model_resolves(locale: str) -> None:
    resolver = Resolver(json.loads((MODEL_DIR / f"{locale}.json").read_text()))
    resolution = resolver.resolve("ask knot helper how to use a tennis ball", in_session=False)
    assert resolution is not None and resolution.intent == "RemedyIntent"
