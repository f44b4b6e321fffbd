"""Correlated equilibrium (``--method correlated``): the LP, its exact re-solve and certificate,
the objectives, the report, the explanation and the refusals."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
from scipy.optimize import linprog

import sim
from sim import contract
from sim.bundled import load
from sim.game import Game
from sim.scenario.errors import ScenarioError
from sim.solvers.correlated import (
    check_correlated,
    correlated_lp,
    polytope_vertices,
    solve_correlated,
)

CHICKEN = ("win=7", "compromise=6", "lose=2", "war=0")  # Aumann's 6,6 / 2,7 / 7,2 / 0,0


def aumann() -> Game:
    # strategies 0 = dare, 1 = chicken; (chicken, chicken) pays 6 each
    pay = np.array([[[0, 0], [7, 2]], [[2, 7], [6, 6]]])
    return Game(("A", "B"), (("dare", "chicken"), ("dare", "chicken")), pay)


def random_game(shape, seed) -> Game:
    rng = np.random.default_rng(seed)
    n = len(shape)
    pay = rng.integers(-9, 10, size=(*shape, n))
    return Game(
        tuple(f"P{i}" for i in range(n)),
        tuple(tuple(f"s{k}" for k in range(m)) for m in shape),
        pay,
    )


def scipy_welfare(game: Game) -> float:
    """The welfare-maximising correlated equilibrium's value, with the LP written out directly
    from the definition (independently of sim.solvers.correlated)."""
    shape = game.shape
    profiles = list(np.ndindex(*shape))
    index = {p: k for k, p in enumerate(profiles)}
    rows = []
    for i in range(game.n_players):
        for a in range(shape[i]):
            for b in range(shape[i]):
                if a != b:
                    row = np.zeros(len(profiles))
                    for p in profiles:
                        if p[i] == a:
                            q = list(p)
                            q[i] = b
                            row[index[p]] = game.payoffs[(*q, i)] - game.payoffs[(*p, i)]
                    rows.append(row)
    c = -np.array([game.payoffs[p].sum() for p in profiles])
    res = linprog(
        c,
        A_ub=np.array(rows),
        b_ub=np.zeros(len(rows)),
        A_eq=np.ones((1, len(profiles))),
        b_eq=[1],
        bounds=[(0, None)] * len(profiles),
        method="highs",
    )
    assert res.status == 0
    return -res.fun


def test_uniform_on_the_three_non_crash_profiles_is_a_correlated_equilibrium():
    g = aumann()
    third = Fraction(1, 3)
    dist = [((0, 1), third), ((1, 0), third), ((1, 1), third)]
    assert check_correlated(g, dist)
    payoffs = [sum(q * g.exact[(*p, i)] for p, q in dist) for i in range(2)]
    assert payoffs == [5, 5]
    # putting weight on the crash, or telling both to dare, breaks it
    assert not check_correlated(g, [((0, 0), Fraction(1))])
    assert not check_correlated(g, [((1, 1), Fraction(1))])


def test_welfare_maximum_of_aumanns_chicken_beats_every_nash_equilibrium():
    g = aumann()
    sol = solve_correlated(g)
    assert sol.exact and sol.optimality == "exact dual"
    assert sol.value == Fraction(21, 2)
    assert sol.payoffs == (Fraction(21, 4), Fraction(21, 4))
    assert dict(sol.distribution) == {
        (0, 1): Fraction(1, 4),
        (1, 0): Fraction(1, 4),
        (1, 1): Fraction(1, 2),
    }
    assert check_correlated(g, sol.distribution)
    nash = sim.solve(g, "enumerate")
    assert nash.complete_set and len(nash.equilibria) == 3
    best_nash = max(sum(e.payoffs) for e in nash.equilibria)
    # the pure equilibria total 7 + 2 = 9; the mixed one (dare 1/3 each) gives 14/3 each
    assert best_nash == Fraction(28, 3)
    assert sol.value > best_nash


def test_other_objectives():
    g = aumann()
    egal = solve_correlated(g, "egalitarian")
    assert egal.value == Fraction(21, 4) and min(egal.payoffs) == Fraction(21, 4)
    mine = solve_correlated(g, "player:A")
    assert mine.value == 7 and mine.payoffs == (7, 2)
    assert check_correlated(g, egal.distribution) and check_correlated(g, mine.distribution)
    with pytest.raises(ScenarioError, match="no player 'C'"):
        solve_correlated(g, "player:C")
    with pytest.raises(ScenarioError, match="give welfare, egalitarian or player:ID"):
        solve_correlated(g, "utilitarian")


CASES = [(shape, seed) for shape in [(3, 3), (2, 2, 2), (3, 4, 5)] for seed in range(6)]


@pytest.mark.parametrize(("shape", "seed"), [*CASES, ((10, 10), 0), ((10, 10), 1)])
def test_lp_value_matches_scipy_directly_and_is_certified_exactly(shape, seed):
    g = random_game(shape, seed)
    sol = solve_correlated(g)
    assert sol.exact and sol.optimality == "exact dual"
    assert check_correlated(g, sol.distribution)
    assert sum(q for _, q in sol.distribution) == 1
    assert abs(float(sol.value) - scipy_welfare(g)) <= 1e-7 * max(1, abs(sol.value))
    assert sol.value == sum(sol.payoffs)
    # every Nash equilibrium is a correlated equilibrium, so none has a larger total
    pure = sim.solve(g, "pure")
    for e in pure.equilibria:
        assert sum(e.payoffs) <= sol.value


def test_every_incentive_row_is_a_player_and_two_of_its_strategies():
    g = random_game((2, 3, 4), 1)
    lp = correlated_lp(g)
    assert len(lp.rows) == 2 * 1 + 3 * 2 + 4 * 3
    assert lp.G.shape == (20, 24)
    assert lp.G_int is not None and lp.G_int.shape == lp.G.shape and lp.den == 1


def test_irrational_payoffs_are_certified_in_floats():
    pay = np.array([[[0, 0], [7, 2]], [[2, 7], [6, np.sqrt(37)]]], dtype=float)
    g = Game(("A", "B"), (("dare", "chicken"), ("dare", "chicken")), pay)
    object.__setattr__(g, "exact", None)  # as for payoffs from an irrational formula
    sol = solve_correlated(g)
    assert not sol.exact
    assert check_correlated(g, sol.distribution, tol=1e-9)
    assert abs(sol.value - scipy_welfare(g)) < 1e-7


def _chicken(method="correlated", **options):
    scn = load("chicken")
    overrides = dict(s.split("=") for s in CHICKEN)
    return contract.analyse(scn, overrides, method=method, **options)


def test_report_and_json_show_the_distribution():
    result = _chicken()
    text = contract.to_text(result)
    assert "Correlated equilibrium" in text
    assert "back_down, back_down   1/2" in text
    assert "stand_firm, back_down  1/4" in text
    assert "expected payoff 21/4" in text
    data = json.loads(json.dumps(contract.to_dict(result)))
    assert data["equilibria"] == []
    ce = data["details"]["correlated"]
    assert ce["objective"] == "welfare" and ce["value_exact"] == "21/2"
    assert {d["outcome"]: d["probability_exact"] for d in ce["distribution"]} == {
        "back_down, back_down": "1/2",
        "back_down, stand_firm": "1/4",
        "stand_firm, back_down": "1/4",
    }
    assert ce["payoffs_exact"] == {"USA": "21/4", "USSR": "21/4"}
    assert contract.outcomes(result) == (
        "correlated: back_down, back_down 1/2; back_down, stand_firm 1/4; "
        "stand_firm, back_down 1/4",
    )
    assert result.status == "complete"


def test_objective_option_reaches_the_solver():
    result = _chicken(objective="player:USSR")
    ce = result.solve.details["correlated"]
    assert ce["objective"] == "player:USSR"
    assert ce["payoffs_exact"] == {"USA": "2", "USSR": "7"}


def test_explain_presents_a_mediators_recommendation():
    result = _chicken()
    sections = contract.explain_sections(result, thresholds=False)
    keys = [s.key for s in sections]
    assert "correlated" in keys and "equilibria" not in keys
    sec = next(s for s in sections if s.key == "correlated")
    text = " ".join(getattr(b, "text", "") + " ".join(getattr(b, "items", ())) for b in sec.blocks)
    assert "mediator" in text
    # told to back down, USA believes USSR backs down 2/3 of the time: obeying 14/3, daring 14/3
    assert "USA told 'back_down' (probability 3/4)" in text
    assert "Obeying is worth 14/3; switching to 'stand_firm' 14/3" in text
    assert "Obeying is worth 7; switching to 'back_down' 6: obeying is strictly better" in text


def test_refusals_are_located_user_errors():
    with pytest.raises(ScenarioError, match="only with --method correlated"):
        _chicken(method="pure", objective="welfare")
    scn = load("tests/data/valid/repeated_prisoners_dilemma.yaml")
    with pytest.raises(ScenarioError, match="solution concept for normal-form games only"):
        contract.analyse(scn, method="correlated")
    scn = load("tests/data/valid/sequential_entry.yaml")
    with pytest.raises(ScenarioError, match="solution concept for normal-form games only"):
        contract.analyse(scn, method="correlated")
    from sim.sweep import sweep

    with pytest.raises(ScenarioError, match="sweeps and robustness compare Nash"):
        sweep(load("chicken"), {"win": [4, 5]}, method="correlated")


def test_cli_solve_correlated_json(capsys):
    from sim.cli import main

    args = ["solve", "chicken", "--method", "correlated", "--json"]
    for s in CHICKEN:
        args += ["--set", s]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["details"]["correlated"]["value"] == 10.5
    assert main(["solve", "chicken", "--method", "correlated", "--objective", "player:X"]) == 1
    assert "no player 'X'" in capsys.readouterr().err


def test_polytope_vertices_of_aumanns_chicken():
    g = aumann()
    vertices = polytope_vertices(g)
    assert vertices is not None and len(vertices) == 5
    q = Fraction
    # profiles in C order: (dare, dare), (dare, chicken), (chicken, dare), (chicken, chicken)
    assert set(vertices) == {
        (q(0), q(1), q(0), q(0)),  # the pure equilibria
        (q(0), q(0), q(1), q(0)),
        (q(1, 9), q(2, 9), q(2, 9), q(4, 9)),  # the mixed equilibrium, as a product
        (q(0), q(1, 4), q(1, 4), q(1, 2)),  # the welfare maximum
        (q(1, 5), q(2, 5), q(2, 5), q(0)),
    }
    lp = correlated_lp(g)
    for v in vertices:
        assert check_correlated(g, list(zip(lp.profiles, v)))


@pytest.mark.parametrize("seed", range(4))
def test_every_objective_is_maximised_at_a_vertex(seed):
    g = random_game((2, 2), seed)
    vertices = polytope_vertices(g)
    assert vertices
    lp = correlated_lp(g)
    for objective, weights in (("welfare", lp.utility.sum(axis=0)), ("player:P1", lp.utility[1])):
        best = max(sum(w * float(x) for w, x in zip(weights, v)) for v in vertices)
        assert abs(best - float(solve_correlated(g, objective).value)) < 1e-9


def test_vertices_only_for_small_games():
    assert polytope_vertices(random_game((3, 3), 0)) is None
    details = sim.solve(random_game((3, 3), 0), "correlated").details["correlated"]
    assert "vertices" not in details
    details = sim.solve(aumann(), "correlated").details["correlated"]
    assert len(details["vertices"]) == 5
