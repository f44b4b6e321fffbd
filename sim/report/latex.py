"""LaTeX handouts: an :class:`~sim.explain.model.Explanation` as a fragment or a standalone
document that compiles with ``pdflatex`` using only packages from a basic TeX installation
(``inputenc``, ``geometry``, ``array``, ``longtable``).

Text is escaped (``\\ { } $ & # ^ _ % ~``), and the few non-ASCII symbols explanations use are
mapped to LaTeX commands; any other character outside Latin-1 is replaced by ``?`` so the
document always compiles.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..explain.model import Bullets, Derivation, Explanation, Paragraph, Preformatted, Table

__all__ = ["escape", "render_latex", "render_slide_latex", "table_latex"]

_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_\allowbreak{}",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "/": r"/\allowbreak{}",
    "·": r"$\cdot$",
    "−": "-",
    "≤": r"$\le$",
    "≥": r"$\ge$",
    "≈": r"$\approx$",
    "±": r"$\pm$",
    "→": r"$\to$",
    "×": r"$\times$",
    "≠": r"$\ne$",
    "–": "--",
    "—": "---",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
    "…": r"\dots{}",
    "\u00a0": "~",
    "⇔": r"$\Leftrightarrow$",
    "⇒": r"$\Rightarrow$",
    "←": r"$\leftarrow$",
    "∞": r"$\infty$",
    "∈": r"$\in$",
    "√": r"$\surd$",
    "≡": r"$\equiv$",
    "α": r"$\alpha$",
    "β": r"$\beta$",
    "γ": r"$\gamma$",
    "δ": r"$\delta$",
    "ε": r"$\varepsilon$",
    "λ": r"$\lambda$",
    "μ": r"$\mu$",
    "π": r"$\pi$",
    "σ": r"$\sigma$",
    "θ": r"$\theta$",
    "Δ": r"$\Delta$",
    "*": "*\\allowbreak{}",  # long payoff formulas may break after a product
}


def escape(text: str) -> str:
    """Text safe to put in a LaTeX document body."""
    out = []
    for k, ch in enumerate(text):
        if ch == "-" and text[k + 1 : k + 2] == "-":
            out.append("-{}")  # "--set" stays two hyphens, not an en dash
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch == "\n":
            out.append(" ")
        elif ord(ch) < 128 or (0xA0 <= ord(ch) <= 0xFF):
            out.append(ch)
        else:
            out.append("?")
    return "".join(out)


def _colspec(t: Table) -> str:
    """Short columns as ``l``/``c``; long ones as ragged ``p`` columns sharing what is left."""
    longest = [max(len(x[j]) for x in (t.header,) + t.rows) for j in range(len(t.header))]
    long_cols = [j for j, n in enumerate(longest) if n > 28]

    # widths as fractions of the line: ~0.012 per character, ~0.03 of padding per column
    def used():
        return 0.03 * len(longest) + sum(
            0.012 * n for j, n in enumerate(longest) if j not in long_cols
        )

    def natural():
        return used() + sum(0.012 * longest[j] for j in long_cols)

    while natural() > 0.95:  # too wide: let the widest remaining column wrap as well
        rest = [j for j in range(len(longest)) if j not in long_cols and longest[j] > 10]
        if not rest:
            break
        long_cols.append(max(rest, key=longest.__getitem__))
    share = max(0.08, (0.95 - used()) / len(long_cols)) if long_cols else 0
    cols = []
    for j in range(len(t.header)):
        if j in long_cols:
            cols.append(f">{{\\raggedright\\arraybackslash}}p{{{share:.2f}\\linewidth}}")
        else:
            cols.append("l" if j == 0 else "c")
    return "|" + "|".join(cols) + "|"


def table_latex(t: Table) -> str:
    """A ``longtable`` (breaks across pages; needs ``\\usepackage{array,longtable}``)."""

    def cell(r, j, c):
        c = escape(c)
        return f"\\textbf{{{c}}}" if (r, j) in t.highlight and c else c

    lines = []
    if t.caption:
        lines.append(f"\\par\\smallskip\\noindent\\textit{{{escape(t.caption)}}}")
    lines.append(f"\\begin{{longtable}}{{{_colspec(t)}}}")
    lines.append(r"\hline")
    lines.append(" & ".join(f"\\textbf{{{escape(h)}}}" for h in t.header) + r" \\")
    lines.append(r"\hline")
    lines.append(r"\endhead")
    for r, row in enumerate(t.rows):
        lines.append(" & ".join(cell(r, j, c) for j, c in enumerate(row)) + r" \\")
    lines.append(r"\hline")
    lines.append(r"\end{longtable}")
    return "\n".join(lines)


def _verbatim_lines(lines) -> str:
    body = " \\\\\n".join(f"\\texttt{{{escape(line)}}}" if line.strip() else "~" for line in lines)
    return "\\begin{quote}\\raggedright\n" + body + "\n\\end{quote}"


PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[utf8]{inputenc}
\usepackage[margin=2.2cm]{geometry}
\usepackage{array}
\usepackage{longtable}
\usepackage{graphicx}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.6em}
"""


