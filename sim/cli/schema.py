"""``negsim schema``: print the JSON Schema of the scenario format."""

from __future__ import annotations

import json

from .common import EXAMPLE_FORMATTER


def add_parser(sub):
    p = sub.add_parser(
        "schema", help="print the JSON Schema of the scenario format (for editors)",
        formatter_class=EXAMPLE_FORMATTER,
        description="Print a JSON Schema of the negsim/1 scenario format, so editors can check "
                    "and autocomplete scenario files.\n\n"
                    "examples:\n"
                    "  negsim schema > negsim-schema.json")
    p.set_defaults(handler=run_command)
    return p


def run_command(args) -> int:
    from ..scenario import load_kinds
    from ..scenario.schema import json_schema

    load_kinds()
    print(json.dumps(json_schema(), indent=2))
    return 0
