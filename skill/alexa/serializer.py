"""Reading request envelopes: lenient where real devices outrun the SDK's model, strict elsewhere.

The SDK's ``DefaultSerializer`` turns one value its model does not know into a failed request:
ask-sdk-model 1.82.0 (the last release) has closed enums, so a new viewport touch type, codec or
player state from a device makes every request from it a 400, launch included; and a request type
newer than the model cannot be read at all. It also copies every unknown key onto the model
object with ``setattr``, so a ``"__dict__"`` key replaces the object's attributes (a 500 later)
and an ``"object_type"`` key overrides the request type. And it parses every timestamp with
dateutil, about 0.2 ms per envelope.

:class:`EnvelopeSerializer` reads the same JSON into the same model classes, except that:

- an enum value the model does not know is dropped (``None``; left out of lists);
- an object whose ``type`` the model does not know becomes its base class (a ``Request`` with
  type, ID, timestamp and locale), so a verified request of a new type can be acknowledged;
- unknown keys are kept only when they are plain names that shadow nothing on the class;
- a failure names the JSON field it happened at (``request.timestamp``), for the request log;
- timestamps may be ISO 8601 (read by ``datetime.fromisoformat``, dateutil as a fallback) or epoch
  milliseconds, which Alexa's test console sends.

Serializing (responses) gives exactly what the SDK's own code gives, with each model class's output
names worked out once (the SDK recomputes them, and rewrites the class's ``attribute_map``, for
every object it writes).
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import importlib
import json
from enum import Enum
from typing import Any

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer

#: Returned for an enum value the model does not know: ``None`` in a field, left out of a list.
_UNKNOWN = object()
_NATIVE = DefaultSerializer.NATIVE_TYPES_MAPPING
_PRIMITIVE = tuple(DefaultSerializer.PRIMITIVE_TYPES)
_SDK_DATETIME = DefaultSerializer._DefaultSerializer__deserialize_datetime  # type: ignore[attr-defined]


class EnvelopeError(SerializationException):
    """A body that cannot be read as the expected model; ``field`` says where (JSON names)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field or 'body'} {problem}")
        self.field = field or "body"
        self.problem = problem


@functools.cache
def _model_class(name: str) -> Any:
    module, _, class_name = name.rpartition(".")
    try:
        return getattr(importlib.import_module(module), class_name)
    except (ImportError, AttributeError, ValueError):
        raise EnvelopeError("", f"names an unknown model class {name}") from None


@functools.cache
def _fields(model: type) -> tuple[tuple[tuple[str, str, Any], ...], frozenset[str]]:
    """((attribute, JSON key, type) per field, every name the model uses) for a model class."""
    names = getattr(model, "attribute_map", {})
    types: dict[str, Any] = model.deserialized_types  # type: ignore[attr-defined]
    fields = tuple(
        (attribute, names.get(attribute, attribute), kind) for attribute, kind in types.items()
    )
    used = frozenset(types) | frozenset(key for _, key, _ in fields)
    return fields, used


_LIST, _DICT, _PRIMITIVE_KIND, _TIME, _ENUM, _MODEL, _ANY = range(7)


@functools.cache
def _plan(kind: Any) -> tuple[int, Any]:
    """How to read a value of ``kind`` (a model class, or an SDK type name): worked out once per
    kind, not once per value. Unknown class names raise (and are not cached)."""
    if isinstance(kind, str):
        if kind.startswith("list["):
            return _LIST, kind[5:-1].strip()
        if kind.startswith("dict("):
            return _DICT, kind[5:-1].split(",", 1)[1].strip()
        kind = _NATIVE.get(kind) or _model_class(kind)
    return _reading(kind), kind


def _reading(kind: Any) -> int:
    if kind in _PRIMITIVE:
        return _PRIMITIVE_KIND
    if kind is dt.datetime or kind is dt.date:
        return _TIME
    if isinstance(kind, type) and issubclass(kind, Enum):
        return _ENUM
    return _MODEL if hasattr(kind, "deserialized_types") else _ANY


@functools.cache
def _has_subtypes(model: type) -> bool:
    """Whether a model class picks a subclass by a discriminator (``Request``, ``Directive``)."""
    return hasattr(model, "get_real_child_model")


