"""Content is validated at start-up: a broken file fails fast, with its name."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from skill.speech.prompts import (
    CONTENT_DIR,
    LOCALE_FIELDS,
    SUPPORTED_LOCALES,
    ContentError,
    load_catalog,
    placeholders,
    prompts_for,
)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def test_shipped_content_loads_for_every_locale() -> None:
    catalog = load_catalog()
    assert set(catalog) == set(SUPPORTED_LOCALES)
    for prompts in catalog.values():
        for key, template in prompts.templates.items():
            values = {name: "x" for name in placeholders(template) - set(LOCALE_FIELDS)}
            assert prompts.text(key, **values)


def test_prompts_without_values_are_kept_per_locale_and_per_prompts() -> None:
    us, gb = prompts_for("en-US"), prompts_for("en-GB")
    assert us.ssml("launch.disclaimer") == us.ssml("launch.disclaimer")
    assert "911" in us.ssml("launch.disclaimer") and "999" in gb.ssml("launch.disclaimer")
    changed = dataclasses.replace(us, templates={**us.templates, "launch.disclaimer": "A & B."})
    assert changed.ssml("launch.disclaimer") == "A &amp; B."
    assert "911" in us.ssml("launch.disclaimer")


def test_missing_emergency_number_fails(content: Path) -> None:
    text = (content / "locales.toml").read_text().replace('emergency = "000"\n', "")
    (content / "locales.toml").write_text(text)
    with pytest.raises(ContentError, match="en-AU"):
        load_catalog(content)


def test_override_of_unknown_key_fails(content: Path) -> None:
    (content / "en-GB").mkdir(exist_ok=True)
    (content / "en-GB" / "prompts.toml").write_text('[launch]\nwelcom = "Hello"\n')
    with pytest.raises(ContentError, match=r"launch\.welcom"):
        load_catalog(content)


def test_override_with_other_placeholders_fails(content: Path) -> None:
    (content / "en-AU").mkdir(exist_ok=True)
    (content / "en-AU" / "prompts.toml").write_text('[help]\nspeech = "Call {emergency_no}."\n')
    with pytest.raises(ContentError, match=r"en-AU prompt help\.speech"):
        load_catalog(content)


def test_missing_base_file_fails(content: Path) -> None:
    (content / "en-US" / "prompts.toml").unlink()
    with pytest.raises(ContentError, match=r"prompts\.toml"):
        load_catalog(content)
