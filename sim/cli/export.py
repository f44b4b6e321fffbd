"""``negsim export``: handouts (Markdown, LaTeX, HTML) and interchange files (JSON, Gambit .nfg)."""

from __future__ import annotations

import io
import json
import sys

from .common import EXAMPLE_FORMATTER, add_set_option, load_scenario, overrides_from, write_text

FORMATS = ("markdown", "latex", "html", "json", "nfg", "efg")
_EXT = {".md": "markdown", ".markdown": "markdown", ".tex": "latex", ".html": "html",
        ".htm": "html", ".json": "json", ".nfg": "nfg", ".efg": "efg"}


def add_parser(sub):
    p = sub.add_parser(
        "export", help="write a handout (Markdown, LaTeX, HTML) or an interchange file (JSON, nfg, efg)",
        formatter_class=EXAMPLE_FORMATTER,
        description="Export a scenario. Handouts (markdown, latex, html) hold the payoff table, "
                    "the step-by-step explanation and the sources; the HTML page stands alone "
                    "with its charts embedded. json is the `negsim run --json` report; nfg is a "
                    "Gambit strategic-form file. The format is taken from --to, or from the "
                    "extension of -o.\n\n"
                    "examples:\n"
                    "  negsim export freeze_for_freeze --to html -o freeze.html\n"
                    "  negsim export freeze_for_freeze --to latex -o freeze.tex\n"
                    "  negsim export classics/chicken -o chicken.md --set drill_value=4\n"
                    "  negsim export freeze_for_freeze --to nfg -o freeze.nfg")
    p.add_argument("scenario", nargs="?", help="scenario file or bundled name (see `negsim list`)")
    p.add_argument("--to", choices=FORMATS, help="output format (default: from -o's extension)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="file to write (default: standard output)")
    add_set_option(p)
    p.add_argument("--fragment", action="store_true",
                   help="latex: sections to \\input into a document, not a standalone document")
    p.add_argument("--no-charts", action="store_true", help="html: leave the charts out")
    p.add_argument("--no-thresholds", action="store_true",
                   help="skip the parameter scan (what would change the result)")
    p.add_argument("--method", default="auto", help="equilibrium method (default: every "
                   "equilibrium the size allows)")
    p.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS",
                   help="give up solving after this long and say so (default 60)")
    p.set_defaults(handler=run_command)
    return p


def chart_images(game, result) -> list[tuple[str, bytes]]:
    """PNG charts for a handout: the payoff matrix (and, for 2x2 games, the best-response
    diagram) from :mod:`sim.charts`; an empty list when matplotlib or the charts are missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    makers = []
    try:
        from ..charts.matrix import plot_matrix

        if game.n_players in (2, 3):
            makers.append(("Payoff matrix: arrows show profitable switches; equilibria marked",
                           plot_matrix))
    except ImportError:
        pass
    try:
        from ..charts.best_response import plot_best_response

        if game.n_players == 2 and game.shape == (2, 2):
            makers.append(("Best responses: where the curves cross is an equilibrium",
                           plot_best_response))
    except ImportError:
        pass
    images = []
    for caption, fn in makers:
        try:
            fig = fn(game, result)
        except (ValueError, TypeError, KeyError):
            continue
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
        plt.close(fig)
        images.append((caption, buf.getvalue()))
    return images


def _format_of(args) -> str:
    if args.to:
        return args.to
    if args.output:
        import os

        ext = os.path.splitext(args.output)[1].lower()
        if ext in _EXT:
            return _EXT[ext]
    raise ValueError("say which format with --to (markdown, latex, html, json, nfg or efg), or give "
                     "-o a file ending in .md, .tex, .html, .json, .nfg or .efg")


def render(scenario, fmt: str, overrides=None, *, fragment=False, charts=True,
           thresholds=True, method="auto", time_limit=60.0) -> str:
    """The exported document as text (what ``negsim export`` writes)."""
    from ..scenario import KINDS, NormalFormScenario

    normal = isinstance(scenario, NormalFormScenario)
    if fmt == "json":
        from .. import contract

        if scenario.meta.kind in contract.KINDS:
            spec = contract.KINDS[scenario.meta.kind]
            given = {"method": None if method == "auto" else method, "time_limit": time_limit}
            result = contract.analyse(scenario, overrides, **{
                k: v for k, v in given.items() if spec.option(k) is not None})
            return json.dumps(contract.to_dict(result), indent=2) + "\n"
        if not normal:
            spec = KINDS[scenario.meta.kind]
            result = spec.analyse(scenario, overrides=dict(overrides or {}),
                                  options={"method": method, "time_limit": time_limit})
            return json.dumps(spec.to_json(result), indent=2, default=str) + "\n"
        from ..analysis import analyse
        from ..report.json import analysis_to_json

        analysis = analyse(scenario, overrides, method=method, time_limit=time_limit)
        return json.dumps(analysis_to_json(analysis), indent=2) + "\n"
    if fmt == "nfg":
        if not normal:
            raise ValueError(f"a '{scenario.meta.kind}' scenario has no strategic form to write "
                             "as .nfg; export it as markdown, latex, html or json")
        try:
            from ..formats.nfg import format_nfg
        except ImportError:
            raise ValueError("this negsim has no Gambit .nfg writer (sim.formats.nfg)") from None
        from ..scenario import build

        return format_nfg(build(scenario, overrides))
    if fmt == "efg":
        if scenario.meta.kind != "sequential":
            raise ValueError(f"only sequential scenarios are game trees; a '{scenario.meta.kind}'"
                             " scenario can be exported as nfg, markdown, latex, html or json")
        from .. import contract

        return contract.get_kind(scenario).exports["efg"](scenario, overrides)
    from ..explain import explain

    opts = {"method": method, "time_limit": time_limit}
    if not normal:
        expl = explain(scenario, overrides=overrides, options=opts)
        game = result = None
    else:
        from ..scenario import build
        from ..solvers import solve

        game = build(scenario, overrides)
        result = solve(game, method, time_limit=time_limit)
        expl = explain(scenario, game, overrides=overrides, result=result,
                       thresholds=thresholds)
    if fmt == "markdown":
        from ..report.markdown import render_markdown

        return render_markdown(expl)
    if fmt == "latex":
        from ..report.latex import render_latex

        return render_latex(expl, standalone=not fragment)
    if fmt == "html":
        from ..report.html import render_html

        images = chart_images(game, result) if (charts and game is not None) else []
        return render_html(expl, images=images)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def run_command(args) -> int:
    fmt = _format_of(args)
    scenario = load_scenario(args.scenario)
    text = render(scenario, fmt, overrides_from(args), fragment=args.fragment,
                  charts=not args.no_charts, thresholds=not args.no_thresholds,
                  method=args.method, time_limit=args.time_limit)
    if args.output and args.output != "-":
        write_text(args.output, text)
        print(f"wrote {args.output} ({fmt})", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
