"""Handouts of any kind: the explanation, its charts, a summary first, the glossary, and a
one-page slide.

:func:`make_handout` turns an analysed result and its explanation into a :class:`Document`: the
text of a Markdown, LaTeX or HTML handout and the files to write beside it.  HTML pages embed
their charts (``data:`` URIs, one file); LaTeX and Markdown refer to PNG files named after the
document (``freeze.tex`` → ``freeze-matrix.png``), which the caller writes next to it
(:func:`write_document`, atomically through :mod:`sim.fileio`).  Without a file name (standard
output) LaTeX and Markdown handouts leave the charts out.

Every handout opens with *In brief* (what the analysis finds, outcome classes counted when there
are many) and, when the kind's full report is long (a graph model's state list), closes with
that report after the explanation.  ``layout="slide"`` gives one page: the headline, one chart
and three lines of explanation.  Nothing here asks which kind it holds.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..explain.model import Bullets, Explanation, Paragraph, Preformatted, Section

__all__ = [
    "LAYOUTS",
    "Document",
    "Slide",
    "brief_section",
    "chart_images",
    "html_page",
    "make_handout",
    "make_slide",
    "write_document",
]

LAYOUTS = ("full", "slide")
#: a kind's report longer than this many lines is put after the explanation, whole
LONG_REPORT = 60
#: at most this many outcomes are listed one by one; more are counted by class
MAX_LISTED = 8


@dataclass(frozen=True)
class Document:
    """A handout: its ``text`` and the ``files`` (``(file name, bytes)``) it refers to, to be
    written in the same folder."""

    text: str
    files: tuple[tuple[str, bytes], ...] = ()


@dataclass(frozen=True)
class Slide:
    """One page: the ``headline`` result, one chart (``image``: caption and PNG bytes) and three
    ``lines`` of explanation."""

    title: str
    headline: str
    lines: tuple[str, ...]
    image: tuple[str, bytes] | None
    source: str = ""
    parameters: str = ""


def chart_images(
    result: Any,
    *,
    dpi: int = 110,
    limit: int | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[tuple[str, str, bytes]]:
    """``(chart name, caption, PNG bytes)`` of the kind's handout charts (default: its default
    chart).  A chart that does not apply to this scenario (it raises a
    :class:`~sim.scenario.errors.ScenarioError`, such as a best-response diagram of a game that
    is not 2x2) is left out; a chart over parameters (``needs``) draws over its own default
    range, or is left out the same way.  ``options`` are chart options by chart name (a
    conflict chart's ``concept``); the other charts draw with their defaults."""
    from .. import contract
    from ..scenario.errors import ScenarioError

    options = options or {}

    spec = contract.get_kind(result)
    names = spec.handout_charts
    if names is None:
        names = (spec.default_chart,) if spec.default_chart else ()
    images = []
    for name in names:
        chart = spec.charts.get(name)
        if chart is None:
            continue
        try:
            fig = contract.draw(result, name, **dict(options.get(name, {})))
        except ScenarioError:
            continue
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
        images.append((name, chart.about[:1].upper() + chart.about[1:], buf.getvalue()))
        if limit is not None and len(images) >= limit:
            break
    return images


# -- what the analysis finds, in brief --------------------------------------------------------


def _natural(text: str) -> list[Any]:
    """A sort key that puts "state 2" before "state 10"."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]


def _classes(outcomes: Sequence[str]) -> dict[str, list[str]]:
    """The outcomes grouped by class (the text before the first colon, such as a stability
    concept, when every outcome has one), each naturally sorted; one unnamed class else."""
    heads = [label.partition(": ") for label in outcomes]
    if not all(sep and 0 < len(head) <= 24 for head, sep, _ in heads):
        return {"": sorted(outcomes, key=_natural)}
    classes: dict[str, list[str]] = {}
    for head, _, rest in heads:
        classes.setdefault(head, []).append(rest)
    return {k: sorted(v, key=_natural) for k, v in classes.items()}


def _outcome_lines(outcomes: Sequence[str]) -> list[str]:
    """The outcomes one per line, or, when there are many, counted by class with the first
    few of each."""
    if len(outcomes) <= MAX_LISTED:
        return list(outcomes)
    lines = []
    for key, items in _classes(outcomes).items():
        shown = "; ".join(items[:3]) + ("; …" if len(items) > 3 else "")
        what = f"{len(items)} outcome{'s' if len(items) != 1 else ''}"
        lines.append(f"{key}: {what}, e.g. {shown}" if key else f"{what}, e.g. {shown}")
    return lines


def headline(result: Any) -> str:
    """One sentence: what the analysis finds."""
    from .. import contract

    outs = contract.outcomes(result)
    if not outs:
        return "The analysis finds no outcome to report (the report says why)."
    if len(outs) == 1:
        return f"The analysis finds one outcome: {outs[0]}."
    listed = "; ".join(sorted(outs, key=_natural))
    if len(outs) <= 3 or (len(outs) <= MAX_LISTED and len(listed) <= 300):
        return f"The analysis finds {len(outs)} outcomes: {listed}."
    classes = _classes(outs)
    if len(classes) > 1:
        counted = "; ".join(f"{k}: {len(v)}" for k, v in classes.items())
        return f"The analysis finds outcomes in {len(classes)} classes ({counted})."
    return f"The analysis finds {len(outs)} outcomes."


def _report_body(result: Any) -> str:
    from .. import contract

    return contract.get_kind(result).to_text(result).strip("\n")


def _has_report(expl: Explanation) -> bool:
    return any(isinstance(b, Preformatted) for s in expl.sections for b in s.blocks)


def brief_section(result: Any, expl: Explanation, *, report_after: bool = False) -> Section:
    """*In brief*: the headline, the outcomes (counted by class when there are many) and where
    the full report is."""
    from .. import contract

    outs = contract.outcomes(result)
    blocks: list[Any] = [Paragraph(headline(result))]
    if len(outs) > MAX_LISTED:
        blocks.append(Bullets(tuple(_outcome_lines(outs))))
    if report_after:
        blocks.append(
            Paragraph(
                "The explanation follows; the full report, with every case listed, closes "
                "the handout."
            )
        )
    return Section("brief", "In brief", tuple(blocks))


def _with_brief(result: Any, expl: Explanation) -> Explanation:
    """The explanation with *In brief* first and, for a long report the explanation does not
    already hold, that report after the explanation (before the glossary and sources)."""
    body = _report_body(result)
    long_report = len(body.splitlines()) > LONG_REPORT and not _has_report(expl)
    sections = [brief_section(result, expl, report_after=long_report)]
    sections.extend(s for s in expl.sections if s.key != "brief")
    if long_report:
        at = next(
            (k for k, s in enumerate(sections) if s.key in ("glossary", "sources")),
            len(sections),
        )
        sections.insert(at, Section("report", "The full report", (Preformatted(body),)))
    out = Explanation(expl.title, tuple(sections), expl.subtitle, expl.facts)
    if long_report and expl.has_section("glossary"):  # the report's words count too
        from ..explain.glossary import glossary_section

        glossary = glossary_section(out, body)
        if glossary is not None:
            out = Explanation(
                out.title,
                tuple(glossary if s.key == "glossary" else s for s in out.sections),
                out.subtitle,
                out.facts,
            )
    return out


# -- the slide -------------------------------------------------------------------------------


def _first_sentence(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    m = re.search(r"(?<=[.!?])\s+(?=[A-Z(])", text)
    sentence = text[: m.start()] if m else text
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
    return sentence


def _sentences(expl: Explanation, keys: Sequence[str]) -> list[str]:
    """The first sentence of each paragraph and bullet of the sections ``keys``, in order."""
    out = []
    for key in keys:
        if not expl.has_section(key):
            continue
        for b in expl.section(key).blocks:
            texts = [b.text] if isinstance(b, Paragraph) else list(getattr(b, "items", ()))
            out.extend(_first_sentence(t) for t in texts if t.strip())
    return out


def make_slide(result: Any, expl: Explanation, *, image: tuple[str, bytes] | None) -> Slide:
    """The one-page summary: the headline, one chart, three lines (the question, then what
    the result means, from the explanation's own words)."""
    from .. import contract

    meta = result.meta
    top = headline(result)
    lines = [_first_sentence(meta.summary)] if meta.summary else []
    kind_keys = [
        s.key for s in expl.sections if s.key not in ("scenario", "brief", "glossary", "sources")
    ]
    outs = contract.outcomes(result)
    if len(outs) > MAX_LISTED and len(_classes(outs)) == 1:
        lines.append("Among them: " + "; ".join(_classes(outs)[""][:3]) + "; …")
    for sentence in _sentences(expl, ["verdict", "meaning", *kind_keys]):
        if len(lines) >= 3:
            break
        if sentence not in lines and sentence.rstrip(".") not in top:
            lines.append(sentence)
    source = _first_sentence(meta.sources[0], 160) if meta.sources else ""
    declared = {p.name: p for p in getattr(getattr(result, "scenario", None), "parameters", ())}
    changed = [
        f"{k} = {v}"
        for k, v in result.parameters.items()
        if k in declared and v != declared[k].value
    ]
    return Slide(
        title=meta.title,
        headline=top,
        lines=tuple(lines[:3]),
        image=image,
        source=source,
        parameters=("with " + ", ".join(changed)) if changed else "",
    )


# -- the documents ---------------------------------------------------------------------------


def _charts_after(expl: Explanation) -> str:
    """The key of the section the charts follow: the first one past the scenario and the
    summary (the kind's first step)."""
    return next(
        (s.key for s in expl.sections if s.key not in ("scenario", "brief")),
        expl.sections[-1].key if expl.sections else "",
    )


def html_page(
    result: Any,
    expl: Explanation,
    *,
    images: Sequence[tuple[str, str, bytes]] | None = None,
    dpi: int = 110,
    chart_options: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """``expl`` as one standalone HTML page with the kind's handout charts of ``result``
    embedded (``data:`` URIs) after the kind's first section: what ``negsim explain --format
    html`` writes, and the body of an HTML handout.  ``images`` (as :func:`chart_images`
    returns them) are used as given, ``[]`` for none; else they are drawn here."""
    from .html import render_html

    if images is None:
        images = chart_images(result, dpi=dpi, options=chart_options)
    return render_html(
        expl, images=[(c, png) for _, c, png in images], images_after=_charts_after(expl)
    )


def make_handout(
    result: Any,
    expl: Explanation,
    fmt: str,
    *,
    layout: str = "full",
    charts: bool = True,
    fragment: bool = False,
    stem: str | None = None,
    dpi: int = 110,
    chart_options: Mapping[str, Mapping[str, Any]] | None = None,
    images: Sequence[tuple[str, str, bytes]] | None = None,
) -> Document:
    """The handout of ``result`` (explained by ``expl``) in ``fmt`` (``markdown``, ``latex``,
    ``html``).  ``stem`` is the output file's name without its extension: LaTeX and Markdown
    charts are written as ``{stem}-{chart}.png`` beside it (no stem: no chart files, so no
    charts).  ``layout="slide"``: one page (:func:`make_slide`).  ``chart_options``: options
    of the charts by name (see :func:`chart_images`).  ``images``: the charts already drawn
    (as :func:`chart_images` returns them: several formats of one result draw them once);
    else they are drawn here."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    files_ok = fmt == "html" or stem is not None
    limit = 1 if layout == "slide" else None
    if not (charts and files_ok):
        images = []
    elif images is None:
        images = chart_images(result, dpi=dpi, limit=limit, options=chart_options)
    images = list(images)[:limit]
    if layout == "slide":
        slide = make_slide(result, expl, image=(images[0][1], images[0][2]) if images else None)
        return _render_slide(slide, fmt, stem, images[:1])
    expl = _with_brief(result, expl)
    first = _charts_after(expl)
    if fmt == "html":
        return Document(html_page(result, expl, images=images))
    files = tuple((f"{stem}-{name}.png", png) for name, _, png in images)
    refs = [(caption, fname) for (_, caption, _), (fname, _) in zip(images, files)]
    if fmt == "latex":
        from .latex import render_latex

        text = render_latex(expl, standalone=not fragment, images=refs, images_after=first)
        return Document(text, files)
    if fmt == "markdown":
        from .markdown import render_markdown

        return Document(render_markdown(expl, images=refs, images_after=first), files)
    raise ValueError(f"format {fmt!r}: use markdown, latex or html")


def _render_slide(slide: Slide, fmt: str, stem: str | None, images) -> Document:
    if fmt == "html":
        from .html import render_slide_html

        return Document(render_slide_html(slide))
    files = tuple((f"{stem}-{name}.png", png) for name, _, png in images)
    ref = (images[0][1], files[0][0]) if files else None
    if fmt == "latex":
        from .latex import render_slide_latex

        return Document(render_slide_latex(slide, ref), files)
    if fmt == "markdown":
        from .markdown import render_slide_markdown

        return Document(render_slide_markdown(slide, ref), files)
    raise ValueError(f"format {fmt!r}: use markdown, latex or html")


def write_document(doc: Document, path: str | Path, write: Any = None) -> list[Path]:
    """Write the document's files beside ``path`` and then the document itself, each
    atomically (``write(path, bytes)``, default :func:`sim.fileio.write_output`); returns the
    paths written, the document last."""
    from ..fileio import write_output

    put = write or write_output
    folder = Path(path).parent
    written = []
    for name, data in doc.files:
        put(folder / name, data)
        written.append(folder / name)
    put(Path(path), doc.text.encode("utf-8"))
    written.append(Path(path))
    return written
