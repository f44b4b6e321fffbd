"""Plain-text rendering of an :class:`~sim.explain.model.Explanation` (for the terminal)."""

from __future__ import annotations

import textwrap

from ..textlayout import WIDTH
from .model import Bullets, Derivation, Explanation, Paragraph, Preformatted, Table

__all__ = ["WIDTH", "render_section", "render_text", "table_text"]


def _fill(text: str, indent: str = "", first: str | None = None) -> str:
    return textwrap.fill(
        " ".join(text.split()),
        WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_on_hyphens=False,
    )


def table_text(t: Table, mark: str = "*", width: int = WIDTH) -> str:
    """A monospace table; highlighted cells get ``mark`` appended; long cells wrap."""
    rows = [
        [c + (mark if (r, j) in t.highlight else "") for j, c in enumerate(row)]
        for r, row in enumerate(t.rows)
    ]
    head = list(t.header)
    widths = [max(len(x[j]) for x in [head] + rows) for j in range(len(head))]
    budget = width - 3 * (len(widths) - 1)
    while sum(widths) > budget:
        j = max(range(len(widths)), key=widths.__getitem__)
        if widths[j] <= 16:
            break
        widths[j] = max(16, widths[j] - (sum(widths) - budget))
    sep = "-+-".join("-" * w for w in widths)

    def lines(cells):
        wrapped = [
            textwrap.wrap(c, w, break_on_hyphens=False) or [""] for c, w in zip(cells, widths)
        ]
        height = max(len(x) for x in wrapped)
        out = []
        for k in range(height):
            out.append(
                " | ".join(
                    (col[k] if k < len(col) else "").ljust(w) for col, w in zip(wrapped, widths)
                ).rstrip()
            )
        return out

    out = []
    if t.caption:
        out.append(t.caption + ":")
    out.extend(lines(head))
    out.append(sep)
    body = [lines(r) for r in rows]
    tall = any(len(b) > 1 for b in body)
    for k, b in enumerate(body):
        if tall and k:
            out.append(sep)
        out.extend(b)
    if t.highlight:
        out.append(f"({mark} = highlighted)")
    return "\n".join(out)


def render_section(sec, number: int | None = None) -> str:
    """One section: an underlined heading and its blocks."""
    head = f"{number}. {sec.title}" if number is not None else sec.title
    out = [head, "-" * len(head)]
    for b in sec.blocks:
        if isinstance(b, Paragraph):
            out.append(_fill(b.text))
        elif isinstance(b, Bullets):
            out.extend(_fill(item, "  ", "- ") for item in b.items)
        elif isinstance(b, Table):
            out.append(table_text(b))
        elif isinstance(b, Derivation):
            if b.caption:
                out.append(b.caption + ":")
            out.extend(_fill(line, "      ", "    ") for line in b.lines)
        elif isinstance(b, Preformatted):
            out.append(b.text)
        out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def render_text(expl: Explanation) -> str:
    """The explanation as wrapped plain text with underlined section headings."""
    out = [expl.title, "=" * len(expl.title)]
    if expl.subtitle:
        out.append(expl.subtitle)
    for k, sec in enumerate(expl.sections, 1):
        out += ["", render_section(sec, k)]
    return "\n".join(out) + "\n"
