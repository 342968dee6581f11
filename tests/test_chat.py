"""Scripted chats through the real webhook, the chat command, and screens (APL)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from skill.tools.chat import Chat
from skill.tools.cli import main
from skill.tools.simulator.envelopes import intent_body
from tests.conftest import PostSigned
from tests.flows import QUICK_CHECK_LENGTH, answers_of
from tests.servers import running_server

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def chat(post_signed: PostSigned):
    def start(**options: Any) -> Chat:
        return Chat(answers_of(post_signed), **options)

    return start


def script(chat: Chat, *lines: str) -> str:
    out = io.StringIO()
    chat.run(lines, out)
    return out.getvalue()


def test_tennis_ball_routine_end_to_end(chat) -> None:
    text = script(
        chat(),
        "ask knot helper how to use a tennis ball",
        *["no"] * QUICK_CHECK_LENGTH,
        *["next"] * 7,
        "no",
        "stop",
    )
    for number in range(1, 8):
        assert f"Step {number} of 7." in text
    assert "That's the end of the tennis ball massage." in text
    assert text.rstrip().endswith("[session ended]")


def test_triage_path_ends_with_the_emergency_answer(chat) -> None:
    text = script(chat(), "ask knot helper should I see a doctor", "yes")
    assert "Alexa: Please call 911 now." in text
    assert text.rstrip().endswith("[session ended]")


def test_reminder_request_asks_for_permission(chat) -> None:
    text = script(chat(), "ask knot helper to remind me to stretch every day at 5 pm", "yes")
    assert "Every day at 5 PM, I'll remind you: Time for your stretches. Shall I set that?" in text
    assert "[directive: Connections.SendRequest AskFor]" in text


def test_words_for_another_skill_are_not_sent(chat) -> None:
    conversation = chat()
    turn, lines = conversation.hear("what's the weather")
    assert turn is None and "Alexa would not send that" in lines[0]


def test_a_new_invocation_starts_a_new_session(chat) -> None:
    conversation = chat()
    conversation.hear("ask knot helper how to use a tennis ball")
    first = conversation.conversation.session_id
    turn, _ = conversation.hear("ask knot helper what routines do you have")
    assert conversation.conversation.session_id != first
    assert turn is not None and "I can guide" in turn.speech


def test_chat_command_runs_the_example_script(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chat", "--script", str(ROOT / "examples" / "tennis-ball.chat")]) == 0
    out = capsys.readouterr().out
    assert "Step 1 of 7." in out and "Step 2 of 7." in out
    assert "[pause 10 s] Keep breathing." in out
    assert out.rstrip().endswith("[session ended]")


def test_chat_over_http_with_a_running_server(tmp_path: Path, capsys) -> None:
    lines = tmp_path / "lines.chat"
    lines.write_text("open knot helper\nhelp\nstop\n")
    with running_server(tmp_path) as server:
        url = f"http://127.0.0.1:{server.port}/alexa"
        assert main(["chat", "--url", url, "--script", str(lines)]) == 0
    out = capsys.readouterr().out
    assert "Alexa: Welcome to Knot Helper." in out and "[session ended]" in out


APL = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.3"}}}


def test_screen_devices_get_the_step_view(talk) -> None:
    conversation = talk(interfaces=APL)
    turn = conversation.say("RemedyIntent", remedy="stretches")
    while "triage" in turn.session_attributes:
        turn = conversation.say("AMAZON.NoIntent")
    turn = conversation.say("AMAZON.NextIntent")
    (directive,) = turn.directives
    assert directive["type"] == "Alexa.Presentation.APL.RenderDocument"
    document = json.loads(json.dumps(directive["document"]))
    assert document["type"] == "APL" and document["mainTemplate"]["parameters"] == ["step"]
    step = directive["datasources"]["step"]
    assert step == {
        "routine": "Upper back and shoulder stretches",
        "progress": "Step 2 of 6.",
        "instruction": "Elbow circles. Rest your fingertips on your shoulders and draw slow, wide "
        "circles with your elbows.",
        "timing": "5 times, 3 seconds each.",
    }


def test_devices_without_a_screen_get_no_apl(talk) -> None:
    conversation = talk()
    turn = conversation.say("RemedyIntent", remedy="stretches")
    while "triage" in turn.session_attributes:
        turn = conversation.say("AMAZON.NoIntent")
    assert turn.directives == []
    assert conversation.send_intent(intent_body("AMAZON.NextIntent")).directives == []
