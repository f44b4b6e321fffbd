"""JSON Schema fragment for the ``bargaining`` kind (``negsim schema``)."""

from __future__ import annotations

from typing import Any

from ..scenario.schema import EXPR as _EXPR
from ..scenario.schema import HEADER, KIND_SCHEMAS, NORMAL_FORM, PARAMETERS
from ..scenario.schema import PER_PARTY as _PER_PARTY

__all__ = ["BARGAINING"]

BARGAINING: dict[str, Any] = {
    "properties": {
        **HEADER,
        "parameters": PARAMETERS,
        "parties": {
            "oneOf": [
                {"type": "array", "items": {"type": "string"}, "minItems": 2},
                {"type": "object", "minProperties": 2},
            ]
        },
        "players": NORMAL_FORM["properties"]["players"],
        "payoffs": NORMAL_FORM["properties"]["payoffs"],
        "set": {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "maxProperties": 1,
            "properties": {
                "pie": _EXPR,
                "packages": {"type": "object", "additionalProperties": _PER_PARTY},
                "game": {"const": "outcomes"},
            },
        },
        "disagreement": {
            "anyOf": [
                _PER_PARTY,
                {"enum": ["equilibrium", "outside_options"]},
                {
                    "type": "object",
                    "required": ["equilibrium"],
                    "properties": {"equilibrium": {"type": "string"}},
                },
            ]
        },
        "outside_options": _PER_PARTY,
        "rubinstein": {
            "type": "object",
            "required": ["discount"],
            "additionalProperties": False,
            "properties": {"discount": _PER_PARTY, "proposer": {"type": "string"}},
        },
        "war": {
            "type": "object",
            "required": ["p", "costs"],
            "additionalProperties": False,
            "properties": {"p": _EXPR, "costs": _PER_PARTY},
        },
    },
    "required": ["format", "title", "set"],
    "additionalProperties": False,
}

KIND_SCHEMAS["bargaining"] = BARGAINING
