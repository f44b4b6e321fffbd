"""JSON Schema fragment for the ``repeated`` kind (``negsim schema``).

The loaders are the authority; these fragments only describe the shape for editors.
"""

from __future__ import annotations

from typing import Any

from ..scenario.schema import KIND_SCHEMAS, NORMAL_FORM

__all__ = ["REPEATED"]

_NUM_OR_NAME = {
    "type": ["number", "string"],
    "description": 'a number (3, 0.9, "2/3") or the name of a parameter',
}
_PROFILE = {
    "oneOf": [
        {"type": "string", "description": '"s1, s2" in player order'},
        {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "player → strategy",
        },
    ]
}
_STATE = {
    "type": "object",
    "required": ["play", "next"],
    "additionalProperties": False,
    "properties": {
        "play": {
            "type": ["string", "number"],
            "description": "cooperate, defect, or a probability of cooperating",
        },
        "next": {
            "oneOf": [
                {"type": "string", "description": "always go to this state"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        k: {"type": "string"}
                        for k in ("cooperate", "defect", "CC", "CD", "DC", "DD")
                    },
                    "description": "by the other's move (cooperate/defect) or by own and "
                    "other's move (CC, CD, DC, DD)",
                },
            ]
        },
    },
}

REPETITION: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "description": "how the stage game is repeated and what to simulate",
    "properties": {
        "discount": {**_NUM_OR_NAME, "description": "discount factor δ in [0, 1)"},
        "horizon": {"oneOf": [{"const": "infinite"}, {"type": "integer", "minimum": 1}]},
        "noise": {**_NUM_OR_NAME, "description": "probability a move is flipped by mistake"},
        "seed": {"type": ["integer", "string"]},
        "rounds": {"type": "integer", "minimum": 1},
        "replications": {"type": "integer", "minimum": 1},
        "cooperate": _PROFILE,
        "defect": _PROFILE,
        "punishment": {"enum": ["nash", "minmax"]},
        "strategies": {"type": "array", "items": {"type": "string"}},
        "generosity": _NUM_OR_NAME,
        "machines": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["states"],
                "additionalProperties": False,
                "properties": {
                    "start": {"type": "string"},
                    "about": {"type": "string"},
                    "states": {"type": "object", "additionalProperties": _STATE},
                },
            },
        },
        "matches": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
        "sweep": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "parameter": {"type": "string"},
                "points": {"type": "integer", "minimum": 2},
            },
        },
    },
}

REPEATED: dict[str, Any] = {
    "properties": {**NORMAL_FORM["properties"], "repetition": REPETITION},
    "required": ["format", "title", "players", "payoffs", "repetition"],
    "additionalProperties": False,
}

KIND_SCHEMAS["repeated"] = REPEATED
