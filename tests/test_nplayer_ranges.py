"""The vectorised pieces of N-player enumeration against plain references.

* ``Evaluator.ranges``: every equation's and every Jacobian entry's range over a box, compared
  with the minimum and maximum over the box's vertices of values computed one vertex at a time
  by ``numpy.einsum`` (a multiaffine function attains its extremes at the vertices), for a game
  whose players have equal numbers of strategies (the stacked path) and one whose players do not.
* ``last_axis_extremes`` and ``_safe_inverse`` against numpy's own reductions and inverse.
* The integer pre-check of ``exact_candidate`` (one indifference equation in exact integers)
  changes no answer: with it disabled, enumeration returns the same profiles, exact where they
  were exact.
* 2x2x2 games: ``all`` finds the equilibria of the closed-form solver
  (:func:`sim.solvers.batched.solve_2x2x2_grid`), and a game with a continuum says so.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

import sim
from sim.game import Game
from sim.results import max_regret
from sim.solvers import nplayer
from sim.solvers.batched import solve_2x2x2_grid
from sim.solvers.multiaffine import _safe_inverse
from sim.solvers.multiaffine_eval import Evaluator, last_axis_extremes


def _point_values(sys, t: int, x: np.ndarray) -> np.ndarray:
    """The system of support ``t`` at the point ``x``, one player at a time by einsum."""
    N = len(sys.shape)
    off = np.concatenate([[0], np.cumsum(sys.dims)]).astype(int)
    sig = [
        np.concatenate([[1.0 - x[off[j] : off[j + 1]].sum()], x[off[j] : off[j + 1]]])
        for j in range(N)
    ]
    F = np.empty(off[-1])
    letters = "bcdefgh"[: N - 1]
    for i in range(N):
        others = [sig[j] for j in range(N) if j != i]
        spec = "a" + letters + "," + ",".join(letters) + "->a"
        F[off[i] : off[i + 1]] = np.einsum(spec, sys.E[i][t], *others)
    held = sys.fixed[t]
    F[held] = x[held]
    return F


def _reference_ranges(sys, t: int, lo: np.ndarray, hi: np.ndarray):
    D = lo.size
    Fs, Js = [], []
    for corner in itertools.product([0, 1], repeat=D):
        x = np.where(np.array(corner) == 1, hi, lo)
        F = _point_values(sys, t, x)
        # the system is affine in each coordinate: a unit step gives the exact derivative
        J = np.stack([_point_values(sys, t, x + np.eye(D)[c]) - F for c in range(D)], axis=1)
        Fs.append(F)
        Js.append(J)
    Fs, Js = np.array(Fs), np.array(Js)
    return Fs.min(0), Fs.max(0), Fs.mean(0), Js.min(0), Js.max(0)


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 3, 3)])
def test_box_ranges_match_vertex_enumeration(shape):
    rng = np.random.default_rng(7)
    game = Game.from_tensor(rng.integers(0, 100, shape + (3,)))
    masks = nplayer.candidate_supports(game)
    sys = nplayer._support_systems(game, masks)
    ev = Evaluator(sys)
    assert ev.equal == (len(set(shape)) == 1)
    B = 6
    sid = rng.integers(0, sys.m, B)
    lo = rng.random((B, ev.D)) * 0.4
    hi = lo + rng.random((B, ev.D)) * 0.3
    Flo, Fhi, Jlo, Jhi, Fmid = ev.ranges(sid, lo, hi)
    for b in range(B):
        rFlo, rFhi, rFmid, rJlo, rJhi = _reference_ranges(sys, sid[b], lo[b], hi[b])
        held = sys.fixed[sid[b]]
        # held coordinates: the solver's rows are x = 0 over the box (range [lo, hi])
        assert np.allclose(Flo[b][~held], rFlo[~held], atol=1e-9)
        assert np.allclose(Fhi[b][~held], rFhi[~held], atol=1e-9)
        assert np.allclose(Fmid[b][~held], rFmid[~held], atol=1e-9)
        assert np.allclose(Flo[b][held], lo[b][held]) and np.allclose(Fhi[b][held], hi[b][held])
        assert np.allclose(Jlo[b], rJlo, atol=1e-9) and np.allclose(Jhi[b], rJhi, atol=1e-9)


def test_last_axis_extremes_match_numpy():
    rng = np.random.default_rng(1)
    for shape in [(5, 16), (4, 3, 2, 4), (7, 6, 64)]:
        v = rng.normal(size=shape)
        lo, hi, mean = last_axis_extremes(v, mean=True)
        assert np.array_equal(lo, v.min(-1)) and np.array_equal(hi, v.max(-1))
        assert np.allclose(mean, v.mean(-1))
    v = rng.normal(size=(3, 4))
    v[1, 2] = np.nan
    lo, hi = last_axis_extremes(v)
    assert np.isnan(lo[1]) and np.isnan(hi[1]) and np.isfinite(lo[[0, 2]]).all()


def test_safe_inverse_inverts_regular_matrices_and_flags_the_rest():
    rng = np.random.default_rng(2)
    M = rng.normal(size=(6, 4, 4))
    M[:, 0] *= 1e4  # rows of very different scale (payoff rows beside unit rows)
    M[1, 2] = 0.0  # a zero row
    M[2, 3] = M[2, 1]  # two equal rows: singular
    M[3, 0, 0] = np.nan
    Y, ok = _safe_inverse(M)
    assert ok.tolist() == [True, False, False, False, True, True]
    for b in np.flatnonzero(ok):
        assert np.allclose(Y[b] @ M[b], np.eye(4), atol=1e-9)
    assert not Y[~ok].any()
    all_ok, flags = _safe_inverse(M[ok])
    assert flags.all() and np.allclose(all_ok, Y[ok])


def _enumerate(game):
    profiles, degenerate, _ = nplayer.polynomial_support_enumeration(game)
    key = sorted(
        (tuple(round(float(x), 9) for v in p for x in v), isinstance(p[0][0], Fraction | int))
        for p in profiles
    )
    return key, degenerate


@pytest.mark.parametrize(
    "payoffs",
    [
        np.random.default_rng(21).integers(0, 100, (3, 3, 3, 3)),
        np.random.default_rng(22).integers(0, 100, (3, 3, 3, 3)),
        np.random.default_rng(23).integers(0, 3, (2, 2, 2, 3)),  # ties: a degenerate game
    ],
)
def test_integer_precheck_changes_no_answer(payoffs, monkeypatch):
    game = Game.from_tensor(payoffs)
    with_check, deg = _enumerate(game)
    monkeypatch.setattr(nplayer, "_first_indifference_holds", lambda ints, fr: True)
    without, deg_without = _enumerate(Game.from_tensor(payoffs))
    assert with_check == without and deg == deg_without
    assert any(exact for _, exact in with_check)
    mixed = [p for p, exact in with_check if max(p) < 1]
    if payoffs.shape[0] == 3:
        assert mixed  # mixed equilibria, some irrational: the check had work to do
        assert not all(exact for p, exact in with_check if p in mixed)


def test_all_matches_the_closed_form_on_2x2x2_games():
    rng = np.random.default_rng(8)
    T = rng.integers(-50, 50, (12, 2, 2, 2, 3))
    eqs, degenerate = solve_2x2x2_grid(T.astype(float))
    compared = 0
    for k in np.flatnonzero(~degenerate):
        res = sim.solve(Game.from_tensor(T[k]), "all")
        assert res.status == "complete"
        mine = sorted(round(float(e.strategies[i][0]), 7) for e in res.equilibria for i in range(3))
        theirs = sorted(round(float(p), 7) for P, _, _ in eqs[k] for p in P)
        assert mine == theirs
        compared += 1
    assert compared >= 8


def test_a_2x2x2_game_with_a_continuum_is_reported_partial_and_certified():
    # player 0 is indifferent everywhere (all its payoffs equal): any mixture of its is a best
    # response, so equilibria come in continua
    T = np.zeros((2, 2, 2, 3), dtype=int)
    T[..., 1] = [[[3, 0], [0, 1]], [[1, 0], [0, 3]]]
    T[..., 2] = [[[2, 0], [0, 1]], [[0, 1], [2, 0]]]
    game = Game.from_tensor(T)
    res = sim.solve(game, "all")
    assert res.status == "partial" and not res.complete_set
    assert res.details.get("degenerate_supports")
    assert res.equilibria
    for e in res.equilibria:
        assert max_regret(game, e.strategies, exact=e.exact) <= (0 if e.exact else 1e-9)


def test_point_values_of_the_stacked_path_equal_the_per_player_path():
    rng = np.random.default_rng(4)
    game = Game.from_tensor(rng.integers(0, 100, (3, 3, 3, 3)))
    sys = nplayer._support_systems(game, nplayer.candidate_supports(game))
    ev = Evaluator(sys)
    sid = rng.integers(0, sys.m, 20)
    x = rng.random((20, ev.D)) * 0.5
    assert ev.equal
    F, J = ev.point(sid, x)
    V = ev.values(sid, x)
    ev.equal = False  # the per-player contractions
    F2, J2 = ev.point(sid, x)
    assert np.allclose(F, F2, atol=1e-12) and np.allclose(J, J2, atol=1e-12)
    assert np.allclose(V, ev.values(sid, x), atol=1e-12) and np.allclose(V, F, atol=1e-12)
    for b in range(3):
        assert np.allclose(F[b], _point_values(sys, sid[b], x[b]), atol=1e-9)


@pytest.mark.parametrize("shape", [(2, 2, 2, 2), (2, 3, 2), (3, 2, 2, 2)])
def test_integer_precheck_is_the_indifference_of_the_first_mixer(shape):
    from sim.results import deviation_payoffs, integer_payoffs

    rng = np.random.default_rng(5)
    game = Game.from_tensor(rng.integers(0, 9, shape + (len(shape),)))
    ints = integer_payoffs(game)
    seen = {True: 0, False: 0}
    for _ in range(40):
        prof = []
        for k in shape:
            w = rng.integers(0, 3, k)
            w[rng.integers(k)] += 1
            prof.append(tuple(Fraction(int(x), int(w.sum())) for x in w))
        mixers = [i for i, p in enumerate(prof) if sum(1 for x in p if x) >= 2]
        if not mixers:
            continue
        i = mixers[0]
        a, b = [k for k, x in enumerate(prof[i]) if x][:2]
        dev = deviation_payoffs(game, prof, exact=True)[i]
        holds = nplayer._first_indifference_holds(ints, prof)
        assert holds == (dev[a] == dev[b])
        seen[holds] += 1
    assert seen[False] > 0
