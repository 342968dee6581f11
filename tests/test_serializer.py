"""The fast timestamp path reads what Alexa sends exactly as the SDK's parser does."""

from __future__ import annotations

import json

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import Request, RequestEnvelope

from skill.alexa.serializer import EnvelopeError, EnvelopeSerializer
from skill.tools.simulator.envelopes import envelope


@pytest.mark.parametrize(
    "stamp",
    ["2026-11-21T06:03:28Z", "2026-11-21T06:03:28.123Z", "2026-11-21T06:03:28+01:00", "2026-11-21"],
)
def test_same_instant_as_the_sdk(stamp: str) -> None:
    body = envelope("LaunchRequest")
    body["request"]["timestamp"] = stamp
    fast = EnvelopeSerializer().deserialize(json.dumps(body), RequestEnvelope)
    slow = DefaultSerializer().deserialize(json.dumps(body), RequestEnvelope)
    assert fast.request.timestamp.timestamp() == slow.request.timestamp.timestamp()


def test_unusual_formats_still_use_the_sdk_parser() -> None:
    body = envelope("LaunchRequest")
    body["request"]["timestamp"] = "21 Nov 2026 06:03:28 UTC"
    parsed = EnvelopeSerializer().deserialize(json.dumps(body), RequestEnvelope)
    assert parsed.request.timestamp.year == 2026


def _read(body: dict) -> RequestEnvelope:  # type: ignore[type-arg]
    result: RequestEnvelope = EnvelopeSerializer().deserialize(json.dumps(body), RequestEnvelope)
    return result


def test_unknown_enum_values_are_dropped_and_known_ones_kept() -> None:
    body = envelope("LaunchRequest")
    body["context"]["Viewport"] = {"touch": ["SINGLE", "NEW_TOUCH"], "mode": "NEW_MODE"}
    viewport = _read(body).context.viewport
    assert [touch.value for touch in viewport.touch] == ["SINGLE"]
    assert viewport.mode is None


def test_unknown_request_type_becomes_the_base_request() -> None:
    request = _read(envelope("Some.Future.Request", token="abc")).request
    assert type(request) is Request
    assert request.object_type == "Some.Future.Request"
    assert request.locale == "en-US" and request.timestamp is not None
    assert request.token == "abc"  # a plain extra key is kept, as the SDK does


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [(1_732_170_208_000, 1_732_170_208.0), (1_732_170_208_500.0, 1_732_170_208.5)],
)
def test_epoch_milliseconds(stamp: float, expected: float) -> None:
    body = envelope("LaunchRequest")
    body["request"]["timestamp"] = stamp
    assert _read(body).request.timestamp.timestamp() == expected


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    body = '{"request": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(EnvelopeError):
        EnvelopeSerializer().deserialize(body, RequestEnvelope)


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (("request", "intent", "slots"), "request.intent.slots"),
        (("context", "System", "device"), "context.System.device"),
        (("request", "timestamp"), "request.timestamp"),
    ],
)
def test_errors_name_the_field(path: tuple[str, ...], field: str) -> None:
    body = envelope("IntentRequest", intent={"name": "X", "slots": {}})
    node = body
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = ["not", "an", "object"]
    with pytest.raises(EnvelopeError) as raised:
        _read(body)
    assert raised.value.field == field
