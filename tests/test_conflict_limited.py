"""Limited-move (L_h) and non-myopic stability against a literal recursive reference, on
generated two-decision-maker conflicts and the Prisoner's Dilemma."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.conflict import analyse_stability
from sim.conflict.limited import limited_move, parse_horizon
from sim.scenario import load
from sim.scenario.errors import ScenarioError
from tests.test_conflict_engine import conflicts

ROOT = Path(__file__).resolve().parent.parent
PD = ROOT / "tests" / "data" / "valid" / "conflict_prisoners_dilemma.yaml"


def reference(conflict, h):
    """``G_h(s, i)`` word for word: recursion over the moves, lowest state number on ties."""
    pref = conflict.preference
    moves = [[[] for _ in range(conflict.n_states)] for _ in range(2)]
    for i in range(2):
        for s, t in zip(*conflict.moves[i]):
            moves[i][int(s)].append(int(t))

    @cache
    def G(s, i, h):
        if h == 0:
            return s
        j = 1 - i
        ends = [G(t, j, h - 1) for t in moves[i][s]]
        better = [e for e in ends if pref[i][e] > pref[i][s]]
        if not better:
            return s
        top = max(pref[i][e] for e in better)
        return min(e for e in better if pref[i][e] == top)

    return np.array([[G(s, i, h) for s in range(conflict.n_states)] for i in range(2)])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=2, max_options=6), st.integers(1, 7))
def test_matches_the_literal_recursion(conflict, h):
    got = limited_move(conflict, h)
    want = reference(conflict, h)
    assert np.array_equal(got.final, want)
    assert np.array_equal(got.stable, want == np.arange(conflict.n_states)[None, :])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=2, max_options=6))
def test_horizon_one_is_nash_and_nm_is_a_fixed_point(conflict):
    l1 = limited_move(conflict, 1)
    nash = analyse_stability(conflict, ("nash",)).stable["nash"]
    assert np.array_equal(l1.stable, nash)
    nm = limited_move(conflict, "nm")
    if nm.defined:
        longer = limited_move(conflict, nm.horizon + 3)
        assert np.array_equal(longer.stable, nm.stable)
        assert np.array_equal(longer.final, nm.final)


def test_prisoners_dilemma():
    """Mutual defection is the only Nash equilibrium; looking two or more moves ahead, mutual
    silence is stable too (a defection would be answered, ending at mutual defection)."""
    pd = load(PD)
    states = {pd.pattern_text(s): s + 1 for s in range(pd.n_states)}
    both_silent, both_defect = states["NN"], states["YY"]
    assert [int(s) + 1 for s in limited_move(pd, 1).equilibria()] == [both_defect]
    for h in (2, 3, 6):
        eq = [int(s) + 1 for s in limited_move(pd, h).equilibria()]
        assert eq == sorted([both_silent, both_defect])
    nm = limited_move(pd, "nm")
    assert nm.defined and [int(s) + 1 for s in nm.equilibria()] == sorted(
        [both_silent, both_defect]
    )


def test_refusals():
    with pytest.raises(ScenarioError, match="two decision makers"):
        limited_move(load(ROOT / "scenarios" / "korea_conflict.yaml"), 2)
    for bad in ("0", "x", "-3", "100000"):
        with pytest.raises(ScenarioError, match="horizon"):
            parse_horizon(bad)
    assert parse_horizon("NM") == "nm" and parse_horizon("4") == 4


def test_cli(capsys):
    assert main(["run", str(PD), "--limited-move", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    lm = data["limited_move"]
    assert lm["concept"] == "lh" and lm["horizon"] == 2 and len(lm["equilibria"]) == 2
    assert main(["run", str(PD), "--limited-move", "nm"]) == 0
    out = capsys.readouterr().out
    assert "Non-myopic stability" in out
    assert main(["run", "korea_conflict", "--limited-move", "2"]) == 1
    assert "two decision makers" in capsys.readouterr().err
