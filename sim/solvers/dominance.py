"""Iterated elimination of dominated strategies, every step recorded.

Definitions (Maschler, Solan, Zamir, *Game Theory*, 2013, §4.5; Fudenberg and Tirole, *Game
Theory*, 1991, §2.1).  In the game that remains, strategy ``s`` of player ``i`` is

* *strictly dominated* by ``d`` (a pure strategy or a mixture of ``i``'s other remaining
  strategies) if ``u_i(d, o) > u_i(s, o)`` for every profile ``o`` of the other players'
  remaining pure strategies;
* *weakly dominated* by ``d`` if ``u_i(d, o) >= u_i(s, o)`` for every ``o``, with ``>`` for at
  least one.

Domination by a mixture is decided by a linear program (scipy's HiGHS): for strict dominance,
maximise ``e`` subject to ``sum_t p_t u_i(t, o) - u_i(s, o) >= e`` for all ``o`` over the simplex
of ``p``; ``s`` is strictly dominated iff the optimum is positive.  For weak dominance, maximise
the total advantage subject to no disadvantage anywhere; ``s`` is weakly dominated iff that is
positive.  With rational payoffs the mixture the LP found is turned into exact Fractions (by
re-solving its tight constraints exactly, or by rounding when there is slack) and the
domination is re-checked exactly; the recorded margin is then an exact Fraction.

Order of elimination.  One strategy is removed per step.  Pure dominators first: the search goes
through the players in order and through each player's remaining strategies in order (every pair
of strategies compared at once, in arrays); the first strategy a pure strategy dominates is
removed, with its dominator of largest margin, and the search starts again.  Only when no pure
strategy dominates any other does the search look for mixtures (one LP per strategy, in the same
order; a strategy no mixture dominates is not tested again until another player loses a
strategy).  For *strict* dominance the
order does not matter: every order ends in the same reduced game (Gilboa, Kalai, Zemel, *Math.
Oper. Res.* 15, 1990).  For *weak* dominance it does: different orders can leave different
games and lose different equilibria, so the reduced game of ``weak=True`` is "the result of this
order", not a property of the game.  Weak elimination never removes a strategy against which
nothing is gained somewhere, and it keeps at least one equilibrium of the original game;
strict elimination keeps all of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ..game import Game
from .registry import Deadline, SolverTimeout

__all__ = ["DominanceResult", "DominanceStep", "iterated_elimination"]


@dataclass(frozen=True)
class DominanceStep:
    """One elimination: ``player``'s ``strategy`` (ids) is dominated by ``dominated_by``.

    ``dominated_by`` is a strategy id (pure dominance) or ``{strategy id: probability}``
    (mixed; Fractions when exact).  ``strict`` says which kind; ``margin`` is the smallest
    payoff advantage of the dominator over the eliminated strategy across the other players'
    remaining profiles (positive when strict; may be 0 when weak).
    """

    player: str
    strategy: str
    dominated_by: str | dict
    strict: bool
    margin: Fraction | float


@dataclass(frozen=True)
class DominanceResult:
    """The reduced game and the steps that produced it, in order."""

    game: Game
    steps: tuple[DominanceStep, ...]
    weak: bool
    mixed: bool
    kept: tuple[tuple[int, ...], ...] = field(default=())  # indices into the original game
    #: false when the time limit stopped the search: more strategies may be dominated
    complete: bool = True
    #: the time limit that stopped it (seconds), when one did
    seconds: float | None = None

    @property
    def reduced(self) -> Game:
        return self.game

    @property
    def solved(self) -> bool:
        """Whether the game is dominance-solvable: one strategy left for every player."""
        return all(len(s) == 1 for s in self.game.strategies)


def _player_matrix(src: np.ndarray, keep: list[list[int]], i: int) -> np.ndarray:
    """Player ``i``'s payoffs as a (strategies of i) x (others' profiles) matrix."""
    sub = src[np.ix_(*keep)]
    return np.moveaxis(sub, i, 0).reshape(len(keep[i]), -1)


def _lp(c, A_ub, b_ub, A_eq, b_eq, bounds):
    from scipy.optimize import linprog

    res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")
    return res if res.status == 0 else None


def _mixed_dominator(U: np.ndarray, s: int, others: list[int], weak: bool, slack: float):
    """LP: a mixture over rows ``others`` of ``U`` dominating row ``s``; returns probabilities
    (floats, aligned with ``others``) or ``None``."""
    k = len(others)
    D = U[others] - U[s]  # (k, P): advantage of each pure alternative
    size = float(np.max(np.abs(D), initial=0.0))
    if size > 0:
        # the LP sees advantages of order 1, whatever the unit of the payoffs
        D = D / size
        slack = slack / size
    P = D.shape[1]
    if not weak:
        # variables (p_1..p_k, e): maximise e s.t. e - p.D[:, o] <= 0
        c = np.zeros(k + 1)
        c[-1] = -1.0
        A_ub = np.hstack([-D.T, np.ones((P, 1))])
        res = _lp(
            c,
            A_ub,
            np.zeros(P),
            np.hstack([np.ones((1, k)), [[0.0]]]),
            [1.0],
            [(0, None)] * k + [(None, None)],
        )
        if res is None or -res.fun <= slack:
            return None
        return res.x[:k]
    # weak: maximise total advantage s.t. advantage >= 0 everywhere
    c = -D.sum(axis=1)
    res = _lp(c, -D.T, np.zeros(P), np.ones((1, k)), [1.0], [(0, None)] * k)
    if res is None or -res.fun <= slack:
        return None
    return res.x


def _exact_mixture(Ue: np.ndarray, s: int, others: list[int], p: np.ndarray, weak: bool):
    """Exact Fractions ``q`` near ``p`` that dominate row ``s`` of ``Ue`` (exact); or ``None``."""
    from .exact_linear import solve_rational

    De = Ue[others] - Ue[s]
    Df = np.asarray(De, dtype=float)

    def check(q):
        if any(v < 0 for v in q) or sum(q) != 1:
            return None
        adv = [
            sum((q[t] * De[t, o] for t in range(len(q))), Fraction(0)) for o in range(De.shape[1])
        ]
        lo = min(adv)
        if (lo > 0) or (weak and lo >= 0 and max(adv) > 0):
            return lo
        return None

    support = [t for t in range(len(p)) if p[t] > 1e-9]
    # 1) re-solve the tight constraints exactly on the support
    adv_f = p @ Df
    lo_f = adv_f.min()
    tight = [o for o in range(Df.shape[1]) if adv_f[o] <= lo_f + 1e-9 * max(1.0, abs(lo_f))]
    rows = [[Fraction(1)] * len(support) + [Fraction(0)]]
    rhs = [Fraction(1)]
    for o in tight:
        rows.append([De[t, o] for t in support] + [Fraction(-1)])
        rhs.append(Fraction(0))
    z = solve_rational(rows, rhs, unique=False)
    if z is not None:
        q = [Fraction(0)] * len(p)
        for t, v in zip(support, z[:-1]):
            q[t] = v
        lo = check(q)
        if lo is not None:
            return q, lo
    # 2) rounding (works whenever there is slack)
    for den in (10, 100, 1000, 10**4, 10**6, 10**9):
        q = [Fraction(float(v)).limit_denominator(den) if v > 1e-12 else Fraction(0) for v in p]
        tot = sum(q)
        if tot == 0:
            continue
        q = [v / tot for v in q]
        lo = check(q)
        if lo is not None:
            return q, lo
    return None


#: the most numbers one vectorised comparison of pure strategies may hold at once
_CHUNK_CELLS = 4_000_000


def _integer_matrix(Ue: np.ndarray) -> tuple[np.ndarray, int] | None:
    """``Ue`` (Fractions) times the common denominator of its entries, as int64 when every
    difference of two entries fits; ``None`` when they do not (the caller then checks
    exactly entry by entry)."""
    den = 1
    for v in Ue.flat:
        den = den * v.denominator // math.gcd(den, v.denominator)
        if den > 2**62:
            return None
    ints = [int(v * den) for v in Ue.flat]
    if ints and max(abs(x) for x in ints) >= 2**61:
        return None
    return np.array(ints, dtype=np.int64).reshape(Ue.shape), den


def _pure_candidates(M: np.ndarray, weak: bool, slack: float):
    """For each row ``s`` of ``M``, the rows ``t`` that dominate it, with their margins.

    ``M`` holds exact integers (``slack`` 0) or floats (``slack`` the tolerance); every pair
    is compared in a few vectorised passes (``k x k x P`` numbers, in chunks of rows).
    Yields ``(s, [(margin, t), ...])`` for the rows that have a dominator, in order.
    """
    k, P = M.shape
    rows = max(1, _CHUNK_CELLS // max(1, k * P))
    for a in range(0, k, rows):
        diff = M[None, :, :] - M[a : a + rows, None, :]  # [s, t, o] = M[t, o] - M[s, o]
        lo = diff.min(axis=2)
        if weak:
            hi = diff.max(axis=2)
            ok = (lo >= -slack) & (hi > slack) if slack else (lo >= 0) & (hi > 0)
        else:
            ok = lo > slack
        for r in np.flatnonzero(ok.any(axis=1)):
            s = a + int(r)
            yield s, [(lo[r, t], int(t)) for t in np.flatnonzero(ok[r]) if t != s]


def _integer_payoffs(game: Game) -> list[tuple[np.ndarray, int] | None]:
    """Each player's exact payoffs times the common denominator of that player's payoffs, as
    int64 (``None`` for a player whose numbers do not fit): one scale for every subgame."""
    if game.exact is None:
        return [None] * game.n_players
    return [_integer_matrix(game.exact[..., i]) for i in range(game.n_players)]


def _pure_step(
    game: Game,
    keep: list[list[int]],
    weak: bool,
    tol: float,
    ints: list[tuple[np.ndarray, int] | None],
):
    """The first strategy, in (player, strategy) order, that a pure strategy dominates, with
    its dominator of largest margin; exact on exact games (``ints``: :func:`_integer_payoffs`)."""
    exact = game.exact is not None
    scale = max(1.0, float(np.max(np.abs(game.payoffs))))
    for i in range(game.n_players):
        if len(keep[i]) < 2:
            continue
        if exact:
            got = ints[i]
            if got is not None:
                # exact integers (the payoffs times a positive constant): decided at once
                M = _player_matrix(got[0], keep, i)
                for s, cands in _pure_candidates(M, weak, 0.0):
                    lo, t = max(cands, key=lambda c: (c[0], -c[1]))
                    margin = Fraction(int(lo), got[1])
                    return i, s, game.strategies[i][keep[i][t]], margin > 0, margin
                continue
            # huge numbers: floats find the candidates (with room for rounding), each is then
            # decided exactly
            Ue = _player_matrix(game.exact[..., i], keep, i)
            M = _player_matrix(game.payoffs[..., i], keep, i)
            for s, cands in _pure_candidates(M, False, -1e-9 * scale):
                best = None
                for _, t in cands:
                    d = Ue[t] - Ue[s]
                    lo, hi = min(d), max(d)
                    if (lo > 0 or (weak and lo >= 0 and hi > 0)) and (best is None or lo > best[1]):
                        best = (t, lo)
                if best is not None:
                    t, lo = best
                    return i, s, game.strategies[i][keep[i][t]], lo > 0, lo
        else:
            U = _player_matrix(game.payoffs[..., i], keep, i)
            slack = tol * scale
            for s, cands in _pure_candidates(U, weak, slack):
                lo, t = max(cands, key=lambda c: (c[0], -c[1]))
                return i, s, game.strategies[i][keep[i][t]], lo > slack, float(lo)
    return None


def _mixed_step(
    game: Game,
    keep: list[list[int]],
    weak: bool,
    tol: float,
    checked: list[set[int]],
    deadline: Deadline | None,
):
    """The first strategy, in (player, strategy) order, that a mixture of the player's other
    strategies dominates (an LP for each strategy not already known undominated in this
    game: ``checked[i]`` holds those, by original index).  On exact games the LP only
    proposes: the mixture and its margin are rebuilt in Fractions and checked exactly."""
    exact = game.exact is not None
    scale = max(1.0, float(np.max(np.abs(game.payoffs))))
    slack = tol * scale
    for i in range(game.n_players):
        if len(keep[i]) < 3:
            continue
        U = _player_matrix(game.payoffs[..., i], keep, i)
        Ue = _player_matrix(game.exact[..., i], keep, i) if exact else None
        for s in range(len(keep[i])):
            if keep[i][s] in checked[i]:
                continue
            if deadline is not None:
                deadline.check()
            others = [t for t in range(len(keep[i])) if t != s]
            got = None
            p = None
            # a strict mixed dominator is preferred (and reported as strict) even when weak
            for kind in (False, True) if weak else (False,):
                # exact games: any optimum that is not clearly negative is worth an exact look
                p = _mixed_dominator(U, s, others, kind, -slack if exact else slack)
                if p is None:
                    continue
                if not exact:
                    break
                got = _exact_mixture(Ue, s, others, p, kind)
                if got is not None:
                    break  # else the float LP was too optimistic (or the margin is 0)
                p = None
            if p is None:
                checked[i].add(keep[i][s])
                continue
            if exact:
                q, lo = got
                strict = lo > 0
            else:
                q = [float(v) for v in np.clip(p, 0, None) / np.clip(p, 0, None).sum()]
                lo = float(min(np.asarray(q) @ (U[others] - U[s])))
                strict = lo > slack
            by = {game.strategies[i][keep[i][t]]: v for t, v in zip(others, q) if v != 0}
            return i, s, by, strict, lo
    return None


def iterated_elimination(
    game: Game,
    *,
    weak: bool = False,
    mixed: bool = True,
    tol: float = 1e-9,
    deadline: Deadline | None = None,
) -> DominanceResult:
    """Remove dominated strategies one at a time until none is left; record every step.

    ``weak=False`` removes strictly dominated strategies only (order-independent result);
    ``weak=True`` also weakly dominated ones (order-dependent: see the module docstring for the
    order used).  ``mixed=True`` also tests domination by mixtures (an LP per strategy).
    Exact (Fraction margins and probabilities) when the game has rational payoffs; on a game
    without exact payoffs a margin must pass ``tol`` times the largest payoff.

    ``deadline`` (a :class:`~sim.solvers.registry.Deadline`) stops the search between LPs; the
    result then says so (``complete`` false) and holds the steps made so far, every one of them
    proved.
    """
    keep = [list(range(k)) for k in game.shape]
    steps = []
    checked: list[set[int]] = [set() for _ in game.shape]
    complete = True
    ints = _integer_payoffs(game)
    while True:
        found = _pure_step(game, keep, weak, tol, ints)
        if found is None and mixed:
            try:
                found = _mixed_step(game, keep, weak, tol, checked, deadline)
            except SolverTimeout:
                complete = False
                break
        if found is None:
            break
        i, s, by, strict, lo = found
        steps.append(
            DominanceStep(
                player=game.players[i],
                strategy=game.strategies[i][keep[i][s]],
                dominated_by=by,
                strict=bool(strict),
                margin=lo,
            )
        )
        del keep[i][s]
        # a strategy of another player that no mixture dominated may be dominated now
        for j in range(game.n_players):
            if j != i:
                checked[j].clear()
    reduced = game.restrict(keep) if steps else game
    return DominanceResult(
        game=reduced,
        steps=tuple(steps),
        weak=weak,
        mixed=mixed,
        kept=tuple(tuple(k) for k in keep),
        complete=complete,
        seconds=None if deadline is None else deadline.seconds,
    )
