"""Knot Helper: an Alexa skill for self-care of muscle knots in the back."""

from skill.app import create_app

__all__ = ["create_app"]
