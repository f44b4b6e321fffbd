"""``negsim plot``: one chart of a scenario, written to a PNG, SVG or PDF file."""

from __future__ import annotations

from .common import (
    EXAMPLE_FORMATTER,
    add_conflict_options,
    add_set_option,
    conflict_options_from,
    load_scenario,
    overrides_from,
)

CHARTS = {
    "matrix": "payoff matrix: best responses circled, equilibria shaded, deviations arrowed",
    "best-response": "2x2 best-response diagram with every equilibrium",
    "map": "equilibrium map over one or two parameters (needs --vary)",
    "compare": "equilibrium payoffs by player (add --case or --with to compare scenarios)",
    "dynamics": "replicator or fictitious-play paths (2x2, or 3-strategy symmetric)",
    "qre": "logit quantal-response branch: probabilities against lambda",
    "conflict": "conflict (graph model) scenarios: each decision maker's moves between states",
    "tree": "sequential scenarios: the game tree with the equilibrium path in bold",
}
#: charts of repeated and bargaining scenarios, drawn by sim.charts.repeated.make_figure (kept in
#: step with its CHARTS by a test)
OTHER_KIND_CHARTS = {
    "threshold": "repeated: minimum discount factor over a parameter (--vary NAME=...)",
    "tournament": "repeated: round-robin table of the simulated strategies",
    "trajectories": "repeated: noisy play round by round",
    "region": "repeated: feasible and individually rational payoffs",
    "frontier": "bargaining: bargaining set, disagreement point and solutions",
    "outside-option": "bargaining: a party's share as a parameter varies (--vary NAME=...)",
}
ALL_CHARTS = {**CHARTS, **OTHER_KIND_CHARTS}
FORMATS = ("png", "svg", "pdf")


def add_parser(sub):
    p = sub.add_parser(
        "plot", help="draw one chart of a scenario (PNG, SVG or PDF)",
        formatter_class=EXAMPLE_FORMATTER,
        description="Draw one chart of a scenario and write it to a file; the format follows "
                    "the file's extension (.png, .svg, .pdf).\n\ncharts:\n"
                    + "\n".join(f"  {k:<14} {v}" for k, v in ALL_CHARTS.items())
                    + "\n\nexamples:\n"
                    "  negsim plot freeze_for_freeze --chart matrix -o matrix.png\n"
                    "  negsim plot freeze_for_freeze --chart map --vary drill_value=0:6:61 "
                    "-o map.svg\n"
                    "  negsim plot freeze_for_freeze --chart compare --case drill_value=2 "
                    "--case drill_value=4 -o compare.pdf\n"
                    "  negsim plot korea_conflict --chart conflict -o moves.png")
    p.add_argument("scenario", help="scenario file or bundled name (see `negsim list`)")
    p.add_argument("--chart", required=True, choices=list(ALL_CHARTS), metavar="CHART",
                   help="which chart: " + ", ".join(ALL_CHARTS))
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="file to write (.png, .svg or .pdf)")
    add_set_option(p)
    p.add_argument("--vary", action="append", default=[], metavar="NAME=FROM:TO:POINTS",
                   help="for --chart map: a parameter to vary (once or twice); also NAME=v1,v2,...")
    p.add_argument("--dynamics", default="replicator", choices=["replicator", "fictitious-play"],
                   help="for --chart dynamics: which learning rule (default replicator)")
    p.add_argument("--case", action="append", default=[], metavar="NAME=VALUE[,NAME=VALUE]",
                   help="for --chart compare: the scenario under these parameter values "
                        "(repeatable; each is one group of bars)")
    p.add_argument("--with", dest="others", action="append", default=[], metavar="SCENARIO",
                   help="for --chart compare: another scenario to compare (repeatable)")
    p.add_argument("--concept", default="seq",
                   choices=["nash", "gmr", "smr", "seq", "sim", "seqsim"],
                   help="for --chart conflict: which stability concept's equilibria to mark "
                        "(default seq)")
    add_conflict_options(p)
    p.add_argument("--method", default="auto", help="equilibrium method (default: all)")
    p.add_argument("--dpi", type=int, default=150, help="resolution of PNG output (default 150)")
    p.set_defaults(handler=run_command)
    return p


def _format_of(path: str) -> str:
    ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if ext not in FORMATS:
        raise ValueError(f"{path}: cannot tell the format; end the file name with .png, .svg "
                         "or .pdf")
    return ext


