"""Bargaining: Nash, Kalai–Smorodinsky, Rubinstein (with outside options), Fearon; the kind and
the bundled Beijing scenario (claim C9)."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import sim.bargaining  # noqa: F401  (registers the kind)
from sim import contract
from sim.bargaining.solutions import (
    fearon_range,
    kalai_smorodinsky,
    nash_bargaining,
    nash_split_pie,
    pie_set,
    polygon_set,
    rubinstein,
)
from sim.scenario import ScenarioError, load, loads

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# the engine fixture with the outside option principle (an earlier beijing_outside_option)
BEIJING = DATA / "valid" / "bargaining_outside_option_principle.yaml"


# -- closed forms ----------------------------------------------------------------------------


def test_rubinstein_ten_nineteenths():
    # Rubinstein (1982); Osborne & Rubinstein, Bargaining and Markets (1990), Thm 3.4:
    # the first proposer gets (1 − δ2)/(1 − δ1 δ2) = 0.1/0.19 = 10/19 at δ1 = δ2 = 0.9.
    r = rubinstein(F(9, 10), F(9, 10))
    assert r.first == (F(10, 19), F(9, 19))
    assert r.second == (F(9, 19), F(10, 19))


def _stahl_share(d1, d2, rounds):
    """First proposer's share in the finite alternating-offers game (Ståhl 1972) by backward
    induction: in the last round the proposer takes all; earlier, the proposer offers the
    responder exactly its discounted share as next round's proposer."""
    share = F(1)  # proposer's share in the last round
    deltas = [d1, d2]
    for t in range(rounds - 1, 0, -1):
        responder = t % 2  # in round t (1-based) the proposer is party (t - 1) % 2
        share = 1 - deltas[responder] * share
    return share


