"""Routine content is data, validated at start-up."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest

from skill.routines.library import load_libraries, parse_library
from skill.speech.prompts import CONTENT_DIR, ContentError

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
DOCUMENT = tomllib.loads((CONTENT_DIR / "en-US" / "routines.toml").read_text())


def broken(change: Any) -> dict[str, Any]:
    document = copy.deepcopy(DOCUMENT)
    change(document)
    return document


def test_shipped_library_has_the_six_routines_and_ten_tips() -> None:
    library = load_libraries()["en-US"]
    assert list(library.routines) == [
        "tennis_ball",
        "upper_back_stretches",
        "heat_cold",
        "foam_roller",
        "yoga",
        "finger_massage",
    ]
    assert set(library.tips) == {
        "keep_active",
        "posture",
        "mattress",
        "stress",
        "painkillers",
        "massagers",
        "see_doctor",
        "breathing",
        "jaw",
        "heat_or_ice",
    }


def test_every_routine_names_an_existing_seed() -> None:
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    seeds = {path.stem for path in SEEDS.iterdir()}
    for routine in load_libraries()["en-US"].routines.values():
        cited = {part.split(":")[0].strip() for part in routine.source.split(";")}
        assert cited <= seeds, routine.id


def test_painkiller_tip_gives_no_dose() -> None:
    text = load_libraries()["en-US"].tips["painkillers"].text
    assert not any(unit in text for unit in ("mg", "milligram", "tablets a day"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["routine"][0].pop("title"), "routine tennis_ball lacks title"),
        (
            lambda d: d["routine"][0].update(stop_rules=["spine"]),
            "lacks stop rules \\['injury', 'sharp'\\]",
        ),
        (
            lambda d: d["routine"][3].update(stop_rules=["sharp"]),
            "lacks stop rules \\['injury', 'roller'\\]",
        ),
        (lambda d: d["routine"][0].update(stop_rules=["sharp", "spine", "x"]), "unknown stop"),
        (lambda d: d["routine"][0]["step"][1].update(hold=-5), "hold must be"),
        (lambda d: d["routine"][0]["step"][1].update(hold=600), "hold must be"),
        (lambda d: d["routine"][1]["step"][0].update(reps=0), "reps must be"),
        (lambda d: d["routine"][1]["step"][3].update(hold=90, reps=2), "takes 360 s"),
        (lambda d: d["routine"][2]["step"][0].update(reps=3), "no time for them"),
        (lambda d: d["routine"][0].update(step=[]), "has no steps"),
        (lambda d: d["tip"][0].update(id="tennis_ball"), "duplicate ids"),
        (lambda d: d["areas"].update(neck="massage_chair"), "unknown routines"),
        (lambda d: d["tip"][6].update(text="Call {ambulance}."), "unknown placeholders"),
    ],
)
def test_broken_content_fails_with_a_clear_message(change: Any, message: str) -> None:
    with pytest.raises(ContentError, match=message):
        parse_library(broken(change))
