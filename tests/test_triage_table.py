"""The triage table itself: first YES decides, all NO is clear, unclear asks one symptom at a
time and then counts as YES; the content check refuses questions that drop a symptom."""

from __future__ import annotations

import copy
import tomllib

import pytest

from skill.safety.check import (
    Answer,
    Ask,
    Mode,
    Outcome,
    Position,
    Tier,
    advance,
    first,
    seen_by_doctor,
)
from skill.safety.questions import MAX_QUESTION_WORDS, load_questions, parse_questions
from skill.speech.prompts import CONTENT_DIR, ContentError
from skill.speech.slots import normalise

QUESTIONS = load_questions()["en-US"]
DOCUMENT = tomllib.loads((CONTENT_DIR / "en-US" / "triage.toml").read_text())
REFERENCE_IDS = (
    [f"E{n}" for n in range(1, 8)] + [f"U{n}" for n in range(1, 8)] + [f"S{n}" for n in range(1, 6)]
)
#: Every symptom of every emergency red flag in shared/reference/triage.md, in its own words.
REFERENCE_EMERGENCY_WORDS = {
    "E1": ["chest pain", "tightness", "arm", "neck", "jaw"],
    "E2": ["short of breath", "faint", "sweaty", "clammy", "sick to your stomach"],
    "E3": ["suddenly and severely", "tearing", "belly"],
    "E4": ["numbness", "tingling", "bottom", "genitals", "inner thighs", "sexual"],
    "E5": ["trouble peeing", "bladder", "bowels"],
    "E6": ["pain", "weakness", "numbness", "tingling", "both legs", "new trouble walking"],
    "E7": ["serious accident", "car crash", "bad fall"],
}


def test_full_check_asks_every_red_flag_of_the_reference_in_order() -> None:
    assert [q.id for q in QUESTIONS.full] == REFERENCE_IDS
    assert [q.tier for q in QUESTIONS.full] == [Tier.EMERGENCY] * 7 + [Tier.URGENT] * 7 + [
        Tier.SOON
    ] * 5


def _quick_text(flag: str) -> str:
    return " ".join(q.text for q in QUESTIONS.quick if any(c.startswith(flag) for c in q.covers))


@pytest.mark.parametrize("flag", sorted(REFERENCE_EMERGENCY_WORDS))
def test_quick_check_words_name_every_emergency_symptom(flag: str) -> None:
    heard = normalise(_quick_text(flag))
    for words in REFERENCE_EMERGENCY_WORDS[flag]:
        assert words in heard, (flag, words)


def test_quick_check_asks_a_fall_the_seed_rule_and_thin_bones_before_pressure() -> None:
    text = normalise(" ".join(q.text for q in QUESTIONS.quick))
    for words in ("a fall", "knock", "injury", "can't move", "can't bear", "few weeks"):
        assert words in text
    pressure_only = [q for q in QUESTIONS.quick if q.pressure_only]
    assert [q.tier for q in pressure_only] == [Tier.SOON]
    assert "thin bones" in pressure_only[0].text and "steroid" in pressure_only[0].text


@pytest.mark.parametrize("question", QUESTIONS.quick, ids=lambda q: q.id)
def test_quick_questions_are_short_enough_to_take_in_once(question) -> None:
    assert len(question.text.split()) <= MAX_QUESTION_WORDS
    assert question.text.count(", or ") + 1 <= 3, "at most three symptom groups, heard once"


def run(position: Position, answers: list[Answer]) -> tuple[list[tuple[int, int]], Outcome]:
    """Feed answers; return the (question, part) positions asked and the outcome."""
    step = first(QUESTIONS, position)
    asked = []
    for answer in answers:
        assert isinstance(step, Ask)
        asked.append((step.position.index, step.position.part))
        step = advance(QUESTIONS, step.position, answer)
        if isinstance(step, Outcome):
            return asked, step
    raise AssertionError(f"no outcome after {answers}")


@pytest.mark.parametrize("mode", [Mode.FULL, Mode.QUICK])
def test_yes_at_any_question_gives_its_tier_and_asks_nothing_later(mode: Mode) -> None:
    table = QUESTIONS.table(mode)
    for index, question in enumerate(table):
        asked, outcome = run(Position(mode, 0, pressure=True), [Answer.NO] * index + [Answer.YES])
        assert outcome.tier is question.tier
        assert max(i for i, _ in asked) == index


@pytest.mark.parametrize("pressure", [True, False])
def test_all_no_is_clear_and_pressure_questions_only_before_pressure_routines(
    pressure: bool,
) -> None:
    expected = [i for i, q in enumerate(QUESTIONS.quick) if pressure or not q.pressure_only]
    asked, outcome = run(Position(Mode.QUICK, 0, pressure=pressure), [Answer.NO] * len(expected))
    assert outcome == Outcome(Tier.CLEAR)
    assert [i for i, _ in asked] == expected


