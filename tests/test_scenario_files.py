"""Scenario loading and validation: the valid and invalid fixture folders, and the details.

Every file in tests/data/invalid starts with a comment ``# error: <text>``; loading it must raise
a ScenarioError whose message contains that text, located at file:line:col.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from sim.scenario import NormalFormScenario, ScenarioError, build, load, loads, payoff_grid

DATA = Path(__file__).resolve().parent / "data"
VALID = sorted((DATA / "valid").glob("*.yaml"))
INVALID = sorted((DATA / "invalid").glob("*.yaml"))


def expected_error(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = re.match(r"#\s*error:\s*(.+)", first)
    assert m, f"{path.name} must start with '# error: <expected message>'"
    return m.group(1).strip()


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixture_loads(path):
    scn = load(path)
    assert scn.meta.title
    if isinstance(scn, NormalFormScenario):
        game = build(scn)
        assert game.payoffs.shape == scn.shape + (len(scn.players),)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_gives_located_message(path):
    want = expected_error(path)
    with pytest.raises(ScenarioError) as info:
        scn = load(path)
        if isinstance(scn, NormalFormScenario):
            build(scn)
    text = str(info.value)
    assert want in text, f"expected {want!r} in:\n{text}"
    # every problem is located in this file, with a line number
    for problem in info.value.problems:
        assert problem.location.file == str(path)
        assert problem.location.line >= 1


def test_design_examples_load_as_written():
    """Both examples of shared/DESIGN.md §2 (copied verbatim into the fixtures)."""
    scn = load(DATA / "valid" / "design_formula.yaml")
    game = build(scn)
    assert game.players == ("US", "DPRK", "China")
    us = game.exact[..., 0]
    # US: 4*freeze - 3*test + drill_value*pressure - ease ; drill_value = 2
    assert us[game.strategy_index("US", "pressure"), 0, 1] == 4 + 2 - 1
    table = build(load(DATA / "valid" / "design_table.yaml"))
    assert table.exact[1, 0].tolist() == [4, 1]


def test_yaml11_booleans_stay_strings():
    game = build(load(DATA / "valid" / "yaml_booleans.yaml"))
    assert game.strategies == (("yes", "no"), ("on", "off"))


def test_numbers_are_exact_and_conditionals_work():
    scn = load(DATA / "valid" / "fractions_and_conditionals.yaml")
    game = build(scn)
    A = game.exact[..., 0]
    # A plays y, B plays y: max(0, 1/4) - 1/3 + 1
    assert A[1, 1] == Fraction(1, 4) - Fraction(1, 3) + 1
    assert all(isinstance(v, Fraction) for v in game.exact.reshape(-1))


def test_overrides_are_validated():
    scn = load(DATA / "valid" / "fractions_and_conditionals.yaml")
    assert build(scn, {"cost": "1/2"}).exact[0, 1, 0] == Fraction(1, 4) - 0
    with pytest.raises(ScenarioError, match="unknown parameter 'cots'; did you mean 'cost'"):
        build(scn, {"cots": "1"})
    with pytest.raises(ScenarioError, match="above its maximum 1"):
        build(scn, {"cost": "2"})
    with pytest.raises(ScenarioError, match="must be a number"):
        build(scn, {"cost": "lots"})


def test_all_problems_reported_at_once():
    text = """format: negsim/1
title: Two mistakes
colour: red
players:
  US: {strategies: [a, b], nick: x}
payoffs:
  US: "US.a"
"""
    with pytest.raises(ScenarioError) as info:
        loads(text, "two.yaml")
    msgs = [str(p) for p in info.value.problems]
    assert any("two.yaml:3:1: unknown key 'colour'" in m for m in msgs)
    assert any("two.yaml:5:" in m and "unknown key 'nick'" in m for m in msgs)


def test_formula_column_points_at_the_mistake():
    text = (
        "format: negsim/1\ntitle: t\nplayers:\n  US: {strategies: [a, b]}\n"
        'payoffs:\n  US: "1 + US.c"\n'
    )
    with pytest.raises(ScenarioError) as info:
        loads(text, "f.yaml")
    loc = info.value.problems[0].location
    # line 6 is '  US: "1 + US.c"': the quote is column 7, 'US.c' starts at column 12
    assert (loc.line, loc.col) == (6, 12)


@pytest.mark.parametrize(
    "formula",
    [
        "__import__('os')",
        "US.a.__class__",
        "lambda: 1",
        "[1, 2]",
        "open('x')",
        "US.a ^ 2",
        "x := 1",
        "'text'",
        "True",
        "US.a @ US.b",
    ],
)
def test_unsafe_or_unknown_formulas_are_refused(formula):
    text = (
        "format: negsim/1\ntitle: t\nplayers:\n  US: {strategies: [a, b]}\npayoffs:\n"
        f'  US: "{formula}"\n'
    )
    with pytest.raises(ScenarioError):
        loads(text, "f.yaml")


def test_payoff_grid_agrees_with_build_at_every_point():
    scn = load(DATA / "valid" / "design_formula.yaml")
    dv = np.array([0, 1.5, 4, 6])
    rl = np.array([0, 3, 5])
    grid = payoff_grid(scn, {"drill_value": dv, "relief": rl})
    assert grid.shape == (4, 3, 2, 2, 2, 3)
    for a, d in enumerate(dv):
        for b, r in enumerate(rl):
            g = build(scn, {"drill_value": Fraction(str(d)), "relief": Fraction(str(r))})
            np.testing.assert_allclose(grid[a, b], g.payoffs)


def test_payoff_grid_refuses_values_outside_range():
    scn = load(DATA / "valid" / "design_formula.yaml")
    with pytest.raises(ScenarioError, match="above its maximum 6"):
        payoff_grid(scn, {"drill_value": np.array([1.0, 7.0])})


def test_not_a_mapping_and_empty_file():
    with pytest.raises(ScenarioError, match="must be a mapping"):
        loads("- a\n- b\n", "list.yaml")
    with pytest.raises(ScenarioError, match="empty"):
        loads("", "empty.yaml")
    with pytest.raises(ScenarioError, match="missing 'format: negsim/1'"):
        loads("title: x\n", "noformat.yaml")
