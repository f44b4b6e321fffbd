"""Coalitions acting as one (a partition of the decision makers, as GMCR+ analyses coalitions):
the engine against a literal, slow reference under each convention; every decision maker alone
gives the ordinary concepts; hand-checked cases where an individually stable state is not stable
once two decision makers act together."""

from __future__ import annotations

import itertools
import json
from collections import deque

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.conflict import analyse_stability, build_conflict
from sim.conflict.model import DecisionMaker, Option
from sim.conflict.partition import PARTITION_CONCEPTS, partition_stability
from sim.conflict.stability import CONVENTIONS
from sim.scenario.errors import ScenarioError
from tests.test_conflict_engine import conflicts


def literal_joint_moves(conflict, block):
    """{s: set of t}: t differs from s only in options of the block's members (Y/N patterns),
    t != s, no irreversible option the wrong way."""
    pats = conflict.patterns
    own = {o for i in block for o in conflict.dms[i].options}
    out = {s: set() for s in range(conflict.n_states)}
    for s in range(conflict.n_states):
        for t in range(conflict.n_states):
            if s == t:
                continue
            diff = [o for o in range(conflict.n_options) if pats[s, o] != pats[t, o]]
            if any(o not in own for o in diff):
                continue
            bad = False
            for o in diff:
                irr = conflict.options[o].irreversible
                if (irr == "taken" and pats[s, o]) or (irr == "dropped" and not pats[s, o]):
                    bad = True
            if not bad:
                out[s].add(t)
    return out


def literal_reach(adj_by_mover, convention, k):
    """{s: states reached by the movers' moves}, breadth-first over (state, last mover)."""
    out = {}
    for s in range(k):
        found = set()
        if convention == "single":
            for adj in adj_by_mover.values():
                found |= adj[s]
            out[s] = found
            continue
        seen = {(s, None)}
        queue = deque([(s, None)])
        while queue:
            x, last = queue.popleft()
            for j, adj in adj_by_mover.items():
                if convention == "sequence" and j == last:
                    continue
                for y in adj[x]:
                    found.add(y)
                    key = (y, j if convention == "sequence" else None)
                    if key not in seen:
                        seen.add(key)
                        queue.append(key)
        out[s] = found
    return out


def reference_partition(conflict, blocks, convention):
    """Word for word (module docstring of sim.conflict.partition)."""
    P = conflict.preference
    k = conflict.n_states

    def all_better(block, s, x):
        return all(P[i, x] > P[i, s] for i in block)

    moves = {b: literal_joint_moves(conflict, blk) for b, blk in enumerate(blocks)}
    uis = {
        b: {s: {t for t in moves[b][s] if all_better(blk, s, t)} for s in range(k)}
        for b, blk in enumerate(blocks)
    }
    res = {c: np.ones((len(blocks), k), dtype=bool) for c in PARTITION_CONCEPTS}
    for b, blk in enumerate(blocks):
        others = [x for x in range(len(blocks)) if x != b]
        R = literal_reach({x: moves[x] for x in others}, convention, k)
        Ru = literal_reach({x: uis[x] for x in others}, convention, k)
        for s in range(k):
            ui = uis[b][s]
            res["nash"][b, s] = not ui
            res["gmr"][b, s] = all(any(not all_better(blk, s, x) for x in R[t]) for t in ui)
            res["smr"][b, s] = all(
                any(
                    not all_better(blk, s, x)
                    and not any(all_better(blk, s, y) for y in moves[b][x])
                    for x in R[t]
                )
                for t in ui
            )
            res["seq"][b, s] = all(any(not all_better(blk, s, x) for x in Ru[t]) for t in ui)
    return res


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=4, max_options=5), st.sampled_from(sorted(CONVENTIONS)), st.data())
def test_engine_matches_the_literal_definition(conflict, convention, data):
    n = conflict.n_dms
    label = data.draw(st.lists(st.integers(0, n - 1), min_size=n, max_size=n))
    blocks = sorted({tuple(i for i in range(n) if label[i] == g) for g in set(label)})
    got = partition_stability(conflict, blocks, PARTITION_CONCEPTS, convention)
    assert got.blocks == tuple(blocks)
    want = reference_partition(conflict, blocks, convention)
    for c in PARTITION_CONCEPTS:
        assert np.array_equal(got.stable[c], want[c]), c


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=4, max_options=6), st.sampled_from(sorted(CONVENTIONS)))
def test_everyone_alone_is_the_ordinary_analysis(conflict, convention):
    """The partition into single decision makers (no coalition at all) gives Nash, GMR, SMR
    and SEQ exactly, for every decision maker, any number of them, under each convention."""
    got = partition_stability(conflict, (), PARTITION_CONCEPTS, convention)
    plain = analyse_stability(conflict, PARTITION_CONCEPTS, convention)
    assert got.blocks == tuple((i,) for i in range(conflict.n_dms))
    for c in PARTITION_CONCEPTS:
        assert np.array_equal(got.stable[c], plain.stable[c]), c


def _contributions(n, cost, gift):
    """Each decision maker may contribute; a contribution costs its maker ``cost`` and gives
    every other decision maker ``gift``."""
    options = tuple(Option(f"give{d}", "contribute", d) for d in range(n))
    dms = tuple(DecisionMaker(f"D{d}", f"D{d}", (d,)) for d in range(n))
    c = build_conflict("contributions", dms, options, np.ones(1 << n, dtype=bool))
    bits = c.patterns.astype(int)
    score = np.stack([gift * (bits.sum(axis=1) - bits[:, d]) - cost * bits[:, d] for d in range(n)])
    return c.with_preference(score)


