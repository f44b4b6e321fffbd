"""Equilibrium selection beyond 2x2: payoff dominance, pairwise risk dominance and basins of
attraction under best-response and replicator dynamics, for games of any size.

- **Payoff dominance** (Harsanyi–Selten): an equilibrium every player strictly prefers to every
  other listed equilibrium.  **Pareto-dominated** equilibria: another listed equilibrium gives
  every player at least as much and someone more.
- **Pairwise risk dominance** (2 players): for two strict pure equilibria ``(a, b)`` and
  ``(c, d)`` with ``a != c`` and ``b != d``, the Harsanyi–Selten comparison in the 2x2 game of
  the strategies ``{a, c} x {b, d}``: the equilibrium with the larger product of deviation
  losses risk-dominates.
- **Best-response basins**: from random interior profiles, each player's mix moves straight
  towards its current best reply (``dx = BR(x) - x``, the continuous best-response dynamics of
  Gilboa and Matsui); the basin of an equilibrium is the share of starts that end there.
- **Replicator basins**: each player is a population; strategy shares grow with their payoff
  advantage over the population's average (``dx_k = x_k (u_k - u_bar)``).  From ``starts``
  random interior profiles, the dynamics are integrated (fourth-order Runge–Kutta, all starts
  at once).

Both start from the same profiles (uniform on each player's simplex, seeded); each end point
is matched to the nearest listed equilibrium (within ``match`` in every coordinate) or counted
as unsettled (a cycle, or still moving).  The shares are estimates with a sampling error of
about ``1/sqrt(starts)``, reported with the seed.  Payoffs are rescaled to [0, 1] (one affine
map for all players), which changes the speed, not the paths.

The basins say which equilibrium play *drifts to* from a random start; they generalise risk
dominance, which in a 2x2 coordination game picks the equilibrium with the larger basin under
best-response dynamics from uniform beliefs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from ..game import Game
from ..results import Equilibrium

__all__ = [
    "MAX_BASIN_PROFILES",
    "Basins",
    "best_response_basins",
    "pairwise_risk_dominance",
    "payoff_dominance",
    "replicator_basins",
]

#: the largest game (pure profiles) whose basins are computed
MAX_BASIN_PROFILES = 200_000


@dataclass(frozen=True)
class Basins:
    """Shares of the starting points that end at each listed equilibrium.

    ``shares[k]``: the share ending at equilibrium ``k`` (indices into the equilibria given);
    ``unsettled``: the share ending nowhere (a best-response cycle, or still moving);
    ``starts``: how many starting points; ``seed``: the random seed (``None`` when the starts
    are every pure profile)."""

    dynamics: str
    shares: tuple[float, ...]
    unsettled: float
    starts: int
    seed: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "dynamics": self.dynamics,
            "shares": list(self.shares),
            "unsettled": self.unsettled,
            "starts": self.starts,
            "seed": self.seed,
        }


def _pay(game: Game) -> Any:
    return game.exact if game.exact is not None else game.payoffs


def payoff_dominance(
    game: Game, equilibria: list[Equilibrium]
) -> tuple[int | None, list[tuple[int, int]]]:
    """``(dominant, dominated)``: the index of the equilibrium every player strictly prefers to
    every other (or ``None``), and the pairs ``(k, by)`` where equilibrium ``by`` gives every
    player at least as much as ``k`` and someone more."""
    pays = [tuple(e.payoffs) for e in equilibria]
    dominated = []
    for k, a in enumerate(pays):
        for j, b in enumerate(pays):
            if j != k and all(y >= x for x, y in zip(a, b)) and any(y > x for x, y in zip(a, b)):
                dominated.append((k, j))
                break
    dominant = None
    for k, a in enumerate(pays):
        others = [b for j, b in enumerate(pays) if j != k]
        if others and all(all(x > y for x, y in zip(a, b)) for b in others):
            dominant = k
    return dominant, dominated


def pairwise_risk_dominance(
    game: Game, equilibria: list[Equilibrium]
) -> list[tuple[int, int, Any, Any]]:
    """For each pair of strict pure equilibria of a 2-player game on different rows and
    columns: ``(k, j, product_k, product_j)``, the Nash products of deviation losses in the 2x2
    game of their strategies (the larger risk-dominates)."""
    if game.n_players != 2:
        return []
    pay = _pay(game)
    pure = [(k, e.pure_profile()) for k, e in enumerate(equilibria) if e.is_pure]
    out = []
    for (k, p), (j, q) in combinations(pure, 2):
        assert p is not None and q is not None
        (a, b), (c, d) = p, q
        if a == c or b == d:
            continue
        losses_p = (pay[a, b, 0] - pay[c, b, 0], pay[a, b, 1] - pay[a, d, 1])
        losses_q = (pay[c, d, 0] - pay[a, d, 0], pay[c, d, 1] - pay[c, b, 1])
        if min(*losses_p, *losses_q) <= 0:
            continue
        out.append((k, j, losses_p[0] * losses_p[1], losses_q[0] * losses_q[1]))
    return out


def _profiles_cap(game: Game) -> None:
    from ..scenario.errors import Location, ScenarioError

    if game.n_profiles > MAX_BASIN_PROFILES:
        raise ScenarioError(
            f"basins of attraction are computed for games of at most {MAX_BASIN_PROFILES:,} "
            f"pure profiles; this one has {game.n_profiles:,}",
            Location("basins"),
        )


def _random_starts(game: Game, starts: int, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.dirichlet(np.ones(k), size=starts) for k in game.shape]


def _normalised(game: Game) -> np.ndarray:
    U = np.asarray(game.payoffs, dtype=float)
    span = float(U.max() - U.min()) or 1.0
    return (U - U.min()) / span


def _expected(U: np.ndarray, xs: list[np.ndarray], i: int) -> np.ndarray:
    """``(starts, n_i)``: player ``i``'s payoff from each of its strategies against the others'
    mixed strategies ``xs[j]`` (``(starts, n_j)``)."""
    n = len(xs)
    if n == 2:
        # Two players: one matrix product (the dynamics call this thousands of times).
        return xs[1] @ U[..., 0].T if i == 0 else xs[0] @ U[..., 1]
    # Player i's axis last, then the others' axes contracted one at a time: a matrix product
    # for the first, batched matrix products (one per start) for the rest.
    T = np.moveaxis(U[..., i], i, -1)
    others = [j for j in range(n) if j != i]
    T = np.tensordot(xs[others[0]], T, axes=([1], [0]))
    starts = T.shape[0]
    for j in others[1:]:
        k = xs[j].shape[1]
        T = (xs[j][:, None, :] @ T.reshape(starts, k, -1)).reshape((starts,) + T.shape[2:])
    return T


def _own_payoff_columns(U: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """``(profiles, sum of n_i)``: column ``(i, s)`` holds player ``i``'s payoff at every profile
    where it plays ``s`` and 0 elsewhere (profiles in the payoff array's order), with the column
    offsets of each player; ``joint @ columns`` gives every ``x_i(s) u_i(s)`` at once."""
    shape = U.shape[:-1]
    flat = U.reshape(-1, U.shape[-1])
    profiles = np.indices(shape).reshape(len(shape), -1)
    cols = []
    for i, n in enumerate(shape):
        for s in range(n):
            cols.append(np.where(profiles[i] == s, flat[:, i], 0.0))
    cuts = [0]
    for n in shape:
        cuts.append(cuts[-1] + n)
    return np.stack(cols, axis=1), cuts


def _match(
    xs: list[np.ndarray], equilibria: list[Equilibrium], match: float
) -> tuple[np.ndarray, int]:
    """Counts of end points within ``match`` (largest coordinate gap) of each equilibrium, and
    the number matched to none."""
    starts = xs[0].shape[0]
    counts = np.zeros(len(equilibria))
    if not equilibria:
        return counts, starts
    T = np.stack(
        [np.concatenate([np.asarray(s, dtype=float) for s in e.as_floats()]) for e in equilibria]
    )
    ends = np.concatenate(xs, axis=1)
    dist = np.abs(ends[:, None, :] - T[None, :, :]).max(axis=2)
    nearest = dist.argmin(axis=1)
    close = dist[np.arange(starts), nearest] <= match
    for k in range(len(equilibria)):
        counts[k] = int(np.sum(close & (nearest == k)))
    return counts, int(np.sum(~close))


def _check_size(game: Game) -> None:
    _profiles_cap(game)
    if game.n_players > 16:
        from ..scenario.errors import Location, ScenarioError

        raise ScenarioError("basins of attraction need at most 16 players", Location("basins"))


def _basins(
    dynamics: str,
    game: Game,
    equilibria: list[Equilibrium],
    starts: int,
    seed: int,
    match: float,
    advance: Callable[[np.ndarray, list[np.ndarray]], list[np.ndarray]],
) -> Basins:
    """Draw the starts, run ``advance(U, xs)`` (the dynamics, on payoffs rescaled to [0, 1]) and
    count where the end points are."""
    _check_size(game)
    xs = advance(_normalised(game), _random_starts(game, starts, seed))
    counts, unsettled = _match(xs, equilibria, match)
    return Basins(
        dynamics, tuple(float(c / starts) for c in counts), unsettled / starts, starts, seed
    )


def best_response_basins(
    game: Game,
    equilibria: list[Equilibrium],
    *,
    starts: int = 1000,
    seed: int = 0,
    horizon: float = 30.0,
    match: float = 1e-3,
) -> Basins:
    """Basins under the continuous best-response dynamics (each player's mix moves straight
    towards its current best reply, ``dx = BR(x) - x``; the first best reply on a tie) from
    ``starts`` random interior profiles.  In a 2x2 coordination game the boundary is the mixed
    equilibrium, so the larger basin is the risk-dominant equilibrium's."""
    dt = 0.02
    rows = np.arange(starts)

    def advance(U: np.ndarray, xs: list[np.ndarray]) -> list[np.ndarray]:
        for _ in range(int(horizon / dt)):
            new = []
            for i, x in enumerate(xs):
                br = np.zeros_like(x)
                br[rows, np.argmax(_expected(U, xs, i), axis=1)] = 1.0
                new.append(x + dt * (br - x))
            xs = new
        return xs

    return _basins("best response", game, equilibria, starts, seed, match, advance)


def replicator_basins(
    game: Game,
    equilibria: list[Equilibrium],
    *,
    starts: int = 1000,
    seed: int = 0,
    horizon: float = 200.0,
    match: float = 1e-3,
) -> Basins:
    """Basins under the multi-population replicator dynamics from ``starts`` random interior
    profiles (time ``horizon``, payoffs rescaled to [0, 1])."""
    dt = 0.1

    def advance(U: np.ndarray, xs: list[np.ndarray]) -> list[np.ndarray]:
        weighted, cuts = _own_payoff_columns(U)

        def field(ps: list[np.ndarray]) -> list[np.ndarray]:
            # x_i(s) u_i(s) is the probability-weighted sum of player i's payoffs over the
            # profiles where it plays s: one joint distribution and one matrix product serve
            # every player
            starts = ps[0].shape[0]
            joint = np.ones((starts, 1))
            for x in ps:
                joint = (joint[:, :, None] * x[:, None, :]).reshape(starts, -1)
            xu_all = joint @ weighted
            out = []
            for x, lo, hi in zip(ps, cuts[:-1], cuts[1:]):
                xu = xu_all[:, lo:hi]
                out.append(xu - x * xu.sum(axis=1, keepdims=True))
            return out

        for step in range(int(horizon / dt)):
            k1 = field(xs)
            k2 = field([x + dt / 2 * d for x, d in zip(xs, k1)])
            k3 = field([x + dt / 2 * d for x, d in zip(xs, k2)])
            k4 = field([x + dt * d for x, d in zip(xs, k3)])
            xs = [
                np.clip(x + dt / 6 * (a + 2 * b + 2 * c + d), 0.0, None)
                for x, a, b, c, d in zip(xs, k1, k2, k3, k4)
            ]
            xs = [x / x.sum(axis=1, keepdims=True) for x in xs]
            if step % 50 == 49 and max(float(np.abs(d).max()) for d in field(xs)) < 1e-9:
                break
        return xs

    return _basins("replicator", game, equilibria, starts, seed, match, advance)
