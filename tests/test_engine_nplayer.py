"""N-player engine: all equilibria of small games ('all') and the logit QRE branch ('logit-qre').

Known results, each with its source.  Cross-checks against pygambit live in
``test_engine_nplayer_gambit.py``.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction as F

import numpy as np
import pytest

import sim
from sim.game import Game
from sim.results import max_regret
from sim.solvers import SOLVERS


def mckelvey_mclennan() -> Game:
    """The 2x2x2 game of McKelvey & McLennan (1997), "The maximal number of regular totally mixed
    Nash equilibria", J. Econ. Theory 72(2): 411-425, as distributed with Gambit
    (contrib/games/2x2x2.nfg): 9 Nash equilibria, 2 of them totally mixed."""
    outcomes = [
        (9, 8, 12),
        (0, 0, 0),
        (0, 0, 0),
        (9, 8, 2),
        (0, 0, 0),
        (3, 4, 6),
        (3, 4, 6),
        (0, 0, 0),
    ]
    T = np.zeros((2, 2, 2, 3), dtype=object)
    for k, o in enumerate(outcomes):  # Gambit lists profiles with player 1 fastest
        T[k % 2, (k // 2) % 2, k // 4] = o
    return Game.from_tensor(T)


MM_EQUILIBRIA = {  # computed by hand from the indifference conditions; Gambit lists the same 9
    ((1, 0), (1, 0), (1, 0)),
    ((1, 0), (0, 1), (0, 1)),
    ((0, 1), (1, 0), (0, 1)),
    ((0, 1), (0, 1), (1, 0)),
    ((0, 1), (F(1, 4), F(3, 4)), (F(1, 3), F(2, 3))),
    ((F(1, 3), F(2, 3)), (1, 0), (F(1, 4), F(3, 4))),
    ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)), (1, 0)),
    ((F(1, 2), F(1, 2)), (F(2, 5), F(3, 5)), (F(1, 4), F(3, 4))),
    ((F(2, 5), F(3, 5)), (F(1, 2), F(1, 2)), (F(1, 3), F(2, 3))),
}


def as_set(result):
    return {tuple(tuple(F(x) for x in s) for s in e.strategies) for e in result.equilibria}


def test_mckelvey_mclennan_has_exactly_nine_equilibria_two_totally_mixed():
    res = sim.solve(mckelvey_mclennan(), "all")
    assert res.status == "complete"
    assert len(res.equilibria) == 9
    assert all(e.exact for e in res.equilibria)
    assert as_set(res) == {tuple(tuple(F(x) for x in s) for s in eq) for eq in MM_EQUILIBRIA}
    totally_mixed = [e for e in res.equilibria if all(all(x > 0 for x in s) for s in e.strategies)]
    assert len(totally_mixed) == 2


def test_default_method_is_all_and_gives_the_same_answer():
    g = mckelvey_mclennan()
    assert sim.solvers.choose_method(g) == "all"
    assert as_set(sim.solve(g)) == as_set(sim.solve(g, "all"))


def jordan_matching_pennies() -> Game:
    """Jordan's three-player matching pennies (J. S. Jordan 1993, "Three problems in learning
    mixed-strategy Nash equilibria", Games Econ. Behav. 5: 368-386): player 1 wants to match
    player 2, player 2 to match player 3, player 3 to mismatch player 1.  Its unique equilibrium
    has every player mixing 1/2-1/2."""
    T = np.zeros((2, 2, 2, 3), dtype=object)
    for a in range(2):
        for b in range(2):
            for c in range(2):
                T[a, b, c] = (1 if a == b else -1, 1 if b == c else -1, 1 if c != a else -1)
    return Game.from_tensor(T)


def test_three_player_matching_pennies_unique_mixed_equilibrium():
    res = sim.solve(jordan_matching_pennies(), "all")
    assert res.status == "complete"
    assert as_set(res) == {((F(1, 2), F(1, 2)),) * 3}
    qre = sim.solve(jordan_matching_pennies(), "logit-qre")
    assert as_set(qre) == as_set(res)


# Small 2x2x2 games (payoffs T[a, b, c] = (u1, u2, u3), strategy 0 first) whose totally mixed
# equilibrium sits at a simple rational point, where the box subdivision used to fail: the
# Krawczyk contraction squeezed the box around the root flat (the support was reported as a
# "continuum") or the root lay next to a box face.  Their equilibrium sets were checked
# against pygambit's enumpoly_solve (the same sets) and gnm_solve (a subset).
HALF_GAME = [
    [[[0, 3, 4], [0, 3, 2]], [[5, 0, 1], [4, 0, 2]]],
    [[[2, -2, -1], [3, 0, 2]], [[1, 1, 2], [3, 3, 0]]],
]
THIRD_GAME = [
    [[[4, 0, -1], [1, -2, 3]], [[6, 0, 0], [1, 0, 3]]],
    [[[0, 0, -1], [3, 5, 0]], [[2, 2, 3], [3, 3, 0]]],
]


def test_totally_mixed_equilibrium_at_one_half_is_isolated_exactly():
    res = sim.solve(Game.from_tensor(np.array(HALF_GAME)), "all")
    assert res.status == "complete", res.message
    half = (F(1, 2), F(1, 2))
    assert as_set(res) == {(half, half, half)}
    assert all(type(x) is F for s in res.equilibria[0].strategies for x in s)


def test_totally_mixed_equilibrium_at_one_third_is_isolated_exactly():
    res = sim.solve(Game.from_tensor(np.array(THIRD_GAME)), "all")
    assert res.status == "complete", res.message
    third = (F(1, 3), F(2, 3))
    assert as_set(res) == {
        ((0, 1), (1, 0), (0, 1)),
        ((F(1, 2), F(1, 2)), (0, 1), third),
        (third, third, third),
    }
    mixed = [e for e in res.equilibria if all(0 < x < 1 for s in e.strategies for x in s)]
    assert len(mixed) == 1
    assert all(type(x) is F for s in mixed[0].strategies for x in s)


def stag_hunt(n: int, h, V) -> Game:
    """The N-player stag hunt: hunting hare pays ``h`` for sure, hunting stag
    pays ``V`` if every other player hunts stag and 0 otherwise.  The symmetric mixed equilibrium
    hunts stag with probability q = (h/V)^(1/(N-1)) (indifference: V q^(N-1) = h)."""
    shape = (2,) * n
    T = np.zeros(shape + (n,), dtype=object)
    for prof in np.ndindex(*shape):  # strategy 0 = stag, 1 = hare
        for i in range(n):
            others_stag = all(prof[j] == 0 for j in range(n) if j != i)
            T[prof + (i,)] = h if prof[i] == 1 else (V if others_stag else 0)
    return Game.from_tensor(T, strategies=[("stag", "hare")] * n)


@pytest.mark.parametrize("n,h,V", [(3, 1, 4), (4, 1, 8)])
def test_n_player_stag_hunt_rational_q(n, h, V):
    q = F(1, 2)  # (1/4)^(1/2) and (1/8)^(1/3)
    res = sim.solve(stag_hunt(n, h, V), "all")
    assert res.status == "complete"
    expected = {((1, 0),) * n, ((0, 1),) * n, ((q, 1 - q),) * n}
    assert as_set(res) == {tuple(tuple(F(x) for x in s) for s in eq) for eq in expected}


def test_n_player_stag_hunt_irrational_q_is_a_certified_float():
    n, h, V = 3, 1, 3
    q = (h / V) ** (1 / (n - 1))  # 1/sqrt(3): irrational
    res = sim.solve(stag_hunt(n, h, V), "all")
    assert res.status == "complete"
    assert len(res.equilibria) == 3
    mixed = [e for e in res.equilibria if not e.is_pure]
    assert len(mixed) == 1 and not mixed[0].exact
    for s in mixed[0].strategies:
        assert math.isclose(s[0], q, abs_tol=1e-12)
    assert mixed[0].max_regret <= 1e-12


def test_float_payoffs_with_irrational_roots_are_certified():
    rng = np.random.default_rng(7)
    g = Game.from_tensor(rng.random((3, 3, 3, 3)))
    res = sim.solve(g, "all")
    assert res.status == "complete"
    assert len(res.equilibria) % 2 == 1  # generic games have an odd number (Wilson 1971)
    for e in res.equilibria:
        assert max_regret(g, e.as_floats()) <= 1e-9


def test_two_players_delegate_to_the_exact_enumeration():
    g = Game.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])  # Battle of the Sexes
    a = sim.solve(g, "all")
    b = sim.solve(g, "enumerate")
    assert a.details.get("delegated_to") == "enumerate"
    assert as_set(a) == as_set(b)
    assert len(a.equilibria) == 3


def test_degenerate_game_is_reported_as_partial():
    """Nau's 2x2x2 game (Gambit contrib/games/2x2x2-nau.nfg) has continua of equilibria."""
    outcomes = [
        (0, 0, 2),
        (3, 0, 0),
        (0, 3, 0),
        (0, 0, 0),
        (1, 1, 0),
        (0, 0, 0),
        (0, 0, 0),
        (0, 0, 3),
    ]
    T = np.zeros((2, 2, 2, 3), dtype=object)
    for k, o in enumerate(outcomes):
        T[k % 2, (k // 2) % 2, k // 4] = o
    g = Game.from_tensor(T)
    res = sim.solve(g, "all")
    assert res.status == "partial"
    assert "degenerate" in res.message and "continuum" in res.message
    found = as_set(res)
    # the three pure equilibria and the two incompletely mixed ones are all there
    for eq in [
        ((1, 0), (0, 1), (1, 0)),
        ((0, 1), (1, 0), (1, 0)),
        ((0, 1), (0, 1), (0, 1)),
        ((1, 0), (0, 1), (F(1, 4), F(3, 4))),
        ((0, 1), (1, 0), (F(1, 4), F(3, 4))),
    ]:
        assert tuple(tuple(F(x) for x in s) for s in eq) in found
    assert res.details["degenerate_supports"]


def test_too_large_for_enumeration_falls_back_to_qre_and_says_so():
    rng = np.random.default_rng(11)
    g = Game.from_tensor(rng.integers(0, 100, (8, 8, 8, 3)))
    res = sim.solve(g, "all", time_limit=60)
    assert res.status == "partial"
    assert "not the complete set" in res.message and "support profiles" in res.message
    assert res.details["fallback"] == "logit-qre"
    assert len(res.equilibria) >= 1
    pure = {tuple(p) for p in np.argwhere(sim.solvers.pure.best_response_mask(g).all(-1))}
    assert pure <= {e.pure_profile() for e in res.equilibria if e.is_pure}


def test_enumeration_budget_exhausted_falls_back_and_says_why():
    rng = np.random.default_rng(12)
    g = Game.from_tensor(rng.random((4, 4, 4, 3)))
    res = sim.solve(g, "all", budget=0.001)
    assert res.status in ("partial", "failed")
    assert "did not finish within" in res.message


# -- logit QRE ----------------------------------------------------------------------------


def test_qre_branch_starts_at_uniform_and_ends_certified():
    g = mckelvey_mclennan()
    res = sim.solve(g, "logit-qre")
    assert res.status == "complete" and len(res.equilibria) == 1
    eq = res.equilibria[0]
    assert eq.exact and max_regret(g, eq.strategies, exact=True) == 0
    assert as_set(res) <= {tuple(tuple(F(x) for x in s) for s in e) for e in MM_EQUILIBRIA}
    branch = res.details["qre_branch"]
    json.dumps(branch)  # plain lists and numbers
    assert branch["lambda"][0] == 0.0
    assert branch["profiles"][0] == [[0.5, 0.5]] * 3
    assert len(branch["lambda"]) == len(branch["profiles"]) > 5
    assert branch["players"] == list(g.players)
    # the branch ends near the equilibrium it reports
    end = branch["profiles"][-1]
    assert max(abs(a - float(b)) for s, t in zip(end, eq.strategies) for a, b in zip(s, t)) < 0.05


@pytest.mark.parametrize("shape", [(4, 4, 4), (2, 2, 2, 2, 2)])
def test_qre_on_larger_games_is_certified(shape):
    rng = np.random.default_rng(sum(shape))
    g = Game.from_tensor(rng.random(shape + (len(shape),)))
    res = sim.solve(g, "logit-qre")
    assert res.status == "complete" and len(res.equilibria) == 1
    assert max_regret(g, res.equilibria[0].as_floats()) <= 1e-9
    lam = res.details["qre_branch"]["lambda"]
    assert lam[0] == 0 and max(lam) > 1


def test_qre_gives_up_honestly():
    g = mckelvey_mclennan()
    out = SOLVERS["logit-qre"].fn(g, tol=1e-9, deadline=None, max_steps=2)
    assert out.candidates == [] and not out.complete
    assert "no equilibrium is claimed" in out.message
    res = sim.solve(g, "logit-qre", max_steps=2)
    assert res.status == "failed" and not res.equilibria


@pytest.mark.parametrize("page", ["nplayer.md", "nfg.md"])
def test_documentation_examples_run(page):
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / page).read_text()
    blocks = text.split("```python\n")[1:]
    assert blocks
    for block in blocks:
        exec(compile(block.split("```")[0], page, "exec"), {})


def test_qre_follows_a_backward_bending_branch():
    """McKelvey's "loopback" game (Gambit contrib/games/loopback.nfg): the principal logit branch
    bends back in lambda before it reaches the equilibrium (2, 1).  Arc-length continuation
    follows the bend; a method that steps in lambda alone would jump off the branch."""
    from sim.formats.nfg import parse_nfg

    g = parse_nfg('NFG 1 R "loopback" { "1" "2" } { 2 2 } 6 7 7.32 6 6 7 1 4')
    res = sim.solve(g, "logit-qre")
    assert res.status == "complete"
    assert as_set(res) == {((0, 1), (1, 0))}
    lam = np.array(res.details["qre_branch"]["lambda"])
    assert (np.diff(lam) < 0).any() and lam[-1] > lam.max() / 2


def test_pure_best_responses_of_rational_payoffs_equal_exact_comparison():
    """Floats decide what they can; near-ties (an ulp apart, or equal as floats but not as
    fractions) are compared again exactly, as comparing every payoff exactly would."""
    from sim.solvers.pure import best_response_mask

    rng = np.random.default_rng(5)
    vals = [F(1, 3), F(2, 3), F(1, 2), 0.1, 0.30000000000000004, F(3, 10), 1, F(10**20 + 1, 10**20)]
    for _ in range(120):
        shape = tuple(int(k) for k in rng.integers(1, 5, size=rng.integers(2, 4)))
        T = rng.integers(0, len(vals), shape + (len(shape),))
        g = Game.from_tensor(
            np.array([vals[k] for k in T.reshape(-1)], dtype=object).reshape(T.shape)
        )
        ex = g.exact
        want = np.stack(
            [ex[..., i] >= np.max(ex[..., i], axis=i, keepdims=True) for i in range(len(shape))],
            axis=-1,
        )
        assert np.array_equal(best_response_mask(g), want)
