"""The Game value and the certify gate."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sim
from sim.game import Game
from sim.results import certify, expected_payoffs, max_regret
from sim.solvers import SolverOutput
from sim.solvers.registry import finalize

PD = Game.from_bimatrix(
    [[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("A", "B"), strategies=(("C", "D"), ("C", "D"))
)


def test_game_is_immutable_and_shaped():
    assert PD.payoffs.shape == (2, 2, 2)
    with pytest.raises(ValueError):
        PD.payoffs[0, 0, 0] = 9
    with pytest.raises(ValueError):
        PD.exact[0, 0, 0] = 9
    with pytest.raises(ValueError, match="shape"):
        Game(players=("A", "B"), strategies=(("x",), ("y", "z")), payoffs=np.zeros((1, 3, 2)))
    with pytest.raises(ValueError, match="duplicate strategy"):
        Game(players=("A",), strategies=(("x", "x"),), payoffs=np.zeros((2, 1)))


def test_labels_and_restrict():
    assert PD.profile_label((0, 1)) == "C, D"
    sub = PD.restrict([[1], [0, 1]])
    assert sub.strategies == (("D",), ("C", "D"))
    assert sub.exact[0, 0].tolist() == [5, 0]
    with pytest.raises(KeyError, match="strategies are C, D"):
        PD.strategy_index("A", "X")


def test_float_payoffs_are_read_as_their_shortest_decimal():
    g = Game.from_bimatrix([[0.1, 0], [0, 1]], [[1, 0], [0, 1]])
    assert g.exact[0, 0, 0] == F(1, 10)
    with pytest.raises(ValueError, match="finite"):
        Game.from_bimatrix([[np.inf, 0], [0, 1]], [[1, 0], [0, 1]])


def test_certify_exact_and_float():
    eq = certify(PD, ((0, 1), (0, 1)))
    assert eq is not None and eq.exact and eq.max_regret == 0
    assert eq.payoffs == (1, 1)
    assert certify(PD, ((1, 0), (1, 0))) is None  # mutual cooperation is not an equilibrium
    feq = certify(PD, ([0.0, 1.0], [1e-12, 1 - 1e-12]))
    assert feq is not None and not feq.exact
    assert certify(PD, ([0.5, 0.6], [0, 1])) is None  # off the simplex


def test_expected_payoffs_and_regret_exact():
    mp = Game.from_bimatrix([[1, -1], [-1, 1]])
    half = (F(1, 2), F(1, 2))
    assert expected_payoffs(mp, (half, half), exact=True) == (0, 0)
    assert max_regret(mp, (half, half), exact=True) == 0
    assert max_regret(mp, ((1, 0), half), exact=True) == 1  # column player switches
    assert max_regret(mp, ((1, 0), (1, 0)), exact=True) == 2


def test_finalize_drops_uncertified_candidates_and_says_so():
    out = SolverOutput(
        candidates=[((1, 0), (1, 0)), ((0, 1), (0, 1)), ((0, 1), (0, 1))], complete=True
    )
    res = finalize(PD, "test", out, tol=1e-9, options={})
    assert len(res.equilibria) == 1  # duplicate removed, non-equilibrium dropped
    assert res.rejected == 1 and res.status == "partial"
    assert "failed certification" in res.message


def test_timeout_is_reported_not_raised():
    from sim.solvers.registry import SOLVERS, register

    if "test-slow" not in SOLVERS:

        @register("test-slow", players="N", finds="all", exact=False, summary="test only")
        def slow(game, *, tol, deadline):
            while True:
                deadline.check()

    try:
        res = sim.solve(PD, "test-slow", time_limit=0.01)
        assert res.status == "failed" and "time limit" in res.message
        assert res.equilibria == ()
    finally:
        SOLVERS.pop("test-slow", None)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 3),
    st.integers(1, 4),
    st.integers(1, 4),
    st.integers(0, 10**6),
    st.sampled_from([1, 10**20]),
)
def test_exact_deviation_payoffs_equal_fraction_arithmetic(n3, n1, n2, seed, scale):
    """The integer path of exact contraction (common denominators, int64 when it cannot
    overflow, Python ints when it could: ``scale`` = 10**20 forces that) gives exactly what
    Fraction arithmetic gives, for 2 and 3 players."""
    from sim.results import deviation_payoffs

    rng = np.random.default_rng(seed)
    shape = (n1, n2, n3) if n3 > 1 else (n1, n2)
    N = len(shape)
    nums = rng.integers(-50, 50, size=shape + (N,))
    dens = rng.integers(1, 7, size=shape + (N,))
    exact = np.empty(shape + (N,), dtype=object)
    for idx in np.ndindex(exact.shape):
        exact[idx] = F(int(nums[idx]) * scale, int(dens[idx]))
    g = Game.from_tensor(exact)
    profile = []
    for n in shape:
        w = [F(int(x), 1) for x in rng.integers(0, 5, size=n)]
        if sum(w) == 0:
            w[0] = F(1)
        total = sum(w)
        profile.append([x / total for x in w])
    got = deviation_payoffs(g, profile, exact=True)
    for i in range(N):
        want = np.zeros(shape[i], dtype=object)
        for idx in np.ndindex(shape):
            weight = F(1)
            for j in range(N):
                if j != i:
                    weight *= profile[j][idx[j]]
            want[idx[i]] += exact[idx + (i,)] * weight
        assert list(got[i]) == list(want)
        assert all(isinstance(v, F) for v in got[i])


def test_pareto_tolerance_scales_with_the_payoffs_like_certify():
    """Payoffs of size 1e12 carry float rounding of about 1e-4: an outcome equal to the
    equilibrium's payoffs up to that rounding does not dominate it (certify's scaling), while a
    real gain does."""
    from sim.results import pareto_efficient

    g = Game.from_bimatrix([[1e12, 0], [0, 1]], [[1e12, 0], [0, 1]])
    ulp = 2.0**-12  # two units in the last place of 1e12
    assert pareto_efficient(g, [1e12 - ulp, 1e12])
    assert not pareto_efficient(g, [1e12 - 1e6, 1e12])
    small = Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    assert not pareto_efficient(small, [1 - 1e-6, 1])  # unit-size games keep the absolute test


def _integer_read_from_fractions(game: Game):
    """The integer payoffs read back from the Fractions, as a game without a remembered source."""
    from sim.game import INTEGER_SOURCE
    from sim.results import _INTEGER_PAYOFFS, integer_payoffs

    source = INTEGER_SOURCE.pop(game, None)
    _INTEGER_PAYOFFS.pop(game, None)
    try:
        return integer_payoffs(game)
    finally:
        _INTEGER_PAYOFFS.pop(game, None)
        if source is not None:
            INTEGER_SOURCE[game] = source


@pytest.mark.parametrize(
    "A, B",
    [
        (np.arange(6).reshape(2, 3) - 3, None),
        (np.array([[1, 2], [3, 4]], dtype=np.uint8), None),  # -A must not wrap around
        (np.array([[2**60 + 1, 2], [3, 4]]), [[0.5, 1.0], [1.0, 1.0]]),  # no float rounding
        ([[1, F(1, 2)], [0.25, 2]], [[True, False], [3, 4]]),
        ([[2**70, 2], [3, 4]], None),
    ],
)
def test_numeric_arrays_give_the_same_exact_game_as_object_arrays(A, B):
    fast = Game.from_bimatrix(A, B)
    obj_B = None if B is None else np.asarray(B, dtype=object)
    slow = Game.from_bimatrix(np.asarray(A, dtype=object), obj_B)
    assert fast.exact.shape == slow.exact.shape
    assert all(type(q) is F for q in fast.exact.flat)
    assert fast.exact.tolist() == slow.exact.tolist()
    assert np.array_equal(fast.payoffs, slow.payoffs)


def test_a_game_built_from_integers_remembers_them_exactly():
    from sim.game import INTEGER_SOURCE
    from sim.results import integer_payoffs

    rng = np.random.default_rng(3)
    A, B = rng.integers(-50, 50, (5, 4)), rng.integers(-50, 50, (5, 4))
    g = Game.from_bimatrix(A, B)
    assert g in INTEGER_SOURCE
    D, T = integer_payoffs(g)
    assert D == 1 and np.array_equal(T[..., 0], A) and np.array_equal(T[..., 1], B)
    D2, T2 = _integer_read_from_fractions(g)
    assert D2 == 1 and np.array_equal(T, T2)
    t = Game.from_tensor(rng.integers(0, 9, (2, 3, 2, 3)))
    assert np.array_equal(integer_payoffs(t)[1], _integer_read_from_fractions(t)[1])
    # fractions and floats are read from the exact tensor, with their common denominator
    h = Game.from_bimatrix([[F(1, 3), 0.5], [1, 2]])
    assert h not in INTEGER_SOURCE
    D, T = integer_payoffs(h)
    assert D == 6 and T[..., 0].tolist() == [[2, 3], [6, 12]]
    assert integer_payoffs(Game.from_tensor(rng.random((3, 3, 2)))) is None
    assert integer_payoffs(Game.from_bimatrix([[2**41, 1], [1, 1]])) is None


def test_certificates_with_large_denominators_are_exact_in_python_integers():
    from sim.results import _integer_deviations, integer_certificate
    from sim.solvers.zero_sum import minimax

    A = np.random.default_rng(11).integers(-9, 10, (30, 30))
    g = Game.from_bimatrix(A, -A)
    value, x, y = minimax(g)
    assert max(q.denominator for q in x) > 2**20  # past the int64 bound with 2^40 payoffs
    devs = _integer_deviations(g, (x, y))
    assert devs is not None and devs[0][0].dtype == object
    ok, pays = integer_certificate(g, (x, y))
    assert ok and pays == (value, -value)
    # the same numbers as Fraction arithmetic
    fr = [sum((A[i, j] * x[i] * y[j] for i in range(30) for j in range(30)), F(0))]
    assert fr[0] == value
    eq = certify(g, (x, y))
    assert eq is not None and eq.exact and eq.payoffs == (value, -value)
    # moving weight off the support breaks the certificate
    k = next(i for i, q in enumerate(x) if q == 0)
    j = next(i for i, q in enumerate(x) if q > 0)
    bad = list(x)
    bad[k], bad[j] = x[j], F(0)
    assert certify(g, (tuple(bad), y)) is None
