"""``negsim sweep``: a scenario's outcomes across a parameter grid, its regions and thresholds."""

from __future__ import annotations

import json
import sys

from ..scenario.errors import Location, ScenarioError
from .common import (
    EXAMPLE_FORMATTER,
    add_kind_options,
    add_set_option,
    analyse_options,
    check_output,
    load_scenario,
    overrides_from,
    write_output,
)

IMAGES = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
FILES = {".csv": "csv", ".json": "json", **IMAGES}


def add_parser(sub):
    p = sub.add_parser(
        "sweep",
        help="outcomes across a parameter grid: regions, thresholds, CSV/JSON, map",
        formatter_class=EXAMPLE_FORMATTER,
        description="Analyse a scenario at every point of a grid of one or two parameters, "
        "group neighbouring points with the same outcomes (equilibria, subgame-"
        "perfect outcomes, thresholds that hold, ...) into regions and report the "
        "thresholds between them.  -o writes the map (.png/.svg/.pdf), one row per "
        "point and outcome (.csv) or the JSON result (.json); repeat -o for several."
        "\n\nA grid is NAME=FROM:TO:POINTS (evenly spaced, both ends included) or "
        "an explicit list NAME=v1,v2,v3.\n\n"
        "examples:\n"
        "  negsim sweep freeze_for_freeze --vary drill_value=0:6:61\n"
        "  negsim sweep freeze_for_freeze --vary drill_value=0:10:101 "
        "--vary test_value=0:10:101 -o sweep.csv -o map.png\n"
        "  negsim sweep freeze_for_freeze --vary breakdown_risk=0.2,0.4,0.6,0.8 --json\n"
        "  negsim sweep security_guarantee --vary renege_gain=0:10:41 --workers 2",
    )
    p.add_argument("scenario", help="scenario file or bundled name (see `negsim list`)")
    p.add_argument(
        "--vary",
        action="append",
        required=True,
        metavar="NAME=FROM:TO:POINTS",
        help="a parameter to vary (once or twice; more is allowed without a map)",
    )
    add_set_option(p)
    p.add_argument(
        "--no-refine",
        action="store_true",
        help="report thresholds at grid midpoints instead of bisecting them",
    )
    p.add_argument(
        "-o",
        "--output",
        action="append",
        default=[],
        metavar="FILE",
        help="write the map (.png, .svg, .pdf), the rows (.csv) or the JSON result "
        "(.json); repeatable",
    )
    p.add_argument("--csv", metavar="FILE", help="write one row per point and outcome")
    p.add_argument("--json", action="store_true", help="print the JSON result on stdout")
    p.add_argument(
        "--out",
        metavar="FILE.json",
        help="write the JSON result to this file (the same as -o FILE.json)",
    )
    p.add_argument("--plot", metavar="FILE", help="write the map (the same as -o FILE.png)")
    p.add_argument(
        "--robustness",
        action="store_true",
        help="mark on the map the scenario's values, the central 95%% of the draws of its "
        "uncertainty block (or --spread) and how often its outcomes hold there (the numbers "
        "of `negsim robust`)",
    )
    p.add_argument(
        "--spread",
        metavar="PCT",
        help="with --robustness: draw every parameter within ±PCT of its value instead of "
        "the file's uncertainty block (as `negsim robust --spread`)",
    )
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="solve the grid on N local worker processes (a Dask LocalCluster); the "
        "result is the same as without",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="solve the grid on a running Dask cluster, e.g. tcp://10.0.0.5:8786",
    )
    names = add_kind_options(p)
    p.set_defaults(handler=run_command, kind_options=names)
    return p


def _targets(args) -> list[tuple[str, str]]:
    """Every file to write as ``(path, format)``; checked before any work."""
    from .common import format_from_extension

    out = [(path, format_from_extension(path, FILES)) for path in args.output]
    if args.csv:
        out.append((args.csv, "csv"))
    if args.out:
        out.append((args.out, "json"))
    if args.plot:
        out.append((args.plot, format_from_extension(args.plot, IMAGES, "--plot")))
    paths = [p for p, _ in out]
    for p in paths:
        if paths.count(p) > 1:
            raise ScenarioError(f"{p} is named twice as an output", Location("-o"))
    return out


def run_command(args) -> int:
    from .. import contract
    from ..robust import robust
    from ..robust.engine import dask_client
    from ..sweep import summary_text, sweep, to_csv, to_dict
    from ._progress import ProgressBar
    from .plot import parse_varies, save_figure
    from .robust import parse_spread

    targets = _targets(args)
    vary = parse_varies(args.vary)
    if any(fmt in IMAGES.values() for _, fmt in targets) and len(vary) > 2:
        raise ScenarioError("a map draws one or two varied parameters", Location("--vary"))
    scenario = load_scenario(args.scenario)
    for path, _ in targets:
        check_output(path)
    options = contract.check_options(
        contract.get_kind(scenario), analyse_options(args, args.kind_options)
    )
    maps = [path for path, fmt in targets if fmt in IMAGES.values()]
    if args.spread and not args.robustness:
        raise ScenarioError("--spread goes with --robustness", Location("--spread"))
    if args.robustness and not maps:
        raise ScenarioError(
            "--robustness marks the map: name one with -o map.png", Location("--robustness")
        )
    spread = parse_spread(args.spread) if args.spread else None
    robustness = None
    with dask_client(args.workers, args.scheduler) as (client, _):
        with ProgressBar("sweep") as bar:
            result = sweep(
                scenario,
                vary,
                overrides=overrides_from(args),
                refine=not args.no_refine,
                progress=bar,
                client=client,
                **options,
            )
        if args.robustness:
            robustness = robust(
                scenario,
                overrides_from(args),
                spread=spread,
                sensitivity=False,
                keep_samples=False,
                client=client,
                **options,
            )
    figures = {}
    for path in maps:  # drawn before any file is written
        from ..charts.equilibrium_map import plot_equilibrium_map

        fig = plot_equilibrium_map(result)
        if robustness is not None:
            from ..robust.charts import overlay_robustness

            overlay_robustness(fig, result, robustness)
        figures[path] = fig
    for path, fmt in targets:
        if fmt == "csv":
            write_output(path, to_csv(result), "csv")
        elif fmt == "json":
            write_output(path, json.dumps(to_dict(result), indent=2) + "\n", "json")
        else:
            save_figure(figures[path], path)
    if args.json:
        sys.stdout.write(json.dumps(to_dict(result), indent=2) + "\n")
    else:
        print(summary_text(result))
        if robustness is not None:
            from ..robust.charts import robustness_caption

            print(
                f"robustness at the scenario's values ({robustness.draws:,} draws, seed "
                f"{robustness.seed}): " + "; ".join(robustness_caption(robustness))
            )
        if targets:
            print("wrote " + ", ".join(p for p, _ in targets))
    return 0
