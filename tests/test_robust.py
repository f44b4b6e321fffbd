"""Robustness: known probabilities, Sobol closed forms, reproducibility, Dask, bad input."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sim.robust import robust
from sim.robust.report import to_csv, to_dict, to_text
from sim.robust.sensitivity import wilson
from sim.scenario import loads
from sim.scenario.errors import ScenarioError

from . import robust_toy


def _p(result, label):
    return result.stat(label).probability


def test_wilson_interval_known_values():
    lo, hi = wilson(50, 100)
    assert lo == pytest.approx(0.4038, abs=1e-4) and hi == pytest.approx(0.5962, abs=1e-4)
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == 1.0


@pytest.mark.parametrize(
    "x_dist, expected",
    [
        (("uniform", (0.0, 6.0)), 1 / 2),  # x < 3 with x ~ U(0, 6)
        (("uniform", (1.0, 4.0)), 2 / 3),  # x < 3 with x ~ U(1, 4)
        (("triangular", (0.0, 3.0, 6.0)), 1 / 2),
        (("choice", (1.0, 5.0)), 1 / 2),
    ],
)
def test_probability_of_a_threshold_condition(x_dist, expected):
    r = robust(robust_toy.scenario(x_dist=x_dist), draws=40_000, seed=11, sensitivity=False)
    stat = r.stat("coop")
    assert stat.ci[0] <= expected <= stat.ci[1]
    assert stat.probability == pytest.approx(expected, abs=0.01)


def test_two_independent_conditions_multiply():
    # x < 3 (x ~ U(0, 6)) and y < 2 (y ~ U(1, 3)): 1/2 * 1/2
    r = robust(
        robust_toy.scenario(y_dist=("uniform", (1.0, 3.0))), draws=40_000, seed=3, sensitivity=False
    )
    assert r.stat("both").ci[0] <= 0.25 <= r.stat("both").ci[1]


def test_sobol_indices_match_their_closed_form():
    # "both" = A*B with P(A) = P(B) = 1/2 independent: S1 = b(1-a)/(1-ab) = 1/3, ST = 2/3;
    # "coop" depends on x alone: S1_x = ST_x = 1, S1_y = ST_y = 0.
    r = robust(
        robust_toy.scenario(y_dist=("uniform", (1.0, 3.0))), draws=2_000, seed=5, sobol_n=4096
    )
    both = r.sobol["both"]
    for name in ("x", "y"):
        assert both[name].first_order == pytest.approx(1 / 3, abs=0.05)
        assert both[name].total_order == pytest.approx(2 / 3, abs=0.05)
    coop = r.sobol["coop"]
    assert coop["x"].first_order == pytest.approx(1, abs=0.05)
    assert coop["x"].total_order == pytest.approx(1, abs=0.05)
    assert abs(coop["y"].total_order) < 0.05
    assert r.ranked_parameters("coop")[0] == "x"


def test_same_seed_same_numbers_any_chunking():
    scn = robust_toy.scenario()
    a = robust(scn, draws=20_000, seed=9, sensitivity=False, chunk_blocks=1)
    b = robust(scn, draws=20_000, seed=9, sensitivity=False, chunk_blocks=5)
    c = robust(scn, draws=20_000, seed=10, sensitivity=False)
    assert np.array_equal(a.samples, b.samples)
    assert [s.count for s in a.outcomes] == [s.count for s in b.outcomes]
    assert not np.array_equal(a.samples, c.samples)


def test_dask_local_cluster_gives_the_same_numbers():
    scn = robust_toy.scenario()
    local = robust(scn, draws=12_000, seed=4, sensitivity=False)
    spread = robust(scn, draws=12_000, seed=4, sensitivity=False, workers=2, chunk_blocks=1)
    assert spread.workers == 2
    assert np.array_equal(local.sample_ids, spread.sample_ids) or (
        [s.count for s in local.outcomes] == [s.count for s in spread.outcomes]
    )
    assert [s.count for s in local.outcomes] == [s.count for s in spread.outcomes]


def test_unreachable_scheduler_is_a_clear_error():
    with pytest.raises(ScenarioError, match="cannot reach the Dask scheduler"):
        robust(robust_toy.scenario(), draws=100, sensitivity=False, scheduler="tcp://127.0.0.1:9")


def test_reports_are_plain_json_text_and_csv():
    r = robust(robust_toy.scenario(), draws=5_000, seed=2)
    d = json.loads(json.dumps(to_dict(r)))
    for key in (
        "scenario",
        "file",
        "kind",
        "sources",
        "claims",
        "parameters",
        "negsim_version",
        "draws",
        "seed",
        "outcomes",
        "baseline",
        "sensitivity",
    ):
        assert key in d
    assert d["draws"] == 5_000 and d["seed"] == 2
    assert {o["label"] for o in d["outcomes"]} >= {"coop", "war", "calm"}
    assert set(d["sensitivity"]) == {"x", "y"}
    assert set(d["sensitivity"]["x"]) >= {"first_order", "total_order", "low", "high"}
    text = to_text(r)
    assert text.startswith("Toy\n===")
    assert "How likely each outcome is" in text
    rows = to_csv(r).splitlines()
    assert rows[0] == "draw,x,y,outcomes" and len(rows) == 5_001


def test_charts_draw():
    from sim.robust.charts import CHARTS

    r = robust(robust_toy.scenario(), draws=3_000, seed=2)
    for draw in CHARTS.values():
        fig = draw(r)
        assert fig.axes


BASE = """format: negsim/1
title: T
parameters:
  a: {value: 2, min: 0, max: 6}
  b: {value: 1, min: 0, max: 6}
