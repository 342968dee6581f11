"""A simple APL step view for screen devices (Echo Show): routine, step n of m, instruction, time.

Sent only when the request says the device supports ``Alexa.Presentation.APL``
(:func:`skill.conversation.device.supports_apl`).
"""

from __future__ import annotations

from typing import Any

from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

VIEW_ID = "knotHelperStep"


def _text(value: str, size: str, weight: str = "normal", top: str = "0") -> dict[str, Any]:
    return {
        "type": "Text",
        "text": value,
        "fontSize": size,
        "fontWeight": weight,
        "paddingTop": top,
        "textAlign": "center",
    }


DOCUMENT: dict[str, Any] = {
    "type": "APL",
    "version": "2023.3",
    "theme": "dark",
    "mainTemplate": {
        "parameters": ["step"],
        "items": [
            {
                "type": "Container",
                "width": "100vw",
                "height": "100vh",
                "justifyContent": "center",
                "alignItems": "center",
                "paddingLeft": "8vw",
                "paddingRight": "8vw",
                "items": [
                    _text("${step.routine}", "32dp", "bold"),
                    _text("${step.progress}", "24dp", "normal", "12dp"),
                    _text("${step.instruction}", "36dp", "normal", "32dp"),
                    _text("${step.timing}", "28dp", "bold", "32dp"),
                ],
            }
        ],
    },
}


def step_view(
    routine: str, progress: str, instruction: str, timing: str
) -> RenderDocumentDirective:
    """The directive that shows one step."""
    datasource = {
        "routine": routine,
        "progress": progress,
        "instruction": instruction,
        "timing": timing,
    }
    return RenderDocumentDirective(
        token=VIEW_ID, document=DOCUMENT, datasources={"step": datasource}
    )
