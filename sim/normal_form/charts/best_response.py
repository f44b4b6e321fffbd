"""The best-response diagram of a 2x2 game: both best-response correspondences in the unit square,
every equilibrium (pure and mixed) where they cross."""

from __future__ import annotations

from fractions import Fraction

from matplotlib.figure import Figure

from ...charts.style import TEXT_GREY, fmt_prob, new_axes, player_color, styled, wrap_title
from ...game import Game
from ...results import SolveResult
from ._data import equilibria_of, outcome_label

__all__ = ["best_response_segments", "plot_best_response"]


def _diff(game: Game, player: int):
    """Payoff advantage of the player's first strategy over its second, against the other's
    first (``d1``) and second (``d2``) strategies; exact when the game is."""
    src = game.exact if game.exact is not None else game.payoffs
    if player == 0:
        return src[0, 0, 0] - src[1, 0, 0], src[0, 1, 0] - src[1, 1, 0]
    return src[0, 0, 1] - src[0, 1, 1], src[1, 0, 1] - src[1, 1, 1]


def best_response_segments(game: Game, player: int) -> list[tuple[tuple, tuple]]:
    """The best-response correspondence of ``player`` as line segments in (other's probability of
    its first strategy, own probability of first strategy) coordinates.  An empty list never
    happens; a player indifferent everywhere gives the four edges of the square (and is
    flagged by :func:`_indifferent`)."""
    d1, d2 = _diff(game, player)
    # advantage against the other's mixture t (prob. of its first strategy): t*d1 + (1-t)*d2
    segs = []
    if d1 == 0 and d2 == 0:
        return [((0, 0), (1, 0)), ((1, 0), (1, 1)), ((1, 1), (0, 1)), ((0, 1), (0, 0))]
    if (d1 > 0) == (d2 > 0) and d1 != 0 and d2 != 0:
        level = 1 if d1 > 0 else 0
        return [((0, level), (1, level))]
    # the sign changes (or touches zero) at t* = d2 / (d2 - d1)
    t = Fraction(d2) / Fraction(d2 - d1) if game.exact is not None else d2 / (d2 - d1)
    t = float(t)
    level_at_0 = 1 if d2 > 0 else (0 if d2 < 0 else None)
    level_at_1 = 1 if d1 > 0 else (0 if d1 < 0 else None)
    if level_at_0 is not None:
        segs.append(((0, level_at_0), (t, level_at_0)))
    segs.append(((t, 0), (t, 1)))
    if level_at_1 is not None:
        segs.append(((t, level_at_1), (1, level_at_1)))
    return segs


@styled
def plot_best_response(game: Game, result: SolveResult | None = None, ax=None) -> Figure:
    """Best-response diagram of a 2x2 game with every equilibrium marked.

    x axis: probability that the column player (second player) plays its first strategy;
    y axis: probability that the row player plays its first strategy.
    """
    if game.shape != (2, 2):
        raise ValueError(
            "the best-response diagram needs a 2x2 game "
            f"(this one is {'x'.join(map(str, game.shape))})"
        )
    res = equilibria_of(game, result)
    fig, ax = new_axes(ax, (7.5, 7.0))
    row_segs = best_response_segments(game, 0)  # (t = P(col first), own = P(row first))
    col_segs = best_response_segments(game, 1)  # (t = P(row first), own = P(col first))
    for k, ((x0, y0), (x1, y1)) in enumerate(row_segs):
        ax.plot(
            [x0, x1],
            [y0, y1],
            color=player_color(0, game.player_names),
            linewidth=5,
            solid_capstyle="round",
            label=f"best response of {game.player_names[0]}" if k == 0 else None,
            zorder=2,
        )
    for k, ((t0, o0), (t1, o1)) in enumerate(col_segs):
        ax.plot(
            [o0, o1],
            [t0, t1],
            color=player_color(1, game.player_names),
            linewidth=3,
            linestyle="--",
            label=f"best response of {game.player_names[1]}" if k == 0 else None,
            zorder=3,
        )
    continuum = False
    for comp in res.components:
        if len(comp) < 2:
            continue
        pts = [
            (float(res.equilibria[k].strategies[1][0]), float(res.equilibria[k].strategies[0][0]))
            for k in comp
        ]
        pts.sort()
        ax.plot(
            [x for x, _ in pts],
            [y for _, y in pts],
            color="black",
            linewidth=10,
            alpha=0.35,
            solid_capstyle="round",
            zorder=4,
            label=None if continuum else "a continuum of equilibria",
        )
        continuum = True
    for e in res.equilibria:
        p = float(e.strategies[0][0])
        q = float(e.strategies[1][0])
        ax.plot(
            [q],
            [p],
            marker="o",
            markersize=16,
            markerfacecolor="black",
            markeredgecolor="white",
            markeredgewidth=2,
            linestyle="none",
            zorder=5,
        )
        if e.is_pure:
            text = outcome_label(game, e)
        else:
            text = (
                f"mixed: {game.players[0]} {game.strategies[0][0]} "
                f"{fmt_prob(e.strategies[0][0])},\n{game.players[1]} "
                f"{game.strategies[1][0]} {fmt_prob(e.strategies[1][0])}"
            )
        right = q > (0.6 if e.is_pure else 0.5)
        dx = -0.04 if right else 0.04
        dy = -0.05 if p > 0.6 else 0.05
        ax.annotate(
            text,
            (q, p),
            xytext=(q + dx, p + dy),
            ha="right" if right else "left",
            va="top" if p > 0.6 else "bottom",
            fontsize=13,
            fontweight="bold",
            zorder=6,
            bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none", alpha=0.85),
        )
    ax.set_xlim(-0.04, 1.04)
    ax.set_ylim(-0.04, 1.04)
    ax.set_aspect("equal")
    ax.set_xlabel(
        f"probability {game.player_names[1]} plays {game.strategies[1][0]}",
        color=player_color(1, game.player_names),
    )
    ax.set_ylabel(
        f"probability {game.player_names[0]} plays {game.strategies[0][0]}",
        color=player_color(0, game.player_names),
    )
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0", "¼", "½", "¾", "1"])
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1], ["0", "¼", "½", "¾", "1"])
    ax.grid(True, color="#DDDDDD", linewidth=0.8, zorder=0)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=1)
    n = len(res.equilibria)
    what = f"{n} equilibri{'um' if n == 1 else 'a'}"
    if continuum:
        what = f"{n} extreme equilibria, with a continuum"
    ax.set_title(wrap_title(f"{game.title or 'Best responses'}: {what}", 50))
    if res.status != "complete":
        ax.text(
            0.5,
            -0.3,
            f"note: {res.message}",
            transform=ax.transAxes,
            ha="center",
            fontsize=11,
            color=TEXT_GREY,
        )
    return fig
