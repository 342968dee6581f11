"""Request verifiers on the SDK's ``AbstractVerifier`` interface.

Checks run cheapest first, so a forged request cannot make the server download anything unless
it is fresh and addressed to this skill: timestamp, then application ID, then the signature
(headers, URL rules, chain, ``Signature-256`` over the raw body).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Mapping
from typing import Any

from ask_sdk_model import RequestEnvelope
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.hashes import SHA256

from skill.alexa.sdk_compat import AbstractVerifier
from skill.config import Config
from skill.web.chain_cache import SigningChainCache
from skill.web.chain_download import ChainDownloader
from skill.web.signing_chain import VerificationFailure, normalise_chain_url

TIMESTAMP_TOLERANCE_S = 150
SKILL_EVENT_TOLERANCE_S = 3600
SKILL_EVENT_PREFIX = "AlexaSkillEvent."


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    """Case-insensitive header lookup that works for plain dicts and Werkzeug headers."""
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), None)
    return value if isinstance(value, str) and value else None


class TimestampVerifier(AbstractVerifier):
    """Rejects requests whose ``request.timestamp`` is more than 150 s from now.

    Skill events (``AlexaSkillEvent.*``) may be delivered up to an hour late.
    """

    def verify(
        self,
        headers: Mapping[str, Any],
        serialized_request_env: str,
        deserialized_request_env: RequestEnvelope,
    ) -> None:
        request = deserialized_request_env.request
        stamp = getattr(request, "timestamp", None)
        if not isinstance(stamp, dt.datetime):
            raise VerificationFailure("request timestamp is missing")
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=dt.UTC)
        is_event = str(getattr(request, "object_type", "")).startswith(SKILL_EVENT_PREFIX)
        tolerance = SKILL_EVENT_TOLERANCE_S if is_event else TIMESTAMP_TOLERANCE_S
        if abs((dt.datetime.now(dt.UTC) - stamp).total_seconds()) > tolerance:
            raise VerificationFailure("request timestamp is too old or in the future")


class ApplicationIdVerifier(AbstractVerifier):
    """Rejects requests addressed to another skill, in the context and (if any) the session."""

    def __init__(self, skill_id: str) -> None:
        self._skill_id = skill_id

    def verify(
        self,
        headers: Mapping[str, Any],
        serialized_request_env: str,
        deserialized_request_env: RequestEnvelope,
    ) -> None:
        system = getattr(deserialized_request_env.context, "system", None)
        application = getattr(system, "application", None)
        if getattr(application, "application_id", None) != self._skill_id:
            raise VerificationFailure("application ID does not match this skill")
        session = getattr(deserialized_request_env.session, "application", None)
        if session is not None and session.application_id != self._skill_id:
            raise VerificationFailure("session application ID does not match this skill")


class SignatureVerifier(AbstractVerifier):
    """Checks ``SignatureCertChainUrl`` and ``Signature-256`` against the raw request body."""

    def __init__(self, chains: SigningChainCache) -> None:
        self._chains = chains

    def verify(
        self,
        headers: Mapping[str, Any],
        serialized_request_env: str,
        deserialized_request_env: RequestEnvelope,
    ) -> None:
        chain_url = _header(headers, "SignatureCertChainUrl")
        encoded_signature = _header(headers, "Signature-256")
        if chain_url is None:
            raise VerificationFailure("SignatureCertChainUrl header is missing")
        if encoded_signature is None:
            raise VerificationFailure("Signature-256 header is missing")
        url = normalise_chain_url(chain_url)
        try:
            signature = base64.b64decode(encoded_signature, validate=True)
        except (binascii.Error, ValueError):
            raise VerificationFailure("Signature-256 is not valid base64") from None
        key = self._chains.signing_key(url)
        try:
            key.verify(signature, serialized_request_env.encode("utf-8"), PKCS1v15(), SHA256())
        except InvalidSignature:
            raise VerificationFailure("signature does not match the request body") from None


def build_verifiers(config: Config) -> list[AbstractVerifier]:
    """The verifier chain for ``config``: all checks, or only the application ID in dev mode."""
    verifiers: list[AbstractVerifier] = []
    if not config.dev_mode:
        verifiers.append(TimestampVerifier())
    if config.skill_id:
        verifiers.append(ApplicationIdVerifier(config.skill_id))
    if not config.dev_mode:
        chains = SigningChainCache(
            config.chain_fetcher or ChainDownloader(config.cert_timeout),
            trust_roots=config.trust_roots,
            max_entries=config.cert_cache_size,
            ttl=config.cert_cache_ttl,
            failure_ttl=config.cert_failure_ttl,
            download_budget=config.cert_downloads_per_minute,
            wait=config.cert_timeout + 1.0,
        )
        verifiers.append(SignatureVerifier(chains))
    return verifiers
