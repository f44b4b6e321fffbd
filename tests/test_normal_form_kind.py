"""The normal-form kind on the kind contract: one KindSpec, a frozen result, the text and JSON
bodies inside the common envelope, stable outcome labels, the validate check and the options."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from sim import contract
from sim.scenario import ScenarioError, load, loads

ROOT = Path(__file__).resolve().parent.parent
FREEZE = ROOT / "scenarios" / "freeze_for_freeze.yaml"


@pytest.fixture(scope="module")
def result():
    return contract.analyse(load(FREEZE))


def test_one_kind_spec_with_its_extras():
    spec = contract.get_kind("normal-form")
    assert [o.name for o in spec.options] == [
        "method",
        "time_limit",
        "tol",
        "objective",
        "move_order",
    ]
    assert set(spec.readers) == {".nfg"} and set(spec.exports) == {"nfg"}
    assert spec.schema["required"] == ["format", "title", "players", "payoffs"]
    assert spec.keys == ("parameters", "players", "payoffs", "move_order", "inert_terms")


def test_result_is_frozen_and_keyword_only(result):
    from sim.normal_form import NormalFormResult

    assert isinstance(result, NormalFormResult)
    assert result.meta is result.scenario.meta
    assert dict(result.parameters)["drill_value"] == 2
    assert result.notes == () and result.status == "complete"
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.notes = ("x",)
    with pytest.raises(TypeError):
        NormalFormResult(result.scenario, {}, result.game, result.solve)  # type: ignore[misc]


def test_json_body_inside_the_envelope(result):
    doc = json.loads(json.dumps(contract.to_dict(result)))  # no default=str needed
    for key in (
        "scenario",
        "file",
        "kind",
        "sources",
        "claims",
        "parameters",
        "negsim_version",
        "players",
        "method",
        "status",
        "equilibria",
        "components",
        "dominance",
    ):
        assert key in doc
    assert doc["kind"] == "normal-form" and doc["method"] == "all"
    assert doc["parameters"]["drill_value"] == 2  # a JSON number, as before the envelope
    mixed = [e for e in doc["equilibria"] if not e["pure"]][0]
    assert mixed["strategies_exact"]["US"] == {"suspend": "2/3", "pressure": "1/3"}


def test_text_opens_with_the_title_block(result):
    text = contract.to_text(result)
    assert text.startswith("Freeze-for-freeze\n=================\nKind: a game in normal form")
    assert text.count("Parameters (modelling assumptions)") == 1
    assert text.count("\nSources\n") == 1
    for heading in ("Players and strategies", "Payoffs", "Dominated strategies", "Equilibria"):
        assert f"\n{heading}\n" in text
    assert "suspend 2/3, pressure 1/3" in text


def test_outcomes_are_stable_labels(result):
    labels = contract.outcomes(result)
    assert labels == ("mixed (suspend/pressure, freeze/test)", "pressure, test", "suspend, freeze")
    assert contract.outcomes(contract.analyse(load(FREEZE))) == labels
    assert contract.outcomes(contract.analyse(load(FREEZE), {"drill_value": 4})) == (
        "pressure, test",
    )


def test_options_and_dominance_switch():
    scn = load(FREEZE)
    pure = contract.analyse(scn, method="pure")
    assert pure.solve.method == "pure" and len(pure.solve.equilibria) == 2
    with pytest.raises(ScenarioError, match="unknown method 'purr'"):
        contract.analyse(scn, method="purr")
    with pytest.raises(ScenarioError, match="--convention applies to"):
        contract.analyse(scn, convention="single")
    from sim.normal_form import analyse

    bare = analyse(scn, dominance=False)
    assert bare.dominance is None
    assert "Dominated strategies" not in contract.to_text(bare)


def test_check_evaluates_every_formula_at_the_defaults():
    text = """format: negsim/1
title: Divides by zero
parameters:
  k: 0
players:
  A: {strategies: [x, y]}
  B: {strategies: [x, y]}
payoffs:
  A: 1 / k
  B: A.x
"""
    scn = loads(text, "zero.yaml")  # loading compiles, it does not evaluate
    with pytest.raises(ScenarioError, match="divides by zero"):
        contract.get_kind(scn).check(scn)


def test_explain_sections(result):
    keys = [s.key for s in contract.explain_sections(result, thresholds=False)]
    assert keys == [
        "game",
        "payoffs",
        "dominance",
        "best-responses",
        "equilibria",
        "selection",  # two strict equilibria in a 2x2 game: risk, payoffs and trust
        "meaning",
        "move_order",  # the file's sequential reading (move_order: [DPRK, US])
    ]


def test_explain_sections_match_the_explanation_with_thresholds():
    """The kind's sections are the step-by-step explanation's (the composer adds the glossary
    and the sources)."""
    from sim.explain import explain

    scn = load(ROOT / "scenarios" / "classics" / "chicken.yaml")
    mine = contract.explain_sections(contract.analyse(scn))
    whole = explain(scn)
    assert mine == tuple(s for s in whole.sections if s.key not in ("glossary", "sources"))
    assert mine[-1].key == "thresholds"
