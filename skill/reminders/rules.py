"""Reminders as data: recurring schedules (RRULE) and one-off reminders, and their tokens. Pure.

Times are local to the device and carry no zone suffix (Amazon rejects ``Z`` and ``+00:00``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

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
#: A one-off reminder "in ..." must be at least a minute and at most a year ahead.
MIN_AFTER_S, MAX_AFTER_S = 60, 366 * 24 * 3600
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
    def from_data(cls, data: dict[str, Any]) -> Schedule:
        """The schedule a token's data describes. Raises ValueError, KeyError or TypeError."""
        return cls(
            Kind(data["k"]),
            tuple(int(h) for h in data["h"]),
            int(data["m"]),
            tuple(str(d) for d in data["d"]),
        ).checked()

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


@dataclass(frozen=True)
class OneOff:
    """A reminder that goes off once: at ``at``, a local time (SCHEDULED_ABSOLUTE without
    recurrence), or ``after_s`` seconds after it is set (SCHEDULED_RELATIVE)."""

    kind: Kind
    at: dt.datetime | None = None
    after_s: int | None = None

    def token(self) -> str:
        """A compact description that survives the AskFor round trip."""
        data: dict[str, Any] = {"k": self.kind.value}
        if self.at is not None:
            data["at"] = self.at.isoformat(timespec="minutes")
        else:
            data["in"] = self.after_s
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> OneOff:
        """The one-off reminder a token's data describes. Raises ValueError, KeyError or
        TypeError."""
        at = dt.datetime.fromisoformat(str(data["at"])) if "at" in data else None
        after = int(data["in"]) if "in" in data else None
        return cls(Kind(data["k"]), at, after).checked()

    def checked(self) -> OneOff:
        """Raise ValueError unless exactly one of ``at`` (naive) and ``after_s`` (in range) is
        set."""
        if (self.at is None) == (self.after_s is None):
            raise ValueError("a one-off reminder needs a time or a delay, not both")
        if self.at is not None and self.at.tzinfo is not None:
            raise ValueError("a one-off time is local, without a zone")
        if self.after_s is not None and not MIN_AFTER_S <= self.after_s <= MAX_AFTER_S:
            raise ValueError("delay out of range")
        return self


Reminder = Schedule | OneOff


def from_token(token: str | None) -> Reminder | None:
    """The reminder in a token (pending question or AskFor), or None if it is not one of ours."""
    try:
        data = json.loads(token or "")
        if not isinstance(data, dict):
            return None
        if "at" in data or "in" in data:
            return OneOff.from_data(data)
        return Schedule.from_data(data)
    except (ValueError, KeyError, TypeError):
        return None


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
