"""Every configuration key of Knot Helper, in one place.

Each field of :class:`Config` maps to one environment variable (``KNOT_`` plus the field name in
upper case). :meth:`Config.from_env` reads them; tests build a ``Config`` directly. Fields marked
"programmatic" have no environment variable: they are hooks for tests and embedding.

=========================  ==========================================================  ==========
Environment variable       Meaning                                                     Default
=========================  ==========================================================  ==========
KNOT_SKILL_ID              The skill's application ID (amzn1.ask.skill...). When set,  unset
                           requests for any other skill are rejected with 400.
KNOT_DEV_MODE              No longer read: setting it to 1 is refused at start-up.    -
                           Dev mode (no signature checks) is only
                           ``knot-helper serve --dev``, on a loopback address.
KNOT_HOST / KNOT_PORT      Address ``knot-helper serve`` binds to.                     127.0.0.1
                                                                                       / 8080
KNOT_LOG_LEVEL             Python logging level name.                                  INFO
KNOT_CERT_TIMEOUT          Seconds allowed to download Amazon's signing chain (the    2.0
                           whole download, however slowly the server answers).
KNOT_CERT_CACHE_SIZE       Signing chains kept in memory (one per URL).                16
KNOT_CERT_CACHE_TTL        Seconds a verified chain stays cached (never past its       3600
                           leaf certificate's expiry).
KNOT_CERT_FAILURE_TTL      Seconds a chain URL that failed is refused without         60
                           downloading it again.
KNOT_CERT_DOWNLOADS_PER_   Downloads of chain URLs never verified before, per minute  10
MINUTE                     and process (more are refused without downloading).
KNOT_DATABASE_URL          Where progress and preferences live:                       sqlite:///
                           ``sqlite:///file.db`` or ``dynamodb://<table>``.           knot-helper.db
KNOT_STORE_TIMEOUT         Seconds a store call may take before the skill answers     2.0
                           without it.
KNOT_RECORD_EXPIRY_DAYS    Days without a visit after which a person's record is      180
                           never read again and is deleted (SQLite prunes it within
                           the hour; DynamoDB's TTL on ``expires_at`` within days).
KNOT_DYNAMODB_REGION       AWS region of the DynamoDB table.                          us-east-1
KNOT_DYNAMODB_ENDPOINT     DynamoDB endpoint URL (for a local DynamoDB-compatible     unset
                           server); unset means AWS.
KNOT_DYNAMODB_CREATE_TABLE ``1`` creates the table at start-up if it is missing.      0
KNOT_API_TIMEOUT           Seconds allowed for each Alexa API call (reminders,        3.0
                           device settings).
KNOT_VOICE_PERMISSIONS     ``1`` asks for the reminders permission by voice (AskFor);  1
                           ``0`` sends a consent card with spoken instructions.
KNOT_AUDIO_DIR             Where guided tracks and their manifests live.              audio
KNOT_AUDIO_BASE_URL        Public HTTPS URL of that folder (this service's /audio, a   unset
                           bucket or a CDN). Unset: no guided audio, spoken routines.
KNOT_GTTS_ENDPOINT         Replaces Google's host for gTTS requests (a local test      unset
                           server); unset means Google.
=========================  ==========================================================  ==========
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography.x509 import Certificate

ENV_PREFIX = "KNOT_"
DEV_MODE_VARIABLE = "KNOT_DEV_MODE"
_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
_FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})

#: Fetches the PEM bytes of a signing chain from its URL (programmatic hook for tests).
ChainFetcher = Callable[[str], bytes]


@dataclass(frozen=True)
class Config:
    """Runtime settings; see the module docstring for the environment variables."""

    skill_id: str | None = None
    #: Programmatic: request signatures and timestamps not checked. Only with a loopback
    #: ``dev_host`` (see :func:`skill.web.app.create_app`); never read from the environment.
    dev_mode: bool = field(default=False, metadata={"env": False})
    host: str = "127.0.0.1"
    port: int = 8080
    log_level: str = "INFO"
    cert_timeout: float = 2.0
    cert_cache_size: int = 16
    cert_cache_ttl: float = 3600.0
    cert_failure_ttl: float = 60.0
    cert_downloads_per_minute: int = 10
    database_url: str = "sqlite:///knot-helper.db"
    store_timeout: float = 2.0
    record_expiry_days: int = 180
    dynamodb_region: str = "us-east-1"
    dynamodb_endpoint: str | None = None
    dynamodb_create_table: bool = False
    api_timeout: float = 3.0
    voice_permissions: bool = True
    audio_dir: str = "audio"
    audio_base_url: str | None = None
    gtts_endpoint: str | None = None
    #: Programmatic: a CA bundle the Alexa API client trusts (tests run a local HTTPS API).
    api_ca_bundle: str | None = field(default=None, metadata={"env": False})
    #: Programmatic: trust anchors for the signing chain (default: certifi's roots).
    trust_roots: Sequence[Certificate] | None = field(default=None, metadata={"env": False})
    #: Programmatic: how the signing chain is downloaded (default: HTTPS with a timeout).
    chain_fetcher: ChainFetcher | None = field(default=None, metadata={"env": False})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        """Build a config from ``KNOT_*`` variables, falling back to the defaults.

        Raises:
            ValueError: a variable is set to something its field cannot hold.
        """
        environ = os.environ if environ is None else environ
        if environ.get(DEV_MODE_VARIABLE, "").strip().lower() not in _FALSE_WORDS:
            raise ValueError(
                f"{DEV_MODE_VARIABLE} is not read: dev mode (no signature checks) is only "
                "`knot-helper serve --dev`, on a loopback address"
            )
        values: dict[str, Any] = {}
        for item in dataclasses.fields(cls):
            if item.metadata.get("env") is False:
                continue
            raw = environ.get(ENV_PREFIX + item.name.upper())
            if raw is not None:
                values[item.name] = _parse(item.name, item.default, raw.strip())
        return cls(**values)

    def replace(self, **changes: Any) -> Config:
        """Return a copy with ``changes`` applied."""
        return dataclasses.replace(self, **changes)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _parse(name: str, default: Any, raw: str) -> Any:
    if isinstance(default, bool):
        word = raw.lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        raise ValueError(f"{ENV_PREFIX}{name.upper()} must be 1 or 0, not {raw!r}")
    if isinstance(default, int | float):
        try:
            number = type(default)(raw)
        except ValueError:
            raise ValueError(f"{ENV_PREFIX}{name.upper()} must be a number, not {raw!r}") from None
        if number <= 0:
            raise ValueError(f"{ENV_PREFIX}{name.upper()} must be positive, not {raw!r}")
        return number
    return raw or None
