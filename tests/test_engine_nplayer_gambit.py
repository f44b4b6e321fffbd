"""Cross-checks of the N-player engine against pygambit (the reference oracle; GPL, tests only).

Pure equilibria: the same set as ``enumpure_solve``, exactly.

All equilibria: the same set as pygambit finds, where pygambit finds them all.  pygambit 16.7's
``enumpoly_solve`` misses equilibria on many generic games (most often totally mixed ones; see
``test_enumpoly_misses_equilibria_that_gambit_itself_certifies``), and it can run for minutes on
games with tied payoffs.  So for generated games the check is: our set contains every equilibrium
``enumpoly_solve`` and ``gnm_solve`` return, every extra one has pygambit's own ``max_regret``
below 1e-9, and the number is odd (generic games have an odd number of equilibria: Wilson 1971,
Harsanyi 1973), which a method that misses one equilibrium of a pair would break.  Payoffs are
random integers up to 10**6 (exact, and free of ties in practice).
"""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.game import Game

gbt = pytest.importorskip("pygambit")


def gambit_game(T: np.ndarray):
    N = T.shape[-1]
    return gbt.Game.from_arrays(*[np.asarray(T[..., i], dtype=float) for i in range(N)])


def gambit_profiles(G, result) -> list[np.ndarray]:
    return [
        np.array([float(eq[s]) for p in G.players for s in p.strategies])
        for eq in result.equilibria
    ]


def gambit_regret(G, flat: np.ndarray) -> float:
    prof = G.mixed_strategy_profile(rational=False)
    k = 0
    for p in G.players:
        for s in p.strategies:
            prof[s] = float(flat[k])
            k += 1
    return float(prof.max_regret())


def ours(res) -> list[np.ndarray]:
    return [np.concatenate(e.as_floats()) for e in res.equilibria]


def contains(profiles, x, atol=1e-6) -> bool:
    return any(np.max(np.abs(p - x)) < atol for p in profiles)


CASES = (
    [((2, 2, 2), s) for s in range(12)]
    + [((3, 3, 3), s) for s in range(8)]
    + [((2, 2, 2, 2), s) for s in range(6)]
    + [((2, 3, 4), s) for s in range(4)]
)


@pytest.mark.parametrize("shape,seed", CASES)
def test_all_equilibria_cover_gambit_and_are_certified_by_gambit(shape, seed):
    rng = np.random.default_rng(1000 + seed)
    T = rng.integers(0, 10**6, shape + (len(shape),))
    res = sim.solve(Game.from_tensor(T), "all")
    assert res.status == "complete", res.message
    mine = ours(res)
    G = gambit_game(T)
    theirs = gambit_profiles(G, gbt.nash.enumpoly_solve(G)) + gambit_profiles(
        G, gbt.nash.gnm_solve(G)
    )
    scale = float(np.abs(T).max())
    for x in theirs:
        if gambit_regret(G, x) > 1e-6 * scale:
            continue  # pygambit's tolerance (1e-4) lets approximate profiles through
        assert contains(mine, x), f"pygambit found {x.round(6)} and negsim did not"
    for x in mine:
        assert gambit_regret(G, x) <= 1e-9 * scale
    assert len(mine) % 2 == 1
    # and the pure ones are exactly pygambit's
    pure_theirs = gambit_profiles(G, gbt.nash.enumpure_solve(G))
    pure_mine = [x for x, e in zip(mine, res.equilibria) if e.is_pure]
    assert len(pure_mine) == len(pure_theirs)
    assert all(contains(pure_mine, x) for x in pure_theirs)


def test_same_set_as_enumpoly_on_mckelvey_mclennan():
    from .test_engine_nplayer import mckelvey_mclennan

    g = mckelvey_mclennan()
    res = sim.solve(g, "all")
    G = gambit_game(g.payoffs)
    theirs = gambit_profiles(G, gbt.nash.enumpoly_solve(G))
    mine = ours(res)
    assert len(theirs) == len(mine) == 9
    assert all(contains(mine, x) for x in theirs)


@pytest.mark.parametrize(
    "shape,seed", [((4, 4, 4), 0), ((8, 8, 8), 1), ((3, 3, 3, 3), 2), ((2,) * 6, 3)]
)
def test_pure_equilibria_equal_enumpure(shape, seed):
    rng = np.random.default_rng(seed)
    T = rng.integers(0, 4, shape + (len(shape),))  # small range: many ties, many pure equilibria
    res = sim.solve(Game.from_tensor(T), "pure")
    G = gambit_game(T)
    theirs = gambit_profiles(G, gbt.nash.enumpure_solve(G))
    mine = ours(res)
    assert len(mine) == len(theirs)
    assert all(contains(mine, x) for x in theirs)


def test_enumpoly_misses_equilibria_that_gambit_itself_certifies():
    """Why the tests above cannot ask for equality with enumpoly_solve: on this generic 2x2x2 game
    enumpoly returns one equilibrium; gnm_solve (also pygambit) and negsim find three, and
    pygambit's own max_regret certifies all three."""
    rng = np.random.default_rng(1)
    for _ in range(29):
        T = rng.random((2, 2, 2, 3))
    G = gambit_game(T)
    poly = gambit_profiles(G, gbt.nash.enumpoly_solve(G))
    gnm = gambit_profiles(G, gbt.nash.gnm_solve(G))
    mine = ours(sim.solve(Game.from_tensor(T), "all"))
    assert len(mine) == 3
    assert all(contains(mine, x) for x in poly + gnm)
    assert all(gambit_regret(G, x) < 1e-12 for x in mine)
    if len(poly) < len(mine):  # still true of pygambit 16.7; fine if a later version fixes it
        assert not all(contains(poly, x) for x in mine)


@pytest.mark.parametrize(
    "shape,seed", [((2, 2, 2), 0), ((3, 3, 3), 1), ((4, 4, 4), 2), ((2, 2, 2, 2), 3)]
)
def test_qre_limit_agrees_with_gambit_logit_solve(shape, seed):
    rng = np.random.default_rng(500 + seed)
    T = rng.integers(0, 10**6, shape + (len(shape),))
    res = sim.solve(Game.from_tensor(T), "logit-qre")
    assert res.status == "complete"
    G = gambit_game(T)
    theirs = gambit_profiles(G, gbt.nash.logit_solve(G))[0]
    assert np.max(np.abs(ours(res)[0] - theirs)) < 1e-4


def test_gambit_profile_that_is_not_an_equilibrium():
    """On this 3x3x3 game with payoffs 0..99 enumpoly_solve returns, besides real equilibria, a
    profile whose max_regret (by pygambit itself) is about 2e-3: its default tolerance is 1e-4
    relative.  negsim's five equilibria are exact (rational payoffs) or certified to 1e-9."""
    rng = np.random.default_rng(333)
    for _ in range(11):
        T = rng.integers(0, 100, (3, 3, 3, 3))
    res = sim.solve(Game.from_tensor(T), "all")
    assert res.status == "complete" and len(res.equilibria) == 5
    G = gambit_game(T)
    mine = ours(res)
    for x in gambit_profiles(G, gbt.nash.enumpoly_solve(G)):
        assert contains(mine, x) or gambit_regret(G, x) > 1e-3
