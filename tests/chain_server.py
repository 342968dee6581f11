"""A local stand-in for ``https://s3.amazonaws.com/echo.api/``: real HTTPS on 127.0.0.1.

Serves PEM chains by path, counts every request, and can answer slowly: after ``delay_s``, or
trickling the body one byte every ``trickle_s`` seconds (the slow-server attack).
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from skill.tools.simulator.signing import TestAuthority
from skill.web.chain_download import ChainDownloader
from tests.fake_alexa_api import local_https_server


@dataclass
class ChainServer:
    """What the server holds and has seen; ``origin`` and ``context`` reach it."""

    chains: dict[str, bytes] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    delay_s: float = 0.0
    trickle_s: float = 0.0
    origin: str = ""
    context: ssl.SSLContext | None = None
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def downloader(self, timeout: float = 2.0) -> ChainDownloader:
        """The production downloader, pointed at this server instead of Amazon's."""
        return ChainDownloader(timeout, origin=self.origin, context=self.context)

    def count(self, path: str) -> int:
        with self.lock:
            return self.requests.count(path)


def _handler(server: ChainServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def do_GET(self) -> None:
            with server.lock:
                server.requests.append(self.path)
            server.stopping.wait(server.delay_s)
            body = server.chains.get(self.path)
            if body is None:
                body = b"<Error><Code>NoSuchKey</Code></Error>"
                self.send_response(404)
            else:
                self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not server.trickle_s:
                self.wfile.write(body)
                return
            for index in range(len(body)):
                if server.stopping.wait(server.trickle_s):
                    return
                try:
                    self.wfile.write(body[index : index + 1])
                    self.wfile.flush()
                except OSError:  # the client gave up, as it should
                    return

    return Handler


@contextmanager
def chain_server(tmp_path: Path, authority: TestAuthority) -> Iterator[ChainServer]:
    """Run the fake S3 on a free loopback port; its TLS certificate is issued by ``authority``.

    The CA bundle that trusts it is ``tmp_path / "s3-ca.pem"``.
    """
    state = ChainServer()
    try:
        with local_https_server(tmp_path, authority, _handler(state), "s3") as (origin, bundle):
            state.origin = origin
            state.context = ssl.create_default_context(cafile=str(bundle))
            yield state
    finally:
        state.stopping.set()
