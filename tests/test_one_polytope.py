"""The exact enumeration that searches one best-response polytope and finds each vertex's partners
(``sim.solvers.vertex_partners``) must give the same extreme equilibria and the same components as
the search of both polytopes, on generic, degenerate and tied games, square or not."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from sim.game import Game
from sim.solvers import solve
from sim.solvers import vertex_enumeration as ve
from sim.solvers.exact_linear import solve_integer
from sim.solvers.vertex_partners import face_partners, float_filter


def _shape(result):
    profiles, components, _ = result
    return set(profiles), {frozenset(profiles[i] for i in c) for c in components}


def test_one_polytope_search_equals_the_two_polytope_search():
    rng = np.random.default_rng(2026)
    seen = {"searched Q too": 0, "transposed": 0, "continuum": 0, "degenerate": 0}
    for trial in range(56):
        m, n = (int(v) for v in rng.integers(1, 7, 2))
        hi = (2, 3, 4, 100)[trial % 4]  # small ranges: ties, degenerate vertices, continua
        game = Game.from_bimatrix(rng.integers(0, hi, (m, n)), rng.integers(0, hi, (m, n)))
        one = ve.extreme_equilibria(game, search="one")
        two = ve.extreme_equilibria(game, search="two")
        assert _shape(one) == _shape(two), (game.payoffs.tolist(), one[2], two[2])
        assert one[2]["extreme_equilibria"] == two[2]["extreme_equilibria"]
        seen["searched Q too"] += "vertices_P" in one[2] and "vertices_Q" in one[2]
        seen["transposed"] += m > n
        seen["continuum"] += any(len(c) > 1 for c in one[1])
        seen["degenerate"] += one[2]["degenerate_vertices"] > 0
    assert all(seen.values()), seen  # every branch ran


def test_the_solver_entry_certifies_the_same_set():
    rng = np.random.default_rng(7)
    for _ in range(6):
        A, B = rng.integers(0, 100, (2, 7, 7))
        game = Game.from_bimatrix(A, B)
        res = solve(game, "enumerate")
        assert res.status == "complete" and res.complete_set and res.rejected == 0
        two = ve.extreme_equilibria(game, search="two")[0]
        assert {e.strategies for e in res.equilibria} == set(two)
        assert all(e.exact and e.max_regret == 0 for e in res.equilibria)


@pytest.mark.parametrize("scale", [1, 10**6])
def test_the_float_filter_keeps_every_partner(scale):
    # the filter may keep vertices without a partner, never drop one that has a partner; wide
    # payoff ranges make ill-conditioned systems
    rng = np.random.default_rng(scale)
    kept = 0
    for _ in range(15):
        m, n = (int(v) for v in rng.integers(2, 7, 2))
        A = rng.integers(0, 100, (m, n)) * rng.choice([1, scale], (m, n))
        game = Game.from_bimatrix(A, rng.integers(0, 100, (m, n)))
        Ai, da, Bi, db = ve._exact_integer_matrices(game)
        masks, _, _ = ve.polytope_vertices(
            ve._tableau_P(Bi, db, m, n), list(range(m, m + n)), exact=True
        )
        xmask = (1 << m) - 1
        masks = masks[((masks & xmask) != xmask) & (ve._popcount(masks) == m)]
        Af = np.asarray(Ai, dtype=float)
        keep, doubt = float_filter(Af / Af.max(), masks, m, n)
        checked = set(keep.tolist()) | set(doubt.tolist())
        for v, mask in enumerate(masks.tolist()):
            if face_partners(Ai, da, mask, m, n):
                assert v in checked
        kept += keep.size
    assert kept


def test_fraction_free_solve_agrees_with_fractions():
    rng = np.random.default_rng(3)
    singular = 0
    for _ in range(40):
        k = int(rng.integers(1, 6))
        M = rng.integers(-3, 4, (k, k)).tolist()
        b = rng.integers(-5, 6, k).tolist()
        out = solve_integer(M, b)
        if out is None:
            singular += 1
            assert round(np.linalg.det(np.array(M, dtype=float))) == 0
            continue
        X, det = out
        assert det > 0
        x = [Fraction(v, det) for v in X]
        assert [sum(Fraction(a) * w for a, w in zip(row, x)) for row in M] == b
    assert singular


def test_a_degenerate_vertex_has_both_ends_of_its_segment_as_partners():
    # row 0 against columns 0 and 1 pays the column player 2 either way: x = (1, 0) has three
    # labels (x_1 = 0, both columns best responses), and y must make row 0 a best response,
    # (A y)_0 >= (A y)_1, that is y_0 <= 1/2: the segment from y = (0, 1) to y = (1/2, 1/2)
    A = [[1, 1], [2, 0]]
    B = [[2, 2], [0, 3]]
    game = Game.from_bimatrix(A, B)
    Ai, da, _, _ = ve._exact_integer_matrices(game)
    mask = (1 << 1) | (1 << 2) | (1 << 3)  # labels: x_1 = 0, column 0 and column 1 best
    ends = face_partners(Ai, da, mask, 2, 2)
    assert sorted(ends) == [(Fraction(0), Fraction(1)), (Fraction(1, 2), Fraction(1, 2))]
    profiles, components, _ = ve.extreme_equilibria(game)
    assert len(components) == 1 and len(profiles) == 2
