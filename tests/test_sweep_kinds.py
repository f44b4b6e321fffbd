"""Sweeps of the sequential, repeated, bargaining and conflict kinds, through the kind contract.

These need every kind registered with ``sim.contract`` (a ``KindSpec`` with ``analyse`` and
``outcomes``); the normal-form sweep is tested in test_sweep_core.py.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from sim import contract
from sim.bundled import resolve
from sim.cli import main
from sim.scenario import ScenarioError, load
from sim.sweep import parse_vary, sweep, to_csv, to_json


def _scenario(name):
    return load(resolve(name))


def _agrees_with_single_points(scn, result, name):
    """Every grid point's outcome set is what analysing that point alone gives."""
    for i, v in enumerate(result.axes_exact[0]):
        alone = contract.outcomes(contract.analyse(scn, {name: Fraction(v)}))
        assert result.labels_at((i,)) == alone, v


@pytest.mark.parametrize("spec", ["china_penalty=0:5:11", "china_penalty=0:5:8"])
def test_sequential_security_guarantee_threshold(spec):
    # the multilateral promise is credible exactly when bilateral_penalty + china_penalty >=
    # renege_gain, i.e. china_penalty >= 2 with the other defaults (scenario notes)
    scn = _scenario("security_guarantee")
    result = sweep(scn, dict([parse_vary(spec)]))
    assert result.scenario_kind == "sequential"
    _agrees_with_single_points(scn, result, "china_penalty")
    ts = [t for t in result.thresholds if t.parameter == "china_penalty"]
    assert [t.exact for t in ts] == ["2"]
    t = ts[0]
    assert t.below != t.above
    # at exactly 2 the US is indifferent and both outcomes are subgame perfect
    assert t.at is not None and set(t.below) <= set(t.at) and set(t.above) <= set(t.at)
    assert result.regions[0].labels == t.below and result.regions[-1].labels == t.above
    json.loads(to_json(result))
    assert to_csv(result).splitlines()[0] == "china_penalty,outcome,kind,region,status"


def test_repeated_olympic_truce_over_delta():
    # grim trigger sustains the truce exactly when delta >= 1/2 (the DPRK's condition binds;
    # the US needs only 1/3): scenario notes
    scn = _scenario("olympic_truce")
    result = sweep(scn, dict([parse_vary("delta=0:0.9:10")]))
    assert result.scenario_kind == "repeated"
    _agrees_with_single_points(scn, result, "delta")
    exact = {t.exact for t in result.thresholds if t.parameter == "delta"}
    assert "1/2" in exact
    assert result.labels_at((0,)) != result.labels_at((9,))
    json.loads(to_json(result))


def test_repeated_olympic_truce_over_a_payoff_parameter():
    # with delta 0.8 the DPRK's condition (test_value - trigger_cost)/relief <= 0.8 holds while
    # test_value <= 1 + 0.8*4 = 21/5
    scn = _scenario("olympic_truce")
    result = sweep(scn, dict([parse_vary("test_value=3:8:11")]))
    _agrees_with_single_points(scn, result, "test_value")
    assert "21/5" in {t.exact for t in result.thresholds if t.parameter == "test_value"}


def test_bargaining_beijing_outside_option():
    # Rubinstein: the outside option matters only above 90/19; Nash: the DPRK gets 5 + beijing/2
    scn = _scenario("beijing_outside_option")
    result = sweep(scn, dict([parse_vary("beijing=0:10:11")]))
    assert result.scenario_kind == "bargaining"
    _agrees_with_single_points(scn, result, "beijing")
    assert len(set(result.point_labels)) > 1
    assert all(r.kind == "outcome" for r in result.rows)
    doc = json.loads(to_json(result))
    assert doc["scenario_kind"] == "bargaining" and doc["points"] == 11


def test_conflict_has_nothing_to_sweep():
    scn = _scenario("korea_conflict")
    with pytest.raises(ScenarioError) as err:
        sweep(scn, {"x": [1, 2]})
    assert err.value.problems[0].location.file == "--vary"
    assert "no parameters" in str(err.value) and "conflict" in str(err.value)


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["sweep", "security_guarantee", "--vary", "china_penalty=0:5:11"], "china_penalty = 2"),
        (["sweep", "olympic_truce", "--vary", "delta=0:0.9:10"], "delta = 1/2"),
        (["sweep", "beijing_outside_option", "--vary", "beijing=0:10:11"], "region"),
    ],
)
def test_cli_sweeps_every_kind(argv, needle, capsys):
    assert main(argv) == 0
    assert needle in capsys.readouterr().out


def test_cli_sweep_of_a_conflict_is_a_located_error(capsys):
    assert main(["sweep", "korea_conflict", "--vary", "x=0:1:3"]) == 1
    err = capsys.readouterr().err
    assert "--vary" in err and "no parameters" in err
