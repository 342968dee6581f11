"""A throw-away certificate authority that signs requests the way Alexa does.

Tests and benchmarks give the verifier this CA as its only trust root and a fetcher that returns
the chain from memory, so every other check is the production code and nothing is downloaded.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CHAIN_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"
_DAY = dt.timedelta(days=1)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _general_name(name: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


def _key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


@dataclass(frozen=True)
class Leaf:
    """A signing certificate and its key."""

    certificate: x509.Certificate
    key: rsa.RSAPrivateKey

    def sign(self, body: bytes) -> str:
        """Base64 ``Signature-256`` of ``body``."""
        signature = self.key.sign(body, padding.PKCS1v15(), hashes.SHA256())
        return base64.b64encode(signature).decode("ascii")


class TestAuthority:
    """A root CA that issues leaves like Amazon's echo-api signing certificate."""

    __test__ = False  # not a pytest test class

    def __init__(self, name: str = "Knot Helper Test Root") -> None:
        self.key = _key()
        now = dt.datetime.now(dt.UTC)
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(_name(name))
            .issuer_name(_name(name))
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - _DAY)
            .not_valid_after(now + 3650 * _DAY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=False,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()), critical=False
            )
            .sign(self.key, hashes.SHA256())
        )

    def issue(
        self,
        san: str = "echo-api.amazon.com",
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        key_size: int = 2048,
    ) -> Leaf:
        """Issue a signing leaf; by default valid from yesterday for a year."""
        now = dt.datetime.now(dt.UTC)
        key = _key(key_size)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(_name(san))
            .issuer_name(self.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or now - _DAY)
            .not_valid_after(not_after or now + 365 * _DAY)
            .add_extension(x509.SubjectAlternativeName([_general_name(san)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                critical=False,
            )
            .sign(self.key, hashes.SHA256())
        )
        return Leaf(certificate, key)


def key_pem(leaf: Leaf) -> bytes:
    """The leaf's private key as unencrypted PEM (for a local test server's TLS)."""
    return leaf.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def chain_pem(leaf: Leaf) -> bytes:
    """The PEM chain a ``SignatureCertChainUrl`` would serve: the leaf (root omitted)."""
    return leaf.certificate.public_bytes(serialization.Encoding.PEM)


def signed_headers(leaf: Leaf, body: bytes, chain_url: str = CHAIN_URL) -> dict[str, str]:
    """The headers Alexa would send with ``body``."""
    return {
        "Content-Type": "application/json; charset=utf-8",
        "SignatureCertChainUrl": chain_url,
        "Signature-256": leaf.sign(body),
    }
