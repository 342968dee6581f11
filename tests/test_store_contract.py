"""One contract, every adapter: SQLite, and DynamoDB against a real dynalite server on loopback."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from skill.config import Config
from skill.persistence import EXPIRY_ATTRIBUTE, build_adapter
from skill.persistence.sqlite import SCHEMA_VERSION, SQLiteAdapter
from skill.tools.simulator.envelopes import envelope


def request_for(user_id: str) -> RequestEnvelope:
    body = json.dumps(envelope("LaunchRequest", user_id=user_id))
    result: RequestEnvelope = DefaultSerializer().deserialize(body, RequestEnvelope)
    return result


@dataclass
class Store:
    adapter: AbstractPersistenceAdapter
    raw_dump: Callable[[], str]


def sqlite_store(tmp_path: Path) -> Store:
    path = tmp_path / "contract.db"
    adapter = build_adapter(Config(database_url=f"sqlite:///{path}"))

    def dump() -> str:
        with sqlite3.connect(path) as connection:
            return json.dumps(connection.execute("SELECT * FROM attributes").fetchall())

    return Store(adapter, dump)


def dynamodb_store(endpoint: str) -> Store:
    table = f"knot-contract-{uuid.uuid4().hex[:8]}"
    config = Config(
        database_url=f"dynamodb://{table}", dynamodb_endpoint=endpoint, dynamodb_create_table=True
    )
    adapter = build_adapter(config)
    client = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1")

    def dump() -> str:
        return json.dumps(client.scan(TableName=table)["Items"])

    return Store(adapter, dump)


@pytest.fixture(params=["sqlite", "dynamodb"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        yield sqlite_store(tmp_path)
    else:
        request.getfixturevalue("aws_credentials")
        yield dynamodb_store(request.getfixturevalue("dynamodb_endpoint"))


PROFILE: dict[str, Any] = {
    "routine": {"id": "tennis_ball", "step": 2, "at": 1763700000},
    "pace": "slow",
    "starts": {"tennis_ball": 3, "yoga": 1},
    "last_visit": 1763700000,
    "note": "naïve café ☕",
    "flags": [True, False],
}


def normalised(data: dict[str, Any]) -> dict[str, Any]:
    """DynamoDB hands numbers back as Decimal; compare as JSON numbers."""
    loaded: dict[str, Any] = json.loads(json.dumps(data, default=int))
    return loaded


def test_unknown_user_has_no_attributes(store: Store) -> None:
    assert store.adapter.get_attributes(request_for("amzn1.ask.account.nobody")) == {}


def test_save_then_get_round_trips(store: Store) -> None:
    request = request_for("amzn1.ask.account.alice")
    store.adapter.save_attributes(request, PROFILE)
    assert normalised(store.adapter.get_attributes(request)) == PROFILE


def test_save_replaces_the_whole_record(store: Store) -> None:
    request = request_for("amzn1.ask.account.alice")
    store.adapter.save_attributes(request, PROFILE)
    store.adapter.save_attributes(request, {"pace": "fast"})
    assert store.adapter.get_attributes(request) == {"pace": "fast"}


def test_users_are_kept_apart(store: Store) -> None:
    alice, bob = request_for("amzn1.ask.account.alice"), request_for("amzn1.ask.account.bob")
    store.adapter.save_attributes(alice, {"pace": "slow"})
    store.adapter.save_attributes(bob, {"pace": "fast"})
    assert store.adapter.get_attributes(alice) == {"pace": "slow"}
    assert store.adapter.get_attributes(bob) == {"pace": "fast"}


def test_delete_removes_only_that_user(store: Store) -> None:
    alice, bob = request_for("amzn1.ask.account.alice"), request_for("amzn1.ask.account.bob")
    store.adapter.save_attributes(alice, PROFILE)
    store.adapter.save_attributes(bob, {"pace": "fast"})
    store.adapter.delete_attributes(alice)
    store.adapter.delete_attributes(request_for("amzn1.ask.account.never-saved"))
    assert store.adapter.get_attributes(alice) == {}
    assert store.adapter.get_attributes(bob) == {"pace": "fast"}


def test_the_store_never_holds_the_raw_user_id(store: Store) -> None:
    user = "amzn1.ask.account.PRIVATE-ID-1234"
    store.adapter.save_attributes(request_for(user), {"pace": "slow"})
    dump = store.raw_dump()
    assert "slow" in dump
    assert user not in dump and "PRIVATE-ID-1234" not in dump


def test_sqlite_uses_wal_and_a_schema_version(tmp_path: Path) -> None:
    adapter = SQLiteAdapter(tmp_path / "s.db")
    adapter.save_attributes(request_for("amzn1.ask.account.a"), {"pace": "slow"})
    with sqlite3.connect(tmp_path / "s.db") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_sqlite_refuses_a_newer_schema(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "future.db") as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(PersistenceException, match="newer"):
        SQLiteAdapter(tmp_path / "future.db").get_attributes(request_for("amzn1.ask.account.a"))


def test_unknown_store_url_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="KNOT_DATABASE_URL"):
        build_adapter(Config(database_url="postgres://db"))


DAY = 24 * 3600
T0 = 1_763_700_000


def test_a_record_expires_after_the_period_without_a_visit(store: Store) -> None:
    request = request_for("amzn1.ask.account.alice")
    store.adapter.clock = lambda: T0
    store.adapter.save_attributes(request, {"pace": "slow"})
    store.adapter.clock = lambda: T0 + 180 * DAY - 1
    assert store.adapter.get_attributes(request) == {"pace": "slow"}
    store.adapter.clock = lambda: T0 + 180 * DAY + 1
    assert store.adapter.get_attributes(request) == {}


def test_a_visit_starts_the_period_again(store: Store) -> None:
    request = request_for("amzn1.ask.account.alice")
    store.adapter.clock = lambda: T0
    store.adapter.save_attributes(request, {"pace": "slow"})
    store.adapter.clock = lambda: T0 + 100 * DAY
    store.adapter.save_attributes(request, {"pace": "fast"})
    store.adapter.clock = lambda: T0 + 250 * DAY
    assert store.adapter.get_attributes(request) == {"pace": "fast"}


def test_the_expiry_period_comes_from_config(tmp_path: Path) -> None:
    adapter = build_adapter(Config(database_url=f"sqlite:///{tmp_path}/e.db", record_expiry_days=7))
    request = request_for("amzn1.ask.account.alice")
    adapter.clock = lambda: T0
    adapter.save_attributes(request, {"pace": "slow"})
    adapter.clock = lambda: T0 + 8 * DAY
    assert adapter.get_attributes(request) == {}


def test_sqlite_deletes_expired_rows(tmp_path: Path) -> None:
    adapter = SQLiteAdapter(tmp_path / "p.db", expiry_days=180)
    adapter.clock = lambda: T0
    adapter.save_attributes(request_for("amzn1.ask.account.alice"), {"pace": "slow"})
    adapter.save_attributes(request_for("amzn1.ask.account.carol"), {"pace": "slow"})
    adapter.clock = lambda: T0 + 181 * DAY
    adapter.save_attributes(request_for("amzn1.ask.account.bob"), {"pace": "fast"})
    with sqlite3.connect(tmp_path / "p.db") as connection:
        rows = connection.execute("SELECT data FROM attributes").fetchall()
    assert rows == [('{"pace":"fast"}',)]
    assert adapter.prune() == 0


def test_sqlite_upgrades_a_version_1_database_in_place(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    key = SQLiteAdapter(path)._keygen(request_for("amzn1.ask.account.alice"))
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE attributes (id TEXT PRIMARY KEY, data TEXT NOT NULL, "
            "updated_at INTEGER NOT NULL)"
        )
        connection.execute("INSERT INTO attributes VALUES (?, ?, ?)", (key, '{"pace":"slow"}', T0))
        connection.execute("PRAGMA user_version = 1")
    adapter = SQLiteAdapter(path, clock=lambda: T0 + DAY)
    assert adapter.get_attributes(request_for("amzn1.ask.account.alice")) == {"pace": "slow"}
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
        indexes = {row[1] for row in connection.execute("PRAGMA index_list(attributes)")}
    assert "attributes_updated_at" in indexes


@pytest.mark.usefixtures("aws_credentials")
def test_dynamodb_items_carry_the_ttl_attribute_the_table_expires_on(
    dynamodb_endpoint: str,
) -> None:
    store = dynamodb_store(dynamodb_endpoint)
    store.adapter.clock = lambda: T0
    store.adapter.save_attributes(request_for("amzn1.ask.account.alice"), {"pace": "slow"})
    (item,) = json.loads(store.raw_dump())
    assert item[EXPIRY_ATTRIBUTE] == {"N": str(T0 + 180 * DAY)}
    template = (Path(__file__).parents[1] / "infra" / "template.yaml").read_text()
    assert f"AttributeName: {EXPIRY_ATTRIBUTE}\n        Enabled: true" in template