@pytest.mark.parametrize("d1,d2", [(F(9, 10), F(9, 10)), (F(9, 10), F(1, 2)), (F(1, 3), F(4, 5))])
def test_rubinstein_is_the_limit_of_finite_alternating_offers(d1, d2):
    # Rubinstein (1982) §4: the infinite-horizon split is the limit of Ståhl's finite games; the
    # gap shrinks like (δ1·δ2)^(rounds/2)
    target = rubinstein(d1, d2).first[0]
    for rounds in (40, 41, 120):
        assert abs(_stahl_share(d1, d2, rounds) - target) <= (d1 * d2) ** ((rounds - 1) // 2)


def test_rubinstein_more_patient_party_gets_more():
    r = rubinstein(F(9, 10), F(1, 2))
    assert r.first[0] == F(1, 2) / (1 - F(9, 20))  # (1 − δ2)/(1 − δ1δ2) = 10/11
    assert r.first[0] == F(10, 11)


@settings(max_examples=80, deadline=None)
@given(st.fractions(F(1, 100), F(999, 1000)))
def test_rubinstein_share_tends_to_the_nash_split(delta):
    # Binmore, Rubinstein & Wolinsky (1986): with equal discounting the share is 1/(1+δ), which is
    # within (1−δ)/2 of the Nash split 1/2 and converges to it as δ → 1.
    share = rubinstein(delta, delta).first[0]
    assert share == 1 / (1 + delta)
    assert 0 <= share - F(1, 2) <= (1 - delta) / 2
    assert 0 <= share <= 1


@settings(max_examples=60, deadline=None)
@given(
    st.fractions(0, F(99, 100)), st.fractions(0, F(99, 100)), st.fractions(0, 1), st.fractions(0, 1)
)
def test_rubinstein_with_outside_options_is_a_fixed_point(d1, d2, o1, o2):
    # Osborne & Rubinstein (1990) §3.12: each proposer offers the responder exactly
    # max(what waiting is worth, its outside option).
    assume(o1 + o2 <= 1)
    r = rubinstein(d1, d2, 1, (o1, o2))
    x0 = r.first[0]  # party 1's share when proposing
    x1 = r.second[1]  # party 2's share when proposing
    assert 1 - x0 == max(d2 * x1, o2)
    assert 1 - x1 == max(d1 * x0, o1)


def test_outside_option_principle_threshold():
    # With δ = 0.9 each, the responder's waiting value is 0.9·10/19 = 9/19: an option below it
    # changes nothing, one above it is paid exactly.
    low = rubinstein(F(9, 10), F(9, 10), 1, (0, F(9, 20)))
    high = rubinstein(F(9, 10), F(9, 10), 1, (0, F(1, 2)))
    assert low.first == (F(10, 19), F(9, 19)) and low.binding == ()
    assert high.first == (F(1, 2), F(1, 2)) and high.binding == (1,)


def test_outside_options_exceeding_the_pie_mean_no_deal():
    r = rubinstein(F(1, 2), F(1, 2), 1, (F(3, 5), F(1, 2)))
    assert not r.agreement and r.first is None


def test_nash_split_of_a_pie():
    # Nash (1950): equal division of the surplus over the disagreement point
    s = nash_split_pie(10, (1, 3))
    assert s.point == (4, 6)
    s3 = nash_split_pie(1, (0, F(1, 10), F(1, 5)))
    assert s3.point == (F(7, 30), F(1, 3), F(13, 30))
    assert nash_split_pie(1, (F(1, 2), F(2, 3))).point is None


def test_nash_and_kalai_smorodinsky_differ_on_an_asymmetric_set():
    # hull of (0,0), (2,0), (0,1), (1,1): frontier (0,1) → (1,1) → (2,0).  Nash: the product
    # u1·u2 peaks at the corner (1,1).  KS: ideal (2,1), ray (2t, t) meets u1 + u2 = 2 at t = 2/3.
    bset = polygon_set([(0, 0), (2, 0), (0, 1), (1, 1)])
    assert nash_bargaining(bset, (0, 0)).point == (1, 1)
    ks = kalai_smorodinsky(bset, (0, 0))
    assert ks.point == (F(4, 3), F(2, 3)) and ks.ideal == (2, 1)


def test_nash_on_a_linear_frontier_is_the_midpoint_of_gains():
    # packages (4,0), (0,2): maximise x·y on x/4 + y/2 = 1 → (2, 1)
    bset = polygon_set([(0, 0), (4, 0), (0, 2)])
    assert nash_bargaining(bset, (0, 0)).point == (2, 1)
    assert nash_bargaining(pie_set(10), (0, 2)).point == (4, 6)


def test_disagreement_point_joins_the_set_as_a_lottery():
    # only the packages (1, 2) and (3, 1) and lotteries between them — plus disagreement (0, 0).
    # Nash: maximise (1 + 2t)(2 − t) → t = 3/4 → (5/2, 5/4).  KS: ideal (3, 2); the ray (3t, 2t)
    # meets x + 2y = 5 at t = 5/7 → (15/7, 10/7).
    bset = polygon_set([(1, 2), (3, 1)])
    assert nash_bargaining(bset, (0, 0)).point == (F(5, 2), F(5, 4))
    ks = kalai_smorodinsky(bset, (0, 0))
    assert ks.ideal == (3, 2) and ks.point == (F(15, 7), F(10, 7))


def test_no_agreement_when_disagreement_is_outside_the_set():
    sol = nash_bargaining(pie_set(1), (F(3, 4), F(1, 2)))
    assert sol.point is None


def test_fearon_range():
    # Fearon (1995): A's acceptable shares are [p − cA, p + cB]
    f = fearon_range(F(3, 5), F(1, 10), F(1, 5))
    assert (f.low, f.high) == (F(1, 2), F(4, 5))
    assert f.nash_point == F(13, 20)
    assert fearon_range(F(3, 5), 0, 0).low == fearon_range(F(3, 5), 0, 0).high == F(3, 5)


# -- properties ------------------------------------------------------------------------------

points = st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), min_size=2, max_size=7)


def _frontier_samples(bset, n=400):
    fr = [tuple(float(x) for x in p) for p in bset.frontier]
    out = []
    for a, b in zip(fr, fr[1:]):
        for t in np.linspace(0, 1, n):
            out.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
    return out or fr


