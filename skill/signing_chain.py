"""Amazon's request-signing certificate chain: URL rules, download, validation and caching.

Chain validation uses ``cryptography``'s x509 verification (a maintained, WebPKI-conformant path
builder) with certifi's roots by default: the leaf must chain to a trusted root, be within its
validity dates and name ``echo-api.amazon.com`` in its Subject Alternative Names. A verified chain
is cached per URL, with a bound on entries and an expiry that never outlives the leaf certificate.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import threading
import time
import urllib.error
import urllib.request
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import certifi
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from skill.sdk_compat import VerificationException

SIGNING_CERT_SAN = "echo-api.amazon.com"
MAX_CHAIN_BYTES = 64 * 1024
MAX_CHAIN_CERTS = 6


class VerificationFailure(VerificationException):
    """A request failed verification; ``reason`` is short and safe to return to the caller."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@functools.lru_cache(maxsize=64)
def normalise_chain_url(url: str) -> str:
    """Check a ``SignatureCertChainUrl`` against Amazon's rules and return it normalised.

    The path is normalised first (``/echo.api/../echo.api/x.pem`` is fine), then the scheme must
    be https and the host s3.amazonaws.com (both case-insensitive), the path must start with
    ``/echo.api/`` (case-sensitive) and a port, if any, must be 443.

    Raises:
        VerificationFailure: the URL breaks one of the rules.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise VerificationFailure("certificate URL is malformed") from None
    path = posixpath.normpath(parts.path) if parts.path else ""
    if parts.scheme.lower() != "https":
        raise VerificationFailure("certificate URL must use https")
    if (parts.hostname or "").lower() != "s3.amazonaws.com" or parts.username or parts.password:
        raise VerificationFailure("certificate URL host is not s3.amazonaws.com")
    if not path.startswith("/echo.api/"):
        raise VerificationFailure("certificate URL path is not under /echo.api/")
    if port is not None and port != 443:
        raise VerificationFailure("certificate URL port is not 443")
    return f"https://s3.amazonaws.com{path}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: object, **_kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects())


def download_chain(url: str, timeout: float) -> bytes:
    """Download a PEM chain over HTTPS with a timeout, no redirects and a size cap.

    Raises:
        VerificationFailure: the download failed, timed out or was too large.
    """
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            data: bytes = response.read(MAX_CHAIN_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError):
        raise VerificationFailure("certificate chain could not be downloaded") from None
    if len(data) > MAX_CHAIN_BYTES:
        raise VerificationFailure("certificate chain is too large")
    return data


def load_certifi_roots() -> list[x509.Certificate]:
    """Trust anchors from certifi's bundle."""
    with open(certifi.where(), "rb") as bundle:
        return x509.load_pem_x509_certificates(bundle.read())


@dataclass(frozen=True)
class _Verified:
    public_key: RSAPublicKey
    expires_at: float


class SigningChainCache:
    """Validates signing chains and keeps the verified signing key per URL for a while.

    Args:
        fetch: returns the PEM bytes for a normalised chain URL.
        trust_roots: trust anchors, loaded on first use (default: certifi's bundle).
        max_entries: how many URLs are kept; the least recently used is dropped.
        ttl: seconds an entry is kept at most; never past the leaf's ``notAfter``.
    """

    def __init__(
        self,
        fetch: Callable[[str], bytes],
        trust_roots: Sequence[x509.Certificate] | None = None,
        max_entries: int = 16,
        ttl: float = 3600.0,
    ) -> None:
        self._fetch = fetch
        self._roots = list(trust_roots) if trust_roots is not None else None
        self._store: Store | None = None
        self._max_entries = max_entries
        self._ttl = ttl
        self._entries: OrderedDict[str, _Verified] = OrderedDict()
        self._lock = threading.Lock()

    def signing_key(self, url: str) -> RSAPublicKey:
        """Return the verified public key of the chain at ``url`` (already normalised).

        Raises:
            VerificationFailure: the chain cannot be fetched, parsed or trusted.
        """
        now = time.time()
        with self._lock:
            entry = self._entries.get(url)
            if entry is not None and entry.expires_at > now:
                self._entries.move_to_end(url)
                return entry.public_key
        verified = self._verify(self._fetch(url), now)
        with self._lock:
            self._entries[url] = verified
            self._entries.move_to_end(url)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
        return verified.public_key

    def _trust_store(self) -> Store:
        if self._store is None:
            self._store = Store(self._roots if self._roots is not None else load_certifi_roots())
        return self._store

    def _verify(self, pem: bytes, now: float) -> _Verified:
        try:
            chain = x509.load_pem_x509_certificates(pem)
        except ValueError:
            raise VerificationFailure("certificate chain is not valid PEM") from None
        if len(chain) > MAX_CHAIN_CERTS:
            raise VerificationFailure("certificate chain is too long")
        leaf, intermediates = chain[0], chain[1:]
        moment = dt.datetime.fromtimestamp(now, dt.UTC)
        verifier = (
            PolicyBuilder()
            .store(self._trust_store())
            .time(moment)
            .build_server_verifier(x509.DNSName(SIGNING_CERT_SAN))
        )
        try:
            verifier.verify(leaf, intermediates)
        except (VerificationError, ValueError):
            raise VerificationFailure("certificate chain is not trusted") from None
        key = leaf.public_key()
        if not isinstance(key, RSAPublicKey):
            raise VerificationFailure("signing certificate does not hold an RSA key")
        expires_at = min(now + self._ttl, leaf.not_valid_after_utc.timestamp())
        return _Verified(public_key=key, expires_at=expires_at)
