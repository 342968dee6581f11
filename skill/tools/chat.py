"""``knot-helper chat``: talk to the skill in a terminal, the way Alexa would relay it.

Each line is resolved from the interaction model (invocations, samples, slots, built-ins,
Fallback), sent as a real request envelope to the webhook (in-process, or ``--url`` for a running
dev server), and the answer is printed as readable text with its reprompt, card and directives.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from skill.tools.model import MODEL_DIR
from skill.tools.simulator.resolver import Resolver
from skill.tools.simulator.session import Conversation, Turn, readable

NOT_FOR_US = (
    '(Alexa would not send that to Knot Helper. Start with "open knot helper" or '
    '"ask knot helper ...".)'
)


def http_transport(url: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """POST envelopes to a running server (dev mode: it does not check signatures)."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"--url must be an http(s) URL, not {url!r}")

    def send(envelope: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url,
            data=json.dumps(envelope).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                answer: dict[str, Any] = json.loads(response.read())
                return answer
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"the skill answered HTTP {error.code}: {error.read()!r}") from None

    return send


def in_process_transport(
    database_url: str | None = None,
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Send envelopes to a dev-mode app in this process."""
    from skill.config import Config
    from skill.web.app import create_app

    config = Config.from_env().replace(dev_mode=True)
    if database_url:
        config = config.replace(database_url=database_url)
    client = create_app(config, dev_host="127.0.0.1").test_client()  # nothing is bound

    def send(envelope: dict[str, Any]) -> dict[str, Any]:
        response = client.post("/alexa", json=envelope)
        answer: dict[str, Any] = response.get_json()
        if response.status_code != 200:
            raise RuntimeError(f"the skill answered HTTP {response.status_code}: {answer}")
        return answer

    return send


def describe_turn(turn: Turn) -> list[str]:
    """What Alexa would say and show, line by line."""
    lines = [f"Alexa: {turn.speech}" if turn.speech else "Alexa: (says nothing)"]
    if turn.reprompt:
        lines.append(f"  (if you stay quiet: {turn.reprompt})")
    card = turn.card
    if card:
        title = card.get("title") or card.get("type")
        lines.append(f"  [card: {title}: {card.get('content') or card.get('permissions')}]")
    for directive in turn.directives:
        if directive.get("type") == "Alexa.Presentation.APL.RenderDocument":
            step = (directive.get("datasources") or {}).get("step", {})
            lines.append(f"  [screen: {step.get('progress')} {step.get('instruction')}]")
        else:
            lines.append(
                f"  [directive: {directive.get('type')} {directive.get('name', '')}]".rstrip()
            )
    if turn.ends_session:
        lines.append("  [session ended]")
    return lines


class Chat:
    """A conversation driven by typed utterances."""

    def __init__(
        self,
        send: Callable[[dict[str, Any]], dict[str, Any]],
        locale: str = "en-US",
        screen: bool = False,
        speak: Callable[[str], None] | None = None,
        model_dir: Path = MODEL_DIR,
    ) -> None:
        model = json.loads((model_dir / f"{locale}.json").read_text())
        self.resolver = Resolver(model)
        interfaces = (
            {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.3"}}} if screen else {}
        )
        self.conversation = Conversation(send=send, locale=locale, interfaces=interfaces)
        self._speak = speak

    def hear(self, said: str) -> tuple[Turn | None, list[str]]:
        """Handle one utterance; return the skill's turn (None if not for us) and the lines."""
        in_session = self.conversation.session_id is not None
        resolution = self.resolver.resolve(said, in_session)
        if resolution is None:
            return None, [NOT_FOR_US]
        if resolution.new_session:
            if in_session:
                self.conversation.end("USER_INITIATED")
            self.conversation.new_session()
        if resolution.kind == "launch":
            turn = self.conversation.launch()
        else:
            intent = resolution.intent_json(self.conversation.skill_id)
            turn = self.conversation.send_intent(intent)
        if self._speak and turn.speech:
            self._speak(turn.speech)
        return turn, describe_turn(turn)

    def run(self, lines: Iterable[str], out: TextIO, echo: bool = True) -> int:
        """Handle each non-empty, non-comment line; return the number of turns."""
        turns = 0
        for raw in lines:
            said = raw.strip()
            if not said or said.startswith("#"):
                continue
            if echo:
                print(f"You: {said}", file=out)
            _turn, printed = self.hear(said)
            turns += 1
            for line in printed:
                print(line, file=out)
        return turns


def espeak() -> Callable[[str], None] | None:
    """Read text aloud with espeak-ng, if it is installed."""
    program = shutil.which("espeak-ng")
    if program is None:
        return None

    def speak(text: str) -> None:
        subprocess.run([program, readable(text)], check=False, capture_output=True)  # noqa: S603

    return speak
