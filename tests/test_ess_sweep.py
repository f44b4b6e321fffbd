"""Evolutionarily stable strategies in sweeps and robustness (``--method ess``): where the ESS
changes in Hawk-Dove (pure hawk once the prize V reaches the injury cost C, the mixed V/C below),
and how often each ESS holds when V and C are drawn (closed-form shares of a uniform draw)."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

from sim import contract
from sim.bundled import load
from sim.cli import main
from sim.normal_form.batch_ess import NO_ESS, ess_labels
from sim.robust import robust
from sim.scenario.errors import ScenarioError
from sim.sweep import sweep

HAWK, MIXED, DOVE = "ESS: hawk", "ESS: mixed hawk/dove", "ESS: dove"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def hawk_dove():
    return load("classics/hawk_dove")


@pytest.mark.parametrize("cost", [4, 3])
def test_sweep_finds_the_threshold_at_v_equal_c(hawk_dove, cost):
    s = sweep(
        hawk_dove, {"prize": [1, 2, 3, 4, 5, 6]}, overrides={"injury_cost": cost}, method="ess"
    )
    for k, v in enumerate(range(1, 7)):
        assert s.point_labels[k] == ((HAWK,) if v >= cost else (MIXED,))
    (t,) = s.thresholds
    assert t.parameter == "prize" and t.value == F(cost) and t.exact == str(cost)
    assert t.below == (MIXED,) and t.above == (HAWK,) and t.at == (HAWK,)
    # below the threshold the mixed ESS plays hawk with probability V/C, exactly
    for r in s.rows:
        v = r.values[0]
        assert r.strategies[0] == r.strategies[1]
        assert r.strategies[0][0] == pytest.approx(min(1.0, v / cost), abs=1e-12)
        assert r.exact and r.max_regret == 0


def test_a_free_prize_leaves_only_the_dove(hawk_dove):
    s = sweep(hawk_dove, {"prize": [0, 1]}, method="ess")
    assert s.point_labels == ((DOVE,), (MIXED,))
    assert s.thresholds[0].value == 0 and s.thresholds[0].at == (DOVE,)


def test_run_outcomes_are_the_sweep_labels(hawk_dove):
    assert contract.outcomes(contract.analyse(hawk_dove, method="ess")) == (MIXED,)
    got = contract.outcomes(contract.analyse(hawk_dove, {"injury_cost": 1}, method="ess"))
    assert got == (HAWK,)


def test_labels_name_supports_and_say_when_nothing_is_stable():
    ss = ("rock", "paper", "scissors")
    assert ess_labels(ss, [(("rock", "paper", "scissors"), False)]) == (NO_ESS,)
    assert ess_labels(ss, [(("scissors", "rock"), True), (("paper",), True)]) == (
        "ESS: paper",
        "ESS: mixed rock/scissors",
    )
    assert ess_labels(ss, [(("rock",), None)]) == ("undecided: rock",)


def test_robust_share_of_pure_hawk_is_the_closed_form(hawk_dove):
    # V ~ uniform(0, 4) (±100% of 2), C = 3: P(V >= C) = 1/4, and each draw agrees with V >= C
    r = robust(
        hawk_dove, {"injury_cost": 3}, draws=400, spread=1.0, sensitivity=False, method="ess"
    )
    assert [d.parameter for d in r.uncertainty] == ["prize"]
    X, ids = r.samples, r.sample_ids
    labels = [r.sample_sets[i] for i in ids]
    expect = [(HAWK,) if v >= 3 else (MIXED,) for v in X[:, 0]]
    assert labels == expect
    hawk = r.stat(HAWK)
    assert hawk.probability == pytest.approx(np.mean(X[:, 0] >= 3))
    assert hawk.ci[0] < 0.25 < hawk.ci[1]
    assert r.baseline == (MIXED,)


def test_robust_share_with_both_drawn(hawk_dove):
    # V ~ uniform(1, 3), C ~ uniform(2, 6): P(V >= C) = (1/2) / (2 * 4) = 1/16
    r = robust(hawk_dove, draws=600, spread=0.5, sensitivity=False, method="ess")
    hawk, mixed = r.stat(HAWK), r.stat(MIXED)
    assert hawk.probability + mixed.probability == pytest.approx(1.0)
    assert hawk.ci[0] < 1 / 16 < hawk.ci[1]
    assert r.selection is None


def test_cli_sweep_and_robust(capsys):
    argv = ["sweep", "classics/hawk_dove", "--vary", "prize=0:8:9", "--method", "ess", "--json"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert [t["exact"] for t in data["thresholds"]] == ["0", "4"]
    argv = ["robust", "classics/hawk_dove", "--spread", "50%", "--draws", "200"]
    assert main([*argv, "--no-sensitivity", "--method", "ess", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {o["label"] for o in data["outcomes"]} <= {HAWK, MIXED}
    assert main(["sweep", "freeze_for_freeze", "--vary", "drill_value=1:3:3", "--method", "ess"])
    assert "symmetric" in capsys.readouterr().err


def test_other_concepts_are_still_refused(hawk_dove):
    with pytest.raises(ScenarioError, match="non-myopic"):
        sweep(hawk_dove, {"prize": [1, 2]}, method="tom")
    with pytest.raises(ScenarioError, match="correlated"):
        robust(hawk_dove, draws=50, spread=0.5, sensitivity=False, method="correlated")


SYMMETRIC_2X2 = """
format: negsim/1
kind: normal-form
title: A symmetric 2x2 game
parameters:
  a: {value: 1, min: -5, max: 5}
  b: {value: 0, min: -5, max: 5}
  c: {value: 0, min: -5, max: 5}
  d: {value: 1, min: -5, max: 5}
