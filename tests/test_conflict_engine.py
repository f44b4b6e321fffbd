"""The GMCR stability engine against a literal, slow reference and on generated conflicts.

The reference below follows the textbook definitions word for word (Fang, Hipel & Kilgour 1993,
*Interactive Decision Making*, ch. 3; Xu, Hipel, Kilgour & Fang 2018, ch. 4): it builds the
opponents' reachable *sets* by breadth-first search over (state, last mover) and checks each
unilateral improvement.  The engine never builds those sets (it propagates minima), so agreement
on generated conflicts is a real cross-check.
"""

from __future__ import annotations

import itertools
from collections import deque
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.conflict import analyse_stability, build_conflict, coalition_reach, inverse_counts
from sim.conflict.model import DecisionMaker, Option
from sim.conflict.stability import CONCEPTS, CONVENTIONS
from sim.scenario import load

ROOT = Path(__file__).resolve().parent.parent


def reach_sets(conflict, movers, edges, convention):
    """{source: set of states reachable by the movers} — literal BFS."""
    k = conflict.n_states
    out = {}
    adj = {j: {} for j in movers}
    for j in movers:
        src, dst = edges[j]
        for a, b in zip(src.tolist(), dst.tolist()):
            adj[j].setdefault(a, []).append(b)
    for s in range(k):
        found = set()
        if convention == "single":
            for j in movers:
                found.update(adj[j].get(s, ()))
            out[s] = found
            continue
        seen = {(s, None)}
        queue = deque([(s, None)])
        while queue:
            x, last = queue.popleft()
            for j in movers:
                if convention == "sequence" and j == last:
                    continue
                for y in adj[j].get(x, ()):
                    found.add(y)
                    key = (y, j if convention == "sequence" else None)
                    if key not in seen:
                        seen.add(key)
                        queue.append(key)
        out[s] = found
    return out


def reference_stability(conflict, convention, simultaneous="one"):
    n, k = conflict.n_dms, conflict.n_states
    P = conflict.preference
    moves = {i: conflict.moves[i] for i in range(n)}
    uis = {i: conflict.improvements(i) for i in range(n)}
    res = {c: np.ones((n, k), dtype=bool) for c in CONCEPTS}
    for i in range(n):
        H = [j for j in range(n) if j != i]
        R = reach_sets(conflict, H, moves, convention)
        Rp = reach_sets(conflict, H, uis, convention)
        own = {s: [] for s in range(k)}
        for a, b in zip(*conflict.moves[i]):
            own[int(a)].append(int(b))
        for s in range(k):
            ui = [t for t in own[s] if P[i, t] > P[i, s]]
            res["nash"][i, s] = not ui
            res["gmr"][i, s] = all(any(P[i, x] <= P[i, s] for x in R[t]) for t in ui)
            res["smr"][i, s] = all(
                any(P[i, x] <= P[i, s] and all(P[i, z] <= P[i, s] for z in own[x]) for x in R[t])
                for t in ui
            )
            res["seq"][i, s] = all(any(P[i, x] <= P[i, s] for x in Rp[t]) for t in ui)
            res["sim"][i, s] = all(
                any(
                    P[i, x] <= P[i, s]
                    for x in simultaneous_outcomes(conflict, i, s, t, uis, simultaneous)
                )
                for t in ui
            )
    res["seqsim"] = res["seq"] | res["sim"]
    return res


def simultaneous_outcomes(conflict, i, s, s1, uis, simultaneous="one"):
    """States where i's move s -> s1 and opponents' UIs from s, made at the same time, end:
    i's options as in s1, each mover's as in its own target, the rest as in s (Fang, Hipel &
    Kilgour 1993, ch. 3); combinations that are not a feasible state are dropped.  ``one``: a
    single opponent moves with i; ``group``: every nonempty group of opponents, each choosing
    one UI.  Works on Y/N patterns, not codes (generated conflicts have no merged states)."""
    pats = [tuple(row) for row in conflict.patterns.tolist()]
    where = {p: x for x, p in enumerate(pats)}
    owner = [o.dm for o in conflict.options]
    others = [j for j in range(conflict.n_dms) if j != i]
    choices = {j: [int(b) for a, b in zip(*uis[j]) if int(a) == s] for j in others}
    if simultaneous == "one":
        plans = [{j: s2} for j in others for s2 in choices[j]]
    else:
        plans = []
        for pick in itertools.product(*[[None] + choices[j] for j in others]):
            plan = {j: x for j, x in zip(others, pick) if x is not None}
            if plan:
                plans.append(plan)
    out = []
    for plan in plans:
        combo = tuple(
            pats[s1][o]
            if owner[o] == i
            else pats[plan[owner[o]]][o]
            if owner[o] in plan
            else pats[s][o]
            for o in range(len(owner))
        )
        if combo in where:
            out.append(where[combo])
    return out