def _normal_form(scenario, arg: str):
    from ..scenario import NormalFormScenario

    if not isinstance(scenario, NormalFormScenario):
        raise ValueError(f"this chart needs a normal-form scenario; {arg} is of kind "
                         f"'{scenario.meta.kind}'")
    return scenario


def _solve(game, method: str):
    from ..solvers import solve

    return solve(game, method)


def _case_overrides(text: str, base: dict) -> dict:
    from ..scenario import parse_assignments

    out = dict(base)
    out.update(parse_assignments([s for s in text.split(",") if s.strip()]))
    return out


def make_figure(args):
    """The figure for parsed ``args`` (no file written)."""
    from ..scenario import build

    scenario = load_scenario(args.scenario)
    overrides = overrides_from(args)
    chart = args.chart
    if chart == "conflict":
        from ..conflict.charts import plot_conflict

        if scenario.meta.kind != "conflict":
            raise ValueError(f"--chart conflict needs a conflict scenario; {args.scenario} is of "
                             f"kind '{scenario.meta.kind}'")
        if overrides:
            raise ValueError("conflict scenarios have no parameters to --set (preferences are "
                             "rankings); edit the file instead")
        return plot_conflict(scenario, concept=args.concept, **conflict_options_from(args))
    for key in ("convention", "simultaneous"):
        if getattr(args, key, None):
            raise ValueError(f"--{key} applies to --chart conflict only")
    if chart == "tree":
        from .. import contract

        if scenario.meta.kind != "sequential":
            raise ValueError(f"--chart tree needs a sequential scenario; {args.scenario} is of "
                             f"kind '{scenario.meta.kind}'")
        return contract.draw(contract.analyse(scenario, overrides), "tree")
    if chart in OTHER_KIND_CHARTS:
        from ..charts.repeated import make_figure as repeated_figure

        parameter = values = None
        if args.vary:
            from ..sweep import parse_vary

            if len(args.vary) > 1:
                raise ValueError("--chart threshold varies one parameter")
            parameter, values = parse_vary(args.vary[0])
        return repeated_figure(scenario, chart, overrides=overrides, parameter=parameter,
                               values=values)
    scenario = _normal_form(scenario, args.scenario)
    if chart == "map":
        from ..charts.equilibrium_map import plot_equilibrium_map
        from ..sweep import parse_vary, sweep

        if not args.vary or len(args.vary) > 2:
            raise ValueError("--chart map needs one or two --vary NAME=FROM:TO:POINTS")
        vary = dict(parse_vary(v) for v in args.vary)
        result = sweep(scenario, vary, overrides=overrides, method=args.method)
        return plot_equilibrium_map(result)
    if args.vary:
        raise ValueError("--vary applies to --chart map; use --set to fix a parameter")
    game = build(scenario, overrides)
    if chart == "matrix":
        from ..charts.matrix import plot_matrix

        return plot_matrix(game, _solve(game, args.method))
    if chart == "best-response":
        from ..charts.best_response import plot_best_response

        return plot_best_response(game, _solve(game, args.method))
    if chart == "dynamics":
        from ..charts.dynamics import plot_dynamics

        return plot_dynamics(game, args.dynamics, _solve(game, args.method))
    if chart == "qre":
        from ..charts.dynamics import plot_qre

        return plot_qre(game)
    if chart == "compare":
        from ..charts.compare import plot_compare

        entries = []
        title = None
        if args.case:
            for c in args.case:
                g = build(scenario, _case_overrides(c, overrides))
                entries.append((c.replace(",", ", "), g, _solve(g, args.method)))
            if not args.others:
                title = f"{game.title}: equilibrium payoffs as parameters change"
        else:
            entries.append((game.title, game, _solve(game, args.method)))
        for other in args.others:
            sc = _normal_form(load_scenario(other), other)
            g = build(sc, overrides if not args.case else None)
            entries.append((g.title or other, g, _solve(g, args.method)))
        if len(entries) == 1:
            return plot_compare(game, entries[0][2])
        return plot_compare(entries, title=title)
    raise ValueError(f"unknown chart {chart!r}")  # pragma: no cover (argparse checks)


def save_figure(fig, path: str, dpi: int = 150) -> None:
    """Render ``fig`` in the format of ``path``'s extension and write it atomically."""
    import io

    from .common import write_atomic

    fmt = _format_of(path)
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=dpi)
    write_atomic(path, buf.getvalue())


def run_command(args) -> int:
    _format_of(args.output)  # fail before any work
    fig = make_figure(args)
    save_figure(fig, args.output, dpi=args.dpi)
    return 0
