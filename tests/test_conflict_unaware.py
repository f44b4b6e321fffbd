"""First-level hypergames where a decision maker does not know an option of another: a
hand-checked example, each perceived game rebuilt from scratch against the literal stability
reference, and located errors for bad ``unaware_of`` entries."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.conflict import build_conflict
from sim.conflict.hypergame import hypergame_analysis, unaware_problems
from sim.conflict.stability import CONCEPTS
from tests.test_conflict_engine import conflicts, reference_stability

# A escalates or not; B concedes or uses a counter-move A does not know of (not both).
# States: 1 nothing, 2 escalate, 3 concede, 4 escalate+concede, 5 counter, 6 escalate+counter.
BLIND = """format: negsim/1
kind: conflict
title: Escalation against a hidden counter
decision_makers:
  A: {options: {escalate: Escalate}}
  B: {options: {concede: Concede, counter: Hidden counter-move}}
infeasible:
  - {at_most_one: [B.concede, B.counter]}
preferences:
  A: {ranking: [4, 2, 3, 1, 5, 6]}
  B: {ranking: [1, 5, 6, 3, 4, 2]}
perceptions:
  A:
    unaware_of: [B.counter]
settings:
  concepts: [nash, seq]
"""


def test_hand_checked_escalation_against_a_hidden_counter(tmp_path, capsys):
    """By hand.  A's game has states 1-4 (no counter): A moves 1<->2, 3<->4; B moves 1<->3,
    2<->4; A ranks 4 > 2 > 3 > 1, B ranks 1 > 3 > 4 > 2.  Nash: 1 and 3 are unstable for A (it
    escalates), 2 unstable for B (it concedes), 4 stable for both, so A expects 4 (it escalates
    and B concedes).  SEQ in A's game: at 1 A's escalation is answered by B's concession (4),
    which A likes, so 1 stays unstable; A is stable at 2 and 4 only, under both concepts.
    B knows everything.  In the true game B leaves 2 (for 4 or 6) and 4 (for 6), 3 and 5 (for
    1), and stays at 1 and 6: B is Nash stable at 1 and 6.  A sees 5 as 1 and 6 as 2, so A acts
    stable at 2, 4 and 6.  What holds: 6, A escalated and B answered with the counter A never
    foresaw.  B's own game has no Nash equilibrium (A leaves 1, 3 and 6; B leaves 2 and 4)."""
    path = tmp_path / "blind.yaml"
    path.write_text(BLIND)
    assert main(["run", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    hg = data["hypergame"]
    a, b = hg["views"]["A"], hg["views"]["B"]
    assert a["unaware_of"] == ["B.counter"] and a["states_seen"] == [1, 2, 3, 4]
    assert a["expects"] == {"nash": [4], "seq": [4]}
    assert b["unaware_of"] == [] and b["expects"]["nash"] == []
    assert hg["equilibria"] == {"nash": [6], "seq": [6]}
    assert a["unforeseen"] == {"nash": [6], "seq": [6]}
    assert data["equilibria"]["nash"] == []  # the true game: no Nash equilibrium at all
    assert main(["run", str(path)]) == 0
    out = capsys.readouterr().out
    assert "A (unaware of B.counter; sees 4 states) expects: 4 (under every concept)" in out
    assert "Nash (R)  6 (A: escalate; B: counter)" in out
    assert "Unforeseen by A: states that hold use an option it does not know (B.counter): 6" in out
    assert main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Each side's own view (hypergame)" in out
    assert "cannot foresee a move that uses it" in out


def _literal_view(conflict, pref, hidden):
    """The perceived game rebuilt from scratch: the same options, every combination that takes
    an unknown option made infeasible, moves recomputed by ``build_conflict``; and for every
    true state the state of that game with the same options, the unknown ones not taken."""
    m = conflict.n_options
    feasible = np.zeros(1 << m, dtype=bool)
    codes = np.asarray(conflict.codes, dtype=np.int64)
    feasible[codes] = True
    mask = sum(1 << o for o in hidden)
    every = np.arange(1 << m)
    feasible &= (every & mask) == 0
    game = build_conflict("view", conflict.dms, conflict.options, feasible)
    where = {int(c): x for x, c in enumerate(game.codes)}
    states = np.array([t for t in range(conflict.n_states) if int(codes[t]) in where])
    game = game.with_preference(pref[:, states])
    seen = np.array([where[int(c) & ~mask] for c in codes])
    return game, states, seen


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=3, max_options=5), st.data())
def test_each_blind_view_matches_the_literal_reference(conflict, data):
    n = conflict.n_dms
    unaware = {}
    for i in range(n):
        theirs = [o for o, opt in enumerate(conflict.options) if opt.dm != i]
        pick = data.draw(st.lists(st.sampled_from(theirs), unique=True, max_size=2))
        if pick:
            unaware[i] = tuple(sorted(pick))
    assume(unaware)
    # make every state's projection feasible (the loader refuses files where it is not)
    m = conflict.n_options
    feasible = np.zeros(1 << m, dtype=bool)
    feasible[np.asarray(conflict.codes)] = True
    for opts in unaware.values():
        mask = sum(1 << o for o in opts)
        feasible[np.flatnonzero(feasible) & ~mask] = True
    conflict = build_conflict("generated", conflict.dms, conflict.options, feasible)
    k = conflict.n_states
    conflict = conflict.with_preference(
        np.array([data.draw(st.lists(st.integers(0, k), min_size=k, max_size=k)) for _ in range(n)])
    )
    assert all(not unaware_problems(conflict, o) for o in unaware.values())
    views = {}
    for i in range(n):
        for j in range(n):
            if i != j and data.draw(st.booleans()):
                views[(i, j)] = np.array(
                    data.draw(st.lists(st.integers(0, k), min_size=k, max_size=k))
                )
    hg = hypergame_analysis(conflict, views, tuple(CONCEPTS), "sequence", "one", unaware=unaware)
    for c in CONCEPTS:
        acts = np.zeros((n, k), dtype=bool)
        for i in range(n):
            pref = np.array(conflict.preference, copy=True)
            for (a, b), v in views.items():
                if a == i:
                    pref[b] = v
            game, states, seen = _literal_view(conflict, pref, unaware.get(i, ()))
            ref = reference_stability(game, "sequence")
            acts[i] = ref[c][i][seen]
            want = set(states[np.flatnonzero(ref[c].all(axis=0))].tolist())
            assert set(hg.expected(i, c).tolist()) == want
            assert np.array_equal(hg.states[i], states)
        assert set(hg.equilibria(c).tolist()) == set(np.flatnonzero(acts.all(axis=0)).tolist())
        for i in range(n):
            outside = set(range(k)) - set(hg.states[i].tolist())
            assert set(hg.unforeseen(i, c).tolist()) == outside & set(hg.equilibria(c).tolist())


