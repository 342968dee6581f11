"""The local fake of the Reminders API refuses what Amazon documents as invalid, so a passing
reminder test means the skill sent a body Amazon would take."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.fake_alexa_api import TOKEN, FakeAlexaApi

NY = ZoneInfo("America/New_York")


def body(trigger: dict[str, Any]) -> dict[str, Any]:
    return {
        "requestTime": "2026-11-21T10:00:00",
        "trigger": trigger,
        "alertInfo": {"spokenInfo": {"content": [{"locale": "en-US", "text": "Time to stretch."}]}},
        "pushNotification": {"status": "ENABLED"},
    }


def local(delta: dt.timedelta) -> str:
    return (dt.datetime.now(NY) + delta).replace(tzinfo=None, microsecond=0).isoformat()


RELATIVE = {"type": "SCHEDULED_RELATIVE", "offsetInSeconds": 1200}
ONE_TIME = {
    "type": "SCHEDULED_ABSOLUTE",
    "scheduledTime": local(dt.timedelta(hours=2)),
    "timeZoneId": "America/New_York",
}
RECURRING = {
    "type": "SCHEDULED_ABSOLUTE",
    "recurrence": {
        "startDateTime": local(dt.timedelta(hours=2)),
        "recurrenceRules": ["FREQ=DAILY;BYHOUR=17;BYMINUTE=0;BYSECOND=0;INTERVAL=1;"],
    },
}


def post(api: FakeAlexaApi, payload: dict[str, Any]) -> requests.Response:
    return requests.post(
        f"{api.endpoint}/v1/alerts/reminders",
        json=payload,
        headers={"Authorization": f"Bearer {TOKEN}"},
        verify=api.ca_bundle,
        timeout=10,
    )


@pytest.mark.parametrize(
    "trigger",
    [RELATIVE, {**RELATIVE, "offsetInSeconds": "7200"}, ONE_TIME, RECURRING],
    ids=["relative", "relative-as-text", "one-time", "recurring"],
)
def test_the_three_documented_trigger_forms_are_accepted(
    alexa_api: FakeAlexaApi, trigger: dict[str, Any]
) -> None:
    answer = post(alexa_api, body(trigger))
    assert answer.status_code == 201, answer.text
    assert answer.json()["alertToken"] in alexa_api.reminders
    listed = requests.get(
        f"{alexa_api.endpoint}/v1/alerts/reminders",
        headers={"Authorization": f"Bearer {TOKEN}"},
        verify=alexa_api.ca_bundle,
        timeout=10,
    ).json()
    (alert,) = listed["alerts"]
    assert alert["createdTime"].endswith("Z") and alert["trigger"] == trigger


def changed(trigger: dict[str, Any], **fields: Any) -> dict[str, Any]:
    result = copy.deepcopy(trigger)
    result.update(fields)
    return result


@pytest.mark.parametrize(
    ("trigger", "problem"),
    [
        (changed(RELATIVE, offsetInSeconds=0), "offsetInSeconds must be a positive"),
        (changed(RELATIVE, offsetInSeconds="soon"), "offsetInSeconds must be a positive"),
        (changed(RELATIVE, offsetInSeconds=True), "offsetInSeconds must be a positive"),
        (changed(RELATIVE, scheduledTime=ONE_TIME["scheduledTime"]), "not a time or recurrence"),
        (changed(RELATIVE, recurrence=RECURRING["recurrence"]), "not a time or recurrence"),
        (changed(ONE_TIME, scheduledTime=local(-dt.timedelta(minutes=5))), "in the future"),
        (changed(ONE_TIME, scheduledTime=ONE_TIME["scheduledTime"] + "Z"), "without Z"),
        (changed(ONE_TIME, scheduledTime=ONE_TIME["scheduledTime"] + "+00:00"), "without Z"),
        (changed(ONE_TIME, offsetInSeconds=60), "takes no offsetInSeconds"),
        (changed(ONE_TIME, timeZoneId="Mars/Olympus_Mons"), "IANA time zone"),
        (changed(ONE_TIME, type="SCHEDULED_SOMETIME"), "trigger.type must be"),
        (
            changed(RECURRING, recurrence={"startDateTime": "2026-11-21T17:00:00Z"}),
            "startDateTime must be a local time",
        ),
        (
            changed(
                RECURRING,
                recurrence={
                    "startDateTime": "2026-11-21T17:00:00",
                    "recurrenceRules": ["FREQ=MONTHLY;BYHOUR=17"],
                },
            ),
            "recurrenceRules must be valid",
        ),
    ],
)
def test_what_amazon_rejects_is_rejected_with_a_reason(
    alexa_api: FakeAlexaApi, trigger: dict[str, Any], problem: str
) -> None:
    answer = post(alexa_api, body(trigger))
    assert answer.status_code == 400
    assert answer.json()["code"] == "INVALID_REQUEST"
    assert problem in answer.json()["message"]
    assert alexa_api.reminders == {}
