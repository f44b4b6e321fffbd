"""Coalition stability (Kilgour, Hipel, Fang & Peng 2001) against a literal, slow reference; a
conflict whose individually stable state is coalitionally unstable; what coalition stability
reduces to when only single decision makers, or two decision makers, are involved."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.conflict import analyse_stability, build_conflict, coalition_analysis
from sim.conflict.model import DecisionMaker, Option
from sim.conflict.stability import CONVENTIONS
from tests.test_conflict_engine import conflicts, reach_sets


def reference_coalitions(conflict, convention, max_size=None):
    """Word for word: a coalition ``C`` reaches from ``s`` every state of a legal sequence of
    unilateral moves by its members (a coalition of one: one unilateral move); a coalition
    improvement is a reachable state every member strictly prefers to ``s``; ``s`` is coalition
    stable for ``i`` when no coalition containing ``i`` has one.  Returns (improvements by
    coalition as sets of (s, t), stable as an (n, k) bool array)."""
    n, k = conflict.n_dms, conflict.n_states
    P = conflict.preference
    moves = {i: conflict.moves[i] for i in range(n)}
    improvements = {}
    stable = np.ones((n, k), dtype=bool)
    top = n if max_size is None else max_size
    for size in range(1, top + 1):
        for coal in itertools.combinations(range(n), size):
            if size == 1:
                (i,) = coal
                reach = {s: set() for s in range(k)}
                for a, b in zip(*conflict.moves[i]):
                    reach[int(a)].add(int(b))
            else:
                reach = reach_sets(conflict, list(coal), moves, convention)
            found = {
                (s, t) for s in range(k) for t in reach[s] if all(P[i, t] > P[i, s] for i in coal)
            }
            if found:
                improvements[coal] = found
                for s, _ in found:
                    stable[list(coal), s] = False
    return improvements, stable


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=3, max_options=5), st.sampled_from(sorted(CONVENTIONS)))
def test_coalition_analysis_matches_the_literal_definition(conflict, convention):
    co = coalition_analysis(conflict, convention)
    imp, stable = reference_coalitions(conflict, convention)
    assert {c: set(v) for c, v in co.improvements.items()} == imp
    assert np.array_equal(co.stable, stable)
    assert list(co.equilibria) == np.flatnonzero(stable.all(axis=0)).tolist()


def _public_goods(n: int = 3):
    """Each of ``n`` decision makers may contribute; a contribution costs its maker 3 and gives
    every other decision maker 2.  Scores: 2 x (others contributing) - 3 x (own contribution)."""
    options = tuple(Option(f"give{d}", "contribute", d) for d in range(n))
    dms = tuple(DecisionMaker(f"D{d}", f"D{d}", (d,)) for d in range(n))
    c = build_conflict("public goods", dms, options, np.ones(1 << n, dtype=bool))
    bits = c.patterns.astype(int)
    score = np.stack([2 * (bits.sum(axis=1) - bits[:, d]) - 3 * bits[:, d] for d in range(n)])
    return c.with_preference(score)


def test_an_individually_stable_state_is_coalitionally_unstable():
    """By hand: in state 1 nobody contributes (0 each).  A lone contributor gets -3, so state 1
    is Nash stable for everyone, hence GMR, SMR, SEQ stable too.  Two contributors get 2 - 3 =
    -1 each: no pair improves.  All three get 4 - 3 = 1 each: the three together, each moving
    once in turn, reach state 8, which every one of them prefers.  State 8 itself is no Nash
    equilibrium (each would stop contributing: 4 > 1)."""
    c = _public_goods()
    st_ = analyse_stability(c, ("nash", "gmr", "smr", "seq"))
    for concept in ("nash", "gmr", "smr", "seq"):
        assert 0 in st_.equilibria(concept).tolist()
    assert st_.equilibria("nash").tolist() == [0]
    co = coalition_analysis(c, "sequence")
    assert (0, 7) in co.improvements[(0, 1, 2)]
    assert all(
        0 not in {s for s, _ in co.improvements.get(pair, [])}
        for pair in itertools.combinations(range(3), 2)
    )
    assert not co.stable[:, 0].any()
    assert co.equilibria == ()  # state 8 is left by each alone, every other state by someone
    # a single move of one decision maker cannot get there
    assert (0, 7) not in co.improvements.get((0,), [])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=4, max_options=6), st.sampled_from(sorted(CONVENTIONS)))
def test_single_decision_makers_only_is_nash(conflict, convention):
    """Coalitions of one only (``max_size=1``): coalition stability is Nash stability, for every
    decision maker, whatever the number of decision makers and the convention."""
    co = coalition_analysis(conflict, convention, max_size=1)
    nash = analyse_stability(conflict, ("nash",), convention).stable["nash"]
    assert np.array_equal(co.stable, nash)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=2, max_options=5))
def test_two_decision_makers(conflict):
    """With two decision makers a state is coalition stable for a decision maker exactly when it
    is Nash stable for it and the pair has no joint improvement from it: a state both strictly
    prefer, reached by a legal sequence of moves of the two (``sequence`` and ``unrestricted``
    agree here, a decision maker's two moves in a row being one move of it), or by one move of
    either (``single``)."""
    P = conflict.preference
    nash = analyse_stability(conflict, ("nash",)).stable["nash"]
    moves = {i: conflict.moves[i] for i in (0, 1)}
    for convention in sorted(CONVENTIONS):
        both = reach_sets(conflict, [0, 1], moves, convention)
        joint = np.array(
            [any(P[0, t] > P[0, s] and P[1, t] > P[1, s] for t in both[s]) for s in both]
        )
        co = coalition_analysis(conflict, convention)
        assert np.array_equal(co.stable, nash & ~joint[None, :]), convention
