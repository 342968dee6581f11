"""Progress and preferences across sessions, through the real webhook, on SQLite and DynamoDB."""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from skill.persistence.sqlite import SQLiteAdapter
from skill.routines.library import load_libraries
from skill.tools.simulator.session import Conversation
from tests.flows import after_disclaimer, dev_transport, pass_safety_check, start_routine

Talk = Callable[..., Conversation]

LIBRARY = load_libraries()["en-US"]


def stored_rows(url: str) -> list[dict[str, Any]]:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        return [json.loads(row[0]) for row in connection.execute("SELECT data FROM attributes")]


def leave_at_step_three(chat: Conversation) -> None:
    start_routine(chat, remedy="tennis ball")
    chat.say("AMAZON.NextIntent")
    assert "Step 3 of 7." in chat.say("AMAZON.NextIntent").speech
    chat.end()


def test_resume_in_a_new_session_continues_at_step_three(talk: Talk) -> None:
    chat = talk()
    leave_at_step_three(chat)
    welcome = chat.launch()
    assert after_disclaimer(welcome.speech).startswith("Welcome back to Knot Helper.")
    assert "call 911" in welcome.speech
    assert "You were on step 3 of the tennis ball massage. Say resume" in welcome.speech
    asked = chat.say("AMAZON.ResumeIntent")
    assert asked.speech == (
        "You finished a safety check a little while ago. Is anything new, or worse, since then?"
    ), "one question, not the whole check, within two hours of finishing it"
    turn = chat.say("AMAZON.NoIntent")
    resumed = turn.speech
    assert "Picking up where you left off. Safety first." in resumed
    assert "First, get back into position. Lie on your back" in resumed
    for rule in LIBRARY.stop_rule_texts(LIBRARY.routines["tennis_ball"]):
        assert rule in resumed, "a later session hears the stop rules again"
    assert resumed.index("Keep the ball beside your spine") < resumed.index("Step 3 of 7.")
    assert turn.session_attributes["routine"]["step"] == 2


def test_yes_to_the_resume_offer_also_resumes(talk: Talk) -> None:
    chat = talk()
    leave_at_step_three(chat)
    chat.launch()
    chat.say("AMAZON.YesIntent")
    turn = chat.say("AMAZON.NoIntent")
    assert "Step 3 of 7." in turn.speech


def age_the_check(url: str, seconds: int) -> None:
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        rows = list(connection.execute("SELECT id, data FROM attributes"))
        for key, data in rows:
            record = json.loads(data)
            record["checked_at"] -= seconds
            connection.execute(
                "UPDATE attributes SET data = ? WHERE id = ?", (json.dumps(record), key)
            )


def test_something_new_since_the_check_runs_it_again(talk: Talk) -> None:
    chat = talk()
    leave_at_step_three(chat)
    chat.launch()
    chat.say("AMAZON.ResumeIntent")
    again = chat.say("AMAZON.YesIntent")
    assert "let's run through the safety questions again" in again.speech
    assert "triage" in again.session_attributes
    turn = pass_safety_check(chat, again)
    assert "Step 3 of 7." in turn.speech


@pytest.mark.parametrize("unclear", ["UnsureIntent", "AMAZON.FallbackIntent"])
def test_unsure_about_the_recheck_runs_the_check(talk: Talk, unclear: str) -> None:
    chat = talk()
    leave_at_step_three(chat)
    chat.launch()
    chat.say("AMAZON.ResumeIntent")
    turn = chat.say(unclear)
    assert "triage" in turn.session_attributes or "recheck" in json.dumps(turn.session_attributes)
    assert "Step 3 of 7." not in turn.speech


def test_after_two_hours_the_whole_check_is_asked(talk: Talk, isolated_store: str) -> None:
    chat = talk()
    leave_at_step_three(chat)
    age_the_check(isolated_store, 2 * 3600 + 60)
    chat.launch()
    turn = chat.say("AMAZON.ResumeIntent")
    assert "Before we start, a quick safety check" in turn.speech


