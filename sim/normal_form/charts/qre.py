"""The logit quantal-response (QRE) branch: each strategy's probability against ``lambda``,
read from ``SolveResult.details["qre_branch"]`` of the ``logit-qre`` solver."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ...charts.style import TEXT_GREY, fmt_number, new_axes, player_color, styled, wrap_title
from ...game import Game
from ...results import SolveResult

__all__ = ["plot_qre"]


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
                per_player[i][k] = flat[offs[i] : offs[i + 1]]
    return lam, per_player


@styled
def plot_qre(game: Game, result: SolveResult | None = None, ax=None) -> Figure:
    """The logit QRE branch: each strategy's probability against ``lambda`` (rationality).

    ``result`` must carry ``details["qre_branch"]`` (the ``logit-qre`` solver's output); without
    it the solver is run when it is registered.
    """
    if result is None or not result.details.get("qre_branch"):
        from ...solvers import SOLVERS, solve

        if "logit-qre" not in SOLVERS:
            raise ValueError(
                "the logit-qre solver is not available in this negsim, so there "
                "is no QRE branch to draw"
            )
        result = solve(game, "logit-qre")
    branch = result.details.get("qre_branch")
    if not branch:
        raise ValueError("the solver returned no QRE branch to draw")
    lam, probs = _branch_points(branch, game)
    fig, ax = new_axes(ax, (9.5, 5.8))
    styles = ("-", "--", ":", "-.")
    for i, P in enumerate(probs):
        for k in range(P.shape[1]):
            ax.plot(
                lam,
                P[:, k],
                color=player_color(i, game.player_names),
                linestyle=styles[k % len(styles)],
                label=f"{game.player_names[i]}: {game.strategies[i][k]}",
            )
    if lam.size and lam.min() > 0 and lam.max() / max(lam.min(), 1e-12) > 50:
        ax.set_xscale("log")
    ax.set_xlabel("λ (rationality: 0 = uniform play, large = best responses)")
    ax.set_ylabel("probability")
    ax.set_ylim(-0.03, 1.03)
    ax.grid(True, color="#EEEEEE")
    n_lines = sum(P.shape[1] for P in probs)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), ncols=max(1, -(-n_lines // 10)))
    end = "; ".join(
        f"{game.player_names[i]} {game.strategies[i][int(np.argmax(P[-1]))]} "
        f"{fmt_number(P[-1].max(), 2)}"
        for i, P in enumerate(probs)
    )
    ax.set_title(wrap_title(f"{game.title or 'Game'}: logit QRE branch"))
    ax.text(
        0.0,
        -0.15,
        wrap_title(f"end of the branch: {end}", 90),
        transform=ax.transAxes,
        fontsize=11,
        color=TEXT_GREY,
        va="top",
    )
    return fig
