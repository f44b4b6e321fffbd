"""Facts about a stage game that repeated play builds on.

- :func:`best_deviation`: the most a player can get in one round by deviating from a pure profile;
- :func:`stage_equilibria`: the certified equilibria of the stage game (grim trigger's threats);
- :func:`minmax`: each player's minmax payoff (what the others can hold it down to) with the
  punishing strategies, exact where linear programming gives a rational vertex;
- :func:`feasible_ir_region`: the feasible, individually rational payoff region of a 2-player
  game as an exact polygon;
- :func:`unique_equilibrium_by_dominance`: iterated elimination of strictly dominated
  strategies, a certificate that the stage game has exactly one equilibrium.

Pure profiles are tuples of strategy indices; see :mod:`sim.game` for the payoff tensor.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..game import Game
from ..geometry import clip_halfplane, convex_hull
from ..numbers import fmt_exact, to_number
from ..results import SolveResult, expected_payoffs, integer_payoffs
from ..solvers.exact_linear import solve_rational

__all__ = [
    "Minmax",
    "best_deviation",
    "feasible_ir_region",
    "minmax",
    "payoff",
    "stage_equilibria",
    "unique_equilibrium_by_dominance",
]


def _tensor(game: Game) -> np.ndarray:
    return game.exact if game.exact is not None else game.payoffs


def payoff(game: Game, profile, player: int):
    """Player's payoff at a pure profile (a Fraction when the game is exact)."""
    return to_number(_tensor(game)[tuple(profile) + (player,)])


def best_deviation(game: Game, profile, player: int) -> tuple[int, object]:
    """``(strategy, payoff)``: ``player``'s best one-round reply to the others' part of
    ``profile``.

    Ties go to the profile's own strategy (so a player already best-responding "deviates" to
    itself), then to the lowest index.
    """
    t = _tensor(game)
    idx = list(profile)
    best_s, best_v = profile[player], payoff(game, profile, player)
    for s in range(game.shape[player]):
        idx[player] = s
        v = to_number(t[tuple(idx) + (player,)])
        if v > best_v:
            best_s, best_v = s, v
    return best_s, best_v


def stage_equilibria(
    game: Game, method: str = "auto", time_limit: float | None = None
) -> SolveResult:
    """Certified equilibria of the stage game (``sim.solvers.solve``)."""
    from ..solvers import solve

    return solve(game, method, time_limit=time_limit)


@dataclass(frozen=True)
class Minmax:
    """Player ``player``'s minmax payoff.

    ``value``: the lowest payoff the others can hold the player to when it best-responds.
    ``exact``: ``value`` is an exact Fraction (verified by a matching guarantee for the player).
    ``punishers``: the others' strategy that achieves it — a tuple of mixed strategies (one per
    other player, in player order) or ``None`` when only a correlated punishment was found.
    ``guarantee``: the player's own mixed strategy that secures ``value`` (its maxmin strategy).
    ``pure_value``: the minmax against pure punishments only (an upper bound).
    ``note``: how it was computed.
    """

    player: int
    value: object
    exact: bool
    punishers: tuple | None
    guarantee: tuple | None
    pure_value: object
    note: str = ""


def _rationalise(v: np.ndarray, max_den: int = 10**6) -> tuple[Fraction, ...] | None:
    v = np.clip(np.asarray(v, dtype=float), 0.0, None)
    if v.sum() <= 0:
        return None
    v = v / v.sum()
    q = [Fraction(float(x)).limit_denominator(max_den) for x in v]
    big = int(np.argmax(v))
    q[big] = 1 - (sum(q) - q[big])
    if any(x < 0 for x in q):
        return None
    return tuple(q)


def _verified(U2, p, q) -> bool:
    if p is None or q is None:
        return False
    own, m = U2.shape
    upper = max(sum(to_number(U2[r, c]) * q[c] for c in range(m)) for r in range(own))
    lower = min(sum(to_number(U2[r, c]) * p[r] for r in range(own)) for c in range(m))
    return upper == lower


