"""Equilibrium selection beyond 2x2: payoff dominance, pairwise risk dominance and basins of
attraction (best-response and replicator dynamics)."""

from __future__ import annotations

import random
from fractions import Fraction as F

import pytest

from sim.cli import main
from sim.game import Game
from sim.normal_form.explain_selection import selection_of
from sim.scenario.errors import ScenarioError
from sim.solvers import solve
from sim.solvers.dynamics import (
    best_response_basins,
    pairwise_risk_dominance,
    payoff_dominance,
    replicator_basins,
)


def coordination(a: int, b: int, c: int) -> Game:
    A = [[a, 0, 0], [0, b, 0], [0, 0, c]]
    return Game.from_bimatrix(A, A)


def pure_index(eqs, profile):
    return next(k for k, e in enumerate(eqs) if e.pure_profile() == profile)


def test_three_way_coordination():
    game = coordination(5, 3, 1)
    eqs = list(solve(game, "enumerate").equilibria)
    assert len(eqs) == 7
    x, y, z = (pure_index(eqs, (k, k)) for k in range(3))
    dominant, dominated = payoff_dominance(game, eqs)
    assert dominant == x
    assert {k for k, _ in dominated} == set(range(7)) - {x}
    risk = {(k, j): (pk, pj) for k, j, pk, pj in pairwise_risk_dominance(game, eqs)}
    products = {frozenset((k, j)): {k: pk, j: pj} for (k, j), (pk, pj) in risk.items()}
    assert products[frozenset((x, y))] == {x: 25, y: 9}
    assert products[frozenset((y, z))] == {y: 9, z: 1}
    for basins in (best_response_basins(game, eqs, match=0.05), replicator_basins(game, eqs)):
        s = basins.shares
        assert s[x] > s[y] > s[z] > 0
        assert sum(s) + basins.unsettled == pytest.approx(1.0)
        mixed = [k for k, e in enumerate(eqs) if not e.is_pure]
        assert all(s[k] == 0 for k in mixed)


@pytest.mark.parametrize("seed", range(6))
def test_best_response_basin_follows_risk_dominance_in_2x2(seed):
    """In a 2x2 game with two strict equilibria the larger best-response basin belongs to the
    risk-dominant one (when the Nash products differ clearly)."""
    rng = random.Random(seed)
    while True:
        la, lb, ma, mb = (rng.randint(1, 9) for _ in range(4))
        if abs(la * lb - ma * mb) >= 4:
            break
    # (0,0) strict with row/column losses la, lb; (1,1) strict with losses ma, mb
    A = [[la, 0], [0, ma]]
    B = [[lb, 0], [0, mb]]
    game = Game.from_bimatrix(A, B)
    res = solve(game, "enumerate")
    eqs = list(res.equilibria)
    sel = selection_of(game, res)
    assert sel is not None and sel.risk_dominant is not None
    winner = pure_index(eqs, sel.profiles[sel.risk_dominant])
    loser = pure_index(eqs, sel.profiles[1 - sel.risk_dominant])
    br = best_response_basins(game, eqs, starts=1000, match=0.05)
    assert br.shares[winner] > br.shares[loser]


def test_basins_are_reproducible_and_seeded():
    game = coordination(4, 3, 2)
    eqs = list(solve(game, "enumerate").equilibria)
    a = replicator_basins(game, eqs, starts=300, seed=3)
    b = replicator_basins(game, eqs, starts=300, seed=3)
    c = replicator_basins(game, eqs, starts=300, seed=4)
    assert a == b and a.seed == 3 and a.starts == 300
    assert a.shares != c.shares


def test_cycles_are_reported_unsettled():
    A = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    game = Game.from_bimatrix(A, [[-v for v in r] for r in A])
    eqs = list(solve(game, "enumerate").equilibria)
    rep = replicator_basins(game, eqs, starts=200)
    assert rep.unsettled == 1.0  # closed orbits around the mixed equilibrium


def test_three_players():
    # all three must choose the same side; the 'a' side pays more
    import numpy as np

    pay = np.full((2, 2, 2, 3), F(0), dtype=object)
    for i in range(3):
        pay[0, 0, 0, i] = F(3)
        pay[1, 1, 1, i] = F(1)
    game = Game.from_tensor(pay)
    eqs = list(solve(game, "all").equilibria)
    a, b = pure_index(eqs, (0, 0, 0)), pure_index(eqs, (1, 1, 1))
    for basins in (best_response_basins(game, eqs, match=0.05), replicator_basins(game, eqs)):
        assert basins.shares[a] > basins.shares[b] > 0


def test_size_refused():
    import numpy as np

    game = Game.from_tensor(np.zeros((8, 8, 8, 8, 8, 8, 6)))
    with pytest.raises(ScenarioError, match="pure profiles"):
        best_response_basins(game, [])


def test_explain_shows_basins_for_larger_games(capsys, tmp_path):
    src = tmp_path / "coord.yaml"
    src.write_text(
        "format: negsim/1\nkind: normal-form\ntitle: Three-way coordination\n"
        "players:\n  A: {strategies: [x, y, z]}\n  B: {strategies: [x, y, z]}\n"
        "payoffs:\n  A: '5*A.x*B.x + 3*A.y*B.y + A.z*B.z'\n"
        "  B: '5*A.x*B.x + 3*A.y*B.y + A.z*B.z'\n"
    )
    assert main(["explain", str(src), "--no-thresholds"]) == 0
    out = capsys.readouterr().out
    assert "Basins of attraction" in out
    assert "Payoff dominance: every player prefers equilibrium" in out
    assert "Nash products 25 and 9" in out
