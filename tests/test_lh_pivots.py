"""Lemke-Howson's float pivoting against the same algorithm in exact arithmetic; the exact
certificate's float filter and integer payoffs against plain integer and Fraction arithmetic."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from sim.game import Game
from sim.results import integer_payoffs
from sim.solvers import lemke_howson as lh
from sim.solvers import lh_pivots, solve


def _exact_path(A, B, label):
    """Lexicographic Lemke-Howson on full tableaux in Fractions (von Stengel's form, payoffs
    shifted to >= 1): the sorted end bases of both tableaux and the number of pivots."""
    m, n = len(A), len(A[0])
    amin, bmin = min(map(min, A)), min(map(min, B))
    one = Fraction(1)
    TP = [
        [Fraction(B[i][j] - bmin + 1) for i in range(m)]
        + [Fraction(int(jj == j)) for jj in range(n)]
        + [one]
        for j in range(n)
    ]
    TQ = [
        [Fraction(int(ii == i)) for ii in range(m)]
        + [Fraction(A[i][j] - amin + 1) for j in range(n)]
        + [one]
        for i in range(m)
    ]
    P = (TP, list(range(m, m + n)), list(range(m, m + n)))  # tableau, basis, slacks
    Q = (TQ, list(range(m)), list(range(m)))
    tab, other = (P, Q) if label < m else (Q, P)
    entering, pivots = label, 0
    while True:
        T, basis, slack = tab
        col = [row[entering] for row in T]
        rows = [i for i in range(len(T)) if col[i] > 0]
        r = min(rows, key=lambda i: [T[i][-1] / col[i]] + [T[i][v] / col[i] for v in slack])
        p = T[r][entering]
        T[r] = [v / p for v in T[r]]
        for i in range(len(T)):
            f = T[i][entering]
            if i != r and f:
                T[i] = [a - f * b for a, b in zip(T[i], T[r])]
        leaving, basis[r] = basis[r], entering
        pivots += 1
        if leaving == label:
            return sorted(P[1]), sorted(Q[1]), pivots
        entering = leaving
        tab, other = other, tab


@pytest.mark.parametrize("seed,top", [(1, 2), (2, 3), (3, 100), (4, 2)])
def test_float_path_is_the_exact_lexicographic_path(seed, top):
    # payoffs in {0, 1} or {0, 1, 2} are degenerate (ties everywhere): the careful rule and
    # the ratio test for zero right-hand sides run; 0..99 takes the fast test throughout
    rng = np.random.default_rng(seed)
    careful = 0
    for _ in range(6):
        m, n = (int(v) for v in rng.integers(2, 7, 2))
        A, B = rng.integers(0, top, (m, n)), rng.integers(0, top, (m, n))
        for label in range(m + n):
            st = lh_pivots._start(A.astype(float), B.astype(float))
            st, pivots = lh_pivots.lemke_howson_path(st, m, n, label)
            careful += not (st.P.clean and st.Q.clean)
            got = (sorted(st.P.basis), sorted(st.Q.basis), pivots)
            assert got == _exact_path(A.tolist(), B.tolist(), label)
    if top <= 3:
        assert careful > 0  # the degenerate games did leave the positive-rhs test


def test_positive_rhs_test_leaves_near_ties_to_the_careful_rule():
    # a 3x3 game whose first ratio test ties exactly: two rows of B^T share the top entry
    A = np.array([[3, 1, 0], [0, 2, 1], [1, 0, 2]])
    B = np.array([[2, 2, 0], [1, 0, 2], [0, 1, 1]])
    st = lh_pivots._start(A.astype(float), B.astype(float))
    st, pivots = lh_pivots.lemke_howson_path(st, 3, 3, 0)
    assert (sorted(st.P.basis), sorted(st.Q.basis), pivots) == _exact_path(
        A.tolist(), B.tolist(), 0
    )
    eq = solve(Game.from_bimatrix(A, B), "lemke-howson").equilibria[0]
    assert eq.exact and eq.max_regret == 0


def _top_by_hand(M, v, rows):
    pay = [sum(int(a) * b for a, b in zip(row, v)) for row in M.tolist()]
    top = max(pay)
    return top, all(pay[i] == top for i in rows)


def test_best_response_filter_agrees_with_integer_products():
    rng = np.random.default_rng(8)
    for trial in range(60):
        m, k = int(rng.integers(3, 40)), int(rng.integers(1, 6))
        scale = [1, 100, 2**39][trial % 3]
        M = rng.integers(-scale, scale, (m, k), dtype=np.int64)
        if trial % 2:  # ties: copies of one row, and rows that differ by one unit
            M[1:4] = M[0]
            M[4 % m, 0] = M[0, 0] - 1
        v = [int(t) for t in rng.integers(0, 10**12, k)]
        d = sum(v) or 1
        rows = [0, 1] if trial % 2 else [int(np.argmax(M @ np.array(v, dtype=object)))]
        assert lh._top(M, v, d, rows) == _top_by_hand(M, v, rows)


def test_integer_payoffs_match_the_fractions():
    third = Fraction(1, 3)
    cases = [
        ([[3, -7], [0, 5]], [[1, 2], [2, 1]]),
        ([[third, 1], [Fraction(5, 2), 0]], [[0, Fraction(-1, 6)], [2, 1]]),
        ([[0.5, 0.25], [1, 2]], [[1, 0], [0, 1]]),
    ]
    for A, B in cases:
        g = Game.from_bimatrix(A, B)
        D, ints = integer_payoffs(g)
        assert ints.dtype == np.int64
        assert all(Fraction(int(i), D) == q for i, q in zip(ints.ravel(), g.exact.ravel()))
        assert all(D % q.denominator == 0 for q in g.exact.ravel())
    # float payoffs (denominators of 2^50 and more), integers from 2^40 on, and beyond int64
    for A in ([[0.1234567, 1], [2, 3]], [[2**40, 1], [2, 3]], [[-(2**40), 1], [2, 3]]):
        assert integer_payoffs(Game.from_bimatrix(A)) is None
    assert integer_payoffs(Game.from_bimatrix([[2**70, 1], [2, 3]])) is None
    assert integer_payoffs(Game.from_bimatrix([[2**40 - 1, 1], [2, 3]])) is not None


def test_certificate_without_int64_payoffs_gives_the_same_equilibrium():
    # payoffs of 10^30 have no int64 form: the certificate runs on Python integers, and a
    # positive scaling of the game leaves the equilibrium (and scales the payoffs)
    rng = np.random.default_rng(5)
    A, B = rng.integers(0, 100, (9, 9)), rng.integers(0, 100, (9, 9))
    small = Game.from_bimatrix(A, B)
    big = Game.from_bimatrix(A.astype(object) * 10**30, B.astype(object) * 10**30)
    assert integer_payoffs(small) is not None and integer_payoffs(big) is None
    for label in (0, 5, 13):
        e1 = solve(small, "lemke-howson", label=label).equilibria[0]
        e2 = solve(big, "lemke-howson", label=label).equilibria[0]
        assert e1.exact and e2.exact and e1.strategies == e2.strategies
        assert e2.payoffs == tuple(p * 10**30 for p in e1.payoffs)
