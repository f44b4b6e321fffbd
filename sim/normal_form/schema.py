"""JSON-schema fragment of the ``normal-form`` kind (for editors; the loader is the authority).

The players/strategies/payoffs shape is the shared payoff loader's (:mod:`sim.scenario.schema`,
which the repeated and bargaining kinds reuse); the normal-form kind adds ``move_order``.
"""

from __future__ import annotations

from ..scenario.schema import KIND_SCHEMAS, NORMAL_FORM

__all__ = ["SCHEMA"]

SCHEMA = {
    **NORMAL_FORM,
    "properties": {
        **NORMAL_FORM["properties"],
        "move_order": {
            "description": "player ids in the order they move, each seeing the earlier moves: "
            "the report adds the subgame-perfect outcomes of the game played in turn",
            "oneOf": [
                {"type": "array", "items": {"type": "string"}, "minItems": 1},
                {"type": "string"},
            ],
        },
    },
}

KIND_SCHEMAS["normal-form"] = SCHEMA
