"""A local stand-in for ``https://s3.amazonaws.com/echo.api/``: real HTTPS on 127.0.0.1.

Serves PEM chains by path, counts every request, and can answer slowly: after ``delay_s``, or
trickling the body one byte every ``trickle_s`` seconds (the slow-server attack).
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from skill.chain_download import ChainDownloader
from skill.simulator.signing import TestAuthority, chain_pem, key_pem
from tests.fake_alexa_api import chain_pem_of_root


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
    """Run the fake S3 on a free loopback port; its TLS certificate is issued by ``authority``."""
    leaf = authority.issue(san="127.0.0.1")
    cert, key, bundle = tmp_path / "s3.pem", tmp_path / "s3.key", tmp_path / "s3-ca.pem"
    cert.write_bytes(chain_pem(leaf))
    key.write_bytes(key_pem(leaf))
    bundle.write_bytes(chain_pem_of_root(authority))
    state = ChainServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    httpd.socket = server_context.wrap_socket(httpd.socket, server_side=True)
    state.origin = f"https://127.0.0.1:{httpd.server_address[1]}"
    state.context = ssl.create_default_context(cafile=str(bundle))
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stopping.set()
        httpd.shutdown()
        httpd.server_close()


def wait_until(condition: object, timeout: float = 10.0) -> None:
    """Poll ``condition()`` until it is true (a bounded wait for another thread's progress)."""
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.01)