@settings(max_examples=60, deadline=None)
@given(points)
def test_nash_solution_maximises_the_product_and_is_efficient(pts):
    pts = pts + [(0, 0)]
    bset = polygon_set(pts)
    sol = nash_bargaining(bset, (0, 0))
    assert sol.point is not None
    best = max(x * y for x, y in _frontier_samples(bset))
    val = float(sol.point[0] * sol.point[1])
    assert val >= best - 1e-9
    # nothing in the set dominates it
    assert not any(
        p[0] >= sol.point[0]
        and p[1] >= sol.point[1]
        and p != sol.point
        and (p[0] > sol.point[0] or p[1] > sol.point[1])
        for p in bset.polygon
    )


@settings(max_examples=60, deadline=None)
@given(points, st.integers(1, 5), st.integers(1, 5), st.integers(-3, 3), st.integers(-3, 3))
def test_nash_solution_is_invariant_to_affine_rescaling(pts, a, b, c, e):
    # Nash's axiom: rescaling utilities u_i → a_i u_i + c_i rescales the solution the same way
    pts = pts + [(0, 0)]
    s1 = nash_bargaining(polygon_set(pts), (0, 0)).point
    s2 = nash_bargaining(polygon_set([(a * x + c, b * y + e) for x, y in pts]), (c, e)).point
    assert s2 == (a * s1[0] + c, b * s1[1] + e)


@settings(max_examples=60, deadline=None)
@given(points)
def test_kalai_smorodinsky_gives_equal_fractions_of_ideal_gains(pts):
    pts = pts + [(0, 0)]
    sol = kalai_smorodinsky(polygon_set(pts), (0, 0))
    (x, y), (ix, iy) = sol.point, sol.ideal
    assert x * iy == y * ix
    assert 0 <= x <= ix and 0 <= y <= iy


@settings(max_examples=40, deadline=None)
@given(points)
def test_symmetric_sets_give_symmetric_solutions(pts):
    sym = pts + [(y, x) for x, y in pts] + [(0, 0)]
    bset = polygon_set(sym)
    n = nash_bargaining(bset, (0, 0)).point
    k = kalai_smorodinsky(bset, (0, 0)).point
    assert n[0] == n[1] and k[0] == k[1]


# -- the kind --------------------------------------------------------------------------------


def run(path, **overrides):
    return contract.analyse(load(path), overrides or None)


def test_packages_fixture():
    res = run(DATA / "valid" / "bargaining_packages.yaml")
    assert res.nash.point == (2, 1) and res.ks.point == (2, 1)
    assert res.best_package == ("freeze_only", (2, 1))


def test_game_hull_with_equilibrium_disagreement():
    res = run(DATA / "valid" / "bargaining_game_hull.yaml")
    assert res.disagreement == (1, 1)
    assert res.nash.point == (3, 3)
    assert res.ks.ideal == (F(13, 3), F(13, 3))


def test_several_equilibria_need_a_choice():
    text = """format: negsim/1
kind: bargaining
title: Stag hunt split
players:
  A: {strategies: [stag, hare]}
  B: {strategies: [stag, hare]}
payoffs:
  table:
    "stag, stag": [4, 4]
    "stag, hare": [0, 3]
    "hare, stag": [3, 0]
    "hare, hare": [3, 3]
set: {game: outcomes}
disagreement: equilibrium
"""
    scn = loads(text, "stag.yaml")
    with pytest.raises(ScenarioError, match="several equilibria"):
        contract.analyse(scn)
    scn2 = loads(
        text.replace("disagreement: equilibrium", 'disagreement: {equilibrium: "hare, hare"}'),
        "stag.yaml",
    )
    res = contract.analyse(scn2)
    assert res.disagreement == (3, 3) and res.nash.point == (4, 4)
    # a method that finds one equilibrium must not pass it off as the only one
    one = contract.analyse(scn, method="lemke-howson")
    assert any("does not find every equilibrium" in n for n in one.notes)
    with pytest.raises(ScenarioError, match="unknown method"):
        contract.analyse(scn, method="nope")


def test_three_party_pie():
    text = """format: negsim/1
kind: bargaining
title: Six-party style split
parties: [US, China, DPRK]
set: {pie: 12}
disagreement: {US: 0, China: 3, DPRK: 0}
"""
    res = contract.analyse(loads(text, "three.yaml"))
    assert res.nash.point == (3, 6, 3)


# -- the bundled Beijing scenario (claim C9) -------------------------------------------------


