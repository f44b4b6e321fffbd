"""Plain-text layout shared by every report: width, wrapping, headings, the title block.

Every kind's ``negsim run`` text opens with :func:`title_block` and closes with
:func:`sources_block`; both are added by the kind contract (:mod:`sim.contract`), so a kind's
``to_text`` writes only its own body.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from .numbers import fmt

__all__ = ["WIDTH", "heading", "sources_block", "title_block", "wrap", "wrap_line", "wrap_lines"]

WIDTH = 88


def wrap(text: str, indent: str = "", width: int = WIDTH, hang: str | None = None) -> str:
    """Reflow ``text`` (whitespace collapsed) to ``width``; ``hang`` indents later lines."""
    return textwrap.fill(
        " ".join(text.split()),
        width,
        initial_indent=indent,
        subsequent_indent=indent if hang is None else hang,
        break_long_words=False,
        break_on_hyphens=False,
    )


def wrap_line(line: str, width: int = WIDTH) -> str:
    """Wrap one long prose line, keeping its indent; table rows (starting with ``[`` or ``|``)
    stay whole."""
    if len(line) <= width or line.lstrip().startswith(("[", "|")):
        return line
    indent = line[: len(line) - len(line.lstrip())]
    return textwrap.fill(
        line.strip(),
        width=width,
        initial_indent=indent,
        subsequent_indent=indent + "  " if indent else "",
        break_long_words=False,
        break_on_hyphens=False,
    )


#: a point ``(13/3, 1)`` or a short formula in parentheses ``(1 − δ1·δ2)``: never broken
_GROUP = re.compile(r"\([^()\n]{1,24}\)")


def wrap_lines(lines: Sequence[str], width: int = WIDTH) -> str:
    """:func:`wrap_line` on each line, never breaking inside a point such as ``(13/3, 1)`` or a
    short parenthesised formula."""
    out = []
    for line in lines:
        held = _GROUP.sub(lambda m: m.group(0).replace(" ", "\u00a0"), line)
        out.append(wrap_line(held, width).replace("\u00a0", " "))
    return "\n".join(out)


def heading(text: str, underline: str = "-") -> str:
    return f"{text}\n{underline * len(text)}"


KIND_NAMES = {
    "normal-form": "a game in normal form (simultaneous choices)",
    "sequential": "a game tree (moves in turn)",
    "repeated": "a repeated game",
    "bargaining": "a bargaining problem",
    "conflict": "a graph-model conflict",
}


def title_block(
    meta: Any, parameters: Mapping[str, Any] | None = None, declared: Sequence[Any] = ()
) -> str:
    """The block every text report opens with.

    ``meta`` is a scenario's :class:`~sim.scenario.common.Meta`; ``parameters`` the values used
    (after ``--set``); ``declared`` the scenario's :class:`~sim.scenario.common.Parameter`
    objects, for their defaults and ``about`` text.
    """
    kind = KIND_NAMES.get(meta.kind, f"a '{meta.kind}' scenario")
    lines = [meta.title, "=" * len(meta.title)]
    where = f" ({meta.file})" if meta.file and not meta.file.startswith("<") else ""
    lines.append(f"Kind: {kind}{where}")
    if meta.summary:
        lines.append("")
        lines.append(wrap(meta.summary))
    if meta.claims:
        lines.append(f"Claims of the source tested here: {', '.join(meta.claims)}")
    if parameters:
        by_name = {p.name: p for p in declared}
        lines.append("")
        lines.append(heading("Parameters (modelling assumptions)"))
        for name, value in parameters.items():
            p = by_name.get(name)
            changed = ""
            if p is not None and value != p.value:
                changed = f"  (default {fmt(p.value)})"
            about = f" — {p.about}" if p is not None and p.about else ""
            lines.append(wrap(f"{name} = {fmt(value)}{changed}{about}", hang="    "))
    return "\n".join(lines)


def sources_block(meta: Any) -> str:
    """``Sources`` as a list, or ``""`` when the scenario names none."""
    if not meta.sources:
        return ""
    items = [wrap(s, indent="- ", hang="  ") for s in meta.sources]
    return heading("Sources") + "\n" + "\n".join(items)


def closing_blocks(meta: Any, notes: Sequence[str] = ()) -> list[str]:
    """What every report ends with: the ``Notes`` (when there are any), then the ``Sources``."""
    parts = []
    if notes:
        parts.append(
            heading("Notes") + "\n" + "\n".join(wrap(n, indent="- ", hang="  ") for n in notes)
        )
    src = sources_block(meta)
    if src:
        parts.append(src)
    return parts
