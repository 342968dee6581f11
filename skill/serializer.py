"""The SDK's serializer with a fast path for Alexa's timestamps.

``DefaultSerializer`` parses every datetime with ``dateutil.parser.parse``, a general-purpose
parser that costs about 0.2 ms per request envelope, a quarter of a whole request here. Alexa's
timestamps are ISO 8601 (``2026-11-21T06:03:28Z``), which ``datetime.fromisoformat`` reads
directly; anything else still goes through the SDK's own code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer


class FastTimestampSerializer(DefaultSerializer):
    """``DefaultSerializer``, except that ISO 8601 datetimes skip dateutil."""

    # The SDK's private (name-mangled) method, overridden on purpose: it is where every
    # datetime in a request envelope is parsed.
    def _DefaultSerializer__deserialize_datetime(self, payload: Any, obj_type: Any) -> Any:
        if obj_type is dt.datetime and isinstance(payload, str):
            try:
                return dt.datetime.fromisoformat(payload)
            except ValueError:
                pass
        sdk_parse = DefaultSerializer._DefaultSerializer__deserialize_datetime  # type: ignore[attr-defined]
        return sdk_parse(self, payload, obj_type)
