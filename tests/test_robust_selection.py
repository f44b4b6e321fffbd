"""Equilibrium selection in robustness results: risk dominance and trust thresholds of 2x2 games,
against their closed forms."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from sim.cli import main
from sim.normal_form.batch import selection_2x2
from sim.robust import robust
from sim.robust.report import to_dict, to_text
from sim.scenario import loads

# a coordination game: (a, a) pays 3 each, (b, b) pays x each, the rest 0.  Both diagonal
# profiles are strict equilibria for x > 0; the Nash products are 9 and x², so (a, a) is
# risk-dominant exactly when x < 3.  (a, a) has the larger total at x = 2, and each player's
# trust threshold for a is x / (3 + x).
COORDINATION = """format: negsim/1
title: Coordination
parameters:
  x: {value: 2, min: 0, max: 6}
players:
  R: {strategies: {a: first, b: second}}
  C: {strategies: {a: first, b: second}}
payoffs:
  R: "3*R.a*C.a + x*R.b*C.b"
  C: "3*R.a*C.a + x*R.b*C.b"
uncertainty:
  parameters:
    x: {%s}
"""


def _scenario(dist="uniform: [0, 6]"):
    return loads(COORDINATION % dist, "coordination.yaml")


def test_risk_dominance_flips_at_3():
    r = robust(_scenario(), draws=40_000, seed=3, sensitivity=False)
    sel = r.selection
    assert sel is not None and sel.cooperative == "a, a"
    aa, bb = sel.risk_of("a, a"), sel.risk_of("b, b")
    assert aa.ci[0] <= 0.5 <= aa.ci[1] and bb.ci[0] <= 0.5 <= bb.ci[1]
    assert aa.count + bb.count == 40_000  # every draw has one risk-dominant equilibrium
    assert sel.risk_of("a, b").count == 0 == sel.risk_of("b, a").count


def test_risk_dominance_under_a_narrower_range():
    # x ~ U(1, 4): x < 3 with probability 2/3
    r = robust(_scenario("uniform: [1, 4]"), draws=40_000, seed=8, sensitivity=False)
    aa = r.selection.risk_of("a, a")
    assert aa.ci[0] <= 2 / 3 <= aa.ci[1]


def test_trust_threshold_quantiles_match_the_closed_form():
    n = 40_000
    r = robust(_scenario(), draws=n, seed=5, sensitivity=False)
    for t in r.selection.trust:
        assert t.strategy == "a"
        for q, v in t.quantiles.items():
            x = 6 * q / 100
            assert v == pytest.approx(x / (3 + x), abs=0.004)
        # E[x / (3 + x)] for x ~ U(0, 6) = 1 - (1/2) ln 3
        assert t.mean == pytest.approx(1 - 0.5 * math.log(3), abs=0.003)
        assert t.never == 0 and t.always == 0


def test_trust_thresholds_are_exact_per_draw():
    r = robust(_scenario(), draws=5_000, seed=1, sensitivity=False)
    x = r.samples[:, 0]
    assert np.allclose(r.trust_samples[:, 0], x / (3 + x), atol=1e-6)
    assert np.allclose(r.trust_samples[:, 1], x / (3 + x), atol=1e-6)


def test_selection_2x2_edge_cases():
    # a Prisoner's Dilemma (cooperate = index 0): one strict equilibrium (defect, defect),
    # cooperation never a best reply; a game where cooperating is dominant: threshold 0;
    # equal Nash products: no risk-dominant equilibrium.
    pd = np.array([[[3, 3], [0, 5]], [[5, 0], [1, 1]]], dtype=float)
    dom = np.array([[[4, 4], [2, 1]], [[1, 2], [0, 0]]], dtype=float)
    tie = np.array([[[2, 2], [0, 0]], [[0, 0], [2, 2]]], dtype=float)
    risk, trust = selection_2x2(np.stack([pd, dom, tie]), (0, 0))
    assert risk.tolist() == [3, 0, -1]
    assert np.isinf(trust[0]).all() and (trust[1] == 0).all()
    assert trust[2].tolist() == [0.5, 0.5]


def test_json_and_text_report_the_selection():
    r = robust(_scenario(), draws=4_000, seed=2, sensitivity=False)
    d = json.loads(json.dumps(to_dict(r)))
    sel = d["selection"]
    assert sel["cooperative"] == "a, a"
    by = {e["label"]: e for e in sel["equilibria"]}
    assert set(by) == {"a, a", "b, b"}
    assert by["a, a"]["risk_dominant_probability"] == r.selection.risk_of("a, a").probability
    assert by["a, a"]["ci"] == list(r.selection.risk_of("a, a").ci)
    assert by["a, a"]["equilibrium_probability"] == 1.0
    (t0, t1) = sel["trust_thresholds"]
    assert t0["player"] == "R" and set(t0["quantiles"]) == {"5%", "25%", "50%", "75%", "95%"}
    assert t0["quantiles"]["50%"] == pytest.approx(0.5, abs=0.02)
    text = to_text(r)
    assert "Which equilibrium? Risk dominance and trust" in text
    assert "risk-dominant" in text and "Trust thresholds for 'a, a'" in text


def test_no_selection_for_other_games():
    from sim.cli.common import load_scenario

    r = robust(load_scenario("freeze_for_freeze_enforcer"), draws=500, sensitivity=False)
    assert r.selection is None and to_dict(r)["selection"] is None
    assert "Risk dominance" not in to_text(r)


def test_same_selection_with_workers():
    scn = _scenario()
    a = robust(scn, draws=9_000, seed=4, sensitivity=False)
    b = robust(scn, draws=9_000, seed=4, sensitivity=False, workers=2, chunk_blocks=1)
    assert a.selection == b.selection


def test_trust_chart(tmp_path, capsys):
    out = tmp_path / "trust.png"
    code = main(
        [
            "robust",
            "freeze_for_freeze",
            "--draws",
            "3000",
            "--no-sensitivity",
            "--chart",
            "trust",
            "-o",
            str(out),
        ]
    )
    assert code == 0 and out.read_bytes().startswith(b"\x89PNG")
    capsys.readouterr()
    enforcer = tmp_path / "e.png"
    code = main(
        [
            "robust",
            "freeze_for_freeze_enforcer",
            "--draws",
            "300",
            "--no-sensitivity",
            "--chart",
            "trust",
            "-o",
            str(enforcer),
        ]
    )
    assert code == 1 and not enforcer.exists()
    assert "the trust chart is for 2x2" in capsys.readouterr().err


def test_explain_says_how_often_it_is_risk_dominant():
    from sim import contract
    from sim.cli.common import load_scenario
    from sim.explain.robustness import robustness_section
    from sim.explain.text import render_section

    scn = load_scenario("freeze_for_freeze")
    result = contract.analyse(scn)
    section = robustness_section(result, draws=4000)
    text = render_section(section)
    r = robust(scn, draws=4000, sensitivity=False, keep_samples=False)
    p = r.selection.risk_of("suspend, freeze").probability
    share = f"{100 * p:.1f}%".replace(".0%", "%")
    assert f"it is risk-dominant in {share}" in " ".join(text.split())