BASE = """format: negsim/1
kind: conflict
title: t
decision_makers:
  A: {options: {x: X}}
  B: {options: {y: Y, z: Z}}
preferences:
  A: {statements: [A.x]}
  B: {statements: [B.y]}
"""


def test_bad_unawareness_is_located(tmp_path, capsys):
    cases = {
        "perceptions:\n  A: {unaware_of: [B.w]}\n": "unknown option 'w' of B",
        "perceptions:\n  A: {unaware_of: [C.y]}\n": "unknown decision maker 'C'",
        "perceptions:\n  A: {unaware_of: [A.x]}\n": "A knows its own options",
        "perceptions:\n  A: {unaware_of: [B.y, B.y]}\n": "lists B.y twice",
        "perceptions:\n  A: {unaware_of: [y]}\n": "write each option as DM.option",
        "perceptions:\n  A: {unaware_of: []}\n": "unaware_of is empty",
        "perceptions:\n  A: {unaware_of: [B.z], B: {statements: [B.z]}}\n": (
            "A's view of B mentions B.z, an option A is unaware of"
        ),
        "infeasible: [{exactly_one: [B.y, B.z]}]\nperceptions:\n  A: {unaware_of: [B.z]}\n": (
            "would be infeasible"
        ),
        "merge: [{condition: -B.y}]\nperceptions:\n  A: {unaware_of: [B.z]}\n": (
            "a decision maker cannot be unaware of an option a merge rule spans"
        ),
    }
    for extra, message in cases.items():
        path = tmp_path / "h.yaml"
        path.write_text(BASE + extra)
        assert main(["validate", str(path)]) == 1, extra
        err = capsys.readouterr().err
        assert message in err and "h.yaml:" in err, (extra, err)
