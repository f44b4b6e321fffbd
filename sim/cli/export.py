"""``negsim export``: handouts (Markdown, LaTeX, HTML), the run JSON, and the files a kind
writes (Gambit ``.nfg``/``.efg``), for every kind through the kind contract."""

from __future__ import annotations

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

HANDOUTS = ("markdown", "latex", "html")
EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".tex": "latex",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
}


def add_parser(sub):
    p = sub.add_parser(
        "export",
        help="write a handout (Markdown, LaTeX, HTML), the JSON report, or a file "
        "another program reads (Gambit nfg, efg)",
        formatter_class=EXAMPLE_FORMATTER,
        description="Export a scenario of any kind. Handouts (markdown, latex, html) hold the "
        "step-by-step explanation and the sources, a summary first and a glossary of "
        "the words they use; the HTML page stands alone with the kind's charts embedded, "
        "LaTeX and Markdown refer to the charts as PNG files written beside -o FILE. "
        "--slide gives one page: the headline, one chart, three lines. json is the "
        "`negsim run --json` report. A kind "
        "may write more formats (a game in normal form: Gambit nfg; a game tree: "
        "Gambit efg). The format is taken from --to, or from the extension of -o.\n\n"
        "examples:\n"
        "  negsim export freeze_for_freeze --to html -o freeze.html\n"
        "  negsim export freeze_for_freeze --to latex -o freeze.tex\n"
        "  negsim export korea_conflict --slide -o korea-slide.html\n"
        "  negsim export classics/chicken -o chicken.md --set war=2.5\n"
        "  negsim export freeze_for_freeze --to nfg -o freeze.nfg\n"
        "  negsim export security_guarantee -o tree.efg\n"
        "  negsim export korea_conflict --to json -o korea.json",
    )
    p.add_argument("scenario", nargs="?", help="scenario file or bundled name (see `negsim list`)")
    p.add_argument(
        "--to",
        metavar="FORMAT",
        help="markdown, latex, html, json, or a format of the scenario's kind (nfg, "
        "efg); default: from -o's extension",
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", help="file to write (default: standard output)"
    )
    add_set_option(p)
    p.add_argument(
        "--fragment",
        action="store_true",
        help="latex: sections to \\input into a document, not a standalone document",
    )
    p.add_argument(
        "--no-charts",
        action="store_true",
        help="leave the charts out (html embeds them; latex and markdown write them as PNG "
        "files beside -o FILE)",
    )
    p.add_argument(
        "--layout",
        choices=("full", "slide"),
        default="full",
        help="full: the whole handout, a summary first (default); slide: one page with the "
        "headline, one chart and three lines",
    )
    p.add_argument(
        "--slide",
        dest="layout",
        action="store_const",
        const="slide",
        help="the same as --layout slide",
    )
    p.add_argument(
        "--no-thresholds",
        action="store_true",
        help="skip the parameter scan (what would change the result)",
    )
    names = add_kind_options(p)
    p.set_defaults(handler=run_command, kind_options=names)
    return p


def formats_of(spec) -> list[str]:
    """Every format a scenario of this kind can be exported to."""
    return [*HANDOUTS, "json", *sorted(spec.exports)]


def format_of(args, spec) -> str:
    """The requested format: ``--to``, else the extension of ``-o``; checked against the kind."""
    from .. import contract

    known = formats_of(spec)
    fmt = args.to
    if fmt is None and args.output and args.output != "-":
        ext = "." + args.output.rsplit(".", 1)[-1].lower() if "." in args.output else ""
        every = {f for k in contract.KINDS.values() for f in k.exports}
        fmt = EXTENSIONS.get(ext) or (ext[1:] if ext[1:] in every else None)
        if fmt is None:
            raise ScenarioError(
                f"{args.output}: cannot tell the format from the extension; say "
                f"which with --to ({', '.join(known)})",
                Location("-o"),
            )
    if fmt is None:
        raise ScenarioError(
            f"say which format with --to ({', '.join(known)}), or give -o a "
            "file name with its extension",
            Location("--to"),
        )
    if fmt not in known:
        raise ScenarioError(
            f"a '{spec.name}' scenario cannot be exported as {fmt!r}; its "
            f"formats: {', '.join(known)}",
            Location("--to"),
        )
    return fmt


