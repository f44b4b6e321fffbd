"""Payoff terms that cannot change any choice in simultaneous play are named, with the reason."""

from __future__ import annotations

import pytest

import sim
from sim.cli import main
from sim.normal_form.inert import inert_parameters
from sim.scenario import load, loads

#: the first edition of freeze_for_freeze, whose US and DPRK aims were inert terms
TEXTBOOK = "tests/data/valid/freeze_textbook.yaml"

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
        ("tests/data/valid/freeze_textbook.yaml", {"freeze_gain", "test_harm", "relief"}),
        ("freeze_for_freeze", set()),
        ("classics/chicken", set()),
        ("summit_coordination", {"china_stake"}),
    ],
)
def test_bundled_scenarios(name, expected):
    scenario = sim.load(name)
    assert {t.parameter for t in inert_parameters(scenario)} == expected


def test_inert_terms_really_change_no_equilibrium():
    scenario = load(TEXTBOOK)
    base = sim.contract.outcomes(sim.analyse(scenario))
    for t in inert_parameters(scenario):
        for value in (0, 10):
            moved = sim.analyse(scenario, {t.parameter: value})
            assert sim.contract.outcomes(moved) == base


def test_validate_warns_and_explain_says_why(capsys):
    assert main(["validate", TEXTBOOK]) == 0
    out = capsys.readouterr().out
    assert "warning: parameter 'freeze_gain' enters US's payoff only through" in out
    assert "warning: parameter 'drill_value'" not in out
    expl = sim.explain(sim.load(TEXTBOOK))
    text = " ".join(
        getattr(b, "text", "") for s in expl.sections if s.key == "thresholds" for b in s.blocks
    )
    assert "relief (DPRK's payoff) cannot change the result at any value" in text


def test_a_justified_term_is_not_warned_about_but_explained(capsys):
    assert main(["validate", "summit_coordination"]) == 0
    assert "warning" not in capsys.readouterr().out
    scenario = sim.load("summit_coordination")
    assert {t.parameter for t in inert_parameters(scenario)} == {"china_stake"}
    expl = sim.explain(scenario, robustness=False)
    text = " ".join(
        " ".join(getattr(b, "text", "") or " ".join(getattr(b, "items", ())) for b in s.blocks)
        for s in expl.sections
        if s.key == "meaning"
    )
    assert "keeps on purpose" in text and "china_stake: China's value" in text
