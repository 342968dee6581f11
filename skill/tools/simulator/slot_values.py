"""Built-in slot values as Alexa fills them, from spoken words: AMAZON.TIME ("5 pm", "half past
five", "in the evening"), AMAZON.DURATION ("20 minutes"), AMAZON.DATE ("tomorrow"),
AMAZON.Ordinal ("the second") and AMAZON.DayOfWeek. An approximation for the local simulator.
"""

from __future__ import annotations

import datetime as dt
import re

_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_MINUTES = {"fifteen": 15, "thirty": 30, "forty five": 45, "o'clock": 0, "oh five": 5}
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
_NAMED_TIMES = {"noon": "12:00", "midday": "12:00", "12 noon": "12:00", "midnight": "00:00"}
_PAST = re.compile(r"^(?P<part>half|quarter) (?P<dir>past|to) (?P<rest>.+)$")
_UNITS = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W"}
_AMOUNT = re.compile(
    r"^(?P<n>\d+|a|an|" + "|".join(_NUMBERS) + r"|twenty|thirty|forty|forty five|fifteen|ninety)"
    r" (?P<unit>second|minute|hour|day|week)s?$"
)
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "forty five": 45, "fifteen": 15, "ninety": 90}
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = re.compile(
    r"^(?P<hour>\d{1,2}|" + "|".join(_NUMBERS) + r")"
    r"(?:[: ](?P<minute>\d{2}|" + "|".join(_MINUTES) + r"))?"
    r"\s*(?P<half>a\.?m\.?|p\.?m\.?|in the morning|in the afternoon|in the evening|at night)?$"
)


def _past_or_to(words: str) -> str | None:
    """ "half past five" -> "05:30", "quarter to six" -> "05:45"."""
    past = _PAST.match(words)
    whole = amazon_time(past["rest"]) if past is not None else None
    if past is None or whole is None or not whole[:2].isdigit() or whole[3:] != "00":
        return None
    step = 30 if past["part"] == "half" else 15
    minutes = int(whole[:2]) * 60 + (step if past["dir"] == "past" else -step)
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def amazon_time(words: str) -> str | None:
    """An AMAZON.TIME value for spoken words: "5 pm" -> "17:00", "evening" -> "EV", "half past
    five" -> "05:30"."""
    words = words.removeprefix("at ").removeprefix("in the ").strip()
    if words in _PARTS:
        return _PARTS[words]
    if _PAST.match(words):
        return _past_or_to(words)
    if words in _NAMED_TIMES:
        return _NAMED_TIMES[words]
    match = _TIME.match(words)
    if match is None:
        return None
    hour_word = match["hour"]
    hour = int(hour_word) if hour_word.isdigit() else _NUMBERS[hour_word]
    minute_word = match["minute"] or "o'clock"
    minute = int(minute_word) if minute_word.isdigit() else _MINUTES[minute_word]
    half = (match["half"] or "").replace(".", "")
    if half in {"pm", "in the afternoon", "in the evening", "at night"} and hour < 12:
        hour += 12
    if half in {"am", "in the morning"} and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def amazon_duration(words: str) -> str | None:
    """An AMAZON.DURATION value: "20 minutes" -> "PT20M", "an hour and a half" -> "PT1H30M"."""
    words = words.replace("half an hour", "30 minutes").replace(" and a half", " 30 minutes")
    total: dict[str, int] = {}
    for piece in re.split(r" and |, | (?=\d)", words):
        found = _AMOUNT.match(piece.strip())
        if found is None:
            return None
        amount = found["n"]
        number = (
            int(amount)
            if amount.isdigit()
            else 1
            if amount in {"a", "an"}
            else _NUMBERS.get(amount)
        )
        value = number if number is not None else _TENS[amount]
        unit = _UNITS[found["unit"]]
        total[unit] = total.get(unit, 0) + value
    days = "".join(f"{total[u]}{u}" for u in "WD" if u in total)
    clock = "".join(f"{total[u]}{u}" for u in "HMS" if u in total)
    return "P" + days + (f"T{clock}" if clock else "") if total else None


def amazon_date(words: str, today: dt.date | None = None) -> str | None:
    """An AMAZON.DATE value: "tomorrow" -> "2026-11-23", "on monday" -> the next Monday."""
    today = today or dt.date.today()
    words = words.removeprefix("on ").removeprefix("next ").removeprefix("this ").strip()
    if words in {"today", "tonight", "later today"}:
        return today.isoformat()
    if words == "tomorrow":
        return (today + dt.timedelta(days=1)).isoformat()
    if words == "the day after tomorrow":
        return (today + dt.timedelta(days=2)).isoformat()
    if words in _DAYS:
        ahead = (_DAYS.index(words) - today.weekday()) % 7 or 7
        return (today + dt.timedelta(days=ahead)).isoformat()
    return None


def amazon_ordinal(words: str) -> str | None:
    """An AMAZON.Ordinal value: "second" or "2nd" -> "2"."""
    if words in _ORDINALS:
        return str(_ORDINALS.index(words) + 1)
    found = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", words)
    return found.group(1) if found else None


def day_of_week(words: str) -> str | None:
    """An AMAZON.DayOfWeek value: "mondays" -> "monday"."""
    word = words.removesuffix("s")
    return word if word in _DAYS else None