@st.composite
def conflicts(draw, max_dms=4, max_options=7):
    n = draw(st.integers(2, max_dms))
    sizes = [draw(st.integers(1, 2)) for _ in range(n)]
    while sum(sizes) > max_options:
        sizes[sizes.index(max(sizes))] -= 1
    options, dms, o = [], [], 0
    for d, size in enumerate(sizes):
        idx = []
        for _ in range(size):
            irr = draw(st.sampled_from(["no", "no", "no", "taken", "dropped"]))
            options.append(Option(f"o{o}", f"option {o}", d, irr))
            idx.append(o)
            o += 1
        dms.append(DecisionMaker(f"D{d}", f"D{d}", tuple(idx)))
    m = len(options)
    feasible = np.array(draw(st.lists(st.booleans(), min_size=1 << m, max_size=1 << m)))
    feasible |= np.array(draw(st.lists(st.booleans(), min_size=1 << m, max_size=1 << m)))
    if feasible.sum() < 2:
        feasible[:2] = True
    c = build_conflict("generated", tuple(dms), tuple(options), feasible)
    k = c.n_states
    pref = np.array([draw(st.lists(st.integers(0, k), min_size=k, max_size=k)) for _ in range(n)])
    return c.with_preference(pref)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(), st.sampled_from(sorted(CONVENTIONS)), st.sampled_from(["one", "group"]))
def test_engine_matches_literal_definitions(conflict, convention, simultaneous):
    got = analyse_stability(conflict, CONCEPTS, convention, simultaneous)
    want = reference_stability(conflict, convention, simultaneous)
    for c in CONCEPTS:
        assert np.array_equal(got.stable[c], want[c]), (c, convention, simultaneous)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=5, max_options=8), st.sampled_from(["sequence", "unrestricted"]))
def test_group_sim_contains_one(conflict, convention):
    """SIM(one) ⊆ SIM(group) (a single opponent is a group).  SIM(group) ⊆ GMR does *not*
    hold in general: the group's outcome must be feasible, but the states its movers would pass
    through one after the other need not be, so hypothesis finds counterexamples."""
    one = analyse_stability(conflict, ("sim", "seqsim"), convention, "one").stable
    group = analyse_stability(conflict, ("sim", "seqsim"), convention, "group").stable
    assert not (one["sim"] & ~group["sim"]).any()
    assert not (one["seqsim"] & ~group["seqsim"]).any()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=5, max_options=8), st.sampled_from(sorted(CONVENTIONS)))
def test_inclusions_nash_seq_smr_gmr(conflict, convention):
    """Nash ⊆ SEQ ⊆ GMR and Nash ⊆ SMR ⊆ GMR, per decision maker (Fang et al. 1993, ch. 3);
    Nash ⊆ SIM ⊆ GMR and SEQ, SIM ⊆ SEQ&SIM ⊆ GMR (a simultaneous outcome is one move of the
    opponent from the focal DM's improved state, so a SIM sanction is a GMR sanction)."""
    s = analyse_stability(conflict, CONCEPTS, convention).stable
    assert not (s["nash"] & ~s["seq"]).any()
    assert not (s["seq"] & ~s["gmr"]).any()
    assert not (s["nash"] & ~s["smr"]).any()
    assert not (s["smr"] & ~s["gmr"]).any()
    assert not (s["nash"] & ~s["sim"]).any()
    assert not (s["sim"] & ~s["gmr"]).any()
    assert not ((s["seq"] | s["sim"]) & ~s["seqsim"]).any()
    assert not (s["seqsim"] & ~s["gmr"]).any()
    assert convention == analyse_stability(conflict, ("nash",), convention).convention


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=2, max_options=4))
def test_conventions_agree_with_two_decision_makers(conflict):
    base = analyse_stability(conflict, CONCEPTS, "sequence").stable
    for conv in ("single", "unrestricted"):
        other = analyse_stability(conflict, CONCEPTS, conv).stable
        for c in CONCEPTS:
            assert np.array_equal(base[c], other[c])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=3, max_options=5), st.sampled_from(sorted(CONVENTIONS)))
