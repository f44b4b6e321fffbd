"""Outcome comparison: equilibrium payoffs by player, across the equilibria of one scenario or
across several scenarios (players matched by id)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from ...charts.style import (
    TEXT_GREY,
    fmt_number,
    fmt_prob,
    new_axes,
    player_color,
    styled,
    wrap_title,
)
from ...game import Game
from ...labels import row_order as _row_order
from ...results import SolveResult
from ._data import equilibria_of, outcome_label

__all__ = ["plot_compare"]


@styled
def plot_compare(
    items: Game | Sequence[tuple[str, Game, SolveResult | None]],
    result: SolveResult | None = None,
    ax=None,
    *,
    title: str | None = None,
) -> Figure:
    """Grouped bars of equilibrium payoffs.

    ``items`` is either one :class:`Game` (then ``result`` or the default analysis gives its
    equilibria) or a list of ``(name, game, result_or_None)``, one per scenario.  Each group of
    bars is one equilibrium; bars are players, coloured consistently.
    """
    if isinstance(items, Game):
        entries = [(items.title, items, result)]
    else:
        entries = list(items)
    if not entries:
        raise ValueError("nothing to compare")
    players: list[str] = []
    pnames: dict[str, str] = {}
    groups: list[tuple[str, dict[str, float], bool]] = []
    for name, game, res in entries:
        res = equilibria_of(game, res)
        for pid, pn in zip(game.players, game.player_names):
            if pid not in pnames:
                players.append(pid)
                pnames[pid] = pn
        for e in sorted(res.equilibria, key=lambda e: _row_order(e.strategies)):
            lab = outcome_label(game, e)
            if lab.startswith("mixed"):
                lab = "mixed: " + "; ".join(
                    " + ".join(
                        f"{s} {fmt_prob(p)}"
                        for s, p in zip(game.strategies[i], ps)
                        if float(p) > 1e-12
                    )
                    for i, ps in enumerate(e.strategies)
                )
            label = lab if len(entries) == 1 else f"{name}\n{lab}"
            groups.append((label, dict(zip(game.players, e.payoffs)), e.pareto_efficient))
    fig, ax = new_axes(
        ax, (max(7.0, 1.0 + 1.1 * len(groups) * max(2, len(players)) ** 0.7 + 1.5), 5.8)
    )
    n = len(players)
    width = 0.8 / max(n, 1)
    x = np.arange(len(groups))
    for i, pid in enumerate(players):
        vals = [float(g[1][pid]) if pid in g[1] else np.nan for g in groups]
        bars = ax.bar(
            x - 0.4 + width * (i + 0.5),
            vals,
            width * 0.92,
            color=player_color(i, [pnames[p] for p in players]),
            label=pnames[pid],
            zorder=2,
        )
        for b, g in zip(bars, groups):
            if pid in g[1]:
                v = g[1][pid]
                ax.annotate(
                    fmt_number(v),
                    (b.get_x() + b.get_width() / 2, float(v)),
                    xytext=(0, 3 if float(v) >= 0 else -3),
                    textcoords="offset points",
                    ha="center",
                    va="bottom" if float(v) >= 0 else "top",
                    fontsize=11,
                )
    ax.axhline(0, color="black", linewidth=1)
    ax.set_xticks(
        x,
        [
            "\n".join(
                w
                for line in g[0].split("\n")
                for w in textwrap.wrap(line, 22, break_long_words=False)
            )
            + ("\n(efficient)" if g[2] else "")
            for g in groups
        ],
        fontsize=11,
    )
    ax.set_ylabel("equilibrium payoff")
    ax.grid(True, axis="y", color="#EEEEEE", zorder=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if title is None:
        title = (
            f"{entries[0][0]}: payoffs in each equilibrium"
            if len(entries) == 1
            else "Equilibrium payoffs across scenarios"
        )
    ax.set_title(wrap_title(title))
    if not groups:
        ax.text(
            0.5, 0.5, "no equilibrium found", transform=ax.transAxes, ha="center", color=TEXT_GREY
        )
    return fig
