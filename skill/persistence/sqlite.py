"""An embedded SQLite persistence adapter on the SDK's ``AbstractPersistenceAdapter``.

WAL mode lets several gunicorn worker processes read while one writes; every write is a single
upsert statement (atomic); a ``busy_timeout`` waits out short locks; the schema carries a version
(``PRAGMA user_version``) and a newer database than this code understands is refused rather than
damaged. Connections are per thread and per process, so forked workers never share one.

Threads of one process (Flask's dev server, a threaded WSGI server) take turns to write (a lock,
waited for up to the timeout): SQLite's own busy handler waits by sleeping 1, 2, 5, 10 ... 100
ms, which under a threaded worker turned write contention into latency.

Fresh workers all open a new database with their first requests, so the first open is built to
run under contention: the switch to WAL is retried when SQLite reports a deadlock (see
:func:`use_wal`), and the schema is created under a write lock, after checking its version again.

Records expire: one not written for ``expiry_days`` (every visit writes it) is never read again,
and each process deletes such rows when it first writes and then at most once an hour.
"""

from __future__ import annotations

import json
import logging
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_model import RequestEnvelope

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2
_SCHEMA = (
    """
    CREATE TABLE IF NOT EXISTS attributes (
        id TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS attributes_updated_at ON attributes (updated_at)",
)
PRUNE_INTERVAL_S = 3600


def use_wal(connection: sqlite3.Connection, timeout: float) -> None:
    """Switch the database to WAL mode (recorded in the file, so later opens find it set).

    Two connections switching a new database at the same moment deadlock inside SQLite: each
    holds a shared lock and needs an exclusive one, so SQLite answers one of them "database is
    locked" at once, without calling the busy handler. That connection retries after a short,
    growing, jittered pause until ``timeout``; by then the other has finished the switch.

    Raises:
        sqlite3.OperationalError: still locked after ``timeout``, or another error.
        PersistenceException: SQLite kept another journal mode (e.g. an in-memory database).
    """
    deadline = time.monotonic() + timeout
    pause = 0.002
    while True:
        try:
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            break
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
                raise
            if time.monotonic() + pause > deadline:
                raise
        time.sleep(pause * random.uniform(0.5, 1.5))  # noqa: S311 - jitter, not a secret
        pause = min(pause * 2, 0.05)
    if str(mode).lower() != "wal":
        raise PersistenceException(f"SQLite kept journal mode {mode!r} instead of WAL")


def _schema_version(connection: sqlite3.Connection) -> int:
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise PersistenceException(f"database schema {version} is newer than {SCHEMA_VERSION}")
    return version


class SQLiteAdapter(AbstractPersistenceAdapter):
    """Persistent attributes in one SQLite file.

    Args:
        path: the database file (created with its folder if missing).
        timeout: seconds to wait for a lock before giving up.
        keygen: the record key for a request (default: salted hash of the user ID).
        expiry_days: days without a write after which a record expires.
        clock: seconds since the epoch (a hook for tests).
    """

    def __init__(
        self,
        path: str | Path,
        timeout: float = 2.0,
        keygen: Callable[[RequestEnvelope], str] | None = None,
        expiry_days: int = 180,
        clock: Callable[[], float] = time.time,
    ) -> None:
        from skill.persistence import hashed_user_key

        self.path = Path(path)
        self._timeout = timeout
        self._keygen = keygen or hashed_user_key
        self._local = threading.local()
        self._writing = threading.Lock()
        self.expiry_s = expiry_days * 24 * 3600
        self.clock = clock
        self._pruned_at: float | None = None

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is not None and getattr(self._local, "pid", None) == os.getpid():
            return connection
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None)
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(self._timeout * 1000)}")
            use_wal(connection, self._timeout)
            connection.execute("PRAGMA synchronous = NORMAL")
            self._migrate(connection)
        except BaseException:
            connection.close()
            raise
        self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    @staticmethod
    def _migrate(connection: sqlite3.Connection) -> None:
        if _schema_version(connection) == SCHEMA_VERSION:
            return
        connection.execute("BEGIN IMMEDIATE")  # waits (busy_timeout) for other writers
        try:
            if _schema_version(connection) < SCHEMA_VERSION:  # another process may have won
                for statement in _SCHEMA:
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def _run(self, statement: str, parameters: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        return self._execute(statement, parameters)[0]

    def _execute(
        self, statement: str, parameters: tuple[Any, ...]
    ) -> tuple[list[tuple[Any, ...]], int]:
        """The rows a statement returned and how many rows it changed."""
        try:
            cursor = self._connection().execute(statement, parameters)
            return cursor.fetchall(), cursor.rowcount
        except sqlite3.Error as error:
            raise PersistenceException(f"SQLite {type(error).__name__}") from None

    def _write(self, statement: str, parameters: tuple[Any, ...]) -> int:
        """Run a statement that changes rows, one thread at a time; returns how many it changed."""
        if not self._writing.acquire(timeout=self._timeout):
            raise PersistenceException("SQLite busy: another thread kept writing")
        try:
            return self._execute(statement, parameters)[1]
        finally:
            self._writing.release()

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        rows = self._run(
            "SELECT data FROM attributes WHERE id = ? AND updated_at >= ?",
            (self._keygen(request_envelope), self._oldest_live()),
        )
        if not rows:
            return {}
        data: dict[str, Any] = json.loads(rows[0][0])
        return data

    def save_attributes(
        self, request_envelope: RequestEnvelope, attributes: dict[str, Any]
    ) -> None:
        self._write(
            "INSERT INTO attributes (id, data, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
            (
                self._keygen(request_envelope),
                json.dumps(attributes, separators=(",", ":"), sort_keys=True),
                int(self.clock()),
            ),
        )
        self._prune_now_and_then()

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        self._write("DELETE FROM attributes WHERE id = ?", (self._keygen(request_envelope),))

    def _oldest_live(self) -> int:
        """The oldest ``updated_at`` of a record that has not expired."""
        return int(self.clock()) - self.expiry_s

    def _prune_now_and_then(self) -> None:
        now = self.clock()
        if self._pruned_at is not None and now - self._pruned_at < PRUNE_INTERVAL_S:
            return
        self._pruned_at = now
        try:
            self.prune()
        except PersistenceException as error:  # the record is saved; prune on a later write
            logger.warning("expired records not pruned: %s", error)

    def prune(self) -> int:
        """Delete every expired record now; returns how many were deleted."""
        return self._write("DELETE FROM attributes WHERE updated_at < ?", (self._oldest_live(),))
