"""Yes/no triage as a table: questions with tiers, and pure transitions between them.

The first YES decides the tier, so no answer is ever kept: the only state between turns is the
position in the check (and whether the current answer was unclear once). Question wording is per
locale in ``content/<locale>/triage.toml``.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from skill.prompts import CONTENT_DIR, DEFAULT_LOCALE, SUPPORTED_LOCALES, ContentError
from skill.slots import normalise


class Tier(StrEnum):
    """What the person should do, most urgent first."""

    EMERGENCY = "EMERGENCY"
    URGENT = "URGENT"
    SOON = "SOON"
    CLEAR = "CLEAR"


class Mode(StrEnum):
    FULL = "full"
    QUICK = "quick"


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


@dataclass(frozen=True)
class Question:
    id: str
    tier: Tier
    text: str


@dataclass(frozen=True)
class Questions:
    """The question tables of one locale."""

    full: tuple[Question, ...]
    quick: tuple[Question, ...]
    emergency_words: tuple[str, ...]

    def table(self, mode: Mode) -> tuple[Question, ...]:
        return self.full if mode is Mode.FULL else self.quick

    def sounds_like_emergency(self, heard: str) -> bool:
        """Whether words heard in a remedy or area slot describe an emergency symptom."""
        padded = f" {normalise(heard)} "
        return any(f" {word} " in padded for word in self.emergency_words)


@dataclass(frozen=True)
class Position:
    """Where a check stands: the question being asked, and if its answer was unclear once."""

    mode: Mode
    index: int
    unsure_once: bool = False
    #: Quick check only: the person said a doctor has seen it, so only emergency questions remain.
    emergency_only: bool = False


@dataclass(frozen=True)
class Ask:
    """Ask the question at ``position`` (``again`` when re-asking after an unclear answer)."""

    position: Position
    again: bool = False


@dataclass(frozen=True)
class Outcome:
    """The check is over; ``assumed_yes`` when an unclear answer was taken as yes."""

    tier: Tier
    assumed_yes: bool = False


def _next(questions: Questions, position: Position) -> Ask | Outcome:
    table = questions.table(position.mode)
    index = position.index + 1
    while index < len(table):
        if not position.emergency_only or table[index].tier is Tier.EMERGENCY:
            return Ask(replace(position, index=index, unsure_once=False))
        index += 1
    return Outcome(Tier.CLEAR)


def advance(questions: Questions, position: Position, answer: Answer) -> Ask | Outcome:
    """The transition table: YES ends with the question's tier; NO moves on (all NO is CLEAR);
    the first unclear answer re-asks, the second counts as YES."""
    question = questions.table(position.mode)[position.index]
    if answer is Answer.YES:
        return Outcome(question.tier)
    if answer is Answer.NO:
        return _next(questions, position)
    if not position.unsure_once:
        return Ask(replace(position, unsure_once=True), again=True)
    return Outcome(question.tier, assumed_yes=True)


def seen_by_doctor(questions: Questions, position: Position) -> Ask | Outcome:
    """ "A doctor has checked it": keep every emergency question, skip the rest (quick check)."""
    marked = replace(position, emergency_only=True)
    current = questions.table(position.mode)[position.index]
    if current.tier is Tier.EMERGENCY:
        return Ask(marked)
    return _next(questions, marked)


def _questions(entries: list[Mapping[str, Any]], where: str) -> tuple[Question, ...]:
    table = []
    for entry in entries:
        try:
            question = Question(str(entry["id"]), Tier(entry["tier"]), str(entry["text"]).strip())
        except (KeyError, ValueError):
            raise ContentError(f"{where}: each question needs an id, a tier and text") from None
        if not question.text or question.tier is Tier.CLEAR:
            raise ContentError(f"{where} {question.id}: empty text or CLEAR tier")
        table.append(question)
    order = list(Tier)
    ranks = [order.index(question.tier) for question in table]
    if ranks != sorted(ranks):
        raise ContentError(f"{where}: questions must run from the most urgent tier down")
    return tuple(table)


def parse_questions(document: Mapping[str, Any]) -> Questions:
    """Build and validate the question tables.

    Raises:
        ContentError: a question lacks a field, the tiers are out of order, or the quick check
            does not cover every emergency question of the full check.
    """
    full = _questions(document.get("full", []), "full check")
    quick = _questions(document.get("quick", []), "quick check")
    emergency_ids = {q.id for q in full if q.tier is Tier.EMERGENCY}
    covered = {c for entry in document.get("quick", []) for c in entry.get("covers", [])}
    if not emergency_ids or not emergency_ids <= covered:
        raise ContentError(
            f"quick check misses emergency questions {sorted(emergency_ids - covered)}"
        )
    words = tuple(normalise(w) for w in document.get("emergency_words", {}).get("words", []))
    return Questions(full, quick, words)


@functools.cache
def load_questions(content_dir: Path = CONTENT_DIR) -> Mapping[str, Questions]:
    """The triage questions of every supported locale (en-US where a locale has no file)."""
    result: dict[str, Questions] = {}
    for locale in SUPPORTED_LOCALES:
        path = content_dir / locale / "triage.toml"
        if not path.exists():
            path = content_dir / DEFAULT_LOCALE / "triage.toml"
        try:
            with path.open("rb") as handle:
                result[locale] = parse_questions(tomllib.load(handle))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ContentError(f"cannot read {path.name}: {error}") from None
    return result


def questions_for(locale: str | None) -> Questions:
    """The questions for a request's locale; unsupported locales get en-US."""
    tables = load_questions()
    return tables.get(locale or DEFAULT_LOCALE) or tables[DEFAULT_LOCALE]
