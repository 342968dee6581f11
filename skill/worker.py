"""A gunicorn worker that slow clients cannot stall.

gunicorn's sync worker reads each request in its only thread, with no time limit: two clients
that send ``Content-Length: 100000`` and stop hold both workers of a two-worker server until the
arbiter kills them 30 s later, and a valid request waits all that time (Alexa gives up after 8 s).

:class:`DeadlineThreadWorker` is gunicorn's threaded worker (``gthread``) with two changes:

- a new connection goes to a thread only once it has sent something; until then it waits in
  the worker's poller, not in a thread (and is closed after ``keepalive`` seconds, at least 2);
- reading one request, headers and body, has :data:`REQUEST_READ_DEADLINE_S` in total, however
  the client spaces its bytes. When it passes, a request whose headers are incomplete is dropped,
  and one whose body is incomplete is refused with 400 (``request body did not arrive in full``).

So a slow client holds one of the worker's threads for at most the deadline, and the other
threads keep answering. Use it with ``worker_class = "skill.worker.DeadlineThreadWorker"`` and
``threads`` (see ``infra/gunicorn.conf.py``); ``knot-helper serve`` does.
"""

from __future__ import annotations

import errno
import selectors
import socket
import time
from functools import partial
from typing import Any

from gunicorn.http.unreader import SocketUnreader
from gunicorn.workers.gthread import TConn, ThreadWorker

#: Seconds a client has to send one whole request (Alexa sends it at once; it waits 8 s at most).
REQUEST_READ_DEADLINE_S = 5.0
#: Seconds a new connection may stay silent, at least (gunicorn's ``keepalive`` when longer).
MIN_FIRST_BYTE_S = 2.0


class _DeadlineReads:
    """Stands in for the socket in gunicorn's request reader: each ``recv`` gets only what is
    left of the connection's read deadline, and the socket is blocking again afterwards."""

    def __init__(self, conn: DeadlineConn, sock: socket.socket) -> None:
        self._conn = conn
        self._sock = sock

    def recv(self, size: int) -> bytes:
        left = self._conn.read_deadline - time.monotonic()
        if left <= 0:
            raise _too_slow()
        self._sock.settimeout(left)
        try:
            return self._sock.recv(size)
        except TimeoutError:
            raise _too_slow() from None
        finally:
            self._sock.settimeout(None)


def _too_slow() -> ConnectionResetError:
    # ECONNRESET: gunicorn drops such a connection quietly, and Werkzeug turns a failed body
    # read into ClientDisconnected, which the webhook answers with 400.
    return ConnectionResetError(errno.ECONNRESET, "request not received within the deadline")


def _has_data(sock: socket.socket) -> bool:
    """Whether a non-blocking socket has bytes waiting (or the peer closed it)."""
    try:
        sock.recv(1, socket.MSG_PEEK)
    except BlockingIOError:
        return False
    except OSError:
        return True  # let the thread meet the error and close the connection
    return True


class DeadlineConn(TConn):  # type: ignore[misc]
    """gunicorn's connection, whose request reader is bound by ``read_deadline``."""

    read_deadline = 0.0

    def init(self) -> None:
        super().init()
        unreader = getattr(self.parser, "unreader", None)
        if isinstance(unreader, SocketUnreader) and not isinstance(unreader.sock, _DeadlineReads):
            unreader.sock = _DeadlineReads(self, unreader.sock)


class DeadlineThreadWorker(ThreadWorker):  # type: ignore[misc]
    """gunicorn's ``gthread`` worker with polled new connections and a read deadline."""

    def accept(self, listener: Any) -> None:
        """Accept a connection and park it in the poller until it is readable."""
        try:
            client, address = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = DeadlineConn(self.cfg, client, address, listener.getsockname())  # non-blocking
        if _has_data(conn.sock):  # the usual case: straight to a thread, no poller round
            conn.data_ready = True
            self.enqueue_req(conn)
            return
        conn.timeout = time.monotonic() + max(self.cfg.keepalive, MIN_FIRST_BYTE_S)
        self.pending_conns.append(conn)
        self.poller.register(
            conn.sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn)
        )

    def handle(self, conn: DeadlineConn) -> Any:
        """Serve one request on ``conn`` within the read deadline."""
        conn.read_deadline = time.monotonic() + REQUEST_READ_DEADLINE_S
        return super().handle(conn)