def _exact_on_supports(U2, p_float, q_float, tol: float = 1e-9):
    """Exact maxmin/minmax strategies from the supports of the float LP solutions.

    On the supports the strategies equalise: the player's strategy ``p`` makes every column in
    ``supp(q)`` pay the value, the punisher's ``q`` makes every row in ``supp(p)`` pay it.  When
    the supports have equal size the two square systems are solved exactly.
    """
    own, m = U2.shape
    R = [r for r in range(own) if p_float[r] > tol]
    C = [c for c in range(m) if q_float[c] > tol]
    if len(R) != len(C) or not R:
        return None, None
    k = len(R)
    U = [[to_number(U2[r, c]) for c in C] for r in R]
    # q on C and v: sum_c U[r][c] q_c - v = 0 for r in R; sum q = 1
    Mq = [U[i] + [Fraction(-1)] for i in range(k)] + [[Fraction(1)] * k + [Fraction(0)]]
    xq = solve_rational(Mq, [Fraction(0)] * k + [Fraction(1)])
    Mp = [[U[i][j] for i in range(k)] + [Fraction(-1)] for j in range(k)] + [
        [Fraction(1)] * k + [Fraction(0)]
    ]
    xp = solve_rational(Mp, [Fraction(0)] * k + [Fraction(1)])
    if xq is None or xp is None or any(x < 0 for x in xq[:k] + xp[:k]):
        return None, None
    q = [Fraction(0)] * m
    p = [Fraction(0)] * own
    for c, x in zip(C, xq[:k]):
        q[c] = x
    for r, x in zip(R, xp[:k]):
        p[r] = x
    return tuple(p), tuple(q)


def _exact_zero_sum(U2) -> tuple[tuple, tuple, Fraction] | None:
    """An exact optimal pair and the value of the zero-sum game with row payoffs ``U2``
    (Fractions), by exact vertex enumeration; ``None`` if none is found."""
    from ..solvers import solve

    res = solve(Game.from_bimatrix(U2), "enumerate", time_limit=10)
    if not res.equilibria or not res.equilibria[0].exact:
        return None
    p, q = res.equilibria[0].strategies
    value = sum(U2[r, c] * p[r] * q[c] for r in range(len(p)) for c in range(len(q)))
    return tuple(p), tuple(q), Fraction(value)