def test_unclear_asks_one_symptom_at_a_time_then_a_second_unclear_is_yes() -> None:
    position = Position(Mode.QUICK, 0)
    again = advance(QUESTIONS, position, Answer.UNSURE)
    assert again == Ask(Position(Mode.QUICK, 0, part=0), again=True)
    assert QUESTIONS.wording(again.position) == QUESTIONS.quick[0].simpler[0]
    assert QUESTIONS.wording(again.position) != QUESTIONS.quick[0].text
    second_part = advance(QUESTIONS, again.position, Answer.NO)
    assert second_part == Ask(Position(Mode.QUICK, 0, part=1))
    assert advance(QUESTIONS, second_part.position, Answer.UNSURE) == Outcome(
        Tier.EMERGENCY, assumed_yes=True, flag="E1"
    )


def test_every_part_no_moves_to_the_next_question() -> None:
    asked, outcome = run(
        Position(Mode.QUICK, 0),
        [Answer.UNSURE] + [Answer.NO] * len(QUESTIONS.quick[0].simpler) + [Answer.YES],
    )
    assert asked[-1] == (1, -1)
    assert outcome.tier is QUESTIONS.quick[1].tier


def test_seen_by_doctor_shortens_only_the_quick_check() -> None:
    step = seen_by_doctor(QUESTIONS, Position(Mode.QUICK, 0))
    assert step == Ask(Position(Mode.QUICK, 0, emergency_only=True))
    count = sum(q.tier is Tier.EMERGENCY for q in QUESTIONS.quick)
    asked, outcome = run(step.position, [Answer.NO] * count)
    assert [QUESTIONS.quick[i].tier for i, _ in asked] == [Tier.EMERGENCY] * count
    assert outcome == Outcome(Tier.CLEAR)
    assert seen_by_doctor(QUESTIONS, Position(Mode.FULL, 0)) is None
    assert seen_by_doctor(QUESTIONS, Position(Mode.FULL, 9)) is None


def test_a_single_question_is_asked_alone() -> None:
    position = Position(Mode.SINGLE, QUESTIONS.index_of("E1"))
    assert advance(QUESTIONS, position, Answer.NO) == Outcome(Tier.CLEAR)
    assert advance(QUESTIONS, position, Answer.YES).tier is Tier.EMERGENCY


def test_statements_and_areas_name_known_red_flags() -> None:
    flags = {q.id for q in QUESTIONS.full}
    assert {s.flag for s in QUESTIONS.statements.values()} <= flags
    assert {a.flag for a in QUESTIONS.areas.values()} <= flags
    direct = {s.flag for s in QUESTIONS.statements.values() if not s.ask}
    assert {f"E{n}" for n in range(1, 8)} <= direct, "every emergency item can be said outright"


def _drop_word(document, where: str, index: int, word: str, simpler: bool = False) -> None:
    entry = document[where][index]
    if simpler:
        entry["simpler"] = [part.replace(word, "something") for part in entry["simpler"]]
    else:
        entry["text"] = entry["text"].replace(word, "something")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: _drop_word(d, "quick", 0, "jaw"), "Q1 does not mention \\['E1.jaw'\\]"),
        (lambda d: _drop_word(d, "quick", 0, "jaw", True), "Q1 \\(simpler\\) does not mention"),
        (lambda d: _drop_word(d, "full", 3, "genitals"), "E4 does not mention \\['genitals'\\]"),
        (lambda d: d["quick"].pop(5), "quick check misses \\['E5.bladder'"),
        (lambda d: d["quick"][7].update(covers=["E7"]), "claim red flags of its own tier only"),
        (lambda d: d["quick"][3].update(covers=["E9"]), "covers unknown E9"),
        (lambda d: d["quick_requires"].update(covers=["U7"]), "quick check misses \\['U7.drugs'"),
        (
            lambda d: d["quick"][0].update(text=d["quick"][0]["text"] + " And so on" * 5),
            "too long",
        ),
        (lambda d: d["full"].reverse(), "most urgent tier down"),
        (lambda d: d["full"][0].pop("text"), "needs an id, a tier, text and simpler"),
        (lambda d: d["full"][0].update(tier="SOMETIME"), "needs an id, a tier, text and simpler"),
        (lambda d: d["statements"].update(x={"flag": "Z1"}), "statement x names an unknown"),
        (lambda d: d["areas"].update(x={"flag": "E1", "pain": "panic"}), "area x"),
    ],
)
def test_broken_triage_content_fails(change, message: str) -> None:
    document = copy.deepcopy(DOCUMENT)
    change(document)
    with pytest.raises(ContentError, match=message):
        parse_questions(document)
