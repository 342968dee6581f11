"""Reminders in plain words: "every day at 5 PM", "tomorrow at 9 AM", "in 20 minutes". Pure."""

from __future__ import annotations

import datetime as dt

from skill.reminders.rules import ALL_DAYS, DAY_NAMES, WEEKDAYS, OneOff, Reminder

_UNITS = (("day", 86400), ("hour", 3600), ("minute", 60))


def clock(hour: int, minute: int) -> str:
    """5 PM, 7:30 AM, 12 noon."""
    if (hour, minute) == (12, 0):
        return "12 noon"
    suffix = "AM" if hour < 12 else "PM"
    shown = hour % 12 or 12
    return f"{shown} {suffix}" if minute == 0 else f"{shown}:{minute:02d} {suffix}"


def duration(seconds: int) -> str:
    """20 minutes, 1 hour, 1 hour and 30 minutes, 2 days (the two largest units, rounded down)."""
    parts = []
    rest = seconds
    for name, size in _UNITS:
        amount, rest = divmod(rest, size)
        if amount:
            parts.append(f"{amount} {name}{'' if amount == 1 else 's'}")
    return " and ".join(parts[:2]) or "1 minute"


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


def _day_in_words(day: dt.date, today: dt.date | None) -> str:
    if today is not None and day == today:
        return "today"
    if today is not None and day == today + dt.timedelta(days=1):
        return "tomorrow"
    name = DAY_NAMES[ALL_DAYS[day.weekday()]]
    if today is not None and today < day < today + dt.timedelta(days=7):
        return f"on {name}"
    return f"on {name}, {day.strftime('%B')} {day.day}"


def describe(reminder: Reminder, today: dt.date | None = None) -> str:
    """When a reminder goes off, in plain words ("every hour from 9 AM to 5 PM on weekdays",
    "tomorrow at 9 AM", "in 20 minutes"); ``today`` (local) lets one-offs say today or tomorrow.
    """
    if isinstance(reminder, OneOff):
        if reminder.at is None:
            return f"in {duration(reminder.after_s or 0)}"
        day = _day_in_words(reminder.at.date(), today)
        return f"{day} at {clock(reminder.at.hour, reminder.at.minute)}"
    days = _days_in_words(reminder.days)
    if len(reminder.hours) > 1:
        first, last = (
            clock(reminder.hours[0], reminder.minute),
            clock(reminder.hours[-1], reminder.minute),
        )
        return f"every hour from {first} to {last} {days}"
    return f"{days} at {clock(reminder.hours[0], reminder.minute)}"


def capitalised(words: str) -> str:
    """The first letter upper case, for the start of a sentence."""
    return words[:1].upper() + words[1:]


_COUNTS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_words(count: int) -> str:
    """Small counts as words ("two"), larger ones as digits."""
    return _COUNTS[count] if 0 <= count < len(_COUNTS) else str(count)


def listed(items: list[str]) -> str:
    """ "a", "a, and b", "a, b, and c"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]
