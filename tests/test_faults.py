"""Faults: a locked (slow) store, and a worker killed mid-request. Answers keep coming, nothing
saved is lost, and the logs hold no personal data. (Store down, a slow or failing Reminders API
and an unreachable gTTS are covered in test_memory_conversation, test_reminders and
test_audio_build.)"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from flask import Flask

from skill.tools.simulator.session import Conversation
from tests.flows import dev_transport, pass_safety_check, start_routine
from tests.servers import running_server

USER = "amzn1.ask.account.FAULT-USER-5c1e"


@contextlib.contextmanager
def locked(database: Path) -> Iterator[None]:
    """Another process holding SQLite's write lock (an exclusive transaction)."""
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def test_a_locked_store_slows_but_never_breaks_a_reply(
    make_app: Callable[..., Flask], tmp_path: Path, caplog
) -> None:  # type: ignore[no-untyped-def]
    database = tmp_path / "slow.db"
    app = make_app(dev_mode=True, database_url=f"sqlite:///{database}", store_timeout=0.3)
    chat = Conversation(send=dev_transport(app.test_client()), user_id=USER)
    start_routine(chat, remedy="tennis ball")
    chat.say("AMAZON.NextIntent")
    with locked(database):
        started = time.monotonic()
        turn = chat.say("AMAZON.NextIntent")
        assert time.monotonic() - started < 2.5
        assert "Step 3 of 7." in turn.speech
    assert "store unavailable" in caplog.text and USER not in caplog.text
    chat.say("AMAZON.StopIntent")
    assert "You were on step" in chat.launch().speech, "the store works again after the lock"


def test_a_worker_killed_mid_request_loses_nothing_saved(tmp_path: Path) -> None:
    database = tmp_path / "killed.db"
    env = {
        "KNOT_DATABASE_URL": f"sqlite:///{database}",
        "KNOT_STORE_TIMEOUT": "5",
    }
    with running_server(tmp_path, env=env, workers=2, gunicorn=True) as server:
        chat = Conversation(send=server.send, user_id=USER)
        start_routine(chat, remedy="tennis ball")
        chat.say("AMAZON.NextIntent")
        assert "Step 3 of 7." in chat.say("AMAZON.NextIntent").speech
        outcome: list[object] = []
        with locked(database):
            victims = server.workers()
            in_flight = threading.Thread(
                target=lambda: outcome.append(_try(lambda: chat.say("AMAZON.NextIntent")))
            )
            in_flight.start()
            deadline = time.monotonic() + 10
            while not _open_requests(victims, server.port):  # until a worker has it
                assert time.monotonic() < deadline, "the request never reached a worker"
                time.sleep(0.02)
            for pid in victims:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            in_flight.join(timeout=15)
        assert outcome and isinstance(outcome[0], Exception), "the request died with its worker"
        deadline = time.monotonic() + 20
        while len(server.workers()) < 2 or set(server.workers()) & set(victims):
            assert time.monotonic() < deadline, "gunicorn did not replace the workers"
            time.sleep(0.1)
        chat.new_session()
        welcome = _retry(chat.launch)
        assert "You were on step 3 of the tennis ball massage" in welcome.speech
        turn = pass_safety_check(chat, chat.say("AMAZON.ResumeIntent"))
        assert "Step 3 of 7." in turn.speech
    log = server.log.read_text()
    assert USER not in log and "FAULT-USER" not in log


def _open_requests(pids: list[int], port: int) -> int:
    """Connections to ``port`` these processes accepted and have not answered yet (still
    ESTABLISHED: an answered one is half-closed by the server, whenever it gets closed)."""
    inodes = set()
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    target = os.readlink(fd)
                    if target.startswith("socket:["):
                        inodes.add(target[len("socket:[") : -1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local_port = int(fields[1].rsplit(":", 1)[1], 16)
                if local_port == port and fields[3] == "01" and fields[9] in inodes:
                    count += 1
    return count


def _try(action):  # type: ignore[no-untyped-def]
    try:
        return action()
    except Exception as error:  # the connection dies with the worker
        return error


def _retry(action, attempts: int = 20):  # type: ignore[no-untyped-def]
    for _ in range(attempts):
        try:
            return action()
        except OSError:
            time.sleep(0.2)
    return action()
