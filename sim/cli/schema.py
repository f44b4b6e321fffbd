"""``negsim schema``: print the JSON Schema of the scenario format."""

from __future__ import annotations

import json

from .common import EXAMPLE_FORMATTER


def add_parser(sub):
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of the scenario format (for editors)",
        formatter_class=EXAMPLE_FORMATTER,
        description="Print a JSON Schema of the negsim/1 scenario format, so editors can check "
        "and autocomplete scenario files.\n\n"
        "examples:\n"
        "  negsim schema > negsim-schema.json",
    )
    p.set_defaults(handler=run_command)
    return p


def schema() -> dict:
    """The scenario schema, with the fragment of every registered kind (``KindSpec.schema``)."""
    from .. import contract
    from ..scenario import load_kinds
    from ..scenario.schema import json_schema

    load_kinds()
    out = json_schema()
    branches = out.setdefault("allOf", [])
    covered = {b.get("if", {}).get("properties", {}).get("kind", {}).get("const") for b in branches}
    for name, spec in sorted(contract.KINDS.items()):
        if spec.schema is not None and name not in covered:
            branches.append(
                {
                    "if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
                    "then": dict(spec.schema),
                }
            )
    return out


def run_command(args) -> int:
    print(json.dumps(schema(), indent=2))
    return 0
