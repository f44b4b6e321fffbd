"""Correlated equilibrium (Aumann): a distribution over pure profiles that a mediator draws from,
telling each player only its own part, such that no player gains by disobeying its recommendation.

The correlated equilibria of an N-player game form a polytope: one probability ``p(s)`` per pure
profile ``s``, and for every player ``i`` and every pair of its own strategies ``a ≠ b`` the
incentive constraint

    sum over profiles s with s_i = a of  p(s) · (u_i(s) − u_i(b, s_−i))  ≥ 0

("told to play ``a``, player ``i`` does not prefer ``b``").  :func:`correlated_lp` builds this LP
once; :func:`solve_correlated` optimises an objective over it with scipy's HiGHS, then re-solves
the optimal vertex exactly (Fractions) from its support and its tight constraints, and checks
every incentive constraint exactly.  Objectives: ``welfare`` (the sum of payoffs, the default),
``egalitarian`` (the smallest payoff, maximised) and ``player:ID`` (one player's payoff).

A correlated equilibrium is not a product of mixed strategies, so the registered solver
``correlated`` (``finds="correlated"``: a distribution, not Nash equilibria) proposes no Nash
candidate: it returns the distribution in
``SolveResult.details["correlated"]`` (JSON-ready: profiles with labels, probabilities, payoffs,
and how it was certified).  :func:`check_correlated` is the certificate any caller can rerun.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..game import Game
from ..numbers import exact_str, json_number
from ..results import integer_payoffs
from ..scenario.errors import Location, ScenarioError
from .exact_linear import integer_matvec, solve_rational
from .registry import Deadline, SolverOutput, register

__all__ = [
    "CorrelatedLP",
    "CorrelatedSolution",
    "OBJECTIVES",
    "check_correlated",
    "correlated_lp",
    "parse_objective",
    "solve_correlated",
]

#: the objectives offered; ``player:ID`` names a player
OBJECTIVES = ("welfare", "egalitarian", "player:ID")


@dataclass(frozen=True)
class CorrelatedLP:
    """The incentive constraints ``G @ p >= 0`` of a game, one row per (player, a, b).

    ``profiles[k]`` is the pure profile (indices) of variable ``k`` (C order over the strategy
    axes); ``rows[r] = (player, a, b)``; ``utility[i, k]`` is player ``i``'s payoff at profile
    ``k``.  ``G`` and ``utility`` are floats.  When the game is rational, ``G_int`` and
    ``utility_int`` are the same arrays exactly, in integers times ``1/den`` (``den`` the common
    denominator of the payoffs; Python ints when int64 could overflow), else ``None``.
    """

    profiles: tuple[tuple[int, ...], ...]
    rows: tuple[tuple[int, int, int], ...]
    G: np.ndarray
    utility: np.ndarray
    G_int: np.ndarray | None
    utility_int: np.ndarray | None
    den: int = 1


def _constraint_matrix(pay: np.ndarray, shape: tuple[int, ...], dtype: Any) -> tuple:
    n = len(shape)
    m = int(np.prod(shape))
    rows: list[tuple[int, int, int]] = []
    blocks = []
    for i in range(n):
        k = shape[i]
        u = np.moveaxis(np.asarray(pay[..., i], dtype=dtype), i, 0)  # (k, the others' profiles)
        # gain[a, b] = u(a, s_-i) - u(b, s_-i): obeying a rather than switching to b, counted on
        # the profiles where i is told a (the row is zero elsewhere)
        gain = u[:, None] - u[None, :]
        full = np.zeros((k, k, *u.shape), dtype=dtype)
        full[np.arange(k), :, np.arange(k)] = gain
        full = np.moveaxis(full, 2, 2 + i).reshape(k * k, m)
        keep = [a * k + b for a in range(k) for b in range(k) if a != b]
        blocks.append(full[keep])
        rows.extend((i, a, b) for a in range(k) for b in range(k) if a != b)
    G = np.concatenate(blocks, axis=0) if blocks else np.zeros((0, m), dtype=dtype)
    utility = np.stack([np.asarray(pay[..., i], dtype=dtype).reshape(m) for i in range(n)])
    return tuple(rows), G, utility


def _integers(exact: np.ndarray) -> tuple[np.ndarray, int]:
    """Rational payoffs as integers over one common denominator (int64 when differences and
    sums of them cannot overflow, else Python ints)."""
    flat = [Fraction(x) for x in exact.flat]
    den = math.lcm(*(x.denominator for x in flat)) if flat else 1
    ints = [x.numerator * (den // x.denominator) for x in flat]
    big = max(map(abs, ints), default=0) >= 2**40
    return np.array(ints, dtype=object if big else np.int64).reshape(exact.shape), den


def correlated_lp(game: Game) -> CorrelatedLP:
    """The incentive-constraint system of ``game`` (see :class:`CorrelatedLP`)."""
    shape = game.shape
    profiles = tuple(itertools.product(*[range(k) for k in shape]))
    known = integer_payoffs(game)
    if known is not None:
        # the float system is the integer one over the common denominator (one build)
        den, ints = known
        rows, G_int, utility_int = _constraint_matrix(ints, shape, ints.dtype)
        G, utility = G_int / den, utility_int / den
        return CorrelatedLP(profiles, rows, G, utility, G_int, utility_int, den)
    rows, G, utility = _constraint_matrix(game.payoffs, shape, float)
    if game.exact is None:
        return CorrelatedLP(profiles, rows, G, utility, None, None)
    ints, den = _integers(game.exact)
    _, G_int, utility_int = _constraint_matrix(ints, shape, ints.dtype)
    return CorrelatedLP(profiles, rows, G, utility, G_int, utility_int, den)


def parse_objective(game: Game, objective: str | None) -> tuple[str, int | None]:
    """``("welfare", None)``, ``("egalitarian", None)`` or ``("player", index)``; a bad
    objective is a located user error."""
    text = (objective or "welfare").strip()
    if text in ("welfare", "egalitarian"):
        return text, None
    if text.startswith("player:"):
        pid = text.split(":", 1)[1].strip()
        if pid in game.players:
            return "player", game.players.index(pid)
        raise ScenarioError(
            f"{text!r}: no player {pid!r}; players are {', '.join(game.players)}",
            Location("--objective"),
        )
    raise ScenarioError(
        f"{text!r}: give welfare, egalitarian or player:ID (ID one of {', '.join(game.players)})",
        Location("--objective"),
    )


def _objective_rows(util: np.ndarray, kind: str, player: int | None) -> np.ndarray:
    """The objective as a vector over profiles (welfare, one player); egalitarian has none."""
    if kind == "welfare":
        return util.sum(axis=0)
    assert player is not None
    return util[player]


@dataclass(frozen=True)
class CorrelatedSolution:
    """An optimal correlated equilibrium.

    ``distribution``: ``(profile, probability)`` pairs with positive probability (Fractions when
    ``exact``); ``payoffs``: each player's expected payoff; ``value``: the objective's optimum;
    ``exact``: every incentive constraint was checked exactly (else within ``tol`` of zero);
    ``optimality``: ``"exact dual"`` when an exact dual solution proves the optimum, else
    ``"float"`` (HiGHS's optimum, to its tolerance).
    """

    objective: str
    distribution: tuple[tuple[tuple[int, ...], Any], ...]
    payoffs: tuple[Any, ...]
    value: Any
    exact: bool
    optimality: str
    constraints: int
    lp_value: float


def check_correlated(
    game: Game, distribution: Sequence[tuple[Sequence[int], Any]], *, tol: float = 0.0
) -> bool:
    """Whether ``distribution`` (pairs ``(profile, probability)``) is a correlated equilibrium.

    Exact (Fractions, rational game): every incentive constraint must hold exactly and the
    probabilities sum to exactly 1.  Otherwise in floats, each constraint at least ``-tol`` times
    the largest absolute payoff.
    """
    exact = game.exact is not None and all(isinstance(p, Fraction | int) for _, p in distribution)
    pay = game.exact if exact else game.payoffs
    assert pay is not None
    total = sum((p for _, p in distribution), Fraction(0) if exact else 0.0)
    if any(p < 0 for _, p in distribution):
        return False
    scale = max(1.0, float(np.max(np.abs(game.payoffs)))) if game.payoffs.size else 1.0
    if exact and total != 1:
        return False
    if not exact and abs(total - 1) > 1e-9:
        return False
    for i in range(game.n_players):
        for a in range(game.shape[i]):
            for b in range(game.shape[i]):
                if a == b:
                    continue
                gain: Any = Fraction(0) if exact else 0.0
                for prof, p in distribution:
                    if prof[i] != a:
                        continue
                    dev = list(prof)
                    dev[i] = b
                    gain += p * (pay[(*prof, i)] - pay[(*dev, i)])
                if (gain < 0) if exact else (gain < -tol * scale):
                    return False
    return True


def _exact_vertex(
    lp: CorrelatedLP, x: np.ndarray, kind: str, player: int | None, slack_tol: float
) -> tuple[list[int], list[Fraction], Fraction | None] | None:
    """Re-solve the float optimum ``x`` exactly: its support and the constraints tight at it
    determine the vertex.  Returns (support, probabilities, egalitarian level) or ``None``."""
    assert lp.G_int is not None and lp.utility_int is not None
    m = len(lp.profiles)
    p = x[:m]
    support = [k for k in range(m) if p[k] > 1e-9]
    egal = kind == "egalitarian"
    slack = lp.G @ p
    order = np.argsort(np.abs(slack))
    eqs: list[list[int]] = [[1] * len(support) + ([0] if egal else [])]
    rhs = [1]
    G_support = lp.G_int[:, support].tolist()
    for r in order:
        if abs(slack[r]) > slack_tol:
            break
        eqs.append(G_support[r] + ([0] if egal else []))
        rhs.append(0)
    if egal:
        z = x[m]
        pays = lp.utility @ p
        for i in range(lp.utility.shape[0]):
            if abs(pays[i] - z) <= slack_tol:
                # u_i . p = z, in integers: u_int . p - den z = 0
                row = [int(lp.utility_int[i, k]) for k in support]
                eqs.append(row + [-int(lp.den)])
                rhs.append(0)
    sol = solve_rational(eqs, rhs)
    if sol is None:
        return None
    probs = sol[: len(support)]
    level = sol[-1] if egal else None
    return support, probs, level


def _float_lp(lp: CorrelatedLP, kind: str, player: int | None) -> Any:
    from scipy.optimize import linprog

    m = len(lp.profiles)
    n = lp.utility.shape[0]
    scale = max(1.0, float(np.max(np.abs(lp.utility)))) if lp.utility.size else 1.0
    G = lp.G / scale
    if kind == "egalitarian":
        # variables (p, z): maximise z subject to z <= u_i . p for every player
        c = np.zeros(m + 1)
        c[-1] = -1.0
        A = np.vstack(
            [
                np.hstack([-G, np.zeros((G.shape[0], 1))]),
                np.hstack([-lp.utility / scale, np.ones((n, 1))]),
            ]
        )
        b = np.zeros(A.shape[0])
        A_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
        bounds = [(0, None)] * m + [(None, None)]
    else:
        c = -_objective_rows(lp.utility, kind, player) / scale
        A, b = -G, np.zeros(G.shape[0])
        A_eq = np.ones((1, m))
        bounds = [(0, None)] * m
    res = linprog(
        c,
        A_ub=A if A.size else None,
        b_ub=b if A.size else None,
        A_eq=A_eq,
        b_eq=[1.0],
        bounds=bounds,
        method="highs",
        options={"presolve": False},  # small dense LPs, re-solved exactly afterwards
    )
    if res.status != 0:
        raise RuntimeError(f"HiGHS did not solve the correlated-equilibrium LP: {res.message}")
    x = np.array(res.x, dtype=float)
    if kind == "egalitarian":
        x[-1] *= scale
    return x, -float(res.fun) * scale, res


def _common(values: Sequence[Fraction]) -> tuple[np.ndarray, int]:
    """Fractions as integer numerators (Python ints) over one common denominator."""
    den = math.lcm(*(v.denominator for v in values)) if values else 1
    return np.array([v.numerator * (den // v.denominator) for v in values], dtype=object), den


def _exact_check(lp: CorrelatedLP, support: Sequence[int], probs: Sequence[Fraction]) -> bool:
    """Every incentive constraint and the simplex, exactly, in integers."""
    assert lp.G_int is not None
    if any(q < 0 for q in probs) or sum(probs) != 1:
        return False
    num, _ = _common(probs)
    return bool(np.all(integer_matvec(lp.G_int[:, list(support)], num) >= 0))


def _dual_feasible(
    lp: CorrelatedLP, c_int: np.ndarray, y: Sequence[Fraction], t: Fraction, value: Fraction
) -> bool:
    """Whether ``y >= 0`` and ``t == value`` with ``c_k + sum_r y_r G_rk <= t`` for every
    profile ``k`` (checked in integers: ``c = c_int / den``, ``G = G_int / den``)."""
    assert lp.G_int is not None
    if t != value or any(v < 0 for v in y):
        return False
    y_num, dy = _common(y)
    lhs = c_int * dy + integer_matvec(lp.G_int.T, y_num)
    return bool(np.all(lhs <= t * lp.den * dy))


def _exact_dual_proves(
    lp: CorrelatedLP,
    res: Any,
    kind: str,
    player: int | None,
    value: Fraction,
    support: Sequence[int],
) -> bool:
    """Whether an exact dual solution with the value ``value`` exists near HiGHS's dual (so the
    exact vertex is optimal).  Welfare and player objectives.

    HiGHS solved  min -c.p/scale  s.t.  -G p/scale <= 0,  1.p = 1,  p >= 0.  Its marginals give
    y >= 0 and t with  c_k + sum_r y_r G_rk <= t  for every profile k; then for every correlated
    equilibrium p,  c.p <= c.p + y.(G p) <= t,  so t == value proves optimality.  The marginals
    are first rounded to nearby fractions; when that fails, y (on the rows HiGHS prices) and t
    are solved exactly from complementary slackness (equality on the support's columns).
    """
    if kind == "egalitarian" or lp.G_int is None or lp.utility_int is None:
        return False
    scale = max(1.0, float(np.max(np.abs(lp.utility))))
    c_int = _objective_rows(lp.utility_int.astype(object), kind, player)
    marg = [float(-v) for v in res.ineqlin.marginals]
    y = [Fraction(v).limit_denominator(10**6) for v in marg]
    t = Fraction(float(-res.eqlin.marginals[0]) * scale).limit_denominator(10**6)
    if _dual_feasible(lp, c_int, y, t, value):
        return True
    priced = [r for r, v in enumerate(marg) if v > 1e-9]
    # columns with zero reduced cost (the support, and profiles basic at zero when the vertex is
    # degenerate) hold with equality; unknowns (y_priced, t):
    #     sum_r G_int[r, k] y_r - den t = -c_int[k]
    reduced = np.abs(np.asarray(res.lower.marginals, dtype=float))
    tight = sorted(set(support) | {k for k in range(len(lp.profiles)) if reduced[k] <= 1e-9})
    eqs = [[Fraction(int(lp.G_int[r, k])) for r in priced] + [Fraction(-lp.den)] for k in tight]
    rhs = [Fraction(-int(c_int[k])) for k in tight]
    sol = solve_rational(eqs, rhs)
    if sol is None:
        return False
    y = [Fraction(0)] * len(marg)
    for r, v in zip(priced, sol[:-1]):
        y[r] = v
    return _dual_feasible(lp, c_int, y, sol[-1], value)


def solve_correlated(
    game: Game, objective: str | None = None, *, tol: float = 1e-9
) -> CorrelatedSolution:
    """An optimal correlated equilibrium of ``game`` for ``objective`` (see the module)."""
    kind, player = parse_objective(game, objective)
    name = (
        "welfare"
        if kind == "welfare"
        else kind
        if kind != "player"
        else "player:" + (game.players[player] if player is not None else "")
    )
    lp = correlated_lp(game)
    x, lp_value, res = _float_lp(lp, kind, player)
    m = len(lp.profiles)
    scale = max(1.0, float(np.max(np.abs(game.payoffs))))
    if lp.G_int is not None and lp.utility_int is not None:
        u_int = lp.utility_int.astype(object)
        for slack_tol in (1e-9 * scale, 1e-7 * scale, 1e-11 * scale):
            found = _exact_vertex(lp, x, kind, player, slack_tol)
            if found is None:
                continue
            support, probs, _level = found
            if not _exact_check(lp, support, probs):
                continue
            dist = tuple((lp.profiles[k], q) for k, q in zip(support, probs) if q != 0)
            num, dp = _common(probs)
            pay = tuple(
                Fraction(int(u_int[i, list(support)] @ num), dp * lp.den)
                for i in range(game.n_players)
            )
            value = (
                min(pay)
                if kind == "egalitarian"
                else (
                    sum(pay, Fraction(0)) if kind == "welfare" else pay[player]  # type: ignore[index]
                )
            )
            if abs(float(value) - lp_value) > 1e-6 * scale:
                continue
            optimality = (
                "exact dual"
                if _exact_dual_proves(lp, res, kind, player, value, support)
                else "float"
            )
            return CorrelatedSolution(
                name, dist, pay, value, True, optimality, len(lp.rows), lp_value
            )
    p = np.clip(x[:m], 0.0, None)
    p = p / p.sum()
    dist_f = tuple((lp.profiles[k], float(p[k])) for k in range(m) if p[k] > 1e-12)
    if not check_correlated(game, dist_f, tol=max(tol, 1e-9)):
        raise RuntimeError("the correlated-equilibrium LP's solution failed its check")
    pay_f = tuple(float(lp.utility[i] @ p) for i in range(game.n_players))
    value_f = (
        min(pay_f)
        if kind == "egalitarian"
        else (
            sum(pay_f) if kind == "welfare" else pay_f[player]  # type: ignore[index]
        )
    )
    return CorrelatedSolution(name, dist_f, pay_f, value_f, False, "float", len(lp.rows), lp_value)


#: the polytope's vertices are listed when at most this many candidate bases need trying
VERTEX_LIMIT = 500


def polytope_vertices(game: Game, limit: int = VERTEX_LIMIT) -> list[tuple[Fraction, ...]] | None:
    """Every vertex of the correlated-equilibrium polytope of a small rational game, exactly
    (probabilities over ``correlated_lp(game).profiles``), or ``None`` when the game is not
    rational or more than ``limit`` sets of tight constraints would need trying.

    A vertex is a feasible point where ``m - 1`` of the inequalities (incentive constraints and
    ``p_k >= 0``) hold with equality, with ``sum p = 1``, and the system fixes it uniquely.
    """
    lp = correlated_lp(game)
    if lp.G_int is None:
        return None
    m = len(lp.profiles)
    n_rows = len(lp.rows)
    if math.comb(n_rows + m, m - 1) > limit:
        return None
    ineqs = [[Fraction(int(v)) for v in lp.G_int[r]] for r in range(n_rows)]
    ineqs += [[Fraction(1 if j == k else 0) for j in range(m)] for k in range(m)]
    found: set[tuple[Fraction, ...]] = set()
    for tight in itertools.combinations(range(len(ineqs)), m - 1):
        rows = [ineqs[t] for t in tight] + [[Fraction(1)] * m]
        rhs = [Fraction(0)] * (m - 1) + [Fraction(1)]
        sol = solve_rational(rows, rhs)
        if sol is None or any(q < 0 for q in sol):
            continue
        if all(sum(a * q for a, q in zip(row, sol)) >= 0 for row in ineqs[:n_rows]):
            found.add(tuple(sol))
    return sorted(found, reverse=True)


def solution_to_details(game: Game, sol: CorrelatedSolution) -> dict[str, Any]:
    """The solution as JSON-ready data with labels (what ``details["correlated"]`` holds)."""
    dist = []
    for prof, q in sorted(sol.distribution, key=lambda t: (-float(t[1]), t[0])):
        item: dict[str, Any] = {
            "outcome": game.profile_label(prof),
            "profile": {
                p: game.strategies[i][s] for i, (p, s) in enumerate(zip(game.players, prof))
            },
            "probability": json_number(q),
        }
        if sol.exact:
            item["probability_exact"] = exact_str(q)
        dist.append(item)
    out: dict[str, Any] = {
        "objective": sol.objective,
        "value": json_number(sol.value),
        "distribution": dist,
        "payoffs": {p: json_number(v) for p, v in zip(game.players, sol.payoffs)},
        "exact": sol.exact,
        "optimality": sol.optimality,
        "incentive_constraints": sol.constraints,
    }
    if sol.exact:
        out["value_exact"] = exact_str(sol.value)
        out["payoffs_exact"] = {p: exact_str(v) for p, v in zip(game.players, sol.payoffs)}
    vertices = polytope_vertices(game)
    if vertices is not None:
        lp = correlated_lp(game)
        assert lp.utility_int is not None
        u = lp.utility_int.astype(object)
        out["vertices"] = [
            {
                "distribution": {
                    game.profile_label(prof): exact_str(q)
                    for prof, q in zip(lp.profiles, v)
                    if q != 0
                },
                "payoffs_exact": {
                    p: exact_str(sum((q * u[i, k] for k, q in enumerate(v)), Fraction(0)) / lp.den)
                    for i, p in enumerate(game.players)
                },
            }
            for v in vertices
        ]
    return out


@register(
    "correlated",
    players="N",
    finds="correlated",
    exact=True,
    summary="an optimal correlated equilibrium (a distribution over profiles; "
    "--objective welfare, egalitarian or player:ID)",
)
def correlated(
    game: Game, *, tol: float, deadline: Deadline, objective: str | None = None
) -> SolverOutput:
    deadline.check()
    sol = solve_correlated(game, objective, tol=tol)
    how = "checked exactly" if sol.exact else f"checked within {tol:g}"
    opt = (
        "optimal (proved by an exact dual solution)"
        if sol.optimality == "exact dual"
        else ("optimal to the LP solver's tolerance")
    )
    return SolverOutput(
        candidates=[],
        complete=True,
        complete_set=False,
        message=(
            f"a correlated equilibrium maximising {sol.objective}, {opt}; every one of its "
            f"{sol.constraints} incentive constraints {how}. It is a distribution over profiles, "
            "not a profile of independent strategies, so no Nash equilibrium is listed."
        ),
        details={"correlated": solution_to_details(game, sol)},
    )
