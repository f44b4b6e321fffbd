"""Learning dynamics: replicator and fictitious-play trajectories over a vector field, and the
logit quantal-response (QRE) branch (:mod:`.qre`).

* 2x2 games (any two players): the unit square, ``x`` = probability the column player plays its
  first strategy, ``y`` = probability the row player plays its first strategy (as in the
  best-response diagram).  Two-population replicator dynamics
  ``dp/dt = p(1-p)[(Ay)_1 - (Ay)_2]`` (and likewise for ``q``); fictitious play as the
  empirical frequencies of play when each player best-responds to the other's history
  (Brown 1951), drawn over the best-response dynamics field ``(BR(q) - p, BR(p) - q)``.
* 3-strategy symmetric games (``B = A^T``): one population on the simplex, replicator
  ``dx_i/dt = x_i[(Ax)_i - x.Ax]`` (Taylor & Jonker 1978) and symmetric fictitious play.

The replicator trajectories are integrated with scipy's :func:`~scipy.integrate.solve_ivp`;
fictitious play is a discrete process, stepped here.  They illustrate; they are not certified
equilibria.  Equilibria drawn on top come from the solvers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from ...charts.style import (
    GRID_GREY,
    TEXT_GREY,
    new_axes,
    player_color,
    set_color,
    styled,
    wrap_title,
)
from ...game import Game
from ...results import SolveResult
from ._data import equilibria_of

__all__ = [
    "fictitious_play_2x2",
    "fictitious_play_symmetric",
    "plot_dynamics",
    "replicator_2x2",
    "replicator_symmetric",
]

METHODS = ("replicator", "fictitious-play")


# -- 2x2: two populations -----------------------------------------------------------------------


def _field_2x2(game: Game, p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    A, B = game.payoffs[..., 0], game.payoffs[..., 1]
    dA = (A[0, 0] - A[1, 0]) * q + (A[0, 1] - A[1, 1]) * (1 - q)  # row: first minus second
    dB = (B[0, 0] - B[0, 1]) * p + (B[1, 0] - B[1, 1]) * (1 - p)  # column: first minus second
    return p * (1 - p) * dA, q * (1 - q) * dB


def _br_2x2(game: Game, p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    A, B = game.payoffs[..., 0], game.payoffs[..., 1]
    dA = (A[0, 0] - A[1, 0]) * q + (A[0, 1] - A[1, 1]) * (1 - q)
    dB = (B[0, 0] - B[0, 1]) * p + (B[1, 0] - B[1, 1]) * (1 - p)
    return np.where(dA > 0, 1.0, np.where(dA < 0, 0.0, p)), np.where(
        dB > 0, 1.0, np.where(dB < 0, 0.0, q)
    )


def _integrate(f, z0: np.ndarray, t_end: float, steps: int) -> np.ndarray:
    """``f``'s flow from the rows of ``z0`` (all at once), sampled at ``steps + 1`` even times:
    an array ``(steps + 1, *z0.shape)`` (scipy's adaptive Runge-Kutta, :func:`solve_ivp`)."""
    from scipy.integrate import solve_ivp

    shape = z0.shape
    sol = solve_ivp(
        lambda _t, y: f(y.reshape(shape)).ravel(),
        (0.0, t_end),
        z0.ravel(),
        t_eval=np.linspace(0.0, t_end, steps + 1),
        rtol=1e-8,
        atol=1e-10,
    )
    return sol.y.T.reshape((-1,) + shape)


def replicator_2x2(
    game: Game, starts: np.ndarray, t_max: float = 20.0, dt: float = 0.02
) -> np.ndarray:
    """Trajectories ``(steps, len(starts), 2)`` of ``(p, q)`` from ``starts``, sampled every
    ``dt`` (time runs in units of the largest payoff, so the paths do not depend on scale)."""
    z = np.asarray(starts, dtype=float)
    scale = max(1.0, float(np.abs(game.payoffs).max()))

    def f(w):
        dp, dq = _field_2x2(game, w[:, 0], w[:, 1])
        return np.stack([dp, dq], axis=1)

    return np.clip(_integrate(f, z, t_max / scale, int(t_max / dt)), 0.0, 1.0)


def fictitious_play_2x2(game: Game, starts: np.ndarray, rounds: int = 400) -> np.ndarray:
    """Empirical frequencies ``(rounds+1, len(starts), 2)``: the start counts as one round of
    prior beliefs; each round both best-respond to the other's empirical frequency (ties keep
    the current frequency's lean)."""
    z = np.asarray(starts, dtype=float).copy()
    out = [z.copy()]
    for t in range(1, rounds + 1):
        bp, bq = _br_2x2(game, z[:, 0], z[:, 1])
        z = z + (np.stack([bp, bq], axis=1) - z) / (t + 1)
        out.append(z.copy())
    return np.asarray(out)


# -- 3-strategy symmetric: one population on the simplex ---------------------------------------


def _is_symmetric_3(game: Game) -> bool:
    if game.n_players != 2 or game.shape != (3, 3):
        return False
    A, B = game.payoffs[..., 0], game.payoffs[..., 1]
    return bool(np.allclose(A, B.T))


def replicator_symmetric(
    A: np.ndarray, starts: np.ndarray, t_max: float = 30.0, dt: float = 0.02
) -> np.ndarray:
    """Replicator trajectories ``(steps, len(starts), k)`` for a symmetric game with matrix A."""
    A = np.asarray(A, dtype=float)
    x = np.asarray(starts, dtype=float)
    scale = max(1.0, float(np.abs(A).max()))

    def f(w):
        u = w @ A.T
        return w * (u - (w * u).sum(axis=1, keepdims=True))

    out = np.clip(_integrate(f, x, t_max / scale, int(t_max / dt)), 0.0, None)
    return out / out.sum(axis=2, keepdims=True)


def fictitious_play_symmetric(A: np.ndarray, starts: np.ndarray, rounds: int = 400) -> np.ndarray:
    A = np.asarray(A, dtype=float)
    x = np.asarray(starts, dtype=float).copy()
    out = [x.copy()]
    k = A.shape[0]
    for t in range(1, rounds + 1):
        u = x @ A.T
        br = np.eye(k)[np.argmax(u, axis=1)]
        x = x + (br - x) / (t + 1)
        out.append(x.copy())
    return np.asarray(out)


_CORNERS = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3) / 2]])


