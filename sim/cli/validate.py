"""``negsim validate``: check scenario files and report every problem with its location."""

from __future__ import annotations

import sys

from .common import EXAMPLE_FORMATTER


def add_parser(sub):
    p = sub.add_parser(
        "validate", help="check scenario files; report every problem with file:line:col",
        formatter_class=EXAMPLE_FORMATTER,
        description="Check one or more scenario files without solving them. Every problem is "
                    "printed as file:line:col: message.\n\n"
                    "examples:\n"
                    "  negsim validate scenarios/*.yaml\n"
                    "  negsim validate my_scenario.yaml")
    p.add_argument("files", nargs="+", help="scenario files (or bundled names)")
    p.set_defaults(handler=run_command)
    return p


def run_command(args) -> int:
    from ..bundled import resolve
    from ..scenario import KINDS, NormalFormScenario, ScenarioError, build, load

    bad = 0
    for f in args.files:
        try:
            scn = load(resolve(f))
            if isinstance(scn, NormalFormScenario):
                build(scn)  # evaluates every formula at the defaults
            kind = scn.meta.kind if hasattr(scn, "meta") else "?"
            print(f"{f}: ok ({kind}: {scn.meta.title})")
        except ScenarioError as exc:
            bad += 1
            for problem in exc.problems:
                print(str(problem), file=sys.stderr)
        except FileNotFoundError as exc:
            bad += 1
            print(f"negsim: {exc}", file=sys.stderr)
    _ = KINDS
    if bad:
        print(f"negsim: {bad} of {len(args.files)} file(s) have problems", file=sys.stderr)
    return 1 if bad else 0
