"""``negsim solve``: one equilibrium method on a scenario or a Gambit file."""

from __future__ import annotations

from .common import (
    EXAMPLE_FORMATTER,
    add_kind_options,
    add_output_option,
    add_set_option,
    analyse_options,
    check_report_output,
    emit,
    load_scenario,
    overrides_from,
    report_format,
    result_text,
)


def _methods_help() -> str:
    from ..solvers import SOLVERS

    rows = [f"  {name:<14} {spec.summary}" for name, spec in sorted(SOLVERS.items())]
    return "methods:\n" + "\n".join(rows)


def add_parser(sub):
    p = sub.add_parser(
        "solve",
        help="run one equilibrium method on a scenario or a Gambit .nfg/.efg file",
        formatter_class=EXAMPLE_FORMATTER,
        description="Solve a scenario, or a Gambit .nfg/.efg file, with one equilibrium method "
        "(--method) and print its certified equilibria.\n\n" + _methods_help() + "\n\nexamples:\n"
        "  negsim solve freeze_for_freeze --method pure\n"
        "  negsim solve game.nfg --method all --json\n"
        "  negsim solve game.efg",
    )
    p.add_argument("file", help="scenario (YAML), bundled name, or Gambit .nfg/.efg file")
    add_set_option(p)
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    add_output_option(p, "the report (.json for JSON, .txt for text)")
    names = add_kind_options(p)
    p.set_defaults(handler=run_command, kind_options=names)
    return p


def run_command(args) -> int:
    from .. import contract

    fmt = report_format(args)
    scenario = load_scenario(args.file)
    check_report_output(args)
    result = contract.analyse(
        scenario, overrides_from(args), **analyse_options(args, args.kind_options)
    )
    emit(args, result_text(result, fmt), fmt)
    return 1 if getattr(result, "status", None) == "failed" else 0
