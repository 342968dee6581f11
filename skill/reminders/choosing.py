"""Which of the person's reminders they mean: "the stretch one", "the 5 pm one", "the first one",
"the weekday one", "the one-off one". Pure.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from skill.reminders.rules import ALL_DAYS, Kind, OneOff, Reminder, Schedule

#: The hours a vague part of the day (AMAZON.TIME ``MO``, ``AF``, ``EV``, ``NI``) covers.
PART_HOURS = {
    "MO": range(5, 12),
    "AF": range(12, 17),
    "EV": range(17, 21),
    "NI": (*range(21, 24), *range(0, 5)),
}
T = TypeVar("T")


def _hours_and_minute(reminder: Reminder) -> tuple[tuple[int, ...], int] | None:
    if isinstance(reminder, Schedule):
        return reminder.hours, reminder.minute
    if reminder.at is not None:
        return (reminder.at.hour,), reminder.at.minute
    return None


def _clock_fits(
    at: tuple[int, int], timing: tuple[tuple[int, ...], int] | None, loose: bool
) -> bool:
    """Whether a reminder going off at ``timing`` is "the one at ``at``" (loose: AM or PM)."""
    if timing is None or timing[1] != at[1]:
        return False
    if loose:
        return any(hour % 12 == at[0] % 12 for hour in timing[0])
    return at[0] in timing[0]


@dataclass(frozen=True)
class Pick:
    """What the person said about the reminder they mean; unset fields match anything."""

    kind: Kind | None = None
    at: tuple[int, int] | None = None
    part: str | None = None
    days: tuple[str, ...] | None = None
    once: bool | None = None
    #: 1-based position in the list Knot Helper just read out.
    position: int | None = None

    def merged(self, other: Pick) -> Pick:
        """This pick narrowed by ``other`` (its set fields win); the position is not kept."""
        fields = {name: value for name, value in vars(other).items() if value is not None}
        fields.pop("position", None)
        return replace(self, **fields)

    @property
    def says_something(self) -> bool:
        return self != Pick()

    def _fits(self, reminder: Reminder, loose_clock: bool) -> bool:
        timing = _hours_and_minute(reminder)
        hours = timing[0] if timing is not None else ()
        return all(
            (
                self.kind is None or reminder.kind is self.kind,
                self.once is None or isinstance(reminder, OneOff) is self.once,
                self.days is None
                or (isinstance(reminder, Schedule) and reminder.days == self.days),
                self.part is None or any(hour in PART_HOURS[self.part] for hour in hours),
                self.at is None or _clock_fits(self.at, timing, loose_clock),
            )
        )

    def choose(self, listed: list[tuple[T, Reminder]]) -> list[tuple[T, Reminder]]:
        """The reminders in ``listed`` (in the order read out) that this pick means.

        A time matches exactly first; if none does, "5" also matches 5 PM (Alexa may hear a time
        without AM or PM).
        """
        if self.position is not None:
            if not 1 <= self.position <= len(listed):
                return []
            listed = [listed[self.position - 1]]
        exact = [item for item in listed if self._fits(item[1], loose_clock=False)]
        if exact or self.at is None:
            return exact
        return [item for item in listed if self._fits(item[1], loose_clock=True)]

    def token(self) -> str:
        data: dict[str, Any] = {}
        if self.kind is not None:
            data["k"] = self.kind.value
        for name in ("at", "days"):
            value = getattr(self, name)
            if value is not None:
                data[name] = list(value)
        if self.part is not None:
            data["part"] = self.part
        if self.once is not None:
            data["once"] = self.once
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_token(cls, token: str | None) -> Pick:
        """The pick in a pending question; anything unreadable picks everything."""
        try:
            data = json.loads(token or "{}")
            at, days, part = data.get("at"), data.get("days"), data.get("part")
            return cls(
                kind=Kind(data["k"]) if "k" in data else None,
                at=(int(at[0]), int(at[1])) if at else None,
                part=part if part in PART_HOURS else None,
                days=tuple(d for d in days if d in ALL_DAYS) or None if days else None,
                once=data["once"] if isinstance(data.get("once"), bool) else None,
            )
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            return cls()