def minmax(game: Game, player: int) -> Minmax:
    """Minmax payoff of ``player`` (others punish, the player best-responds).

    Two players: a linear programme (HiGHS) gives the punisher's mixed strategy and the player's
    guarantee; both are turned into fractions and verified exactly, so the value is exact when
    the payoffs are.  More players: the others may only mix independently, which is not a linear
    programme; we compute the correlated-punishment value (a lower bound, exact) and the pure
    minmax (an upper bound) and report the value as exact only when the two agree.
    """
    from scipy.optimize import linprog

    n = game.n_players
    exact_game = game.exact is not None
    t = _tensor(game)
    U = np.moveaxis(t[..., player], player, 0)  # (n_player, others...)
    own = U.shape[0]
    U2 = U.reshape(own, -1)  # rows: own strategies; cols: others' joint profiles (C order)
    m = U2.shape[1]
    others = [j for j in range(n) if j != player]
    other_shape = [game.shape[j] for j in others]

    # pure minmax: others pick the joint pure profile minimising the player's best reply
    if exact_game:
        from ..solvers.zero_sum import integer_rows, lp_with_dual, unique_optimum

        ints = integer_payoffs(game)
        if ints is not None:
            D, T = ints
            rows = np.moveaxis(T[..., player], player, 0).reshape(own, -1).tolist()
        else:
            rows, D = integer_rows(U2)
        # float(Fraction) rounds correctly, and so does an int that is exactly a payoff
        Uf = np.asarray(rows, dtype=float) if D == 1 else np.asarray(U2, dtype=float)
        col_max = [max(col) for col in zip(*rows)]
        c_pure = min(range(m), key=col_max.__getitem__)
        pure_value = Fraction(col_max[c_pure], D)
        # one LP gives the guarantee and, as its dual, the punishment; when their supports fix
        # a unique optimal pair, it is recovered and certified in integers
        pair = lp_with_dual(Uf) if n == 2 else None
        fast = unique_optimum(rows, *pair) if pair is not None else None
        if fast is not None:
            note = "linear programme (HiGHS), verified exactly"
            return Minmax(player, fast[0] / D, True, (fast[2],), fast[1], pure_value, note)
    else:
        Uf = np.asarray(U2, dtype=float)
        best_reply = [max(to_number(x) for x in U2[:, c]) for c in range(m)]
        c_pure = int(min(range(m), key=lambda c: best_reply[c]))
        pure_value = best_reply[c_pure]

    # the LPs run on payoffs scaled to at most 1 in size (HiGHS fails on payoffs near 1e20);
    # their solutions are probabilities, and the value is scaled back
    scale = float(np.abs(Uf).max()) if Uf.size else 1.0
    scale = scale if scale > 0 and np.isfinite(scale) else 1.0
    Uf = Uf / scale
    # punisher LP: min v  s.t.  Uf q <= v, sum q = 1, q >= 0     (variables q_1..q_m, v)
    res_q = linprog(
        np.r_[np.zeros(m), 1.0],
        A_ub=np.c_[Uf, -np.ones(own)],
        b_ub=np.zeros(own),
        A_eq=np.r_[np.ones(m), 0.0].reshape(1, -1),
        b_eq=[1.0],
        bounds=[(0, None)] * m + [(None, None)],
        method="highs",
    )
    # guarantee LP: max w  s.t.  p Uf >= w, sum p = 1, p >= 0
    res_p = linprog(
        np.r_[np.zeros(own), -1.0],
        A_ub=np.c_[-Uf.T, np.ones(m)],
        b_ub=np.zeros(m),
        A_eq=np.r_[np.ones(own), 0.0].reshape(1, -1),
        b_eq=[1.0],
        bounds=[(0, None)] * own + [(None, None)],
        method="highs",
    )
    lp_ok = res_q.status == 0 and res_p.status == 0 and res_q.x is not None and res_p.x is not None
    exact_pair = None
    if n == 2 and exact_game and not lp_ok:
        exact_pair = _exact_zero_sum(U2)
    if exact_pair is not None:
        p_e, q_e, v_e = exact_pair
        note = "exact vertex enumeration of the zero-sum game (the LP failed)"
        return Minmax(player, v_e, True, (q_e,), p_e, pure_value, note)
    if not lp_ok:
        # the solver gave no optimum (numerical trouble): the pure minmax is an upper bound
        why = res_q.message if res_q.status != 0 else res_p.message
        note = f"the linear programme failed ({why}); the pure minmax, an upper bound, is reported"
        if n == 2:
            prof = (tuple(1 if k == c_pure else 0 for k in range(m)),)
        else:
            prof = tuple(
                tuple(1 if k == s_ else 0 for k in range(game.shape[j]))
                for j, s_ in zip(others, np.unravel_index(c_pure, other_shape))
            )
        return Minmax(player, pure_value, False, prof, None, pure_value, note)
    value = float(res_q.x[-1]) * scale
    q_exact = p_exact = None
    exact = False
    if exact_game:
        q_exact = _rationalise(res_q.x[:m])
        p_exact = _rationalise(res_p.x[:own])
        if not _verified(U2, p_exact, q_exact):
            # large denominators: solve the equalising equations on the supports exactly
            p_exact, q_exact = _exact_on_supports(U2, res_p.x[:own], res_q.x[:m])
        if q_exact is not None and p_exact is not None:
            upper = max(sum(to_number(U2[r, c]) * q_exact[c] for c in range(m)) for r in range(own))
            lower = min(sum(to_number(U2[r, c]) * p_exact[r] for r in range(own)) for c in range(m))
            if upper == lower:
                value, exact = upper, True
        if not exact and n == 2:
            # payoffs of very different sizes defeat the LP's tolerance: solve exactly
            exact_pair = _exact_zero_sum(U2)
            if exact_pair is not None:
                p_exact, q_exact, value = exact_pair
                exact = True
    note = "linear programme (HiGHS), verified exactly" if exact else "linear programme (HiGHS)"

    punishers = None
    guarantee = p_exact if exact else tuple(float(x) for x in res_p.x[:own])
    if n == 2:
        q = q_exact if exact else tuple(float(x) for x in res_q.x[:m])
        punishers = (q,)
    else:
        # correlated value = lower bound; it is the true (independent) minmax if a pure punishment
        # reaches it
        if (pure_value == value) if exact else abs(float(pure_value) - value) <= 1e-9:
            prof = np.unravel_index(c_pure, other_shape)
            punishers = tuple(
                tuple(1 if k == s else 0 for k in range(game.shape[j]))
                for j, s in zip(others, prof)
            )
            note = "a pure punishment reaches the correlated lower bound, so this is exact"
            value = pure_value
        else:
            lower = value
            found, sigma = _independent_punishment(game, player, exact_game)
            better = found < pure_value
            punishers = (
                sigma
                if better
                else tuple(
                    tuple(1 if k == s else 0 for k in range(game.shape[j]))
                    for j, s in zip(others, np.unravel_index(c_pure, other_shape))
                )
            )
            value = found if better else pure_value
            if exact and value == lower:
                note = (
                    "an independent punishment (found by search) reaches the correlated "
                    "lower bound, so this is exact"
                )
            else:
                exact = False
                if isinstance(value, Fraction) and value.denominator > 1000:
                    value = float(value)
                note = (
                    f"others mixing independently: at least {fmt_exact(lower)} (the correlated "
                    f"punishment) and at most {fmt_exact(value)}, reached by the best "
                    "independent punishment a numerical search found; that upper bound is "
                    "reported"
                )
    return Minmax(player, value, exact, punishers, guarantee, pure_value, note)


