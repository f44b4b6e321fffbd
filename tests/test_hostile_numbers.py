"""Hostile numbers: irrational payoffs are never called exact, dominance is decided exactly,
huge and tiny payoffs take a safe path, sweeps locate thresholds whatever their digits."""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np
import pytest

from sim.game import Game
from sim.normal_form.analysis import analyse
from sim.scenario import build, loads
from sim.solvers.dominance import iterated_elimination
from sim.solvers.registry import Deadline

TABLE = """format: negsim/1
title: Table
players:
  A: {{strategies: [x, y{more}]}}
  B: {{strategies: [l, r]}}
payoffs:
  table:
{rows}
"""


def table_scenario(cells: dict[str, tuple[str, str]], more: str = ""):
    rows = "\n".join(f'    {k}: ["{a}", "{b}"]' for k, (a, b) in cells.items())
    return loads(TABLE.format(rows=rows, more=more), "t.yaml")


def test_a_fractional_power_makes_the_game_approximate_not_exact():
    # 2**0.5 * 2**0.5 is 2 in exact arithmetic and 2.0000000000000004 in floats: the game
    # must not read the float back as an exact fraction, nor call 4e-16 a strict margin
    scn = table_scenario(
        {
            "x, l": ("2**0.5 * 2**0.5", "1"),
            "x, r": ("2", "1"),
            "y, l": ("2", "0"),
            "y, r": ("2", "0"),
        }
    )
    game = build(scn)
    assert game.approximate and game.exact is None
    assert game.payoffs[0, 0, 0] == pytest.approx(2.0)
    result = analyse(scn)
    assert result.dominance.steps == ()  # x and y pay the same up to rounding
    assert result.solve.equilibria and not any(e.exact for e in result.solve.equilibria)
    assert all(e.max_regret <= 1e-9 * 2 for e in result.solve.equilibria)
    # the restricted game stays approximate (never re-derived as exact from floats)
    assert game.restrict([[0], [0, 1]]).exact is None


def test_a_rational_root_stays_exact():
    scn = table_scenario(
        {
            "x, l": ("4**0.5", "(8/27)**(2/3)"),
            "x, r": ("1", "1"),
            "y, l": ("0", "0"),
            "y, r": ("0", "0"),
        }
    )
    game = build(scn)
    assert not game.approximate
    assert game.exact[0, 0, 0] == 2 and game.exact[0, 0, 1] == Fraction(4, 9)


def test_a_tiny_mixed_dominance_margin_is_found_exactly():
    # z = (0.499999999999, 0.499999999999) is strictly dominated by x/2 + y/2 = (1/2, 1/2):
    # the margin 1e-12 is far below a float tolerance, but the game is exact
    z = "0.499999999999"
    scn = table_scenario(
        {
            "x, l": ("1", "0"),
            "x, r": ("0", "0"),
            "y, l": ("0", "0"),
            "y, r": ("1", "0"),
            "z, l": (z, "0"),
            "z, r": (z, "0"),
        },
        more=", z",
    )
    (step,) = iterated_elimination(build(scn)).steps
    assert step.strategy == "z" and step.strict
    assert step.dominated_by == {"x": Fraction(1, 2), "y": Fraction(1, 2)}
    assert step.margin == Fraction(1, 2) - Fraction(z)


def test_a_zero_margin_is_not_strict_dominance():
    # z = (1/2, 1/2) equals the mixture: not strictly dominated (a float LP with a tolerance
    # and an exact check must agree)
    g = Game.from_bimatrix([[1, 0], [0, 1], [Fraction(1, 2), Fraction(1, 2)]], np.zeros((3, 2)))
    assert iterated_elimination(g).steps == ()
    assert iterated_elimination(g, tol=0).steps == ()


