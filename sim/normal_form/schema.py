"""JSON-schema fragment of the ``normal-form`` kind (for editors; the loader is the authority).

The players/strategies/payoffs shape is the shared payoff loader's, so the fragment lives with it
in :mod:`sim.scenario.schema` (the repeated and bargaining kinds reuse its pieces); this kind adds
``move_order`` (the players in the order they move, for the sequential reading) and
``inert_terms`` (parameter -> why a term no simultaneous choice depends on is kept).
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
        "inert_terms": {
            "type": "object",
            "description": "parameter -> why it is kept although no simultaneous choice depends "
            "on it (Pareto comparison, a sequential reading); validate then does not warn",
            "additionalProperties": {"type": "string"},
        },
    },
}

KIND_SCHEMAS["normal-form"] = SCHEMA
