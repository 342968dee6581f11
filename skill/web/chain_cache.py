"""Verified signing keys per chain URL, with downloads an attacker cannot multiply.

The chain has to be fetched before a request's signature can be checked (Amazon's order), so a
forged request can name any URL under ``/echo.api/``. :class:`SigningChainCache` keeps that from
turning into a download flood:

- one key per fully normalised URL (:func:`skill.web.signing_chain.normalise_chain_url`), so other
  spellings of the real URL are the real URL;
- a good chain stays until it is due for a refresh (``ttl``, never past its certificate's
  expiry) and cannot be evicted by junk: failures live in a separate, bounded negative cache;
- a failed URL is refused from the negative cache for ``failure_ttl`` seconds;
- one download in flight per URL: concurrent requests for it wait for that one;
- downloads of URLs never verified before spend a budget of ``download_budget`` per
  ``budget_interval`` seconds; a spent budget refuses without downloading. URLs that verified
  before (Amazon's) are refreshed outside the budget;
- while a refresh runs, and after one fails, the previous key is served as long as its
  certificate is valid.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.x509.verification import Store

from skill.web.signing_chain import VerificationFailure, VerifiedChain, trust_store, verify_chain

MAX_FAILED_URLS = 1024


@dataclass
class _Good:
    chain: VerifiedChain
    refresh_at: float


@dataclass
class _Flight:
    """One download in progress; followers wait on ``done``."""

    done: threading.Event = field(default_factory=threading.Event)
    key: RSAPublicKey | None = None
    failure: VerificationFailure | None = None


class SigningChainCache:
    """Verified signing keys per normalised chain URL (see the module docstring).

    Args:
        fetch: returns the PEM bytes for a normalised chain URL (raises ``VerificationFailure``).
        trust_roots: trust anchors (default: certifi's bundle, read here, once).
        max_entries: how many verified chains are kept.
        ttl: seconds before a verified chain is fetched again (never past its expiry).
        failure_ttl: seconds a failed URL is refused without a new download.
        download_budget: downloads of never-verified URLs allowed per ``budget_interval``.
        wait: seconds a request waits for another request's download of the same URL.
        clock: seconds since the epoch (tests move it).
    """

    def __init__(
        self,
        fetch: Callable[[str], bytes],
        trust_roots: Sequence[x509.Certificate] | None = None,
        *,
        max_entries: int = 16,
        ttl: float = 3600.0,
        failure_ttl: float = 60.0,
        download_budget: int = 10,
        budget_interval: float = 60.0,
        wait: float = 5.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._fetch = fetch
        self._store: Store = trust_store(trust_roots)
        self._max_entries = max_entries
        self._ttl = ttl
        self._failure_ttl = failure_ttl
        self._budget = download_budget
        self._interval = budget_interval
        self._wait = wait
        self._clock = clock
        self._good: dict[str, _Good] = {}
        self._failed: OrderedDict[str, tuple[float, VerificationFailure]] = OrderedDict()
        self._flights: dict[str, _Flight] = {}
        self._spent: list[float] = []
        self._lock = threading.Lock()

    def signing_key(self, url: str) -> RSAPublicKey:
        """The verified public key of the chain at ``url`` (already normalised).

        Raises:
            VerificationFailure: the chain cannot be fetched, parsed or trusted, failed recently,
                or the download budget is spent.
        """
        now = self._clock()
        with self._lock:
            good = self._good.get(url)
            if good is not None and now < good.refresh_at:
                return good.chain.public_key
            failed = self._failed.get(url)
            if failed is not None and now < failed[0]:
                raise failed[1]
            flight = self._flights.get(url)
            if flight is not None and good is not None and now < good.chain.not_after:
                return good.chain.public_key  # being refreshed; still valid meanwhile
            leading = flight is None
            if flight is None:
                if url not in self._good:
                    self._spend(now)
                flight = self._flights[url] = _Flight()
        if not leading:
            return self._follow(flight)
        return self._lead(url, flight, now)

    def _spend(self, now: float) -> None:
        """Take one download from the budget (lock held), or refuse."""
        self._spent = [moment for moment in self._spent if moment > now - self._interval]
        if len(self._spent) >= self._budget:
            raise VerificationFailure("certificate chain downloads are over budget; try later")
        self._spent.append(now)

    def _follow(self, flight: _Flight) -> RSAPublicKey:
        if not flight.done.wait(self._wait):
            raise VerificationFailure("certificate chain download is still running")
        if flight.key is None:
            raise flight.failure or VerificationFailure("certificate chain could not be fetched")
        return flight.key

    def _lead(self, url: str, flight: _Flight, now: float) -> RSAPublicKey:
        try:
            pem = self._fetch(url)
            chain = verify_chain(pem, self._store, dt.datetime.fromtimestamp(now, dt.UTC))
        except VerificationFailure as failure:
            flight.key = self._failed_download(url, failure, now)
            flight.failure = failure
        else:
            flight.key = chain.public_key
            self._keep(url, chain, now)
        finally:
            with self._lock:
                del self._flights[url]
            flight.done.set()
        if flight.key is None:
            raise flight.failure or VerificationFailure("certificate chain could not be fetched")
        return flight.key

    def _failed_download(
        self, url: str, failure: VerificationFailure, now: float
    ) -> RSAPublicKey | None:
        """Remember a failure; return the previous key if it is still valid (stale, not wrong)."""
        with self._lock:
            good = self._good.get(url)
            if good is not None and now < good.chain.not_after:
                good.refresh_at = now + self._failure_ttl
                return good.chain.public_key
            self._failed[url] = (now + self._failure_ttl, failure)
            self._failed.move_to_end(url)
            while len(self._failed) > MAX_FAILED_URLS:
                self._failed.popitem(last=False)
        return None

    def _keep(self, url: str, chain: VerifiedChain, now: float) -> None:
        """Keep a verified chain; when full, only in place of one that has expired."""
        with self._lock:
            self._failed.pop(url, None)
            if url not in self._good and len(self._good) >= self._max_entries:
                expired = [key for key, good in self._good.items() if good.chain.not_after <= now]
                if not expired:
                    return
                del self._good[expired[0]]
            refresh_at = min(now + self._ttl, chain.not_after)
            self._good[url] = _Good(chain, refresh_at)
