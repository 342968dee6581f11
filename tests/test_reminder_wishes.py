"""What people ask for, as data: slot values, corrections, which reminder they mean, the words."""

from __future__ import annotations

import datetime as dt

import pytest

from skill.reminders.choosing import Pick
from skill.reminders.rules import WEEKDAYS, Kind, OneOff, Schedule, from_token
from skill.reminders.wishes import Change, Wish, parse_date, parse_duration
from skill.reminders.words import describe, duration

NOW = dt.datetime(2026, 11, 20, 14, 30)  # a Friday afternoon, local time
TODAY = NOW.date()


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("PT20M", 1200),
        ("PT1H30M", 5400),
        ("PT90S", 90),
        ("P1D", 86400),
        ("P1W", 604800),
        ("P1DT2H", 93600),
        ("PT30S", None),  # under a minute
        ("P2Y", None),  # years: not a reminder Knot Helper sets
        ("PT", None),
        ("twenty minutes", None),
        (None, None),
    ],
)
def test_durations(value: str | None, seconds: int | None) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2026-11-21", dt.date(2026, 11, 21)),
        ("2026-02-30", None),
        ("2026-W48", None),
        ("2026-11", None),
        ("PRESENT_REF", None),
        ("", None),
    ],
)
def test_dates(value: str, date: dt.date | None) -> None:
    assert parse_date(value) == date


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (60, "1 minute"),
        (1200, "20 minutes"),
        (3600, "1 hour"),
        (5400, "1 hour and 30 minutes"),
        (90000, "1 day and 1 hour"),
        (172800, "2 days"),
    ],
)
def test_durations_in_words(seconds: int, words: str) -> None:
    assert duration(seconds) == words


@pytest.mark.parametrize(
    ("at", "words"),
    [
        (dt.datetime(2026, 11, 20, 18, 0), "today at 6 PM"),
        (dt.datetime(2026, 11, 21, 9, 0), "tomorrow at 9 AM"),
        (dt.datetime(2026, 11, 24, 7, 30), "on Tuesday at 7:30 AM"),
        (dt.datetime(2026, 12, 7, 12, 0), "on Monday, December 7 at 12 noon"),
    ],
)
def test_one_offs_in_words(at: dt.datetime, words: str) -> None:
    assert describe(OneOff(Kind.STRETCH, at=at), TODAY) == words


def test_without_today_a_one_off_names_its_date() -> None:
    reminder = OneOff(Kind.STRETCH, at=dt.datetime(2026, 11, 21, 9, 0))
    assert describe(reminder) == "on Saturday, November 21 at 9 AM"


STRETCH = Wish(Kind.STRETCH)
DAILY_5_AM = Wish(Kind.STRETCH, at=(5, 0))


@pytest.mark.parametrize(
    ("wish", "change", "reminder"),
    [
        (DAILY_5_AM, Change.of(time="17:00"), Schedule(Kind.STRETCH, (17,), 0)),
        (DAILY_5_AM, Change.of(time="EV"), Schedule(Kind.STRETCH, (17,), 0)),
        (Wish(Kind.STRETCH, at=(21, 0)), Change.of(time="MO"), Schedule(Kind.STRETCH, (9,), 0)),
        (STRETCH, Change.of(time="EV"), Schedule(Kind.STRETCH, (18,), 0)),
        (
            Wish(Kind.STRETCH, at=(7, 30), days=WEEKDAYS),
            Change.of(time="08:00"),
            Schedule(Kind.STRETCH, (8,), 0, WEEKDAYS),
        ),
        (DAILY_5_AM, Change.of(duration="PT30M"), OneOff(Kind.STRETCH, after_s=1800)),
        (
            Wish(Kind.STRETCH, at=(17, 0)),
            Change.of(once=True),
            OneOff(Kind.STRETCH, at=dt.datetime(2026, 11, 20, 17, 0)),
        ),
        (
            Wish(Kind.STRETCH, at=(9, 0)),
            Change.of(once=True),
            OneOff(Kind.STRETCH, at=dt.datetime(2026, 11, 21, 9, 0)),
        ),
        (
            Wish(Kind.MOVE, at=(9, 0), once=True),
            Change.of(once=False),
            Schedule(Kind.MOVE, (9,), 0),
        ),
        (
            Wish(Kind.STRETCH, after_s=1200),
            Change.of(time="18:00"),
            OneOff(Kind.STRETCH, at=dt.datetime(2026, 11, 20, 18, 0)),
        ),
        (
            Wish(Kind.STRETCH, at=(9, 0), once=True),
            Change.of(date="2026-11-24"),
            OneOff(Kind.STRETCH, at=dt.datetime(2026, 11, 24, 9, 0)),
        ),
        (
            Wish(Kind.STRETCH, once=True),
            Change.of(date="2026-11-19", time="10:00"),  # a day gone by: the next 10 AM
            OneOff(Kind.STRETCH, at=dt.datetime(2026, 11, 21, 10, 0)),
        ),
        (
            Wish(Kind.MOVE, hourly=(9, 17)),
            Change(),
            Schedule(Kind.MOVE, tuple(range(9, 18)), 0, WEEKDAYS),
        ),
        (STRETCH, Change.of(date="2026-11-24"), None),  # the day, but not yet the time
    ],
)
def test_answers_and_corrections_revise_the_wish(
    wish: Wish, change: Change, reminder: Schedule | OneOff | None
) -> None:
    revised = wish.revised(change)
    assert revised.reminder(NOW if revised.needs_clock else None) == reminder
    assert Wish.from_token(revised.token()) == revised