def test_coalition_reach_matches_bfs(conflict, convention):
    members = list(range(conflict.n_dms))[:2]
    R = coalition_reach(conflict, members, convention)
    want = reach_sets(conflict, members, {i: conflict.moves[i] for i in members}, convention)
    for s in range(conflict.n_states):
        assert set(np.flatnonzero(R[s]).tolist()) == want[s]


def test_inverse_counts_match_brute_force():
    """Counting rankings vectorised = trying every ranking through the engine (3 DMs, 6 states)."""
    dms = (
        DecisionMaker("A", "A", (0,)),
        DecisionMaker("B", "B", (1,)),
        DecisionMaker("C", "C", (2,)),
    )
    opts = tuple(Option(f"o{i}", f"o{i}", i) for i in range(3))
    feasible = np.ones(8, dtype=bool)
    feasible[[5, 7]] = False  # 6 states
    c = build_conflict("inverse", dms, opts, feasible)
    rng = np.random.default_rng(7)
    pref = np.stack([rng.permutation(6) for _ in range(3)])
    c = c.with_preference(pref)
    for state in range(6):
        res = inverse_counts(c, 1, state)
        for concept in CONCEPTS:
            n = 0
            for perm in itertools.permutations(range(6)):
                p = np.array(pref, copy=True)
                p[1] = perm
                st_ = analyse_stability(c.with_preference(p), (concept,))
                n += bool(st_.stable[concept][:, state].all())
            assert res.counts[concept] == n, (state, concept)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    conflicts(max_dms=3, max_options=3),
    st.sampled_from(sorted(CONVENTIONS)),
    st.sampled_from(["one", "group"]),
    st.data(),
)
def test_inverse_counts_match_brute_force_on_generated_conflicts(
    conflict, convention, simultaneous, data
):
    """The grouping by signatures (sim.conflict.inverse) against one engine run per ranking,
    with ties in the other decision makers' preferences, irreversible options, every convention
    and both SIM settings."""
    k = conflict.n_states
    if k > 6:
        return  # keep the brute force small (at most 720 rankings)
    i = data.draw(st.integers(0, conflict.n_dms - 1))
    e = data.draw(st.integers(0, k - 1))
    res = inverse_counts(conflict, i, e, CONCEPTS, convention, simultaneous)
    want = dict.fromkeys(CONCEPTS, 0)
    for perm in itertools.permutations(range(k)):
        p = np.array(conflict.preference, copy=True)
        p[i] = perm
        got = analyse_stability(
            conflict.with_preference(p), CONCEPTS, convention, simultaneous
        ).stable
        for c in CONCEPTS:
            want[c] += bool(got[c][:, e].all())
    assert res.counts == want
    for c in CONCEPTS:
        if res.example[c] is not None:  # the example ranking really works
            p = np.array(conflict.preference, copy=True)
            p[i] = [k - res.example[c].index(s + 1) for s in range(k)]
            got = analyse_stability(conflict.with_preference(p), (c,), convention, simultaneous)
            assert got.stable[c][:, e].all()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_moves_with_merges_and_irreversibility_match_definition(data):
    """Moves between (possibly merged) states, checked against the definition in sim.conflict.model:
    some member of s and some member of t differ only in the mover's options, and no
    irreversible option goes the forbidden way."""
    n = data.draw(st.integers(2, 3))
    sizes = [data.draw(st.integers(1, 2)) for _ in range(n)]
    options, dms, o = [], [], 0
    for d, size in enumerate(sizes):
        idx = []
        for _ in range(size):
            options.append(
                Option(f"o{o}", "", d, data.draw(st.sampled_from(["no", "taken", "dropped"])))
            )
            idx.append(o)
            o += 1
        dms.append(DecisionMaker(f"D{d}", f"D{d}", tuple(idx)))
    m = len(options)
    feasible = np.array(data.draw(st.lists(st.booleans(), min_size=1 << m, max_size=1 << m)))
    feasible[0] = True
    merge = np.array(data.draw(st.lists(st.booleans(), min_size=1 << m, max_size=1 << m)))
    c = build_conflict("m", tuple(dms), tuple(options), feasible, (merge,))
    # the state of every feasible code: merged codes share the state of their smallest member
    merged = np.flatnonzero(feasible & merge)
    members = {}
    for code in np.flatnonzero(feasible):
        rep = merged.min() if merge[code] else code
        s = int(np.flatnonzero(c.codes == rep)[0])
        members.setdefault(s, []).append(int(code))
    assert len(members) == c.n_states
    assert sum(len(v) for v in members.values()) == int(feasible.sum())
    for i, d in enumerate(dms):
        mask = sum(1 << x for x in d.options)
        want = set()
        for s, ms in members.items():
            for t, mt in members.items():
                if s == t:
                    continue
                for a in ms:
                    for b in mt:
                        diff = a ^ b
                        if diff == 0 or diff & ~mask:
                            continue
                        ok = True
                        for x in d.options:
                            if not (diff >> x) & 1:
                                continue
                            if options[x].irreversible == "taken" and (a >> x) & 1:
                                ok = False
                            if options[x].irreversible == "dropped" and not (a >> x) & 1:
                                ok = False
                        if ok:
                            want.add((s, t))
        src, dst = c.moves[i]
        assert set(zip(src.tolist(), dst.tolist())) == want


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=3, max_options=5), st.sampled_from(sorted(CONVENTIONS)))
def test_explanations_agree_with_stability(conflict, convention):
    """A state is stable iff every improvement has a sanction, and every sanction is legal."""
    from sim.conflict.explain import explain_state

    got = analyse_stability(conflict, CONCEPTS, convention)
    P = conflict.preference
    for concept in CONCEPTS:
        for i in range(conflict.n_dms):
            for s in range(conflict.n_states):
                ex = explain_state(conflict, i, s, concept, convention)
                assert got.stable[concept][i, s] == all(e.sanction is not None for e in ex)
                for e in ex:
                    assert P[i, e.to] > P[i, s]
                    if e.sanction is None:
                        continue
                    movers = [m for m, _, _ in e.sanction]
                    assert i not in movers and e.sanction[0][1] == e.to
                    assert P[i, e.sanction[-1][2]] <= P[i, s]
                    if convention == "single":
                        assert len(movers) == 1
                    if convention == "sequence":
                        assert all(a != b for a, b in zip(movers, movers[1:]))


