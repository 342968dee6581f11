"""Downloading a signing chain with one deadline for the whole download.

A socket timeout bounds each read, not the download: a server trickling a byte every 1.5 s kept
a 2 s-timeout download going for 9 s. Here every step (connect, TLS handshake, request, each
read of the status line, headers and body) gets only what is left of one deadline, so a download
never takes longer than its timeout. No redirects are followed and at most 64 KiB are read.
"""

from __future__ import annotations

import http.client
import io
import socket
import ssl
import time
from typing import Any
from urllib.parse import urlsplit

import certifi

from skill.web.signing_chain import AMAZON_ORIGIN, VerificationFailure

MAX_CHAIN_BYTES = 64 * 1024


class _DeadlineReader(io.RawIOBase):
    """Reads from a socket, each read allowed only the time left before ``deadline``."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock = sock
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        _arm(self._sock, self._deadline)
        return self._sock.recv_into(buffer)


class _DeadlineSocket:
    """What ``http.client.HTTPResponse`` needs of a socket: a file to read the answer from."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._reader: io.BufferedIOBase = io.BufferedReader(_DeadlineReader(sock, deadline))

    def makefile(self, _mode: str) -> io.BufferedIOBase:
        return self._reader


def _arm(sock: socket.socket, deadline: float) -> None:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("download deadline passed")
    sock.settimeout(left)


class ChainDownloader:
    """Fetches ``https://s3.amazonaws.com/echo.api/...`` chains within ``timeout`` seconds.

    Args:
        timeout: seconds for the whole download.
        origin: where to connect instead of Amazon's origin (a local test server).
        context: TLS settings (default: certifi's roots, hostname checked).
    """

    def __init__(
        self,
        timeout: float,
        origin: str = AMAZON_ORIGIN,
        context: ssl.SSLContext | None = None,
    ) -> None:
        parts = urlsplit(origin)
        self._host = parts.hostname or ""
        self._port = parts.port or 443
        self._host_header = parts.netloc
        self._timeout = timeout
        self._context = context or ssl.create_default_context(cafile=certifi.where())

    def __call__(self, url: str) -> bytes:
        """The PEM bytes at ``url`` (already normalised, so only its path is used).

        Raises:
            VerificationFailure: refused, failed, too slow, not 200 or too large.
        """
        path = urlsplit(url).path
        deadline = time.monotonic() + self._timeout
        try:
            with (
                socket.create_connection((self._host, self._port), self._timeout) as raw,
                self._context.wrap_socket(
                    raw, server_hostname=self._host, do_handshake_on_connect=False
                ) as tls,
            ):
                return self._exchange(tls, path, deadline)
        except (OSError, http.client.HTTPException, ValueError):
            raise VerificationFailure("certificate chain could not be downloaded") from None

    def _exchange(self, tls: ssl.SSLSocket, path: str, deadline: float) -> bytes:
        _arm(tls, deadline)
        tls.do_handshake()
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {self._host_header}\r\n"
            "User-Agent: knot-helper\r\nAccept: */*\r\nConnection: close\r\n\r\n"
        )
        _arm(tls, deadline)
        tls.sendall(request.encode("ascii"))
        response = http.client.HTTPResponse(_DeadlineSocket(tls, deadline))  # type: ignore[arg-type]
        response.begin()
        if response.status != 200:
            raise VerificationFailure("certificate chain could not be downloaded")
        data = response.read(MAX_CHAIN_BYTES + 1)
        if len(data) > MAX_CHAIN_BYTES:
            raise VerificationFailure("certificate chain is too large")
        return data
