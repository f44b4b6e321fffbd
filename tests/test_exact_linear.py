"""The one exact linear solver (fraction-free elimination) against plain Fraction algebra."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.solvers.exact_linear import solve_rational


def _rank(rows: list[list[F]]) -> int:
    """Rank by Fraction Gauss elimination (the reference)."""
    m = [list(r) for r in rows]
    rank = 0
    cols = len(m[0]) if m else 0
    for c in range(cols):
        p = next((i for i in range(rank, len(m)) if m[i][c] != 0), None)
        if p is None:
            continue
        m[rank], m[p] = m[p], m[rank]
        for i in range(len(m)):
            if i != rank and m[i][c] != 0:
                f = m[i][c] / m[rank][c]
                m[i] = [a - f * b for a, b in zip(m[i], m[rank])]
        rank += 1
    return rank


entries = st.sampled_from([0, 0, 0, 1, -1, 2, 3, -4, F(1, 3), F(-5, 7), F(9, 2)])


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(entries, min_size=n, max_size=n), min_size=1, max_size=7),
            st.lists(entries, min_size=7, max_size=7),
            st.booleans(),
        )
    )
)
def test_solutions_solve_the_system_and_none_means_what_it_says(data):
    rows, rhs, duplicate = data
    if duplicate and len(rows) > 1:
        rows[-1] = [2 * v for v in rows[0]]  # dependent equations
    rhs = rhs[: len(rows)]
    n = len(rows[0])
    A = [[F(v) for v in r] for r in rows]
    aug = [r + [F(b)] for r, b in zip(A, rhs)]
    consistent = _rank(A) == _rank(aug)
    unique = consistent and _rank(A) == n
    for want_unique in (True, False):
        x = solve_rational(rows, rhs, unique=want_unique)
        if not consistent or (want_unique and not unique):
            assert x is None
            continue
        assert x is not None and all(type(v) is F for v in x)
        assert [sum((r[j] * x[j] for j in range(n)), F(0)) for r in A] == [F(b) for b in rhs]


def test_a_square_system_with_a_known_answer():
    # Hilbert matrix of order 4: its inverse has integer entries
    H = [[F(1, i + j + 1) for j in range(4)] for i in range(4)]
    x = solve_rational(H, [1, 0, 0, 0])
    assert x == [16, -120, 240, -140]


def test_integer_types_floats_and_large_numbers():
    rows = [[np.int64(2), 1], [1.5, -1]]  # numpy integers, and a float read exactly
    assert solve_rational(rows, [3, np.int64(0)]) == [F(6, 7), F(9, 7)]
    big = 10**40
    assert solve_rational([[big, 1], [1, 0]], [big + 1, 1]) == [1, 1]
    assert solve_rational([[1, 1], [2, 2]], [1, 2]) is None  # a free variable
    assert solve_rational([[1, 1], [2, 2]], [1, 2], unique=False) == [1, 0]
    assert solve_rational([[1, 1], [2, 2]], [1, 3], unique=False) is None  # inconsistent
    with pytest.raises(TypeError):
        solve_rational([["a"]], [1])


def test_integer_matvec_is_exact_past_int64():
    from sim.solvers.exact_linear import integer_matvec

    M = np.array([[3, -2], [2**40, 1]], dtype=np.int64)
    assert integer_matvec(M, [5, 7]).tolist() == [1, 5 * 2**40 + 7]
    huge = [2**30, 2**40]  # 2^40 * 2^40 would overflow int64
    assert integer_matvec(M, huge).tolist() == [3 * 2**30 - 2**41, 2**70 + 2**40]
    assert integer_matvec(M.astype(object), [10**30, 1]).tolist() == [
        3 * 10**30 - 2,
        2**40 * 10**30 + 1,
    ]
