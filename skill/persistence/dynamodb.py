"""DynamoDB through the SDK's official ``ask-sdk-dynamodb-persistence-adapter``.

The table, region and endpoint come from config; short timeouts and few retries keep a slow table
from holding a reply past Alexa's 8 s limit. The table is created on demand when
``KNOT_DYNAMODB_CREATE_TABLE`` is set (partition key ``id``, a string; turn on TTL on
``expires_at`` yourself, as infra/template.yaml does).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import boto3
from botocore.config import Config as BotoConfig

from skill.config import Config
from skill.persistence import hashed_user_key

if TYPE_CHECKING:
    from skill.persistence.expiring_dynamodb import ExpiringDynamoDbAdapter


def build_dynamodb_adapter(table: str, config: Config) -> ExpiringDynamoDbAdapter:
    """The official adapter for ``table``, keyed by the hashed user ID, with record expiry."""
    # ask-sdk-dynamodb 1.19 evaluates ``boto3.resource("dynamodb")`` as a default argument when
    # its module is imported, which fails where no AWS region is configured; so import it late,
    # with the configured region as boto3's default (an explicit AWS_DEFAULT_REGION wins).
    os.environ.setdefault("AWS_DEFAULT_REGION", config.dynamodb_region)
    from skill.persistence.expiring_dynamodb import ExpiringDynamoDbAdapter

    resource = boto3.resource(
        "dynamodb",
        region_name=config.dynamodb_region,
        endpoint_url=config.dynamodb_endpoint,
        config=BotoConfig(
            connect_timeout=config.store_timeout,
            read_timeout=config.store_timeout,
            retries={"max_attempts": 2, "mode": "standard"},
        ),
    )
    adapter = ExpiringDynamoDbAdapter(
        expiry_days=config.record_expiry_days,
        table_name=table,
        partition_key_name="id",
        attribute_name="attributes",
        create_table=config.dynamodb_create_table,
        partition_keygen=hashed_user_key,
        dynamodb_resource=resource,
    )
    if config.dynamodb_create_table:
        # A new table takes a moment to become ACTIVE; the SDK does not wait for it.
        resource.meta.client.get_waiter("table_exists").wait(
            TableName=table, WaiterConfig={"Delay": 1, "MaxAttempts": 30}
        )
    return adapter
