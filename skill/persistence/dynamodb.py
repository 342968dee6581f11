"""DynamoDB through the SDK's official ``ask-sdk-dynamodb-persistence-adapter``.

The table, region and endpoint come from config; short timeouts and few retries keep a slow table
from holding a reply past Alexa's 8 s limit. The table is created on demand when
``KNOT_DYNAMODB_CREATE_TABLE`` is set (partition key ``id``, a string).
"""

from __future__ import annotations

import boto3
from ask_sdk_dynamodb.adapter import DynamoDbAdapter
from botocore.config import Config as BotoConfig

from skill.config import Config
from skill.persistence import hashed_user_key


def build_dynamodb_adapter(table: str, config: Config) -> DynamoDbAdapter:
    """The official adapter for ``table``, keyed by the hashed user ID."""
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
    return DynamoDbAdapter(
        table_name=table,
        partition_key_name="id",
        attribute_name="attributes",
        create_table=config.dynamodb_create_table,
        partition_keygen=hashed_user_key,
        dynamodb_resource=resource,
    )
