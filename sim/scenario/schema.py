"""A JSON Schema (draft 2020-12) of the scenario format, for editors' autocompletion.

The loader, not this schema, is the authority (it also checks references between sections and
evaluates formulas); the schema describes the shape so that an editor can help while typing.
Kinds add their ``schema`` fragment through :data:`KIND_SCHEMAS`; the normal-form kind's, when
registered, replaces :data:`NORMAL_FORM`.
"""

from __future__ import annotations

from typing import Any

from .common import FORMAT

__all__ = ["EXPR", "KIND_SCHEMAS", "PER_PARTY", "json_schema"]

KIND_SCHEMAS: dict[str, dict[str, Any]] = {}

_NUMBER = {
    "oneOf": [{"type": "number"}, {"type": "string", "pattern": r"^\s*[+-]?\d+\s*/\s*\d+\s*$"}],
    "description": 'a number, or an exact fraction such as "2/3"',
}
_TEXT_LIST = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}

HEADER: dict[str, Any] = {
    "format": {"const": FORMAT, "description": "always negsim/1"},
    "kind": {"type": "string", "description": "normal-form (default), conflict, sequential, ..."},
    "title": {"type": "string", "description": "a short name for the scenario"},
    "summary": {"type": "string", "description": "a paragraph: what the scenario is about"},
    "sources": {**_TEXT_LIST, "description": "where the claims come from"},
    "claims": {**_TEXT_LIST, "description": "ids of the claims the scenario tests"},
    "assumptions": {**_TEXT_LIST, "description": "modelling assumptions, stated as such"},
    "notes": {"type": "string", "description": "what the result shows and what changes it"},
}


def _dist(family: str, items: dict[str, Any], about: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [family],
        "additionalProperties": False,
        "properties": {
            family: {"type": "array", "items": _NUMBER, **items, "description": about},
            **({"p": {"type": "array", "items": {"type": "number"}}} if family == "choice" else {}),
            "source": {"type": "string", "description": "where the range comes from"},
            "about": {"type": "string", "description": "what the range means"},
        },
    }


#: the ``uncertainty:`` block: how roughly each parameter is known (``negsim robust``)
UNCERTAINTY: dict[str, Any] = {
    "type": "object",
    "description": "how roughly each parameter is known: negsim robust draws from it",
    "additionalProperties": False,
    "properties": {
        "draws": {"type": "integer", "minimum": 1, "description": "default number of draws"},
        "seed": {"type": "integer", "minimum": 0, "description": "default random seed"},
        "parameters": {
            "type": "object",
            "description": "parameter → its distribution; a parameter left out keeps its value",
            "additionalProperties": {
                "oneOf": [
                    _dist("uniform", {"minItems": 2, "maxItems": 2}, "[low, high]"),
                    _dist("triangular", {"minItems": 3, "maxItems": 3}, "[low, mode, high]"),
                    _dist("normal", {"minItems": 2, "maxItems": 2}, "[mean, sd], truncated"),
                    _dist("pert", {"minItems": 3, "maxItems": 3}, "[low, most likely, high]"),
                    _dist("choice", {"minItems": 1}, "[value, value, ...] with p"),
                ]
            },
        },
    },
}
HEADER["uncertainty"] = UNCERTAINTY

#: a number or a formula over parameters (repeated and bargaining scenarios)
EXPR: dict[str, Any] = {
    "type": ["number", "string"],
    "description": "a number or a formula over parameters",
}
#: one value per party or player: one for all, a list in order, or a mapping
PER_PARTY: dict[str, Any] = {
    "oneOf": [
        EXPR,
        {"type": "array", "items": EXPR},
        {"type": "object", "additionalProperties": EXPR},
    ],
    "description": "one value for all, a list in party order, or party → value",
}

PARAMETERS = {
    "type": "object",
    "description": "named numbers: overridable with --set name=value and sweepable",
    "additionalProperties": {
        "oneOf": [
            _NUMBER,
            {
                "type": "object",
                "required": ["value"],
                "additionalProperties": False,
                "properties": {
                    "value": _NUMBER,
                    "min": _NUMBER,
                    "max": _NUMBER,
                    "about": {"type": "string", "description": "one line: why this number"},
                },
            },
        ]
    },
}

NORMAL_FORM = {
    "properties": {
        **HEADER,
        "parameters": PARAMETERS,
        "players": {
            "type": "object",
            "minProperties": 1,
            "description": "player id → name and strategies; order = tensor axes",
            "additionalProperties": {
                "type": "object",
                "required": ["strategies"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string"},
                    "about": {"type": "string"},
                    "strategies": {
                        "oneOf": [
                            {
                                "type": "object",
                                "minProperties": 1,
                                "additionalProperties": {"type": ["string", "null"]},
                                "description": "strategy id → description",
                            },
                            {"type": "array", "minItems": 1, "items": {"type": "string"}},
                        ]
                    },
                },
            },
        },
        "payoffs": {
            "oneOf": [
                {
                    "type": "object",
                    "required": ["table"],
                    "additionalProperties": False,
                    "properties": {
                        "table": {
                            "type": "object",
                            "description": '"s1, s2, ..." (player order) → [u1, u2, ...]',
                            "additionalProperties": {
                                "type": "array",
                                "items": {"type": ["number", "string"]},
                            },
                        }
                    },
                },
                {
                    "type": "object",
                    "description": "player id → formula over parameters and "
                    "Player.strategy indicators",
                    "not": {"required": ["table"]},
                    "additionalProperties": {"type": ["string", "number"]},
                },
            ]
        },
    },
    "required": ["format", "title", "players", "payoffs"],
    "additionalProperties": False,
}


def json_schema() -> dict[str, Any]:
    """The schema as a dict: one branch per kind, chosen by ``kind``."""
    normal_form = KIND_SCHEMAS.get("normal-form", NORMAL_FORM)
    branches = [{"if": {"properties": {"kind": {"const": "normal-form"}}}, "then": normal_form}]
    for name, frag in sorted(KIND_SCHEMAS.items()):
        if name == "normal-form":
            continue
        branches.append(
            {"if": {"properties": {"kind": {"const": name}}, "required": ["kind"]}, "then": frag}
        )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://negsim.invalid/schema/negsim-1.json",
        "title": "negsim scenario (format negsim/1)",
        "type": "object",
        "required": ["format", "title"],
        "properties": {**HEADER},
        "allOf": branches,
    }
