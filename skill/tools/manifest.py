"""Renders the skill manifest (``infra/skill.json``) from ``infra/manifest.toml``, per locale."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from skill.speech.prompts import SUPPORTED_LOCALES, load_catalog

INFRA_DIR = Path(__file__).resolve().parents[2] / "infra"


def build_manifest(
    infra_dir: Path = INFRA_DIR, endpoint: str | None = None, lambda_arn: str | None = None
) -> dict[str, Any]:
    """The manifest as JSON-ready data; ``endpoint`` or ``lambda_arn`` override the endpoint."""
    with (infra_dir / "manifest.toml").open("rb") as handle:
        source = tomllib.load(handle)
    catalog = load_catalog()
    common = source["locale"]
    locales = {
        locale: {
            "name": common["name"],
            "summary": common["summary"],
            "description": common["description"].format(
                emergency=catalog[locale].numbers["emergency"]
            ),
            "examplePhrases": list(common["example_phrases"]),
            "keywords": list(common["keywords"]),
        }
        for locale in SUPPORTED_LOCALES
    }
    if lambda_arn:
        target: dict[str, Any] = {"uri": lambda_arn}
    else:
        target = {"uri": endpoint or source["endpoint"], "sslCertificateType": "Trusted"}
    return {
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": locales,
                "category": source["category"],
                "distributionCountries": list(source["distribution_countries"]),
                "isAvailableWorldwide": False,
                "distributionMode": "PUBLIC",
                "testingInstructions": source["testing_instructions"],
            },
            "privacyAndCompliance": {
                "allowsPurchases": False,
                "usesPersonalInfo": False,
                "isChildDirected": False,
                "isExportCompliant": True,
                "containsAds": False,
                "locales": {
                    locale: {"privacyPolicyUrl": source["privacy_policy_url"]}
                    for locale in SUPPORTED_LOCALES
                },
            },
            "permissions": [{"name": scope} for scope in source["permissions"]],
            "apis": {
                "custom": {
                    "endpoint": target,
                    "interfaces": [{"type": kind} for kind in source["interfaces"]],
                }
            },
            "events": {
                "endpoint": target,
                "subscriptions": [{"eventName": name} for name in source["events"]],
            },
        }
    }


def render_manifest(infra_dir: Path = INFRA_DIR) -> str:
    """The committed ``infra/skill.json`` text."""
    return json.dumps(build_manifest(infra_dir), indent=2, ensure_ascii=False) + "\n"
