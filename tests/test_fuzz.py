"""Fuzzing the real app: generated and mutated bodies and headers never get a 5xx or a traceback.

Bounded here (a few hundred examples per property); ``python -m bench.fuzz`` runs longer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.tools.simulator.envelopes import envelope, intent_body, session_object

ALLOWED_STATUS = {200, 400, 403, 404, 405, 413, 415}
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
INTENTS = [
    "RemedyIntent", "AMAZON.NextIntent", "AMAZON.YesIntent", "AMAZON.NoIntent", "TriageIntent",
    "StretchReminderIntent", "AMAZON.PauseIntent", "AMAZON.ResumeIntent", "PlayGuidedIntent",
    "CancelReminderIntent", "SetPaceIntent", "UnsureIntent", "ForgetMeIntent", "NoSuchIntent",
]  # fmt: skip
REQUEST_TYPES = [
    "LaunchRequest", "IntentRequest", "SessionEndedRequest", "AudioPlayer.PlaybackStopped",
    "PlaybackController.NextCommandIssued", "Connections.Response", "System.ExceptionEncountered",
    "AlexaSkillEvent.SkillDisabled", "CanFulfillIntentRequest",
]  # fmt: skip

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _base(kind: str, intent: str, slots: dict[str, str | None], attributes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if kind == "IntentRequest":
        fields["intent"] = intent_body(intent, slots)
    session = session_object(new=False, session_id="s", attributes={})
    body = envelope(kind, session=session, **fields)
    body["session"]["attributes"] = attributes
    return body


def _mutate(body: dict[str, Any], path: list[str], value: Any, delete: bool) -> dict[str, Any]:
    node: Any = body
    for key in path[:-1]:
        if not isinstance(node, dict) or key not in node:
            return body
        node = node[key]
    if isinstance(node, dict) and path:
        if delete:
            node.pop(path[-1], None)
        else:
            node[path[-1]] = value
    return body


PATHS = [
    ["request", "type"], ["request", "timestamp"], ["request", "locale"], ["request", "intent"],
    ["request", "intent", "slots"], ["request", "intent", "name"], ["context", "System"],
    ["context", "System", "user"], ["context", "System", "device", "supportedInterfaces"],
    ["context", "System", "apiEndpoint"], ["session", "attributes"], ["session", "user"],
    ["session", "new"], ["version"], ["context", "AudioPlayer"], ["request", "token"],
    ["request", "payload"], ["request", "offsetInMilliseconds"],
]  # fmt: skip

envelopes = st.builds(
    _mutate,
    st.builds(
        _base,
        st.sampled_from(REQUEST_TYPES),
        st.sampled_from(INTENTS),
        st.dictionaries(
            st.sampled_from(["remedy", "area", "pace", "time", "day", "kind", "dayGroup"]),
            st.none() | st.text(max_size=30),
            max_size=3,
        ),
        st.one_of(
            json_values,
            st.fixed_dictionaries(
                {},
                optional={
                    "routine": json_values,
                    "pace": json_values,
                    "pending": json_values,
                    "last": json_values,
                    "triage": json_values,
                    "screened": json_values,
                },
            ),
        ),
    ),
    st.sampled_from(PATHS),
    json_values,
    st.booleans(),
)


def assert_sane(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code in ALLOWED_STATUS, response.get_data(as_text=True)
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and 'File "' not in text
    if response.status_code == 200:
        answer = response.get_json()
        assert answer["version"] == "1.0" and "response" in answer
        speech = (answer["response"].get("outputSpeech") or {}).get("ssml", "<speak></speak>")
        from skill.speech import ssml

        assert ssml.problems(speech) == []
    else:
        assert set(response.get_json()) == {"error"}


@pytest.fixture
def dev_client(make_app: Callable[..., Flask]):  # type: ignore[no-untyped-def]
    return make_app(dev_mode=True).test_client()


@FUZZ
@given(body=envelopes)
def test_mutated_envelopes_in_dev_mode(dev_client, caplog, body: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    caplog.clear()
    assert_sane(dev_client.post("/alexa", data=json.dumps(body), content_type="application/json"))
    failures = [r.getMessage() for r in caplog.records if "handler failed" in r.getMessage()]
    assert failures == [], "a handler crashed (the catch-all answered politely, but it is a bug)"


@FUZZ
@given(raw=st.binary(max_size=2000) | st.text(max_size=2000).map(str.encode))
def test_arbitrary_bytes(dev_client, raw: bytes) -> None:  # type: ignore[no-untyped-def]
    assert_sane(dev_client.post("/alexa", data=raw, content_type="application/json"))


header_names = st.sampled_from(
    ["SignatureCertChainUrl", "Signature-256", "Signature", "Content-Type", "X-Forwarded-For"]
)
header_values = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=120)


@FUZZ
@given(
    headers=st.dictionaries(header_names, header_values, max_size=4),
    body=envelopes,
    method=st.sampled_from(["POST", "POST", "POST", "GET", "PUT"]),
)
def test_verified_app_with_hostile_headers(client, headers, body, method) -> None:  # type: ignore[no-untyped-def]
    headers.setdefault("Content-Type", "application/json")
    response = client.open("/alexa", method=method, data=json.dumps(body), headers=headers)
    assert_sane(response)
    assert response.status_code != 200, "nothing unsigned may pass verification"
