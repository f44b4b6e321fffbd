"""Pure-strategy Nash equilibria of N-player games, vectorised over the whole profile grid."""

from __future__ import annotations

import numpy as np

from ..game import Game
from ..results import payoff_scale
from .registry import SolverOutput, pure_profile_vectors, register


def best_response_mask(game: Game, tol: float = 0.0, exact: bool | None = None) -> np.ndarray:
    """Boolean tensor of shape ``(n_1, ..., n_N, N)``: ``[s, i]`` is True when ``s_i`` is a best
    response of player ``i`` to the others' strategies in ``s``.

    Uses exact payoffs when the game has them (ties are then ties), else floats with ``tol`` slack
    scaled by the largest payoff.
    """
    use_exact = game.exact is not None if exact is None else exact
    pay = game.payoffs
    if use_exact and np.all(np.abs(pay) < 2.0**53) and np.array_equal(pay, np.rint(pay)):
        # integer payoffs: their floats are exact (|p| < 2^53) and, by the Game contract, equal
        # to the exact values, so float comparisons decide ties exactly and fast
        arr, slack = pay, 0.0
    elif use_exact:
        return _exact_mask(game)
    else:
        arr = game.payoffs
        slack = tol * max(1.0, float(np.max(np.abs(arr))))
    masks = [
        arr[..., i] >= np.max(arr[..., i], axis=i, keepdims=True) - slack
        for i in range(game.n_players)
    ]
    return np.stack(masks, axis=-1)


#: relative margin within which two float payoffs are compared again exactly (floats of exact
#: payoffs are within a few units in the last place of them, far inside this)
_NEAR = 1e-9


def _exact_mask(game: Game) -> np.ndarray:
    """:func:`best_response_mask` for rational payoffs that are not all small integers.

    The floats decide every comparison they can: a strategy whose float payoff is below the
    line's float maximum by more than ``_NEAR`` (relative to the largest payoff) is exactly
    worse.  Only the strategies within that margin of a line's maximum are compared again in
    exact arithmetic, and only on lines where more than one is that close.
    """
    pay, ex = game.payoffs, game.exact
    assert ex is not None
    near = _NEAR * payoff_scale(game)
    masks = []
    for i in range(game.n_players):
        u = pay[..., i]
        top = np.max(u, axis=i, keepdims=True)
        close = u >= top - near
        mask = close.copy()
        crowded = np.argwhere(np.sum(close, axis=i) > 1)  # lines with several contenders
        if crowded.size:
            moved = np.moveaxis(mask, i, -1)  # a view: lines along the last axis
            closem = np.moveaxis(close, i, -1)
            exm = np.moveaxis(ex[..., i], i, -1)
            for line in map(tuple, crowded):
                idx = np.flatnonzero(closem[line])
                vals = [exm[line][k] for k in idx]
                best = max(vals)
                moved[line][idx] = [v == best for v in vals]
        masks.append(mask)
    return np.stack(masks, axis=-1)


def pure_equilibrium_profiles(game: Game, tol: float = 0.0) -> list[tuple[int, ...]]:
    """Indices of every pure Nash equilibrium, in lexicographic profile order."""
    mask = best_response_mask(game, tol=tol).all(axis=-1)
    return [tuple(int(x) for x in idx) for idx in np.argwhere(mask)]


@register(
    "pure",
    players="N",
    finds="all-pure",
    exact=True,
    summary="every pure-strategy Nash equilibrium (any number of players)",
)
def pure_solver(game: Game, *, tol: float, deadline) -> SolverOutput:
    profiles = pure_equilibrium_profiles(game, tol=tol)
    cands = [pure_profile_vectors(game, p) for p in profiles]
    return SolverOutput(
        candidates=cands,
        complete=True,
        complete_set=False,
        message="" if cands else "no pure-strategy equilibrium",
    )
