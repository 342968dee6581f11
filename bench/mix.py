"""The request mix both benchmarks send: launch, routine steps, triage answers, reminders."""

from __future__ import annotations

import json
import uuid
from typing import Any

from skill.reminders.api import SCOPE
from skill.tools.simulator.envelopes import envelope, granted, intent_body, session_object
from skill.tools.simulator.signing import Leaf, signed_headers


def _session(user: str, attributes: dict[str, Any]) -> dict[str, Any]:
    return session_object(new=False, session_id=f"s-{user}", user_id=user, attributes=attributes)


def mix(user: str, api_endpoint: str = "https://api.amazonalexa.com") -> dict[str, dict[str, Any]]:
    """One of each kind of request, for ``user``."""
    stepping = {"routine": {"id": "tennis_ball", "step": 2, "paused": False}, "screened": True}
    checking = {
        "triage": {"mode": "full", "index": 3, "unsure_once": False},
        "pending": {"question": "triage"},
    }
    confirm = {
        "pending": {
            "question": "confirm_reminder",
            "subject": '{"k":"stretch","h":[17],"m":0,"d":["MO","TU","WE","TH","FR","SA","SU"]}',
        }
    }
    return {
        "launch": envelope("LaunchRequest", user_id=user),
        "routine step": envelope(
            "IntentRequest", user_id=user, intent=intent_body("AMAZON.NextIntent"),
            session=_session(user, stepping),
        ),
        "triage answer": envelope(
            "IntentRequest", user_id=user, intent=intent_body("AMAZON.NoIntent"),
            session=_session(user, checking),
        ),
        "reminder": envelope(
            "IntentRequest", user_id=user, intent=intent_body("AMAZON.YesIntent"),
            session=_session(user, confirm), api_endpoint=api_endpoint,
            permissions=granted(SCOPE),
        ),
    }  # fmt: skip


def signed_pool(
    leaf: Leaf, count: int, kinds: list[str], api_endpoint: str
) -> list[tuple[str, bytes, dict[str, str]]]:
    """``count`` signed requests cycling through ``kinds``, each for a fresh user."""
    pool = []
    for index in range(count):
        user = f"amzn1.ask.account.bench-{uuid.uuid4().hex[:12]}"
        kind = kinds[index % len(kinds)]
        body = json.dumps(mix(user, api_endpoint)[kind]).encode()
        pool.append((kind, body, signed_headers(leaf, body)))
    return pool