def test_only_the_time_of_the_check_is_kept(talk: Talk, isolated_store: str) -> None:
    chat = talk()
    leave_at_step_three(chat)
    (record,) = stored_rows(isolated_store)
    assert isinstance(record["checked_at"], int)
    assert set(record) <= {"routine", "pace", "starts", "last_visit", "checked_at", "expires_at"}
    chat.launch()
    chat.say("ForgetMeIntent")
    chat.say("AMAZON.YesIntent")
    assert stored_rows(isolated_store) == []


def test_turns_from_open_to_the_saved_step_after_a_pause(talk: Talk) -> None:
    chat = talk()
    start_routine(chat, remedy="tennis ball")
    chat.say("AMAZON.NextIntent")
    chat.say("AMAZON.PauseIntent")
    chat.end("EXCEEDED_MAX_REPROMPTS")
    turns = [chat.launch(), chat.say("AMAZON.ResumeIntent"), chat.say("AMAZON.NoIntent")]
    assert "Step 2 of 7." in turns[-1].speech
    assert len(turns) == 3


def test_start_again_starts_the_saved_routine_over(talk: Talk) -> None:
    chat = talk()
    leave_at_step_three(chat)
    chat.launch()
    turn = pass_safety_check(chat, chat.say("AMAZON.StartOverIntent"))
    assert "Tennis ball massage." in turn.speech and "Step 1 of 7." in turn.speech


def test_other_users_are_not_offered_my_routine(talk: Talk) -> None:
    leave_at_step_three(talk(user_id="amzn1.ask.account.ME"))
    other = talk(user_id="amzn1.ask.account.SOMEONE-ELSE").launch()
    assert after_disclaimer(other.speech).startswith("Welcome to Knot Helper.")


def test_an_old_routine_is_not_offered(talk: Talk, isolated_store: str) -> None:
    chat = talk()
    leave_at_step_three(chat)
    path = isolated_store.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        (data,) = connection.execute("SELECT data FROM attributes").fetchone()
        record = json.loads(data)
        record["routine"]["at"] = int(time.time()) - 5 * 24 * 3600
        connection.execute("UPDATE attributes SET data = ?", (json.dumps(record),))
    welcome = chat.launch()
    assert "You were on step" not in welcome.speech
    assert "Your go-to is the tennis ball massage. Say tennis ball to start it" in welcome.speech


def test_finishing_a_routine_clears_the_resume(talk: Talk, isolated_store: str) -> None:
    chat = talk()
    start_routine(chat, remedy="yoga")
    for _ in range(4):
        chat.say("AMAZON.NextIntent")
    chat.say("AMAZON.StopIntent")
    (record,) = stored_rows(isolated_store)
    assert "routine" not in record
    assert record["starts"] == {"yoga": 1}


def test_pace_sticks_across_sessions(talk: Talk) -> None:
    chat = talk()
    chat.launch()
    chat.say("SetPaceIntent", pace="slower")
    chat.say("AMAZON.StopIntent")
    turn = start_routine(chat, remedy="tennis ball")
    assert '<prosody rate="85%">' in turn.ssml


def test_forget_me_deletes_after_confirmation(talk: Talk, isolated_store: str) -> None:
    chat = talk()
    leave_at_step_three(chat)
    assert stored_rows(isolated_store)
    ask = chat.say("ForgetMeIntent")
    assert "delete your saved progress and settings" in ask.speech
    kept = chat.say("AMAZON.NoIntent")
    assert after_disclaimer(kept.speech).startswith("Okay, I've kept everything as it was.")
    assert stored_rows(isolated_store)
    chat.say("ForgetMeIntent")
    done = chat.say("AMAZON.YesIntent")
    assert after_disclaimer(done.speech).startswith("Done. I've deleted")
    assert done.ends_session is True
    assert stored_rows(isolated_store) == []
    assert after_disclaimer(chat.launch().speech).startswith("Welcome to Knot Helper.")


