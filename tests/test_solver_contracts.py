"""Invariants every registered solver must satisfy (Axelrod-style contract tests).

For each solver in the registry and generated games: every returned equilibrium has regret within
tolerance (exactly 0 when exact), probabilities on the simplex; the answer is unchanged by positive
affine payoff changes (per player) and relabelling the strategies permutes it.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from sim.game import Game
from sim.results import max_regret
from sim.solvers import SOLVERS

from .strategies import games

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def applicable(name: str, game: Game) -> bool:
    spec = SOLVERS[name]
    if spec.players == "2" and game.n_players != 2:
        return False
    if spec.finds in ("correlated", "nme", "ess"):
        # other solution concepts (tests/test_correlated.py, tests/test_tom.py, tests/test_ess.py)
        return False
    if name == "zero-sum":
        flat = game.payoffs.reshape(-1, game.n_players)
        return bool(np.allclose(flat.sum(axis=1), 0))
    return True


def run(name, game):
    return sim.solve(game, name, time_limit=20)


def key_set(result, digits=6):
    return {
        tuple(tuple(round(float(x), digits) for x in s) for s in e.strategies)
        for e in result.equilibria
    }


@pytest.mark.parametrize("name", sorted(SOLVERS))
@SETTINGS
@given(game=games(max_players=3, max_strategies=3, max_profiles=12))
def test_equilibria_are_certified_and_on_the_simplex(name, game):
    if not applicable(name, game):
        return
    res = run(name, game)
    assert res.status in ("complete", "partial", "failed")
    for eq in res.equilibria:
        for s in eq.strategies:
            assert all(x >= 0 for x in s)
            assert abs(sum(float(x) for x in s) - 1) < 1e-9
        if eq.exact:
            assert max_regret(game, eq.strategies, exact=True) == 0
        else:
            assert max_regret(game, eq.as_floats()) <= 1e-6 * max(1, np.abs(game.payoffs).max())
    if SOLVERS[name].finds in ("all", "all-pure", "all-extreme") and res.status == "complete":
        # a complete method finds every pure equilibrium
        pure = {
            tuple(p) for p in np.argwhere(sim.solvers.pure.best_response_mask(game).all(axis=-1))
        }
        found = {e.pure_profile() for e in res.equilibria if e.is_pure}
        assert pure <= found
    if SOLVERS[name].finds in ("one",) and res.status != "failed":
        assert len(res.equilibria) >= 1
    # the whole equilibrium set is claimed only by a whole-set method that finished
    assert isinstance(res.complete_set, bool)
    if res.complete_set:
        assert SOLVERS[name].finds in ("all", "all-extreme") and res.status == "complete"
        pure = {
            tuple(p) for p in np.argwhere(sim.solvers.pure.best_response_mask(game).all(axis=-1))
        }
        assert pure <= {e.pure_profile() for e in res.equilibria if e.is_pure}


BATTLE = Game.from_bimatrix(
    [[2, 0], [0, 1]],
    [[1, 0], [0, 2]],
    players=("A", "B"),
    strategies=(("opera", "match"), ("opera", "match")),
)


def test_complete_status_is_not_the_complete_set():
    """Lemke–Howson does all it promises (one equilibrium) but not the game's three."""
    lh = sim.solve(BATTLE, "lemke-howson")
    assert lh.status == "complete" and lh.complete_set is False and len(lh) == 1
    every = sim.solve(BATTLE, "all")
    assert every.status == "complete" and every.complete_set is True and len(every) == 3
    assert sim.solve(BATTLE, "enumerate").complete_set is True
    for partial in ("pure", "logit-qre"):
        assert sim.solve(BATTLE, partial).complete_set is False
    assert sim.solve(BATTLE, "lemke-howson", labels="all").complete_set is False


def test_three_players_all_is_the_complete_set():
    g = Game.from_tensor(np.stack(np.meshgrid([0, 1], [0, 1], [0, 1], indexing="ij"), axis=-1))
    res = sim.solve(g, "all")
    assert res.status == "complete" and res.complete_set is True and len(res) == 1


@pytest.mark.parametrize("name", sorted(SOLVERS))
@SETTINGS
@given(
    game=games(max_players=3, max_strategies=3, max_profiles=12),
    scale=st.sampled_from([Fraction(1, 2), Fraction(3), Fraction(7, 3)]),
    shift=st.integers(-4, 4),
)
def test_invariant_under_positive_affine_changes(name, game, scale, shift):
    if not applicable(name, game) or name == "zero-sum":
        return
    if SOLVERS[name].finds not in ("all", "all-pure", "all-extreme"):
        return
    T = game.exact.copy()
    T[..., 0] = T[..., 0] * scale + shift
    moved = Game.from_tensor(T)
    a, b = run(name, game), run(name, moved)
    if a.status == "complete" and b.status == "complete":
        assert key_set(a) == key_set(b)


@pytest.mark.parametrize("name", sorted(SOLVERS))
@SETTINGS
@given(game=games(max_players=2, max_strategies=3), data=st.data())
def test_relabelling_permutes_the_answer(name, game, data):
    if not applicable(name, game) or SOLVERS[name].finds not in ("all", "all-pure", "all-extreme"):
        return
    perms = [data.draw(st.permutations(range(k))) for k in game.shape]
    T = game.exact[np.ix_(*perms, range(game.n_players))]
    relabelled = Game.from_tensor(T)
    a, b = run(name, game), run(name, relabelled)
    if a.status != "complete" or b.status != "complete":
        return
    back = set()
    for key in key_set(b):
        orig = []
        for i, s in enumerate(key):
            v = [0.0] * len(s)
            for new_pos, old in enumerate(perms[i]):
                v[old] = s[new_pos]
            orig.append(tuple(v))
        back.add(tuple(orig))
    assert back == key_set(a)
