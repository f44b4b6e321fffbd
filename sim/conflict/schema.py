"""JSON Schema fragment of the ``conflict`` kind (for editors; the loader is the authority)."""

from __future__ import annotations

from ..scenario.schema import HEADER, KIND_SCHEMAS

__all__ = ["CONFLICT"]

_WHY = {"type": "string", "description": "one line: why (a modelling assumption)"}
_CONDITION = {
    "type": "string",
    "description": "DM.option, -DM.option, and, or, not, parentheses; 'X if C'",
}
_OPTION_LIST = {
    "type": "array",
    "minItems": 2,
    "items": {"type": "string"},
    "description": "options as DM.option",
}
_RULE = {
    "oneOf": [
        _CONDITION,
        {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "properties": {
                "condition": _CONDITION,
                "at_most_one": _OPTION_LIST,
                "exactly_one": _OPTION_LIST,
                "at_least_one": _OPTION_LIST,
                "why": _WHY,
            },
        },
    ]
}
_OPTION = {
    "oneOf": [
        {"type": ["string", "null"], "description": "the option's label"},
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "label": {"type": "string"},
                "why": _WHY,
                "irreversible": {
                    "enum": ["no", "yes", "taken", "dropped", True, False],
                    "description": "yes/taken: only N->Y moves; dropped: only Y->N moves",
                },
            },
        },
    ]
}
_STATEMENT = {
    "oneOf": [
        _CONDITION,
        {
            "type": "object",
            "required": ["statement"],
            "additionalProperties": False,
            "properties": {"statement": _CONDITION, "why": _WHY},
        },
    ]
}
_RANK_ITEM = {
    "oneOf": [
        {"type": "integer", "minimum": 1},
        {"type": "array", "items": {"type": "integer", "minimum": 1}, "description": "a tie"},
    ]
}

CONFLICT = {
    "properties": {
        **HEADER,
        "decision_makers": {
            "type": "object",
            "minProperties": 2,
            "description": "DM id -> name and yes/no options; order fixes the state numbering",
            "additionalProperties": {
                "type": "object",
                "required": ["options"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string"},
                    "about": {"type": "string"},
                    "options": {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": _OPTION,
                    },
                },
            },
        },
        "infeasible": {
            "type": "array",
            "items": _RULE,
            "description": "rules removing combinations that cannot happen",
        },
        "merge": {
            "type": "array",
            "items": _RULE,
            "description": "each rule's states count as one state",
        },
        "preferences": {
            "type": "object",
            "description": "DM id -> statements (most important first) or a ranking",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "statements": {"type": "array", "items": _STATEMENT},
                    "ranking": {"type": "array", "items": _RANK_ITEM},
                    "why": _WHY,
                },
            },
        },
        "perceptions": {
            "type": "object",
            "description": "first-level hypergame: DM id -> {other DM id -> how the first sees "
            "the other's preferences (statements or a ranking); unaware_of -> the other DMs' "
            "options (DM.option) the first does not know}",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "unaware_of": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "options of other DMs this DM does not know (DM.option)",
                    }
                },
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "statements": {"type": "array", "items": _STATEMENT},
                        "ranking": {"type": "array", "items": _RANK_ITEM},
                        "why": _WHY,
                    },
                },
            },
        },
        "status_quo": {
            "oneOf": [
                {"type": "integer", "minimum": 1},
                {"type": "array", "items": {"type": "string"}},
            ],
            "description": "the options taken (DM.option), or a state number",
        },
        "settings": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "convention": {"enum": ["sequence", "unrestricted", "single"]},
                "concepts": {
                    "type": "array",
                    "items": {"enum": ["nash", "gmr", "smr", "seq", "sim", "seqsim"]},
                },
                "simultaneous": {"enum": ["one", "group"]},
            },
        },
    },
    "required": ["format", "kind", "title", "decision_makers", "preferences"],
    "additionalProperties": False,
}

KIND_SCHEMAS["conflict"] = CONFLICT
