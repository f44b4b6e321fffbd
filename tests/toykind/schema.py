"""JSON Schema fragment of the ``toy`` kind (for editors; the loader is the authority)."""

from __future__ import annotations

from typing import Any

from sim.scenario.schema import HEADER, PARAMETERS

__all__ = ["SCHEMA"]

SCHEMA: dict[str, Any] = {
    "properties": {
        **HEADER,
        "parameters": PARAMETERS,
        "offers": {
            "type": "array",
            "minItems": 1,
            "items": {"type": ["number", "string"]},
            "description": "what the proposer may offer",
        },
    },
    "required": ["format", "kind", "title", "parameters", "offers"],
    "additionalProperties": False,
}
