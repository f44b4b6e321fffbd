"""An explanation as data: sections of paragraphs, lists, tables and derivations.

Every output format (plain text, Markdown, LaTeX, HTML) renders the same :class:`Explanation`,
so a student sees the same numbers whichever handout they read.  Numbers inside the blocks are
already formatted (exact fractions where the arithmetic is exact, via
:func:`sim.numbers.fmt`); renderers only lay them out.

Text uses a few Unicode symbols (``·`` ``≤`` ``≥`` ``→`` ``×`` ``≠``); each renderer maps
them to its own notation where needed (LaTeX).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Block",
    "Bullets",
    "Derivation",
    "Explanation",
    "Paragraph",
    "Preformatted",
    "Section",
    "Sections",
    "Table",
]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain prose."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """An unordered list of short items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of already-formatted cells.

    ``header`` names the columns (the first column is usually a row label); ``rows`` hold
    strings.  ``highlight`` lists ``(row, column)`` cells to emphasise (equilibrium cells of a
    payoff table, best replies); ``caption`` says what the table shows.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    highlight: frozenset[tuple[int, int]] = frozenset()

    def __post_init__(self):
        width = len(self.header)
        for r in self.rows:
            if len(r) != width:
                raise ValueError(f"table row {r!r} has {len(r)} cells; header has {width}")


@dataclass(frozen=True)
class Derivation:
    """Lines of algebra solved step by step (one equation or statement per line)."""

    lines: tuple[str, ...]
    caption: str = ""


@dataclass(frozen=True)
class Preformatted:
    """Text whose line breaks and spacing matter (a report delegated to another module)."""

    text: str


Block = Paragraph | Bullets | Table | Derivation | Preformatted


@dataclass(frozen=True)
class Section:
    """One titled part of an explanation; ``key`` is a stable id (``"dominance"``)."""

    key: str
    title: str
    blocks: tuple[Block, ...]


class Sections(tuple):
    """A kind's teaching sections (a tuple of :class:`Section`) with optional ``facts``: the
    machine-readable summary the kind wants in :attr:`Explanation.facts`."""

    facts: dict

    def __new__(cls, sections=(), facts=None):
        obj = super().__new__(cls, sections)
        obj.facts = dict(facts or {})
        return obj


@dataclass(frozen=True)
class Explanation:
    """A whole explanation: a title, a one-line subtitle, and its sections in reading order.

    ``facts`` is a small machine-readable summary (equilibria as labelled exact strings,
    thresholds) for tests and JSON; it never holds anything a renderer needs.
    """

    title: str
    sections: tuple[Section, ...]
    subtitle: str = ""
    facts: dict = field(default_factory=dict, compare=False)

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(
            f"no section {key!r}; sections are {', '.join(s.key for s in self.sections)}"
        )

    def has_section(self, key: str) -> bool:
        return any(s.key == key for s in self.sections)

    def __repr__(self) -> str:
        keys = ", ".join(s.key for s in self.sections)
        return f"<Explanation {self.title!r}: {len(self.sections)} sections ({keys})>"

    def _repr_html_(self) -> str:
        from ..report.html import render_body

        return '<div class="negsim-explanation">' + render_body(self) + "</div>"
