"""``negsim plot``: one chart of a scenario (its kind's default chart unless ``--chart``),
written to a PNG, SVG or PDF file."""

from __future__ import annotations

from ..scenario.errors import Location, ScenarioError
from .common import (
    EXAMPLE_FORMATTER,
    add_kind_options,
    add_set_option,
    analyse_options,
    chart_options,
    check_output,
    format_from_extension,
    load_scenario,
    overrides_from,
    write_output,
)

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}

#: a chart every kind has: its outcomes over one or two parameters (a sweep)
MAP = "map"
MAP_ABOUT = "outcome map: the outcomes over one or two parameters (a sweep; needs --vary)"


def _charts_help() -> str:
    from .. import contract

    rows = []
    for spec in sorted(contract.KINDS.values(), key=lambda s: s.name):
        if not spec.charts:
            continue
        rows.append(f"  {spec.name}:")
        for name, chart in spec.charts.items():
            mark = " (default)" if name == spec.default_chart else ""
            needs = " (needs --vary)" if "vary" in chart.needs else ""
            rows.append(f"    {name:<16} {chart.about}{mark}{needs}")
    rows.append(f"  every kind:\n    {MAP:<16} {MAP_ABOUT}")
    return "charts:\n" + "\n".join(rows)


def add_parser(sub):
    p = sub.add_parser(
        "plot",
        help="draw one chart of a scenario (PNG, SVG or PDF)",
        formatter_class=EXAMPLE_FORMATTER,
        description="Draw one chart of a scenario and write it to a file; the format follows "
        "the file's extension (.png, .svg, .pdf). Without --chart, the kind's "
        "default chart is drawn.\n\n" + _charts_help() + "\n\n"
        "examples:\n"
        "  negsim plot freeze_for_freeze -o matrix.png\n"
        "  negsim plot classics/matching_pennies --chart dynamics --dynamics "
        "fictitious-play -o fp.svg\n"
        "  negsim plot freeze_for_freeze --chart map --vary drill_value=0:6:61 "
        "-o map.svg\n"
        "  negsim plot korea_conflict -o moves.png\n"
        "  negsim plot security_guarantee -o tree.pdf",
    )
    p.add_argument("scenario", help="scenario file or bundled name (see `negsim list`)")
    from .. import contract

    charts = sorted({MAP} | {name for spec in contract.KINDS.values() for name in spec.charts})
    p.add_argument(
        "--chart",
        metavar="CHART",
        choices=charts or None,
        help="which chart (default: the kind's default chart; see the list above)",
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="file to write (.png, .svg or .pdf)"
    )
    add_set_option(p)
    p.add_argument(
        "--vary",
        action="append",
        default=[],
        metavar="NAME=FROM:TO:POINTS",
        help="for a chart over parameters (e.g. map): a parameter to vary (once or "
        "twice); also NAME=v1,v2,...",
    )
    p.add_argument("--dpi", type=int, default=150, help="resolution of PNG output (default 150)")
    names = add_kind_options(p)
    chart_names = add_kind_options(p, "chart")
    p.set_defaults(handler=run_command, kind_options=names, chart_option_names=chart_names)
    return p


def parse_varies(texts) -> dict:
    """``--vary`` values as ``{name: values}`` (a located error for a bad one)."""
    from ..sweep import parse_vary

    vary: dict = {}
    for text in texts:
        try:
            name, values = parse_vary(text)
        except ScenarioError:
            raise
        except ValueError as exc:  # the grid parser's message for a bad --vary
            raise ScenarioError(str(exc), Location("--vary")) from None
        if name in vary:
            raise ScenarioError(f"--vary {name} is given twice", Location("--vary"))
        vary[name] = values
    return vary


def outcome_map(scenario, args):
    """The outcome map of a sweep over ``--vary`` (one or two parameters), for any kind."""
    from .. import contract
    from ..charts.equilibrium_map import plot_equilibrium_map
    from ..sweep import sweep
    from ._progress import ProgressBar

    if chart_options(args, args.chart_option_names):
        flag = "--" + next(iter(chart_options(args, args.chart_option_names))).replace("_", "-")
        raise ScenarioError(f"{flag} does not apply to the map", Location(flag))
    if not args.vary:
        raise ScenarioError(
            "the map needs --vary NAME=FROM:TO:POINTS (once or twice)", Location("--vary")
        )
    vary = parse_varies(args.vary)
    if len(vary) > 2:
        raise ScenarioError("the map draws one or two varied parameters", Location("--vary"))
    options = contract.check_options(
        contract.get_kind(scenario), analyse_options(args, args.kind_options)
    )
    with ProgressBar("sweep") as bar:
        result = sweep(scenario, vary, overrides=overrides_from(args), progress=bar, **options)
    return plot_equilibrium_map(result)


def make_figure(args):
    """The figure for parsed ``args`` (no file written)."""
    from .. import contract

    scenario = load_scenario(args.scenario)
    check_output(args.output)
    if args.chart == MAP:
        return outcome_map(scenario, args)
    spec = contract.get_kind(scenario)
    name = args.chart or spec.default_chart
    chart = spec.charts.get(name) if name else None
    if chart is None:
        known = ", ".join(spec.charts)
        what = (
            f"has no chart {name!r}; its charts: {known}"
            if known and name
            else f"has no default chart; name one with --chart ({known})"
            if known
            else "has no charts"
        )
        raise ScenarioError(f"a '{spec.name}' scenario {what}", Location("--chart"))
    options = chart_options(args, args.chart_option_names)
    takes = {o.name for o in chart.options}
    for key in options:
        if key not in takes:
            flag = "--" + key.replace("_", "-")
            raise ScenarioError(
                f"{flag} does not apply to the '{chart.name}' chart of a '{spec.name}' scenario",
                Location(flag),
            )
    if "vary" in chart.needs:
        if args.vary:  # without it the chart uses its own default or says what it needs
            options["vary"] = parse_varies(args.vary)
    elif args.vary:
        raise ScenarioError(
            f"--vary applies to charts over parameters; the '{chart.name}' "
            "chart draws one point (use --set to fix a parameter)",
            Location("--vary"),
        )
    result = contract.analyse(
        scenario, overrides_from(args), **analyse_options(args, args.kind_options)
    )
    return contract.draw(result, chart.name, **options)


#: the most pixels a chart is rendered with (about 160 MB of memory while it is drawn)
MAX_PIXELS = 40_000_000


def save_figure(fig, path: str, dpi: int = 150) -> None:
    """Render ``fig`` in the format of ``path``'s extension, write it atomically, say so."""
    import io

    fmt = format_from_extension(path, FORMATS)
    w, h = fig.get_size_inches()
    pixels = round(w * dpi) * round(h * dpi)
    if pixels > MAX_PIXELS:
        raise ScenarioError(
            f"the chart would be {round(w * dpi):,}x{round(h * dpi):,} = {pixels:,} pixels "
            f"at {dpi} dpi; at most {MAX_PIXELS:,} are drawn (lower --dpi)",
            Location("--dpi"),
        )
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=dpi)
    size = f"{round(w * dpi)}x{round(h * dpi)} px" if fmt == "png" else f"{w:g}x{h:g} in"
    write_output(path, buf.getvalue(), fmt, size)


def run_command(args) -> int:
    format_from_extension(args.output, FORMATS)  # fail before any work
    if args.dpi <= 0 or args.dpi > 1200:
        raise ScenarioError(
            f"--dpi {args.dpi}: give a resolution between 1 and 1200", Location("--dpi")
        )
    save_figure(make_figure(args), args.output, dpi=args.dpi)
    return 0
