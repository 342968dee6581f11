"""The SDK's webservice handler imports on this OpenSSL, and the placeholder cannot be misused."""

from __future__ import annotations

import sys

import pytest

from skill.alexa import sdk_compat


def test_sdk_webservice_handler_imports() -> None:
    import ask_sdk_webservice_support.webservice_handler as module

    assert module.WebserviceSkillHandler is sdk_compat.WebserviceSkillHandler


def test_placeholder_validator_refuses_to_validate() -> None:
    certvalidator = sys.modules["certvalidator"]
    if not getattr(certvalidator, "__knot_helper_placeholder__", False):
        pytest.skip("the real certvalidator imports on this machine")
    with pytest.raises(RuntimeError, match="unavailable"):
        certvalidator.CertificateValidator(b"")


def test_ensure_is_idempotent() -> None:
    first = sdk_compat.ensure_certvalidator_importable()
    assert sdk_compat.ensure_certvalidator_importable() == first
