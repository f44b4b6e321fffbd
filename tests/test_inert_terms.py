"""Payoff terms that cannot change any choice in simultaneous play are named, with the reason."""

from __future__ import annotations

import pytest

import sim
from sim.cli import main
from sim.normal_form.inert import inert_parameters
from sim.scenario import load, loads

GAME = """format: negsim/1
title: T
parameters:
  a: {value: 2, min: 0, max: 6}
  level: {value: 1, min: 0, max: 5}
  cross: {value: 1, min: 0, max: 5}
players:
  R: {strategies: [u, d]}
  C: {strategies: [l, r]}
payoffs:
  R: "a*R.u*C.l + level*C.l + cross*R.u*C.r"
  C: "C.l + level*R.d"
"""


def test_a_term_through_the_others_choice_only_is_inert():
    found = {t.parameter: t.players for t in inert_parameters(loads(GAME, "g.yaml"))}
    # level moves R's payoff only with C's choice and C's only with R's choice; a and cross
    # change R's comparison between u and d
    assert found == {"level": ("R", "C")}


@pytest.mark.parametrize(
    "name, expected",
    [
        ("freeze_for_freeze", {"freeze_gain", "test_harm", "relief"}),
        ("classics/chicken", set()),
        ("summit_coordination", {"china_stake"}),
    ],
)
def test_bundled_scenarios(name, expected):
    scenario = sim.load(name)
    assert {t.parameter for t in inert_parameters(scenario)} == expected


def test_inert_terms_really_change_no_equilibrium():
    scenario = load("scenarios/freeze_for_freeze.yaml")
    base = sim.contract.outcomes(sim.analyse(scenario))
    for t in inert_parameters(scenario):
        for value in (0, 10):
            moved = sim.analyse(scenario, {t.parameter: value})
            assert sim.contract.outcomes(moved) == base


def test_validate_warns_and_explain_says_why(capsys):
    assert main(["validate", "freeze_for_freeze"]) == 0
    out = capsys.readouterr().out
    assert "warning: parameter 'freeze_gain' enters US's payoff only through" in out
    assert "warning: parameter 'drill_value'" not in out
    expl = sim.explain(sim.load("freeze_for_freeze"))
    text = " ".join(
        getattr(b, "text", "") for s in expl.sections if s.key == "thresholds" for b in s.blocks
    )
    assert "relief (DPRK's payoff) cannot change the result at any value" in text
