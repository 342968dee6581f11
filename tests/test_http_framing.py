"""Where a buffered HTTP request ends: what the buffering worker waits for."""

from __future__ import annotations

import pytest

from skill.web.http_framing import MAX_BODY_BYTES, MAX_HEAD_BYTES, request_end

HEAD = b"POST /alexa HTTP/1.1\r\nHost: skill\r\n"


def with_length(body: bytes, length: int | None = None) -> bytes:
    return HEAD + b"Content-Length: %d\r\n\r\n" % (len(body) if length is None else length) + body


def chunked(*pieces: bytes, trailers: bytes = b"") -> bytes:
    body = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces)
    return HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + body + b"0\r\n" + trailers + b"\r\n"


@pytest.mark.parametrize(
    "request_bytes",
    [
        with_length(b'{"a": 1}'),
        HEAD + b"\r\n",  # no body
        chunked(b'{"a"', b": 1}"),
        chunked(b"x" * 100, trailers=b"X-Checksum: 1\r\n"),
        HEAD + b"transfer-encoding: gzip, Chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n",
    ],
)
def test_a_whole_request_ends_where_it_ends(request_bytes: bytes) -> None:
    assert request_end(request_bytes) == len(request_bytes)
    assert request_end(request_bytes + b"GET / HTTP/1.1\r\n") == len(request_bytes)


@pytest.mark.parametrize(
    "request_bytes",
    [
        with_length(b'{"a": 1}'),
        chunked(b'{"a"', b": 1}", trailers=b"X-Checksum: 1\r\n"),
    ],
)
def test_every_prefix_of_a_request_is_incomplete(request_bytes: bytes) -> None:
    for cut in range(len(request_bytes)):
        assert request_end(request_bytes[:cut]) is None, request_bytes[:cut]


def test_a_body_too_large_to_wait_for_is_handed_over_with_its_headers() -> None:
    head = HEAD + b"Content-Length: %d\r\n\r\n" % (MAX_BODY_BYTES + 1)
    assert request_end(head + b"x") == len(head)


def test_an_oversized_chunked_body_is_handed_over_before_it_ends() -> None:
    nine_chunks = chunked(*[b"x" * 65536] * 9)  # 576 KiB, more than the webhook takes
    unfinished = nine_chunks[:-10]  # the last chunk has not arrived, and need not
    assert request_end(unfinished) == len(unfinished)


@pytest.mark.parametrize(
    "request_bytes",
    [
        HEAD + b"Content-Length: many\r\n\r\nxyz",
        HEAD + b"Content-Length: -5\r\n\r\nxyz",
        HEAD + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nxyz",
    ],
)
def test_malformed_framing_is_handed_over_to_be_refused(request_bytes: bytes) -> None:
    assert request_end(request_bytes) is not None


def test_endless_headers_are_handed_over() -> None:
    assert request_end(HEAD + b"X: " + b"y" * MAX_HEAD_BYTES) is not None
