"""Every request must prove it came from Alexa; every failure is a 400 with a short reason."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from skill.tools.simulator.envelopes import envelope
from skill.tools.simulator.signing import CHAIN_URL, TestAuthority, chain_pem
from skill.web.signing_chain import VerificationFailure, normalise_chain_url
from tests.conftest import ChainHost, PostSigned


def launch(**options: Any) -> dict[str, Any]:
    return envelope("LaunchRequest", session=None, **options)


def test_signed_request_is_answered(post_signed: PostSigned) -> None:
    response = post_signed(launch())
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "Knot Helper" in response.get_json()["response"]["outputSpeech"]["ssml"]


def test_chain_is_downloaded_once_and_cached(post_signed: PostSigned, chain_host: ChainHost):
    for _ in range(3):
        assert post_signed(launch()).status_code == 200
    assert chain_host.fetches == [CHAIN_URL]


def test_equivalent_url_spellings_share_the_cache(post_signed: PostSigned, chain_host: ChainHost):
    odd = "HTTPS://S3.AMAZONAWS.COM:443/echo.api/../echo.api/echo-api-cert-test.pem"
    assert post_signed(launch(), headers={"SignatureCertChainUrl": odd}).status_code == 200
    assert post_signed(launch()).status_code == 200
    assert chain_host.fetches == [CHAIN_URL]


def test_skill_events_may_arrive_within_an_hour(post_signed: PostSigned) -> None:
    event = envelope("AlexaSkillEvent.SkillEnabled", timestamp_offset=-1800, eventCreationTime=None)
    assert post_signed(event).status_code == 200


def _tampered(body: bytes) -> bytes:
    """One byte changed inside the request ID: still a valid envelope, no longer the signed one."""
    index = body.index(b"amzn1.echo-api.request.") + len(b"amzn1.echo-api.request.")
    flipped = b"0" if body[index : index + 1] != b"0" else b"1"
    return body[:index] + flipped + body[index + 1 :]


def _expired_leaf(authority: TestAuthority):
    now = dt.datetime.now(dt.UTC)
    return authority.issue(
        not_before=now - dt.timedelta(days=30), not_after=now - dt.timedelta(days=1)
    )


def _future_leaf(authority: TestAuthority):
    now = dt.datetime.now(dt.UTC)
    return authority.issue(
        not_before=now + dt.timedelta(days=1), not_after=now + dt.timedelta(days=30)
    )


BAD_URLS = {
    "http scheme": "http://s3.amazonaws.com/echo.api/echo-api-cert.pem",
    "other host": "https://notamazon.com/echo.api/echo-api-cert.pem",
    "path case": "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem",
    "other path": "https://s3.amazonaws.com/invalid.path/echo-api-cert.pem",
    "other port": "https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem",
    "escapes the path": "https://s3.amazonaws.com/echo.api/../invalid.path/echo-api-cert.pem",
    "credentials in host": "https://evil@s3.amazonaws.com/echo.api/echo-api-cert.pem",
}


@pytest.mark.parametrize("url", BAD_URLS.values(), ids=BAD_URLS.keys())
def test_bad_chain_urls_are_rejected_before_download(
    post_signed: PostSigned, chain_host: ChainHost, url: str
) -> None:
    response = post_signed(launch(), headers={"SignatureCertChainUrl": url})
    assert response.status_code == 400
    assert "certificate URL" in response.get_json()["error"]
    assert chain_host.fetches == []


GOOD_URLS = [
    "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
    "HTTPS://s3.AmazonAWS.com/echo.api/echo-api-cert.pem",
]


@pytest.mark.parametrize("url", GOOD_URLS)
def test_amazon_valid_url_examples_are_accepted(url: str) -> None:
    assert normalise_chain_url(url) == "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"


def test_forged_signature_over_tampered_body(post_signed: PostSigned, leaf) -> None:
    body = json.dumps(launch()).encode()
    headers = {"Signature-256": leaf.sign(body)}
    response = post_signed(_tampered(body), headers=headers)
    assert response.status_code == 400
    assert response.get_json() == {"error": "signature does not match the request body"}


def test_leaf_from_a_rogue_ca(post_signed: PostSigned, chain_host: ChainHost) -> None:
    rogue = TestAuthority("Rogue Root").issue()
    chain_host.chains[CHAIN_URL] = chain_pem(rogue)
    response = post_signed(launch(), signer=rogue)
    assert response.status_code == 400
    assert response.get_json() == {"error": "certificate chain is not trusted"}


@pytest.mark.parametrize(
    "make_leaf",
    [
        lambda authority: authority.issue(san="echo-api.notamazon.com"),
        _expired_leaf,
        _future_leaf,
    ],
    ids=["wrong SAN", "expired leaf", "not yet valid leaf"],
)
def test_untrusted_signing_certificates(
    post_signed: PostSigned, chain_host: ChainHost, authority: TestAuthority, make_leaf
) -> None:
    bad_leaf = make_leaf(authority)
    chain_host.chains[CHAIN_URL] = chain_pem(bad_leaf)
    response = post_signed(launch(), signer=bad_leaf)
    assert response.status_code == 400
    assert response.get_json() == {"error": "certificate chain is not trusted"}


def test_chain_that_is_not_pem(post_signed: PostSigned, chain_host: ChainHost) -> None:
    chain_host.chains[CHAIN_URL] = b"<html>not a certificate</html>"
    response = post_signed(launch())
    assert response.status_code == 400
    assert response.get_json() == {"error": "certificate chain is not valid PEM"}


def test_chain_download_failure(post_signed: PostSigned) -> None:
    other = "https://s3.amazonaws.com/echo.api/missing.pem"
    response = post_signed(launch(), headers={"SignatureCertChainUrl": other})
    assert response.status_code == 400
    assert response.get_json() == {"error": "certificate chain could not be downloaded"}


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("SignatureCertChainUrl", "SignatureCertChainUrl header is missing"),
        ("Signature-256", "Signature-256 header is missing"),
    ],
)
def test_missing_headers(post_signed: PostSigned, header: str, reason: str) -> None:
    response = post_signed(launch(), omit=(header,))
    assert response.status_code == 400
    assert response.get_json() == {"error": reason}


@pytest.mark.parametrize("signature", ["not base64!!", "QUJD=bad", "%%%%"])
def test_signature_that_is_not_base64(post_signed: PostSigned, signature: str) -> None:
    response = post_signed(launch(), headers={"Signature-256": signature})
    assert response.status_code == 400
    assert response.get_json() == {"error": "Signature-256 is not valid base64"}


def test_legacy_sha1_signature_alone_is_not_enough(post_signed: PostSigned) -> None:
    response = post_signed(launch(), headers={"Signature": "abc="}, omit=("Signature-256",))
    assert response.status_code == 400


@pytest.mark.parametrize("offset", [-151, 151, -86400])
def test_stale_or_future_timestamps_are_rejected_before_download(
    post_signed: PostSigned, chain_host: ChainHost, offset: int
) -> None:
    response = post_signed(launch(timestamp_offset=offset))
    assert response.status_code == 400
    assert response.get_json() == {"error": "request timestamp is too old or in the future"}
    assert chain_host.fetches == []


def test_timestamp_within_tolerance_is_accepted(post_signed: PostSigned) -> None:
    assert post_signed(launch(timestamp_offset=-140)).status_code == 200


def test_wrong_application_id_is_rejected_before_download(
    post_signed: PostSigned, chain_host: ChainHost
) -> None:
    response = post_signed(launch(skill_id="amzn1.ask.skill.someone-else"))
    assert response.status_code == 400
    assert response.get_json() == {"error": "application ID does not match this skill"}
    assert chain_host.fetches == []


MALFORMED = {
    "not JSON": b"{this is not json",
    "JSON array": b"[]",
    "JSON string": b'"LaunchRequest"',
    "no request": json.dumps({"version": "1.0", "context": {}}).encode(),
    "request not an object": json.dumps({"version": "1.0", "request": 5}).encode(),
    "unknown request type": json.dumps(launch() | {"request": {"type": "Bogus"}}).encode(),
    "bad timestamp": json.dumps(
        launch() | {"request": {"type": "LaunchRequest", "timestamp": "yesterday-ish"}}
    ).encode(),
    "no application": json.dumps({k: v for k, v in launch().items() if k != "context"}).encode(),
    "not UTF-8": b'{"version": "1.0", "request": "\xff\xfe"}',
    "intent request without intent": json.dumps(envelope("IntentRequest")).encode(),
}


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_bodies_get_400_not_500(post_signed: PostSigned, body: bytes) -> None:
    response = post_signed(body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error and "Traceback" not in error and len(error) < 80


def test_verification_failure_reason_is_kept() -> None:
    assert VerificationFailure("x").reason == "x"
