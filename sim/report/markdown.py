"""Markdown handouts: an :class:`~sim.explain.model.Explanation` as GitHub-flavoured Markdown.

Payoff tables are pipe tables (highlighted cells in bold), derivations are fenced text blocks,
and the scenario's sources close the document (they are a section of the explanation).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..explain.model import Bullets, Derivation, Explanation, Paragraph, Preformatted, Table

__all__ = ["escape", "render_markdown", "render_slide_markdown", "table_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def escape(text: str) -> str:
    """Escape the characters Markdown would read as markup (``*``, ``_``, ``|``, ...)."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def table_markdown(t: Table) -> str:
    def cell(r, j, c):
        c = escape(c)
        return f"**{c}**" if (r, j) in t.highlight and c else c

    out = []
    if t.caption:
        out.append(f"*{escape(t.caption)}*")
        out.append("")
    out.append("| " + " | ".join(escape(h) for h in t.header) + " |")
    short = [all(len(row[j]) <= 14 for row in t.rows) for j in range(len(t.header))]
    out.append(
        "|" + "|".join(":---:" if j and short[j] else ":---" for j in range(len(t.header))) + "|"
    )
    for r, row in enumerate(t.rows):
        out.append("| " + " | ".join(cell(r, j, c) for j, c in enumerate(row)) + " |")
    return "\n".join(out)


def _fence(text: str) -> str:
    ticks = "```"
    while ticks in text:
        ticks += "`"
    return f"{ticks}text\n{text}\n{ticks}"


def _image(caption: str, filename: str) -> str:
    return f"![{escape(caption)}]({filename.replace(' ', '%20')})\n\n*{escape(caption)}*"


def render_markdown(
    expl: Explanation,
    *,
    level: int = 1,
    images: Sequence[tuple[str, str]] = (),
    images_after: str = "",
) -> str:
    """The whole explanation as Markdown (``level`` is the title's heading level).  ``images``
    are ``(caption, file name)`` pairs of charts written beside the document, placed after the
    section whose key is ``images_after`` (or at the end)."""
    h = "#" * level
    out = [f"{h} {escape(expl.title)}", ""]
    if expl.subtitle:
        out += [f"*{escape(expl.subtitle)}*", ""]
    placed = False
    for k, sec in enumerate(expl.sections, 1):
        out += [f"{h}# {k}. {escape(sec.title)}", ""]
        for b in sec.blocks:
            if isinstance(b, Paragraph):
                out.append(escape(b.text))
            elif isinstance(b, Bullets):
                out.extend(f"- {escape(item)}" for item in b.items)
            elif isinstance(b, Table):
                out.append(table_markdown(b))
            elif isinstance(b, Derivation):
                if b.caption:
                    out += [f"*{escape(b.caption)}*", ""]
                out.append(_fence("\n".join(b.lines)))
            elif isinstance(b, Preformatted):
                out.append(_fence(b.text))
            out.append("")
        if images and sec.key == images_after:
            for caption, filename in images:
                out += [_image(caption, filename), ""]
            placed = True
    if images and not placed:
        for caption, filename in images:
            out += [_image(caption, filename), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def render_slide_markdown(slide: Any, image: tuple[str, str] | None = None) -> str:
    """A one-page slide: the title, the headline, one chart (``(caption, file name)``), three
    lines."""
    out = [f"# {escape(slide.title)}", ""]
    if slide.parameters:
        out += [f"*{escape(slide.parameters)}*", ""]
    out += [f"**{escape(slide.headline)}**", ""]
    if image is not None:
        out += [_image(*image), ""]
    out.extend(f"- {escape(line)}" for line in slide.lines)
    if slide.source:
        out += ["", f"<sub>Source: {escape(slide.source)}</sub>"]
    return "\n".join(out).rstrip("\n") + "\n"
