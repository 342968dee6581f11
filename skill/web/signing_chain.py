"""Amazon's request-signing certificate chain: URL rules and chain validation.

Chain validation uses ``cryptography``'s x509 verification (a maintained, WebPKI-conformant path
builder) with certifi's roots by default: the leaf must chain to a trusted root, be within its
validity dates, name ``echo-api.amazon.com`` in its Subject Alternative Names and hold an RSA key
of at least 2048 bits. Downloading is :mod:`skill.web.chain_download`; caching, single flight
and the download budget are :mod:`skill.web.chain_cache`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import certifi
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from skill.alexa.sdk_compat import VerificationException

SIGNING_CERT_SAN = "echo-api.amazon.com"
AMAZON_ORIGIN = "https://s3.amazonaws.com"
MAX_CHAIN_CERTS = 6
MIN_RSA_BITS = 2048

_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
#: RFC 3986 ``pchar`` without ``%``: what a path may hold besides percent escapes.
_PATH_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/]*")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


class VerificationFailure(VerificationException):
    """A request failed verification; ``reason`` is short and safe to return to the caller."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@functools.lru_cache(maxsize=64)
def normalise_chain_url(url: str) -> str:
    """Check a ``SignatureCertChainUrl`` against Amazon's rules and return its one spelling.

    Normalised as RFC 3986 section 6 says, so every spelling of one URL is one cache key: scheme
    and host lower-cased, the default port dropped, percent escapes of unreserved characters
    decoded (``%65cho.api`` is ``echo.api``) and the others upper-cased, then dot segments
    removed (``/echo.api/../echo.api/x.pem`` is ``/echo.api/x.pem``). The query and fragment are
    dropped. Then the scheme must be https, the host s3.amazonaws.com, the path must start with
    ``/echo.api/`` (case-sensitive) and a port, if any, must be 443.

    Raises:
        VerificationFailure: the URL is malformed or breaks one of the rules.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise VerificationFailure("certificate URL is malformed") from None
    if parts.scheme.lower() != "https":
        raise VerificationFailure("certificate URL must use https")
    if (parts.hostname or "") != "s3.amazonaws.com" or parts.username or parts.password:
        raise VerificationFailure("certificate URL host is not s3.amazonaws.com")
    path = remove_dot_segments(_normalise_escapes(parts.path))
    if not path.startswith("/echo.api/"):
        raise VerificationFailure("certificate URL path is not under /echo.api/")
    if port is not None and port != 443:
        raise VerificationFailure("certificate URL port is not 443")
    return AMAZON_ORIGIN + path


def _normalise_escapes(path: str) -> str:
    """Decode escapes of unreserved characters, upper-case the rest; refuse anything else."""
    if not _PATH_CHARACTERS.fullmatch(_ESCAPE.sub("", path)):
        raise VerificationFailure("certificate URL is malformed")

    def normalised(escape: re.Match[str]) -> str:
        character = chr(int(escape.group(1), 16))
        return character if character in _UNRESERVED else escape.group(0).upper()

    return _ESCAPE.sub(normalised, path)


def remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4 for an absolute path: ``/a/./b/../c`` is ``/a/c``."""
    output: list[str] = []
    segments = path.split("/")[1:]
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "..":
            if output:
                output.pop()
            if last:
                output.append("")
        elif segment == ".":
            if last:
                output.append("")
        else:
            output.append(segment)
    return "/" + "/".join(output)


_PEM_BLOCK = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)


def load_certifi_roots() -> list[x509.Certificate]:
    """Trust anchors from certifi's bundle, each one that ``cryptography`` reads cleanly.

    A few roots in the bundle (GoDaddy G2, Starfield G2, ...) have serial numbers RFC 5280
    forbids; cryptography warns that reading them "will cause an exception in a future release".
    Loading the bundle in one call would then fail as a whole, so each root is read on its own
    and the non-conformant ones are left out, today (a warning) and later (an error) alike.
    Amazon's chain ends at Amazon Root CA 1, which is conformant.
    """
    with open(certifi.where(), "rb") as bundle:
        blocks = _PEM_BLOCK.findall(bundle.read())
    roots = []
    for block in blocks:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                root = x509.load_pem_x509_certificate(block)
            except ValueError:
                continue
        if not caught:
            roots.append(root)
    return roots


@dataclass(frozen=True)
class VerifiedChain:
    """The signing key of a chain that verified, and when its signing certificate expires."""

    public_key: RSAPublicKey
    not_after: float


def verify_chain(pem: bytes, store: Store, at: dt.datetime) -> VerifiedChain:
    """Validate a PEM chain (signing certificate first) at the moment ``at``.

    Raises:
        VerificationFailure: not PEM, too long, a weak or non-RSA key, or not trusted.
    """
    try:
        chain = x509.load_pem_x509_certificates(pem)
    except ValueError:
        raise VerificationFailure("certificate chain is not valid PEM") from None
    if len(chain) > MAX_CHAIN_CERTS:
        raise VerificationFailure("certificate chain is too long")
    leaf, intermediates = chain[0], chain[1:]
    key = leaf.public_key()
    if not isinstance(key, RSAPublicKey):
        raise VerificationFailure("signing certificate does not hold an RSA key")
    if key.key_size < MIN_RSA_BITS:
        raise VerificationFailure("signing key is shorter than 2048 bits")
    verifier = (
        PolicyBuilder().store(store).time(at).build_server_verifier(x509.DNSName(SIGNING_CERT_SAN))
    )
    try:
        verifier.verify(leaf, intermediates)
    except (VerificationError, ValueError):
        raise VerificationFailure("certificate chain is not trusted") from None
    return VerifiedChain(key, leaf.not_valid_after_utc.timestamp())


def trust_store(roots: Sequence[x509.Certificate] | None) -> Store:
    """A trust store of ``roots`` (default: certifi's bundle)."""
    return Store(list(roots) if roots is not None else load_certifi_roots())
