"""The triage table itself: first YES decides, all NO is clear, unclear twice counts as YES."""

from __future__ import annotations

import copy
import tomllib

import pytest

from skill.prompts import CONTENT_DIR, ContentError
from skill.triage import (
    Answer,
    Ask,
    Mode,
    Outcome,
    Position,
    Tier,
    advance,
    seen_by_doctor,
)
from skill.triage_content import load_questions, parse_questions

QUESTIONS = load_questions()["en-US"]
DOCUMENT = tomllib.loads((CONTENT_DIR / "en-US" / "triage.toml").read_text())
REFERENCE_IDS = (
    [f"E{n}" for n in range(1, 8)] + [f"U{n}" for n in range(1, 7)] + [f"S{n}" for n in range(1, 6)]
)


def test_full_check_asks_every_red_flag_of_the_reference_in_order() -> None:
    assert [q.id for q in QUESTIONS.full] == REFERENCE_IDS
    assert [q.tier for q in QUESTIONS.full] == [Tier.EMERGENCY] * 7 + [Tier.URGENT] * 6 + [
        Tier.SOON
    ] * 5


def run(mode: Mode, answers: list[Answer]) -> tuple[list[int], Outcome]:
    """Feed answers; return the question indexes asked and the outcome."""
    position, asked = Position(mode, 0), [0]
    for answer in answers:
        step = advance(QUESTIONS, position, answer)
        if isinstance(step, Outcome):
            return asked, step
        position = step.position
        asked.append(position.index)
    raise AssertionError("no outcome")


@pytest.mark.parametrize("mode", list(Mode))
def test_yes_at_any_question_gives_its_tier_and_asks_nothing_later(mode: Mode) -> None:
    table = QUESTIONS.table(mode)
    for index, question in enumerate(table):
        asked, outcome = run(mode, [Answer.NO] * index + [Answer.YES])
        assert outcome == Outcome(question.tier)
        assert max(asked) == index


@pytest.mark.parametrize("mode", list(Mode))
def test_all_no_is_clear(mode: Mode) -> None:
    asked, outcome = run(mode, [Answer.NO] * len(QUESTIONS.table(mode)))
    assert outcome == Outcome(Tier.CLEAR)
    assert asked == list(range(len(QUESTIONS.table(mode))))


def test_unclear_once_is_asked_again_then_taken_as_yes() -> None:
    first = advance(QUESTIONS, Position(Mode.FULL, 3), Answer.UNSURE)
    assert first == Ask(Position(Mode.FULL, 3, unsure_once=True), again=True)
    assert advance(QUESTIONS, first.position, Answer.UNSURE) == Outcome(Tier.EMERGENCY, True)


def test_unclear_then_no_moves_on_and_forgets_the_doubt() -> None:
    first = advance(QUESTIONS, Position(Mode.QUICK, 0), Answer.UNSURE)
    assert isinstance(first, Ask)
    assert advance(QUESTIONS, first.position, Answer.NO) == Ask(Position(Mode.QUICK, 1))


def test_seen_by_doctor_keeps_every_emergency_question() -> None:
    step = seen_by_doctor(QUESTIONS, Position(Mode.QUICK, 0))
    assert step == Ask(Position(Mode.QUICK, 0, emergency_only=True))
    asked, outcome = [0], None
    position = step.position
    while True:
        result = advance(QUESTIONS, position, Answer.NO)
        if isinstance(result, Outcome):
            outcome = result
            break
        position = result.position
        asked.append(position.index)
    assert asked == [0, 1, 2]
    assert outcome == Outcome(Tier.CLEAR)


def test_quick_check_covers_every_emergency_question_and_the_seed_rule() -> None:
    covered = {c for entry in DOCUMENT["quick"] for c in entry["covers"]}
    assert {f"E{n}" for n in range(1, 8)} | {"U3", "S1"} <= covered


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["quick"][1].update(covers=["E3"]), "misses emergency questions \\['E7'\\]"),
        (lambda d: d["full"].reverse(), "most urgent tier down"),
        (lambda d: d["full"][0].pop("text"), "needs an id, a tier and text"),
        (lambda d: d["full"][0].update(tier="SOMETIME"), "needs an id, a tier and text"),
    ],
)
def test_broken_triage_content_fails(change, message: str) -> None:
    document = copy.deepcopy(DOCUMENT)
    change(document)
    with pytest.raises(ContentError, match=message):
        parse_questions(document)


@pytest.mark.parametrize(
    ("heard", "expected"),
    [
        ("chest pain", True),
        ("my heart", True),
        ("can't feel my legs", True),
        ("rolling pin", False),
    ],
)
def test_emergency_words(heard: str, expected: bool) -> None:
    assert QUESTIONS.sounds_like_emergency(heard) is expected
