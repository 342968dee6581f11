"""The chain cache over time (a clock the test moves), Amazon's real chain, and weak keys."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from cryptography import x509

from skill.tools.simulator.signing import CHAIN_URL, Leaf, TestAuthority, chain_pem
from skill.web.chain_cache import SigningChainCache
from skill.web.signing_chain import VerificationFailure, trust_store, verify_chain

REAL_CHAIN = Path(__file__).parent / "fixtures" / "echo-api-cert-12.pem"
REAL_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem"
INSIDE_VALIDITY = dt.datetime(2023, 6, 1, tzinfo=dt.UTC)
AFTER_NOT_AFTER = dt.datetime(2023, 12, 24, tzinfo=dt.UTC)


class Clock:
    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


class Host:
    """Chains by URL, a switch to make every fetch fail, and a log of fetches."""

    def __init__(self, chains: dict[str, bytes]) -> None:
        self.chains = chains
        self.down = False
        self.fetches: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.fetches.append(url)
        if self.down or url not in self.chains:
            raise VerificationFailure("certificate chain could not be downloaded")
        return self.chains[url]


@pytest.fixture
def real_chain() -> bytes:
    return REAL_CHAIN.read_bytes()


def test_amazons_real_chain_is_trusted_by_the_production_roots_inside_its_validity(
    real_chain: bytes,
) -> None:
    verified = verify_chain(real_chain, trust_store(None), INSIDE_VALIDITY)
    assert verified.public_key.key_size == 2048
    assert verified.not_after == dt.datetime(2023, 12, 23, 23, 59, 59, tzinfo=dt.UTC).timestamp()


def test_amazons_real_chain_is_refused_after_it_expired(real_chain: bytes) -> None:
    with pytest.raises(VerificationFailure, match="not trusted"):
        verify_chain(real_chain, trust_store(None), AFTER_NOT_AFTER)


def test_the_cache_serves_the_real_chain_only_until_the_certificate_expires(
    real_chain: bytes,
) -> None:
    clock = Clock(INSIDE_VALIDITY.timestamp())
    host = Host({REAL_URL: real_chain})
    cache = SigningChainCache(host, ttl=10 * 365 * 86400, clock=clock)
    key = cache.signing_key(REAL_URL)
    clock.now = dt.datetime(2023, 12, 23, 12, tzinfo=dt.UTC).timestamp()
    assert cache.signing_key(REAL_URL) is key
    assert host.fetches == [REAL_URL]
    clock.now = AFTER_NOT_AFTER.timestamp()
    with pytest.raises(VerificationFailure, match="not trusted"):
        cache.signing_key(REAL_URL)
    assert host.fetches == [REAL_URL, REAL_URL]


def test_rsa_keys_under_2048_bits_are_refused(authority: TestAuthority) -> None:
    weak = authority.issue(key_size=1024)
    with pytest.raises(VerificationFailure, match="shorter than 2048 bits"):
        verify_chain(chain_pem(weak), trust_store([authority.certificate]), dt.datetime.now(dt.UTC))


def test_the_production_roots_load_without_warnings() -> None:
    roots = trust_store(None)  # pytest turns any warning into an error
    assert roots is not None


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime.now(dt.UTC).timestamp())


def _cache(
    host: Host, authority: TestAuthority, clock: Clock, **options: float
) -> SigningChainCache:
    return SigningChainCache(host, [authority.certificate], clock=clock, **options)  # type: ignore[arg-type]


def test_a_failure_is_remembered_for_failure_ttl_then_tried_again(
    authority: TestAuthority, clock: Clock
) -> None:
    host = Host({})
    cache = _cache(host, authority, clock, failure_ttl=60)
    for _ in range(5):
        with pytest.raises(VerificationFailure, match="could not be downloaded"):
            cache.signing_key(CHAIN_URL)
    assert len(host.fetches) == 1
    clock.now += 61
    with pytest.raises(VerificationFailure):
        cache.signing_key(CHAIN_URL)
    assert len(host.fetches) == 2


def test_a_failed_refresh_keeps_the_valid_key(
    authority: TestAuthority, leaf: Leaf, clock: Clock
) -> None:
    host = Host({CHAIN_URL: chain_pem(leaf)})
    cache = _cache(host, authority, clock, ttl=3600, failure_ttl=60)
    key = cache.signing_key(CHAIN_URL)
    host.down = True
    clock.now += 3601
    assert cache.signing_key(CHAIN_URL) is key  # refresh failed: the still-valid key is served
    assert cache.signing_key(CHAIN_URL) is key  # and not fetched again until failure_ttl
    assert len(host.fetches) == 2
    host.down = False
    clock.now += 61
    assert cache.signing_key(CHAIN_URL) is not None
    assert len(host.fetches) == 3


def test_refreshing_a_known_url_is_outside_the_download_budget(
    authority: TestAuthority, leaf: Leaf, clock: Clock
) -> None:
    host = Host({CHAIN_URL: chain_pem(leaf)})
    cache = _cache(host, authority, clock, ttl=10, download_budget=2, budget_interval=600)
    cache.signing_key(CHAIN_URL)
    with pytest.raises(VerificationFailure, match="could not be downloaded"):
        cache.signing_key("https://s3.amazonaws.com/echo.api/junk.pem")
    with pytest.raises(VerificationFailure, match="over budget"):
        cache.signing_key("https://s3.amazonaws.com/echo.api/junk-2.pem")
    clock.now += 11
    assert cache.signing_key(CHAIN_URL) is not None
    assert host.fetches.count(CHAIN_URL) == 2


def test_a_full_cache_keeps_its_valid_chains(authority: TestAuthority, clock: Clock) -> None:
    leaves = [authority.issue() for _ in range(3)]
    urls = [f"https://s3.amazonaws.com/echo.api/cert-{n}.pem" for n in range(3)]
    host = Host({url: chain_pem(leaf) for url, leaf in zip(urls, leaves, strict=True)})
    cache = _cache(host, authority, clock, max_entries=2)
    for url in urls:
        cache.signing_key(url)
    cache.signing_key(urls[0])
    cache.signing_key(urls[1])
    assert host.fetches == urls  # the third was served but not kept; the first two stay


def test_a_chain_with_a_non_rsa_leaf_is_refused(authority: TestAuthority) -> None:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "echo-api.amazon.com")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(authority.key, hashes.SHA256())
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    with pytest.raises(VerificationFailure, match="RSA"):
        verify_chain(pem, trust_store([authority.certificate]), now)


def test_while_a_refresh_runs_the_valid_key_is_served_at_once(
    authority: TestAuthority, leaf: Leaf, clock: Clock
) -> None:
    pem = chain_pem(leaf)
    entered, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow_fetch(url: str) -> bytes:
        calls.append(url)
        if len(calls) > 1:  # the refresh
            entered.set()
            release.wait(timeout=30)
        return pem

    cache = SigningChainCache(slow_fetch, [authority.certificate], ttl=10, clock=clock)
    key = cache.signing_key(CHAIN_URL)
    clock.now += 11
    refresher = threading.Thread(target=cache.signing_key, args=(CHAIN_URL,))
    refresher.start()
    try:
        assert entered.wait(timeout=30)
        assert cache.signing_key(CHAIN_URL) is key  # no wait for the download in flight
    finally:
        release.set()
        refresher.join(timeout=30)
    assert len(calls) == 2