def test_beijing_raises_the_dprk_nash_share_by_half_the_option():
    # C9: the outside option raises the DPRK's disagreement point; Nash gives it 5 + beijing/2
    for b, share in ((0, 5), (2, 6), (4, 7)):
        res = run(BEIJING, beijing=b)
        assert res.nash_outside.point == (10 - share, share)
        assert res.nash.point == (5, 5)  # without the option as d, nothing moves


def test_beijing_rubinstein_both_sides_of_the_outside_option_threshold():
    # the DPRK's waiting value is 0.9 × 100/19 = 90/19 ≈ 4.74: below it the option is idle,
    # above it the DPRK is paid exactly the option
    idle = run(BEIJING, beijing=4)
    binding = run(BEIJING, beijing=5)
    assert idle.rubinstein.first == (F(100, 19), F(90, 19)) and idle.rubinstein.binding == ()
    assert binding.rubinstein.first == (5, 5) and binding.rubinstein.binding == (1,)


def test_beijing_fearon_range():
    res = run(BEIJING)
    assert (res.fearon.low, res.fearon.high) == (6, 9)


def test_beijing_reports(tmp_path):
    res = run(BEIJING)
    text = contract.to_text(res)
    assert "S·(1 − δ2)/(1 − δ1·δ2)" in text and "100/19" in text
    assert "DPRK +1" in text
    out = contract.to_dict(res)
    json.dumps(out)
    assert out["rubinstein"]["shares_exact"] == {"US": "100/19", "DPRK": "90/19"}
    assert out["nash_with_outside_options"]["point_exact"] == {"US": "4", "DPRK": "6"}
    assert out["fearon"]["range_exact"] == ["6", "9"]
    for key in ("scenario", "kind", "parameters", "negsim_version"):
        assert key in out

    from matplotlib.figure import Figure

    from sim.bargaining.charts import plot_bargaining_frontier

    fig = plot_bargaining_frontier(res)
    assert isinstance(fig, Figure)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any(lab.startswith("Nash (5, 5)") for lab in labels)
    assert any(lab.startswith("Rubinstein (100/19, 90/19)") for lab in labels)
    fig.savefig(tmp_path / "frontier.png")


def test_bundled_and_fixture_files_match_the_json_schema():
    import glob

    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from sim.scenario.schema import json_schema

    schema = json_schema()
    files = (
        sorted(glob.glob(str(DATA / "valid" / "repeated_*.yaml")))
        + sorted(glob.glob(str(DATA / "valid" / "bargaining_*.yaml")))
        + [str(ROOT / "scenarios" / "olympic_truce.yaml"), str(BEIJING)]
    )
    assert len(files) >= 8
    for f in files:
        jsonschema.validate(yaml.safe_load(Path(f).read_text()), schema)
    bad = yaml.safe_load((DATA / "valid" / "bargaining_packages.yaml").read_text())
    bad["set"]["slices"] = 3
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_disagreement_can_be_the_outside_options():
    text = """format: negsim/1
kind: bargaining
title: Options as the fallback
parties: [US, DPRK]
set: {pie: 10}
disagreement: outside_options
outside_options: {DPRK: 4}
rubinstein: {discount: 0.9}
"""
    res = contract.analyse(loads(text, "o.yaml"))
    assert res.disagreement == (0, 4) and res.disagreement_source == "the outside options"
    assert res.nash.point == (3, 7) and res.nash_outside is None
    # Rubinstein: 4 < 90/19 (the DPRK's value of waiting), so the option does not bind
    assert res.rubinstein.first == (F(100, 19), F(90, 19))
    assert "outside option principle" in contract.to_text(res)


def test_outside_option_curve_shows_the_kink():
    # Nash: the DPRK gets 5 + b/2; Rubinstein: 90/19 until b passes 90/19, then exactly b
    from matplotlib.figure import Figure

    from sim import contract
    from sim.bargaining.analysis import outside_option_curve
    from sim.bargaining.charts import plot_outside_option

    scn = load(BEIJING)
    curve = outside_option_curve(scn, "beijing", values=[0, 4, 5, 8])
    assert [p[1] for p in curve.nash] == [5, 7, F(15, 2), 9]
    assert [p[1] for p in curve.rubinstein] == [F(90, 19), F(90, 19), 5, 8]
    assert isinstance(plot_outside_option(curve), Figure)
    fig = contract.draw(contract.analyse(scn), "outside-option", parameter="beijing")
    assert len(fig.axes[0].lines) == 3