def figure_latex(caption: str, filename: str, height: str = "0.42\\textheight") -> str:
    """A chart: ``\\includegraphics`` of ``filename`` (beside the ``.tex``) with its caption.
    Inside a document without ``graphicx`` (an ``\\input`` fragment) the file is named
    instead, so the document still compiles."""
    name = filename.replace("\\", "/")
    graphic = f"\\includegraphics[width=\\linewidth,height={height},keepaspectratio]{{{name}}}"
    return (
        "\\begin{center}\n"
        f"\\ifdefined\\includegraphics {graphic}\\else \\texttt{{{escape(filename)}}}\\fi\\\\\n"
        f"\\textit{{{escape(caption)}}}\n"
        "\\end{center}"
    )


def render_latex(
    expl: Explanation,
    *,
    standalone: bool = True,
    images: Sequence[tuple[str, str]] = (),
    images_after: str = "",
) -> str:
    """The explanation as LaTeX: a complete document, or (``standalone=False``) a fragment of
    ``\\section``s to ``\\input`` into a course handout (needs the ``array`` and
    ``longtable`` packages, and ``graphicx`` for the charts).  ``images`` are ``(caption, file
    name)`` pairs of charts written beside the ``.tex``, placed after the section whose key is
    ``images_after`` (or at the end)."""
    body = []
    if not standalone:
        body.append(f"\\section*{{{escape(expl.title)}}}")
        if expl.subtitle:
            body.append(f"\\textit{{{escape(expl.subtitle)}}}")
    placed = False
    for sec in expl.sections:
        body.append(f"\\section{{{escape(sec.title)}}}")
        for b in sec.blocks:
            if isinstance(b, Paragraph):
                body.append(escape(b.text) + "\n")
            elif isinstance(b, Bullets):
                body.append("\\begin{itemize}")
                body.extend(f"  \\item {escape(item)}" for item in b.items)
                body.append("\\end{itemize}")
            elif isinstance(b, Table):
                body.append(table_latex(b))
            elif isinstance(b, Derivation):
                if b.caption:
                    body.append(f"\\textit{{{escape(b.caption)}}}:")
                body.append(_verbatim_lines(b.lines))
            elif isinstance(b, Preformatted):
                body.append(_verbatim_lines(b.text.splitlines()))
        if images and sec.key == images_after:
            body.extend(figure_latex(c, f) for c, f in images)
            placed = True
    if images and not placed:
        body.extend(figure_latex(c, f) for c, f in images)
    text = "\n".join(body) + "\n"
    if not standalone:
        return text
    head = PREAMBLE
    head += f"\\title{{{escape(expl.title)}}}\n"
    head += f"\\author{{}}\n\\date{{{escape(expl.subtitle)}}}\n"
    return head + "\\begin{document}\n\\maketitle\n" + text + "\\end{document}\n"


SLIDE_PREAMBLE = r"""\documentclass[12pt]{article}
\usepackage[utf8]{inputenc}
\usepackage[landscape,margin=1.4cm]{geometry}
\usepackage{graphicx}
\pagestyle{empty}
\setlength{\parindent}{0pt}
"""


def render_slide_latex(slide: Any, image: tuple[str, str] | None = None) -> str:
    """A one-page landscape slide: the title, the headline, one chart (``(caption, file
    name)``) and three lines.  It compiles with ``pdflatex`` on a basic TeX installation."""
    parts = [
        SLIDE_PREAMBLE,
        "\\begin{document}",
        f"{{\\Large\\bfseries {escape(slide.title)}}}\\par\\smallskip",
    ]
    if slide.parameters:
        parts.append(f"{{\\small\\itshape {escape(slide.parameters)}}}\\par")
    parts.append(f"{{\\large {escape(slide.headline)}}}\\par\\medskip")
    if image is not None:
        parts.append(figure_latex(image[0], image[1], height="0.5\\textheight"))
    parts.append("\\begin{itemize}")
    parts.extend(f"  \\item {escape(line)}" for line in slide.lines)
    parts.append("\\end{itemize}")
    if slide.source:
        parts.append(f"\\vfill{{\\footnotesize Source: {escape(slide.source)}}}")
    parts.append("\\end{document}")
    return "\n".join(parts) + "\n"
