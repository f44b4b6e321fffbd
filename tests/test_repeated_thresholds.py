"""Discount thresholds (grim trigger, tit-for-tat), minmax, the IR region, finite horizons."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.game import Game
from sim.repeated.finite import backward_induction
from sim.repeated.stage import feasible_ir_region, minmax, unique_equilibrium_by_dominance
from sim.repeated.thresholds import (
    Condition,
    grim_trigger_threshold,
    solve_conditions,
    tit_for_tat_threshold,
)

from .strategies import games


def pd(T=5, R=3, P=1, S=0) -> Game:
    return Game.from_bimatrix(
        [[R, S], [T, P]], [[R, T], [S, P]], strategies=(("C", "D"), ("C", "D"))
    )


# -- closed forms ----------------------------------------------------------------------------


def test_prisoners_dilemma_grim_trigger_is_one_half():
    # Osborne, An Introduction to Game Theory (2004), §14.7.1: grim trigger sustains (C, C) iff
    # δ >= (T − R)/(T − P); with Axelrod's payoffs T,R,P,S = 5,3,1,0 that is 2/4 = 1/2.
    t = grim_trigger_threshold(pd(), (0, 0), [1, 1])
    assert t.delta_min == F(1, 2)
    assert isinstance(t.delta_min, F)
    assert t.allowed.contains(F(1, 2)) and not t.allowed.contains(F(49, 100))


def test_prisoners_dilemma_tit_for_tat_is_two_thirds():
    # Axelrod, The Evolution of Cooperation (1984), ch. 3 and Osborne (2004) §14.7.3: tit-for-tat
    # is an equilibrium iff δ >= max((T−R)/(T−P), (T−R)/(R−S)) = max(1/2, 2/3) = 2/3.
    t = tit_for_tat_threshold(pd(), (0, 0))
    assert t.delta_min == F(2, 3)
    us = t.checks[0]
    assert [c.bound() for c in us.conditions] == [("min", F(1, 2)), ("min", F(2, 3))]


def test_tit_for_tat_defect_forever_binds_when_sucker_payoff_is_harsh():
    # T,R,P,S = 6,5,0,-5: (T−R)/(T−P) = 1/6 > (T−R)/(R−S) = 1/10, so defecting forever binds
    t = tit_for_tat_threshold(pd(T=6, R=5, P=0, S=-5), (0, 0))
    assert t.delta_min == F(1, 6)


def test_stage_equilibrium_needs_no_patience():
    t = grim_trigger_threshold(pd(), (1, 1), [1, 1])
    assert t.stage_equilibrium and t.delta_min == 0 and t.allowed.hi is None


def test_profile_worse_than_punishment_is_never_sustained():
    # (C, D): the row player gets S = 0 < P = 1 forever; no δ makes that worth it
    t = grim_trigger_threshold(pd(), (0, 1), [1, 1])
    assert t.delta_min is None and t.allowed.empty


def test_grim_trigger_three_player_public_good():
    # each of 3 players: contribute costs c = 3, every contribution gives all b = 2.
    # All contribute: 3; deviate: 4; punishment (nobody contributes): 0 → δ >= (4−3)/(4−0) = 1/4.
    b, c = 2, 3
    T = np.empty((2, 2, 2, 3), dtype=object)
    for prof in itertools.product((0, 1), repeat=3):
        k = sum(1 for s in prof if s == 0)
        for i in range(3):
            T[prof + (i,)] = b * k - (c if prof[i] == 0 else 0)
    g = Game.from_tensor(T)
    t = grim_trigger_threshold(g, (0, 0, 0), [0, 0, 0])
    assert t.delta_min == F(1, 4)


def test_solve_conditions_intervals():
    assert solve_conditions([Condition(-1, 2), Condition(3, -4)]).lo == F(1, 2)
    s = solve_conditions([Condition(-1, 2), Condition(3, -4)])
    assert s.hi == F(3, 4) and s.contains(F(2, 3)) and not s.contains(F(4, 5))
    assert solve_conditions([Condition(-1, 0)]).empty
    assert solve_conditions([Condition(-2, 1)]).empty  # needs δ >= 2


# -- brute force cross-checks ----------------------------------------------------------------


def _stay_vs_best_deviation(g, profile, pun, delta):
    """Direct comparison of average discounted payoffs (no closed form)."""
    ok = True
    for i in range(g.n_players):
        u = g.exact[tuple(profile) + (i,)]
        idx = list(profile)
        best = u
        for s in range(g.shape[i]):
            idx[i] = s
            best = max(best, g.exact[tuple(idx) + (i,)])
        dev = (1 - delta) * best + delta * pun[i]
        ok &= u >= dev
    return ok


@settings(max_examples=60, deadline=None)
@given(games(values=st.integers(-4, 6)), st.fractions(0, 1).filter(lambda d: d < 1))
def test_grim_threshold_matches_direct_comparison(g, delta):
    pun = [min(g.exact[..., i].reshape(-1)) for i in range(g.n_players)]
    for prof in itertools.product(*[range(k) for k in g.shape]):
        t = grim_trigger_threshold(g, prof, pun)
        if t.stage_equilibrium:
            continue
        assert t.allowed.contains(delta) == _stay_vs_best_deviation(g, prof, pun, delta)


@settings(max_examples=60, deadline=None)
@given(games(values=st.integers(-4, 6)))
def test_thresholds_lie_in_unit_interval(g):
    pun = [minmax(g, i).value for i in range(g.n_players)]
    for prof in itertools.product(*[range(k) for k in g.shape]):
        t = grim_trigger_threshold(g, prof, pun)
        if t.delta_min is not None:
            assert 0 <= t.delta_min < 1
            assert t.allowed.hi is None or t.delta_min <= t.allowed.hi < 1
    if g.shape == (2, 2):
        for prof in itertools.product((0, 1), repeat=2):
            t = tit_for_tat_threshold(g, prof)
            if t.delta_min is not None:
                assert 0 <= t.delta_min < 1


def _best_sequence_value_against_tft(R, T, S, P, delta, horizon=12):
    """Max over every own move sequence of length ``horizon`` against tit-for-tat (which starts
    with C and copies), followed by cooperation forever; average discounted payoff."""
    best = None
    pay = {(0, 0): R, (1, 0): T, (0, 1): S, (1, 1): P}  # (own defects?, other defects?)
    for seq in itertools.product((0, 1), repeat=horizon):
        other, total, w = 0, F(0), F(1)
        for a in seq:
            total += w * pay[(a, other)]
            w *= delta
            other = a
        # then cooperate forever: first round pays pay[(0, other)], then R
        total += w * pay[(0, other)] + w * delta * R / (1 - delta)
        v = (1 - delta) * total
        best = v if best is None or v > best else best
    return best


@pytest.mark.parametrize("payoffs", [(5, 3, 1, 0), (6, 5, 0, -5), (4, 3, 2, 1), (7, 3, 2, 0)])
def test_tit_for_tat_threshold_matches_brute_force(payoffs):
    T, R, P, S = payoffs
    g = pd(T=T, R=R, P=P, S=S)
    thr = tit_for_tat_threshold(g, (0, 0)).delta_min
    if thr is None:  # (T−R)/(R−S) >= 1: alternating always beats cooperating
        assert F(T - R, R - S) >= 1
        for delta in (F(1, 2), F(9, 10)):
            assert _best_sequence_value_against_tft(R, T, S, P, delta) > R
        return
    for delta in (thr + F(1, 50), thr - F(1, 50)):
        if not 0 < delta < 1:
            continue
        best = _best_sequence_value_against_tft(R, T, S, P, delta)
        cooperate = F(R)
        if delta >= thr:
            assert best <= cooperate, (delta, best)
        else:
            assert best > cooperate, (delta, best)


# -- minmax and the region -------------------------------------------------------------------


def test_minmax_matching_pennies_is_zero_with_half_half():
    g = Game.from_bimatrix([[1, -1], [-1, 1]])
    m = minmax(g, 0)
    assert m.exact and m.value == 0
    assert m.punishers == ((F(1, 2), F(1, 2)),)
    assert m.pure_value == 1


def test_minmax_prisoners_dilemma_is_mutual_defection_payoff():
    g = pd()
    assert [minmax(g, i).value for i in (0, 1)] == [1, 1]


@settings(max_examples=40, deadline=None)
@given(games(values=st.integers(-5, 5), max_strategies=3))
def test_minmax_equals_zero_sum_value_from_nashpy(g):
    # Von Neumann: player i's minmax equals the value of the zero-sum game in which i maximises
    # its payoff; any equilibrium nashpy finds of (A, −A) has that value.
    import nashpy

    A = np.asarray(g.payoffs[..., 0], dtype=float)
    row, col = nashpy.Game(A, -A).linear_program()
    # the value: row's guarantee min_j (row·A)_j equals column's cap max_i (A·col)_i
    value = float(min(row @ A))
    assert abs(value - float(max(A @ col))) < 1e-6
    m = minmax(g, 0)
    assert abs(float(m.value) - value) < 1e-7
    if g.exact is not None:
        assert m.exact


def test_feasible_individually_rational_region_of_the_prisoners_dilemma():
    # Osborne (2004) Figure 14.x: the IR part of the hull of (3,3), (0,5), (5,0), (1,1) is cut at
    # u_i >= 1; the edge from (5, 0) to (3, 3) meets u2 = 1 at u1 = 13/3.
    hull, region = feasible_ir_region(pd(), [1, 1])
    assert set(hull) == {(0, 5), (1, 1), (5, 0), (3, 3)}
    assert set(region) == {(1, 1), (F(13, 3), 1), (3, 3), (1, F(13, 3))}
    assert all(isinstance(x, F) for v in region for x in v)


# -- finite horizon --------------------------------------------------------------------------


def test_finite_prisoners_dilemma_unravels():
    # Selten (1978) / Osborne (2004) §14.4: unique stage equilibrium ⇒ (D, D) in every round.
    out = backward_induction(pd(), 10)
    assert out.unique and out.pure == (1, 1)
    assert out.per_round == (1, 1) and out.total == (10, 10)


def test_finite_stag_hunt_is_not_unique():
    g = Game.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    assert unique_equilibrium_by_dominance(g) is None
    out = backward_induction(g, 5)
    assert not out.unique and "equilibria" in out.message


@pytest.mark.slow
@pytest.mark.parametrize("payoffs", [(5, 3, 1, 0), (6, 4, 1, 0)])
def test_grim_threshold_agrees_with_quantecon_subgame_perfect_payoff_set(payoffs):
    # QuantEcon's RepeatedGame.equilibrium_payoffs (Abreu–Sannikov 2014) computes the set of
    # subgame-perfect payoffs at a given δ.  In a Prisoner's Dilemma the stage equilibrium is also
    # the minmax, so grim trigger is the harshest punishment and (R, R) — an extreme point that
    # must be played every round — is an SPE payoff exactly when δ >= our grim threshold.
    gt = pytest.importorskip("quantecon.game_theory")
    from scipy.spatial import Delaunay

    T, R, P, S = payoffs
    thr = grim_trigger_threshold(pd(T=T, R=R, P=P, S=S), (0, 0), [P, P]).delta_min
    stage = gt.NormalFormGame([[(R, R), (S, T)], [(T, S), (P, P)]])
    for delta, inside in ((float(thr) + 0.05, True), (float(thr) - 0.05, False)):
        hull = gt.RepeatedGame(stage, delta).equilibrium_payoffs(options={"tol": 1e-9})
        pts = hull.points[hull.vertices]
        near = np.min(np.linalg.norm(pts - np.array([R, R]), axis=1)) < 1e-6
        covered = Delaunay(pts).find_simplex(np.array([[R - 1e-6, R - 1e-6]]))[0] >= 0
        assert (near or covered) == inside, (delta, pts)


def test_three_player_minmax_with_independent_mixing():
    # u0 = 1 if the two others disagree, or if all three choose alike; else 0.  Pure punishments
    # leave player 0 with 1.  Correlated punishment (others on (L,L) or (R,R), 50/50) holds it to
    # 1/2.  Independent mixing cannot: with both others at 1/2-1/2 the best reply earns
    # 1/4 + 1/2 = 3/4 (Fudenberg & Tirole, Game Theory, 1991, §5.1: the minmax with independent
    # punishers can exceed the correlated one).
    T = np.zeros((2, 2, 2, 3), dtype=object)
    for a, b, c in itertools.product((0, 1), repeat=3):
        T[a, b, c, 0] = 1 if (b != c or a == b == c) else 0
    g = Game.from_tensor(T)
    m = minmax(g, 0)
    assert m.pure_value == 1
    assert not m.exact and "at least 1/2" in m.note
    assert float(m.value) == pytest.approx(0.75, abs=1e-6)
    # the reported value is what the reported punishment achieves
    p1, p2 = (np.asarray([float(x) for x in s]) for s in m.punishers)
    best = max(
        np.einsum("bc,b,c->", np.asarray(T[k, :, :, 0], dtype=float), p1, p2) for k in (0, 1)
    )
    assert best == pytest.approx(float(m.value))


def test_minmax_exact_against_pygambit_lp_solve():
    # pygambit's lp_solve (exact rationals) on the zero-sum game (A, −A): its equilibrium payoff is
    # player 0's minmax.  Sizes where float-to-fraction rounding alone fails (denominators > 10^6)
    # exercise the exact solve on the supports.
    pygambit = pytest.importorskip("pygambit")
    rng = np.random.default_rng(0)
    for n in (4, 8, 12):
        for _ in range(4):
            A = rng.integers(-9, 10, size=(n, n))
            m = minmax(Game.from_bimatrix(A, -A), 0)
            gg = pygambit.Game.from_arrays(A.tolist(), (-A).tolist())
            eq = pygambit.nash.lp_solve(gg, rational=True).equilibria[0]
            assert m.exact
            assert m.value == F(str(eq.payoff(next(iter(gg.players)))))
