"""``negsim solve``: one solver on a scenario or a Gambit ``.nfg`` file."""

from __future__ import annotations

import json
from pathlib import Path

from .common import EXAMPLE_FORMATTER, add_set_option, load_scenario, overrides_from


def _methods_help() -> str:
    from ..solvers import SOLVERS

    rows = [f"  {name:<14} {spec.summary}" for name, spec in sorted(SOLVERS.items())]
    return "methods:\n" + "\n".join(rows)


def add_parser(sub):
    p = sub.add_parser(
        "solve", help="run one equilibrium method on a scenario or .nfg file",
        formatter_class=EXAMPLE_FORMATTER,
        description="Solve a normal-form game with one method and print its certified "
                    "equilibria.\n\n" + _methods_help() + "\n\n"
                    "examples:\n"
                    "  negsim solve scenarios/freeze_for_freeze.yaml --method pure\n"
                    "  negsim solve game.nfg --method all --json")
    p.add_argument("file", help="scenario (YAML), bundled name, or Gambit .nfg file")
    p.add_argument("--method", default="auto", help="solver name (default: every equilibrium "
                                                   "the size allows)")
    add_set_option(p)
    p.add_argument("--tol", type=float, default=1e-9,
                   help="certification tolerance on max regret for float methods (default 1e-9)")
    p.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS",
                   help="give up after this long and say so (default 60)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p.set_defaults(handler=run_command)
    return p


def load_game(arg: str, overrides: dict):
    """A Game and provenance from a scenario or a .nfg file."""
    from ..analysis import provenance
    from ..scenario import NormalFormScenario, build
    from ..scenario.common import apply_overrides

    if arg.endswith(".nfg"):
        from ..formats.nfg import read_nfg

        if overrides:
            raise ValueError("--set applies to scenario parameters; a .nfg file has none")
        path = Path(arg)
        game = read_nfg(path)
        return game, {"scenario": game.title or path.name, "file": str(path), "kind": "nfg",
                      "parameters": {}}
    scenario = load_scenario(arg)
    if not isinstance(scenario, NormalFormScenario):
        raise ValueError(f"`negsim solve` needs a normal-form game; {arg} is of kind "
                         f"'{scenario.meta.kind}' (use `negsim run`)")
    values = apply_overrides(scenario.parameters, overrides)
    return build(scenario, overrides), provenance(scenario, values)


def run_command(args) -> int:
    from ..solvers import SOLVERS, choose_method, solve

    game, prov = load_game(args.file, overrides_from(args))
    method = choose_method(game) if args.method == "auto" else args.method
    if method not in SOLVERS:
        from ..scenario.errors import did_you_mean

        raise ValueError(f"unknown method '{method}'{did_you_mean(method, sorted(SOLVERS))}")
    result = solve(game, method, tol=args.tol, time_limit=args.time_limit, provenance=prov)
    if args.json:
        from ..report.json import result_to_json

        print(json.dumps(result_to_json(game, result), indent=2))
    else:
        from ..report.text import result_to_text

        title = prov.get("scenario") or game.title
        print(result_to_text(game, result, header=f"{title}\n{'=' * len(title)}"), end="")
    return 0 if result.status != "failed" else 1
