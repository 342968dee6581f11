"""Two documented compatibility steps for the ASK SDK's last releases (no installed file edited).

1. ``ask_sdk_webservice_support`` becomes importable on current OpenSSL builds (below).
2. The SDK's reminder models can be read back (:func:`alias_reminder_spoken_info`).

The problem: ``ask_sdk_webservice_support.verifier`` imports ``certvalidator`` at module level, and
certvalidator imports oscrypto 1.3.0, whose libcrypto version check (regex ``\\d\\.\\d\\.\\d``)
cannot read OpenSSL 3.0.10 or any later two-digit patch release. The import then fails with
``LibraryNotFoundError`` on every current Debian and Ubuntu image. oscrypto fixed this on its main
branch in 2023 but never released it, and ask-sdk-webservice-support 1.3.3 is the latest release.

Why this fix: Knot Helper does not use the SDK's certvalidator-based ``RequestVerifier`` at all;
it plugs its own verifier (:mod:`skill.web.verification`, on ``cryptography``'s maintained x509
verification) into the SDK's ``AbstractVerifier`` interface. certvalidator is only needed so the
SDK module can be imported. So, when (and only when) the real certvalidator cannot be imported, a
placeholder module stands in for it in ``sys.modules``. Its ``CertificateValidator`` refuses to
work, so nothing can silently validate a chain through it. We edit no installed file and pin no git
commit; when a working certvalidator is importable, the real one is used untouched.
"""

from __future__ import annotations

import importlib
import logging
import sys
import types

logger = logging.getLogger(__name__)

_PLACEHOLDER_ATTR = "__knot_helper_placeholder__"


class _UnavailableValidator:
    """Stands in for ``certvalidator.CertificateValidator``; always refuses."""

    def __init__(self, *_args: object, **_kwargs: object) -> None:
        raise RuntimeError(
            "certvalidator is unavailable on this OpenSSL; use skill.web.verification instead"
        )


def _placeholder_certvalidator() -> tuple[types.ModuleType, types.ModuleType]:
    package = types.ModuleType("certvalidator")
    errors = types.ModuleType("certvalidator.errors")

    class ValidationError(Exception):
        """Placeholder for ``certvalidator.errors.ValidationError``."""

    class PathError(Exception):
        """Placeholder for ``certvalidator.errors.PathError``."""

    errors.ValidationError = ValidationError  # type: ignore[attr-defined]
    errors.PathError = PathError  # type: ignore[attr-defined]
    package.errors = errors  # type: ignore[attr-defined]
    package.CertificateValidator = _UnavailableValidator  # type: ignore[attr-defined]
    setattr(package, _PLACEHOLDER_ATTR, True)
    return package, errors


def ensure_certvalidator_importable() -> bool:
    """Make ``import certvalidator`` succeed; return True if a placeholder had to stand in."""
    existing = sys.modules.get("certvalidator")
    if existing is not None:
        return bool(getattr(existing, _PLACEHOLDER_ATTR, False))
    try:
        importlib.import_module("certvalidator")
    except Exception as error:  # oscrypto raises its own LibraryNotFoundError, or OSError
        logger.debug("certvalidator unusable (%s); installing placeholder", type(error).__name__)
        package, errors = _placeholder_certvalidator()
        sys.modules["certvalidator"] = package
        sys.modules["certvalidator.errors"] = errors
        return True
    return False


def alias_reminder_spoken_info() -> None:
    """Let the SDK read reminders back (``get_reminders``, ``get_reminder``).

    In ask-sdk-model 1.82.0, ``reminder_management/alert_info.py`` declares its ``spoken_info``
    field as ``...reminder_management.alert_info_spoken_info.SpokenInfo``, a module that does not
    exist; the class lives in ``...reminder_management.spoken_info``. Creating a reminder works,
    but every read fails to deserialize. Registering the existing module under the missing name
    makes the SDK's own models work unchanged.
    """
    missing = "ask_sdk_model.services.reminder_management.alert_info_spoken_info"
    try:
        importlib.import_module(missing)
    except ImportError:
        sys.modules[missing] = importlib.import_module(
            "ask_sdk_model.services.reminder_management.spoken_info"
        )


ensure_certvalidator_importable()
alias_reminder_spoken_info()

from ask_sdk_webservice_support.verifier import (  # noqa: E402
    AbstractVerifier,
    VerificationException,
)
from ask_sdk_webservice_support.webservice_handler import WebserviceSkillHandler  # noqa: E402

__all__ = [
    "AbstractVerifier",
    "VerificationException",
    "WebserviceSkillHandler",
    "alias_reminder_spoken_info",
    "ensure_certvalidator_importable",
]