def _independent_punishment(game: Game, player: int, exact: bool, starts: int = 12, seed: int = 0):
    """Search the others' independent mixtures for the one that holds ``player`` lowest.

    Minimises ``t`` subject to ``u_player(s, σ_-i) <= t`` for every own strategy ``s`` (SLSQP from
    several random starts).  The best mixture found is rounded to fractions and its value
    recomputed exactly when the game is exact, so the returned value is achieved by the returned
    punishment (an upper bound on the minmax), never an estimate.
    """
    from scipy.optimize import minimize

    n = game.n_players
    others = [j for j in range(n) if j != player]
    sizes = [game.shape[j] for j in others]
    U = np.moveaxis(np.asarray(game.payoffs[..., player], dtype=float), player, 0)
    splits = np.cumsum(sizes)[:-1]

    def payoff_vector(x):
        out = U
        for sigma in reversed(np.split(x, splits)):
            out = out @ sigma
        return out

    cons = [{"type": "ineq", "fun": lambda z: z[-1] - payoff_vector(z[:-1])}]
    start = 0
    for k in sizes:
        cons.append({"type": "eq", "fun": lambda z, a=start, b=start + k: z[a:b].sum() - 1})
        start += k
    bounds = [(0, 1)] * sum(sizes) + [(None, None)]
    rng = np.random.default_rng(seed)
    best_x, best_v = None, np.inf
    for _ in range(starts):
        x0 = np.concatenate([rng.dirichlet(np.ones(k)) for k in sizes])
        z0 = np.r_[x0, payoff_vector(x0).max()]
        res = minimize(
            lambda z: z[-1],
            z0,
            method="SLSQP",
            bounds=bounds,
            constraints=cons,
            options={"maxiter": 200, "ftol": 1e-12},
        )
        x = np.clip(res.x[:-1], 0, None)
        parts = [
            p / p.sum() if p.sum() > 0 else np.full(len(p), 1 / len(p)) for p in np.split(x, splits)
        ]
        v = payoff_vector(np.concatenate(parts)).max()
        if v < best_v:
            best_v, best_x = v, parts
    if exact:
        sigma = tuple(_rationalise(p) for p in best_x)
        if all(s is not None for s in sigma):
            T = game.exact[..., player]
            T = np.moveaxis(T, player, 0)
            out = T
            for sg in reversed(sigma):
                out = np.dot(out, np.asarray(sg, dtype=object))
            return max(to_number(x) for x in out), sigma
    return float(best_v), tuple(tuple(float(x) for x in p) for p in best_x)


def feasible_ir_region(game: Game, minmax_values) -> tuple[list, list]:
    """``(feasible, feasible_ir)``: polygons (counter-clockwise vertex lists) for a 2-player game.

    ``feasible`` is the convex hull of the pure outcomes' payoff pairs (what correlated or
    alternating play can reach); ``feasible_ir`` the part where each player gets at least its
    minmax payoff.  Exact with Fraction payoffs and minmax values.
    """
    if game.n_players != 2:
        raise ValueError("the payoff region is drawn for 2-player games")
    t = _tensor(game)
    pts = [
        (to_number(t[a, b, 0]), to_number(t[a, b, 1]))
        for a in range(game.shape[0])
        for b in range(game.shape[1])
    ]
    hull = convex_hull(pts)
    v1, v2 = (to_number(v) for v in minmax_values)
    region = clip_halfplane(hull, 1, 0, v1)
    region = clip_halfplane(region, 0, 1, v2)
    return hull, region


def unique_equilibrium_by_dominance(game: Game) -> tuple[int, ...] | None:
    """The profile left by iterated elimination of strictly dominated strategies, if it is one.

    A strategy is removed when another pure strategy of the same player is strictly better
    against every remaining profile of the others.  If one profile survives, it is the game's
    unique Nash equilibrium (mixed equilibria included).  ``None`` otherwise.
    """
    t = _tensor(game)
    alive = [list(range(k)) for k in game.shape]
    changed = True
    while changed:
        changed = False
        for i in range(game.n_players):
            if len(alive[i]) == 1:
                continue
            sub = t[np.ix_(*alive, [i])][..., 0]
            sub = np.moveaxis(sub, i, 0).reshape(len(alive[i]), -1)
            keep = []
            for a in range(len(alive[i])):
                dominated = any(
                    all(sub[b, c] > sub[a, c] for c in range(sub.shape[1]))
                    for b in range(len(alive[i]))
                    if b != a
                )
                if not dominated:
                    keep.append(alive[i][a])
            if len(keep) < len(alive[i]):
                alive[i] = keep
                changed = True
    if all(len(a) == 1 for a in alive):
        return tuple(a[0] for a in alive)
    return None


def equilibrium_payoffs(game: Game, eq) -> tuple:
    """Expected payoffs of a certified equilibrium (exact when it is)."""
    return tuple(to_number(x) for x in eq.payoffs)


def all_profiles(game: Game):
    return list(itertools.product(*[range(k) for k in game.shape]))


__all__ += ["all_profiles", "equilibrium_payoffs", "expected_payoffs"]
