"""Lemke-Howson with pending rank-one terms and integer certification; the vectorised logit QRE
tables.  Checked against QuantEcon and pygambit, brute-force contractions, finite differences
and the QRE fixed point itself."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from sim.game import Game
from sim.results import certify
from sim.solvers import lemke_howson as lh
from sim.solvers import qre, solve


def _random_bimatrix(seed: int, n: int):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 100, (n, n)), rng.integers(0, 100, (n, n))


def _path(A, B, label=0, K=None):
    st = lh._start(A.astype(float), B.astype(float))
    if K is not None:  # fold the pending terms into the tableau after every K pivots
        st.P.K = st.Q.K = K
    m, n = A.shape
    return lh.lemke_howson_path(st, m, n, label)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_lemke_howson_is_exact_certified_and_generic_certify_agrees(seed):
    A, B = _random_bimatrix(seed, 25)
    g = Game.from_bimatrix(A, B)
    res = solve(g, "lemke-howson")
    assert res.status == "complete" and len(res.equilibria) == 1
    eq = res.equilibria[0]
    assert eq.exact and all(isinstance(v, Fraction) for s in eq.strategies for v in s)
    # the registry's generic exact check, run separately, accepts the same profile with the
    # same payoffs: the solver's integer certificate says nothing the generic one would not
    again = certify(g, [list(s) for s in eq.strategies])
    assert again is not None and again.max_regret == 0
    assert again.payoffs == eq.payoffs
    assert eq.pareto_efficient == again.pareto_efficient


@pytest.mark.parametrize("seed", [4, 5])
def test_lemke_howson_matches_quantecon(seed):
    qe = pytest.importorskip("quantecon.game_theory")
    A, B = _random_bimatrix(seed, 30)
    g = Game.from_bimatrix(A, B)
    for label in (0, 7, 45):
        ours = solve(g, "lemke-howson", label=label).equilibria[0].as_floats()
        game = qe.NormalFormGame((qe.Player(A.astype(float)), qe.Player(B.T.astype(float))))
        x, y = qe.lemke_howson(game, init_pivot=label)
        assert np.max(np.abs(ours[0] - x)) < 1e-9
        assert np.max(np.abs(ours[1] - y)) < 1e-9


def test_folding_the_pending_terms_does_not_change_the_path():
    A, B = _random_bimatrix(11, 40)
    ends = []
    for K in (1, 3, None):
        st, pivots = _path(A, B, label=3, K=K)
        ends.append((sorted(st.P.basis), sorted(st.Q.basis), pivots, lh._float_profile(st, 40, 40)))
    assert pivots > 3  # the path is long enough to fold several times with K = 1 and 3
    for basis_p, basis_q, piv, (x, y) in ends[1:]:
        assert (basis_p, basis_q, piv) == ends[0][:3]
        assert np.max(np.abs(x - ends[0][3][0])) < 1e-12
        assert np.max(np.abs(y - ends[0][3][1])) < 1e-12


def test_integer_certificate_accepts_equilibria_and_rejects_the_rest():
    # prisoner's dilemma: (defect, defect) = (1, 1) is the only equilibrium
    g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    eq = lh._certified(g, [1], [1], 1, [1], [1], 1)
    assert eq is not None and eq.payoffs == (Fraction(1), Fraction(1)) and eq.max_regret == 0
    assert lh._certified(g, [0], [1], 1, [0], [1], 1) is None
    # matching pennies with payoffs 1/2: the mixed equilibrium, exactly, and a wrong mixture
    h = Game.from_bimatrix(
        [[Fraction(1, 2), 0], [0, Fraction(1, 2)]], [[0, Fraction(1, 2)], [Fraction(1, 2), 0]]
    )
    eq = lh._certified(h, [0, 1], [1, 1], 2, [0, 1], [1, 1], 2)
    assert eq is not None and eq.payoffs == (Fraction(1, 4), Fraction(1, 4))
    assert lh._certified(h, [0, 1], [1, 2], 3, [0, 1], [1, 1], 2) is None


def test_certified_profiles_are_not_trusted_for_another_game():
    A, B = _random_bimatrix(7, 8)
    g1, g2 = Game.from_bimatrix(A, B), Game.from_bimatrix(A, B.T)
    prof = lh.lemke_howson(g1)
    assert isinstance(prof, lh._Certified)
    assert lh._certify(g1, prof) is prof.equilibrium
    # for any other game the check runs again (the same profile may fail there)
    assert lh._certify(g2, prof) == certify(g2, prof)


# --------------------------------------------------------------------------- logit QRE ------


def _brute_tables(U, sigma):
    N = len(sigma)
    u, D = [], {}
    for i in range(N):
        Ti = U[..., i]
        letters = "abcdefgh"[:N]
        ops = [Ti] + [sigma[k] for k in range(N) if k != i]
        spec = letters + "," + ",".join(letters[k] for k in range(N) if k != i)
        u.append(np.einsum(spec + "->" + letters[i], *ops))
        for j in range(N):
            if j != i:
                ops = [Ti] + [sigma[k] for k in range(N) if k not in (i, j)]
                spec = letters + "," + ",".join(letters[k] for k in range(N) if k not in (i, j))
                D[(i, j)] = np.einsum(spec + "->" + letters[i] + letters[j], *ops)
    return u, D


def test_payoff_tables_equal_brute_force_contractions_even_off_the_simplex():
    rng = np.random.default_rng(3)
    U = rng.normal(size=(3, 2, 4, 3))
    tab = qre._Tables(U)
    sigma = [np.array([0.2, 0.0, 0.8]), np.array([1.3, -0.3]), rng.normal(size=4)]
    u, D = qre.payoff_tables(tab, sigma)
    bu, bD = _brute_tables(U, sigma)
    for i in range(3):
        assert np.allclose(u[i], bu[i], atol=1e-12)
        for j in range(3):
            if j != i:
                assert np.allclose(D[i, j][: U.shape[i], : U.shape[j]], bD[(i, j)], atol=1e-12)
            else:
                assert not D[i, i].any()


def test_qre_jacobian_matches_finite_differences():
    rng = np.random.default_rng(5)
    U = rng.random((2, 3, 2, 3))
    tab = qre._Tables(U)
    v = np.log(np.concatenate([rng.dirichlet(np.ones(n)) for n in (2, 3, 2)]))
    y = np.concatenate([v, [1.7]])
    H, J = qre._H_and_J(tab, v, 1.7)
    eps = 1e-6
    num = np.empty_like(J)
    for c in range(len(y)):
        d = np.zeros_like(y)
        d[c] = eps
        hp, _ = qre._H_and_J(tab, (y + d)[:-1], (y + d)[-1])
        hm, _ = qre._H_and_J(tab, (y - d)[:-1], (y - d)[-1])
        num[:, c] = (hp - hm) / (2 * eps)
    assert np.max(np.abs(J - num)) < 1e-6


def _is_logit_qre(U, lam, profile, tol=1e-7):
    sigma = [np.asarray(p) for p in profile]
    u, _ = _brute_tables(U, sigma)
    for ui, si in zip(u, sigma):
        w = np.exp(lam * (ui - ui.max()))
        if np.max(np.abs(w / w.sum() - si)) > tol:
            return False
    return True


def test_qre_branch_points_are_logit_qres_and_agree_with_pygambit():
    rng = np.random.default_rng(77)
    T = rng.integers(0, 10, (2, 2, 2, 3))
    g = Game.from_tensor(T)
    res = solve(g, "logit-qre")
    assert res.status == "complete"
    branch = res.details["qre_branch"]
    lams, profs = branch["lambda"], branch["profiles"]
    picks = [k for k in range(1, len(lams)) if 0.05 < lams[k] < 5][::7][:4]
    assert picks
    for k in picks:  # known answer: each point is a fixed point of the logit response
        assert _is_logit_qre(g.payoffs, lams[k], profs[k])
    gbt = pytest.importorskip("pygambit")
    G = gbt.Game.from_arrays(*[T[..., i].astype(float) for i in range(3)])
    theirs = gbt.qre.logit_solve_lambda(G, lam=[lams[k] for k in picks])
    for k, q in zip(picks, theirs):
        flat = np.concatenate(profs[k])
        other = np.array([float(q.profile[s]) for p in G.players for s in p.strategies])
        assert np.max(np.abs(flat - other)) < 1e-6
    end = gbt.nash.logit_solve(G).equilibria[0]
    other = np.array([float(end[s]) for p in G.players for s in p.strategies])
    assert np.max(np.abs(np.concatenate(res.equilibria[0].as_floats()) - other)) < 1e-5


def test_qre_tables_summed_per_pair_equal_the_batched_contraction():
    """Unequal strategy sets (a reduced tree form, 3 x 8 x 64) take the per-pair sums instead
    of the padded one-hot product; both give the same tables."""
    from sim.solvers import qre

    rng = np.random.default_rng(11)
    for shape in [(3, 8, 64), (2, 2, 2, 2, 2, 2), (3, 4, 5)]:
        tab = qre._Tables(rng.random(shape + (len(shape),)))
        sig = np.zeros((tab.N, tab.nmax))
        for k, n in enumerate(shape):
            sig[k, :n] = rng.dirichlet(np.ones(n))
        u1, d1 = qre._padded(tab, sig)
        tab.batched = not tab.batched
        u2, d2 = qre._padded(tab, sig)
        np.testing.assert_allclose(u1, u2, atol=1e-12)
        np.testing.assert_allclose(d1, d2, atol=1e-12)
    assert not qre._Tables(np.zeros((3, 8, 64, 3))).batched
    assert qre._Tables(np.zeros((2,) * 6 + (6,))).batched
