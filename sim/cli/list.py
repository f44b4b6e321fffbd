"""``negsim list``: the bundled scenarios with their titles and claims."""

from __future__ import annotations

import json

from .common import EXAMPLE_FORMATTER


def add_parser(sub):
    p = sub.add_parser(
        "list",
        help="list the bundled scenarios",
        formatter_class=EXAMPLE_FORMATTER,
        description="List the scenarios shipped with negsim; run one by name.\n\n"
        "examples:\n"
        "  negsim list\n"
        "  negsim list --json",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=run_command)
    return p


def run_command(args) -> int:
    from ..bundled import bundled_dir, bundled_names
    from ..scenario import ScenarioError, load

    rows = []
    for name in bundled_names():
        try:
            scn = load(bundled_dir() / f"{name}.yaml")
            rows.append(
                {
                    "name": name,
                    "kind": scn.meta.kind,
                    "title": scn.meta.title,
                    "claims": list(scn.meta.claims),
                }
            )
        except ScenarioError as exc:
            rows.append(
                {"name": name, "kind": "?", "title": f"(invalid: {exc.problems[0]})", "claims": []}
            )
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    if not rows:
        print("no bundled scenarios found")
        return 0
    w = max(len(r["name"]) for r in rows)
    k = max(len(r["kind"]) for r in rows)
    for r in rows:
        ids = [c.split(":", 1)[0].strip() for c in r["claims"]]  # "C5: text" -> "C5"
        claims = f"  [{', '.join(ids)}]" if ids else ""
        print(f"{r['name'].ljust(w)}  {r['kind'].ljust(k)}  {r['title']}{claims}")
    return 0