def _child(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def epoch_milliseconds(value: float) -> dt.datetime:
    """A UTC datetime from milliseconds since 1970 (how Alexa's test console sends timestamps)."""
    try:
        return dt.datetime.fromtimestamp(value / 1000, dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise EnvelopeError("", "is not a time") from None


class EnvelopeSerializer(DefaultSerializer):
    """The SDK serializer with a lenient, field-naming, faster reader (see the module docstring)."""

    def deserialize(self, payload: Any, obj_type: Any) -> Any:
        """Read JSON text into ``obj_type`` (a model class, or an SDK type name).

        Raises:
            EnvelopeError: the text is not JSON, or a field cannot be read as its type.
        """
        if payload is None:
            return None
        try:
            data = json.loads(payload)
        except (ValueError, TypeError, RecursionError):
            raise EnvelopeError("", "is not JSON") from None
        return self.read(data, obj_type)

    def serialize(self, obj: Any) -> Any:
        """JSON-ready data for ``obj`` (a response), as ``DefaultSerializer.serialize`` makes it,
        checked in the same order: primitives as they are, lists and tuples item by item, times
        in ISO 8601, enums by value, decimals as int or float, dicts value by value, and models
        as their non-None fields by JSON name."""
        if obj is None or isinstance(obj, _PRIMITIVE):
            return obj
        if isinstance(obj, list):
            return [self.serialize(item) for item in obj]
        if isinstance(obj, tuple | dt.datetime | dt.date | Enum | decimal.Decimal):
            return super().serialize(obj)
        if isinstance(obj, dict):
            return {key: self.serialize(value) for key, value in obj.items()}
        model: type = type(obj)
        if not hasattr(model, "deserialized_types"):
            return super().serialize(obj)
        answer = {}
        for attribute, key, _ in _fields(model)[0]:
            value = getattr(obj, attribute)
            if value is not None:
                answer[key] = self.serialize(value)
        return answer

    def read(self, data: Any, obj_type: Any, path: str = "") -> Any:
        """Read already-parsed JSON ``data`` into ``obj_type``; ``path`` names it in errors."""
        try:
            value = self._value(data, obj_type, path)
        except RecursionError:
            raise EnvelopeError(path, "is nested too deeply") from None
        return None if value is _UNKNOWN else value

    def _value(self, data: Any, kind: Any, path: str) -> Any:
        if data is None:
            return None
        how, kind = _plan(kind)
        if how == _MODEL:
            return self._model(data, kind, path)
        if how == _PRIMITIVE_KIND:
            return self._primitive(data, kind, path)
        return self._other(data, how, kind, path)

    def _other(self, data: Any, how: int, kind: Any, path: str) -> Any:
        if how == _ENUM:
            return self._enum(data, kind)
        if how == _LIST:
            return self._list(data, kind, path)
        if how == _DICT:
            return self._dict(data, kind, path)
        if how == _TIME:
            return self._time(data, kind, path)
        return data  # ``object``: any JSON value as it is

    def _list(self, data: Any, item_kind: str, path: str) -> list[Any]:
        if not isinstance(data, list):
            raise EnvelopeError(path, "is not a list")
        items = (self._value(item, item_kind, f"{path}[]") for item in data)
        return [item for item in items if item is not _UNKNOWN]

    def _dict(self, data: Any, value_kind: str, path: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise EnvelopeError(path, "is not an object")
        values = ((key, self._value(value, value_kind, f"{path}.*")) for key, value in data.items())
        return {key: value for key, value in values if value is not _UNKNOWN}

    @staticmethod
    def _primitive(data: Any, kind: type, path: str) -> Any:
        """As the SDK does: converted if possible, kept as it is if the type cannot take it."""
        try:
            return kind(data)
        except TypeError:
            return data
        except (ValueError, OverflowError):
            raise EnvelopeError(path, f"is not {kind.__name__}") from None

    def _time(self, data: Any, kind: type, path: str) -> Any:
        if isinstance(data, int | float) and not isinstance(data, bool):
            moment = epoch_milliseconds(data)
        elif isinstance(data, str) and data.isdigit() and len(data) >= 12:
            moment = epoch_milliseconds(int(data))
        elif isinstance(data, str):
            try:
                moment = dt.datetime.fromisoformat(data)
            except ValueError:
                try:
                    moment = _SDK_DATETIME(self, data, dt.datetime)
                except (SerializationException, ValueError, OverflowError, TypeError):
                    raise EnvelopeError(path, "is not a time") from None
        else:
            raise EnvelopeError(path, "is not a time")
        return moment.date() if kind is dt.date else moment

    @staticmethod
    def _enum(data: Any, kind: type[Enum]) -> Any:
        try:
            return kind(data)
        except (ValueError, TypeError):
            return _UNKNOWN

    def _model(self, data: Any, model: Any, path: str) -> Any:
        if not isinstance(data, dict):
            raise EnvelopeError(path, "is not an object")
        if _has_subtypes(model):
            model = self._subtype(data, model, path)
        fields, used = _fields(model)
        instance = model()
        for attribute, key, kind in fields:
            if key in data:
                value = self._value(data[key], kind, f"{path}.{key}" if path else key)
                setattr(instance, attribute, None if value is _UNKNOWN else value)
        for key, value in data.items():
            if key not in used and _is_plain_extra(model, key):
                setattr(instance, key, value)
        return instance

    @staticmethod
    def _subtype(data: dict[str, Any], model: Any, path: str) -> Any:
        """The subclass the discriminator names; the base class itself for a type it does not."""
        key = model.json_discriminator_key
        discriminator = data.get(key)
        if not isinstance(discriminator, str):
            raise EnvelopeError(
                _child(path, key), "is missing" if discriminator is None else "is not a string"
            )
        child = model.discriminator_value_class_map.get(discriminator)
        return _model_class(child) if child else model


def _is_plain_extra(model: type, key: str) -> bool:
    """An unknown key may become an attribute only if it is a plain name the class does not use."""
    return key.isidentifier() and not key.startswith("_") and not hasattr(model, key)
