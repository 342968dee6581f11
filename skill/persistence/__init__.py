"""Where persistent attributes live: embedded SQLite by default, DynamoDB at scale.

``KNOT_DATABASE_URL`` chooses: ``sqlite:///path/to/file.db`` (relative to the working directory;
``sqlite:////abs/path.db`` for an absolute path) or ``dynamodb://<table>``. Records are keyed by a
salted SHA-256 of the Alexa user ID, so the store never holds the raw ID. A record expires
``KNOT_RECORD_EXPIRY_DAYS`` (180) days after the person's last visit: it is not read again, and is
deleted (SQLite prunes it; DynamoDB's TTL removes it).
"""

from __future__ import annotations

import hashlib

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

from skill.config import Config

KEY_SALT = b"knot-helper/user/v1:"
#: DynamoDB's TTL attribute (``TimeToLiveSpecification`` in infra/template.yaml): epoch seconds.
EXPIRY_ATTRIBUTE = "expires_at"


def hashed_user_key(request_envelope: RequestEnvelope) -> str:
    """The record key for a request's user: a salted hash, never the raw user ID.

    Raises:
        ValueError: the request carries no user ID.
    """
    system = getattr(request_envelope.context, "system", None)
    user_id = getattr(getattr(system, "user", None), "user_id", None)
    if not user_id:
        raise ValueError("request has no user ID")
    return hashlib.sha256(KEY_SALT + str(user_id).encode("utf-8")).hexdigest()


def build_adapter(config: Config) -> AbstractPersistenceAdapter:
    """The persistence adapter ``config.database_url`` names.

    Raises:
        ValueError: the URL's scheme is neither ``sqlite`` nor ``dynamodb``.
    """
    url = config.database_url
    if url.startswith("sqlite:///"):
        from skill.persistence.sqlite import SQLiteAdapter

        return SQLiteAdapter(
            url.removeprefix("sqlite:///"),
            timeout=config.store_timeout,
            expiry_days=config.record_expiry_days,
        )
    if url.startswith("dynamodb://"):
        from skill.persistence.dynamodb import build_dynamodb_adapter

        return build_dynamodb_adapter(url.removeprefix("dynamodb://"), config)
    raise ValueError(f"KNOT_DATABASE_URL must start with sqlite:/// or dynamodb://, not {url!r}")
