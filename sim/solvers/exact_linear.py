"""Exact solutions of linear systems with rational coefficients, in integers.

Every exact solver of negsim ends by solving a small system ``rows @ x = rhs`` whose entries
are integers or fractions: the equalising equations on a support, the constraints tight at a
vertex an LP found, Bayes' rule on a belief.  Gauss–Jordan on :class:`fractions.Fraction`
normalises a fraction (a gcd) at every operation; this module instead scales each equation to
integers and eliminates fraction-free (Bareiss, "Sylvester's identity and multistep
integer-preserving Gaussian elimination", *Mathematics of Computation* 22, 1968): every
intermediate entry is a minor of the system, every division is exact, and the only fractions
are the ``n`` entries of the answer, ``x_j = z_j / d`` with ``d`` the last pivot.  Row pivoting
works on rectangular systems too; a column without a pivot is a free variable.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import lcm
from numbers import Rational
from typing import Any

import numpy as np

__all__ = ["integer_matvec", "solve_integer", "solve_rational"]


def integer_matvec(M: np.ndarray, v: Sequence[int] | np.ndarray) -> np.ndarray:
    """``M @ v`` exactly for an integer matrix ``M`` and integers ``v``: in int64 when no sum
    can reach 2^63 (``max|M| * sum|v|`` below it), else in Python integers."""
    if M.dtype == object:
        return M @ np.array(v, dtype=object)
    total = sum(map(abs, v))
    big = int(np.abs(M).max()) if M.size else 0
    if total < 2**63 and big * total < 2**63:
        return M.astype(np.int64, copy=False) @ np.array(v, dtype=np.int64)
    return M.astype(object) @ np.array(v, dtype=object)


def _integer_row(row: Sequence[Any], b: Any) -> list[int]:
    """``row + [b]`` times the least common multiple of its denominators, as integers."""
    vals = [*row, b]
    if all(type(v) is int for v in vals):
        return vals
    for k, v in enumerate(vals):
        if not isinstance(v, int | Fraction):
            if not isinstance(v, Rational | float):
                raise TypeError(f"solve_rational needs rational entries, not {v!r}")
            vals[k] = Fraction(v)
    den = lcm(*(v.denominator for v in vals if isinstance(v, Fraction)), 1)
    return [int(v * den) if den != 1 else int(v) for v in vals]


def solve_rational(
    rows: Sequence[Sequence[Any]], rhs: Sequence[Any], *, unique: bool = True
) -> list[Fraction] | None:
    """One exact solution of ``rows @ x = rhs``, or ``None``.

    ``rows`` holds integers, Fractions or other rationals (floats are read exactly); the
    system may have more equations than unknowns.  ``None`` when it is inconsistent, and also,
    with ``unique=True`` (the default), when the solution is not unique (a free variable);
    with ``unique=False`` the free variables are set to 0.
    """
    out = solve_integer(rows, rhs, unique=unique)
    if out is None:
        return None
    z, d = out
    return [Fraction(v, d) for v in z]


def solve_integer(
    rows: Sequence[Sequence[Any]], rhs: Sequence[Any], *, unique: bool = True
) -> tuple[list[int], int] | None:
    """:func:`solve_rational` with the answer as integers over one denominator: ``(z, d)``
    with ``x = z / d`` and ``d > 0`` (``d`` a minor of the system, not necessarily the least
    common denominator), or ``None``."""
    n = len(rows[0]) if rows else 0
    a = [_integer_row(r, b) for r, b in zip(rows, rhs)]
    k = len(a)
    prev = 1
    r = 0
    pivots: list[int] = []  # the pivot column of each of the first len(pivots) rows
    for c in range(n):
        p = next((i for i in range(r, k) if a[i][c] != 0), None)
        if p is None:
            if unique:
                return None
            continue
        a[r], a[p] = a[p], a[r]
        top = a[r]
        piv = top[c]
        for i in range(r + 1, k):
            row = a[i]
            f = row[c]
            # Bareiss: (piv * row - f * top) / prev, every division exact; entries left of c
            # are zero in both rows and stay so
            a[i] = [0] * (c + 1) + [
                (piv * row[j] - f * top[j]) // prev for j in range(c + 1, n + 1)
            ]
        prev = piv
        pivots.append(c)
        r += 1
        if r == k:
            break
    if any(a[i][n] != 0 for i in range(r, k)):
        return None  # an equation reduced to 0 = b with b != 0
    if unique and len(pivots) < n:
        return None
    # back substitution in integers: x = z / d with d the last pivot (a minor of the system)
    d = prev
    z = [0] * n
    for i in range(len(pivots) - 1, -1, -1):
        c = pivots[i]
        row = a[i]
        z[c] = (d * row[n] - sum(row[j] * z[j] for j in pivots[i + 1 :])) // row[c]
    if d < 0:
        return [-v for v in z], -d
    return z, d