def cournot(n: int) -> Game:
    q = np.arange(n)
    A = q[:, None] * (3 * n // 2 - q[:, None] - q[None, :])
    return Game.from_bimatrix(A, A.T)


def test_long_pure_elimination_is_fast_and_matches_the_textbook_answer():
    # a Cournot duopoly on a 100 x 100 grid is dominance-solvable by pure strategies
    start = time.perf_counter()
    res = iterated_elimination(cournot(100))
    assert time.perf_counter() - start < 30
    assert res.complete and len(res.steps) > 150
    # every step is proved exactly: the dominator pays strictly more against every survivor
    assert all(s.strict and s.margin > 0 for s in res.steps)
    # what survives contains the Cournot equilibrium quantity (best response to q is
    # (150 - q)/2 on this grid: q* = 50)
    assert 50 in [int(s[1:]) - 1 for s in res.game.strategies[0]]


def test_the_deadline_stops_the_lp_search_and_says_so():
    rng = np.random.default_rng(1)
    g = Game.from_bimatrix(rng.integers(0, 100, (60, 60)), rng.integers(0, 100, (60, 60)))
    start = time.perf_counter()
    res = iterated_elimination(g, deadline=Deadline(0.0))
    assert time.perf_counter() - start < 5
    assert not res.complete and res.seconds == 0.0


def test_run_honours_the_time_limit_on_a_100_by_100_game():
    rng = np.random.default_rng(3)
    n = 100
    names = ", ".join(f"s{k}" for k in range(n))
    A, B = rng.integers(0, 100, (n, n)), rng.integers(0, 100, (n, n))
    rows = "\n".join(f"    s{i}, s{j}: [{A[i, j]}, {B[i, j]}]" for i in range(n) for j in range(n))
    text = (
        "format: negsim/1\ntitle: Big\nplayers:\n"
        f"  A: {{strategies: [{names}]}}\n  B: {{strategies: [{names}]}}\n"
        f"payoffs:\n  table:\n{rows}\n"
    )
    scn = loads(text, "big.yaml")
    start = time.perf_counter()
    result = analyse(scn, time_limit=2)
    assert time.perf_counter() - start < 20
    assert result.dominance is not None


# -- huge exact numbers: never a float of a huge integer -----------------------------------------


def _solve_linear(M: list[list[Fraction]], b: list[Fraction]) -> list[Fraction] | None:
    n = len(M)
    A = [row[:] + [b[i]] for i, row in enumerate(M)]
    for c in range(n):
        p = next((r for r in range(c, n) if A[r][c] != 0), None)
        if p is None:
            return None
        A[c], A[p] = A[p], A[c]
        for r in range(n):
            if r != c and A[r][c] != 0:
                f = A[r][c] / A[c][c]
                A[r] = [x - f * y for x, y in zip(A[r], A[c])]
    return [A[i][n] / A[i][i] for i in range(n)]


def support_enumeration(A, B) -> list:
    """Every equilibrium of a non-degenerate bimatrix game, by its supports (exact)."""
    import itertools

    m, n = len(A), len(A[0])
    out = set()
    for k in range(1, min(m, n) + 1):
        for rows in itertools.combinations(range(m), k):
            for cols in itertools.combinations(range(n), k):
                y = _solve_linear(
                    [[A[i][j] for j in cols] + [Fraction(-1)] for i in rows]
                    + [[Fraction(1)] * k + [0]],
                    [Fraction(0)] * k + [Fraction(1)],
                )
                x = _solve_linear(
                    [[B[i][j] for i in rows] + [Fraction(-1)] for j in cols]
                    + [[Fraction(1)] * k + [0]],
                    [Fraction(0)] * k + [Fraction(1)],
                )
                if x is None or y is None or min(x[:-1]) < 0 or min(y[:-1]) < 0:
                    continue
                xs, ys = [Fraction(0)] * m, [Fraction(0)] * n
                for v, i in zip(x, rows):
                    xs[i] = v
                for v, j in zip(y, cols):
                    ys[j] = v
                u = [sum(A[i][j] * ys[j] for j in range(n)) for i in range(m)]
                w = [sum(B[i][j] * xs[i] for i in range(m)) for j in range(n)]
                if max(u) == y[-1] and max(w) == x[-1]:
                    out.add((tuple(xs), tuple(ys)))
    return sorted(out)


@pytest.mark.parametrize("seed", range(4))
def test_80_digit_denominators_give_every_equilibrium_exactly(seed):
    # each payoff gets its own 80-digit denominator: the integer tableau's entries pass 1e308
    import random

    from sim.solvers import solve

    rng, r = np.random.default_rng(seed), random.Random(seed)

    def perturb(M):
        return [
            [Fraction(int(v)) + Fraction(1, r.randrange(10**79, 10**80)) for v in row] for row in M
        ]

    A, B = perturb(rng.integers(0, 20, (4, 4))), perturb(rng.integers(0, 20, (4, 4)))
    res = solve(Game.from_bimatrix(A, B), "all")
    assert res.status == "complete" and all(e.exact and e.max_regret == 0 for e in res.equilibria)
    assert sorted(e.strategies for e in res.equilibria) == support_enumeration(A, B)


def test_zero_sum_with_80_digit_denominators_is_exact_or_says_it_is_not():
    import random

    from sim.solvers import solve

    r = random.Random(5)

    def perturb(M):
        return [
            [Fraction(int(v)) + Fraction(1, r.randrange(10**79, 10**80)) for v in row] for row in M
        ]

    g = Game.from_bimatrix(perturb(np.random.default_rng(2).integers(0, 20, (3, 3))))
    zs, every = solve(g, "zero-sum"), solve(g, "enumerate")
    assert zs.equilibria[0].exact and zs.equilibria[0].strategies == every.equilibria[0].strategies
    # here the exact optimum gives a strategy a probability near 1e-80, below what the float
    # LP can place: the exact pair comes from exact vertex enumeration instead
    M = [[3, 0, 1], [0, 2, 1], [1, 1, 0]]
    g = Game.from_bimatrix(
        [[Fraction(v) + Fraction(1, 10**79 + 7 * k) for k, v in enumerate(row)] for row in M]
    )
    zs, every = solve(g, "zero-sum"), solve(g, "enumerate")
    assert zs.status == "complete" and zs.equilibria[0].exact
    assert zs.equilibria[0].strategies in {e.strategies for e in every.equilibria}
    # 1e100 next to 1e-100: HiGHS sees the matrix scaled to entries of order 1
    g = Game.from_bimatrix(
        [[Fraction(10**100), Fraction(-1, 10**100)], [Fraction(-(10**99)), Fraction(1, 10**100)]]
    )
    zs, every = solve(g, "zero-sum"), solve(g, "enumerate")
    assert zs.equilibria[0].exact
    assert zs.equilibria[0].strategies == every.equilibria[0].strategies


def test_lemke_howson_on_badly_scaled_exact_payoffs_answers_exactly():
    from sim.solvers import solve

    big, tiny = Fraction(10**80), Fraction(1, 10**80)
    g = Game.from_bimatrix([[big, tiny], [0, 1]], [[tiny, 0], [big, 1]])
    res = solve(g, "lemke-howson")
    assert res.status == "complete" and res.equilibria[0].exact
    assert res.equilibria[0].max_regret == 0


def test_1e80_and_1e_minus_80_in_a_2x2_on_the_default_path():
    scn = table_scenario(
        {
            "x, l": ("1e80", "1e-80"),
            "x, r": ("1e-80", "1"),
            "y, l": ("0", "1e80"),
            "y, r": ("1", "0"),
        }
    )
    res = analyse(scn)
    assert res.solve.status == "complete"
    assert all(e.exact and e.max_regret == 0 for e in res.solve.equilibria)


THRESHOLD = """format: negsim/1
title: Threshold
parameters:
  c: {{value: 1, min: 0, max: 3}}
players:
  A: {{strategies: [x, y]}}
  B: {{strategies: [l]}}
payoffs:
  A: "c * A.x + {t} * A.y"
  B: "0"
"""


@pytest.mark.parametrize("t, exact", [("1.41421356", None), ("1.5", "3/2")])
def test_the_set_at_a_sweep_threshold_is_given_only_where_it_is_known(t, exact, tmp_path, capsys):
    import json

    from sim.cli import main

    path = tmp_path / "thr.yaml"
    path.write_text(THRESHOLD.format(t=t), encoding="utf-8")
    assert main(["sweep", str(path), "--vary", "c=1:2:11", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    (th,) = out["thresholds"] if "thresholds" in out else out["result"]["thresholds"]
    assert th["exact"] == exact and th["below"] == ["y, l"] and th["above"] == ["x, l"]
    if exact is None:
        # known to within the bisection bracket only: a probe there sees one side, not the tie
        assert abs(th["value"] - float(t)) < 1e-4 and not th["at"]
    else:
        # exactly at c = 3/2 both strategies pay the same: both pure profiles are equilibria
        assert {"x, l", "y, l"} <= set(th["at"])


def test_a_refused_parameter_value_is_one_problem_not_two():
    from sim.scenario import ScenarioError

    text = (
        "format: negsim/1\ntitle: P\nparameters:\n"
        f"  v: {{value: {'7' * 4400}, min: 0}}\n"
        "players:\n  A: {strategies: [x, y]}\n  B: {strategies: [l]}\n"
        'payoffs:\n  A: "v * A.x"\n  B: "0"\n'
    )
    with pytest.raises(ScenarioError) as info:
        loads(text, "p.yaml")
    (problem,) = info.value.problems  # not also "unknown name 'v'" in the formula
    assert "too large" in problem.message and problem.location.line == 4
    assert "7" * 40 not in str(problem)  # Python's 4300-digit text never leaks
