"""Cross-check the 2-player engine against QuantEcon's ``game_theory`` (a second, independent
peer beside pygambit).

QuantEcon's vertex enumeration is exact in its answers only for nondegenerate games (the
benchmark's tied-payoff suite shows it missing equilibria otherwise), so the set comparison is
on random integer games with distinct payoffs, where every equilibrium is isolated.  Its
Lemke-Howson answer must be one of ours.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.game import Game
from sim.solvers import solve

gt = pytest.importorskip("quantecon.game_theory")


def quantecon_game(A, B):
    return gt.NormalFormGame((gt.Player(np.asarray(A, float)), gt.Player(np.asarray(B, float).T)))


def distinct_payoff_game(rng, m, n):
    """Payoffs drawn without repetition per player: no ties, so (generically) nondegenerate."""
    A = rng.permutation(10 * m * n)[: m * n].reshape(m, n)
    B = rng.permutation(10 * m * n)[: m * n].reshape(m, n)
    return A, B


def flat(profile) -> np.ndarray:
    return np.concatenate([np.asarray([float(x) for x in s]) for s in profile])


def same_sets(ours, theirs, atol=1e-9) -> bool:
    """Equal as sets of profiles, up to float rounding (each of ours matches one of theirs)."""
    a = [flat(e) for e in ours]
    b = [flat(e) for e in theirs]
    return len(a) == len(b) and all(sum(np.allclose(x, y, atol=atol) for y in b) == 1 for x in a)


@pytest.mark.parametrize("m, n", [(2, 2), (3, 3), (4, 4), (3, 5), (6, 6)])
def test_enumerate_equals_quantecon_vertex_enumeration(m, n):
    rng = np.random.default_rng(1000 + 10 * m + n)
    for _ in range(8):
        A, B = distinct_payoff_game(rng, m, n)
        ours = solve(Game.from_bimatrix(A, B), "enumerate")
        assert ours.complete and all(e.exact for e in ours.equilibria)
        theirs = gt.vertex_enumeration(quantecon_game(A, B))
        assert same_sets([e.strategies for e in ours.equilibria], theirs), (A.tolist(), B.tolist())


@pytest.mark.parametrize("n", [5, 12, 25])
def test_lemke_howson_lands_on_one_of_our_equilibria(n):
    rng = np.random.default_rng(2000 + n)
    for _ in range(4):
        A, B = distinct_payoff_game(rng, n, n)
        g = Game.from_bimatrix(A, B)
        theirs = gt.lemke_howson(quantecon_game(A, B), init_pivot=0)
        ours = solve(g, "lemke-howson", label=0).equilibria[0]
        assert ours.exact
        # both follow the path that drops the first row strategy's label from the artificial
        # equilibrium, so on a nondegenerate game they must end at the same equilibrium
        for mine, other in zip(ours.strategies, theirs):
            assert np.allclose([float(v) for v in mine], other, atol=1e-9), (A.tolist(), B.tolist())
