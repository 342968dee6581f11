"""What the requesting device can do, from ``context.System.device.supportedInterfaces``."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_supported_interfaces


def _supports(handler_input: HandlerInput, interface: str) -> bool:
    try:
        interfaces = get_supported_interfaces(handler_input)
    except (AttributeError, TypeError):
        return False
    return getattr(interfaces, interface, None) is not None


def supports_apl(handler_input: HandlerInput) -> bool:
    """Whether the device can show APL."""
    return _supports(handler_input, "alexa_presentation_apl")


def supports_audio_player(handler_input: HandlerInput) -> bool:
    """Whether the device can play long-form audio (AudioPlayer)."""
    return _supports(handler_input, "audio_player")
