"""Learning dynamics: replicator and fictitious-play trajectories over a vector field, and the
logit quantal-response (QRE) branch.

* 2x2 games (any two players): the unit square, ``x`` = probability the column player plays its
  first strategy, ``y`` = probability the row player plays its first strategy (as in the
  best-response diagram).  Two-population replicator dynamics
  ``dp/dt = p(1-p)[(Ay)_1 - (Ay)_2]`` (and likewise for ``q``); fictitious play as the
  empirical frequencies of play when each player best-responds to the other's history
  (Brown 1951), drawn over the best-response dynamics field ``(BR(q) - p, BR(p) - q)``.
* 3-strategy symmetric games (``B = A^T``): one population on the simplex, replicator
  ``dx_i/dt = x_i[(Ax)_i - x.Ax]`` (Taylor & Jonker 1978) and symmetric fictitious play.
* :func:`plot_qre`: the logit QRE branch, each strategy's probability against ``lambda``,
  read from ``SolveResult.details["qre_branch"]`` of the ``logit-qre`` solver.

The trajectories are computed here with numpy (fixed-step RK4 for the replicator equation); they
illustrate, they are not certified equilibria.  Equilibria drawn on top come from the solvers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from ..game import Game
from ..results import SolveResult
from ._data import equilibria_of
from .style import (
    GRID_GREY,
    TEXT_GREY,
    fmt_number,
    new_axes,
    player_color,
    set_color,
    styled,
    wrap_title,
)

__all__ = [
    "fictitious_play_2x2",
    "fictitious_play_symmetric",
    "plot_dynamics",
    "plot_qre",
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
    return np.where(dA > 0, 1.0, np.where(dA < 0, 0.0, p)), np.where(dB > 0, 1.0,
                                                                    np.where(dB < 0, 0.0, q))


def replicator_2x2(game: Game, starts: np.ndarray, t_max: float = 20.0, dt: float = 0.02
                   ) -> np.ndarray:
    """Trajectories ``(steps, len(starts), 2)`` of ``(p, q)`` from ``starts`` (RK4)."""
    z = np.asarray(starts, dtype=float).copy()
    out = [z.copy()]
    scale = max(1.0, float(np.abs(game.payoffs).max()))
    h = dt / scale
    for _ in range(int(t_max / dt)):
        def f(w):
            dp, dq = _field_2x2(game, w[:, 0], w[:, 1])
            return np.stack([dp, dq], axis=1)
        k1 = f(z)
        k2 = f(z + h / 2 * k1)
        k3 = f(z + h / 2 * k2)
        k4 = f(z + h * k3)
        z = np.clip(z + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4), 0.0, 1.0)
        out.append(z.copy())
    return np.asarray(out)


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


def replicator_symmetric(A: np.ndarray, starts: np.ndarray, t_max: float = 30.0,
                         dt: float = 0.02) -> np.ndarray:
    """Replicator trajectories ``(steps, len(starts), k)`` for a symmetric game with matrix A."""
    A = np.asarray(A, dtype=float)
    x = np.asarray(starts, dtype=float).copy()
    h = dt / max(1.0, float(np.abs(A).max()))

    def f(w):
        u = w @ A.T
        return w * (u - (w * u).sum(axis=1, keepdims=True))

    out = [x.copy()]
    for _ in range(int(t_max / dt)):
        k1 = f(x)
        k2 = f(x + h / 2 * k1)
        k3 = f(x + h / 2 * k2)
        k4 = f(x + h * k3)
        x = np.clip(x + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4), 0.0, None)
        x /= x.sum(axis=1, keepdims=True)
        out.append(x.copy())
    return np.asarray(out)


def fictitious_play_symmetric(A: np.ndarray, starts: np.ndarray, rounds: int = 400
                              ) -> np.ndarray:
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
    return np.array([[0.1, 0.15], [0.9, 0.1], [0.15, 0.9], [0.85, 0.85], [0.5, 0.3],
                     [0.35, 0.6], [0.6, 0.55]])


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
    traj = (replicator_2x2(game, S) if method == "replicator"
            else fictitious_play_2x2(game, S, rounds=steps or 400))
    for k in range(S.shape[0]):
        path = traj[:, k, :]
        ax.plot(path[:, 1], path[:, 0], color=set_color(k), linewidth=2.2, zorder=3)
        ax.plot(path[0, 1], path[0, 0], marker="o", markersize=7, markerfacecolor="white",
                markeredgecolor=set_color(k), zorder=4)
        mid = len(path) // 6
        if mid + 1 < len(path) and np.hypot(*(path[mid + 1] - path[mid])) > 1e-9:
            ax.annotate("", xy=(path[mid + 1, 1], path[mid + 1, 0]),
                        xytext=(path[mid, 1], path[mid, 0]),
                        arrowprops=dict(arrowstyle="-|>", color=set_color(k), lw=2,
                                        mutation_scale=18), zorder=4)
    for e in res.equilibria:
        ax.plot(float(e.strategies[1][0]), float(e.strategies[0][0]), marker="o", markersize=15,
                markerfacecolor="black", markeredgecolor="white", markeredgewidth=2, zorder=5,
                linestyle="none")
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.03, 1.03)
    ax.set_aspect("equal")
    ax.set_xlabel(f"probability {game.player_names[1]} plays {game.strategies[1][0]}",
                  color=player_color(1))
    ax.set_ylabel(f"probability {game.player_names[0]} plays {game.strategies[0][0]}",
                  color=player_color(0))


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
    ax.quiver(P[:, 0], P[:, 1], D[:, 0], D[:, 1], color=GRID_GREY, angles="xy", scale=34,
              width=0.004, zorder=1)
    tri = np.vstack([_CORNERS, _CORNERS[:1]])
    ax.plot(tri[:, 0], tri[:, 1], color="black", linewidth=1.5)
    if starts is None:
        S = np.array([[0.6, 0.3, 0.1], [0.1, 0.6, 0.3], [0.3, 0.1, 0.6], [0.34, 0.33, 0.33],
                      [0.2, 0.2, 0.6], [0.7, 0.15, 0.15]])
    else:
        S = np.asarray(starts, dtype=float)
    traj = (replicator_symmetric(A, S) if method == "replicator"
            else fictitious_play_symmetric(A, S, rounds=steps or 400))
    for k in range(S.shape[0]):
        xy = _to_xy(traj[:, k, :])
        ax.plot(xy[:, 0], xy[:, 1], color=set_color(k), linewidth=2.2, zorder=3)
        ax.plot(xy[0, 0], xy[0, 1], marker="o", markersize=7, markerfacecolor="white",
                markeredgecolor=set_color(k), zorder=4)
    for e in res.equilibria:
        s0 = np.asarray([float(v) for v in e.strategies[0]])
        s1 = np.asarray([float(v) for v in e.strategies[1]])
        if np.allclose(s0, s1, atol=1e-9):
            x, y = _to_xy(s0)
            ax.plot(x, y, marker="o", markersize=15, markerfacecolor="black",
                    markeredgecolor="white", markeredgewidth=2, zorder=5, linestyle="none")
    names = game.strategies[0]
    ax.text(-0.04, -0.04, names[0], ha="right", va="top", fontsize=15, fontweight="bold")
    ax.text(1.04, -0.04, names[1], ha="left", va="top", fontsize=15, fontweight="bold")
    ax.text(0.5, np.sqrt(3) / 2 + 0.04, names[2], ha="center", va="bottom", fontsize=15,
            fontweight="bold")
    ax.set_xlim(-0.15, 1.15)
    ax.set_ylim(-0.12, np.sqrt(3) / 2 + 0.12)
    ax.set_aspect("equal")
    ax.axis("off")


@styled
def plot_dynamics(game: Game, method: str = "replicator", result: SolveResult | None = None,
                  ax=None, *, starts: Sequence | None = None, steps: int | None = None
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
        raise ValueError("dynamics charts need a 2x2 game or a symmetric 2-player game with 3 "
                         f"strategies each (this one is {'x'.join(map(str, game.shape))})")
    res = equilibria_of(game, result)
    fig, ax = new_axes(ax, size)
    draw(game, res, method, starts, ax, steps)
    what = "replicator dynamics" if method == "replicator" else "fictitious play"
    ax.set_title(wrap_title(f"{game.title or 'Game'}: {what}", 50))
    note = ("grey arrows: direction of motion; lines: paths from the open circles; "
            "black dots: equilibria")
    ax.text(0.5, -0.16 if draw is _draw_2x2 else -0.02, note, transform=ax.transAxes,
            ha="center", va="top", fontsize=10, color=TEXT_GREY)
    return fig


# -- logit QRE branch ---------------------------------------------------------------------------

def _branch_points(branch, game: Game) -> tuple[np.ndarray, list[np.ndarray]]:
    """``(lambdas (K,), [probabilities (K, n_i) per player])`` from a ``qre_branch`` value.

    Accepts a list of points ``{"lambda": l, "profile"|"strategies"|"sigma": [[...], ...]}`` or
    a mapping of lists ``{"lambda": [...], "profiles"|"strategies"|"sigma": [...]}`` where each
    profile is one probability list per player or one flat list in player order.
    """
    lam_keys = ("lambda", "lam", "lambdas")
    prof_keys = ("profile", "profiles", "strategies", "sigma", "points")
    if isinstance(branch, dict):
        lam = next((branch[k] for k in lam_keys if k in branch), None)
        profs = next((branch[k] for k in prof_keys if k in branch), None)
    else:
        lam, profs = [], []
        for pt in branch:
            if isinstance(pt, dict):
                lam.append(next(pt[k] for k in lam_keys if k in pt))
                profs.append(next(pt[k] for k in prof_keys if k in pt))
            else:  # (lambda, profile)
                lam.append(pt[0])
                profs.append(pt[1])
    if lam is None or profs is None:
        raise ValueError("the QRE branch has no 'lambda' and profile data")
    lam = np.asarray(lam, dtype=float)
    sizes = list(game.shape)
    per_player = [np.empty((len(lam), n)) for n in sizes]
    for k, prof in enumerate(profs):
        if len(prof) == len(sizes) and all(hasattr(v, "__len__") for v in prof):
            for i, v in enumerate(prof):
                per_player[i][k] = np.asarray(v, dtype=float)
        else:
            flat = np.asarray(prof, dtype=float).reshape(-1)
            offs = np.cumsum([0] + sizes)
            for i in range(len(sizes)):
                per_player[i][k] = flat[offs[i]:offs[i + 1]]
    return lam, per_player


@styled
def plot_qre(game: Game, result: SolveResult | None = None, ax=None) -> Figure:
    """The logit QRE branch: each strategy's probability against ``lambda`` (rationality).

    ``result`` must carry ``details["qre_branch"]`` (the ``logit-qre`` solver's output); without
    it the solver is run when it is registered.
    """
    if result is None or not result.details.get("qre_branch"):
        from ..solvers import SOLVERS, solve

        if "logit-qre" not in SOLVERS:
            raise ValueError("the logit-qre solver is not available in this negsim, so there "
                             "is no QRE branch to draw")
        result = solve(game, "logit-qre")
    branch = result.details.get("qre_branch")
    if not branch:
        raise ValueError("the solver returned no QRE branch to draw")
    lam, probs = _branch_points(branch, game)
    fig, ax = new_axes(ax, (9.5, 5.8))
    styles = ("-", "--", ":", "-.")
    for i, P in enumerate(probs):
        for k in range(P.shape[1]):
            ax.plot(lam, P[:, k], color=player_color(i), linestyle=styles[k % len(styles)],
                    label=f"{game.player_names[i]}: {game.strategies[i][k]}")
    if lam.size and lam.min() > 0 and lam.max() / max(lam.min(), 1e-12) > 50:
        ax.set_xscale("log")
    ax.set_xlabel("λ (rationality: 0 = uniform play, large = best responses)")
    ax.set_ylabel("probability")
    ax.set_ylim(-0.03, 1.03)
    ax.grid(True, color="#EEEEEE")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    end = "; ".join(f"{game.player_names[i]} {game.strategies[i][int(np.argmax(P[-1]))]} "
                    f"{fmt_number(P[-1].max(), 2)}" for i, P in enumerate(probs))
    ax.set_title(wrap_title(f"{game.title or 'Game'}: logit QRE branch"))
    ax.text(0.0, -0.15, f"end of the branch: {end}", transform=ax.transAxes, fontsize=11,
            color=TEXT_GREY, va="top")
    return fig
