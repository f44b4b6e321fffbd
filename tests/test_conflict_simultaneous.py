"""SIM and SEQ&SIM stability (simultaneous sanctioning) on known cases and hand-built ones.

Definitions as in sim/conflict/stability.py: Fraser & Hipel (1979; 1984, *Conflict Analysis:
Models and Resolutions*, North-Holland, ch. 1-2: "stability caused by simultaneous sanctioning");
Fang, Hipel & Kilgour (1993), *Interactive Decision Making*, Wiley, ch. 3 (the combined move
``s1 ⊕ s2``).  The published equilibrium tables for SIM could not be retrieved for this work, so
the 2x2 results below are derived by hand from the definition in each test's comment, not
copied from a table.  The engine is checked against a literal reference on generated conflicts
in tests/test_conflict_engine.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from sim.conflict import analyse, analyse_stability, build_conflict
from sim.conflict.explain import explain_state
from sim.conflict.model import DecisionMaker, Option
from sim.contract import to_dict, to_text
from sim.scenario import ScenarioError, load, loads

DATA = Path(__file__).resolve().parent / "data" / "valid"
CLASSICS = Path(__file__).resolve().parent.parent / "scenarios" / "classics"


def test_prisoners_dilemma_sim():
    """States 1 = both silent, 2 = A defects, 3 = B defects, 4 = both defect.  At 1, A's
    improvement 1 -> 2 meets B's simultaneous improvement 1 -> 3: the outcome is 4, which A
    ranks below 1, so mutual cooperation is SIM stable (as it is GMR/SMR/SEQ stable); 2 and 3 are
    unstable for the DM being exploited, who has no opponent improvement to combine with.
    Cross-check with another program (not a publication): GMCR+'s test data for its Prisoner's
    Dilemma (github.com/onp/gmcr-py, test_data/Prisoners_logSol.txt) has mutual defection alone
    under Nash and both mutual outcomes under GMR, SEQ, SIM, SEQ&SIM and SMR."""
    r = analyse(load(DATA / "conflict_prisoners_dilemma.yaml"))
    assert r.equilibria("sim") == [1, 4]
    assert r.equilibria("seqsim") == [1, 4]
    (imp,) = explain_state(r.conflict, 0, 0, "sim")
    assert imp.to == 1 and imp.sanction == ((1, 1, 3),)  # B's move ends the pair at state 4


def test_chicken_compromise_is_sim_stable_but_not_seq():
    """Chicken: at the compromise (1, both swerve) each driver's improvement (go straight) is
    met by the other's simultaneous improvement, and the outcome is the crash (4), the worst
    state.  So 1 is SIM stable although it is not SEQ stable (a sequential crash is no
    improvement for the sanctioner): the textbook case for simultaneous sanctioning."""
    r = analyse(load(DATA / "conflict_chicken.yaml"))
    assert r.equilibria("seq") == [2, 3]
    assert r.equilibria("sim") == [1, 2, 3]
    assert r.equilibria("seqsim") == [1, 2, 3]
    text = to_text(r)
    assert "SEQ&SIM" in text and "Simultaneous 'one'" in text
    data = json.loads(json.dumps(to_dict(r)))
    assert data["equilibria"]["sim"] == [1, 2, 3]
    assert data["stable_states"]["seqsim"]["A"] == [1, 2, 3]
    assert data["simultaneous"] == "one"


def test_elmira_sim_and_seqsim():
    """Elmira (the published model, see tests/test_conflict_cases.py).  SIM = SEQ = SEQ&SIM =
    {5, 8, 9}.  At the status quo LG's improvement 1 -> 5 has no simultaneous sanction because
    neither MoE nor UR has an improvement at 1.  Our computation; no published SIM table was
    available to compare with."""
    c = load(CLASSICS / "elmira.yaml")
    r = analyse(c)
    assert r.equilibria("sim") == [5, 8, 9]
    assert r.equilibria("seqsim") == [5, 8, 9]
    lg = c.dm_index("LG")
    (imp,) = explain_state(c, lg, 0, "sim")
    assert imp.to == 4 and imp.sanction is None  # 1 -> 5 unsanctioned under SIM


def test_cuban_seq_but_not_sim():
    """Cuban missile crisis (published vectors, see tests/test_conflict_cases.py).  SEQ = {5, 6,
    7}, SIM = {6}.  Blockade with withdrawal (7) is SEQ stable for the US: if it lifts the
    blockade (7 -> 5) the USSR puts its missiles back (5 -> 1).  It is not SIM stable: at 7 the
    USSR has no improvement of its own to make at the same moment, so SIM sees no sanction."""
    c = load(CLASSICS / "cuban_missile_crisis.yaml")
    r = analyse(c)
    assert r.equilibria("seq") == [5, 6, 7]
    assert r.equilibria("sim") == [6]
    assert r.equilibria("seqsim") == [5, 6, 7]
    us = c.dm_index("US")
    (imp,) = explain_state(c, us, 6, "sim")
    assert imp.to == 4 and imp.sanction is None


def _three_dm(feasible_codes, pref):
    dms = tuple(DecisionMaker(d, d, (k,)) for k, d in enumerate("ABC"))
    opts = tuple(Option(f"o{k}", f"o{k}", k) for k in range(3))
    feasible = np.zeros(8, dtype=bool)
    feasible[list(feasible_codes)] = True
    return build_conflict("t", dms, opts, feasible).with_preference(np.array(pref))


def test_sim_needs_a_feasible_combination():
    """A at state 0 (code 000) improves to 001; B improves to 010 at the same time.  The
    combination 011 is the only possible sanction: with it feasible and bad for A, state 0 is
    SIM stable for A; with 011 infeasible, the simultaneous move has no outcome and state 0 is
    SIM unstable for A (while still GMR stable through C's move 001 -> 101)."""
    # codes 0, 1, 2, 3, 5 -> states 0..4; A: code 1 > code 0 > the rest; B prefers code 2 to
    # code 0; C prefers code 1 to code 5, so C's move 001 -> 101 is no improvement for C
    with_3 = _three_dm([0, 1, 2, 3, 5], [[3, 4, 1, 0, 0], [0, 0, 1, 0, 0], [0, 1, 0, 0, 0]])
    assert with_3.patterns[3].tolist() == [True, True, False]
    s = analyse_stability(with_3, ("sim", "gmr")).stable
    assert s["sim"][0, 0]
    without_3 = _three_dm([0, 1, 2, 5], [[3, 4, 1, 0], [0, 0, 1, 0], [0, 1, 0, 0]])
    s = analyse_stability(without_3, ("sim", "gmr", "seqsim")).stable
    assert not s["sim"][0, 0]
    assert s["gmr"][0, 0]  # C's move 001 -> 101 sanctions sequentially
    assert not s["seqsim"][0, 0]  # and not SEQ stable: C's move is no improvement for C


def test_seqsim_is_seq_or_sim_and_convention_does_not_change_sim():
    c = load(CLASSICS / "elmira.yaml")
    per = {
        conv: analyse_stability(c, ("seq", "sim", "seqsim"), conv).stable
        for conv in ("sequence", "unrestricted", "single")
    }
    for conv, s in per.items():
        assert np.array_equal(s["seqsim"], s["seq"] | s["sim"]), conv
        assert np.array_equal(s["sim"], per["sequence"]["sim"]), conv


def test_settings_can_ask_for_sim_only():
    text = (DATA / "conflict_chicken.yaml").read_text()
    text += "\nsettings:\n  concepts: [sim, seqsim]\n"
    r = analyse(loads(text, "chicken_sim.yaml"))
    assert r.stability.concepts == ("sim", "seqsim")
    assert r.equilibria("sim") == [1, 2, 3]


def test_group_setting_lets_several_opponents_move_at_once():
    """A, B, C hold one option each, all 8 combinations feasible.  At 000, A improves to 001;
    B (to 010) and C (to 100) each have an improvement too.  With one opponent at a time the
    outcomes are 011 and 101, both better for A than 000, so 000 is not SIM stable for A; with
    the group B+C the outcome is 111, A's worst, so 000 is SIM stable under ``group``."""
    a = np.ones(8, dtype=np.int64)
    a[[0, 1, 3, 5, 7]] = [5, 6, 7, 7, 0]
    b = np.zeros(8, dtype=np.int64)
    b[2] = 1
    c_ = np.zeros(8, dtype=np.int64)
    c_[4] = 1
    c = _three_dm(range(8), [a, b, c_])
    one = analyse_stability(c, ("sim",), simultaneous="one")
    group = analyse_stability(c, ("sim",), simultaneous="group")
    assert not one.stable["sim"][0, 0] and group.stable["sim"][0, 0]
    assert group.simultaneous == "group"
    (imp,) = explain_state(c, 0, 0, "sim", simultaneous="group")
    assert imp.sanction == ((1, 1, 7), (2, 7, 7))  # B and C move with A: outcome 111
    (imp,) = explain_state(c, 0, 0, "sim", simultaneous="one")
    assert imp.sanction is None


def test_simultaneous_setting_in_files_and_options():
    text = (DATA / "conflict_chicken.yaml").read_text()
    r = analyse(loads(text + "\nsettings:\n  simultaneous: group\n", "chicken_group.yaml"))
    assert r.stability.simultaneous == "group"
    assert r.equilibria("sim") == [1, 2, 3]  # 2 DMs: one and group coincide
    assert "Simultaneous 'group'" in to_text(r)
    r = analyse(load(DATA / "conflict_chicken.yaml"), simultaneous="group")
    assert r.stability.simultaneous == "group"
    try:
        loads(text + "\nsettings:\n  simultaneous: groups\n", "bad.yaml")
    except ScenarioError as exc:
        msg = str(exc)
    else:
        raise AssertionError("a bad simultaneous setting was accepted")
    assert "bad.yaml:" in msg and "did you mean 'group'" in msg
