"""Iterated elimination of dominated strategies: textbook games with known elimination paths."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from sim.game import Game
from sim.solvers import solve
from sim.solvers.dominance import DominanceResult, DominanceStep, iterated_elimination


def test_gibbons_dominance_solvable_game():
    # Gibbons, A Primer in Game Theory (1992), §1.1.B, Figure 1.1.1: Right is strictly
    # dominated by Middle, then Down by Up, then Left by Middle; (Up, Middle) survives.
    g = Game.from_bimatrix(
        [[1, 1, 0], [0, 0, 2]],
        [[0, 2, 1], [3, 1, 0]],
        strategies=(("Up", "Down"), ("Left", "Middle", "Right")),
    )
    res = iterated_elimination(g)
    assert isinstance(res, DominanceResult) and res.solved
    assert [(s.player, s.strategy, s.dominated_by, s.strict) for s in res.steps] == [
        ("Column", "Right", "Middle", True),
        ("Row", "Down", "Up", True),
        ("Column", "Left", "Middle", True),
    ]
    assert [s.margin for s in res.steps] == [F(1), F(1), F(2)]
    assert res.game.strategies == (("Up",), ("Middle",))
    assert res.kept == ((0,), (1,))


def test_prisoners_dilemma_both_cooperations_go():
    # Osborne (2004) §2.2: Fink strictly dominates Quiet for both players (margin 1).
    g = Game.from_bimatrix(
        [[2, 0], [3, 1]], [[2, 3], [0, 1]], strategies=(("Quiet", "Fink"), ("Quiet", "Fink"))
    )
    res = iterated_elimination(g, mixed=False)
    assert [(s.player, s.strategy, s.dominated_by) for s in res.steps] == [
        ("Row", "Quiet", "Fink"),
        ("Column", "Quiet", "Fink"),
    ]
    assert all(s.margin == 1 for s in res.steps)


def test_mixed_dominance_by_lp():
    # The standard example (cf. Fudenberg & Tirole 1991, §2.1): B = (1, 1) is dominated by no
    # pure strategy but by the mixture 1/2 T + 1/2 M = (3/2, 3/2), margin 1/2 (the largest
    # possible: max_p min(3p, 3(1-p)) - 1).
    g = Game.from_bimatrix(
        [[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]], strategies=(("T", "M", "B"), ("L", "R"))
    )
    assert iterated_elimination(g, mixed=False).steps == ()
    (step,) = iterated_elimination(g).steps
    assert step == DominanceStep("Row", "B", {"T": F(1, 2), "M": F(1, 2)}, True, F(1, 2))
    # float payoffs: same step in floats
    gf = Game.from_bimatrix(np.array([[3, 0], [0, 3], [1, 1]]) * np.sqrt(2), np.zeros((3, 2)))
    (sf,) = iterated_elimination(gf).steps
    assert sf.strict and sf.margin == pytest.approx(np.sqrt(2) / 2)


def test_weak_dominance_and_its_order():
    # (r2, c2) pays 0 to both, everything else 1: r2 and c2 are both weakly (not strictly)
    # dominated.  Players go in order, so r2 goes first -- and then c2 no longer is dominated
    # (against r1 both columns pay 1): removing c2 first would have kept r2 instead.
    g = Game.from_bimatrix([[1, 1], [1, 0]], [[1, 1], [1, 0]])
    assert iterated_elimination(g).steps == ()
    res = iterated_elimination(g, weak=True)
    assert [(s.player, s.strategy, s.dominated_by, s.strict, s.margin) for s in res.steps] == [
        ("Row", "r2", "r1", False, F(0))
    ]
    assert res.game.strategies == (("r1",), ("c1", "c2"))
    # weak elimination kept an equilibrium of the original game
    eq = solve(g, "enumerate")
    assert ((F(1), F(0)), (F(1), F(0))) in {e.strategies for e in eq.equilibria}


def test_strictly_dominated_mixture_preferred_when_weak():
    g = Game.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]])
    (step,) = iterated_elimination(g, weak=True).steps
    assert step.strict and step.margin == F(1, 2)


def test_duplicates_are_not_dominated():
    g = Game.from_bimatrix([[1, 2], [1, 2]], [[0, 0], [0, 0]])
    assert iterated_elimination(g, weak=True).steps == ()


def test_three_players():
    # Player 3's 'b' pays 1 less than 'a' in every profile: strictly dominated; nothing else is.
    rng = np.random.default_rng(2)
    T = rng.integers(0, 5, (2, 2, 2, 3)).astype(object)
    T[:, :, 1, 2] = T[:, :, 0, 2] - 1
    T[:, :, :, 0] = 0  # player 1 indifferent everywhere
    T[:, :, :, 1] = 0  # player 2 too
    g = Game.from_tensor(
        T, players=("A", "B", "C"), strategies=(("x", "y"), ("u", "v"), ("a", "b"))
    )
    res = iterated_elimination(g)
    assert [(s.player, s.strategy, s.dominated_by, s.margin) for s in res.steps] == [
        ("C", "b", "a", F(1))
    ]
    assert res.game.shape == (2, 2, 1)


def test_elimination_keeps_every_equilibrium_when_strict():
    rng = np.random.default_rng(4)
    for _ in range(15):
        A, B = rng.integers(0, 6, (4, 4)), rng.integers(0, 6, (4, 4))
        g = Game.from_bimatrix(A, B)
        res = iterated_elimination(g)
        if not res.steps:
            continue
        full = solve(g, "enumerate").equilibria
        reduced = solve(res.game, "enumerate").equilibria
        rows, cols = res.kept
        # lift the reduced game's equilibria back to the original strategy sets
        lifted = set()
        for e in reduced:
            x = [F(0)] * 4
            y = [F(0)] * 4
            for k, v in zip(rows, e.strategies[0]):
                x[k] = v
            for k, v in zip(cols, e.strategies[1]):
                y[k] = v
            lifted.add((tuple(x), tuple(y)))
        assert lifted == {e.strategies for e in full}
