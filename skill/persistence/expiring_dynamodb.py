"""The SDK's DynamoDB adapter, with an expiry time on every record for DynamoDB's TTL.

Imported only once boto3 has a default region (see :mod:`skill.persistence.dynamodb`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_dynamodb.adapter import DynamoDbAdapter
from ask_sdk_model import RequestEnvelope

from skill.persistence import EXPIRY_ATTRIBUTE

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import DynamoDBServiceResource


class ExpiringDynamoDbAdapter(DynamoDbAdapter):
    """Writes ``expires_at`` (now + ``expiry_days``) with every record, and never returns a
    record past it: DynamoDB deletes expired items only within a few days of their expiry.

    Args:
        table_name: the table.
        dynamodb_resource: boto3's DynamoDB resource.
        expiry_days: days without a write after which a record expires.
        clock: seconds since the epoch (a hook for tests).
        **kwargs: passed on to the SDK's ``DynamoDbAdapter``.
    """

    def __init__(
        self,
        *,
        table_name: str,
        dynamodb_resource: DynamoDBServiceResource,
        expiry_days: int,
        clock: Callable[[], float] = time.time,
        **kwargs: Any,
    ) -> None:
        super().__init__(table_name=table_name, dynamodb_resource=dynamodb_resource, **kwargs)
        self._table = dynamodb_resource.Table(table_name)
        self.expiry_s = expiry_days * 24 * 3600
        self.clock = clock

    def _key(self, request_envelope: RequestEnvelope) -> dict[str, str]:
        return {self.partition_key_name: self.partition_keygen(request_envelope)}

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        try:
            answer = self._table.get_item(Key=self._key(request_envelope), ConsistentRead=True)
        except Exception as error:
            raise PersistenceException(f"DynamoDB get failed: {_describe(error)}") from None
        item = answer.get("Item")
        if item is None:
            return {}
        expires_at = item.get(EXPIRY_ATTRIBUTE)
        if isinstance(expires_at, Decimal | int) and int(expires_at) <= self.clock():
            return {}
        attributes = item.get(self.attribute_name)
        return attributes if isinstance(attributes, dict) else {}

    def save_attributes(
        self, request_envelope: RequestEnvelope, attributes: dict[str, Any]
    ) -> None:
        item: dict[str, Any] = {
            **self._key(request_envelope),
            self.attribute_name: attributes,
            EXPIRY_ATTRIBUTE: int(self.clock()) + self.expiry_s,
        }
        try:
            self._table.put_item(Item=item)
        except Exception as error:
            raise PersistenceException(f"DynamoDB put failed: {_describe(error)}") from None


def _describe(error: Exception) -> str:
    """The error's type and AWS error code, never its message (which may quote the item)."""
    code = getattr(error, "response", {}).get("Error", {}).get("Code")
    return f"{type(error).__name__} {code}" if code else type(error).__name__