@pytest.mark.parametrize(
    "name, merged",
    [
        ("scenarios/classics/elmira.yaml", True),
        ("scenarios/classics/cuban_missile_crisis.yaml", False),
        ("tests/data/valid/conflict_prisoners_dilemma.yaml", False),
        ("tests/data/valid/conflict_chicken.yaml", False),
        ("scenarios/korea_conflict.yaml", False),
    ],
)
@pytest.mark.parametrize("convention", sorted(CONVENTIONS))
def test_engine_matches_literal_definitions_on_the_literature_cases(name, merged, convention):
    """The sets pinned in tests/test_conflict_cases.py come from the engine; the literal
    reference must give the same per-DM stability on the files themselves.  SIM is compared
    only without merged states (the reference builds simultaneous outcomes from Y/N patterns)."""
    conflict = load(ROOT / name)
    got = analyse_stability(conflict, CONCEPTS, convention).stable
    want = reference_stability(conflict, convention)
    for c in CONCEPTS:
        if merged and c in ("sim", "seqsim"):
            continue
        assert np.array_equal(got[c], want[c]), (name, c, convention)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=3, max_options=5))
def test_coalition_paths_are_legal_and_extend_unilateral_ones(conflict):
    """Every step of a coalition path is a coalition improvement (every member prefers the
    result; singletons are unilateral improvements) and no mover steps twice in a row; every
    state reachable by unilateral improvements stays reachable."""
    from sim.conflict import coalition_analysis
    from sim.conflict.status_quo import coalition_paths, status_quo_paths

    co = coalition_analysis(conflict, "sequence")
    P = conflict.preference
    for start in range(min(conflict.n_states, 3)):
        uni = status_quo_paths(conflict, start)
        joint = coalition_paths(conflict, co, start)
        assert set(uni.paths) <= set(joint.paths)
        for path in joint.paths.values():
            for k, (mover, a, b) in enumerate(path):
                assert (a, b) in co.improvements[mover]
                assert all(P[i, b] > P[i, a] for i in mover)
                if k:
                    assert path[k - 1][0] != mover and path[k - 1][2] == a
