"""Pure-strategy Nash equilibria of N-player games, vectorised over the whole profile grid."""

from __future__ import annotations

import math

import numpy as np

from ..game import Game
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
        # rational payoffs: compare on a common integer scale, exactly and still vectorised
        ex = game.exact
        den = math.lcm(*[q.denominator for q in ex.reshape(-1)])
        ints = np.vectorize(lambda q: int(q * den), otypes=[object])(ex)
        try:
            arr = ints.astype(np.int64)
        except OverflowError:
            arr = ints
        slack = 0
    else:
        arr = game.payoffs
        slack = tol * max(1.0, float(np.max(np.abs(arr))))
    masks = [
        arr[..., i] >= np.max(arr[..., i], axis=i, keepdims=True) - slack
        for i in range(game.n_players)
    ]
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
