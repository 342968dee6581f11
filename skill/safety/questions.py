"""Loads the triage content of every locale and checks it at start-up.

The checks that matter clinically: every question's words name every symptom of each red flag it
claims (its own red flag in the full check; ``covers`` in the quick check), the simpler one-at-a-
time wording asks about the same symptoms, the quick check covers every symptom of every
emergency red flag plus what ``quick_requires`` lists, and each question keeps to one tier.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from skill.safety.check import AreaRule, Question, Questions, Statement, Tier
from skill.speech.prompts import CONTENT_DIR, DEFAULT_LOCALE, SUPPORTED_LOCALES, ContentError
from skill.speech.slots import normalise

#: A question heard once must be short: about twenty words.
MAX_QUESTION_WORDS = 22

Symptoms = dict[str, dict[str, tuple[str, ...]]]


def _says(text: str, words: tuple[str, ...]) -> bool:
    padded = f" {normalise(text)} "
    return any(f" {normalise(word)} " in padded for word in words)


def _check_words(where: str, text: str, wanted: Mapping[str, tuple[str, ...]]) -> None:
    missing = sorted(name for name, words in wanted.items() if not _says(text, words))
    if missing:
        raise ContentError(f"{where} does not mention {missing}")


def _question(entry: Mapping[str, Any], where: str) -> Question:
    try:
        question = Question(
            id=str(entry["id"]),
            tier=Tier(entry["tier"]),
            text=str(entry["text"]).strip(),
            simpler=tuple(str(part).strip() for part in entry["simpler"]),
            covers=tuple(str(c) for c in entry.get("covers", ())),
            pressure_only=entry.get("pressure_only") is True,
        )
    except (KeyError, ValueError, TypeError):
        raise ContentError(
            f"{where}: each question needs an id, a tier, text and simpler"
        ) from None
    if not question.text or not question.simpler or question.tier is Tier.CLEAR:
        raise ContentError(f"{where} {question.id}: empty text or simpler, or CLEAR tier")
    return question


def _in_tier_order(table: tuple[Question, ...], where: str) -> None:
    order = list(Tier)
    ranks = [order.index(question.tier) for question in table]
    if ranks != sorted(ranks):
        raise ContentError(f"{where}: questions must run from the most urgent tier down")


def _symptoms(entries: list[Mapping[str, Any]]) -> Symptoms:
    found: Symptoms = {}
    for entry in entries:
        table = entry.get("symptoms")
        if not isinstance(table, Mapping) or not table:
            raise ContentError(f"full check {entry.get('id')}: list its symptoms")
        found[str(entry["id"])] = {name: tuple(words) for name, words in table.items()}
    return found


def _claimed(covers: tuple[str, ...], symptoms: Symptoms, where: str) -> dict[str, tuple[str, ...]]:
    """The symptoms (``FLAG.name`` -> words) that ``covers`` claims."""
    claimed: dict[str, tuple[str, ...]] = {}
    for claim in covers:
        flag, _, name = claim.partition(".")
        if flag not in symptoms or (name and name not in symptoms[flag]):
            raise ContentError(f"{where} covers unknown {claim}")
        for symptom, words in symptoms[flag].items():
            if not name or symptom == name:
                claimed[f"{flag}.{symptom}"] = words
    return claimed


def _check_length(text: str, where: str) -> None:
    if len(text.split()) > MAX_QUESTION_WORDS:
        raise ContentError(f"{where} is too long to take in when heard once")


def _check_naming(question: Question, claimed: Mapping[str, tuple[str, ...]], where: str) -> None:
    """The question, and its simpler wording, name every symptom it claims."""
    _check_words(f"{where} {question.id}", question.text, claimed)
    _check_words(f"{where} {question.id} (simpler)", " ".join(question.simpler), claimed)


def _check_question(question: Question, claimed: Mapping[str, tuple[str, ...]], where: str) -> None:
    """A quick check question: it names its symptoms and is short enough to take in at once
    (full check questions may be longer)."""
    _check_naming(question, claimed, where)
    _check_length(question.text, f"{where} {question.id}")


def parse_questions(document: Mapping[str, Any]) -> Questions:
    """Build and check a locale's triage content.

    Raises:
        ContentError: a field is missing, tiers are out of order, a question does not name the
            symptoms it claims, the quick check leaves out an emergency symptom or a required
            one, or a statement or area names an unknown red flag.
    """
    full_entries = list(document.get("full", []))
    full = tuple(_question(entry, "full check") for entry in full_entries)
    symptoms = _symptoms(full_entries)
    tiers = {question.id: question.tier for question in full}
    for question in full:
        _check_naming(question, symptoms[question.id], "full check")
    quick = tuple(_question(entry, "quick check") for entry in document.get("quick", []))
    covered: set[str] = set()
    for question in quick:
        claimed = _claimed(question.covers, symptoms, f"quick check {question.id}")
        if not claimed or {tiers[c.split(".")[0]] for c in claimed} != {question.tier}:
            raise ContentError(f"quick check {question.id}: claim red flags of its own tier only")
        _check_question(question, claimed, "quick check")
        covered |= set(claimed)
    for where, table in (("full check", full), ("quick check", quick)):
        _in_tier_order(table, where)
    required = [flag for flag, tier in tiers.items() if tier is Tier.EMERGENCY]
    required += list(document.get("quick_requires", {}).get("covers", []))
    missing = sorted(set(_claimed(tuple(required), symptoms, "quick_requires")) - covered)
    if missing:
        raise ContentError(f"quick check misses {missing}")
    return Questions(
        full=full,
        quick=quick,
        statements=_statements(document, tiers),
        areas=_areas(document, tiers),
        reasons={str(k): str(v) for k, v in document.get("reasons", {}).items()},
        terms={str(k): str(v) for k, v in document.get("terms", {}).items()},
        pressure_caution=frozenset(document.get("pressure_caution", {}).get("flags", [])),
    )


def _statements(document: Mapping[str, Any], tiers: Mapping[str, Tier]) -> dict[str, Statement]:
    statements = {}
    for name, entry in document.get("statements", {}).items():
        if entry.get("flag") not in tiers:
            raise ContentError(f"statement {name} names an unknown red flag")
        statement = Statement(
            str(entry["flag"]), entry.get("ask") is True, str(entry.get("question", "")).strip()
        )
        _check_length(statement.question, f"statement {name}")
        statements[str(name)] = statement
    return statements


def _areas(document: Mapping[str, Any], tiers: Mapping[str, Tier]) -> dict[str, AreaRule]:
    areas = {}
    for name, entry in document.get("areas", {}).items():
        if entry.get("flag") not in tiers or entry.get("pain") not in {"emergency", "ask"}:
            raise ContentError(f"area {name}: a known red flag, and pain = emergency or ask")
        then = entry.get("then")
        areas[str(name)] = AreaRule(
            str(entry["flag"]),
            entry["pain"] == "emergency",
            str(then) if then else None,
            str(entry.get("question", "")).strip(),
        )
        _check_length(areas[str(name)].question, f"area {name}")
    return areas


@functools.cache
def load_questions(content_dir: Path = CONTENT_DIR) -> Mapping[str, Questions]:
    """The triage content of every supported locale (en-US where a locale has no file)."""
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
    """The triage content for a request's locale; unsupported locales get en-US."""
    tables = load_questions()
    return tables.get(locale or DEFAULT_LOCALE) or tables[DEFAULT_LOCALE]
