"""Signing-chain downloads an attacker cannot multiply, through the real webhook and downloader.

The chain is fetched before the signature can be checked (Amazon's order), so forged requests
choose what is downloaded. Here the production downloader talks HTTPS to a local stand-in for
s3.amazonaws.com on 127.0.0.1, and every request goes through the verifying webhook.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.test import TestResponse

from skill.tools.simulator.envelopes import envelope
from skill.tools.simulator.signing import CHAIN_URL, Leaf, TestAuthority, chain_pem, signed_headers
from skill.web.signing_chain import VerificationFailure, normalise_chain_url
from tests.chain_server import ChainServer, chain_server

PATH = "/echo.api/echo-api-cert-test.pem"
MISSING = "https://s3.amazonaws.com/echo.api/missing.pem"


@pytest.fixture
def s3(tmp_path: Path, authority: TestAuthority, leaf: Leaf) -> Iterator[ChainServer]:
    with chain_server(tmp_path, authority) as server:
        server.chains[PATH] = chain_pem(leaf)
        yield server


@pytest.fixture
def poster(
    make_app: Callable[..., Flask], s3: ChainServer, leaf: Leaf
) -> Callable[..., TestResponse]:
    """POST signed launches through an app whose chains come from the local S3 over HTTPS."""
    apps: dict[float, Flask] = {}

    def post(url: str = CHAIN_URL, *, timeout: float = 2.0, signer: Leaf | None = None) -> Any:
        app = apps.get(timeout) or apps.setdefault(
            timeout, make_app(chain_fetcher=s3.downloader(timeout))
        )
        body = json.dumps(envelope("LaunchRequest")).encode()
        headers = signed_headers(signer or leaf, body, chain_url=url)
        return app.test_client().post("/alexa", data=body, headers=headers)

    return post


def test_a_signed_request_is_verified_with_a_downloaded_chain(poster, s3: ChainServer) -> None:  # type: ignore[no-untyped-def]
    assert poster().status_code == 200
    assert poster().status_code == 200
    assert s3.requests == [PATH]


SPELLINGS = [
    "https://s3.amazonaws.com/%65cho.api/echo-api-cert-test.pem",
    "https://s3.amazonaws.com/echo.api/%65%63%68%6F-api-cert-test.pem",
    "HTTPS://S3.AMAZONAWS.COM:443/echo.api/./echo-api-cert-test.pem",
    "https://s3.amazonaws.com/echo.api/%2e%2e/echo.api/echo-api-cert-test.pem",
    "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem?x=1#y",
]


def test_other_spellings_of_the_real_url_are_the_same_cache_entry(poster, s3: ChainServer) -> None:  # type: ignore[no-untyped-def]
    for url in SPELLINGS:
        assert poster(url).status_code == 200, url
    assert poster().status_code == 200
    assert s3.requests == [PATH]


@pytest.mark.parametrize("url", SPELLINGS)
def test_spellings_normalise_to_the_real_url(url: str) -> None:
    assert normalise_chain_url(url) == CHAIN_URL


@pytest.mark.parametrize(
    ("url", "normalised"),
    [
        (
            "https://s3.amazonaws.com/echo.api/a%2fb.pem",
            "https://s3.amazonaws.com/echo.api/a%2Fb.pem",
        ),
        ("https://s3.amazonaws.com/echo.api/a/../b.pem", "https://s3.amazonaws.com/echo.api/b.pem"),
        ("https://s3.amazonaws.com/echo.api//b.pem", "https://s3.amazonaws.com/echo.api//b.pem"),
    ],
)
def test_reserved_escapes_and_empty_segments_stay(url: str, normalised: str) -> None:
    assert normalise_chain_url(url) == normalised


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/echo.api/echo api.pem",
        "https://s3.amazonaws.com/echo.api/ech\u00f6.pem",
        "https://s3.amazonaws.com/echo.api/a%zz.pem",
        "https://s3.amazonaws.com/echo.api/a%.pem",
        "https://s3.amazonaws.com/echo.api/a\x00.pem",
        "https://s3.amazonaws.com/echo.api/%2e%2e/x.pem",
        "https://s3.amazonaws.com./echo.api/x.pem",
        "https://s3.amazonaws.com:99999/echo.api/x.pem",
    ],
)
def test_malformed_urls_are_refused_before_any_download(
    poster,  # type: ignore[no-untyped-def]
    s3: ChainServer,
    url: str,
) -> None:
    response = poster(url)
    assert response.status_code == 400
    assert "certificate URL" in response.get_json()["error"]
    assert s3.requests == []


def test_fifty_forged_requests_for_a_missing_chain_download_it_once(
    poster, s3: ChainServer
) -> None:  # type: ignore[no-untyped-def]
    answers = [poster(MISSING).get_json() for _ in range(50)]
    assert answers == [{"error": "certificate chain could not be downloaded"}] * 50
    assert s3.requests == ["/echo.api/missing.pem"]


def test_junk_urls_spend_a_budget_and_cannot_evict_the_good_chain(poster, s3: ChainServer) -> None:  # type: ignore[no-untyped-def]
    assert poster().status_code == 200
    errors = {
        poster(f"https://s3.amazonaws.com/echo.api/junk-{n}.pem").get_json()["error"]
        for n in range(30)
    }
    assert errors == {
        "certificate chain could not be downloaded",
        "certificate chain downloads are over budget; try later",
    }
    assert len(s3.requests) == 10  # the budget: the real chain's first download and 9 junk
    assert poster().status_code == 200
    assert s3.count(PATH) == 1


def test_concurrent_requests_share_one_download(make_app, s3: ChainServer, leaf: Leaf) -> None:  # type: ignore[no-untyped-def]
    s3.delay_s = 1.0
    app = make_app(chain_fetcher=s3.downloader(5.0))
    start = threading.Barrier(8)
    statuses: list[int] = []

    def post() -> None:
        body = json.dumps(envelope("LaunchRequest")).encode()
        headers = signed_headers(leaf, body)
        start.wait(timeout=30)
        statuses.append(app.test_client().post("/alexa", data=body, headers=headers).status_code)

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == [200] * 8
    assert s3.requests == [PATH]


def test_a_trickling_server_cannot_stretch_a_download_past_its_deadline(
    poster,  # type: ignore[no-untyped-def]
    s3: ChainServer,
) -> None:
    s3.trickle_s = 0.3  # the whole chain would take minutes
    started = time.monotonic()
    response = poster(timeout=1.0)
    elapsed = time.monotonic() - started
    assert response.get_json() == {"error": "certificate chain could not be downloaded"}
    assert elapsed < 5.0


def test_a_slow_first_byte_counts_against_the_deadline(poster, s3: ChainServer) -> None:  # type: ignore[no-untyped-def]
    s3.delay_s = 30.0
    started = time.monotonic()
    assert poster(timeout=1.0).status_code == 400
    assert time.monotonic() - started < 5.0


def test_a_forged_request_with_the_real_chain_is_still_refused(
    poster,  # type: ignore[no-untyped-def]
    authority: TestAuthority,
) -> None:
    forger = authority.issue(san="echo-api.notamazon.com")
    response = poster(signer=forger)
    assert response.get_json() == {"error": "signature does not match the request body"}


def test_the_verification_failure_reason_is_safe() -> None:
    with pytest.raises(VerificationFailure, match="malformed"):
        normalise_chain_url("https://s3.amazonaws.com/echo.api/\r\nX-Evil: 1")


url_parts = st.sampled_from(
    ["https://", "HTTPS://", "http://", "s3.amazonaws.com", "S3.AmazonAWS.com", ":443", ":80",
     "/echo.api/", "/EcHo.aPi/", "/%65cho.api/", "/", "..", ".", "%2e", "%2E%2e", "%2F", "%",
     "%zz", " ", "\u00e9", "\x00", "cert.pem", "?q=1", "#f", "@", "user:pw@", "~", "-", "_"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(url_parts | st.text(max_size=6), max_size=10))
def test_normalising_any_text_gives_one_safe_amazon_url_or_a_refusal(parts: list[str]) -> None:
    url = "".join(parts)
    try:
        normalised = normalise_chain_url(url)
    except VerificationFailure as failure:
        assert failure.reason.startswith("certificate URL")
        return
    assert normalised.startswith("https://s3.amazonaws.com/echo.api/")
    assert normalised.isascii() and normalised.isprintable() and " " not in normalised
    assert "/../" not in normalised and "/./" not in normalised
    assert normalise_chain_url(normalised) == normalised
