"""Powers in payoff formulas are bounded before they are computed.

A formula like ``A.x * 10**(10**9)`` used to make ``negsim validate`` compute a billion-digit
integer (it seemed to hang); it is now refused, located, by the 1e100 magnitude bound.
"""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import pytest

from sim.scenario import Location, ScenarioError, build, loads

TEMPLATE = """format: negsim/1
title: Power
players:
  A: {{strategies: [x, y]}}
  B: {{strategies: [l, r]}}
payoffs:
  A: "{formula}"
  B: "1"
"""


@pytest.mark.parametrize(
    "formula, says",
    [
        ("A.x * 10**(10**9)", "more than 1e100"),
        ("9**9**9", "more than 1e100"),
        ("10**101", "more than 1e100"),
        ("10**(-10**9)", "digits"),
        ("(1 + 1/10**6)**(10**6)", "digits"),
    ],
)
def test_huge_powers_are_refused_with_a_located_message(formula, says):
    with pytest.raises(ScenarioError, match=says) as info:
        build(loads(TEMPLATE.format(formula=formula), "power.yaml"))
    loc = info.value.problems[0].location
    assert (loc.file, loc.line) == ("power.yaml", 7)


@pytest.mark.parametrize(
    "formula", ["A.x * 10**100", "2**-400 + 3**4", "(1/2)**(1/2)", "0**0 + 0**2", "(-2)**3 * A.x"]
)
def test_ordinary_powers_still_compute(formula):
    build(loads(TEMPLATE.format(formula=formula), "power.yaml"))


def test_power_exponent_from_a_parameter_is_bounded_too():
    text = TEMPLATE.format(formula="A.x * 10**n").replace(
        "players:", "parameters:\n  n: 2\nplayers:"
    )
    build(loads(text))
    from sim.scenario.expr import compile_expr

    e = compile_expr("10**n", Location(), {"n"}, {})
    assert e.evaluate({"n": Fraction(3)}) == 1000
    with pytest.raises(ScenarioError, match="1e100"):
        e.evaluate({"n": Fraction(10**9)})


def test_validate_does_not_hang_on_a_huge_power(tmp_path):
    path = tmp_path / "power.yaml"
    path.write_text(TEMPLATE.format(formula="A.x * 10**(10**9)"))
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "power.yaml:7" in proc.stderr + proc.stdout
    assert "1e100" in proc.stderr + proc.stdout
