"""Cross-check `enumerate` against pygambit's exact `enummixed_solve` (rational=True).

Equal SETS of extreme equilibria, exactly, on generated games of every awkward kind: random,
tied payoffs in {0,1} and {0,1,2}, duplicated rows/columns, all-equal payoffs for one player,
large payoff ranges.  Lemke-Howson's answer must lie in the same set.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from sim.game import Game
from sim.solvers import solve

gbt = pytest.importorskip("pygambit")


def gambit_extreme_equilibria(A, B) -> set:
    g = gbt.Game.from_arrays(
        [[gbt.Rational(int(v)) for v in r] for r in A],
        [[gbt.Rational(int(v)) for v in r] for r in B],
    )
    res = gbt.nash.enummixed_solve(g, rational=True)
    p0, p1 = list(g.players)
    return {
        (
            tuple(Fraction(str(eq[s])) for s in p0.strategies),
            tuple(Fraction(str(eq[s])) for s in p1.strategies),
        )
        for eq in res.equilibria
    }


def make_game(kind: str, rng: np.random.Generator):
    m, n = (int(v) for v in rng.integers(2, 6, 2))
    if kind == "ties01":
        return rng.integers(0, 2, (m, n)), rng.integers(0, 2, (m, n))
    if kind == "ties012":
        return rng.integers(0, 3, (m, n)), rng.integers(0, 3, (m, n))
    if kind == "duplicated":
        A, B = rng.integers(0, 10, (m, n)), rng.integers(0, 10, (m, n))
        A, B = np.vstack([A, A[-1:]]), np.vstack([B, B[-1:]])
        return np.hstack([A, A[:, :1]]), np.hstack([B, B[:, :1]])
    if kind == "all_equal":
        return np.full((m, n), 2), rng.integers(0, 2, (m, n))
    if kind == "wide":
        return rng.integers(-1000, 1000, (m, n)), rng.integers(-1000, 1000, (m, n))
    return rng.integers(0, 100, (m, n)), rng.integers(0, 100, (m, n))


KINDS = ["random", "ties01", "ties012", "duplicated", "all_equal", "wide"]


@pytest.mark.parametrize("kind", KINDS)
def test_enumerate_equals_gambit_enummixed(kind):
    rng = np.random.default_rng(KINDS.index(kind) + 100)
    for _ in range(12):  # 6 kinds x 12 = 72 games
        A, B = make_game(kind, rng)
        g = Game.from_bimatrix(A, B)
        res = solve(g, "enumerate")
        ours = {e.strategies for e in res.equilibria}
        theirs = gambit_extreme_equilibria(A.tolist(), B.tolist())
        assert res.rejected == 0
        assert ours == theirs, (A.tolist(), B.tolist())
        # Lemke-Howson from label 0 lands in the same set, certified exactly
        lh = solve(g, "lemke-howson")
        assert lh.rejected == 0 and lh.equilibria[0].exact
        assert lh.equilibria[0].strategies in theirs


@pytest.mark.parametrize("n", [7, 9])  # 9x9 runs the multi-modular exact pivoting
def test_enumerate_equals_gambit_on_a_larger_random_game(n):
    rng = np.random.default_rng(7)
    A, B = rng.integers(0, 100, (n, n)), rng.integers(0, 100, (n, n))
    res = solve(Game.from_bimatrix(A, B), "enumerate")
    assert {e.strategies for e in res.equilibria} == gambit_extreme_equilibria(
        A.tolist(), B.tolist()
    )


def test_enumerate_equals_gambit_on_decimal_payoffs():
    # decimals as a scenario writes them (1.25, -0.35): exact rationals after scaling
    rng = np.random.default_rng(13)
    for _ in range(6):
        m, n = (int(v) for v in rng.integers(2, 7, 2))
        A = rng.integers(-500, 500, (m, n)) / 4
        B = rng.integers(-500, 500, (m, n)) / 20
        g = gbt.Game.from_arrays(
            [[gbt.Rational(str(Fraction(repr(v)))) for v in r] for r in A.tolist()],
            [[gbt.Rational(str(Fraction(repr(v)))) for v in r] for r in B.tolist()],
        )
        p0, p1 = list(g.players)
        theirs = {
            (
                tuple(Fraction(str(eq[s])) for s in p0.strategies),
                tuple(Fraction(str(eq[s])) for s in p1.strategies),
            )
            for eq in gbt.nash.enummixed_solve(g, rational=True).equilibria
        }
        res = solve(Game.from_bimatrix(A, B), "enumerate")
        assert {e.strategies for e in res.equilibria} == theirs