@pytest.mark.parametrize(
    "reminder",
    [
        Schedule(Kind.STRETCH, (17,), 30, ("MO", "TH")),
        OneOff(Kind.MOVE, after_s=600),
        OneOff(Kind.STRETCH, at=dt.datetime(2026, 11, 21, 9, 0)),
    ],
)
def test_reminders_survive_their_token_and_back_to_a_wish(reminder: Schedule | OneOff) -> None:
    assert from_token(reminder.token()) == reminder
    assert Wish.of(reminder).reminder(NOW) == reminder


@pytest.mark.parametrize(
    "token",
    [
        '{"k": "stretch", "t": [25, 0], "d": ["MO"], "o": false}',
        '{"k": "stretch", "d": ["XX"], "o": false}',
        '{"k": "nap", "d": ["MO"], "o": false}',
        '{"k": "stretch", "in": 10, "d": ["MO"], "o": false}',
        "[1, 2]",
        "",
    ],
)
def test_broken_wish_tokens_are_refused(token: str) -> None:
    assert Wish.from_token(token) is None


LISTED = [
    ("a", Schedule(Kind.STRETCH, (17,), 0)),
    ("b", Schedule(Kind.STRETCH, (7,), 30, WEEKDAYS)),
    ("c", Schedule(Kind.MOVE, tuple(range(9, 18)), 0, WEEKDAYS)),
    ("d", OneOff(Kind.STRETCH, at=dt.datetime(2026, 11, 21, 9, 0))),
    ("e", OneOff(Kind.MOVE, after_s=1200)),
]


@pytest.mark.parametrize(
    ("pick", "tokens"),
    [
        (Pick(), ["a", "b", "c", "d", "e"]),
        (Pick(kind=Kind.STRETCH), ["a", "b", "d"]),
        (Pick(at=(17, 0)), ["a", "c"]),  # hourly breaks also go off at 5 PM
        (Pick(kind=Kind.STRETCH, at=(5, 0)), ["a"]),  # "the five one": no 5 AM, so 5 PM
        (Pick(at=(7, 30)), ["b"]),
        (Pick(part="EV"), ["a", "c"]),  # hourly breaks run to 5 PM
        (Pick(part="MO", kind=Kind.STRETCH), ["b", "d"]),
        (Pick(days=WEEKDAYS), ["b", "c"]),
        (Pick(once=True), ["d", "e"]),
        (Pick(once=False, kind=Kind.MOVE), ["c"]),
        (Pick(position=2), ["b"]),
        (Pick(position=9), []),
        (Pick(at=(18, 0)), []),
    ],
)
def test_which_reminder_a_pick_means(pick: Pick, tokens: list[str]) -> None:
    assert [token for token, _ in pick.choose(LISTED)] == tokens
    assert Pick.from_token(pick.token()) == Pick(**{**vars(pick), "position": None})


def test_a_narrower_answer_keeps_what_was_said_before() -> None:
    merged = Pick(kind=Kind.STRETCH).merged(Pick(at=(9, 0), position=1))
    assert merged == Pick(kind=Kind.STRETCH, at=(9, 0))
