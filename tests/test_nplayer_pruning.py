"""The shortcuts of N-player enumeration and of exact certification give the same answers as
the plain paths.

* ``solve_support_systems(..., equilibria_only=True)`` drops boxes in which a strategy outside a
  support pays more everywhere: the equilibrium roots must be exactly those of the plain
  subdivision (which finds every root, equilibrium or not) that pass the equilibrium test.
* ``certify`` checks exact profiles in int64 when the payoffs are small integers over a common
  denominator: it must accept and reject exactly what the Fraction arithmetic does, with the
  same payoffs.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

import sim
from sim.game import Game
from sim.results import certify, deviation_payoffs, integer_payoffs
from sim.solvers import nplayer
from sim.solvers.multiaffine import solve_support_systems


def _equilibrium_roots(game: Game, equilibria_only: bool) -> list[np.ndarray]:
    masks = nplayer.candidate_supports(game)
    systems = nplayer._support_systems(game, masks)
    rep = solve_support_systems(
        systems, scale=float(np.ptp(game.payoffs)), equilibria_only=equilibria_only
    )
    roots = [nplayer._profile_from_root(systems, t, x) for x, t in zip(rep.x, rep.support)]
    tol = 1e-9 * float(np.abs(game.payoffs).max())
    found = nplayer._equilibrium_roots(game, roots, tol)
    return sorted(np.round(np.concatenate(p), 9).tolist() for p in found)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pruned_subdivision_finds_the_same_equilibria(seed):
    rng = np.random.default_rng(seed)
    game = Game.from_tensor(rng.integers(0, 100, (3, 3, 3, 3)))
    plain = _equilibrium_roots(game, equilibria_only=False)
    pruned = _equilibrium_roots(game, equilibria_only=True)
    assert pruned == plain
    assert plain  # these games have mixed equilibria, so the comparison means something


def test_pruned_subdivision_examines_fewer_boxes():
    rng = np.random.default_rng(5)
    game = Game.from_tensor(rng.random((3, 3, 3, 3)))
    masks = nplayer.candidate_supports(game)
    systems = nplayer._support_systems(game, masks)
    scale = float(np.ptp(game.payoffs))
    plain = solve_support_systems(systems, scale=scale).spent.sum()
    pruned = solve_support_systems(systems, scale=scale, equilibria_only=True).spent.sum()
    assert pruned < plain


def _fraction_certificate(game: Game, profile):
    """Zero regret and the payoffs, by Fraction arithmetic alone (the reference)."""
    devs = deviation_payoffs(game, profile, exact=True)
    pay = [sum(d * p for d, p in zip(dv, pr)) for dv, pr in zip(devs, profile)]
    return all(max(dv) == v for dv, v in zip(devs, pay)), tuple(F(v) for v in pay)


def _random_profile(rng, shape):
    out = []
    for n in shape:
        w = rng.integers(0, 5, n)
        w[rng.integers(n)] += 1
        out.append(tuple(F(int(x), int(w.sum())) for x in w))
    return tuple(out)


@pytest.mark.parametrize("halves", [False, True])
def test_integer_certification_matches_fractions(halves):
    rng = np.random.default_rng(11)
    T = rng.integers(-20, 20, (3, 2, 3, 3)).astype(object)
    if halves:  # payoffs with denominators: the common denominator path
        T = T * F(1, 2) + F(1, 3)
    game = Game.from_tensor(T)
    assert integer_payoffs(game) is not None
    profiles = [_random_profile(rng, game.shape) for _ in range(40)]
    # pure profiles take the Fraction path (a selection): same answers
    profiles += [
        tuple(tuple(F(int(k == s)) for k in range(n)) for s, n in zip(pure, game.shape))
        for pure in np.ndindex(*game.shape)
    ]
    profiles += [e.strategies for e in sim.solve(game, "all").equilibria if e.exact]
    accepted = 0
    for prof in profiles:
        zero, pay = _fraction_certificate(game, prof)
        eq = certify(game, prof)
        assert (eq is not None) == zero
        if eq is not None:
            accepted += 1
            assert eq.payoffs == pay and eq.max_regret == 0 and eq.exact
    assert accepted >= 1


def test_float_payoffs_have_no_integer_form_and_still_certify():
    rng = np.random.default_rng(3)
    game = Game.from_tensor(rng.random((2, 2, 2, 3)))
    assert integer_payoffs(game) is None
    res = sim.solve(game, "all")
    assert res.equilibria and all(e.max_regret <= 1e-9 for e in res.equilibria)
