"""Ready to ship: five locale models from one source, the manifest, the ASK CLI package, SAM."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from skill.speech.prompts import SUPPORTED_LOCALES, load_catalog
from skill.tools.manifest import INFRA_DIR, build_manifest, render_manifest
from skill.tools.model import MODEL_DIR, render_model
from skill.tools.packaging import build_package
from skill.tools.simulator.resolver import Resolver

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = json.loads((INFRA_DIR / "skill.json").read_text())["manifest"]


def model(locale: str) -> dict:
    return json.loads((MODEL_DIR / f"{locale}.json").read_text())


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_committed_files_are_what_the_sources_generate(locale: str) -> None:
    assert (MODEL_DIR / f"{locale}.json").read_text() == render_model(locale)
    assert (INFRA_DIR / "skill.json").read_text() == render_manifest()


def test_all_locales_declare_the_same_intents_and_slot_types() -> None:
    def shape(locale: str) -> tuple:
        language = model(locale)["interactionModel"]["languageModel"]
        intents = {
            i["name"]: sorted((s["name"], s["type"]) for s in i["slots"])
            for i in language["intents"]
        }
        return language["invocationName"], intents, sorted(t["name"] for t in language["types"])

    shapes = {locale: shape(locale) for locale in SUPPORTED_LOCALES}
    assert len({json.dumps(s, sort_keys=True) for s in shapes.values()}) == 1


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_example_phrase_matches_a_sample_of_its_locale(locale: str) -> None:
    resolver = Resolver(model(locale))
    phrases = MANIFEST["publishingInformation"]["locales"][locale]["examplePhrases"]
    assert 1 <= len(phrases) <= 3
    assert phrases[0] == "Alexa, open knot helper"
    assert resolver.resolve(phrases[0], in_session=False).kind == "launch"
    for phrase in phrases[1:]:
        resolution = resolver.resolve(phrase, in_session=False)
        assert resolution is not None and resolution.intent != "AMAZON.FallbackIntent", phrase
        assert all(
            slot.resolved or slot.type_name.startswith("AMAZON.") for slot in resolution.slots
        )


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_manifest_carries_the_health_disclaimer_with_the_local_number(locale: str) -> None:
    entry = MANIFEST["publishingInformation"]["locales"][locale]
    number = load_catalog()[locale].numbers["emergency"]
    assert "not medical advice" in entry["description"]
    assert "no substitute for a doctor" in entry["description"]
    assert f"call {number} straight away" in entry["description"]
    assert ("111" in entry["description"]) is False
    assert entry["name"] == "Knot Helper" and entry["keywords"]


def test_manifest_category_permission_and_privacy() -> None:
    assert MANIFEST["publishingInformation"]["category"] == "HEALTH_AND_FITNESS"
    assert {"name": "alexa::alerts:reminders:skill:readwrite"} in MANIFEST["permissions"]
    privacy = MANIFEST["privacyAndCompliance"]
    assert privacy["isChildDirected"] is False and set(privacy["locales"]) == set(SUPPORTED_LOCALES)
    assert MANIFEST["apis"]["custom"]["endpoint"]["sslCertificateType"] == "Trusted"


SUBSCRIBED_EVENTS = {
    "SKILL_DISABLED": "AlexaSkillEvent.SkillDisabled",
    "SKILL_PERMISSION_ACCEPTED": "AlexaSkillEvent.SkillPermissionAccepted",
    "SKILL_PERMISSION_CHANGED": "AlexaSkillEvent.SkillPermissionChanged",
}
ARN = "arn:aws:lambda:us-east-1:123456789012:function:knot-helper"
SKILL = "amzn1.ask.skill.0c2f6e55-1b1e-4a38-9a45-6b7d2c1d9e01"


@pytest.mark.parametrize(
    "manifest",
    [
        MANIFEST,
        build_manifest(endpoint="https://skill.example.org/alexa")["manifest"],
        build_manifest(lambda_arn=ARN)["manifest"],
    ],
    ids=["committed", "web service", "lambda"],
)
def test_manifest_subscribes_to_skill_events_at_the_skill_endpoint(manifest: dict) -> None:
    events = manifest["events"]
    assert events["endpoint"] == manifest["apis"]["custom"]["endpoint"]
    assert {s["eventName"] for s in events["subscriptions"]} == set(SUBSCRIBED_EVENTS)


@pytest.mark.parametrize("request_type", SUBSCRIBED_EVENTS.values())
def test_every_subscribed_event_has_its_own_handler(request_type: str) -> None:
    from ask_sdk_core.handler_input import HandlerInput
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope

    from skill.alexa.builder import request_handlers
    from skill.handlers.conversation.builtins import OtherRequestHandler
    from skill.tools.simulator.envelopes import envelope

    raw = json.dumps(envelope(request_type, body={}))
    handler_input = HandlerInput(DefaultSerializer().deserialize(raw, RequestEnvelope))
    chosen = next(h for h in request_handlers() if h.can_handle(handler_input))
    assert not isinstance(chosen, OtherRequestHandler)


def test_package_has_the_ask_cli_layout(tmp_path: Path) -> None:
    out = build_package(tmp_path / "ask", endpoint="https://skill.example.org/alexa")
    resources = json.loads((out / "ask-resources.json").read_text())
    assert resources["profiles"]["default"]["skillMetadata"]["src"] == "./skill-package"
    manifest = json.loads((out / "skill-package" / "skill.json").read_text())
    assert (
        manifest["manifest"]["apis"]["custom"]["endpoint"]["uri"]
        == "https://skill.example.org/alexa"
    )
    for locale in SUPPORTED_LOCALES:
        path = out / "skill-package" / "interactionModels" / "custom" / f"{locale}.json"
        assert json.loads(path.read_text()) == model(locale)


def test_package_for_lambda_uses_the_arn(tmp_path: Path) -> None:
    endpoint = build_manifest(lambda_arn=ARN)["manifest"]["apis"]["custom"]["endpoint"]
    assert endpoint == {"uri": ARN}


def test_package_command(tmp_path: Path) -> None:
    from skill.tools.cli import main

    assert main(["package", "--out", str(tmp_path / "p")]) == 0
    assert (tmp_path / "p" / "skill-package" / "skill.json").exists()


def test_package_rerun_keeps_what_ask_cli_owns(tmp_path: Path) -> None:
    from skill.tools.cli import main

    project = tmp_path / "ask-project"
    assert main(["package", "--out", str(project)]) == 0
    states = project / ".ask" / "ask-states.json"
    states.parent.mkdir()
    recorded = {"askcliStatesVersion": "2020-03-31", "profiles": {"default": {"skillId": SKILL}}}
    states.write_text(json.dumps(recorded))
    (project / "skill-package" / "stale.json").write_text("{}")
    assert main(["package", "--out", str(project), "--lambda-arn", ARN]) == 0
    assert json.loads(states.read_text()) == recorded
    assert not (project / "skill-package" / "stale.json").exists()
    manifest = json.loads((project / "skill-package" / "skill.json").read_text())["manifest"]
    assert manifest["apis"]["custom"]["endpoint"] == {"uri": ARN}


def test_skill_id_prints_what_ask_deploy_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from skill.tools.cli import main

    project = tmp_path / "ask-project"
    assert main(["skill-id", "--project", str(project)]) == 1
    assert "run ask deploy there first" in capsys.readouterr().err
    (project / ".ask").mkdir(parents=True)
    (project / ".ask" / "ask-states.json").write_text(
        json.dumps({"profiles": {"default": {"skillId": SKILL}}})
    )
    assert main(["skill-id", "--project", str(project)]) == 0
    assert capsys.readouterr().out == SKILL + "\n"


def dev_tool(name: str) -> str:
    tool = shutil.which(name, path=str(Path(sys.executable).parent))
    assert tool, f"{name} is a dev dependency (./dev installs it)"
    return tool


@pytest.mark.parametrize(
    "rules", [[], ["--append-rules", "cfn_lint_serverless.rules"]], ids=["cfn-lint", "serverless"]
)
def test_sam_template_passes_cfn_lint(rules: list[str]) -> None:
    result = subprocess.run(
        [dev_tool("cfn-lint"), *rules, "--", str(INFRA_DIR / "template.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_sam_template_is_operable() -> None:
    text = (INFRA_DIR / "template.yaml").read_text()
    assert 'LogGroupName: !Sub "/aws/lambda/${SkillFunction}"' in text
    assert "RetentionInDays: !Ref LogRetentionDays" in text
    for metric in ("Errors", "Throttles", "Duration"):
        assert f"MetricName: {metric}\n" in text
    assert "Threshold: 6000" in text  # Alexa waits 8 s at most
    assert "Tracing: !Ref Tracing" in text and "LogFormat: JSON" in text


def test_sam_policy_is_least_privilege() -> None:
    text = (INFRA_DIR / "template.yaml").read_text()
    assert "dynamodb:*" not in text and "Resource: '*'" not in text and 'Resource: "*"' not in text
    for action in ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"):
        assert action in text


def test_gunicorn_config_is_valid() -> None:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    result = subprocess.run(
        [str(gunicorn), "--check-config", "-c", str(INFRA_DIR / "gunicorn.conf.py")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_dockerfile_runs_as_non_root_with_a_health_check() -> None:
    text = (INFRA_DIR / "Dockerfile").read_text()
    assert "\nUSER 10001\n" in text and "--uid 10001" in text
    assert "HEALTHCHECK" in text and "/healthz" in text


def test_dockerfile_passes_hadolint() -> None:
    result = subprocess.run(
        [dev_tool("hadolint"), "--no-color", str(INFRA_DIR / "Dockerfile")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
