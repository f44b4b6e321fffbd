"""The float-LP-then-exact-support path of the zero-sum solver and the repeated-game minmax.

The path returns an optimal pair only when it is the game's unique one (equal supports, a
non-singular equalising system, strict complementarity), so on tied and degenerate games it
must either agree with the exact enumeration (a single equilibrium) or step aside.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np

from sim.game import Game
from sim.repeated.stage import minmax
from sim.results import certify
from sim.solvers import solve
from sim.solvers.zero_sum import (
    _bareiss_pair,
    integer_rows,
    lp_with_dual,
    minimax,
    unique_optimum,
)


def test_fraction_free_solves_both_systems_with_zero_pivots():
    rng = np.random.default_rng(3)
    for n in (1, 2, 4, 7, 15):
        for k in range(15):
            M = rng.integers(-3, 4, (n, n))
            if k % 2:
                M[0, 0] = 0  # forces a row swap
            out = _bareiss_pair(M.tolist())
            if out is None:
                assert round(np.linalg.det(M)) == 0
                continue
            z, w, d = out
            assert d != 0 and abs(d) == abs(round(np.linalg.det(M)))
            e = [0] * (n - 1) + [d]
            Mo = M.astype(object)
            assert Mo.dot(np.array(z, dtype=object)).tolist() == e
            assert Mo.T.dot(np.array(w, dtype=object)).tolist() == e


def test_fast_path_is_unique_and_certified_on_tied_games():
    rng = np.random.default_rng(11)
    taken = declined = 0
    for trial in range(120):
        m, n = rng.integers(2, 5, 2)
        A = rng.integers(-1, 2, (m, n)) if trial % 2 else rng.integers(0, 3, (m, n))
        g = Game.from_bimatrix(A)
        rows, D = integer_rows(g.bimatrix(exact=True)[0])
        pair = lp_with_dual(np.asarray(rows, dtype=float))
        fast = unique_optimum(rows, *pair)
        eqs = solve(g, "enumerate").equilibria
        if fast is None:
            declined += 1
            continue
        taken += 1
        value, x, y = fast
        eq = certify(g, (x, y))
        assert eq is not None and eq.exact and eq.payoffs[0] == value / D
        # a unique optimal pair is the zero-sum game's only equilibrium
        assert len(eqs) == 1 and eqs[0].strategies == (x, y)
        assert minimax(g) == (value, x, y)
    assert taken > 20 and declined > 20


def test_degenerate_games_fall_back_and_stay_exact():
    # duplicated row: two optimal strategies for the row player, so the path steps aside
    A = [[3, -1], [3, -1], [-2, 1]]
    g = Game.from_bimatrix(A)
    rows, _ = integer_rows(g.bimatrix(exact=True)[0])
    assert unique_optimum(rows, *lp_with_dual(np.asarray(rows, dtype=float))) is None
    v, x, y = minimax(g)
    assert v == F(1, 7) and y == (F(2, 7), F(5, 7))
    assert certify(g, (x, y)) is not None
    # all-zero game: every pair is optimal
    g0 = Game.from_bimatrix(np.zeros((3, 3), dtype=int))
    assert minimax(g0)[0] == 0 and minmax(g0, 0).value == 0


def test_minmax_fast_path_matches_the_game_value_exactly():
    rng = np.random.default_rng(2)
    for _ in range(6):
        A = rng.integers(-9, 10, (12, 12))
        B = rng.integers(-9, 10, (12, 12))
        g = Game.from_bimatrix(A, B)
        for player, U in ((0, A), (1, B.T)):
            mm = minmax(g, player)
            v, _, _ = minimax(Game.from_bimatrix(U))
            assert mm.exact and mm.value == v
            (q,) = mm.punishers
            p = mm.guarantee
            Ue = np.asarray(U, dtype=object)
            assert max(Ue @ np.asarray(q, dtype=object)) == v
            assert min(np.asarray(p, dtype=object) @ Ue) == v


def test_fractional_payoffs_scale_back_to_the_exact_value():
    g = Game.from_bimatrix([[F(3, 2), F(-1, 3)], [F(-2, 5), F(1, 7)]])
    v, x, y = minimax(g)
    A = np.asarray(g.bimatrix(exact=True)[0], dtype=object)
    assert min(np.asarray(x, dtype=object) @ A) == v == max(A @ np.asarray(y, dtype=object))
