"""Text-to-speech engines: gTTS (Google Translate's voice, online) and espeak-ng (offline).

Each returns encoded audio ffmpeg can read. gTTS is the real client; :class:`RedirectableGTTS`
only swaps the host of the requests it prepares, so a test can point it at a local server.
"""

from __future__ import annotations

import ctypes
import io
import threading
import wave
from pathlib import Path
from typing import Protocol

import requests
from gtts import gTTS, gTTSError


class SynthesisError(RuntimeError):
    """The engine could not produce speech (network down, server error, missing library)."""


class Engine(Protocol):
    name: str

    def synthesize(self, text: str) -> bytes:
        """Encoded audio (MP3 or WAV) for ``text``."""
        ...


class RedirectableGTTS(gTTS):  # type: ignore[misc]
    """gTTS with its Google host replaceable (``endpoint``, e.g. ``https://127.0.0.1:8443``)."""

    GOOGLE_HOST = "https://translate.google."

    def __init__(self, text: str, endpoint: str | None = None, **options: object) -> None:
        super().__init__(text, **options)
        self._endpoint = endpoint.rstrip("/") if endpoint else None

    def _prepare_requests(self) -> list[requests.PreparedRequest]:
        prepared: list[requests.PreparedRequest] = super()._prepare_requests()
        if self._endpoint:
            for request in prepared:
                _, _, path = str(request.url).partition("/_/")
                request.url = f"{self._endpoint}/_/{path}"
        return prepared


class GTTSEngine:
    """Google Translate's text-to-speech through gTTS."""

    name = "gtts"

    def __init__(
        self, lang: str = "en", tld: str = "com", endpoint: str | None = None, timeout: float = 10
    ) -> None:
        self._options = {"lang": lang, "tld": tld, "timeout": timeout, "lang_check": False}
        self._endpoint = endpoint

    def synthesize(self, text: str) -> bytes:
        buffer = io.BytesIO()
        try:
            RedirectableGTTS(text, endpoint=self._endpoint, **self._options).write_to_fp(buffer)
        except (gTTSError, requests.RequestException, AssertionError) as error:
            raise SynthesisError(f"gTTS failed: {type(error).__name__}") from None
        if not buffer.getvalue():
            raise SynthesisError("gTTS returned no audio")
        return buffer.getvalue()


_SYNTH_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_ESPEAK_RATE = 1
_CHARS_UTF8 = 1


class EspeakEngine:
    """espeak-ng, offline, from the library and data shipped in the espeakng-loader wheel.

    The library keeps global state, so synthesis is serialised with a lock.
    """

    name = "espeak"
    _lock = threading.Lock()

    def __init__(self, voice: str = "en-us", words_per_minute: int = 160) -> None:
        self._voice = voice
        self._rate = words_per_minute
        self._lib: ctypes.CDLL | None = None
        self._sample_rate = 22_050
        self._chunks: list[bytes] = []
        self._callback = _SYNTH_CALLBACK(self._collect)

    def _collect(
        self, samples: ctypes._Pointer[ctypes.c_short], count: int, _events: object
    ) -> int:
        if count > 0:
            self._chunks.append(ctypes.string_at(samples, count * 2))
        return 0

    def _load(self) -> ctypes.CDLL:
        if self._lib is not None:
            return self._lib
        try:
            import espeakng_loader
        except ImportError:
            raise SynthesisError("espeak-ng needs the espeakng-loader package") from None
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
            ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
        ]  # fmt: skip
        data_home = str(Path(espeakng_loader.get_data_path()).parent).encode()
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_home, 0)
        if rate <= 0:
            raise SynthesisError("espeak-ng could not start")
        self._sample_rate = rate
        self._lib = lib
        return lib

    def synthesize(self, text: str) -> bytes:
        with self._lock:
            lib = self._load()
            lib.espeak_SetSynthCallback(self._callback)
            if lib.espeak_SetVoiceByName(self._voice.encode()) != 0:
                raise SynthesisError(f"espeak-ng has no voice {self._voice}")
            lib.espeak_SetParameter(_ESPEAK_RATE, self._rate, 0)
            self._chunks = []
            encoded = text.encode("utf-8")
            if lib.espeak_Synth(encoded, len(encoded) + 1, 0, 0, 0, _CHARS_UTF8, None, None) != 0:
                raise SynthesisError("espeak-ng could not synthesise")
            lib.espeak_Synchronize()
            pcm = b"".join(self._chunks)
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(self._sample_rate)
            wav.writeframes(pcm)
        return buffer.getvalue()


def engine_named(name: str, gtts_endpoint: str | None = None) -> Engine:
    """The engine for ``--engine``."""
    if name == "gtts":
        return GTTSEngine(endpoint=gtts_endpoint)
    if name == "espeak":
        return EspeakEngine()
    raise ValueError(f"unknown engine {name!r}: use gtts or espeak")