players:
  Row: {strategies: [s, t]}
  Column: {strategies: [s, t]}
payoffs:
  Row: "a*Row.s*Column.s + b*Row.s*Column.t + c*Row.t*Column.s + d*Row.t*Column.t"
  Column: "a*Row.s*Column.s + b*Row.t*Column.s + c*Row.s*Column.t + d*Row.t*Column.t"
"""


def test_the_array_classification_of_2x2_games_matches_the_exact_check(tmp_path):
    from sim.cli.common import load_scenario
    from sim.normal_form.batch_ess import EssSession

    path = tmp_path / "sym.yaml"
    path.write_text(SYMMETRIC_2X2)
    scn = load_scenario(str(path))
    rng = np.random.default_rng(3)
    X = np.vstack([rng.uniform(-5, 5, (150, 4)), rng.integers(-2, 3, (60, 4)).astype(float)])
    session = EssSession(scn, ["a", "b", "c", "d"])
    sets, ids = session.classify(X)
    exact = session.evaluate([tuple(r) for r in X])
    assert [sets[i] for i in ids] == [tuple(e) for e in exact]
    seen = {s for s in sets}
    # every generic pattern occurs: one pure ESS, both pure (coordination), the mixed one
    assert {("ESS: s",), ("ESS: t",), ("ESS: s", "ESS: t"), ("ESS: mixed s/t",)} <= seen


def test_explain_counts_the_ess_over_the_files_uncertainty(tmp_path):
    # V ~ uniform(2, 6) with C = 4: the mixed ESS holds when V < C, half the draws
    from sim.cli.common import load_scenario

    text = (ROOT / "scenarios" / "classics" / "hawk_dove.yaml").read_text()
    text = text.replace("    value: 2\n", "    value: 3\n", 1)
    text += (
        "uncertainty:\n  seed: 1\n  parameters:\n"
        '    prize: {uniform: [2, 6], source: "a test range"}\n'
    )
    path = tmp_path / "hawk_dove_unsure.yaml"
    path.write_text(text)
    from sim.explain.robustness import robustness_section

    result = contract.analyse(load_scenario(str(path)), method="ess")
    sec = robustness_section(result)
    (bullets,) = [b for b in sec.blocks if hasattr(b, "items")]
    (item,) = bullets.items
    share = float(item.split(" holds in ")[1].split("%")[0]) / 100
    assert item.startswith(f"'{MIXED}' holds in") and abs(share - 0.5) < 0.03


def test_robust_cli_takes_the_kinds_options(capsys):
    # --move-order reaches robust as it reaches sweep: the draws count subgame-perfect paths
    argv = ["robust", "freeze_for_freeze", "--spread", "25%", "--draws", "100", "--json"]
    assert main([*argv, "--no-sensitivity", "--move-order", "US,DPRK"]) == 0
    got = {o["label"]: o["probability"] for o in json.loads(capsys.readouterr().out)["outcomes"]}
    r = robust(
        load("freeze_for_freeze"), draws=100, spread=0.25, sensitivity=False, move_order="US,DPRK"
    )
    assert got == {o.label: o.probability for o in r.outcomes}
    assert main([*argv, "--no-sensitivity", "--objective", "welfare"]) == 1
    assert "--method correlated" in capsys.readouterr().err
