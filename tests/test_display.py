"""Notebook display: ``_repr_html_`` and short ``repr``s of scenarios, results of every kind,
games, solve results, equilibria and explanations."""

from __future__ import annotations

import re
from fractions import Fraction
from html import escape

import pytest

import sim
from sim import bundled, contract
from sim.display import MAX_OUTCOMES, equilibrium_repr
from sim.numbers import fmt_decimal


@pytest.mark.parametrize("name", bundled.bundled_names())
def test_every_bundled_scenario_and_result_displays(name):
    scenario = sim.load(name)
    text = repr(scenario)
    assert len(text) < 200 and scenario.meta.title in text and scenario.meta.kind in text
    page = scenario._repr_html_()
    assert escape(scenario.meta.title) in page
    for p in scenario.parameters:
        assert f"<td>{p.name}</td>" in page

    result = sim.analyse(scenario)
    short = repr(result)
    assert len(short) < 400 and type(result).__name__ in short
    labels = contract.outcomes(result)
    assert escape(labels[0]) in result._repr_html_(chart=False)


def test_result_html_shows_outcomes_chart_report_and_what_changed():
    result = sim.analyse("freeze_for_freeze", {"drill_value": 4})
    assert repr(result) == (
        "<NormalFormResult of 'Freeze-for-freeze' (drill_value=4): pressure, test>"
    )
    page = result._repr_html_()
    assert "Parameters changed: drill_value=4" in page
    assert "<li><code>pressure, test</code></li>" in page and "Outcomes (1)" in page
    assert page.count("data:image/png;base64,") == 1
    assert "drill_value = 4 (default 2)" in page  # the text report, in a <details>


def test_a_large_result_lists_its_first_outcomes_only():
    result = sim.analyse("korea_conflict")
    n = len(contract.outcomes(result))
    assert n > MAX_OUTCOMES
    page = result._repr_html_(chart=False)
    assert page.count("<li><code>") == MAX_OUTCOMES
    assert f"… and {n - MAX_OUTCOMES} more" in page
    assert f"({n} in all)" in repr(result)


def test_game_shows_its_payoff_table():
    game = sim.build(sim.load("freeze_for_freeze"), overrides={"drill_value": 4})
    page = game._repr_html_()
    names = game.player_names or game.players
    assert f"<th>{names[0]} \\ {names[1]}</th>" in page
    cells = re.findall(r"<td>(-?[\d./]+, -?[\d./]+)</td>", page)
    expected = [
        ", ".join(str(Fraction(v)) for v in game.exact[i, j])
        for i in range(game.shape[0])
        for j in range(game.shape[1])
    ]
    assert cells == expected


def test_a_three_player_game_shows_one_row_per_profile():
    game = sim.build(sim.load("freeze_for_freeze_enforcer"))
    assert game.n_players == 3
    page = game._repr_html_()
    assert page.count("<tr>") == 1 + game.n_profiles


def test_solve_result_and_equilibria_are_short_with_decimals_beside_fractions():
    solved = sim.solve(sim.build(sim.load("freeze_for_freeze")))
    text = repr(solved)
    assert text == "SolveResult(method='all', status='complete', 3 equilibria, the whole set)"
    mixed = next(e for e in solved.equilibria if not e.is_pure)
    assert mixed.strategies[0] == (Fraction(2, 3), Fraction(1, 3))
    assert "(2/3 ≈ 0.667, 1/3 ≈ 0.333) | (0.75, 0.25)" in equilibrium_repr(mixed)
    pure = next(e for e in solved.equilibria if e.is_pure)
    assert repr(pure).startswith(f"Equilibrium(pure {pure.pure_profile()}")
    page = solved._repr_html_()
    assert page.count("<tr>") == 1 + len(solved.equilibria)
    assert "<td>(2/3 ≈ 0.667, 1/3 ≈ 0.333)</td>" in page


def test_fmt_decimal():
    assert fmt_decimal(Fraction(2, 3)) == "2/3 ≈ 0.667"
    assert fmt_decimal(Fraction(5, 2)) == "2.5"
    assert fmt_decimal(3) == "3"
    assert fmt_decimal(Fraction(-1, 7), digits=2) == "-1/7 ≈ -0.14"


def test_explanation_displays_its_sections():
    expl = sim.explain("freeze_for_freeze")
    text = repr(expl)
    assert text.startswith("<Explanation 'Freeze-for-freeze': ") and len(text) < 200
    page = expl._repr_html_()
    assert "<!DOCTYPE" not in page and "<style>" not in page
    for k, section in enumerate(expl.sections, 1):
        assert f"<h2>{k}. {section.title}</h2>" in page


def test_a_class_with_its_own_display_keeps_it():
    from dataclasses import dataclass

    from sim.display import adopt_result

    @dataclass(frozen=True)
    class Own:
        x: int

        def __repr__(self) -> str:
            return "own"

        def _repr_html_(self) -> str:
            return "<b>own</b>"

    @dataclass(frozen=True)
    class Generated:
        x: int

    adopt_result(Own)
    assert repr(Own(1)) == "own" and Own(1)._repr_html_() == "<b>own</b>"
    adopt_result(Generated)
    assert "_repr_html_" in Generated.__dict__ and Generated.__repr__ is not object.__repr__