def chart_images(result, *, dpi: int = 110) -> list[tuple[str, bytes]]:
    """PNG images of the kind's handout charts, with captions (see
    :func:`sim.report.handout.chart_images`)."""
    from ..report.handout import chart_images as images

    return [(caption, png) for _, caption, png in images(result, dpi=dpi)]


def render(
    scenario,
    fmt: str,
    overrides=None,
    *,
    fragment: bool = False,
    charts: bool = True,
    thresholds: bool = True,
    layout: str = "full",
    stem: str | None = None,
    chart_options=None,
    **options,
):
    """The exported document as text (what ``negsim export`` writes); for a handout with
    ``stem`` (the output's name without extension), a :class:`sim.report.handout.Document`
    with the chart files to write beside it.  ``options`` go to the analysis;
    ``chart_options`` (``{chart name: {option: value}}``) to the handout's charts."""
    from .. import contract
    from .common import result_text

    spec = contract.get_kind(scenario)
    if fmt in spec.exports and fmt not in (*HANDOUTS, "json"):
        contract.check_options(spec, options)
        return spec.exports[fmt](scenario, overrides)
    result = contract.analyse(scenario, overrides, **options)
    if fmt == "json":
        return result_text(result, "json")
    if fmt not in HANDOUTS:
        raise ScenarioError(
            f"a '{spec.name}' scenario cannot be exported as {fmt!r}; its formats: "
            f"{', '.join(formats_of(spec))}",
            Location("--to"),
        )
    from ..explain import explain
    from ..report.handout import make_handout

    expl = explain(result=result, **({} if thresholds else {"thresholds": False}))
    doc = make_handout(
        result,
        expl,
        fmt,
        layout=layout,
        charts=charts,
        fragment=fragment,
        stem=stem,
        chart_options=chart_options,
    )
    return doc if stem is not None else doc.text


def chart_stem(output: str) -> str | None:
    """The name the charts of a handout written to ``output`` are named after
    (``freeze.tex`` → ``freeze-matrix.png`` beside it), or ``None`` when no chart files are
    written there: the output is not a regular file (``/dev/null``, a terminal, a pipe) or a
    chart's name would pass the file system's limit."""
    import os
    import stat

    target = os.path.realpath(output)
    try:
        if not stat.S_ISREG(os.stat(target).st_mode):
            return None
    except FileNotFoundError:
        pass
    except OSError:
        return None
    stem = os.path.splitext(os.path.basename(target))[0]
    folder = os.path.dirname(target) or "."
    try:
        limit = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    longest = max((len(n) for n in _chart_names()), default=0)
    if len(os.fsencode(stem)) + 1 + longest + len(".png") > limit:
        return None
    return stem


def _chart_names() -> list[str]:
    from .. import contract

    contract.load_kinds()
    return [name for spec in contract.KINDS.values() for name in spec.charts]


def run_command(args) -> int:
    import os

    from .. import contract
    from ..report.handout import Document

    scenario = load_scenario(args.scenario)
    spec = contract.get_kind(scenario)
    fmt = format_of(args, spec)
    to_file = bool(args.output and args.output != "-")
    if to_file:
        check_output(args.output)
    stem = chart_stem(args.output) if to_file else None
    out = render(
        scenario,
        fmt,
        overrides_from(args),
        fragment=args.fragment,
        charts=not args.no_charts,
        thresholds=not args.no_thresholds,
        layout=args.layout,
        stem=stem if fmt in HANDOUTS else None,
        **analyse_options(args, args.kind_options),
    )
    if isinstance(out, Document):
        if to_file:
            folder = os.path.dirname(os.path.realpath(args.output))
            for name, data in out.files:  # the charts first: the document refers to them
                write_output(os.path.join(folder, name), data, "png chart")
            write_output(args.output, out.text, fmt)
        else:
            sys.stdout.write(out.text)
    elif to_file:
        write_output(args.output, out, fmt)
    else:
        sys.stdout.write(out)
    return 0
