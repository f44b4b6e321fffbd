"""``negsim run``: the main job — load a scenario, analyse it, print a readable report."""

from __future__ import annotations

import json

from .common import (
    EXAMPLE_FORMATTER,
    add_conflict_options,
    add_set_option,
    conflict_options_from,
    load_scenario,
    overrides_from,
)


def add_parser(sub):
    p = sub.add_parser(
        "run", help="analyse a scenario and print a report (the main job)",
        formatter_class=EXAMPLE_FORMATTER,
        description="Load a scenario (a path or a bundled name; the bundled freeze-for-freeze "
                    "scenario when none is given), find its dominated strategies and every "
                    "equilibrium, and print a readable report.\n\n"
                    "examples:\n"
                    "  negsim run\n"
                    "  negsim run classics/chicken\n"
                    "  negsim run scenarios/freeze_for_freeze.yaml --set drill_value=4\n"
                    "  negsim run freeze_for_freeze --json")
    p.add_argument("scenario", nargs="?", help="scenario file or bundled name (see `negsim list`),"
                                               " or a Gambit .nfg/.efg file")
    add_set_option(p)
    p.add_argument("--method", default="auto",
                   help="equilibrium method for normal-form games (default: every equilibrium "
                        "the size allows; see `negsim solve --help`)")
    p.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS",
                   help="give up solving after this long and say so (default 60)")
    add_conflict_options(p)
    p.add_argument("--inverse", metavar="DM=STATE",
                   help="conflict scenarios: count how many rankings of decision maker DM make "
                        "state number STATE an equilibrium under each concept (e.g. UR=8)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p.set_defaults(handler=run_command)
    return p


def _run_gambit_file(args) -> int:
    """``negsim run game.nfg|game.efg``: the same report for a Gambit file (no parameters)."""
    if args.set:
        raise ValueError("--set applies to scenario parameters; a Gambit file has none")
    if args.scenario.endswith(".efg"):
        from .. import contract

        scenario = contract.get_kind("sequential").readers[".efg"](args.scenario)
        result = contract.analyse(scenario, None, method=None if args.method == "auto"
                                  else args.method, time_limit=args.time_limit)
        if args.json:
            print(json.dumps(contract.to_dict(result), indent=2))
        else:
            print(contract.to_text(result), end="")
        return 0
    from ..report.text import result_to_text
    from ..solvers import choose_method, solve
    from .solve import load_game

    game, prov = load_game(args.scenario, {})
    method = choose_method(game) if args.method == "auto" else args.method
    result = solve(game, method, time_limit=args.time_limit, provenance=prov)
    if args.json:
        from ..report.json import result_to_json

        print(json.dumps(result_to_json(game, result), indent=2))
    else:
        title = prov.get("scenario") or game.title
        print(result_to_text(game, result, header=f"{title}\n{'=' * len(title)}"), end="")
    return 0


def run_command(args) -> int:
    from ..scenario import KINDS, NormalFormScenario

    if args.scenario and args.scenario.endswith((".nfg", ".efg")):
        return _run_gambit_file(args)
    scenario = load_scenario(args.scenario)
    overrides = overrides_from(args)
    for key in ("convention", "simultaneous", "inverse"):
        if getattr(args, key, None) and scenario.meta.kind != "conflict":
            raise ValueError(f"--{key} applies to conflict scenarios only")
    from .. import contract

    if scenario.meta.kind in contract.KINDS:
        options = {"method": None if args.method == "auto" else args.method,
                   "time_limit": args.time_limit}
        options.update(conflict_options_from(args))
        if args.inverse:
            options["inverse"] = _inverse_target(args.inverse)
        spec = contract.KINDS[scenario.meta.kind]
        options = {k: v for k, v in options.items() if spec.option(k) is not None or
                   (v is not None and k not in ("method", "time_limit"))}
        result = contract.analyse(scenario, overrides, **options)
        if args.json:
            print(json.dumps(contract.to_dict(result), indent=2))
        else:
            print(contract.to_text(result), end="")
        return 0
    if isinstance(scenario, NormalFormScenario):
        from ..analysis import analyse

        analysis = analyse(scenario, overrides, method=args.method, time_limit=args.time_limit)
        if args.json:
            from ..report.json import analysis_to_json

            print(json.dumps(analysis_to_json(analysis), indent=2))
        else:
            from ..report.text import analysis_to_text

            print(analysis_to_text(analysis), end="")
        return 0
    spec = KINDS[scenario.meta.kind]
    if spec.analyse is None:
        raise ValueError(f"`negsim run` does not support kind '{spec.name}' yet")
    options = {"method": args.method, "time_limit": args.time_limit}
    options.update(conflict_options_from(args))
    if args.inverse:
        options["inverse"] = _inverse_target(args.inverse)
    result = spec.analyse(scenario, overrides=overrides, options=options)
    return _print_kind_result(spec, result, args.json)


def _print_kind_result(spec, result, as_json: bool) -> int:
    """Print a non-normal-form kind's result with that kind's own renderers."""
    if as_json:
        print(json.dumps(spec.to_json(result), indent=2, default=str))
    else:
        text = spec.to_text(result)
        print(text, end="" if text.endswith("\n") else "\n")
    return 0


def _inverse_target(text: str) -> tuple[str, int]:
    """``"UR=8"`` -> ``("UR", 8)``."""
    dm, sep, state = text.partition("=")
    if not sep or not dm.strip() or not state.strip().isdigit():
        raise ValueError(f"--inverse {text!r}: write DM=STATE, a decision maker's id and a "
                         f"state number, e.g. --inverse UR=8")
    return dm.strip(), int(state)
