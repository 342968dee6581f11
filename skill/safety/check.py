"""Yes/no triage as a table: questions with tiers, and pure transitions between them.

The first YES decides the tier, so no answer is ever kept: the only state between turns is the
position in the check (which question, and which part of it when an unclear answer made us ask
one symptom at a time). Wording is per locale in ``content/<locale>/triage.toml``, loaded and
checked by :mod:`skill.safety.questions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


class Tier(StrEnum):
    """What the person should do, most urgent first."""

    EMERGENCY = "EMERGENCY"
    URGENT = "URGENT"
    SOON = "SOON"
    CLEAR = "CLEAR"


class Mode(StrEnum):
    #: Every red flag, one question each ("should I see a doctor").
    FULL = "full"
    #: The short screen before a routine.
    QUICK = "quick"
    #: One red flag's question, for something said that may be a warning sign.
    SINGLE = "single"


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


@dataclass(frozen=True)
class Question:
    """One yes/no question. ``simpler`` asks its symptoms one at a time."""

    id: str
    tier: Tier
    text: str
    simpler: tuple[str, ...]
    covers: tuple[str, ...] = ()
    #: Asked only before a routine that presses on the back (ball, roller, fingertips).
    pressure_only: bool = False


@dataclass(frozen=True)
class Statement:
    """Something a person may say about a symptom: its red flag, and whether it is ambiguous."""

    flag: str
    ask: bool = False
    #: The one question to ask when ambiguous: about what would make it an emergency, never
    #: the symptom just told ("my arm hurts" is not asked "any pain spreading into your arm?").
    question: str = ""


@dataclass(frozen=True)
class AreaRule:
    """A body area that is not the back: the red flag a knot or pain there may be about."""

    flag: str
    pain_is_emergency: bool
    then: str | None = None
    question: str = ""


@dataclass(frozen=True)
class Questions:
    """The triage content of one locale."""

    full: tuple[Question, ...]
    quick: tuple[Question, ...]
    statements: dict[str, Statement] = field(default_factory=dict)
    areas: dict[str, AreaRule] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    terms: dict[str, str] = field(default_factory=dict)
    pressure_caution: frozenset[str] = frozenset()

    def table(self, mode: Mode) -> tuple[Question, ...]:
        return self.quick if mode is Mode.QUICK else self.full

    def index_of(self, flag: str) -> int:
        """The full-check index of red flag ``flag`` (for a single question)."""
        return next(i for i, question in enumerate(self.full) if question.id == flag)

    def tier_of(self, flag: str) -> Tier:
        return self.full[self.index_of(flag)].tier

    def question(self, position: Position) -> Question:
        return self.table(position.mode)[position.index]

    def custom_question(self, variant: str) -> str:
        """The question of a statement ("s:id") or an area ("a:id"), if it has its own."""
        kind, _, name = variant.partition(":")
        found = self.statements.get(name) if kind == "s" else self.areas.get(name)
        return found.question if found is not None else ""

    def wording(self, position: Position) -> str:
        """What to say for ``position``: the whole question, or the part asked more simply."""
        custom = self.custom_question(position.variant) if position.variant else ""
        if custom:
            return custom
        question = self.question(position)
        if position.part < 0:
            return question.text
        return question.simpler[min(position.part, len(question.simpler) - 1)]


@dataclass(frozen=True)
class Position:
    """Where a check stands.

    Attributes:
        mode: which check.
        index: the question being asked.
        part: -1 for the whole question; otherwise the symptom being asked on its own, after an
            unclear answer.
        emergency_only: the person said a doctor has seen it (quick check), or said something
            unclear about a symptom: only the emergency questions remain.
        pressure: the routine waiting is a pressure routine, so its extra questions are asked.
    """

    mode: Mode
    index: int
    part: int = -1
    emergency_only: bool = False
    pressure: bool = False
    #: A single question asked in a statement's or area's own words ("s:id" or "a:id").
    variant: str = ""


@dataclass(frozen=True)
class Ask:
    """Ask at ``position`` (``again`` when re-asking after an unclear answer)."""

    position: Position
    again: bool = False


@dataclass(frozen=True)
class Outcome:
    """The check is over; ``assumed_yes`` when an unclear answer was taken as yes; ``flag`` is
    the red flag whose question decided it (never stored, only used to choose the reply)."""

    tier: Tier
    assumed_yes: bool = False
    flag: str | None = None


def _wanted(question: Question, position: Position) -> bool:
    if position.emergency_only and question.tier is not Tier.EMERGENCY:
        return False
    return position.pressure or not question.pressure_only


def first(questions: Questions, position: Position) -> Ask | Outcome:
    """The first question at or after ``position`` that this check asks."""
    if position.mode is Mode.SINGLE:
        return Ask(position)
    table = questions.table(position.mode)
    for index in range(position.index, len(table)):
        if _wanted(table[index], position):
            return Ask(replace(position, index=index, part=-1))
    return Outcome(Tier.CLEAR)


def _next(questions: Questions, position: Position) -> Ask | Outcome:
    if position.mode is Mode.SINGLE:
        return Outcome(Tier.CLEAR)
    return first(questions, replace(position, index=position.index + 1))


def _flag(question: Question) -> str:
    return question.covers[0].split(".")[0] if question.covers else question.id


def advance(questions: Questions, position: Position, answer: Answer) -> Ask | Outcome:
    """The transition table: YES ends with the question's tier; NO moves on (to the next part of
    a question asked one symptom at a time, or the next question; all NO is CLEAR); the first
    unclear answer asks again one symptom at a time, a second counts as YES."""
    question = questions.question(position)
    if answer is Answer.YES:
        return Outcome(question.tier, flag=_flag(question))
    parts = 1 if position.variant else len(question.simpler)
    if answer is Answer.NO:
        if 0 <= position.part < parts - 1:
            return Ask(replace(position, part=position.part + 1))
        return _next(questions, position)
    if position.part < 0:
        return Ask(replace(position, part=0), again=True)
    return Outcome(question.tier, assumed_yes=True, flag=_flag(question))


def previous(questions: Questions, position: Position) -> Ask | None:
    """The question asked before ``position`` (to change an answer); None at the first."""
    if position.mode is Mode.SINGLE:
        return None
    table = questions.table(position.mode)
    for index in range(position.index - 1, -1, -1):
        if _wanted(table[index], position):
            return Ask(replace(position, index=index, part=-1))
    return None


def seen_by_doctor(questions: Questions, position: Position) -> Ask | Outcome | None:
    """ "A doctor has checked it": in the quick check, keep every emergency question and skip the
    rest. Elsewhere nothing is skipped (None): a new symptom since the visit still matters."""
    if position.mode is not Mode.QUICK:
        return None
    marked = replace(position, emergency_only=True)
    if questions.question(position).tier is Tier.EMERGENCY:
        return Ask(marked)
    return _next(questions, marked)
