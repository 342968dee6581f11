"""The fast timestamp path reads what Alexa sends exactly as the SDK's parser does."""

from __future__ import annotations

import json

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from skill.serializer import EnvelopeSerializer
from skill.simulator.envelopes import envelope


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