players:
  R: {strategies: {u: up, d: down}}
  C: {strategies: {l: left, r: right}}
payoffs:
  R: "a*R.u*C.l + b*R.d"
  C: "C.l"
"""


@pytest.mark.parametrize(
    "block, message",
    [
        ("  parameters:\n    a: {lognormal: [1, 2]}", "unknown key 'lognormal'"),
        ("  parameters:\n    a: {about: x}", "give one distribution"),
        (
            "  parameters:\n    a: {uniform: [1]}",
            r"uniform takes \[low, high\] \(2 numbers\), got 1",
        ),
        ("  parameters:\n    a: {uniform: [4, 1]}", "needs low < high"),
        ("  parameters:\n    a: {triangular: [1, 5, 4]}", "low ≤ mode ≤ high"),
        ("  parameters:\n    a: {normal: [3, -1]}", "positive sd"),
        ("  parameters:\n    a: {choice: [0, 1], p: [0.5, 0.6]}", "add up to 1"),
        ("  parameters:\n    a: {choice: [0, 1], p: [0.5]}", "1 probabilities for 2 values"),
        ("  parameters:\n    a: {uniform: [1, 2], pert: [1, 2, 3]}", "not 2"),
        ("  draws: 0", "whole number from 1"),
        ("  draws: 1000000000000", "whole number from 1"),
        ("  colour: red", "unknown key 'colour'"),
    ],
)
def test_bad_uncertainty_blocks_are_located_errors(block, message):
    text = BASE + "uncertainty:\n" + block + "\n"
    with pytest.raises(ScenarioError, match=message) as err:
        loads(text, "u.yaml")
    assert "u.yaml:" in str(err.value)


def test_a_distribution_outside_the_range_is_an_error_not_a_clip():
    from sim.scenario.uncertainty import check_against

    scn = loads(BASE + "uncertainty:\n  parameters:\n    a: {uniform: [1, 9]}\n", "u.yaml")
    with pytest.raises(ScenarioError, match="above the maximum 6 of 'a'") as err:
        check_against(scn.meta.uncertainty, scn.parameters)
    assert "u.yaml:" in str(err.value)
    scn = loads(BASE + "uncertainty:\n  parameters:\n    zz: {uniform: [1, 2]}\n", "u.yaml")
    with pytest.raises(ScenarioError, match="unknown parameter 'zz'"):
        check_against(scn.meta.uncertainty, scn.parameters)


def test_normals_are_truncated_to_the_range():
    from sim.scenario.uncertainty import check_against

    scn = loads(BASE + "uncertainty:\n  parameters:\n    a: {normal: [5.5, 2]}\n", "u.yaml")
    unc = check_against(scn.meta.uncertainty, scn.parameters)
    values = unc.distributions[0].ppf(np.linspace(0.001, 0.999, 999))
    assert values.min() >= 0 and values.max() <= 6


def test_draw_limits_are_stated():
    with pytest.raises(ScenarioError, match="draws is more than"):
        robust(robust_toy.scenario(), draws=10**9, sensitivity=False)
    with pytest.raises(ScenarioError, match="positive number of draws"):
        robust(robust_toy.scenario(), draws=0, sensitivity=False)


@pytest.mark.parametrize(
    ("family", "args", "truncate"),
    [
        ("triangular", (1.0, 2.0, 4.0), (None, None)),
        ("triangular", (1.0, 1.0, 4.0), (None, None)),
        ("triangular", (1.0, 4.0, 4.0), (None, None)),
        ("pert", (1.0, 3.0, 5.0), (None, None)),
        ("pert", (0.0, 0.5, 5.0), (None, None)),
        ("normal", (3.0, 0.5), (None, None)),
        ("normal", (5.5, 2.0), (0.0, 6.0)),
        ("normal", (0.0, 1.0), (5.0, 9.0)),
        ("normal", (0.0, 1.0), (-9.0, -5.0)),
        ("normal", (0.0, 1.0), (30.0, 31.0)),
    ],
)
def test_quantiles_agree_with_scipy_stats(family, args, truncate):
    """The closed-form quantiles (no scipy.stats import at run time) equal scipy.stats' own."""
    from scipy import stats

    from sim.scenario.uncertainty import Distribution

    u = np.concatenate([np.random.default_rng(3).random(20_000), [1e-12, 0.5, 1 - 1e-12]])
    ours = Distribution(parameter="x", family=family, args=args, truncate=truncate).ppf(u)
    if family == "triangular":
        lo, mode, hi = args
        ref = stats.triang.ppf(u, (mode - lo) / (hi - lo), loc=lo, scale=hi - lo)
    elif family == "pert":
        lo, mode, hi = args
        a, b = 1 + 4 * (mode - lo) / (hi - lo), 1 + 4 * (hi - mode) / (hi - lo)
        ref = lo + (hi - lo) * stats.beta.ppf(u, a, b)
    else:
        mean, sd = args
        za = -np.inf if truncate[0] is None else (truncate[0] - mean) / sd
        zb = np.inf if truncate[1] is None else (truncate[1] - mean) / sd
        ref = stats.truncnorm.ppf(u, za, zb, loc=mean, scale=sd)
    np.testing.assert_allclose(ours, ref, rtol=0, atol=1e-12)
    if truncate != (None, None):
        assert ours.min() >= truncate[0] and ours.max() <= truncate[1]


def test_quick_summaries_draw_by_the_scenario_s_shape_not_the_clock():
    """The explanation and the seminar page take their draw count from the scenario's shape, so
    the same input gives the same numbers on any machine at any load."""
    from sim import bundled
    from sim.robust import quick_draws

    counts = dict(normal_form=3, fast_path=2, other=1)
    assert quick_draws(bundled.load("freeze_for_freeze"), **counts) == 3  # 2 players, vectorised
    assert quick_draws(bundled.load("freeze_for_freeze_enforcer"), **counts) == 3  # 3 players
    assert quick_draws(bundled.load("six_party_grand_bargain"), **counts) == 1  # draw by draw
    assert quick_draws(bundled.load("security_guarantee"), **counts) == 2  # sequential fast path
    assert quick_draws(bundled.load("olympic_truce"), **counts) == 1  # tournaments per draw
