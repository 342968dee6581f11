"""Builds an ``ask deploy``-ready ASK CLI v2 project from ``interaction_model/`` and ``infra/``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from skill.manifest import build_manifest
from skill.model import build_model
from skill.prompts import SUPPORTED_LOCALES


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def build_package(out: Path, endpoint: str | None = None, lambda_arn: str | None = None) -> Path:
    """Write ``ask-resources.json`` and ``skill-package/`` (manifest and one model per locale).

    The folder is replaced, so nothing stale is deployed.
    """
    if out.exists():
        shutil.rmtree(out)
    _write_json(
        out / "ask-resources.json",
        {
            "askcliResourcesVersion": "2020-03-31",
            "profiles": {"default": {"skillMetadata": {"src": "./skill-package"}}},
        },
    )
    package = out / "skill-package"
    _write_json(package / "skill.json", build_manifest(endpoint=endpoint, lambda_arn=lambda_arn))
    for locale in SUPPORTED_LOCALES:
        _write_json(
            package / "interactionModels" / "custom" / f"{locale}.json", build_model(locale)
        )
    return out
