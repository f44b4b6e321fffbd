"""``negsim explain``: the step-by-step teaching narrative of a scenario (any kind)."""

from __future__ import annotations

from .common import (
    EXAMPLE_FORMATTER,
    add_kind_options,
    add_output_option,
    add_set_option,
    analyse_options,
    check_report_output,
    emit,
    format_from_extension,
    load_scenario,
    overrides_from,
)

FORMATS = ("text", "markdown", "latex", "html")
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".tex": "latex",
    ".html": "html",
    ".htm": "html",
}


def add_parser(sub):
    p = sub.add_parser(
        "explain",
        help="explain a scenario step by step (for teaching)",
        formatter_class=EXAMPLE_FORMATTER,
        description="Explain a scenario in plain words: the scenario and its assumptions, then "
        "its kind's steps (for a game in normal form: dominated strategies, best "
        "responses, each equilibrium and why no one deviates, mixed equilibria "
        "solved from the indifference conditions in exact fractions, and which "
        "parameter changes would change the result), what the result says, and "
        "the sources. The HTML page stands alone, with the kind's charts embedded (the "
        "same charts as the handout of `negsim export`).\n\n"
        "examples:\n"
        "  negsim explain\n"
        "  negsim explain freeze_for_freeze --set drill_value=4\n"
        "  negsim explain classics/chicken --format markdown -o chicken.md\n"
        "  negsim explain classics/sequential_chicken --format html -o tree.html\n"
        "  negsim explain korea_conflict",
    )
    p.add_argument("scenario", nargs="?", help="scenario file or bundled name (see `negsim list`)")
    add_set_option(p)
    p.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: from -o's extension, else text)",
    )
    add_output_option(p, "the explanation")
    p.add_argument(
        "--no-charts",
        action="store_true",
        help="html: leave the charts out (the other formats have none)",
    )
    p.add_argument(
        "--no-thresholds",
        action="store_true",
        help="skip the parameter scan (what would change the result)",
    )
    names = add_kind_options(p)
    p.set_defaults(handler=run_command, kind_options=names)
    return p


def render(expl, fmt: str, result=None) -> str:
    """An explanation in one of :data:`FORMATS`; HTML with the charts of ``result`` embedded
    when it is given (:func:`sim.report.handout.html_page`)."""
    if fmt == "markdown":
        from ..report.markdown import render_markdown

        return render_markdown(expl)
    if fmt == "latex":
        from ..report.latex import render_latex

        return render_latex(expl)
    if fmt == "html":
        if result is not None:
            from ..report.handout import html_page

            return html_page(result, expl)
        from ..report.html import render_html

        return render_html(expl)
    from ..explain.text import render_text

    return render_text(expl)


def run_command(args) -> int:
    from .. import contract
    from ..explain import explain

    fmt = args.format
    if fmt is None:
        fmt = "text"
        if args.output and args.output != "-":
            fmt = format_from_extension(args.output, EXTENSIONS)
    scenario = load_scenario(args.scenario)
    check_report_output(args)
    result = contract.analyse(
        scenario, overrides_from(args), **analyse_options(args, args.kind_options)
    )
    expl = explain(result=result, **({"thresholds": False} if args.no_thresholds else {}))
    charted = fmt == "html" and not args.no_charts
    emit(args, render(expl, fmt, result if charted else None), fmt)
    return 0
