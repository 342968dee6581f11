"""The framing worked out read by read ends a request exactly where :func:`request_end` does."""

from __future__ import annotations

import itertools
import random

import pytest

from skill.web.http_framing import MAX_BODY_BYTES, MAX_HEAD_BYTES, RequestFraming, request_end
from tests.test_http_framing import HEAD, chunked, with_length

REQUESTS = [
    with_length(b'{"a": 1}'),
    with_length(b"x" * 5000),
    with_length(b"xyz", length=10),  # never completes
    HEAD + b"\r\n",
    HEAD + b"Expect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
    chunked(*[b"x"] * 300),  # one-byte chunks
    chunked(b'{"a"', b": 1}", trailers=b"X-Checksum: 1\r\n"),
    HEAD + b"transfer-encoding: gzip, Chunked\r\n\r\n1;ext=1\r\nx\r\n0\r\n\r\n",
    HEAD + b"Content-Length: many\r\n\r\nxyz",
    HEAD + b"Content-Length: -5\r\n\r\nxyz",
    HEAD + b"Content-Length: %d\r\n\r\nxyz" % (MAX_BODY_BYTES + 1),
    HEAD + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nxyz",
    HEAD + b"Transfer-Encoding: chunked\r\n\r\n-1\r\nxyz",
    HEAD + b"Transfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n" + b" " * 3000,  # endless size line
]
#: Fed in larger pieces only, so that the test's own request_end on every prefix stays quick.
LARGE = [
    chunked(*[b"x" * 65536] * 9),  # oversized: handed over before it ends
    HEAD + b"X: " + b"y" * (MAX_HEAD_BYTES + 10),  # endless headers
]


def feed(request_bytes: bytes, sizes: list[int]) -> None:
    """Feed ``request_bytes`` (and a next request) in pieces: every answer is request_end's."""
    data = request_bytes + b"GET / HTTP/1.1\r\n"
    framing = RequestFraming()
    buffer = bytearray()
    offset = 0
    for size in itertools.cycle(sizes):
        piece = data[offset : offset + size]
        if not piece:
            return
        offset += len(piece)
        buffer += piece
        end = framing.end(buffer)
        assert end == request_end(bytes(buffer)), bytes(buffer)
        if end is not None:
            return


@pytest.mark.parametrize("request_bytes", REQUESTS)
@pytest.mark.parametrize("sizes", [[1], [2], [3, 1, 7], [1000]])
def test_pieces_end_where_the_whole_ends(request_bytes: bytes, sizes: list[int]) -> None:
    feed(request_bytes, sizes)


@pytest.mark.parametrize("request_bytes", LARGE)
@pytest.mark.parametrize("sizes", [[4096], [1000, 1, 333]])
def test_large_pieces_end_where_the_whole_ends(request_bytes: bytes, sizes: list[int]) -> None:
    feed(request_bytes, sizes)


def test_random_pieces_end_where_the_whole_ends() -> None:
    chooser = random.Random(16)
    for request_bytes in REQUESTS:
        feed(request_bytes, [chooser.randint(1, 40) for _ in range(97)])


def test_the_expect_header_is_known_once_the_headers_are_in() -> None:
    framing = RequestFraming()
    head = HEAD + b"Expect: 100-continue\r\nContent-Length: 3\r\n"
    assert framing.end(head) is None
    assert framing.body_start is None and not framing.expects_continue
    assert framing.end(head + b"\r\n") is None
    assert framing.body_start == len(head) + 2 and framing.expects_continue
