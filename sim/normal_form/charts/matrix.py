"""The payoff matrix: best responses circled, pure equilibria shaded, improving deviations arrowed.

Two players: one panel, rows for the first player and columns for the second.  Three players: one
panel per strategy of the third player, side by side (its best responses are circled across
panels).  Mixed equilibria are listed under the matrix.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Rectangle

from ...charts.style import (
    EQ_FILL,
    GRID_GREY,
    TEXT_GREY,
    fmt_number,
    fmt_prob,
    player_color,
    styled,
    wrap_title,
)
from ...game import Game
from ...results import SolveResult
from ._data import coverage_note, equilibria_of, mixed_text

__all__ = ["plot_matrix"]


def _payoff(game: Game, prof, i):
    if game.exact is not None:
        return game.exact[tuple(prof) + (i,)]
    return float(game.payoffs[tuple(prof) + (i,)])


def _draw_panel(
    ax, game: Game, third: int | None, br: np.ndarray, eq_cells: set, arrows: bool, fontsize: float
) -> None:
    m, n = game.shape[0], game.shape[1]
    N = game.n_players
    for i in range(m):
        for j in range(n):
            prof = (i, j) if third is None else (i, j, third)
            y = -i
            is_eq = prof in eq_cells
            ax.add_patch(
                Rectangle(
                    (j - 0.5, y - 0.5),
                    1,
                    1,
                    facecolor=EQ_FILL if is_eq else "white",
                    alpha=0.55 if is_eq else 1.0,
                    edgecolor=GRID_GREY,
                    linewidth=1.5,
                    zorder=0,
                )
            )
            if is_eq:
                ax.add_patch(
                    Rectangle(
                        (j - 0.47, y - 0.47),
                        0.94,
                        0.94,
                        fill=False,
                        edgecolor="black",
                        linewidth=2.5,
                        zorder=1,
                    )
                )
            offsets = np.linspace(-0.22, 0.22, N) if N > 1 else [0.0]
            for p in range(N):
                is_br = bool(br[prof + (p,)])
                ax.text(
                    j + offsets[p],
                    y - 0.05,
                    fmt_number(_payoff(game, prof, p)),
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                    color=player_color(p, game.player_names),
                    fontweight="bold" if is_br else "normal",
                    zorder=3,
                    bbox=dict(
                        boxstyle="circle,pad=0.25",
                        facecolor="none",
                        edgecolor=player_color(p, game.player_names),
                        linewidth=2,
                    )
                    if is_br
                    else None,
                )
            if not arrows:
                continue
            # row player: vertical arrow to its best row in this column, if strictly better
            col = [_payoff(game, (r, j) + (() if third is None else (third,)), 0) for r in range(m)]
            best = max(col)
            if col[i] < best:
                target = min((r for r in range(m) if col[r] == best), key=lambda r: abs(r - i))
                ax.add_patch(
                    FancyArrowPatch(
                        (j - 0.4, y),
                        (j - 0.4, -target),
                        arrowstyle="-|>",
                        mutation_scale=20,
                        color=player_color(0, game.player_names),
                        linewidth=2.2,
                        shrinkA=6,
                        shrinkB=6,
                        zorder=4,
                    )
                )
            row = [_payoff(game, (i, c) + (() if third is None else (third,)), 1) for c in range(n)]
            best = max(row)
            if row[j] < best:
                target = min((c for c in range(n) if row[c] == best), key=lambda c: abs(c - j))
                ax.add_patch(
                    FancyArrowPatch(
                        (j, y + 0.36),
                        (target, y + 0.36),
                        arrowstyle="-|>",
                        mutation_scale=20,
                        color=player_color(1, game.player_names),
                        linewidth=2.2,
                        shrinkA=6,
                        shrinkB=6,
                        zorder=4,
                    )
                )
    ax.set_xlim(-0.5, n - 0.5)
    ax.set_ylim(-m + 0.5, 0.5)
    ax.set_aspect("equal")
    ax.set_xticks(range(n), [str(s) for s in game.strategies[1]])
    ax.set_yticks([-i for i in range(m)], [str(s) for s in game.strategies[0]])
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(game.player_names[1], color=player_color(1, game.player_names), fontweight="bold")
    ax.set_ylabel(game.player_names[0], color=player_color(0, game.player_names), fontweight="bold")


@styled
def plot_matrix(
    game: Game,
    result: SolveResult | None = None,
    ax=None,
    *,
    arrows: bool | None = None,
    title: str | None = None,
) -> Figure:
    """Payoff matrix of a 2- or 3-player game.

    ``result``: the equilibria to highlight (default: every equilibrium of the default
    analysis).  ``ax``: one axes for a 2-player game, or a sequence of axes (one per strategy of
    the third player) for a 3-player game.  ``arrows``: draw improving deviations (default: when
    each player has two strategies; in bigger tables the arrows pile up).  Returns the figure.
    """
    from ...solvers.pure import best_response_mask

    N = game.n_players
    if arrows is None:
        arrows = max(game.shape[:2]) <= 2
    if N not in (2, 3):
        raise ValueError(f"the payoff-matrix chart draws 2- or 3-player games; this one has {N}")
    res = equilibria_of(game, result)
    br = best_response_mask(game)
    eq_cells = {e.pure_profile() for e in res.equilibria if e.is_pure}
    mixed = [e for e in res.equilibria if not e.is_pure]
    m, n = game.shape[0], game.shape[1]
    fontsize = 20 if max(m, n) <= 2 else (16 if max(m, n) <= 3 else 12)
    panels = 1 if N == 2 else game.shape[2]
    if ax is None:
        w = min(16.0, 2.5 + 2.1 * n * panels + 0.4 * panels)
        h = 2.4 + 2.0 * m + 0.35 * min(len(mixed), 3) * (1 + N)
        fig = Figure(figsize=(w, h), layout="constrained")
        axes = list(fig.subplots(1, panels, squeeze=False)[0])
    else:
        axes = list(ax) if isinstance(ax, Sequence) or isinstance(ax, np.ndarray) else [ax]
        if len(axes) != panels:
            raise ValueError(
                f"this game needs {panels} axes (one per strategy of the third player)"
                if N == 3
                else "give one axes for a 2-player game"
            )
        fig = axes[0].figure
    for k, a in enumerate(axes):
        _draw_panel(a, game, None if N == 2 else k, br, eq_cells, arrows, fontsize)
        if N == 3:
            a.set_title(
                f"{game.player_names[2]}: {game.strategies[2][k]}",
                color=player_color(2, game.player_names),
                fontsize=15,
                pad=40,
            )
    heading = title if title is not None else (game.title or "Payoff matrix")
    if N == 2 and ax is None:
        axes[0].set_title(wrap_title(heading, 45 + 10 * n), pad=12)
    elif ax is None:
        fig.suptitle(wrap_title(heading, 80), fontsize=17, fontweight="bold")
    lines = ["circled: best response    shaded: pure equilibrium"]
    if arrows:
        lines.append(
            "arrows: a player gains by switching"
            + (f" ({game.players[0]} and {game.players[1]})" if N == 3 else "")
        )
    if not res.equilibria:
        lines.append("no equilibrium found: " + (res.message or res.status))
    for e in mixed[:3]:
        lines.append(
            "mixed equilibrium (payoffs " + ", ".join(fmt_number(v) for v in e.payoffs) + "):"
        )
        lines.extend("   " + part for part in mixed_text(game, e, fmt_prob).split("; "))
    if len(mixed) > 3:
        lines.append(f"... and {len(mixed) - 3} more mixed equilibria")
    note = coverage_note(res)
    if note:
        lines.extend(textwrap.wrap(f"note: {note}", 80))
    axes[0].text(
        0.0,
        -0.04,
        "\n".join(lines),
        transform=axes[0].transAxes,
        ha="left",
        va="top",
        fontsize=11,
        color=TEXT_GREY,
        wrap=False,
    )
    return fig
