"""Evolutionarily stable strategies (``--method ess``): textbook answers, exact invasion checks
against the definition, refusals of games where the concept does not apply."""

from __future__ import annotations

import json
import random
from fractions import Fraction as F

import pytest

from sim.cli import main
from sim.game import Game
from sim.results import certify
from sim.scenario.errors import ScenarioError
from sim.solvers import solve
from sim.solvers.ess import ess_analysis, is_invader, symmetric_matrix


def sym(A) -> Game:
    n = len(A)
    return Game.from_bimatrix(A, [[A[c][r] for c in range(n)] for r in range(n)])


def stable_strategies(A) -> set[tuple]:
    return {c.strategy for c in ess_analysis(sym(A)) if c.stable}


def test_hawk_dove_mixed_ess_is_v_over_c():
    for V, C in [(2, 4), (1, 3), (3, 7)]:
        A = [[F(V - C, 2), F(V)], [F(0), F(V, 2)]]
        assert stable_strategies(A) == {(F(V, C), 1 - F(V, C))}


def test_hawk_dove_pure_hawk_when_prize_exceeds_cost():
    A = [[F(4 - 1, 2), F(4)], [F(0), F(2)]]
    assert stable_strategies(A) == {(F(1), F(0))}


def test_stag_hunt_both_pure_ess_mixed_not():
    cands = ess_analysis(sym([[4, 0], [3, 3]]))
    verdict = {c.strategy: c.stable for c in cands}
    assert verdict == {(1, 0): True, (0, 1): True, (F(3, 4), F(1, 4)): False}
    mixed = next(c for c in cands if not c.stable)
    assert mixed.invader is not None
    assert is_invader(
        symmetric_matrix(sym([[4, 0], [3, 3]])), list(mixed.strategy), list(mixed.invader)
    )


def test_prisoners_dilemma_defect_is_ess():
    assert stable_strategies([[3, 0], [5, 1]]) == {(0, 1)}


def test_rock_paper_scissors_variants():
    third = (F(1, 3),) * 3
    # zero-sum: neutral cycles, no ESS
    assert stable_strategies([[0, -1, 1], [1, 0, -1], [-1, 1, 0]]) == set()
    # ties cost as much as a loss: the mixture is an ESS (z'Az = -3/2 |z|^2)
    assert stable_strategies([[-1, -1, 2], [2, -1, -1], [-1, 2, -1]]) == {third}
    # ties pay: not an ESS (z'Az = +1/2 |z|^2)
    assert stable_strategies([[1, -1, 2], [2, 1, -1], [-1, 2, 1]]) == set()


def test_alternative_best_reply_outside_the_support():
    # e0 earns 1 against itself and so does e1, but e1 earns 0 against itself: e0 is an ESS
    cands = ess_analysis(sym([[1, 1], [1, 0]]))
    c = next(c for c in cands if c.strategy == (1, 0))
    assert c.best_replies == (0, 1) and c.support == (0,) and c.stable is True


def test_neutral_game_has_no_ess():
    assert stable_strategies([[1, 1], [1, 1]]) == set()


def _random_simplex_point(rng: random.Random, n: int) -> list[F]:
    w = [F(rng.randint(0, 20)) for _ in range(n)]
    if sum(w) == 0:
        w[0] = F(1)
    return [v / sum(w) for v in w]


@pytest.mark.parametrize("seed", range(40))
def test_claims_agree_with_the_definition_on_random_games(seed):
    """Every ESS claimed resists random mutants (near and far) checked by the definition in
    Fractions; every rejection comes with an invader that the definition confirms; and the
    candidates are exactly the symmetric equilibria found by the exact 2-player solver."""
    rng = random.Random(seed)
    n = rng.choice([2, 3, 4])
    A = [[F(rng.randint(-5, 5)) for _ in range(n)] for _ in range(n)]
    game = sym(A)
    M = symmetric_matrix(game)
    cands = ess_analysis(game)
    for c in cands:
        x = list(c.strategy)
        if c.stable:
            for _ in range(60):
                y = _random_simplex_point(rng, n)
                eps = F(1, rng.choice([2, 10, 1000]))
                y = [(1 - eps) * a + eps * b for a, b in zip(x, y)]
                assert not is_invader(M, x, y)
        elif c.stable is False:
            assert is_invader(M, x, list(c.invader))
    res = solve(game, "enumerate")
    assert res.complete_set
    symmetric = {
        tuple(e.strategies[0])
        for e in res.equilibria
        if tuple(e.strategies[0]) == tuple(e.strategies[1])
    }
    isolated = {c.strategy for c in cands}
    for s in isolated:
        assert certify(game, (s, s), tol=0) is not None
    if all(len(comp) == 1 for comp in (res.components or [])):
        # no continua: the isolated symmetric equilibria are the solver's symmetric ones
        assert isolated == symmetric


def test_refusals():
    with pytest.raises(ScenarioError, match="symmetric"):
        symmetric_matrix(Game.from_bimatrix([[1, 0], [0, 1]], [[2, 0], [0, 1]]))
    with pytest.raises(ScenarioError, match="2 x 3"):
        symmetric_matrix(Game.from_bimatrix([[1, 0, 0], [0, 1, 0]], [[1, 0, 0], [0, 1, 0]]))


def test_cli_run_json_and_explain(capsys):
    assert main(["run", "classics/hawk_dove", "--method", "ess", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (c,) = data["details"]["ess"]["candidates"]
    assert c["strategy"] == {"hawk": "1/2", "dove": "1/2"} and c["stable"] is True
    assert len(data["equilibria"]) == 1
    assert main(["run", "classics/hawk_dove", "--method", "ess", "--set", "injury_cost=1"]) == 0
    out = capsys.readouterr().out
    assert "Evolutionarily stable (1): hawk." in out
    assert main(["explain", "classics/stag_hunt", "--method", "ess", "--no-thresholds"]) == 0
    out = capsys.readouterr().out
    assert "Evolutionarily stable strategies" in out and "can invade" in out


def test_cli_refuses_asymmetric(capsys):
    assert main(["run", "freeze_for_freeze", "--method", "ess"]) == 1
    assert "symmetric" in capsys.readouterr().err
