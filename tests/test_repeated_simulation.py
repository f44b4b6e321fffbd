"""Simulated repeated play: machines, noise, seeds, tournaments."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from sim.game import Game
from sim.repeated.machines import BUILTINS, Machine, builtin
from sim.repeated.simulate import play, tournament

PD = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"), ("C", "D")))
COOP, DEFECT = (0, 0), (1, 1)


def moves(match, player):
    return "".join("C" if x else "D" for x in match.sample_moves[:, player])


def test_tit_for_tat_against_always_defect():
    # Axelrod (1984): tit-for-tat loses only the first round to a defector
    m = play(PD, [builtin("tit_for_tat"), builtin("always_defect")], COOP, DEFECT, rounds=6)
    assert moves(m, 0) == "CDDDDD" and moves(m, 1) == "DDDDDD"
    assert m.payoffs[:, 0].tolist() == [0, 1, 1, 1, 1, 1]
    assert m.cumulative[-1].tolist() == [5, 10]
    assert m.mean == pytest.approx((5 / 6, 10 / 6))


def test_grim_never_forgives_but_tit_for_tat_does():
    once = Machine(
        "defect_once",
        ("c0", "d", "c"),
        (F(1), F(0), F(1)),
        ((1, 1, 1, 1), (2, 2, 2, 2), (2, 2, 2, 2)),
    )
    g = play(PD, [builtin("grim"), once], COOP, DEFECT, rounds=6)
    t = play(PD, [builtin("tit_for_tat"), once], COOP, DEFECT, rounds=6)
    assert moves(g, 1) == "CDCCCC"
    assert moves(g, 0) == "CCDDDD"
    assert moves(t, 0) == "CCDCCC"


def test_win_stay_lose_shift_recovers_from_a_mistake_in_two_rounds():
    # Nowak & Sigmund (1993): after one error, two Pavlov players defect together once and then
    # return to mutual cooperation.  Force a "mistake" by starting one player in its defect state.
    wsls = builtin("win_stay_lose_shift")
    slip = Machine("wsls_slipped", wsls.states, wsls.cooperate, wsls.next, start=1)
    m = play(PD, [wsls, slip], COOP, DEFECT, rounds=5)
    assert moves(m, 0) == "CDCCC" and moves(m, 1) == "DDCCC"


def test_tit_for_tat_echoes_a_mistake():
    tft = builtin("tit_for_tat")
    slip = Machine("tft_slipped", tft.states, tft.cooperate, tft.next, start=1)
    m = play(PD, [tft, slip], COOP, DEFECT, rounds=6)
    assert moves(m, 0) == "CDCDCD" and moves(m, 1) == "DCDCDC"


def test_same_seed_same_play_different_seed_different_play():
    ms = [builtin("generous_tit_for_tat"), builtin("win_stay_lose_shift")]
    a = play(PD, ms, COOP, DEFECT, rounds=80, noise=0.1, seed=42, replications=7)
    b = play(PD, ms, COOP, DEFECT, rounds=80, noise=0.1, seed=42, replications=7)
    c = play(PD, ms, COOP, DEFECT, rounds=80, noise=0.1, seed=43, replications=7)
    assert np.array_equal(a.payoffs, b.payoffs) and np.array_equal(a.sample_moves, b.sample_moves)
    assert not np.array_equal(a.payoffs, c.payoffs)


def test_noise_rate_is_the_flip_probability():
    m = play(
        PD,
        [builtin("always_cooperate"), builtin("always_defect")],
        COOP,
        DEFECT,
        rounds=200,
        noise=0.2,
        seed=1,
        replications=200,
    )
    rate = m.cooperation.mean(axis=0)
    assert rate[0] == pytest.approx(0.8, abs=0.01)
    assert rate[1] == pytest.approx(0.2, abs=0.01)


def test_generous_tit_for_tat_forgives_at_its_generosity():
    m = play(
        PD,
        [builtin("generous_tit_for_tat", generosity=F(1, 4)), builtin("always_defect")],
        COOP,
        DEFECT,
        rounds=100,
        seed=3,
        replications=400,
    )
    # after round 1 it faces defection every round, so it cooperates with probability 1/4
    assert m.cooperation[1:, 0].mean() == pytest.approx(0.25, abs=0.01)


def test_noise_lowers_cooperation_between_tit_for_tat_players():
    tft = builtin("tit_for_tat")
    clean = play(PD, [tft, tft], COOP, DEFECT, rounds=100, noise=0.0, seed=5, replications=50)
    noisy = play(PD, [tft, tft], COOP, DEFECT, rounds=100, noise=0.05, seed=5, replications=50)
    assert clean.cooperation.min() == 1.0
    assert noisy.cooperation.mean() < 0.75


def test_discounted_payoff_of_constant_play_is_the_stage_payoff():
    m = play(PD, [builtin("always_cooperate")] * 2, COOP, DEFECT, rounds=30, delta=0.9)
    assert m.discounted == pytest.approx((3.0, 3.0))


def test_three_player_machines_react_to_all_others():
    T = np.zeros((2, 2, 2, 3))
    g = Game.from_tensor(T)
    m = play(
        g,
        [builtin("grim"), builtin("always_cooperate"), builtin("always_defect")],
        (0, 0, 0),
        (1, 1, 1),
        rounds=3,
    )
    assert moves(m, 0) == "CDD"  # one defector among the others triggers grim


def test_tournament_table_and_ranking():
    ms = [builtin(n) for n in BUILTINS]
    t = tournament(PD, ms, COOP, DEFECT, rounds=50, noise=0.0, seed=0, replications=1)
    k = len(ms)
    assert t.first.shape == (k, k)
    i_c, i_d = BUILTINS.index("always_cooperate"), BUILTINS.index("always_defect")
    assert t.first[i_d, i_c] == 5 and t.second[i_d, i_c] == 0
    assert t.first[i_c, i_c] == 3
    # score is the mean over both seats
    assert t.score[i_c] == pytest.approx((t.first[i_c].sum() + t.second[:, i_c].sum()) / (2 * k))
    assert list(t.ranking) == sorted(range(k), key=lambda i: (-t.score[i], i))
    # in Axelrod's noiseless round robin the nice reciprocators beat always-defect here
    assert t.score[BUILTINS.index("tit_for_tat")] > t.score[i_d]


def test_tournament_reproducible_by_seed():
    ms = [builtin("generous_tit_for_tat"), builtin("tit_for_tat")]
    a = tournament(PD, ms, COOP, DEFECT, rounds=40, noise=0.1, seed=9, replications=5)
    b = tournament(PD, ms, COOP, DEFECT, rounds=40, noise=0.1, seed=9, replications=5)
    assert np.array_equal(a.first, b.first) and a.ranking == b.ranking


def test_bad_machine_is_rejected():
    with pytest.raises(ValueError):
        Machine("broken", ("a",), (F(1),), ((0, 0, 0, 1),))
    with pytest.raises(ValueError):
        Machine("bad_p", ("a",), (F(3, 2),), ((0, 0, 0, 0),))
