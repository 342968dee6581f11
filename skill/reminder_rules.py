"""Reminder schedules: what the person asked for, as an RRULE, as words, and as a token. Pure.

Times are local to the device and carry no zone suffix (Amazon rejects ``Z`` and ``+00:00``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from enum import StrEnum

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
ALL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
#: AMAZON.TIME's vague values.
PARTS_OF_DAY = {"MO": (9, 0), "AF": (15, 0), "EV": (18, 0), "NI": (21, 0)}
WORKDAY = (9, 17)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_RULE = re.compile(
    r"^FREQ=(?P<freq>DAILY|WEEKLY);(?:BYDAY=(?P<days>[A-Z,]+);)?BYHOUR=(?P<hours>[\d,]+);"
    r"BYMINUTE=(?P<minute>\d+);BYSECOND=0;INTERVAL=1;$"
)


class Kind(StrEnum):
    """What a reminder is for; each has its own neutral, short text."""

    STRETCH = "stretch"
    MOVE = "move"


@dataclass(frozen=True)
class Schedule:
    """A recurring reminder: at ``minute`` past each of ``hours`` on ``days`` (all = every day)."""

    kind: Kind
    hours: tuple[int, ...]
    minute: int = 0
    days: tuple[str, ...] = ALL_DAYS

    def rrule(self) -> str:
        """The recurrence rule Amazon expects (``FREQ=DAILY`` or ``WEEKLY;BYDAY=...``)."""
        hours = ",".join(str(hour) for hour in self.hours)
        by_day = "" if self.days == ALL_DAYS else f"BYDAY={','.join(self.days)};"
        freq = "DAILY" if self.days == ALL_DAYS else "WEEKLY"
        return f"FREQ={freq};{by_day}BYHOUR={hours};BYMINUTE={self.minute};BYSECOND=0;INTERVAL=1;"

    def first_time(self, now: dt.datetime) -> dt.datetime:
        """The next matching local time after ``now`` (naive, no zone), for ``startDateTime``."""
        naive = now.replace(tzinfo=None, microsecond=0)
        for offset in range(8):
            day = (naive + dt.timedelta(days=offset)).date()
            if ALL_DAYS[day.weekday()] not in self.days:
                continue
            for hour in self.hours:
                moment = dt.datetime.combine(day, dt.time(hour, self.minute))
                if moment > naive:
                    return moment
        raise ValueError("schedule never fires")

    def token(self) -> str:
        """A compact description that survives the AskFor round trip."""
        return json.dumps(
            {"k": self.kind.value, "h": list(self.hours), "m": self.minute, "d": list(self.days)},
            separators=(",", ":"),
        )

    @classmethod
    def from_token(cls, token: str | None) -> Schedule | None:
        """The schedule in an AskFor token, or None if it is not one of ours."""
        try:
            data = json.loads(token or "")
            return cls(
                Kind(data["k"]),
                tuple(int(h) for h in data["h"]),
                int(data["m"]),
                tuple(str(d) for d in data["d"]),
            ).checked()
        except (ValueError, KeyError, TypeError):
            return None

    @classmethod
    def from_rrule(cls, kind: Kind, rule: str) -> Schedule | None:
        """Parse one of our own rules back (for listing); None for anything else."""
        match = _RULE.match(rule)
        if match is None:
            return None
        days = tuple(match["days"].split(",")) if match["days"] else ALL_DAYS
        hours = tuple(int(hour) for hour in match["hours"].split(","))
        try:
            return cls(kind, hours, int(match["minute"]), days).checked()
        except ValueError:
            return None

    def checked(self) -> Schedule:
        """Raise ValueError unless every field is a possible value."""
        if not self.hours or any(not 0 <= hour <= 23 for hour in self.hours):
            raise ValueError("hours out of range")
        if not 0 <= self.minute <= 59 or not self.days or set(self.days) - set(ALL_DAYS):
            raise ValueError("minute or days out of range")
        return self


def parse_time(value: str | None) -> tuple[int, int] | None:
    """An AMAZON.TIME value (``17:00``, ``07:30``, ``EV``) as (hour, minute)."""
    if not value:
        return None
    if value in PARTS_OF_DAY:
        return PARTS_OF_DAY[value]
    match = _TIME.match(value)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    return (hour, minute) if hour <= 23 and minute <= 59 else None


def day_code(value: str | None) -> str | None:
    """An AMAZON.DayOfWeek value ("monday", "Mondays") as an RRULE day code."""
    if not value:
        return None
    prefix = value.strip().lower()[:2]
    return next((code for code, name in DAY_NAMES.items() if name.lower()[:2] == prefix), None)


def clock(hour: int, minute: int) -> str:
    """5 PM, 7:30 AM, 12 noon."""
    if (hour, minute) == (12, 0):
        return "12 noon"
    suffix = "AM" if hour < 12 else "PM"
    shown = hour % 12 or 12
    return f"{shown} {suffix}" if minute == 0 else f"{shown}:{minute:02d} {suffix}"


def _days_in_words(days: tuple[str, ...]) -> str:
    if days == ALL_DAYS:
        return "every day"
    if days == WEEKDAYS:
        return "on weekdays"
    if days == ("SA", "SU"):
        return "at weekends"
    names = [DAY_NAMES[day] + "s" for day in days]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"on {listed}"


def describe(schedule: Schedule) -> str:
    """The schedule in plain words: "every day at 5 PM", "every hour from 9 AM to 5 PM on
    weekdays"."""
    days = _days_in_words(schedule.days)
    if len(schedule.hours) > 1:
        first, last = (
            clock(schedule.hours[0], schedule.minute),
            clock(schedule.hours[-1], schedule.minute),
        )
        return f"every hour from {first} to {last} {days}"
    return f"{days} at {clock(schedule.hours[0], schedule.minute)}"
