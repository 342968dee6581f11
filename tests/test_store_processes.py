"""SQLite under several processes at once, and a server killed mid-routine."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from skill.persistence.sqlite import SQLiteAdapter
from skill.tools.simulator.session import Conversation
from tests.flows import pass_safety_check, start_routine
from tests.servers import running_server
from tests.test_store_contract import request_for

WORKERS, USERS_EACH, ROUNDS = 4, 40, 5
FRESH_DATABASES, OPENERS = 60, 6


def _worker(path: str, worker: int) -> None:
    adapter = SQLiteAdapter(path, timeout=10)
    for round_number in range(1, ROUNDS + 1):
        for user in range(USERS_EACH):
            request = request_for(f"amzn1.ask.account.w{worker}-u{user}")
            record = adapter.get_attributes(request)
            assert record.get("round", 0) == round_number - 1
            adapter.save_attributes(request, {"round": round_number, "worker": worker})


def test_several_processes_writing_different_users_lose_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_worker, args=(path, n)) for n in range(WORKERS)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    adapter = SQLiteAdapter(path)
    for worker in range(WORKERS):
        for user in range(USERS_EACH):
            record = adapter.get_attributes(request_for(f"amzn1.ask.account.w{worker}-u{user}"))
            assert record == {"round": ROUNDS, "worker": worker}


def _opener(folder: str, opener: int, barrier: Any, failures: Any) -> None:
    """Open each fresh database at the same moment as the other openers, then use it."""
    request = request_for(f"amzn1.ask.account.opener-{opener}")
    for number in range(FRESH_DATABASES):
        barrier.wait(timeout=60)
        try:
            adapter = SQLiteAdapter(Path(folder) / f"fresh-{number}.db", timeout=10)
            adapter.save_attributes(request, {"database": number})
            assert adapter.get_attributes(request) == {"database": number}
        except Exception as error:  # reported to the test; keep meeting the others
            failures.put(f"database {number}: {type(error).__name__}: {error}")


def test_processes_opening_a_new_database_at_once_all_succeed(tmp_path: Path) -> None:
    """Fresh gunicorn workers all open a new database with their first request."""
    context = multiprocessing.get_context("spawn")
    barrier, failures = context.Barrier(OPENERS), context.Queue()
    processes = [
        context.Process(target=_opener, args=(str(tmp_path), n, barrier, failures))
        for n in range(OPENERS)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [process.exitcode for process in processes] == [0] * OPENERS
    reported = []
    while not failures.empty():
        reported.append(failures.get())
    assert reported == []


def test_server_killed_mid_routine_resumes_at_the_saved_step(tmp_path: Path) -> None:
    env = {"KNOT_DATABASE_URL": f"sqlite:///{tmp_path / 'killed.db'}"}
    with running_server(tmp_path, env=env) as server:
        chat = Conversation(send=server.send)
        start_routine(chat, remedy="tennis ball")
        chat.say("AMAZON.NextIntent")
        assert "Step 3 of 7." in chat.say("AMAZON.NextIntent").speech
        server.kill()
    chat.session_id = None
    with running_server(tmp_path, env=env) as server:
        chat.send = server.send
        assert "You were on step 3 of the tennis ball massage" in chat.launch().speech
        turn = pass_safety_check(chat, chat.say("AMAZON.ResumeIntent"))
        assert "Step 3 of 7." in turn.speech