def test_skill_disabled_event_deletes_the_record(
    talk: Talk, post_signed, isolated_store: str
) -> None:
    from skill.tools.simulator.envelopes import envelope

    leave_at_step_three(talk())
    event = envelope(
        "AlexaSkillEvent.SkillDisabled", body={"userInformationPersistenceStatus": "NOT_PERSISTED"}
    )
    assert post_signed(event).status_code == 200
    assert stored_rows(isolated_store) == []


def test_triage_answers_never_reach_the_store(talk: Talk, isolated_store: str) -> None:
    chat = talk()
    chat.say("TriageIntent")
    for _ in range(13):
        chat.say("AMAZON.NoIntent")
    chat.say("AMAZON.YesIntent")
    chat.say("AMAZON.StopIntent")
    for record in stored_rows(isolated_store):
        assert set(record) <= {"routine", "pace", "starts", "last_visit"}
        assert "triage" not in json.dumps(record)


class CountingAdapter(SQLiteAdapter):
    saves = 0

    def save_attributes(self, request_envelope, attributes) -> None:  # type: ignore[no-untyped-def]
        type(self).saves += 1
        super().save_attributes(request_envelope, attributes)


def test_saves_only_when_something_changed(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("skill.persistence.sqlite.SQLiteAdapter", CountingAdapter)
    CountingAdapter.saves = 0
    client = make_app(dev_mode=True).test_client()
    chat = Conversation(send=dev_transport(client))
    chat.launch()
    after_launch = CountingAdapter.saves
    assert after_launch == 1, "a new session records the visit"
    chat.say("AMAZON.HelpIntent")
    chat.say("AMAZON.RepeatIntent")
    chat.say("ListRoutinesIntent")
    assert CountingAdapter.saves == after_launch
    start_routine(chat, remedy="tennis ball")
    assert CountingAdapter.saves == after_launch + 1
    chat.say("AMAZON.NextIntent")
    assert CountingAdapter.saves == after_launch + 2


@pytest.mark.parametrize(
    "broken_url",
    ["directory", "newer schema"],
)
def test_store_down_still_answers_with_200(
    make_app: Callable[..., Flask], tmp_path: Path, broken_url: str
) -> None:
    if broken_url == "directory":
        url = f"sqlite:///{tmp_path}"
    else:
        with sqlite3.connect(tmp_path / "future.db") as connection:
            connection.execute("PRAGMA user_version = 99")
        url = f"sqlite:///{tmp_path / 'future.db'}"
    client = make_app(database_url=url, dev_mode=True).test_client()
    chat = Conversation(send=dev_transport(client))
    assert after_disclaimer(chat.launch().speech).startswith("Welcome to Knot Helper.")
    turn = start_routine(chat, remedy="tennis ball")
    assert "Step 1 of 7." in turn.speech
    assert "Step 2 of 7." in chat.say("AMAZON.NextIntent").speech
    chat.say("ForgetMeIntent")
    assert after_disclaimer(chat.say("AMAZON.YesIntent").speech).startswith(
        "Sorry, I couldn't delete your data"
    )


def test_dynamodb_store_resumes_across_sessions(
    make_app: Callable[..., Flask], dynamodb_endpoint: str, aws_credentials: None
) -> None:
    app = make_app(
        dev_mode=True,
        database_url=f"dynamodb://knot-http-{uuid.uuid4().hex[:8]}",
        dynamodb_endpoint=dynamodb_endpoint,
        dynamodb_create_table=True,
    )
    client = app.test_client()
    chat = Conversation(send=dev_transport(client))
    leave_at_step_three(chat)
    assert "You were on step 3 of the tennis ball massage" in chat.launch().speech


def test_dynamodb_down_still_answers(make_app: Callable[..., Flask], aws_credentials: None) -> None:
    from tests.dynalite import free_port

    app = make_app(
        dev_mode=True,
        database_url="dynamodb://knot-missing",
        dynamodb_endpoint=f"http://127.0.0.1:{free_port()}",
        store_timeout=0.5,
    )
    client = app.test_client()
    chat = Conversation(send=dev_transport(client))
    assert after_disclaimer(chat.launch().speech).startswith("Welcome to Knot Helper.")
    assert "Step 1 of 7." in start_routine(chat, remedy="tennis ball").speech
