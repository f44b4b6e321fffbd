"""Hostile formulas: sizes bounded with a located message, guarded divisions, exact literals."""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.scenario import Location, ScenarioError, build, loads
from sim.scenario.expr import MAX_FORMULA_DEPTH, MAX_FORMULA_LENGTH, compile_expr
from sim.scenario.yamlsrc import exact_number

TEMPLATE = """format: negsim/1
title: Formula
parameters:
  n: {{value: 0, min: 0, max: 10}}
players:
  A: {{strategies: [x, y]}}
  B: {{strategies: [l, r]}}
payoffs:
  A: "{formula}"
  B: "1"
"""


def payoffs_of_a(formula: str, **overrides: str) -> np.ndarray:
    game = build(loads(TEMPLATE.format(formula=formula), "f.yaml"), overrides or None)
    return game.payoffs[..., 0]


def refused(formula: str, says: str) -> None:
    start = time.perf_counter()
    with pytest.raises(ScenarioError, match=says) as info:
        build(loads(TEMPLATE.format(formula=formula), "f.yaml"))
    assert time.perf_counter() - start < 5
    loc = info.value.problems[0].location
    assert (loc.file, loc.line) == ("f.yaml", 9)


def test_990_plus_terms_are_refused_by_depth():
    refused("+".join(["1"] * 990), f"more than {MAX_FORMULA_DEPTH} deep")


def test_2000_nested_if_else_is_refused_by_length():
    refused(" ".join(["1 if n > 0 else"] * 2000) + " 0", f"at most {MAX_FORMULA_LENGTH:,}")


def test_120_nested_if_else_is_refused_by_depth():
    refused(" ".join(["1 if n > 0 else"] * 120) + " 0", "deep")


def test_10000_unary_minus_is_refused():
    refused("-" * 10_000 + "1", "at most")


def test_1500_unary_minus_within_the_length_is_refused_by_depth():
    refused("-" * 1500 + "1", "deep")


def test_a_sum_within_the_limits_is_computed():
    assert payoffs_of_a("+".join(["1"] * 50)).tolist() == [[50, 50], [50, 50]]


def test_guarded_division_by_a_parameter():
    assert payoffs_of_a("10/n if n > 0 else 0").tolist() == [[0, 0], [0, 0]]
    assert payoffs_of_a("10/n if n > 0 else 0", n="4").tolist() == [[2.5, 2.5], [2.5, 2.5]]


def test_guarded_division_with_ifelse():
    assert payoffs_of_a("ifelse(n > 0, 10/n, 5) + A.x").tolist() == [[6, 6], [5, 5]]


def test_guard_that_differs_between_profiles():
    # B.r is 1 only in column r, where n + B.l - 1 is -1; column l takes the other branch
    assert payoffs_of_a("1/(n + B.l - 1) if B.r > 0 else 3").tolist() == [[3, -1], [3, -1]]
    assert payoffs_of_a("A.x * (1/A.y if A.y > 0 else 7)").tolist() == [[7, 7], [0, 0]]


def test_an_unguarded_division_by_zero_is_still_an_error():
    refused("10/n", "divides by zero")
    refused("1/B.l if n > 0 else 1/B.r", "divides by zero")


def test_guarded_division_in_a_sweep(capsys, tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(TEMPLATE.format(formula="A.x * (10/n if n > 0 else -1)"))
    code = main(["sweep", str(path), "--vary", "n=0:4:5", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err


def test_guarded_evaluation_on_float_grids():
    e = compile_expr("10/n if n > 0 else 0", Location(), {"n"}, {})
    values = e.evaluate({"n": np.array([0.0, 2.0, 5.0])}, exact=False)
    assert values.tolist() == [0.0, 5.0, 2.0]
    exact = e.evaluate({"n": np.array([Fraction(0), Fraction(3)], dtype=object)})
    assert exact.tolist() == [0, Fraction(10, 3)]


@pytest.mark.parametrize(
    "literal, value",
    [
        ("1.00000000000000001", Fraction(100000000000000001, 10**17)),
        ("0.99999999999999999999999999", 1 - Fraction(1, 10**26)),
        ("1e-100", Fraction(1, 10**100)),
        ("2.5e3", Fraction(2500)),
    ],
)
def test_decimal_literals_are_exact_in_formulas(literal, value):
    e = compile_expr(f"{literal} * 1", Location(), set(), {})
    assert e.evaluate({}) == value


def test_a_near_tie_is_not_rounded_into_a_tie():
    # read through a float, 1.00000000000000001 ties with 1 and A has two best replies
    from sim.solvers.registry import solve

    text = TEMPLATE.format(formula="1.00000000000000001 * A.x + A.y").replace(
        'B: "1"', 'B: "B.l * A.x + B.r * A.y"'
    )
    game = build(loads(text))
    assert game.exact[0, 0, 0] - game.exact[1, 0, 0] == Fraction(1, 10**17)
    result = solve(game)
    assert len(result.equilibria) == 1


@pytest.mark.parametrize(
    "literal, says",
    [
        ("0x10", "no 0x"),
        ("1_000", "no 0x"),
        ("0o7", "no 0x"),
        ("1e999999999", "more than 1e100"),
        ("1e-400", "less than 1e-100"),
        ("1" * 5000, "at most"),
        ("1" * 200, "more than 1e100"),
        ("0." + "1" * 150, "digits"),
    ],
)
def test_unreadable_or_huge_literals_are_refused(literal, says):
    refused(f"{literal} * A.x", says)


@pytest.mark.parametrize(
    "text, says",
    [("1e999999999", "more than 1e100"), ("1" * 4000, "more than 1e100"), ("1e-400", "1e-100")],
)
def test_huge_parameter_values_in_set_and_vary_answer_at_once(capsys, text, says):
    from tests.test_cli import FF

    start = time.perf_counter()
    code = main(["run", FF, "--set", f"drill_value={text}"])
    err = capsys.readouterr().err
    assert code == 1 and says in err and "4300" not in err
    code = main(["sweep", FF, "--vary", f"drill_value=0:{text}:3"])
    err = capsys.readouterr().err
    assert code == 1 and says in err and "--vary" in err
    assert time.perf_counter() - start < 10


def test_huge_parameter_in_the_file_is_located():
    text = TEMPLATE.format(formula="n * A.x").replace("value: 0,", "value: 1e999999999,")
    with pytest.raises(ScenarioError, match="more than 1e100") as info:
        loads(text, "f.yaml")
    assert info.value.problems[0].location.line == 4


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=-50, max_value=50),
)
def test_exact_number_reads_what_is_written(mantissa, decimals, exponent):
    digits = str(abs(mantissa)).rjust(decimals + 1, "0")
    text = ("-" if mantissa < 0 else "") + digits[: len(digits) - decimals]
    if decimals:
        text += "." + digits[len(digits) - decimals :]
    text += f"e{exponent}"
    expected = Fraction(mantissa, 10**decimals) * Fraction(10) ** exponent
    if expected == 0 or Fraction(1, 10**100) <= abs(expected) <= 10**100:
        assert exact_number(text) == expected
    else:
        with pytest.raises(ValueError):
            exact_number(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789+-*/().e nifxA", max_size=60))
def test_any_formula_is_a_value_or_a_located_error(text):
    try:
        e = compile_expr(text, Location("f.yaml", 3, 5), {"n"}, {"A": ("x", "y")})
        e.evaluate({"n": Fraction(2), ("A", "x"): np.array([1, 0]), ("A", "y"): np.array([0, 1])})
    except ScenarioError as exc:
        assert exc.problems[0].location.file == "f.yaml"
