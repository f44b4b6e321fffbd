"""LaTeX handouts: an :class:`~sim.explain.model.Explanation` as a fragment or a standalone
document that compiles with ``pdflatex`` using only packages from a basic TeX installation
(``inputenc``, ``geometry``, ``array``).

Text is escaped (``\\ { } $ & # ^ _ % ~``), and the few non-ASCII symbols explanations use are
mapped to LaTeX commands; any other character outside Latin-1 is replaced by ``?`` so the
document always compiles.
"""

from __future__ import annotations

from ..explain.model import Bullets, Derivation, Explanation, Paragraph, Preformatted, Table

__all__ = ["escape", "render_latex", "table_latex"]

_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
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
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch == "\n":
            out.append(" ")
        elif ord(ch) < 128 or (0xA0 <= ord(ch) <= 0xFF):
            out.append(ch)
        else:
            out.append("?")
    return "".join(out)


def _colspec(t: Table) -> str:
    cols = []
    for j in range(len(t.header)):
        longest = max(len(x[j]) for x in (t.header,) + t.rows)
        if longest > 28:
            width = 0.9 / len(t.header) if len(t.header) > 2 else 0.45
            cols.append(f">{{\\raggedright\\arraybackslash}}p{{{max(width, 0.14):.2f}\\linewidth}}")
        else:
            cols.append("l" if j == 0 else "c")
    return "|" + "|".join(cols) + "|"


def table_latex(t: Table) -> str:
    """A centred ``tabular`` (not a float, so any number of tables compiles) (needs ``\\usepackage{array}``)."""

    def cell(r, j, c):
        c = escape(c)
        return f"\\textbf{{{c}}}" if (r, j) in t.highlight and c else c

    lines = [r"\begin{center}"]
    if t.caption:
        lines.append(f"\\textit{{{escape(t.caption)}}}\\par\\smallskip")
    lines.append(f"\\begin{{tabular}}{{{_colspec(t)}}}")
    lines.append(r"\hline")
    lines.append(" & ".join(f"\\textbf{{{escape(h)}}}" for h in t.header) + r" \\")
    lines.append(r"\hline")
    for r, row in enumerate(t.rows):
        lines.append(" & ".join(cell(r, j, c) for j, c in enumerate(row)) + r" \\")
    lines.append(r"\hline")
    lines.append(r"\end{tabular}")
    lines.append(r"\end{center}")
    return "\n".join(lines)


def _verbatim_lines(lines) -> str:
    body = " \\\\\n".join(f"\\texttt{{{escape(line)}}}" if line.strip() else "~"
                          for line in lines)
    return "\\begin{quote}\\raggedright\n" + body + "\n\\end{quote}"


PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[utf8]{inputenc}
\usepackage[margin=2.2cm]{geometry}
\usepackage{array}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.6em}
"""


def render_latex(expl: Explanation, *, standalone: bool = True) -> str:
    """The explanation as LaTeX: a complete document, or (``standalone=False``) a fragment of
    ``\\section``s to ``\\input`` into a course handout (needs the ``array`` package)."""
    body = []
    if not standalone:
        body.append(f"\\section*{{{escape(expl.title)}}}")
        if expl.subtitle:
            body.append(f"\\textit{{{escape(expl.subtitle)}}}")
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
    text = "\n".join(body) + "\n"
    if not standalone:
        return text
    head = PREAMBLE
    head += f"\\title{{{escape(expl.title)}}}\n"
    head += f"\\author{{}}\n\\date{{{escape(expl.subtitle)}}}\n"
    return head + "\\begin{document}\n\\maketitle\n" + text + "\\end{document}\n"
