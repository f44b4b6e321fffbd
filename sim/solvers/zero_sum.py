"""Zero-sum (and constant-sum) 2-player games: the value and optimal strategies by LP.

For a payoff matrix ``A`` to the row player (the column player gets ``-A``, or ``c - A`` in a
constant-sum game), the row player's optimal strategy solves (von Neumann's minimax theorem;
e.g. Maschler, Solan, Zamir, *Game Theory*, 2013, §5.3)::

    maximise v   subject to   A^T x >= v 1,   sum(x) = 1,   x >= 0

and the column player's solves ``minimise w  subject to  A y <= w 1, sum(y) = 1, y >= 0``; the
two optima are equal (the value).  Both LPs are solved with scipy's HiGHS.

Exactness: when the payoffs are rational, the LP's solution is re-solved in Fractions on the
supports and tight constraints it found (a square system at a basic solution; otherwise a
particular exact solution of the same system).  The result is accepted only if it passes the
exact optimality check ``min_j (A^T x)_j == max_i (A y)_i``, which proves both strategies
optimal and gives the exact value.  Otherwise the float solution is returned and certified by
tolerance, and the message says so.

A game that is not constant-sum is refused with a ``ValueError``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..game import Game
from .registry import SolverOutput, register

__all__ = ["constant_sum", "minimax", "zero_sum_solver"]


def constant_sum(game: Game):
    """The constant ``c`` with ``A + B == c`` everywhere, or ``None`` if there is none.

    Exact when the game has exact payoffs, else within a relative ``1e-12``.
    """
    if game.n_players != 2:
        return None
    if game.exact is not None:
        A, B = game.bimatrix(exact=True)
        S = A + B
        c = S.flat[0]
        return c if all(v == c for v in S.flat) else None
    A, B = game.bimatrix()
    S = A + B
    c = float(S.flat[0])
    scale = max(1.0, float(np.max(np.abs(A))), float(np.max(np.abs(B))))
    return c if np.all(np.abs(S - c) <= 1e-12 * scale) else None


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


def _solve_exact_system(rows: list[list[Fraction]], rhs: list[Fraction]):
    """One exact solution of ``rows @ z = rhs`` (free variables set to 0), or ``None``."""
    k = len(rows[0]) if rows else 0
    aug = [list(r) + [b] for r, b in zip(rows, rhs)]
    piv_cols = []
    r = 0
    for c in range(k):
        p = next((i for i in range(r, len(aug)) if aug[i][c] != 0), None)
        if p is None:
            continue
        aug[r], aug[p] = aug[p], aug[r]
        pv = aug[r][c]
        aug[r] = [v / pv for v in aug[r]]
        for i in range(len(aug)):
            if i != r and aug[i][c] != 0:
                f = aug[i][c]
                aug[i] = [a - f * b for a, b in zip(aug[i], aug[r])]
        piv_cols.append(c)
        r += 1
        if r == len(aug):
            break
    if any(all(v == 0 for v in row[:k]) and row[k] != 0 for row in aug[r:]):
        return None  # inconsistent
    z = [Fraction(0)] * k
    for i, c in enumerate(piv_cols):
        z[c] = aug[i][k]
    return z


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
    z = _solve_exact_system(rows, rhs)
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
    c = constant_sum(game)
    if c is None:
        raise ValueError(
            "method 'zero-sum' needs a zero-sum (or constant-sum) game: the two players' "
            "payoffs must add up to the same number in every cell; use 'enumerate' or "
            "'lemke-howson' for other 2-player games"
        )
    A = game.bimatrix()[0]
    x, v = _lp_row_player(A)
    y, w = _lp_row_player(-A.T)  # the column player maximises -A
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
