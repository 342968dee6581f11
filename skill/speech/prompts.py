"""Spoken text per locale, loaded once from ``skill/content`` and validated at start-up.

en-US holds every prompt; another locale's ``prompts.toml`` overrides only what differs (spelling,
services), so the locales cannot drift apart. ``{emergency}`` and ``{advice}`` come from
``locales.toml``.
"""

from __future__ import annotations

import functools
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skill.speech import ssml

CONTENT_DIR = Path(__file__).parents[1] / "content"
DEFAULT_LOCALE = "en-US"
SUPPORTED_LOCALES = ("en-US", "en-CA", "en-GB", "en-AU", "en-IN")
LOCALE_FIELDS = ("emergency", "advice", "urgent", "soon")


class ContentError(ValueError):
    """The content files are inconsistent; raised at start-up, never mid-conversation."""


@dataclass(frozen=True)
class Prompts:
    """The prompts of one locale."""

    locale: str
    templates: Mapping[str, str]
    numbers: Mapping[str, str]
    #: How this locale's phone numbers are said (digit by digit).
    spoken_numbers: ssml.Numbers = field(default_factory=ssml.Numbers)
    #: SSML of prompts without values, filled in once (the templates never change).
    _filled: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def text(self, key: str, **values: str) -> str:
        """Plain text of ``key`` with the locale's numbers and ``values`` filled in."""
        return self.templates[key].format_map({**self.numbers, **values})

    def ssml(self, key: str, **values: str) -> str:
        """Like :meth:`text`, escaped for SSML."""
        if values:
            return ssml.text(self.text(key, **values))
        filled = self._filled.get(key)
        if filled is None:
            filled = self._filled[key] = ssml.text(self.text(key))
        return filled


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, key + "."))
        elif isinstance(value, str):
            flat[key] = value
        else:
            raise ContentError(f"prompt {key} must be text")
    return flat


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ContentError(f"cannot read {path.name}: {error}") from None


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a template needs filled in."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def _validate(locale: str, templates: Mapping[str, str], base: Mapping[str, str]) -> None:
    unknown = set(templates) - set(base)
    if unknown:
        raise ContentError(f"{locale} has prompts en-US lacks: {sorted(unknown)}")
    for key, template in templates.items():
        if placeholders(template) != placeholders(base[key]):
            raise ContentError(f"{locale} prompt {key} must use the placeholders en-US uses")


@functools.cache
def load_catalog(content_dir: Path = CONTENT_DIR) -> Mapping[str, Prompts]:
    """Load and validate the prompts of every supported locale.

    Raises:
        ContentError: a file is missing or unreadable, a locale lacks its numbers, or an
            override is unknown to en-US or uses other placeholders than en-US does.
    """
    numbers = _read_toml(content_dir / "locales.toml")
    base = _flatten(_read_toml(content_dir / DEFAULT_LOCALE / "prompts.toml"))
    catalog: dict[str, Prompts] = {}
    for locale in SUPPORTED_LOCALES:
        locale_numbers = numbers.get(locale, {})
        missing = [name for name in LOCALE_FIELDS if not locale_numbers.get(name)]
        if missing:
            raise ContentError(f"{locale} lacks {missing} in locales.toml")
        override_file = content_dir / locale / "prompts.toml"
        overrides = _flatten(_read_toml(override_file)) if override_file.exists() else {}
        _validate(locale, overrides, base)
        fields = {name: str(locale_numbers[name]) for name in LOCALE_FIELDS}
        spoken = ssml.Numbers(
            tuple(str(phone) for phone in locale_numbers.get("phones", ())),
            tuple((str(k), str(v)) for k, v in locale_numbers.get("spoken", {}).items()),
        )
        catalog[locale] = Prompts(locale, {**base, **overrides}, fields, spoken)
    return catalog


def prompts_for(locale: str | None) -> Prompts:
    """The prompts for a request's locale; unsupported locales get en-US."""
    catalog = load_catalog()
    return catalog.get(locale or DEFAULT_LOCALE) or catalog[DEFAULT_LOCALE]
