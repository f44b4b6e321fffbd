"""Payoff tables as data, rendered by every output format (text, Markdown, LaTeX, HTML).

A 2-player game is one bimatrix: rows are player 1's strategies, columns player 2's, each cell
"u1, u2".  An N-player game is one such table per strategy profile of players 3..N (for three
players: one table per strategy of the last player), titled by those players' choices.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..game import Game
from ..numbers import fmt as fmt_number

__all__ = ["PayoffTable", "payoff_tables", "render_text_table"]


@dataclass(frozen=True)
class PayoffTable:
    title: str  # e.g. "China plays enforce" ("" for 2 players)
    row_player: str
    col_player: str
    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]  # cells[r][c] = "u1, u2, ..." in player order
    profiles: tuple[tuple[tuple[int, ...], ...], ...]  # cells' full profiles (indices)


def payoff_tables(game: Game, labels: str = "ids") -> list[PayoffTable]:
    """One :class:`PayoffTable` per strategy profile of players 3..N (one table for 2 players).

    ``labels="ids"`` uses strategy ids (``suspend``), ``"names"`` the descriptions.
    A one-player game is shown as a single column.
    """
    src = game.exact if game.exact is not None else game.payoffs
    names = game.strategies if labels == "ids" else game.strategy_names
    n = game.n_players
    if n == 1:
        cells = tuple((fmt_number(src[k, 0]),) for k in range(game.shape[0]))
        return [
            PayoffTable(
                "",
                game.players[0],
                "",
                names[0],
                ("payoff",),
                cells,
                tuple(((k,),) for k in range(game.shape[0])),
            )
        ]
    tables = []
    rest = [range(k) for k in game.shape[2:]]
    for tail in itertools.product(*rest):
        title = "; ".join(
            f"{game.players[2 + j]} plays {names[2 + j][s]}" for j, s in enumerate(tail)
        )
        cells = []
        profs = []
        for r in range(game.shape[0]):
            row = []
            prow = []
            for c in range(game.shape[1]):
                prof = (r, c) + tuple(tail)
                row.append(", ".join(fmt_number(src[prof + (i,)]) for i in range(n)))
                prow.append(prof)
            cells.append(tuple(row))
            profs.append(tuple(prow))
        tables.append(
            PayoffTable(
                title,
                game.players[0],
                game.players[1],
                names[0],
                names[1],
                tuple(cells),
                tuple(profs),
            )
        )
    return tables


def render_text_table(t: PayoffTable, marks: dict | None = None) -> str:
    """A monospace table; ``marks`` maps profiles to a suffix such as ``" *"`` (equilibria)."""
    marks = marks or {}
    corner = f"{t.row_player} \\ {t.col_player}" if t.col_player else t.row_player
    head = [corner] + list(t.col_labels)
    rows = []
    for r, label in enumerate(t.row_labels):
        rows.append(
            [label] + [cell + marks.get(t.profiles[r][c], "") for c, cell in enumerate(t.cells[r])]
        )
    widths = [max(len(x[j]) for x in [head] + rows) for j in range(len(head))]
    line = "+".join("-" * (w + 2) for w in widths)

    def fmt(row):
        return "|".join(
            f" {x.ljust(widths[0])} " if j == 0 else f" {x.center(widths[j])} "
            for j, x in enumerate(row)
        )

    out = []
    if t.title:
        out.append(t.title + ":")
    out.append(fmt(head))
    out.append(line)
    out.extend(fmt(r) for r in rows)
    return "\n".join(out)