def _to_xy(x: np.ndarray) -> np.ndarray:
    return np.asarray(x) @ _CORNERS


def _simplex_grid(n: int = 14) -> np.ndarray:
    pts = []
    for i in range(n + 1):
        for j in range(n + 1 - i):
            k = n - i - j
            pts.append((i, j, k))
    g = np.asarray(pts, dtype=float) / n
    return g[(g > 0.02).all(axis=1)]


# -- plots ---------------------------------------------------------------------------------------


def _default_starts_2x2() -> np.ndarray:
    return np.array(
        [[0.1, 0.15], [0.9, 0.1], [0.15, 0.9], [0.85, 0.85], [0.5, 0.3], [0.35, 0.6], [0.6, 0.55]]
    )


def _draw_2x2(game, res, method, starts, ax, steps):
    pg, qg = np.meshgrid(np.linspace(0.03, 0.97, 15), np.linspace(0.03, 0.97, 15))
    if method == "replicator":
        dp, dq = _field_2x2(game, pg, qg)
    else:
        bp, bq = _br_2x2(game, pg, qg)
        dp, dq = bp - pg, bq - qg
    norm = np.hypot(dp, dq)
    with np.errstate(invalid="ignore", divide="ignore"):
        u = np.where(norm > 0, dq / norm, 0)
        v = np.where(norm > 0, dp / norm, 0)
    ax.quiver(qg, pg, u, v, color=GRID_GREY, angles="xy", scale=32, width=0.004, zorder=1)
    S = _default_starts_2x2() if starts is None else np.asarray(starts, dtype=float)
    traj = (
        replicator_2x2(game, S)
        if method == "replicator"
        else fictitious_play_2x2(game, S, rounds=steps or 400)
    )
    for k in range(S.shape[0]):
        path = traj[:, k, :]
        ax.plot(path[:, 1], path[:, 0], color=set_color(k), linewidth=2.2, zorder=3)
        ax.plot(
            path[0, 1],
            path[0, 0],
            marker="o",
            markersize=7,
            markerfacecolor="white",
            markeredgecolor=set_color(k),
            zorder=4,
        )
        mid = len(path) // 6
        if mid + 1 < len(path) and np.hypot(*(path[mid + 1] - path[mid])) > 1e-9:
            ax.annotate(
                "",
                xy=(path[mid + 1, 1], path[mid + 1, 0]),
                xytext=(path[mid, 1], path[mid, 0]),
                arrowprops=dict(arrowstyle="-|>", color=set_color(k), lw=2, mutation_scale=18),
                zorder=4,
            )
    for e in res.equilibria:
        ax.plot(
            float(e.strategies[1][0]),
            float(e.strategies[0][0]),
            marker="o",
            markersize=15,
            markerfacecolor="black",
            markeredgecolor="white",
            markeredgewidth=2,
            zorder=5,
            linestyle="none",
        )
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.03, 1.03)
    ax.set_aspect("equal")
    ax.set_xlabel(
        f"probability {game.player_names[1]} plays {game.strategies[1][0]}",
        color=player_color(1, game.player_names),
    )
    ax.set_ylabel(
        f"probability {game.player_names[0]} plays {game.strategies[0][0]}",
        color=player_color(0, game.player_names),
    )


