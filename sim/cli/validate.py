"""``negsim validate``: check scenario files and report every problem with its location."""

from __future__ import annotations

import sys

from .common import EXAMPLE_FORMATTER, internal_error, os_message, print_problems


def add_parser(sub):
    p = sub.add_parser(
        "validate",
        help="check scenario files; report every problem with file:line:col",
        formatter_class=EXAMPLE_FORMATTER,
        description="Check one or more scenario files without solving them: each is loaded and "
        "its kind checks what can fail at the default parameters (every formula is "
        "evaluated). Every problem is printed as file:line:col: message; one bad "
        "file does not stop the others.\n\n"
        "examples:\n"
        "  negsim validate my_scenario.yaml\n"
        "  negsim validate freeze_for_freeze classics/chicken korea_conflict",
    )
    p.add_argument("files", nargs="+", help="scenario files (or bundled names)")
    p.set_defaults(handler=run_command)
    return p


def check_one(name: str) -> str:
    """Load and check one file; returns its one-line ``ok`` report (raises on a problem)."""
    from .. import contract
    from ..bundled import load

    scenario = load(name)
    spec = contract.get_kind(scenario)
    spec.check(scenario)
    lines = [f"{name}: ok ({spec.name}: {scenario.meta.title})"]
    lines += [f"{name}: warning: {w}" for w in spec.warnings(scenario)]
    return "\n".join(lines)


def run_command(args) -> int:
    from ..scenario.errors import ScenarioError

    bad = internal = 0
    for name in args.files:
        try:
            print(check_one(name))
        except ScenarioError as exc:
            bad += 1
            print_problems(exc)
        except OSError as exc:
            bad += 1
            print(f"negsim: {os_message(exc)}", file=sys.stderr)
        except Exception as exc:  # a bug in a kind: report it and go on with the other files
            bad += 1
            internal += 1
            internal_error(exc)
    if bad:
        print(f"negsim: {bad} of {len(args.files)} file(s) have problems", file=sys.stderr)
    return 3 if internal else (1 if bad else 0)
