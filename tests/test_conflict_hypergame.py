"""First-level hypergames: each decision maker's perceived game, checked against the literal
stability reference; the Singapore case; located errors for bad ``perceptions``."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import load
from sim.cli import main
from sim.conflict.hypergame import hypergame_analysis
from sim.conflict.stability import CONCEPTS, analyse_stability
from tests.test_conflict_engine import conflicts, reference_stability


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=3, max_options=6), st.data())
def test_each_view_matches_the_literal_reference(conflict, data):
    n, k = conflict.n_dms, conflict.n_states
    views = {}
    for i in range(n):
        for j in range(n):
            if i != j and data.draw(st.booleans()):
                views[(i, j)] = np.array(
                    data.draw(st.lists(st.integers(0, k), min_size=k, max_size=k))
                )
    hg = hypergame_analysis(conflict, views, tuple(CONCEPTS), "sequence", "one")
    for c in CONCEPTS:
        acts = np.zeros((n, k), dtype=bool)
        for i in range(n):
            pref = np.array(conflict.preference, copy=True)
            for (a, b), v in views.items():
                if a == i:
                    pref[b] = v
            ref = reference_stability(conflict.with_preference(pref), "sequence")
            acts[i] = ref[c][i]
            assert set(hg.expected(i, c).tolist()) == set(np.flatnonzero(ref[c].all(axis=0)))
        assert set(hg.equilibria(c).tolist()) == set(np.flatnonzero(acts.all(axis=0)))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=3, max_options=6))
def test_true_views_change_nothing(conflict):
    views = {
        (i, j): conflict.preference[j] + 5
        for i in range(conflict.n_dms)
        for j in range(conflict.n_dms)
        if i != j
    }
    hg = hypergame_analysis(conflict, views, tuple(CONCEPTS), "sequence", "one")
    plain = analyse_stability(conflict, tuple(CONCEPTS))
    assert all(m == () for m in hg.misperceives)
    for c in CONCEPTS:
        assert np.array_equal(hg.equilibria(c), plain.equilibria(c))


def test_singapore(capsys):
    assert main(["run", "singapore_hypergame", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    hg = data["hypergame"]
    assert hg["views"]["US"]["misperceives"] == ["DPRK"]
    assert 8 in hg["views"]["US"]["expects"]["seq"]  # the grand deal, as the US reads it
    assert 12 in hg["views"]["DPRK"]["expects"]["seq"]  # relief and guarantee for a freeze
    assert hg["equilibria"] == {c: [1] for c in ("nash", "gmr", "smr", "seq")}
    assert data["equilibria"]["seq"] == [1]
    conflict = load("singapore_hypergame")
    assert conflict.describe(7).startswith("8 (US: relief, guarantee; DPRK: dismantle")
    assert conflict.describe(11).startswith("12 (US: relief, guarantee; DPRK: freeze")
    assert main(["run", "singapore_hypergame"]) == 0
    out = capsys.readouterr().out
    assert "Surprise for US: it expects states that do not hold: 8, 9, 11" in out


BASE = """format: negsim/1
kind: conflict
title: t
decision_makers:
  A: {options: {x: X}}
  B: {options: {y: Y}}
preferences:
  A: {statements: [A.x]}
  B: {statements: [B.y]}
"""


def test_bad_perceptions_are_located(tmp_path, capsys):
    cases = {
        "perceptions:\n  C: {A: {statements: [A.x]}}\n": "unknown decision maker 'C'",
        "perceptions:\n  A: {A: {statements: [A.x]}}\n": "knows its own preferences",
        "perceptions:\n  A: {B: {statements: [B.z]}}\n": "unknown option",
        "perceptions:\n  A: {B: {ranking: [1, 2]}}\n": "ranking",
    }
    for extra, message in cases.items():
        path = tmp_path / "h.yaml"
        path.write_text(BASE + extra)
        assert main(["validate", str(path)]) == 1
        err = capsys.readouterr().err
        assert message in err and "h.yaml:" in err