# -- the kind contract -----------------------------------------------------------------------

FILES = sorted((DATA / "valid").glob("bargaining_*.yaml")) + [
    ROOT / "scenarios" / "beijing_outside_option.yaml"
]
ENVELOPE = ("scenario", "file", "kind", "sources", "claims", "parameters", "negsim_version")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_contract_json_title_outcomes_chart_sections(path):
    from matplotlib.figure import Figure

    from sim.explain.model import Derivation, Section

    res = run(path)
    out = contract.to_dict(res)
    assert json.loads(json.dumps(out)) == out  # plain JSON types, no default=str
    for key in ENVELOPE:
        assert key in out
    assert out["kind"] == "bargaining" and "nash" in out
    text = contract.to_text(res)
    title = res.meta.title
    assert text.startswith(f"{title}\n{'=' * len(title)}\nKind: a bargaining problem")
    assert "— bargaining" not in text
    labels = contract.outcomes(res)
    assert labels and labels == contract.outcomes(run(path))
    assert isinstance(contract.draw(res), Figure)
    sections = contract.explain_sections(res)
    assert sections[0].key == "setting" and all(isinstance(s, Section) for s in sections)
    nash = next(s for s in sections if s.key == "nash")
    assert any(isinstance(b, Derivation) and b.lines == res.nash.derivation for b in nash.blocks)


def test_beijing_outcome_labels_are_exact_shares():
    assert contract.outcomes(run(BEIJING)) == (
        "Fearon range for US: [6, 9]",
        "Kalai–Smorodinsky with outside options: US 4, DPRK 6",
        "Kalai–Smorodinsky: US 5, DPRK 5",
        "Nash with outside options: US 4, DPRK 6",
        "Nash: US 5, DPRK 5",
        "Rubinstein: US 100/19, DPRK 90/19",
    )
    labels = contract.outcomes(run(BEIJING, beijing=5))
    assert "Nash with outside options: US 5/2, DPRK 15/2" in labels  # d' = (0, 5)
    assert "Rubinstein: US 5, DPRK 5" in labels


def test_outside_option_chart_through_the_contract():
    res = run(BEIJING)
    fig = contract.draw(res, "outside-option", values=[0, 4, 5, 8])  # beijing: the only option
    assert len(fig.axes[0].lines) == 3
    assert contract.get_kind("bargaining").charts["outside-option"].needs == ("vary",)
    assert contract.get_kind("bargaining").default_chart == "frontier"


def test_negative_war_costs_are_refused_with_a_location():
    # costs of -100 and -200 on a pie of 10 used to print the range [107, -193] of width -300
    text = """format: negsim/1
kind: bargaining
title: A war that pays
parties: [US, DPRK]
set: {pie: 10}
war: {p: 0.7, costs: {US: -100, DPRK: gain}}
parameters:
  gain: -200
"""
    scn = loads(text, "war.yaml")
    with pytest.raises(
        ScenarioError, match="US's cost of fighting must be at least 0, not -100"
    ) as exc:
        contract.analyse(scn)
    loc = exc.value.problems[0].location
    assert (loc.file, loc.line) == ("war.yaml", 6)
    with pytest.raises(ScenarioError, match="DPRK's cost of fighting must be at least 0"):
        contract.analyse(loads(text.replace("US: -100", "US: 1"), "war.yaml"))
    with pytest.raises(ScenarioError, match="cost of fighting"):
        contract.get_kind("bargaining").check(scn)  # negsim validate, without solving
    ok = contract.analyse(loads(text.replace("US: -100", "US: 1"), "war.yaml"), {"gain": 2})
    assert (ok.fearon.low, ok.fearon.high) == (6, 9)


def test_three_parties_have_no_frontier_chart():
    text = """format: negsim/1
kind: bargaining
title: Three
parties: [A, B, C]
set: {pie: 3}
"""
    res = contract.analyse(loads(text, "three.yaml"))
    assert contract.outcomes(res) == ("Nash: A 1, B 1, C 1",)
    with pytest.raises(ScenarioError, match="two parties"):
        contract.draw(res)
