"""Many people at once against gunicorn with several workers and the SQLite store."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ask_sdk_model import RequestEnvelope

from skill.alexa.serializer import EnvelopeSerializer
from skill.persistence import hashed_user_key
from skill.tools.simulator.envelopes import envelope
from skill.tools.simulator.session import Conversation, Turn
from tests.flows import QUICK_CHECK_LENGTH
from tests.servers import running_server

USERS, WORKERS_OF_CLIENTS = 200, 40
TIME_BOUND_S = 240


def key_for(user: str) -> str:
    request = EnvelopeSerializer().deserialize(
        json.dumps(envelope("LaunchRequest", user_id=user)), RequestEnvelope
    )
    return hashed_user_key(request)


def twenty_turns(send, user: str) -> list[tuple[str, int | None]]:  # type: ignore[no-untyped-def]
    """One person's 20 turns; returns (what was said, routine step in the answer) per turn."""
    chat = Conversation(send=send, user_id=user, device_id=f"device-{user[-6:]}")
    said: list[tuple[str, Turn]] = [("launch", chat.launch())]
    said.append(("remedy", chat.say("RemedyIntent", remedy="tennis ball")))
    said += [("no", chat.say("AMAZON.NoIntent")) for _ in range(QUICK_CHECK_LENGTH)]
    said += [("next", chat.say("AMAZON.NextIntent")) for _ in range(3)]
    said.append(("pause", chat.say("AMAZON.PauseIntent")))
    said.append(("resume", chat.say("AMAZON.ResumeIntent")))
    said.append(("previous", chat.say("AMAZON.PreviousIntent")))
    said.append(("stop", chat.say("AMAZON.StopIntent")))
    assert len(said) == 20
    steps = []
    for word, turn in said:
        routine = turn.session_attributes.get("routine")
        if routine is not None:
            assert routine["id"] == "tennis_ball", (user, word, routine)
        steps.append((word, routine["step"] if routine else None))
    return steps


EXPECTED_STEPS = [None] * (QUICK_CHECK_LENGTH + 1) + [0, 1, 2, 3, 3, 3, 2, 2]


def test_200_people_20_turns_each_no_crossing_nothing_lost(tmp_path: Path) -> None:
    database = tmp_path / "crowd.db"
    env = {
        "KNOT_DATABASE_URL": f"sqlite:///{database}",
        "KNOT_LOG_LEVEL": "WARNING",
    }
    users = [f"amzn1.ask.account.crowd-{n:04d}" for n in range(USERS)]
    with running_server(tmp_path, env=env, workers=3, gunicorn=True) as server:
        assert len(server.workers()) == 3
        started = time.monotonic()
        errors: list[str] = []
        lock = threading.Lock()

        def run(user: str) -> list[tuple[str, int | None]]:
            try:
                return twenty_turns(server.send, user)
            except AssertionError as error:
                with lock:
                    errors.append(str(error))
                raise

        with ThreadPoolExecutor(max_workers=WORKERS_OF_CLIENTS) as pool:
            results = list(pool.map(run, users, timeout=TIME_BOUND_S))
        elapsed = time.monotonic() - started
        assert errors == []
        assert elapsed < TIME_BOUND_S
    for steps in results:
        assert [step for _, step in steps] == EXPECTED_STEPS
    with sqlite3.connect(database) as connection:
        rows = dict(connection.execute("SELECT id, data FROM attributes").fetchall())
    assert len(rows) == USERS
    for user in users:
        record = json.loads(rows[key_for(user)])
        assert record["routine"]["id"] == "tennis_ball" and record["routine"]["step"] == 2
        assert record["starts"] == {"tennis_ball": 1}
    log = server.log.read_text()
    assert "crowd-" not in log and "Traceback" not in log