def _draw_simplex(game, res, method, starts, ax, steps):
    A = game.payoffs[..., 0]
    G = _simplex_grid()
    if method == "replicator":
        u = G @ A.T
        d = G * (u - (G * u).sum(axis=1, keepdims=True))
    else:
        br = np.eye(3)[np.argmax(G @ A.T, axis=1)]
        d = br - G
    P = _to_xy(G)
    D = d @ _CORNERS
    n = np.hypot(D[:, 0], D[:, 1])
    with np.errstate(invalid="ignore", divide="ignore"):
        D = np.where(n[:, None] > 1e-12, D / n[:, None], 0)
    ax.quiver(
        P[:, 0],
        P[:, 1],
        D[:, 0],
        D[:, 1],
        color=GRID_GREY,
        angles="xy",
        scale=34,
        width=0.004,
        zorder=1,
    )
    tri = np.vstack([_CORNERS, _CORNERS[:1]])
    ax.plot(tri[:, 0], tri[:, 1], color="black", linewidth=1.5)
    if starts is None:
        S = np.array(
            [
                [0.6, 0.3, 0.1],
                [0.1, 0.6, 0.3],
                [0.3, 0.1, 0.6],
                [0.34, 0.33, 0.33],
                [0.2, 0.2, 0.6],
                [0.7, 0.15, 0.15],
            ]
        )
    else:
        S = np.asarray(starts, dtype=float)
    traj = (
        replicator_symmetric(A, S)
        if method == "replicator"
        else fictitious_play_symmetric(A, S, rounds=steps or 400)
    )
    for k in range(S.shape[0]):
        xy = _to_xy(traj[:, k, :])
        ax.plot(xy[:, 0], xy[:, 1], color=set_color(k), linewidth=2.2, zorder=3)
        ax.plot(
            xy[0, 0],
            xy[0, 1],
            marker="o",
            markersize=7,
            markerfacecolor="white",
            markeredgecolor=set_color(k),
            zorder=4,
        )
    for e in res.equilibria:
        s0 = np.asarray([float(v) for v in e.strategies[0]])
        s1 = np.asarray([float(v) for v in e.strategies[1]])
        if np.allclose(s0, s1, atol=1e-9):
            x, y = _to_xy(s0)
            ax.plot(
                x,
                y,
                marker="o",
                markersize=15,
                markerfacecolor="black",
                markeredgecolor="white",
                markeredgewidth=2,
                zorder=5,
                linestyle="none",
            )
    names = game.strategies[0]
    ax.text(-0.04, -0.04, names[0], ha="right", va="top", fontsize=15, fontweight="bold")
    ax.text(1.04, -0.04, names[1], ha="left", va="top", fontsize=15, fontweight="bold")
    ax.text(
        0.5,
        np.sqrt(3) / 2 + 0.04,
        names[2],
        ha="center",
        va="bottom",
        fontsize=15,
        fontweight="bold",
    )
    ax.set_xlim(-0.15, 1.15)
    ax.set_ylim(-0.12, np.sqrt(3) / 2 + 0.12)
    ax.set_aspect("equal")
    ax.axis("off")


@styled
def plot_dynamics(
    game: Game,
    method: str = "replicator",
    result: SolveResult | None = None,
    ax=None,
    *,
    starts: Sequence | None = None,
    steps: int | None = None,
) -> Figure:
    """Trajectories of ``method`` (``"replicator"`` or ``"fictitious-play"``) over its field.

    2x2 games: the unit square (``starts`` are ``(p, q)`` pairs: probabilities of the row's and
    the column's first strategies).  3-strategy symmetric games: the simplex (``starts`` are
    mixed strategies).  Equilibria (black dots) come from ``result`` or the default analysis.
    """
    if method not in METHODS:
        raise ValueError(f"unknown dynamics {method!r}; choose {' or '.join(METHODS)}")
    if game.shape == (2, 2):
        draw = _draw_2x2
        size = (7.5, 7.2)
    elif _is_symmetric_3(game):
        draw = _draw_simplex
        size = (7.5, 7.0)
    else:
        raise ValueError(
            "dynamics charts need a 2x2 game or a symmetric 2-player game with 3 "
            f"strategies each (this one is {'x'.join(map(str, game.shape))})"
        )
    res = equilibria_of(game, result)
    fig, ax = new_axes(ax, size)
    draw(game, res, method, starts, ax, steps)
    what = "replicator dynamics" if method == "replicator" else "fictitious play"
    ax.set_title(wrap_title(f"{game.title or 'Game'}: {what}", 50))
    note = (
        "grey arrows: direction of motion; lines: paths from the open circles; "
        "black dots: equilibria"
    )
    ax.text(
        0.5,
        -0.16 if draw is _draw_2x2 else -0.02,
        note,
        transform=ax.transAxes,
        ha="center",
        va="top",
        fontsize=10,
        color=TEXT_GREY,
    )
    return fig