def test_a_pair_acting_together_leaves_an_individually_stable_state():
    """Three decision makers; a contribution costs 3 and gives each other one 4.  By hand:
    in state 1 nobody contributes (0 each).  Alone, contributing costs 3 and gains nothing, so
    nobody has a unilateral improvement: state 1 is Nash, hence GMR, SMR and SEQ, stable for
    each.  D0 and D1 together can both contribute in one joint move, to state 4 (4 - 3 = 1
    each): a joint improvement.  From state 4 the other block, D2, can only contribute too
    (state 8: 8 - 3 = 5 each for D0 and D1), which both still prefer to state 1: no sanction.
    So state 1 is unstable for the pair under Nash, GMR, SMR and SEQ."""
    c = _contributions(3, cost=3, gift=4)
    alone = analyse_stability(c, PARTITION_CONCEPTS)
    for concept in PARTITION_CONCEPTS:
        assert alone.stable[concept][:, 0].all()
    part = partition_stability(c, [("D0", "D1")])
    assert part.blocks == ((0, 1), (2,))
    for concept in PARTITION_CONCEPTS:
        assert not part.stable[concept][0, 0]
        assert 0 not in part.equilibria(concept).tolist()


def test_a_sanction_the_pair_fears():
    """Three decision makers, one option each (state = 1 + code, o0 = 1, o1 = 2, o2 = 4).  D0
    and D1 rank alike: 4 (6) > 1 (5) > 8 (4) > 7 (3) > 6 (2) > 5 (1) > 2, 3 (0); D2 ranks 8
    first, 4 last, the rest between.  By hand, for the pair at state 1: its joint moves go to
    2, 3 and 4, and only 4 is better for both, so state 1 is not Nash stable for the pair.
    From 4, D2 moves to 8, which both rank below 1: a sanction (GMR).  From 8 the pair's joint
    moves reach 5, 6 and 7, all below 1 for both: it cannot escape (SMR).  D2 gains by the
    move (0 to 9): the sanction is credible (SEQ)."""
    options = tuple(Option(f"o{d}", "act", d) for d in range(3))
    dms = tuple(DecisionMaker(f"D{d}", f"D{d}", (d,)) for d in range(3))
    c = build_conflict("sanction", dms, options, np.ones(8, dtype=bool))
    # states 1..8 = codes 0..7; o0 = 1, o1 = 2, o2 = 4
    pref = np.zeros((3, 8), dtype=np.int64)
    pref[0] = [5, 0, 0, 6, 1, 2, 3, 4]  # D0: state 4 best, 1 next; 2, 3 worst; 8 below 1
    pref[1] = [5, 0, 0, 6, 1, 2, 3, 4]
    pref[2] = [5, 5, 5, 0, 5, 5, 5, 9]  # D2: 8 best, 4 worst
    c = c.with_preference(pref)
    part = partition_stability(c, [("D0", "D1")], PARTITION_CONCEPTS, "sequence")
    pair = 0
    assert not part.stable["nash"][pair, 0]
    assert part.stable["gmr"][pair, 0]
    assert part.stable["smr"][pair, 0]
    assert part.stable["seq"][pair, 0]


def test_two_decision_makers_as_one_block():
    """Two decision makers as one block have no opponents: every concept is 'no joint move to a
    state both strictly prefer'."""
    for seed in range(3):
        rng = np.random.default_rng(seed)
        options = (Option("a", "a", 0), Option("b", "b", 1), Option("c", "c", 1))
        dms = (DecisionMaker("A", "A", (0,)), DecisionMaker("B", "B", (1, 2)))
        c = build_conflict("two", dms, options, np.ones(8, dtype=bool))
        c = c.with_preference(rng.integers(0, 5, size=(2, 8)))
        part = partition_stability(c, [("A", "B")])
        P = c.preference
        want = np.array(
            [
                not any(P[0, t] > P[0, s] and P[1, t] > P[1, s] for t in range(8) if t != s)
                for s in range(8)
            ]
        )
        for concept in PARTITION_CONCEPTS:
            assert np.array_equal(part.stable[concept][0], want)


def test_partition_from_the_command_line(capsys):
    assert main(["run", "elmira", "--partition", "MoE+UR", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    part = data["partition"]
    assert part["blocks"] == [["MoE", "UR"], ["LG"]]
    # Kilgour, Hipel, Fang & Peng (2001): MoE and UR together leave state 5 for state 8
    assert 5 in data["equilibria"]["nash"] and 5 not in part["equilibria"]["nash"]
    assert 8 in part["equilibria"]["nash"]
    assert main(["run", "elmira", "--partition", "MoE+UR"]) == 0
    out = capsys.readouterr().out
    assert "Coalitions acting as one" in out and "{MoE, UR}" in out
    assert main(["explain", "elmira", "--partition", "MoE+UR"]) == 0
    out = capsys.readouterr().out
    assert "The coalition {MoE, UR} acts as one" in out
    assert "Nash (R): equilibria lost when the coalitions act together: 5;" in out


@pytest.mark.parametrize(
    "arg, message",
    [
        ("MoE+XX", "unknown decision maker 'XX'"),
        ("MoE+UR,UR+LG", "UR is named twice"),
        (",", "name coalitions as DM+DM"),
    ],
)
def test_bad_partitions_are_located(arg, message, capsys):
    assert main(["run", "elmira", "--partition", arg]) == 1
    err = capsys.readouterr().err
    assert message in err and "--partition" in err


def test_partition_errors_are_scenario_errors():
    c = _contributions(3, 3, 4)
    with pytest.raises(ScenarioError):
        partition_stability(c, [("D0", "D9")])
    assert list(itertools.chain(*partition_stability(c, [("D2", "D0")]).blocks)) == [0, 2, 1]
