"""Fixtures: app -> client -> signed poster -> conversation, with a generated CA as trust root."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from skill import create_app
from skill.config import Config
from skill.reminders.api import SCOPE
from skill.tools.simulator.envelopes import DEFAULT_SKILL_ID, granted
from skill.tools.simulator.session import Conversation
from skill.tools.simulator.signing import CHAIN_URL, Leaf, TestAuthority, chain_pem, signed_headers
from skill.web.signing_chain import VerificationFailure
from tests.dynalite import dynalite_server
from tests.fake_alexa_api import FakeAlexaApi, fake_alexa_api
from tests.flows import answers_of, dev_transport


@pytest.fixture(autouse=True)
def root_log_level() -> Iterator[None]:
    """CLI tests configure logging; give every test the root level it started with."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    root.setLevel(level)
    root.handlers[:] = handlers


@pytest.fixture(autouse=True)
def isolated_store(tmp_path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test gets its own SQLite file, also for code that reads the environment."""
    url = f"sqlite:///{tmp_path}/knot-helper.db"
    monkeypatch.setenv("KNOT_DATABASE_URL", url)
    return url


@pytest.fixture(scope="session")
def authority() -> TestAuthority:
    return TestAuthority()


@pytest.fixture(scope="session")
def leaf(authority: TestAuthority) -> Leaf:
    return authority.issue()


@dataclass
class ChainHost:
    """Stands in for s3.amazonaws.com/echo.api/: serves PEM chains from memory, counts fetches."""

    chains: dict[str, bytes] = field(default_factory=dict)
    fetches: list[str] = field(default_factory=list)

    def fetch(self, url: str) -> bytes:
        self.fetches.append(url)
        if url not in self.chains:
            raise VerificationFailure("certificate chain could not be downloaded")
        return self.chains[url]


@pytest.fixture
def chain_host(leaf: Leaf) -> ChainHost:
    return ChainHost({CHAIN_URL: chain_pem(leaf)})


@pytest.fixture
def make_app(
    authority: TestAuthority, chain_host: ChainHost, isolated_store: str
) -> Callable[..., Flask]:
    def factory(**overrides: Any) -> Flask:
        settings: dict[str, Any] = {
            "database_url": isolated_store,
            "skill_id": DEFAULT_SKILL_ID,
            "trust_roots": [authority.certificate],
            "chain_fetcher": chain_host.fetch,
        }
        settings.update(overrides)
        dev_host = "127.0.0.1" if settings.get("dev_mode") else None
        return create_app(Config(**settings), dev_host=dev_host)

    return factory


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


PostSigned = Callable[..., TestResponse]


@pytest.fixture
def post_signed(client: FlaskClient, leaf: Leaf) -> PostSigned:
    """POST a body to /alexa with Alexa's headers, signed by ``leaf`` unless told otherwise."""

    def post(
        body: dict[str, Any] | bytes,
        *,
        signer: Leaf | None = None,
        headers: dict[str, str] | None = None,
        omit: tuple[str, ...] = (),
    ) -> TestResponse:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        sent = signed_headers(signer or leaf, raw)
        sent.update(headers or {})
        for name in omit:
            sent.pop(name, None)
        return client.post("/alexa", data=raw, headers=sent)

    return post


@pytest.fixture
def talk(post_signed: PostSigned) -> Callable[..., Conversation]:
    """Start a conversation that goes through the real, verifying webhook."""

    def start(**options: Any) -> Conversation:
        return Conversation(send=answers_of(post_signed), **options)

    return start


@pytest.fixture
def alexa_api(tmp_path, authority: TestAuthority) -> Iterator[FakeAlexaApi]:
    """The local HTTPS fake of Alexa's Reminders and settings APIs (its CA in ``ca_bundle``)."""
    with fake_alexa_api(tmp_path, authority) as (served, bundle):
        served.ca_bundle = bundle
        yield served


@pytest.fixture
def reminder_chat(
    make_app: Callable[..., Flask], alexa_api: FakeAlexaApi
) -> Callable[..., Conversation]:
    """Start a conversation whose Alexa API calls reach the fake (reminders permitted unless
    told otherwise)."""

    def start(permitted: bool = True, **config: Any) -> Conversation:
        settings = {"api_timeout": 2.0, **config}
        app = make_app(dev_mode=True, api_ca_bundle=alexa_api.ca_bundle, **settings)
        return Conversation(
            send=dev_transport(app.test_client()),
            api_endpoint=alexa_api.endpoint,
            permissions=granted(SCOPE) if permitted else {},
        )

    return start


@pytest.fixture(scope="session")
def dynamodb_endpoint() -> Iterator[str]:
    """A dynalite server shared by the session's DynamoDB tests."""
    with dynalite_server() as endpoint:
        yield endpoint


@pytest.fixture
def aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dummy credentials: dynalite accepts any, and nothing may reach AWS."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "local")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "local")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
