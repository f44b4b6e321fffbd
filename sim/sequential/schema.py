"""JSON Schema fragment of the ``sequential`` kind (for editors; the loader is the authority)."""

from __future__ import annotations

from ..scenario.schema import HEADER, KIND_SCHEMAS, PARAMETERS

__all__ = ["SEQUENTIAL"]

_VALUE = {
    "type": ["number", "string"],
    "description": 'a number (3, -1.5, "2/3") or a formula over the parameters',
}

_NODE = {
    "$anchor": "sequential_node",
    "type": "object",
    "description": "a decision node (player, moves), a chance node (player: chance; each move "
    "has prob) or a leaf (payoffs)",
    "additionalProperties": False,
    "properties": {
        "player": {"type": "string", "description": "a player id, or 'chance'"},
        "moves": {
            "type": "object",
            "minProperties": 1,
            "description": "move label → the node it leads to",
            "additionalProperties": {"$ref": "#sequential_node"},
        },
        "infoset": {
            "type": "string",
            "description": "nodes the player cannot tell apart share this label",
        },
        "name": {"type": "string", "description": "a readable name (default: the path of moves)"},
        "about": {"type": "string"},
        "prob": {**_VALUE, "description": "probability of this move (moves of chance nodes)"},
        "payoffs": {
            "oneOf": [
                {"type": "array", "items": _VALUE, "description": "one per player, in order"},
                {
                    "type": "object",
                    "additionalProperties": _VALUE,
                    "description": "player id → payoff",
                },
            ]
        },
    },
}

SEQUENTIAL = {
    "$defs": {"sequential_node": _NODE},
    "properties": {
        **HEADER,
        "parameters": PARAMETERS,
        "players": {
            "oneOf": [
                {"type": "array", "minItems": 1, "items": {"type": "string"}},
                {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": {
                        "oneOf": [
                            {"type": ["string", "null"], "description": "the player's name"},
                            {
                                "type": "object",
                                "additionalProperties": False,
                                "properties": {
                                    "name": {"type": "string"},
                                    "about": {"type": "string"},
                                },
                            },
                        ]
                    },
                },
            ],
            "description": "player ids (order = order of payoffs)",
        },
        "tree": {"$ref": "#sequential_node"},
    },
    "required": ["format", "kind", "title", "players", "tree"],
    "additionalProperties": False,
}

KIND_SCHEMAS["sequential"] = SEQUENTIAL
