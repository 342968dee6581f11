"""A local stand-in for Google Translate's TTS endpoint that the real gTTS client talks to.

It answers ``POST /_/TranslateWebserverUi/data/batchexecute`` in Google's format (an anti-XSSI
prefix, then a ``wrb.fr`` / ``jQ1olc`` line whose payload is base64 MP3), with real MP3 bytes
made by ffmpeg: a tone whose length grows with the text. It can fail on demand and counts calls.
"""

from __future__ import annotations

import base64
import json
import ssl
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from skill.audio.chime import chime_pcm
from skill.audio.ffmpeg import encode_mp3
from skill.tools.simulator.signing import TestAuthority, chain_pem, key_pem


@dataclass
class FakeGoogleTTS:
    endpoint: str = ""
    texts: list[str] = field(default_factory=list)
    fail_with: int | None = None
    _mp3: dict[int, bytes] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def mp3_for(self, text: str, folder: Path) -> bytes:
        """A real MP3: the chime repeated once per few words (different lengths, cached)."""
        repeats = 1 + len(text.split()) // 4
        with self._lock:
            if repeats not in self._mp3:
                target = folder / f"tone-{repeats}.mp3"
                encode_mp3(chime_pcm() * repeats, target)
                self._mp3[repeats] = target.read_bytes()
            return self._mp3[repeats]


def _handler(fake: FakeGoogleTTS, folder: Path) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            if self.path.split("?")[0] != "/_/TranslateWebserverUi/data/batchexecute":
                self.send_error(404)
                return
            rpc = json.loads(form["f.req"][0])
            text = json.loads(rpc[0][0][1])[0]
            fake.texts.append(text)
            if fake.fail_with:
                self.send_error(fake.fail_with)
                return
            audio = base64.b64encode(fake.mp3_for(text, folder)).decode()
            payload = [["wrb.fr", "jQ1olc", json.dumps([audio]), None, None, None, "generic"]]
            line = json.dumps(payload, separators=(",", ":"))
            body = f")]}}'\n\n{len(line)}\n{line}\n".encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def fake_google_tts(tmp_path: Path, authority: TestAuthority) -> Iterator[FakeGoogleTTS]:
    """Serve the fake over HTTPS on 127.0.0.1 (gTTS does not verify certificates)."""
    leaf = authority.issue(san="127.0.0.1")
    (tmp_path / "tts.pem").write_bytes(chain_pem(leaf))
    (tmp_path / "tts.key").write_bytes(key_pem(leaf))
    fake = FakeGoogleTTS()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake, tmp_path))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "tts.pem", tmp_path / "tts.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    fake.endpoint = f"https://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
