"""``negsim sweep``: every equilibrium across a parameter grid, its regions and thresholds."""

from __future__ import annotations

import sys

from .common import EXAMPLE_FORMATTER, add_set_option, load_scenario, overrides_from


def add_parser(sub):
    p = sub.add_parser(
        "sweep", help="equilibria across a parameter grid: regions, thresholds, CSV/JSON, map",
        formatter_class=EXAMPLE_FORMATTER,
        description="Find every equilibrium at every point of a grid of one or two parameters, "
                    "group neighbouring points with the same equilibria into regions and report "
                    "the thresholds between them.  Writes one row per point and equilibrium "
                    "(--csv, --json, --out) and the equilibrium map (--plot).\n\n"
                    "A grid is NAME=FROM:TO:POINTS (evenly spaced, both ends included) or an "
                    "explicit list NAME=v1,v2,v3.\n\n"
                    "examples:\n"
                    "  negsim sweep freeze_for_freeze --vary drill_value=0:6:61\n"
                    "  negsim sweep freeze_for_freeze --vary drill_value=0:10:101 "
                    "--vary test_value=0:10:101 --csv sweep.csv --plot map.png\n"
                    "  negsim sweep freeze_for_freeze --vary deal_bonus=1,2,3,5 --json")
    p.add_argument("scenario", help="scenario file or bundled name (see `negsim list`)")
    p.add_argument("--vary", action="append", required=True, metavar="NAME=FROM:TO:POINTS",
                   help="a parameter to vary (once or twice; more is allowed without --plot)")
    add_set_option(p)
    p.add_argument("--method", default="auto",
                   help="solver for the points the vectorised paths (2x2, 2x2x2, small "
                        "2-player games) do not answer (default: every equilibrium)")
    p.add_argument("--tol", type=float, default=1e-9, help="certification tolerance (1e-9)")
    p.add_argument("--time-limit", type=float, default=None, metavar="SECONDS",
                   help="time limit per solved point (default none)")
    p.add_argument("--no-refine", action="store_true",
                   help="report thresholds at grid midpoints instead of bisecting them")
    p.add_argument("--csv", metavar="FILE", help="write one row per point and equilibrium")
    p.add_argument("--out", metavar="FILE.json", help="write the JSON result to this file")
    p.add_argument("--json", action="store_true", help="print the JSON result on stdout")
    p.add_argument("--plot", metavar="FILE", help="write the equilibrium map (.png/.svg/.pdf)")
    p.set_defaults(handler=run_command)
    return p


def run_command(args) -> int:
    from ..scenario import NormalFormScenario
    from ..sweep import parse_vary, summary_text, sweep, to_csv, to_json
    from ._progress import ProgressBar

    vary: dict = {}
    for v in args.vary:
        name, values = parse_vary(v)
        if name in vary:
            raise ValueError(f"--vary {name} is given twice")
        vary[name] = values
    if args.plot:
        from .plot import _format_of

        _format_of(args.plot)
        if len(vary) > 2:
            raise ValueError("--plot draws one or two varied parameters")
    scenario = load_scenario(args.scenario)
    if not isinstance(scenario, NormalFormScenario):
        raise ValueError(f"`negsim sweep` needs a normal-form scenario; {args.scenario} is of "
                         f"kind '{scenario.meta.kind}'")
    bar = ProgressBar("sweep")
    try:
        result = sweep(scenario, vary, overrides=overrides_from(args), method=args.method,
                       tol=args.tol, time_limit=args.time_limit, refine=not args.no_refine,
                       progress=bar)
    finally:
        bar.close()
    from .common import write_text

    if args.csv:
        write_text(args.csv, to_csv(result))
    if args.out:
        write_text(args.out, to_json(result) + "\n")
    if args.plot:
        from ..charts.equilibrium_map import plot_equilibrium_map
        from .plot import save_figure

        save_figure(plot_equilibrium_map(result), args.plot)
    if args.json:
        sys.stdout.write(to_json(result) + "\n")
    else:
        print(summary_text(result))
        written = [f for f in (args.csv, args.out, args.plot) if f]
        if written:
            print("wrote " + ", ".join(written))
    return 0
