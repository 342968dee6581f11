"""What a person asked for, before it is a reminder: maybe without a time yet, maybe corrected
("no, 5 pm", "just once", "in 30 minutes"). Pure.

A :class:`Wish` lives in the session while Knot Helper asks for the time or confirms; ``reminder``
turns it into a :class:`~skill.reminders.rules.Schedule` or
:class:`~skill.reminders.rules.OneOff` once it knows enough.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, replace
from typing import Any

from skill.reminders.rules import (
    ALL_DAYS,
    MAX_AFTER_S,
    MIN_AFTER_S,
    PARTS_OF_DAY,
    WEEKDAYS,
    Kind,
    OneOff,
    Reminder,
    Schedule,
    parse_time,
)

_DURATION = re.compile(
    r"^P(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?)?$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_duration(value: str | None) -> int | None:
    """An AMAZON.DURATION value (``PT20M``, ``PT1H30M``, ``P1D``) in seconds, if a one-off
    reminder can be that far ahead."""
    match = _DURATION.match(value or "")
    if match is None:
        return None
    seconds = sum(
        int(amount) * _SECONDS[unit] for unit, amount in match.groupdict().items() if amount
    )
    return seconds if MIN_AFTER_S <= seconds <= MAX_AFTER_S else None


def parse_date(value: str | None) -> dt.date | None:
    """An AMAZON.DATE value naming one day (``2026-11-23``); weeks, months and the like: None."""
    if not value or not _DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class Change:
    """What one answer says about a reminder; everything optional."""

    #: An exact time of day, or None.
    at: tuple[int, int] | None = None
    #: A vague part of the day (``MO``, ``AF``, ``EV``, ``NI``) said without a time.
    part: str | None = None
    after_s: int | None = None
    date: dt.date | None = None
    #: True for "just once", False for "every day", None when not said.
    once: bool | None = None

    @classmethod
    def of(
        cls,
        time: str | None = None,
        duration: str | None = None,
        date: str | None = None,
        once: bool | None = None,
    ) -> Change:
        """A change from slot values (AMAZON.TIME, AMAZON.DURATION, AMAZON.DATE)."""
        part = time if time in PARTS_OF_DAY else None
        at = None if part else parse_time(time)
        return cls(at, part, parse_duration(duration), parse_date(date), once)

    @property
    def is_empty(self) -> bool:
        return self == Change()


def _in_half_of_day(at: tuple[int, int] | None, part: str) -> tuple[int, int]:
    """ "In the evening" after "5 AM" means 5 PM; with no time yet, the part's usual hour."""
    if at is None:
        return PARTS_OF_DAY[part]
    hour, minute = at
    if part == "MO" and hour >= 12:
        return hour - 12, minute
    if part != "MO" and hour < 12:
        return hour + 12, minute
    return at


@dataclass(frozen=True)
class Wish:
    """A reminder request, complete or not."""

    kind: Kind
    at: tuple[int, int] | None = None
    days: tuple[str, ...] = ALL_DAYS
    once: bool = False
    date: dt.date | None = None
    after_s: int | None = None
    #: Hourly movement breaks: the first and last hour (weekdays).
    hourly: tuple[int, int] | None = None

    def revised(self, change: Change) -> Wish:
        """This wish with an answer or correction applied."""
        if change.after_s is not None:
            return Wish(self.kind, after_s=change.after_s)
        wish = self
        if wish.after_s is not None and (change.at or change.part or change.date):
            wish = replace(wish, after_s=None, once=True)
        if change.once is True:
            wish = replace(wish, once=True, hourly=None)
        elif change.once is False:
            wish = replace(wish, once=False, date=None, after_s=None)
        if change.date is not None:
            wish = replace(wish, once=True, date=change.date, hourly=None)
        if change.at is not None:
            wish = replace(wish, at=change.at, hourly=None)
        elif change.part is not None:
            wish = replace(wish, at=_in_half_of_day(wish.at, change.part), hourly=None)
        return wish

    @property
    def needs_clock(self) -> bool:
        """Whether the reminder depends on the local time now (one time, today or another day)."""
        return (
            self.after_s is None
            and self.hourly is None
            and self.at is not None
            and (self.once or self.date is not None)
        )

    def reminder(self, now: dt.datetime | None) -> Reminder | None:
        """The reminder this wish asks for; None until Knot Helper knows when (a time, or a
        delay).

        Args:
            now: the device's local time, needed when :attr:`needs_clock` (a one-off at a time
                goes off at its next occurrence, on its date if one was said).
        """
        if self.after_s is not None:
            return OneOff(self.kind, after_s=self.after_s)
        if self.hourly is not None:
            first, last = self.hourly
            return Schedule(self.kind, tuple(range(first, last + 1)), 0, WEEKDAYS)
        if self.at is None:
            return None
        if not (self.once or self.date):
            return Schedule(self.kind, (self.at[0],), self.at[1], self.days)
        if now is None:
            raise ValueError("a one-off reminder at a time needs the local time now")
        moment = dt.datetime.combine(self.date or now.date(), dt.time(*self.at))
        if moment <= now:
            moment = Schedule(self.kind, (self.at[0],), self.at[1]).first_time(now)
        return OneOff(self.kind, at=moment)

    @classmethod
    def of(cls, reminder: Reminder) -> Wish:
        """The wish a reminder answers (to apply a correction to it)."""
        if isinstance(reminder, OneOff):
            if reminder.at is None:
                return cls(reminder.kind, after_s=reminder.after_s)
            at = (reminder.at.hour, reminder.at.minute)
            return cls(reminder.kind, at=at, once=True, date=reminder.at.date())
        if len(reminder.hours) > 1:
            return cls(reminder.kind, hourly=(reminder.hours[0], reminder.hours[-1]))
        return cls(reminder.kind, at=(reminder.hours[0], reminder.minute), days=reminder.days)

    def token(self) -> str:
        data: dict[str, Any] = {"k": self.kind.value, "d": list(self.days), "o": self.once}
        if self.at is not None:
            data["t"] = list(self.at)
        if self.date is not None:
            data["date"] = self.date.isoformat()
        if self.after_s is not None:
            data["in"] = self.after_s
        if self.hourly is not None:
            data["hourly"] = list(self.hourly)
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_token(cls, token: str | None) -> Wish | None:
        """The wish in a pending question's token; None if it is not a possible one."""
        try:
            data = json.loads(token or "")
            at, hourly = data.get("t"), data.get("hourly")
            wish = cls(
                Kind(data["k"]),
                at=(int(at[0]), int(at[1])) if at else None,
                days=tuple(str(day) for day in data.get("d") or ALL_DAYS),
                once=bool(data.get("o", False)),
                date=dt.date.fromisoformat(data["date"]) if data.get("date") else None,
                after_s=int(data["in"]) if data.get("in") is not None else None,
                hourly=(int(hourly[0]), int(hourly[1])) if hourly else None,
            )
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None
        return wish if wish._possible() else None

    def _possible(self) -> bool:
        hours = [*(self.at[:1] if self.at else ()), *(self.hourly or ())]
        return (
            all(0 <= hour <= 23 for hour in hours)
            and (self.at is None or 0 <= self.at[1] <= 59)
            and bool(self.days)
            and not set(self.days) - set(ALL_DAYS)
            and (self.after_s is None or MIN_AFTER_S <= self.after_s <= MAX_AFTER_S)
            and (self.hourly is None or self.hourly[0] < self.hourly[1])
        )
