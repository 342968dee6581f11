"""Configuration from the environment."""

from __future__ import annotations

import pytest

from skill.config import Config


def test_defaults_are_safe() -> None:
    config = Config.from_env({})
    assert config.dev_mode is False
    assert config.host == "127.0.0.1"
    assert config.skill_id is None


def test_environment_overrides() -> None:
    config = Config.from_env(
        {
            "KNOT_SKILL_ID": "amzn1.ask.skill.abc",
            "KNOT_DEV_MODE": "0",
            "KNOT_PORT": "9000",
            "KNOT_CERT_TIMEOUT": "0.5",
        }
    )
    assert config.skill_id == "amzn1.ask.skill.abc"
    assert config.dev_mode is False
    assert config.port == 9000
    assert config.cert_timeout == 0.5


@pytest.mark.parametrize(
    ("name", "value"),
    [("KNOT_DEV_MODE", "1"), ("KNOT_PORT", "eighty"), ("KNOT_CERT_CACHE_SIZE", "-1")],
)
def test_bad_values_are_named(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=name):
        Config.from_env({name: value})


def test_programmatic_fields_are_not_read_from_env() -> None:
    assert Config.from_env({"KNOT_TRUST_ROOTS": "x"}).trust_roots is None
