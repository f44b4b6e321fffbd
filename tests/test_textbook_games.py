"""Textbook games with their complete equilibrium sets (the default analysis must find all).

Sources: Osborne, *An Introduction to Game Theory* (OUP 2004), ch. 2-4 (Prisoner's Dilemma,
Stag Hunt, Battle of the Sexes ("BoS"), Matching Pennies, Chicken/Hawk-Dove); Rock-Paper-
Scissors: unique equilibrium (1/3, 1/3, 1/3) for both players (Osborne ex. 4.1 variants).
The 3-player game: Osborne & Rubinstein style "three-player matching pennies" variant from
McKelvey & McLennan's examples is covered in the engine tests; here a 3-player coordination
game whose mixed equilibrium is derived in the comment.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

import sim
from sim.game import Game


def eq_set(result):
    return {tuple(tuple(F(x) for x in s) for s in e.strategies) for e in result.equilibria}


def P(*vecs):
    return tuple(tuple(F(x) for x in v) for v in vecs)


CASES = {
    # (A, B, complete equilibrium set)
    "prisoners_dilemma": ([[3, 0], [5, 1]], [[3, 5], [0, 1]], {P((0, 1), (0, 1))}),
    "stag_hunt": (
        [[4, 0], [3, 3]],
        [[4, 3], [0, 3]],
        # mixed: each hunts stag w.p. 3/4 (4p = 3 -> p = 3/4)
        {P((1, 0), (1, 0)), P((0, 1), (0, 1)), P((F(3, 4), F(1, 4)), (F(3, 4), F(1, 4)))},
    ),
    "chicken": (
        [[0, -1], [1, -10]],
        [[0, 1], [-1, -10]],
        # swerve/straight; mixed: swerve w.p. 9/10  (-q + ... indifference)
        {P((1, 0), (0, 1)), P((0, 1), (1, 0)), P((F(9, 10), F(1, 10)), (F(9, 10), F(1, 10)))},
    ),
    "battle_of_the_sexes": (
        [[2, 0], [0, 1]],
        [[1, 0], [0, 2]],
        {P((1, 0), (1, 0)), P((0, 1), (0, 1)), P((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))},
    ),
    "matching_pennies": (
        [[1, -1], [-1, 1]],
        [[-1, 1], [1, -1]],
        {P((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))},
    ),
    "rock_paper_scissors": (
        [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
        [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
        {P((F(1, 3),) * 3, (F(1, 3),) * 3)},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_complete_equilibrium_set(name):
    A, B, expected = CASES[name]
    game = Game.from_bimatrix(A, B)
    result = sim.solve(game)
    assert result.status == "complete"
    assert eq_set(result) == expected
    assert all(e.exact and e.max_regret == 0 for e in result.equilibria)


def test_pure_solver_on_prisoners_dilemma_and_pareto():
    game = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    res = sim.solve(game, "pure")
    (eq,) = res.equilibria
    assert eq.pure_profile() == (1, 1)
    assert eq.pareto_efficient is False  # (C, C) gives both 3 > 1


def test_three_player_game_with_known_mixed_equilibrium():
    """Three players each choose a or b; each gets 1 if all three match (Nash-style
    "unanimity" game) plus a private bonus of 1/2 for choosing b.

    Pure equilibria: (a,a,a)? Deviating to b gives 1/2 < 1, so yes; (b,b,b): 1 + 1/2, yes.
    Symmetric mixed equilibrium: each plays a with prob p; payoff of a = p^2, payoff of b =
    (1-p)^2 + 1/2.  Indifference p^2 = (1-p)^2 + 1/2  =>  2p - 1 = 1/2  =>  p = 3/4.
    """
    import numpy as np

    T = np.zeros((2, 2, 2, 3), dtype=object)
    for s in np.ndindex(2, 2, 2):
        for i in range(3):
            T[s + (i,)] = F(int(len(set(s)) == 1)) + (F(1, 2) if s[i] == 1 else 0)
    game = Game.from_tensor(T, players=("X", "Y", "Z"), strategies=(("a", "b"),) * 3)
    res = sim.solve(game)
    assert res.equilibria, res.message
    sym = [
        e
        for e in res.equilibria
        if not e.is_pure and len(set(e.support())) == 1 and e.support()[0] == (0, 1)
    ]
    found = {tuple(round(float(x), 9) for x in e.strategies[0]) for e in sym}
    assert (0.75, 0.25) in found
    pure = {e.pure_profile() for e in res.equilibria if e.is_pure}
    assert {(0, 0, 0), (1, 1, 1)} <= pure
