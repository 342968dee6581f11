"""A gunicorn worker that slow clients cannot stall, as fast as the sync worker.

gunicorn's sync worker reads each request in its only thread, with no time limit: two clients
that send ``Content-Length: 100000`` and stop hold both workers of a two-worker server until the
arbiter kills them 30 s later, and a valid request waits all that time (Alexa gives up after 8 s).
A threaded worker only moves the problem (one slow client per thread) and, measured here, costs
throughput: every request crosses threads and the GIL.

:class:`BufferingWorker` is the sync worker with a small event loop in front of it, the way a
buffering proxy works: it reads every connection without blocking, keeps what arrived, and hands
a request to the sync worker's own code only once all of it is in memory, so the application never
waits on a client. A connection whose request is not complete within
:data:`REQUEST_READ_DEADLINE_S` is closed, or, if its headers arrived, handed over with the body it
has (which the webhook refuses with 400). Each connection costs a buffer, never the worker. Alexa
sends a request at once, so in the usual case the loop accepts, finds the whole request already
there and serves it straight away, as the sync worker would.

TLS must terminate in front (it does for Alexa: a load balancer or proxy with a trusted
certificate). Use ``worker_class = "skill.web.worker.BufferingWorker"``
(``infra/gunicorn.conf.py``); ``knot-helper serve`` does.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import socket
import time
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from gunicorn.workers.sync import SyncWorker

from skill.web.http_framing import RequestFraming

#: Seconds a client has to send one whole request (Alexa sends it at once; it waits 8 s at most).
REQUEST_READ_DEADLINE_S = 5.0
#: Largest request kept in memory; a bigger one is handed over as it is and refused there.
MAX_BUFFERED_BYTES = 2 * 1024 * 1024
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"

#: This worker, as gunicorn names a worker class.
WORKER_CLASS = "skill.web.worker.BufferingWorker"
#: The gunicorn settings every server of the skill runs with: ``infra/gunicorn.conf.py`` and
#: ``knot-helper serve`` (:mod:`skill.web.production`). Each sets its own bind, workers, log level;
#: keep-alive and request limits are the configuration file's alone.
GUNICORN_SETTINGS: dict[str, Any] = {
    "worker_class": WORKER_CLASS,
    "timeout": 30,
    "graceful_timeout": 10,
    "accesslog": None,
}


@dataclass
class _Pending:
    """A connection whose request has not all arrived yet."""

    sock: socket.socket
    address: Any
    listener: Any
    deadline: float
    fd: int = -1
    buffer: bytearray = field(default_factory=bytearray)
    #: Where the request in ``buffer`` ends, worked out read by read.
    framing: RequestFraming = field(default_factory=RequestFraming)
    continued: bool = False
    registered: bool = False


def defer_accept(listener: socket.socket) -> None:
    """Where the system can (Linux), accept connections only once they have sent data: a
    request then usually arrives whole with its connection, and silent ones wait in the kernel."""
    option = getattr(socket, "TCP_DEFER_ACCEPT", None)
    if option is not None:
        with contextlib.suppress(OSError):
            listener.setsockopt(socket.IPPROTO_TCP, option, 1)


class _BufferedRequest:
    """The client socket as the sync worker's code sees it.

    Reads come from the request already in memory, then end-of-file; after the response
    (``shutdown``), only what the kernel already holds, without waiting. Everything else
    (writes, ``sendfile``, ``close``) is the real socket.
    """

    def __init__(self, sock: socket.socket, data: bytes) -> None:
        self._sock = sock
        self._data = memoryview(data)
        self._offset = 0
        self._closing = False

    def recv(self, size: int, *_flags: int) -> bytes:
        if self._offset < len(self._data):
            chunk = bytes(self._data[self._offset : self._offset + size])
            self._offset += len(chunk)
            return chunk
        if not self._closing:
            return b""
        try:  # drain what already arrived, so closing does not reset the connection
            self._sock.setblocking(False)
            return self._sock.recv(size)
        except OSError:
            return b""

    def shutdown(self, how: int) -> None:
        self._closing = True
        self._sock.shutdown(how)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class BufferingWorker(SyncWorker):  # type: ignore[misc]
    """gunicorn's sync worker behind an event loop that buffers whole requests."""

    def init_process(self) -> None:
        if self.cfg.is_ssl:
            raise RuntimeError("BufferingWorker needs TLS to terminate in front of gunicorn")
        self._poller = selectors.DefaultSelector()
        #: By file descriptor, in the order accepted, which is the order of their deadlines.
        self._pending: dict[int, _Pending] = {}
        self._accepting = False
        super().init_process()

    def run(self) -> None:
        self._poller.register(self.PIPE[0], selectors.EVENT_READ, self._wake)
        for listener in self.sockets:
            listener.setblocking(False)
            defer_accept(listener)
        self._set_accepting(True)
        try:
            while self.alive:
                self._turn()
                self._set_accepting(len(self._pending) < self.cfg.worker_connections)
                if not self.is_parent_alive():
                    return
            self._set_accepting(False)  # stopping: finish the requests already arriving
            stop_by = time.monotonic() + min(self.cfg.graceful_timeout, REQUEST_READ_DEADLINE_S)
            while self._pending and time.monotonic() < stop_by:
                self._turn()
        finally:
            for pending in list(self._pending.values()):
                self._drop(pending)
            self._poller.close()

    def _turn(self) -> None:
        """One round of the loop: tell the arbiter we live, read what arrived, expire."""
        self.notify()
        for key, _ in self._poller.select(self._next_timeout()):
            key.data(key.fileobj)
        self._expire(time.monotonic())

    def _wake(self, pipe: int) -> None:
        with contextlib.suppress(BlockingIOError):
            os.read(pipe, 64)  # a signal arrived: the loop checks self.alive

    def _next_timeout(self) -> float:
        if not self._pending:
            return 1.0
        soonest = next(iter(self._pending.values())).deadline  # kept in deadline order
        return max(0.0, min(1.0, soonest - time.monotonic()))

    def _set_accepting(self, accepting: bool) -> None:
        if accepting == self._accepting:
            return
        for listener in self.sockets:
            if accepting:
                self._poller.register(listener, selectors.EVENT_READ, self._accept)
            else:
                self._poller.unregister(listener)
        self._accepting = accepting

    def _accept(self, listener: Any) -> None:
        try:
            client, address = listener.accept()
        except (BlockingIOError, InterruptedError, ConnectionAbortedError):
            return
        client.setblocking(False)
        deadline = time.monotonic() + REQUEST_READ_DEADLINE_S
        pending = _Pending(client, address, listener, deadline, client.fileno())
        self._pending[pending.fd] = pending
        if self._receive(pending):  # usually the whole request is already there: served
            self._poller.register(client, selectors.EVENT_READ, partial(self._readable, pending))
            pending.registered = True

    def _readable(self, pending: _Pending, _sock: Any) -> None:
        self._receive(pending)

    def _receive(self, pending: _Pending) -> bool:
        """Read what arrived and serve the request once complete; True while still waiting."""
        try:
            data = pending.sock.recv(65536)
        except BlockingIOError:
            return True
        except OSError:
            data = b""
        if not data:  # the client stopped sending before the request was complete
            self._give_up(pending)
            return False
        pending.buffer += data
        end = pending.framing.end(pending.buffer)
        if end is None and len(pending.buffer) <= MAX_BUFFERED_BYTES:
            self._continue(pending)
            return True
        self._serve(pending, end if end is not None else len(pending.buffer))
        return False

    def _continue(self, pending: _Pending) -> None:
        """Answer ``Expect: 100-continue`` once the headers are in, so the body is sent."""
        if not pending.continued and pending.framing.expects_continue:
            pending.continued = True
            with contextlib.suppress(OSError):
                pending.sock.send(CONTINUE)

    def _serve(self, pending: _Pending, end: int) -> None:
        """The sync worker's own handling, reading from the buffered request."""
        self._release(pending)
        pending.sock.setblocking(True)
        request = _BufferedRequest(pending.sock, bytes(pending.buffer[:end]))
        self.handle(pending.listener, request, pending.address)

    def _expire(self, now: float) -> None:
        while self._pending:
            pending = next(iter(self._pending.values()))  # the oldest: accepted first
            if pending.deadline > now:
                return
            self._give_up(pending)

    def _give_up(self, pending: _Pending) -> None:
        """No more of the request will come: hand it over if its headers arrived (the body is
        then short, which the webhook refuses with 400), else close the connection."""
        if pending.framing.body_start is not None:  # every read went through the framing
            self._serve(pending, len(pending.buffer))
        else:
            self._drop(pending)

    def _release(self, pending: _Pending) -> None:
        if pending.registered:
            self._poller.unregister(pending.sock)
            pending.registered = False
        self._pending.pop(pending.fd, None)

    def _drop(self, pending: _Pending) -> None:
        self._release(pending)
        pending.sock.close()
