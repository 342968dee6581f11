"""Routines and tips as data: loaded once from ``content/<locale>/routines.toml``, validated.

A locale without its own file uses en-US. Validation fails start-up on a missing field, an
unknown or missing stop rule, a duration no one could follow by voice, or a timed step with too
little time to get into position.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skill.speech.prompts import (
    CONTENT_DIR,
    DEFAULT_LOCALE,
    LOCALE_FIELDS,
    SUPPORTED_LOCALES,
    ContentError,
    placeholders,
)

#: Every routine must say these; a pressure routine must say who should not do it ("injury");
#: equipment on the back must say where it may go.
UNIVERSAL_STOP_RULES = frozenset({"sharp"})
PRESSURE_STOP_RULES = frozenset({"injury"})
EQUIPMENT_STOP_RULES = {"tennis_ball": frozenset({"spine"}), "foam_roller": frozenset({"roller"})}
MAX_HOLD_S = 120
MAX_REPS = 20
#: One spoken reply must stay well within what a person (and Alexa) can follow.
MAX_STEP_SECONDS = 200
#: Seconds (at normal pace) to get into position before a hold starts, unless a step says more.
DEFAULT_SETTLE_S = 4
MIN_SETTLE_S, MAX_SETTLE_S = 3, 15
#: How a timed step ends: the cue that fits what the body was doing.
END_CUES = frozenset({"release", "relax", "stop", "rest"})


@dataclass(frozen=True)
class Step:
    """One instruction, with its timing."""

    text: str
    hold: int = 0
    reps: int = 1
    sides: bool = False
    #: Seconds to get into position before the hold (and again after switching sides).
    settle: int = 0
    #: The cue after the hold: release (a stretch or pressure), relax (counted repetitions),
    #: stop (rolling, circling, stroking), rest (lying still).
    ends_with: str = "release"

    @property
    def is_timed(self) -> bool:
        return self.hold > 0

    @property
    def timed_seconds(self) -> int:
        """Seconds of timed silence across every repetition and side."""
        return self.hold * self.reps * (2 if self.sides else 1)


@dataclass(frozen=True)
class Routine:
    """A guided routine."""

    id: str
    title: str
    source: str
    intro: str
    stop_rules: tuple[str, ...]
    steps: tuple[Step, ...]
    outro: str
    #: Presses on the back (ball, roller, fingertips): not for everyone.
    pressure: bool = False
    #: The routine to offer when this one ends.
    next: str | None = None
    #: The position to get back into when resuming part-way through ("" if none).
    setup: str = ""
    #: What to use without the routine's equipment ("" if it needs none).
    instead: str = ""


@dataclass(frozen=True)
class Tip:
    """A short piece of advice, askable on its own."""

    id: str
    title: str
    source: str
    text: str
    #: A routine to offer after the tip.
    offer: str | None = None


@dataclass(frozen=True)
class Library:
    """All routines and tips of one locale, in order."""

    routines: Mapping[str, Routine]
    tips: Mapping[str, Tip]
    stop_rules: Mapping[str, str]
    #: Body area id -> the routine that suits a knot there.
    areas: Mapping[str, str]
    #: Requests for one step ("a chest stretch"): id -> (routine id, step index).
    entries: Mapping[str, tuple[str, int]] = field(default_factory=dict)

    def stop_rule_texts(self, routine: Routine) -> list[str]:
        return [self.stop_rules[key] for key in routine.stop_rules]


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where} lacks {key}")
    return value.strip()


def _step(table: Mapping[str, Any], where: str) -> Step:
    hold, reps = table.get("hold", 0), table.get("reps", 1)
    if not isinstance(hold, int) or not 0 <= hold <= MAX_HOLD_S:
        raise ContentError(f"{where} hold must be 0 to {MAX_HOLD_S} seconds")
    if not isinstance(reps, int) or not 1 <= reps <= MAX_REPS:
        raise ContentError(f"{where} reps must be 1 to {MAX_REPS}")
    if reps > 1 and hold == 0:
        raise ContentError(f"{where} counts repetitions but gives no time for them")
    if hold == 0 and ({"settle", "ends_with"} & set(table)):
        raise ContentError(f"{where} is untimed, so it takes no settle or ends_with")
    step = Step(
        text=_text(table, "text", where),
        hold=hold,
        reps=reps,
        sides=table.get("sides", False),
        settle=table.get("settle", DEFAULT_SETTLE_S if hold else 0),
        ends_with=table.get("ends_with", "relax" if reps > 1 else "release"),
    )
    if step.is_timed and not (
        isinstance(step.settle, int) and MIN_SETTLE_S <= step.settle <= MAX_SETTLE_S
    ):
        raise ContentError(f"{where} settle must be {MIN_SETTLE_S} to {MAX_SETTLE_S} seconds")
    if step.ends_with not in END_CUES:
        raise ContentError(f"{where} ends_with must be one of {sorted(END_CUES)}")
    if step.timed_seconds > MAX_STEP_SECONDS:
        raise ContentError(f"{where} takes {step.timed_seconds} s; at most {MAX_STEP_SECONDS}")
    return step


def _routine(table: Mapping[str, Any], stop_rules: Mapping[str, str]) -> Routine:
    routine_id = _text(table, "id", "a routine")
    where = f"routine {routine_id}"
    rules = tuple(table.get("stop_rules", ()))
    unknown = set(rules) - set(stop_rules)
    if unknown:
        raise ContentError(f"{where} names unknown stop rules {sorted(unknown)}")
    pressure = table.get("pressure") is True
    required = (
        set(UNIVERSAL_STOP_RULES)
        | (PRESSURE_STOP_RULES if pressure else set())
        | EQUIPMENT_STOP_RULES.get(routine_id, set())
    )
    if not required <= set(rules):
        raise ContentError(f"{where} lacks stop rules {sorted(required - set(rules))}")
    steps = tuple(
        _step(step, f"{where} step {number}")
        for number, step in enumerate(table.get("step", []), start=1)
    )
    if not steps:
        raise ContentError(f"{where} has no steps")
    return Routine(
        id=routine_id,
        title=_text(table, "title", where),
        source=_text(table, "source", where),
        intro=_text(table, "intro", where),
        stop_rules=rules,
        steps=steps,
        outro=_text(table, "outro", where),
        pressure=pressure,
        next=str(table["next"]) if table.get("next") else None,
        setup=str(table.get("setup", "")).strip(),
        instead=str(table.get("instead", "")).strip(),
    )


def _tip(table: Mapping[str, Any]) -> Tip:
    tip_id = _text(table, "id", "a tip")
    where = f"tip {tip_id}"
    unknown = placeholders(_text(table, "text", where)) - set(LOCALE_FIELDS)
    if unknown:
        raise ContentError(f"{where} uses unknown placeholders {sorted(unknown)}")
    return Tip(
        tip_id,
        _text(table, "title", where),
        _text(table, "source", where),
        _text(table, "text", where),
        str(table["offer"]) if table.get("offer") else None,
    )


def parse_library(document: Mapping[str, Any]) -> Library:
    """Build and validate a library from a parsed ``routines.toml``.

    Raises:
        ContentError: the document breaks a rule (see the module docstring).
    """
    stop_rules = {key: str(text) for key, text in document.get("stop_rules", {}).items()}
    routines = [_routine(table, stop_rules) for table in document.get("routine", [])]
    tips = [_tip(table) for table in document.get("tip", [])]
    ids = [routine.id for routine in routines] + [tip.id for tip in tips]
    duplicated = {item for item in ids if ids.count(item) > 1}
    if duplicated:
        raise ContentError(f"duplicate ids {sorted(duplicated)}")
    if not routines:
        raise ContentError("no routines")
    areas = {str(area): str(target) for area, target in document.get("areas", {}).items()}
    strays = {target for target in areas.values()} - {routine.id for routine in routines}
    if strays:
        raise ContentError(f"areas point at unknown routines {sorted(strays)}")
    by_id = {routine.id: routine for routine in routines}
    wrong_next = {r.id for r in routines if r.next is not None and r.next not in by_id}
    wrong_next |= {t.id for t in tips if t.offer is not None and t.offer not in by_id}
    if wrong_next:
        raise ContentError(f"routines {sorted(wrong_next)} offer an unknown next routine")
    return Library(
        routines=by_id,
        tips={tip.id: tip for tip in tips},
        stop_rules=stop_rules,
        areas=areas,
        entries=_entries(document, by_id),
    )


def _entries(
    document: Mapping[str, Any], routines: Mapping[str, Routine]
) -> dict[str, tuple[str, int]]:
    entries = {}
    for name, entry in document.get("entries", {}).items():
        routine = routines.get(str(entry.get("routine")))
        step = entry.get("step")
        if routine is None or not isinstance(step, int) or not 1 <= step <= len(routine.steps):
            raise ContentError(f"entry {name} must name a routine and one of its step numbers")
        entries[str(name)] = (routine.id, step - 1)
    return entries


@functools.cache
def load_libraries(content_dir: Path = CONTENT_DIR) -> Mapping[str, Library]:
    """The library of every supported locale (en-US where a locale has no file of its own)."""
    parsed: dict[Path, Library] = {}
    libraries: dict[str, Library] = {}
    for locale in SUPPORTED_LOCALES:
        path = content_dir / locale / "routines.toml"
        if not path.exists():
            path = content_dir / DEFAULT_LOCALE / "routines.toml"
        if path not in parsed:
            try:
                with path.open("rb") as handle:
                    parsed[path] = parse_library(tomllib.load(handle))
            except (OSError, tomllib.TOMLDecodeError) as error:
                raise ContentError(f"cannot read {path.name}: {error}") from None
        libraries[locale] = parsed[path]
    return libraries


def library_for(locale: str | None) -> Library:
    """The library for a request's locale; unsupported locales get en-US."""
    libraries = load_libraries()
    return libraries.get(locale or DEFAULT_LOCALE) or libraries[DEFAULT_LOCALE]
