"""2-player engine: `enumerate`, `lemke-howson`, `zero-sum` on textbook games with known answers.

Every expected set below is the complete set of extreme equilibria; each was derived by hand from
the indifference conditions and matches the cited source.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

import sim
from sim.game import Game
from sim.results import max_regret
from sim.solvers import solve
from sim.solvers.lemke_howson import lemke_howson
from sim.solvers.vertex_enumeration import extreme_equilibria
from sim.solvers.zero_sum import constant_sum, minimax


def eq_set(result):
    return {e.strategies for e in result.equilibria}


def prof(x, y):
    return (tuple(F(v) for v in x), tuple(F(v) for v in y))


# (name, A, B, complete set of extreme equilibria, number of components)
TEXTBOOK = [
    # Osborne, An Introduction to Game Theory (2004), §2.2: Quiet/Fink; unique NE (Fink, Fink).
    ("prisoners_dilemma", [[2, 0], [3, 1]], [[2, 3], [0, 1]], {prof((0, 1), (0, 1))}, 1),
    # Osborne (2004) §2.7.2 Bach or Stravinsky: two pure NE and the mixed ((2/3,1/3),(1/3,2/3)).
    (
        "battle_of_the_sexes",
        [[2, 0], [0, 1]],
        [[1, 0], [0, 2]],
        {prof((1, 0), (1, 0)), prof((0, 1), (0, 1)), prof((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))},
        3,
    ),
    # Osborne (2004) §2.7.6 Stag Hunt (two hunters): (Stag,Stag), (Hare,Hare) and the mixed
    # equilibrium where each hunts stag with probability 1/2 (2p = 1).
    (
        "stag_hunt",
        [[2, 0], [1, 1]],
        [[2, 1], [0, 1]],
        {prof((1, 0), (1, 0)), prof((0, 1), (0, 1)), prof((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))},
        3,
    ),
    # Chicken (Dixit, Skeath & Reiley, Games of Strategy, ch. 4 and 7): Swerve/Straight with
    # crash -10; pure (S,T), (T,S) and the mixed equilibrium -q = 1 - 11q, q = 1/10.
    (
        "chicken",
        [[0, -1], [1, -10]],
        [[0, 1], [-1, -10]],
        {
            prof((1, 0), (0, 1)),
            prof((0, 1), (1, 0)),
            prof((F(9, 10), F(1, 10)), (F(9, 10), F(1, 10))),
        },
        3,
    ),
    # Osborne (2004) §4.1.2 Matching Pennies: unique equilibrium, both mix 1/2.
    (
        "matching_pennies",
        [[1, -1], [-1, 1]],
        [[-1, 1], [1, -1]],
        {prof((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))},
        1,
    ),
    # Rock-Paper-Scissors (e.g. Osborne 2004, ch. 4): unique equilibrium, both uniform.
    (
        "rock_paper_scissors",
        [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
        [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
        {prof((F(1, 3),) * 3, (F(1, 3),) * 3)},
        1,
    ),
    # von Stengel, "Computing equilibria for two-person games", Handbook of Game Theory vol. 3
    # (2002), ch. 45, §2 running example: a non-degenerate 3x2 game with three equilibria.
    (
        "von_stengel_3x2",
        [[3, 3], [2, 5], [0, 6]],
        [[3, 2], [2, 6], [3, 1]],
        {
            prof((1, 0, 0), (1, 0)),
            prof((F(4, 5), F(1, 5), 0), (F(2, 3), F(1, 3))),
            prof((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
        },
        3,
    ),
    # The same game made degenerate (von Stengel 2002, §2.6: B's top row (3,3)): the top row
    # has two best responses, giving a continuum -- (1,0,0) against every y between (1,0)
    # and (2/3,1/3): one component with two extreme equilibria -- plus an isolated one.
    (
        "von_stengel_degenerate",
        [[3, 3], [2, 5], [0, 6]],
        [[3, 3], [2, 6], [3, 1]],
        {
            prof((1, 0, 0), (1, 0)),
            prof((1, 0, 0), (F(2, 3), F(1, 3))),
            prof((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
        },
        2,
    ),
]


@pytest.mark.parametrize("name,A,B,expected,ncomp", TEXTBOOK, ids=[t[0] for t in TEXTBOOK])
def test_enumerate_textbook_sets(name, A, B, expected, ncomp):
    g = Game.from_bimatrix(A, B)
    res = solve(g, "enumerate")
    assert res.status == "complete"
    assert res.rejected == 0
    assert eq_set(res) == expected
    assert len(res.components) == ncomp
    assert all(e.exact and e.max_regret == 0 for e in res.equilibria)


def test_degenerate_components_group_the_continuum():
    g = Game.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    res = solve(g, "enumerate")
    by_comp = {}
    for e in res.equilibria:
        by_comp.setdefault(e.component, set()).add(e.strategies)
    assert sorted(len(v) for v in by_comp.values()) == [1, 2]
    segment = next(v for v in by_comp.values() if len(v) == 2)
    assert segment == {prof((1, 0, 0), (1, 0)), prof((1, 0, 0), (F(2, 3), F(1, 3)))}
    # every point of the segment is an equilibrium (exactly)
    for t in (F(0), F(1, 7), F(1, 2), F(1)):
        y = (t + (1 - t) * F(2, 3), (1 - t) * F(1, 3))
        assert max_regret(g, ((F(1), F(0), F(0)), y), exact=True) == 0


def test_all_equal_payoffs_every_pure_profile_one_component():
    g = Game.from_bimatrix(np.zeros((3, 4), int), np.zeros((3, 4), int))
    res = solve(g, "enumerate")
    assert len(res.equilibria) == 12 and all(e.is_pure for e in res.equilibria)
    assert len(res.components) == 1


def test_duplicated_strategy_gives_a_segment():
    # Matching pennies with the row player's Heads duplicated: the mixed equilibrium's row
    # mixture can put the 1/2 on Heads on either copy -- an edge between two extreme points.
    A = [[1, -1], [1, -1], [-1, 1]]
    g = Game.from_bimatrix(A, (-np.array(A)).tolist())
    res = solve(g, "enumerate")
    assert eq_set(res) == {
        prof((F(1, 2), 0, F(1, 2)), (F(1, 2), F(1, 2))),
        prof((0, F(1, 2), F(1, 2)), (F(1, 2), F(1, 2))),
    }
    assert len(res.components) == 1


def rounded(result):
    return {
        tuple(tuple(round(float(v), 9) for v in s) for s in e.strategies) for e in result.equilibria
    }


def test_float_path_agrees_with_exact():
    rng = np.random.default_rng(11)
    for _ in range(15):
        m, n = rng.integers(2, 6, 2)
        A, B = rng.integers(0, 3, (m, n)), rng.integers(0, 3, (m, n))
        g = Game.from_bimatrix(A, B)
        ex = solve(g, "enumerate")
        fl = solve(g, "enumerate", exact=False)
        assert fl.rejected == 0
        assert rounded(ex) == rounded(fl)
        assert len(ex.components) == len(fl.components)


def test_float_path_on_non_integer_payoffs():
    g = Game.from_bimatrix([[np.pi, 0], [0, 1]], [[1, 0], [0, np.e]])
    res = solve(g, "enumerate", exact=False)
    assert res.status == "complete" and len(res.equilibria) == 3
    assert res.details["arithmetic"] == "float"


def test_enumerate_refuses_three_players_and_honours_time_limit():
    g3 = Game.from_tensor(np.zeros((2, 2, 2, 3)))
    with pytest.raises(ValueError):
        solve(g3, "enumerate")
    rng = np.random.default_rng(0)
    g = Game.from_bimatrix(rng.integers(0, 100, (13, 13)), rng.integers(0, 100, (13, 13)))
    res = solve(g, "enumerate", time_limit=0.0)
    assert res.status == "failed" and "time limit" in res.message


def test_extreme_equilibria_array_level():
    g = Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    profiles, components, info = extreme_equilibria(g)
    assert len(profiles) == 3 and len(components) == 3
    # one polytope searched (P: the origin and three vertices); the two-polytope search as well
    assert info["vertices_P"] == 4 and "vertices_Q" not in info
    _, _, both = extreme_equilibria(g, search="two")
    assert both["vertices_P"] == both["vertices_Q"] == 4


# ---------------------------------------------------------------- Lemke-Howson ---------------


@pytest.mark.parametrize("name,A,B,expected,ncomp", TEXTBOOK, ids=[t[0] for t in TEXTBOOK])
def test_lemke_howson_every_label_lands_in_the_enumerated_set(name, A, B, expected, ncomp):
    g = Game.from_bimatrix(A, B)
    m, n = g.shape
    for k in range(m + n):
        res = solve(g, "lemke-howson", label=k)
        assert res.status == "complete" and res.rejected == 0
        (e,) = res.equilibria
        assert e.exact and e.strategies in expected
    allres = solve(g, "lemke-howson", labels="all")
    assert allres.equilibria and eq_set(allres) <= expected


def test_lemke_howson_on_tied_games_terminates_certified_in_set():
    # tied payoffs are where naive Lemke-Howson cycles; the lexicographic rule must not
    rng = np.random.default_rng(3)
    for _ in range(40):
        m, n = rng.integers(2, 6, 2)
        A, B = rng.integers(0, 2, (m, n)), rng.integers(0, 2, (m, n))
        g = Game.from_bimatrix(A, B)
        full = eq_set(solve(g, "enumerate"))
        for k in range(m + n):
            res = solve(g, "lemke-howson", label=k)
            assert res.rejected == 0 and res.equilibria[0].strategies in full


def test_lemke_howson_label_by_strategy_id_and_errors():
    g = Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]], strategies=(("B", "S"), ("b", "s")))
    assert solve(g, "lemke-howson", label="s").details["label"] == 3
    assert solve(g, "lemke-howson", label="Column:b").details["label"] == 2
    with pytest.raises(ValueError):
        solve(g, "lemke-howson", label="nope")
    with pytest.raises(ValueError):
        solve(g, "lemke-howson", label=7)


def test_lemke_howson_large_random_is_certified():
    rng = np.random.default_rng(5)
    g = Game.from_bimatrix(rng.integers(0, 100, (60, 60)), rng.integers(0, 100, (60, 60)))
    res = solve(g, "lemke-howson")
    assert res.status == "complete" and res.equilibria[0].exact
    x, y = lemke_howson(Game.from_bimatrix(g.payoffs[..., 0] + 0.1 * np.sqrt(2), g.payoffs[..., 1]))
    assert abs(sum(x) - 1) < 1e-12


# ---------------------------------------------------------------- zero-sum ------------------


@pytest.mark.parametrize(
    "A,value,x,y",
    [
        # Matching Pennies: value 0, both mix 1/2 (Osborne 2004, §4.1.2).
        ([[1, -1], [-1, 1]], F(0), (F(1, 2), F(1, 2)), (F(1, 2), F(1, 2))),
        # Rock-Paper-Scissors: value 0, uniform.
        ([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], F(0), (F(1, 3),) * 3, (F(1, 3),) * 3),
        # 2x2 without saddle point: 3x-2(1-x) = -x+(1-x) gives x = 3/7, value 1/7, y = (2/7, 5/7).
        ([[3, -1], [-2, 1]], F(1, 7), (F(3, 7), F(4, 7)), (F(2, 7), F(5, 7))),
        # saddle point at (row 1, column 2): maximin = minimax = 2.
        ([[4, 2, 3], [1, 0, 5]], F(2), (F(1), F(0)), (F(0), F(1), F(0))),
    ],
)
def test_zero_sum_known_values(A, value, x, y):
    g = Game.from_bimatrix(A)
    v, xs, ys = minimax(g)
    assert v == value and isinstance(v, F)
    assert xs == x and ys == y
    res = solve(g, "zero-sum")
    assert res.status == "complete" and res.details["value"] == str(value)
    assert res.equilibria[0].payoffs == (value, -value)


def test_zero_sum_constant_sum_and_refusal():
    g = Game.from_bimatrix([[3, 1], [0, 2]], [[0, 2], [3, 1]])  # A + B == 3
    assert constant_sum(g) == 3
    res = solve(g, "zero-sum")
    assert res.status == "complete" and res.details["column_value"] == str(3 - F(3, 2))
    with pytest.raises(ValueError, match="zero-sum"):
        solve(Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]]), "zero-sum")


def test_zero_sum_value_matches_enumerate_on_random_games():
    rng = np.random.default_rng(8)
    for _ in range(10):
        m, n = rng.integers(2, 6, 2)
        A = rng.integers(-3, 4, (m, n))
        g = Game.from_bimatrix(A)
        v, x, y = minimax(g)
        assert isinstance(v, F)
        # every equilibrium of a zero-sum game pays the value
        for e in solve(g, "enumerate").equilibria:
            assert e.payoffs[0] == v


def test_sim_facade_exposes_the_methods():
    for name in ("enumerate", "lemke-howson", "zero-sum"):
        assert name in sim.SOLVERS


def test_docs_solvers_examples_run():
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "solvers.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 2
    ns: dict = {}
    for code in blocks:
        exec(compile(code, "docs/solvers.md", "exec"), ns)  # noqa: S102 - our own docs
    assert ns["dom"].game is not None


def test_modular_and_bigint_pivoting_agree():
    # the two exact arithmetics must give identical vertices, labels and right-hand sides
    from sim.solvers import vertex_enumeration as ve

    rng = np.random.default_rng(21)
    for trial in range(30):
        m, n = (int(v) for v in rng.integers(2, 7, 2))
        hi = (2, 3, 100)[trial % 3]
        g = Game.from_bimatrix(rng.integers(0, hi, (m, n)), rng.integers(0, hi, (m, n)))
        for T0, slack in zip(
            ve._initial_tableaux(g, True), (list(range(m, m + n)), list(range(m)))
        ):
            a = ve.polytope_vertices(T0, slack, exact=True, arithmetic="modular")
            b = ve.polytope_vertices(T0, slack, exact=True, arithmetic="bigint")
            assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
            assert all(list(a[2][v]) == [int(x) for x in b[2][v]] for v in range(len(a[0])))


def test_enumerate_says_when_a_game_is_too_large(monkeypatch):
    from sim.solvers import polytope

    monkeypatch.setattr(polytope, "MAX_LAYER", 5)
    rng = np.random.default_rng(0)
    g = Game.from_bimatrix(rng.integers(0, 100, (6, 6)), rng.integers(0, 100, (6, 6)))
    res = solve(g, "enumerate")
    assert res.status == "failed" and not res.equilibria and "too large" in res.message


def test_lemke_howson_numerical_trouble_is_reported_not_raised(monkeypatch):
    from sim.solvers import lemke_howson as lh

    def boom(*args, **kwargs):
        raise RuntimeError("Lemke-Howson exceeded 3 pivots (numerical trouble)")

    monkeypatch.setattr(lh, "lemke_howson_path", boom)
    g = Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    # rational payoffs: the exact vertex enumeration gives the equilibrium instead
    res = solve(g, "lemke-howson")
    assert res.status == "complete" and "numerical trouble" in res.message
    assert res.equilibria[0].exact and res.details["fallback"] == "enumerate"
    # payoffs known only in floating point: nothing uncertified, and the reason
    from dataclasses import replace

    res = solve(replace(g, approximate=True), "lemke-howson")
    assert res.status == "failed" and "numerical trouble" in res.message


def test_component_edges_are_segments_of_equilibria():
    # two extreme equilibria that share one player's strategy are joined by a segment of
    # equilibria (for fixed x the equilibrium y's form a convex set); such pairs must be
    # reported in the same component
    rng = np.random.default_rng(17)
    checked = 0
    for _ in range(30):
        m, n = (int(v) for v in rng.integers(2, 5, 2))
        g = Game.from_bimatrix(rng.integers(0, 2, (m, n)), rng.integers(0, 2, (m, n)))
        res = solve(g, "enumerate")
        eqs = res.equilibria
        for a in range(len(eqs)):
            for b in range(a + 1, len(eqs)):
                (xa, ya), (xb, yb) = eqs[a].strategies, eqs[b].strategies
                if xa == xb or ya == yb:
                    mid = (
                        tuple((u + v) / 2 for u, v in zip(xa, xb)),
                        tuple((u + v) / 2 for u, v in zip(ya, yb)),
                    )
                    assert max_regret(g, mid, exact=True) == 0
                    assert eqs[a].component == eqs[b].component
                    checked += 1
    assert checked > 10
