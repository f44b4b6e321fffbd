"""The ``repeated`` scenario kind, the bundled Olympic-truce scenario, and the charts."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

import sim.repeated  # noqa: F401  (registers the kind)
from sim import contract
from sim.scenario import ScenarioError, load, loads

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
TRUCE = ROOT / "scenarios" / "olympic_truce.yaml"


def analyse(path, **overrides):
    return contract.analyse(load(path), overrides or None)


@pytest.fixture(scope="module")
def truce():
    return analyse(TRUCE)


# -- the kind --------------------------------------------------------------------------------


def test_prisoners_dilemma_fixture_gives_textbook_thresholds():
    res = analyse(DATA / "valid" / "repeated_prisoners_dilemma.yaml")
    assert res.threshold((0, 0)).delta_min == F(1, 2)  # grim: (T−R)/(T−P)
    assert res.threshold((0, 0), "tit-for-tat").delta_min == F(2, 3)  # TFT: (T−R)/(R−S)
    assert [m.value for m in res.minmax] == [1, 1]
    out = contract.to_dict(res)
    coop = next(t for t in out["grim_trigger"] if t["outcome"] == "C, C")
    assert coop["delta_min_exact"] == "1/2" and coop["sustained_at_delta"] is True
    tft = next(t for t in out["tit_for_tat"] if t["outcome"] == "C, C")
    assert tft["delta_min_exact"] == "2/3"
    for key in ("scenario", "kind", "parameters", "negsim_version"):
        assert key in out
    json.dumps(out)  # serialisable


def test_text_report_shows_the_derivation():
    res = analyse(DATA / "valid" / "repeated_prisoners_dilemma.yaml")
    text = contract.to_text(res)
    assert "Stay iff 3 ≥ (1−δ)·5 + δ·1  ⇔  δ ≥ (5 − 3)/(5 − 1) = 1/2" in text
    assert "alternate defect/cooperate: (1+δ)·3 ≥ 5 + δ·0  ⇔  δ ≥ 2/3" in text
    assert "(13/3, 1)" in text  # a vertex of the individually rational region


def test_finite_horizon_fixture():
    res = analyse(DATA / "valid" / "repeated_finite_horizon.yaml")
    assert res.finite.unique and res.finite.total == (10, 10)
    assert res.grim == res.grim  # thresholds still computed, but the text says they do not apply
    assert "a known last round unravels" in contract.to_text(res)
    assert res.tournament.rounds == 10


def test_user_machines_fixture_parses_outcome_keys_and_probabilities():
    scn = load(DATA / "valid" / "repeated_machines.yaml")
    machines = {m.name: m for m in scn.repetition.machines}
    pav = machines["pavlov_by_hand"]
    assert pav.next == ((0, 1, 1, 0), (0, 1, 1, 0))
    assert machines["coin"].cooperate == (F(1, 2),)
    res = contract.analyse(scn)
    assert res.generosity == F(1, 4)
    assert res.matches[0].strategies == ("pavlov_by_hand", "coin")


def test_three_player_fixture_uses_grim_for_everyone():
    res = analyse(DATA / "valid" / "repeated_three_players.yaml")
    assert res.threshold((0, 0, 0)).delta_min == F(1, 4)
    assert res.tournament is None and len(res.matches) == 2
    assert res.matches[0].cooperation.min() == 1.0


def test_overrides_reach_discount_noise_and_payoffs():
    res = analyse(DATA / "valid" / "repeated_prisoners_dilemma.yaml", delta="0.4")
    assert res.delta == F(2, 5)
    assert not res.threshold((0, 0)).allowed.contains(res.delta)


def test_discount_override_outside_unit_interval_is_a_located_error():
    text = (DATA / "valid" / "repeated_prisoners_dilemma.yaml").read_text()
    scn = loads(text.replace("max: 0.99", "max: 2"), "pd.yaml")
    with pytest.raises(ScenarioError, match="discount factor .*must be below 1"):
        contract.analyse(scn, {"delta": "1.5"})


def test_user_machine_that_misnames_outcome_keys_is_rejected():
    text = (DATA / "valid" / "repeated_machines.yaml").read_text()
    with pytest.raises(ScenarioError, match="unknown key 'XX'"):
        loads(
            text.replace(
                "CC: c, CD: d, DC: d, DD: c}}\n        d:",
                "XX: c, CD: d, DC: d, DD: c}}\n        d:",
            ),
            "m.yaml",
        )


# -- the bundled Olympic-truce scenario (claims C6, C11) ---------------------------------------


def test_truce_is_a_prisoners_dilemma_with_unique_stage_equilibrium(truce):
    assert len(truce.equilibria) == 1
    assert truce.equilibria[0].pure_profile() == (1, 1)  # (pressure, test)


@pytest.mark.parametrize("strategy", ["grim trigger", "tit-for-tat"])
def test_truce_self_enforcing_exactly_above_one_half(truce, strategy):
    # C6: cooperation is self-enforcing above a discount threshold.  The DPRK's condition binds:
    # (test_value − trigger_cost)/relief = (3 − 1)/4 = 1/2; the US needs
    # drill_value/freeze_value = 2/6 = 1/3 (freeze_for_freeze's primitives).
    t = truce.threshold((0, 0), strategy)
    assert t.delta_min == F(1, 2)
    us, dprk = t.checks
    assert us.allowed.lo == F(1, 3) and dprk.allowed.lo == F(1, 2)
    assert t.allowed.contains(F(1, 2)) and t.allowed.contains(F(4, 5))
    assert not t.allowed.contains(F(49, 100))


def test_truce_both_sides_of_the_threshold_through_overrides():
    above = analyse(TRUCE, delta="0.51")
    below = analyse(TRUCE, delta="0.49")
    assert above.threshold((0, 0)).allowed.contains(above.delta)
    assert not below.threshold((0, 0)).allowed.contains(below.delta)


def test_truce_threshold_moves_with_the_dprk_temptation():
    # raising test_value to 4 gives (4 − 1)/4 = 3/4; at 5 and above the freeze is never
    # sustained (the threshold would be 1 or more)
    assert analyse(TRUCE, test_value=4).threshold((0, 0)).delta_min == F(3, 4)
    assert analyse(TRUCE, test_value=6).threshold((0, 0)).delta_min is None


def test_truce_noise_breaks_tit_for_tat_but_not_forgiving_strategies(truce):
    # C11: "ups and downs".  With mistakes, two tit-for-tat players lock into retaliation; generous
    # tit-for-tat and win-stay-lose-shift recover (Nowak & Sigmund 1992, 1993).
    by = {m.strategies: m for m in truce.matches}
    tft = by[("tit_for_tat", "tit_for_tat")].cooperation.mean()
    gtft = by[("generous_tit_for_tat", "generous_tit_for_tat")].cooperation.mean()
    wsls = by[("win_stay_lose_shift", "win_stay_lose_shift")].cooperation.mean()
    assert tft < 0.7 < min(gtft, wsls)


def test_truce_without_noise_keeps_tit_for_tat_cooperating():
    quiet = analyse(TRUCE, mistake=0)
    by = {m.strategies: m for m in quiet.matches}
    assert by[("tit_for_tat", "tit_for_tat")].cooperation.min() == 1.0


def test_truce_simulation_reproducible(truce):
    again = analyse(TRUCE)
    assert np.array_equal(again.tournament.first, truce.tournament.first)
    other = analyse(TRUCE, mistake="0.06")
    assert not np.array_equal(other.tournament.first, truce.tournament.first)


def test_truce_reports_text_and_json(truce):
    text = contract.to_text(truce)
    assert "sustained for δ ≥ 1/2; at δ = 4/5: yes" in text
    assert "verify_then_trust" in text
    out = contract.to_dict(truce)
    assert out["claims"] == ["C6", "C11"]
    assert out["parameters"]["delta"] == 0.8


# -- charts ----------------------------------------------------------------------------------


def test_charts_return_figures(truce):
    from matplotlib.figure import Figure

    from sim.repeated.analysis import threshold_curve
    from sim.repeated.charts import (
        plot_payoff_region,
        plot_threshold_line,
        plot_tournament,
        plot_trajectories,
    )

    curve = threshold_curve(truce.scenario, values=[F(k, 2) for k in range(0, 21)])
    # the exact thresholds along the sweep: (test_value − 1)/4 once above the US's 1/3
    assert curve.grim[list(curve.values).index(3.0)] == pytest.approx(1 / 2)
    assert curve.grim[list(curve.values).index(1.0)] == pytest.approx(1 / 3)
    assert np.isnan(curve.grim[-1])
    figs = [
        plot_threshold_line(curve),
        plot_tournament(truce.tournament),
        plot_trajectories(list(truce.matches)),
        plot_trajectories(truce.matches[0], players=truce.game.players),
        plot_payoff_region(truce),
    ]
    for fig in figs:
        assert isinstance(fig, Figure)
        assert fig.axes and (fig.axes[0].lines or fig.axes[0].images)
    line = figs[0].axes[0].lines[0]
    assert len(line.get_xdata()) == 21


@pytest.mark.parametrize(
    "chart,path",
    [
        ("threshold", TRUCE),
        ("tournament", TRUCE),
        ("trajectories", TRUCE),
        ("region", TRUCE),
        ("frontier", ROOT / "scenarios" / "beijing_outside_option.yaml"),
    ],
)
def test_make_figure_by_name(chart, path):
    from matplotlib.figure import Figure

    from sim import contract

    result = contract.analyse(load(path), {"mistake": "0.1"} if path == TRUCE else None)
    fig = contract.draw(result, chart)
    assert isinstance(fig, Figure) and fig.axes


def test_a_chart_of_another_kind_is_refused():
    from sim import contract

    with pytest.raises(ScenarioError, match="has no chart 'frontier'"):
        contract.draw(contract.analyse(load(TRUCE)), "frontier")
