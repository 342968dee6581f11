"""Knot Helper: an Alexa skill for self-care of muscle knots in the back.

``create_app`` (the Flask web service) is imported on first use, so the Lambda entry point
(``skill.alexa.lambda_function``) never loads Flask or the web stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skill.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from skill.web.app import create_app

        return create_app
    raise AttributeError(f"module 'skill' has no attribute {name!r}")
