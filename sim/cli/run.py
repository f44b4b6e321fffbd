"""``negsim run``: the main job — load a scenario, analyse it, print a readable report."""

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


def add_parser(sub):
    p = sub.add_parser(
        "run",
        help="analyse a scenario and print a report (the main job)",
        formatter_class=EXAMPLE_FORMATTER,
        description="Load a scenario (a path, a bundled name, or a file a kind reads such as a "
        "Gambit .nfg/.efg; the bundled freeze-for-freeze scenario when none is "
        "given), analyse it the way its kind does (every equilibrium, backward "
        "induction, thresholds, stability, ...) and print a readable report.\n\n"
        "examples:\n"
        "  negsim run\n"
        "  negsim run classics/chicken\n"
        "  negsim run freeze_for_freeze --set drill_value=4\n"
        "  negsim run freeze_for_freeze --json\n"
        "  negsim run korea_conflict --convention single -o korea.json",
    )
    p.add_argument(
        "scenario",
        nargs="?",
        help="scenario file or bundled name (see `negsim list`), or a Gambit .nfg/.efg file",
    )
    add_set_option(p)
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    add_output_option(p, "the report (.json for JSON, .txt for text)")
    names = add_kind_options(p)
    p.set_defaults(handler=run_command, kind_options=names)
    return p


def run_command(args) -> int:
    from .. import contract

    fmt = report_format(args)  # a bad -o fails before any work
    scenario = load_scenario(args.scenario)
    check_report_output(args)
    result = contract.analyse(
        scenario, overrides_from(args), **analyse_options(args, args.kind_options)
    )
    emit(args, result_text(result, fmt), fmt)
    return 0
