"""Zero-sum (and constant-sum) 2-player games: the value and optimal strategies by LP.

For a payoff matrix ``A`` to the row player (the column player gets ``-A``, or ``c - A`` in a
constant-sum game), the row player's optimal strategy solves (von Neumann's minimax theorem;
e.g. Maschler, Solan, Zamir, *Game Theory*, 2013, §5.3)::

    maximise v   subject to   A^T x >= v 1,   sum(x) = 1,   x >= 0

and the column player's solves ``minimise w  subject to  A y <= w 1, sum(y) = 1, y >= 0``; the
two optima are equal (the value).  Both LPs are solved with scipy's HiGHS.

Exactness: when the payoffs are rational, one LP (HiGHS) gives the row player's strategy and,
as its dual, the column player's.  Their supports ``R`` and ``C`` fix the exact answer when
``|R| == |C|``: the equalising equations on the supports (a square, bordered integer system,
solved fraction-free) give both strategies and the value, and integer arithmetic then checks
``min_j (A^T x)_j == max_i (A y)_i`` (both strategies optimal) with every row outside ``R``
paying strictly less and every column outside ``C`` strictly more (strict complementarity, so
this optimal pair is the only one).  When that fails (a degenerate or tied game), the LP's
solution is re-solved in Fractions on the supports and tight constraints it found (a square
system at a basic solution; otherwise a particular exact solution of the same system), and the
result is accepted only if it passes the same exact optimality check.  Otherwise the float
solution is returned and certified by tolerance, and the message says so.

A game that is not constant-sum is refused with a ``ValueError``.
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm
from operator import attrgetter

import numpy as np

from ..game import Game
from ..results import integer_payoffs
from ..scenario.errors import Location, ScenarioError
from .exact_linear import solve_rational
from .registry import SolverOutput, register

__all__ = [
    "constant_sum",
    "integer_rows",
    "lp_with_dual",
    "minimax",
    "unique_optimum",
    "zero_sum_solver",
]


def constant_sum(game: Game):
    """The constant ``c`` with ``A + B == c`` everywhere, or ``None`` if there is none.

    Exact when the game has exact payoffs, else within a relative ``1e-12``.
    """
    if game.n_players != 2:
        return None
    ints = integer_payoffs(game)
    if ints is not None:
        D, T = ints
        S = T[..., 0] + T[..., 1]
        return Fraction(int(S.flat[0]), D) if S.min() == S.max() else None
    if game.exact is not None:
        return _exact_constant_sum(*game.bimatrix(exact=True))[0]
    A, B = game.bimatrix()
    S = A + B
    c = float(S.flat[0])
    scale = max(1.0, float(np.max(np.abs(A))), float(np.max(np.abs(B))))
    return c if np.all(np.abs(S - c) <= 1e-12 * scale) else None


def _exact_constant_sum(A, B):
    """``(c, a, D)``: the exact constant sum (or ``None``) and ``A`` as flat integers ``a / D``."""
    a, da = _integers(A)
    b, db = _integers(B)
    sums = {s * db + t * da for s, t in zip(a, b)}
    return (Fraction(sums.pop(), da * db) if len(sums) == 1 else None), a, da


def unit_floats(M) -> np.ndarray:
    """Floats of a matrix of numbers (ints or Fractions of any size) divided by its largest
    absolute entry: the LP solver then sees entries of order 1 (HiGHS refuses coefficients near
    1e20 and more, and a Python integer past 1e308 has no float).  Optimal strategies do not
    change; an LP value must be multiplied back by the scale, which exact callers recompute."""
    obj = np.asarray(M, dtype=object)
    big = max((abs(v) for v in obj.flat), default=0)
    if big == 0:
        return np.zeros(obj.shape)
    big = Fraction(big)
    return np.array([float(Fraction(v) / big) for v in obj.flat], dtype=float).reshape(obj.shape)


def _lp_row_player(A: np.ndarray):
    """Optimal mixed strategy of the maximising row player of ``A`` and the value (floats)."""
    from scipy.optimize import linprog

    m, n = A.shape
    # variables (x_1..x_m, v): minimise -v s.t. v - (A^T x)_j <= 0, sum x = 1
    c = np.zeros(m + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-A.T, np.ones((n, 1))])
    b_ub = np.zeros(n)
    A_eq = np.zeros((1, m + 1))
    A_eq[0, :m] = 1.0
    bounds = [(0, None)] * m + [(None, None)]
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1.0], bounds=bounds, method="highs")
    if res.status != 0:
        raise RuntimeError(f"linear program failed: {res.message}")
    x = np.clip(res.x[:m], 0.0, None)
    return x / x.sum(), float(res.x[-1])


def lp_with_dual(A: np.ndarray):
    """``(x, y)``: the maximiser's optimal strategy for ``A`` and the minimiser's, from one LP.

    The minimiser's strategy is the dual of the constraints ``(A^T x)_j >= v`` (HiGHS reports
    their multipliers, negated).  ``None`` when the LP fails.
    """
    from scipy.optimize import linprog

    m, n = A.shape
    c = np.zeros(m + 1)
    c[-1] = -1.0
    A_eq = np.zeros((1, m + 1))
    A_eq[0, :m] = 1.0
    res = linprog(
        c,
        A_ub=np.hstack([-A.T, np.ones((n, 1))]),
        b_ub=np.zeros(n),
        A_eq=A_eq,
        b_eq=[1.0],
        bounds=np.r_[np.tile([0.0, np.inf], (m, 1)), [[-np.inf, np.inf]]],
        method="highs",
        # presolve costs more than it saves on these small dense LPs; the answer is checked
        # exactly afterwards either way
        options={"presolve": False},
    )
    if res.status != 0:
        return None
    return res.x[:m], -res.ineqlin.marginals


def _integers(M) -> tuple[list[int], int]:
    """``(values, D)``: the entries of an array of Fractions (or ints), flattened, as integers
    with ``M.flat == values / D``."""
    flat = M.tolist() if M.ndim == 1 else M.reshape(-1).tolist()
    dens = list(map(_DEN, flat))
    D = lcm(*set(dens))
    if D == 1:
        return list(map(int, map(_NUM, flat))), 1
    return [int(n) * (D // d) for n, d in zip(map(_NUM, flat), dens)], D


_NUM = attrgetter("numerator")
_DEN = attrgetter("denominator")


def integer_rows(M) -> tuple[list[list[int]], int]:
    """``(rows, D)``: a matrix of Fractions (or ints) as integer rows with ``M == rows / D``."""
    vals, D = _integers(M)
    n = M.shape[1]
    return [vals[i : i + n] for i in range(0, len(vals), n)], D


_SMALL = 2**30


def _bareiss_pair(M: list[list[int]]):
    """``(z, w, d)`` with ``M z == d e`` and ``M^T w == d e`` (``e`` the last unit vector) and
    ``d = ±det M != 0``, or ``None`` when ``M`` is singular.

    One fraction-free (Bareiss) elimination of ``[M | e]``, every division exact: back
    substitution gives ``z``; the multipliers it leaves below the diagonal are the LU factor
    ``L`` (``L[i][s] = A[i][s] / A[s][s]``), and since ``U^T t = e`` has ``t`` on its last
    entry only, ``w`` follows from ``L^T (P w) = t`` by one more integer back substitution.
    """
    n = len(M)
    A = np.array([list(r) + [0] for r in M], dtype=object)
    A[n - 1, n] = 1
    # the first steps run in int64 while every entry stays below 2**30 (so a product of two
    # and their difference fit), then in Python integers
    small = bool(np.abs(A).max() < _SMALL)
    if small:
        A = A.astype(np.int64)
    perm = list(range(n))
    prev = 1
    pivots = []
    for s in range(n):
        if small and not np.abs(A[s:, s:]).max() < _SMALL:
            A = A.astype(object)
            small = False
        if A[s, s] == 0:
            p = next((i for i in range(s + 1, n) if A[i, s] != 0), None)
            if p is None:
                return None
            A[[s, p]] = A[[p, s]]
            perm[s], perm[p] = perm[p], perm[s]
        piv = int(A[s, s])
        sub = A[s + 1 :, s + 1 :]
        sub *= piv
        sub -= np.multiply.outer(A[s + 1 :, s], A[s, s + 1 :])
        if prev != 1:
            sub //= prev
        pivots.append(piv)
        prev = piv
    U = A.astype(object).tolist() if small else A.tolist()
    z = [0] * n
    for i in range(n - 1, -1, -1):
        r = U[i]
        z[i] = (prev * r[n] - sum(r[j] * z[j] for j in range(i + 1, n))) // r[i]
    q = [0] * n
    q[n - 1] = pivots[n - 2] if n > 1 else 1
    for s in range(n - 2, -1, -1):
        q[s] = -sum(U[i][s] * q[i] for i in range(s + 1, n)) // pivots[s]
    w = [0] * n
    for s in range(n):
        w[perm[s]] = q[s]
    return z, w, prev


def _equalising_pair(B: list[list[int]]):
    """Exact solutions of ``B y = v 1, sum y = 1`` and ``B^T x = v 1, sum x = 1``, as
    ``(y_num, x_num, v_num, d)`` with a common positive denominator ``d``, or ``None``."""
    k = len(B)
    out = _bareiss_pair([row + [-1] for row in B] + [[1] * k + [0]])
    if out is None:
        return None
    z, w, d = out
    # [[B^T, -1], [1, 0]] = D M^T D with D = diag(1, ..., 1, -1): (x, v) = -D w / d
    x = [-t for t in w[:k]]
    if d < 0:
        z, x, d = [-t for t in z], [-t for t in x], -d
    return z[:k], x, z[k], d


def unique_optimum(rows: list[list[int]], x_float, y_float, tol: float = 1e-9):
    """The exact optimal pair of the zero-sum game ``rows`` (integers, row player maximises),
    recovered from float optimal strategies and certified unique, or ``None``.

    The supports ``R`` of ``x_float`` and ``C`` of ``y_float`` must have equal size; the
    equalising equations on them are solved exactly.  The pair is returned as
    ``(value, x, y)`` in Fractions only if ``x, y >= 0``, ``min_j (A^T x)_j == max_i (A y)_i``
    (so both are optimal and that is the value), every column outside ``C`` pays the row player
    strictly more than the value against ``x`` and every row outside ``R`` strictly less
    against ``y``.  Strict complementarity with a non-singular square system makes this the
    only optimal pair, so any exact method would return the same numbers.
    """
    m = len(rows)
    n = len(rows[0]) if m else 0
    R = [i for i in range(m) if x_float[i] > tol]
    C = [j for j in range(n) if y_float[j] > tol]
    if not R or len(R) != len(C):
        return None
    sol = _equalising_pair([[rows[i][j] for j in C] for i in R])
    if sol is None:
        return None
    yn, xn, vy, dy = sol
    vx, dx = vy, dy
    if min(yn) <= 0 or min(xn) <= 0:
        return None
    # against y every row pays (A y)_i * dy; rows in R pay vy, the others strictly less; and
    # against x every column pays (A^T x)_j * dx; columns in C pay vx, the others strictly more
    A = np.array(rows, dtype=object)
    row_pay = A[:, C].dot(np.array(yn, dtype=object)).tolist()
    col_pay = np.array(xn, dtype=object).dot(A[R, :]).tolist()
    in_R, in_C = set(R), set(C)
    if any(p > vy or (p == vy) != (i in in_R) for i, p in enumerate(row_pay)):
        return None
    if any(p < vx or (p == vx) != (j in in_C) for j, p in enumerate(col_pay)):
        return None
    x = [Fraction(0)] * m
    y = [Fraction(0)] * n
    for i, t in zip(R, xn):
        x[i] = Fraction(t, dx)
    for j, t in zip(C, yn):
        y[j] = Fraction(t, dy)
    return Fraction(vy, dy), tuple(x), tuple(y)


def _exact_strategy(M, x_float: np.ndarray, value: float, tol: float):
    """Exact optimal strategy for the maximiser of ``M`` (Fraction matrix) near ``x_float``.

    Unknowns: ``x`` on the float support and the value ``v``; equations: ``sum x = 1`` and
    ``(M^T x)_j = v`` for every column ``j`` that is tight at the float solution.
    """
    m, n = M.shape
    S = [i for i in range(m) if x_float[i] > tol]
    Mf = np.asarray(M, dtype=float)
    pay = Mf.T @ x_float
    scale = max(1.0, float(np.max(np.abs(Mf))))
    J = [j for j in range(n) if pay[j] <= value + 1e-7 * scale]
    rows = [[Fraction(1)] * len(S) + [Fraction(0)]]
    rhs = [Fraction(1)]
    for j in J:
        rows.append([M[i, j] for i in S] + [Fraction(-1)])
        rhs.append(Fraction(0))
    z = solve_rational(rows, rhs, unique=False)
    if z is None:
        return None
    x = [Fraction(0)] * m
    for i, v in zip(S, z[:-1]):
        x[i] = v
    if any(v < 0 for v in x) or sum(x) != 1:
        return None
    return tuple(x)


def minimax(game: Game, *, tol: float = 1e-9):
    """``(value, x, y)`` of a constant-sum 2-player game, value to the row player.

    Exact Fractions when the payoffs are rational and the exact re-solve succeeds (always, at a
    basic LP solution); floats otherwise.  Raises ``ValueError`` for a game that is not
    constant-sum.
    """
    ints = integer_payoffs(game) if game.exact is not None else None
    unit = None
    if ints is not None:
        # the cached integer payoffs (times their common denominator D): the sum check, the
        # LP's floats and the exact rows need no Fraction arithmetic
        D, T = ints
        c = constant_sum(game)
        rows = T[..., 0].tolist()
        big = int(np.abs(T[..., 0]).max())
        unit = T[..., 0] / big if big else np.zeros(T.shape[:2])
    elif game.exact is not None:
        c, a, D = _exact_constant_sum(*game.bimatrix(exact=True))
        ncol = game.shape[1]
        rows = [a[i : i + ncol] for i in range(0, len(a), ncol)]
    else:
        c = constant_sum(game)
    if c is None:
        raise ScenarioError(
            "method 'zero-sum' needs a zero-sum (or constant-sum) game: the two players' "
            "payoffs must add up to the same number in every cell; use 'enumerate' or "
            "'lemke-howson' for other 2-player games",
            Location("--method"),
        )
    A = game.bimatrix()[0]
    if game.exact is not None:
        pair = lp_with_dual(unit_floats(rows) if unit is None else unit)
        fast = unique_optimum(rows, *pair, tol) if pair is not None else None
        if fast is not None:
            return fast[0] / D, fast[1], fast[2]
    size = float(np.max(np.abs(A), initial=0.0)) or 1.0
    x, v = _lp_row_player(A / size)
    y, w = _lp_row_player(-A.T / size)  # the column player maximises -A
    v, w = v * size, w * size
    value = float(v)
    if game.exact is not None:
        Ae = game.bimatrix(exact=True)[0]
        xe = _exact_strategy(Ae, x, v, tol)
        ye = _exact_strategy(-Ae.T, y, w, tol)
        if xe is not None and ye is not None:
            lower = min(
                sum((Ae[i, j] * xe[i] for i in range(len(xe))), Fraction(0))
                for j in range(Ae.shape[1])
            )
            upper = max(
                sum((Ae[i, j] * ye[j] for j in range(len(ye))), Fraction(0))
                for i in range(Ae.shape[0])
            )
            if lower == upper:
                return lower, xe, ye
    return value, tuple(float(t) for t in x), tuple(float(t) for t in y)


def _exact_pair(game: Game, deadline):
    """``(value, x, y)`` in Fractions from exact vertex enumeration (every equilibrium of a
    constant-sum game is an optimal pair), or ``None`` when the polytopes are too large."""
    from .polytope import PolytopeTooLarge
    from .vertex_enumeration import extreme_equilibria

    try:
        profiles, _, _ = extreme_equilibria(game, exact=True, deadline=deadline)
    except PolytopeTooLarge:
        return None
    if not profiles:
        return None
    x, y = profiles[0]
    A = game.bimatrix(exact=True)[0]
    value = sum(
        (x[i] * A[i, j] * y[j] for i in range(len(x)) for j in range(len(y)) if x[i] and y[j]),
        Fraction(0),
    )
    return value, x, y


@register(
    "zero-sum",
    players="2",
    finds="one",
    exact=True,
    summary="value and optimal strategies of a zero-sum (or constant-sum) 2-player game "
    "by linear programming; exact value with rational payoffs",
)
def zero_sum_solver(game: Game, *, tol: float, deadline) -> SolverOutput:
    """Registry entry ``zero-sum``.  Refuses games that are not constant-sum (ValueError)."""
    try:
        value, x, y = minimax(game, tol=tol)
    except RuntimeError as exc:  # the LP solver failed: say so
        return SolverOutput(
            candidates=[], complete=False, complete_set=False, message=f"gave up: {exc}"
        )
    if game.exact is not None and not isinstance(value, Fraction):
        # payoffs too far apart in size for the float LP to place the support (a probability
        # of 1e-21 next to 1): take the optimal pair from the exact vertex enumeration
        pair = _exact_pair(game, deadline)
        if pair is not None:
            value, x, y = pair
    c = constant_sum(game)
    exact = isinstance(value, Fraction)
    row, col = game.players
    col_value = c - value
    msg = (
        f"value of the game: {row} gets {value}, {col} gets {col_value}"
        f"{'' if exact else ' (floating point)'}; every optimal strategy pair is an "
        "equilibrium and all give these payoffs"
    )
    return SolverOutput(
        candidates=[(x, y)],
        complete=True,
        complete_set=False,
        message=msg,
        details={
            "value": str(value),
            "value_float": float(value),
            "column_value": str(col_value),
            "exact": exact,
        },
    )
