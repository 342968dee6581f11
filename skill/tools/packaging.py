"""Builds an ``ask deploy``-ready ASK CLI v2 project from ``interaction_model/`` and ``infra/``.

Safe to re-run on a deployed project: only ``ask-resources.json`` and ``skill-package/`` are ours.
``.ask/`` belongs to ask-cli (``ask-states.json`` holds the skill ID that makes the next
``ask deploy`` update the same skill instead of creating another), and is never touched.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from skill.speech.prompts import SUPPORTED_LOCALES
from skill.tools.manifest import build_manifest
from skill.tools.model import build_model


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def build_package(out: Path, endpoint: str | None = None, lambda_arn: str | None = None) -> Path:
    """Write ``ask-resources.json`` and ``skill-package/`` (manifest and one model per locale).

    ``skill-package/`` is replaced, so nothing stale is deployed; everything else in ``out``
    (ask-cli's ``.ask/`` above all) is kept.
    """
    package = out / "skill-package"
    if package.exists():
        shutil.rmtree(package)
    _write_json(
        out / "ask-resources.json",
        {
            "askcliResourcesVersion": "2020-03-31",
            "profiles": {"default": {"skillMetadata": {"src": "./skill-package"}}},
        },
    )
    _write_json(package / "skill.json", build_manifest(endpoint=endpoint, lambda_arn=lambda_arn))
    for locale in SUPPORTED_LOCALES:
        _write_json(
            package / "interactionModels" / "custom" / f"{locale}.json", build_model(locale)
        )
    return out


def deployed_skill_id(project: Path, profile: str = "default") -> str | None:
    """The skill ID ``ask deploy`` recorded in ``project/.ask/ask-states.json``, if any."""
    try:
        states = json.loads((project / ".ask" / "ask-states.json").read_text())
    except (OSError, ValueError):
        return None
    skill_id = states.get("profiles", {}).get(profile, {}).get("skillId")
    return skill_id if isinstance(skill_id, str) and skill_id else None
