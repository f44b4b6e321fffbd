"""Batched equilibrium solvers: many small games at once, as plain functions of payoff tensors.

Every function takes ``T`` of shape ``(K, n_1, ..., n_N, N)`` — ``K`` games stacked along the first
axis, in the tensor convention of :mod:`sim.game` — and answers all ``K`` with a few numpy passes.
They know nothing of scenarios or sweeps, so a parameter sweep, a robustness analysis or a test
can call them alike.

* :func:`pure_equilibrium_mask` — the pure Nash equilibria of every game (the certify test);
* :func:`solve_2x2_grid` — 2x2 games in closed form where no payoff difference ties;
* :func:`support_enumeration_grid` — 2-player games with up to
  :data:`MAX_VECTORISED_STRATEGIES` strategies each, batched support enumeration;
* :func:`solve_2x2x2_grid` — three players with two strategies each, in closed form.

Each says which games it could not answer safely (ties, degenerate games); solve those one at a
time with :func:`sim.solvers.solve`.  :func:`batched_path` names the function that fits a shape.
"""

from __future__ import annotations

import numpy as np

from ..results import DEFAULT_TOL

__all__ = [
    "MAX_VECTORISED_STRATEGIES",
    "batched_path",
    "payoff_scale",
    "pure_equilibrium_mask",
    "pure_regret",
    "solve_2x2_grid",
    "solve_2x2x2_grid",
    "support_enumeration_grid",
]


def batched_path(shape: tuple[int, ...], method: str = "auto") -> str | None:
    """The batched solver that answers games of ``shape`` for ``method``, or ``None``.

    ``"2x2"``, ``"2x2x2"`` or ``"support-enumeration"``; only methods that promise every
    equilibrium (``auto``, ``all``, ``enumerate``) have a batched equivalent.
    """
    if method not in ("auto", "all", "enumerate"):
        return None
    shape = tuple(shape)
    if shape == (2, 2):
        return "2x2"
    if shape == (2, 2, 2):
        return "2x2x2"
    if len(shape) == 2 and max(shape) <= MAX_VECTORISED_STRATEGIES:
        return "support-enumeration"
    return None


def payoff_scale(T: np.ndarray) -> np.ndarray:
    """Per-point payoff scale ``max(1, max |payoff|)`` (as in :func:`sim.results.certify`)."""
    K = T.shape[0]
    return np.maximum(1.0, np.abs(T.reshape(K, -1)).max(axis=1))


def pure_equilibrium_mask(T: np.ndarray, tol: float = DEFAULT_TOL) -> np.ndarray:
    """Boolean ``(K, n_1, ..., n_N)``: pure Nash equilibria of ``K`` games at once.

    ``T`` has shape ``(K, n_1, ..., n_N, N)``.  A profile qualifies when no player gains more
    than ``tol`` times the point's payoff scale by a unilateral switch (the certify test).
    """
    K = T.shape[0]
    N = T.shape[-1]
    slack = (tol * payoff_scale(T)).reshape((K,) + (1,) * N)
    ok = np.ones(T.shape[:-1], dtype=bool)
    for i in range(N):
        Ti = T[..., i]
        ok &= Ti >= Ti.max(axis=1 + i, keepdims=True) - slack
    return ok


def pure_regret(T: np.ndarray) -> np.ndarray:
    """Max regret of every pure profile, shape ``(K, n_1, ..., n_N)``."""
    N = T.shape[-1]
    reg = np.zeros(T.shape[:-1])
    for i in range(N):
        Ti = T[..., i]
        reg = np.maximum(reg, Ti.max(axis=1 + i, keepdims=True) - Ti)
    return reg


def solve_2x2_grid(T: np.ndarray, tol: float = DEFAULT_TOL):
    """Closed-form equilibria of ``K`` 2x2 games.  Returns ``(generic, pure_mask, mixed_ok, x, y,
    mixed_payoffs, mixed_regret)``; only the ``generic`` points are answered."""
    scale = payoff_scale(T)
    slack = tol * scale
    A, B = T[..., 0], T[..., 1]
    dA = A[:, 0, :] - A[:, 1, :]  # row 0 minus row 1, against each column: (K, 2)
    dB = B[:, :, 0] - B[:, :, 1]  # column 0 minus column 1, against each row:  (K, 2)
    generic = (np.abs(dA) > slack[:, None]).all(axis=1) & (np.abs(dB) > slack[:, None]).all(axis=1)
    pure = pure_equilibrium_mask(T, tol)
    cross = (np.sign(dA[:, 0]) != np.sign(dA[:, 1])) & (np.sign(dB[:, 0]) != np.sign(dB[:, 1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.where(cross, dA[:, 1] / (dA[:, 1] - dA[:, 0]), 0.5)  # P(column 0)
        x = np.where(cross, dB[:, 1] / (dB[:, 1] - dB[:, 0]), 0.5)  # P(row 0)
    X = np.stack([x, 1 - x], axis=1)
    Y = np.stack([y, 1 - y], axis=1)
    rowpay = np.einsum("kij,kj->ki", A, Y)  # each row's payoff against y
    colpay = np.einsum("kij,ki->kj", B, X)
    u_row = (X * rowpay).sum(axis=1)
    u_col = (Y * colpay).sum(axis=1)
    regret = np.maximum(rowpay.max(axis=1) - u_row, colpay.max(axis=1) - u_col)
    mixed_ok = generic & cross & (regret <= slack)
    return generic, pure, mixed_ok, x, y, np.stack([u_row, u_col], axis=1), np.maximum(regret, 0)


MAX_VECTORISED_STRATEGIES = 6


def batched_indifference(M: np.ndarray, margin: np.ndarray, hadamard_min: float = 1e-7):
    """Solve ``M z = w 1, sum z = 1`` for each of ``K`` square matrices ``M`` (K, k, k).

    Returns ``(z (K, k), w (K,), unique (K,), continuum (K,))``: ``unique`` where the system
    is well-conditioned (``z`` is its solution), ``continuum`` where it is singular but
    consistent (a whole line of solutions, within ``margin``); elsewhere there is no solution.
    Conditioning is judged by the Hadamard ratio ``|det S| / prod(row norms)`` (1 for orthogonal
    rows, 0 for singular ones).
    """
    K, k, _ = M.shape
    S = np.zeros((K, k + 1, k + 1))
    S[:, :k, :k] = M
    S[:, :k, k] = -1.0
    S[:, k, :k] = 1.0
    ratio = np.abs(np.linalg.det(S)) / np.linalg.norm(S, axis=2).prod(axis=1)
    unique = ratio > hadamard_min
    rhs = np.zeros((K, k + 1, 1))
    rhs[:, k, 0] = 1.0
    safe = S.copy()
    safe[~unique] = np.eye(k + 1)
    sol = np.linalg.solve(safe, rhs)[..., 0]
    continuum = np.zeros(K, dtype=bool)
    bad = np.flatnonzero(~unique)
    if bad.size:
        # least-squares solutions of the singular systems (Tikhonov-regularised normal
        # equations: as cheap as a solve, unlike a batched SVD), and whether they solve them
        Sb = S[bad]
        St = np.swapaxes(Sb, 1, 2)
        eps = 1e-12 * (Sb**2).sum(axis=(1, 2))
        N = St @ Sb + eps[:, None, None] * np.eye(k + 1)
        z = np.linalg.solve(N, St[:, :, k : k + 1])[..., 0]
        resid = np.abs(np.einsum("kij,kj->ki", Sb, z) - np.eye(k + 1)[k]).max(axis=1)
        continuum[bad] = resid <= margin[bad]
        sol[bad] = z
    return sol[:, :k], sol[:, k], unique, continuum


def support_enumeration_grid(T: np.ndarray, tol: float = DEFAULT_TOL):
    """Every equilibrium of ``K`` small bimatrix games at once, where that is safe.

    ``T``: ``(K, m, n, 2)``.  Returns ``(equilibria, degenerate)``: ``equilibria[k]`` is a list of
    ``(x, y, payoffs, regret)`` for game ``k``; ``degenerate[k]`` says the game may be degenerate,
    so its list is not to be trusted (solve it exactly instead).

    Method: in a non-degenerate game every equilibrium has supports of equal size ``k`` on which
    the opponent is indifferent, so solving the indifference systems of every pair of supports
    ``(I, J)`` with ``|I| = |J|`` and keeping the feasible, certified solutions finds them all
    (support enumeration; von Stengel, *Handbook of Game Theory* vol. 3, ch. 45, 2002, Thm 2.10
    and §3.2).  All ``K`` games are solved together, one batched linear solve per support pair.
    A game is non-degenerate when no mixed strategy with ``k`` strategies in its support has
    more than ``k`` pure best responses; the test looks for such a strategy with every support
    ``I`` and ``k + 1`` best responses ``J`` (one batched solve per pair), within a margin well
    above the certification tolerance.  A game that fails, or whose systems are ill-conditioned,
    is flagged as degenerate.
    """
    from itertools import combinations

    K, m, n, _ = T.shape
    A = T[..., 0]
    B = T[..., 1]
    scale = payoff_scale(T)
    slack = tol * scale
    margin = max(10 * tol, 1e-8) * scale  # (K,); well above float error at Hadamard ratio > 1e-7
    margin_col = margin[:, None]
    degenerate = np.zeros(K, dtype=bool)
    eqs: list[list] = [[] for _ in range(K)]
    Bt = np.swapaxes(B, 1, 2)  # (K, n, m): column player's payoffs, its strategies first

    # degeneracy: a mix on rows I making k+1 columns J best responses (and the same for columns)
    for P, Q, p_n, q_n in ((Bt, Bt, m, n), (A, A, n, m)):
        # P[:, j, i] = payoff to the responding side's strategy j against the mixer's i
        for k in range(1, min(p_n, q_n - 1) + 1):
            for I_ in combinations(range(p_n), k):
                for J in combinations(range(q_n), k + 1):
                    M = P[:, list(J[:k])][:, :, list(I_)]  # (K, k, k)
                    z, w, unique, continuum = batched_indifference(M, margin)
                    extra = P[:, J[k]][:, list(I_)]  # (K, k)
                    resid = np.abs(np.einsum("ki,ki->k", extra, z) - w)
                    best = np.einsum("kji,ki->kj", Q[:, :, list(I_)], z).max(axis=1)
                    hit = (
                        unique
                        & (resid <= margin)
                        & (z >= -margin_col).all(axis=1)
                        & (w >= best - margin)
                    )
                    degenerate |= continuum | hit
    # equal-size supports
    for k in range(1, min(m, n) + 1):
        for I_ in combinations(range(m), k):
            for J in combinations(range(n), k):
                y, v, uniq_y, cont_y = batched_indifference(A[:, list(I_)][:, :, list(J)], margin)
                x, u, uniq_x, cont_x = batched_indifference(Bt[:, list(J)][:, :, list(I_)], margin)
                # a line of indifferent mixtures: equilibria there would form a continuum
                degenerate |= cont_y | cont_x
                ok = (
                    uniq_y
                    & uniq_x
                    & (y >= -slack[:, None]).all(axis=1)
                    & (x >= -slack[:, None]).all(axis=1)
                )
                if not ok.any():
                    continue
                X = np.zeros((K, m))
                Y = np.zeros((K, n))
                X[:, list(I_)] = np.clip(x, 0.0, None)
                Y[:, list(J)] = np.clip(y, 0.0, None)
                X /= np.where(X.sum(axis=1, keepdims=True) > 0, X.sum(axis=1, keepdims=True), 1)
                Y /= np.where(Y.sum(axis=1, keepdims=True) > 0, Y.sum(axis=1, keepdims=True), 1)
                rowpay = np.einsum("kij,kj->ki", A, Y)
                colpay = np.einsum("kij,ki->kj", B, X)
                u_row = (X * rowpay).sum(axis=1)
                u_col = (Y * colpay).sum(axis=1)
                regret = np.maximum(rowpay.max(axis=1) - u_row, colpay.max(axis=1) - u_col)
                good = ok & (regret <= slack)
                # a certified profile with a (near-)zero probability inside its support belongs
                # to a smaller support: only possible in a degenerate game
                thin = (
                    good & ((x <= margin_col).any(axis=1) | (y <= margin_col).any(axis=1)) & (k > 1)
                )
                degenerate |= thin
                for kk in np.flatnonzero(good & ~thin):
                    eqs[kk].append(
                        (
                            X[kk].copy(),
                            Y[kk].copy(),
                            (u_row[kk], u_col[kk]),
                            max(float(regret[kk]), 0.0),
                        )
                    )
    return eqs, degenerate


def _coefficients_2x2x2(T: np.ndarray):
    """For each player ``i`` of ``K`` 2x2x2 games, ``D_i = a + b p_j + c p_k + d p_j p_k``: the
    payoff advantage of its first strategy over its second when the others ``j < k`` play their
    first strategies with probabilities ``p_j``, ``p_k``.  Returns ``[(j, k, a, b, c, d)]``."""
    E = [
        T[:, 0, :, :, 0] - T[:, 1, :, :, 0],  # player 0: axes (s1, s2)
        T[:, :, 0, :, 1] - T[:, :, 1, :, 1],  # player 1: axes (s0, s2)
        T[:, :, :, 0, 2] - T[:, :, :, 1, 2],
    ]  # player 2: axes (s0, s1)
    others = [(1, 2), (0, 2), (0, 1)]
    out = []
    for i in range(3):
        e = E[i]
        e00, e01, e10, e11 = e[:, 0, 0], e[:, 0, 1], e[:, 1, 0], e[:, 1, 1]
        j, k = others[i]
        out.append((j, k, e11, e01 - e11, e10 - e11, e00 - e01 - e10 + e11))
    return out, E


def _regret_2x2x2(T: np.ndarray, P: np.ndarray):
    """Max regret and expected payoffs of mixed profiles ``P`` (K, 3) (first-strategy
    probabilities) in ``K`` 2x2x2 games."""
    X = [np.stack([P[:, i], 1 - P[:, i]], axis=1) for i in range(3)]
    u0 = np.einsum("kabc,kb,kc->ka", T[..., 0], X[1], X[2])
    u1 = np.einsum("kabc,ka,kc->kb", T[..., 1], X[0], X[2])
    u2 = np.einsum("kabc,ka,kb->kc", T[..., 2], X[0], X[1])
    pays, regs = [], []
    for x, u in zip(X, (u0, u1, u2)):
        v = (x * u).sum(axis=1)
        pays.append(v)
        regs.append(u.max(axis=1) - v)
    return np.max(regs, axis=0), np.stack(pays, axis=1)


def solve_2x2x2_grid(T: np.ndarray, tol: float = DEFAULT_TOL):
    """Every equilibrium of ``K`` three-player games with two strategies each, where that is safe.

    ``T``: ``(K, 2, 2, 2, 3)``.  Returns ``(equilibria, degenerate)`` like
    :func:`support_enumeration_grid`; each equilibrium is ``(P, payoffs, regret)`` with ``P``
    the three first-strategy probabilities.

    With every player's payoff difference ``D_i`` non-zero at each pure profile of the others
    (no ties: checked), nobody mixes alone, so the equilibria are: pure profiles of best
    responses; two players mixing while the third plays a pure strategy (each mixer's ``D`` is
    linear in the other mixer's probability: one solution); all three mixing (eliminating two
    probabilities leaves a quadratic in the third: at most two solutions, as McKelvey and
    McLennan 1997 note for 2x2x2 games).  Every candidate is certified by its regret.  A game
    with a tie, a zero or repeated root, a vanishing denominator or a solution on the boundary of
    the square is flagged as degenerate (solve it exactly instead).
    """
    K = T.shape[0]
    scale = payoff_scale(T)
    slack = tol * scale
    margin = max(10 * tol, 1e-8) * scale
    coef, E = _coefficients_2x2x2(T)
    degenerate = np.zeros(K, dtype=bool)
    for e in E:
        degenerate |= (np.abs(e) <= margin[:, None, None]).any(axis=(1, 2))
    eqs: list[list] = [[] for _ in range(K)]

    def accept(P, ok):
        reg, pay = _regret_2x2x2(T, P)
        good = ok & (reg <= slack)
        for kk in np.flatnonzero(good):
            eqs[kk].append((P[kk].copy(), pay[kk].copy(), max(float(reg[kk]), 0.0)))

    # pure
    pure = pure_equilibrium_mask(T, tol)
    for s0 in range(2):
        for s1 in range(2):
            for s2 in range(2):
                P = np.tile([1.0 - s0, 1.0 - s1, 1.0 - s2], (K, 1))
                accept(P, pure[:, s0, s1, s2])

    def D(i, P):
        j, k, a, b, c, d = coef[i]
        return a + b * P[:, j] + c * P[:, k] + d * P[:, j] * P[:, k]

    margin_u = 1e-7
    inside = lambda v: (v > margin_u) & (v < 1 - margin_u)  # noqa: E731
    edge = lambda v: (np.abs(v) <= margin_u) | (np.abs(1 - v) <= margin_u)  # noqa: E731
    # two players mixing, the third pure
    for m in range(3):  # the pure player
        i, j = [q for q in range(3) if q != m]
        for sm in (1.0, 0.0):  # its first-strategy probability
            # D_i as a function of p_j with p_m fixed: alpha_i + beta_i p_j, and likewise D_j
            sols = []
            for me, other in ((i, j), (j, i)):
                jj, kk, a, b, c, d = coef[me]
                if jj == other:  # D = a + b p_other + c p_m + d p_other p_m
                    alpha, beta = a + c * sm, b + d * sm
                else:
                    alpha, beta = a + b * sm, c + d * sm
                flat = np.abs(beta) <= margin
                degenerate |= flat & (np.abs(alpha) <= margin)
                with np.errstate(divide="ignore", invalid="ignore"):
                    sols.append((np.where(flat, np.nan, -alpha / np.where(flat, 1, beta)), other))
            P = np.empty((K, 3))
            P[:, m] = sm
            for val, who in sols:
                P[:, who] = val
            ok = np.isfinite(P).all(axis=1) & inside(P[:, i]) & inside(P[:, j])
            degenerate |= (
                np.isfinite(P).all(axis=1)
                & (edge(P[:, i]) | edge(P[:, j]))
                & (inside(P[:, i]) | inside(P[:, j]) | (edge(P[:, i]) & edge(P[:, j])))
            )
            Pc = np.where(np.isfinite(P), P, 0.5)
            dm = D(m, Pc)
            degenerate |= ok & (np.abs(dm) <= margin)
            accept(Pc, ok)
    # all three mixing: p0 = N0/M0 and p1 = N1/M1 as functions of t = p2, into D_2 = 0
    _, _, a0, b0, c0, d0 = coef[0]  # D_0(p1, p2)
    _, _, a1, b1, c1, d1 = coef[1]  # D_1(p0, p2)
    _, _, a2, b2, c2, d2 = coef[2]  # D_2(p0, p1)
    N0, M0 = (-a1, -c1), (b1, d1)  # p0 = (-a1 - c1 t) / (b1 + d1 t)
    N1, M1 = (-a0, -c0), (b0, d0)  # p1 = (-a0 - c0 t) / (b0 + d0 t)

    def mul(f, g):
        return (f[0] * g[0], f[0] * g[1] + f[1] * g[0], f[1] * g[1])

    terms = [(a2, mul(M0, M1)), (b2, mul(N0, M1)), (c2, mul(N1, M0)), (d2, mul(N0, N1))]
    q = [sum(w * t[n] for w, t in terms) for n in range(3)]  # q0 + q1 t + q2 t^2
    qs = np.maximum.reduce([np.abs(x) for x in q]) + 0.0
    tiny = 1e-9 * np.maximum(qs, 1e-300)
    identically = qs <= margin * np.maximum(1.0, scale)  # a continuum of solutions
    degenerate |= identically
    quad = np.abs(q[2]) > tiny
    with np.errstate(divide="ignore", invalid="ignore"):
        disc = q[1] ** 2 - 4 * q[2] * q[0]
        degenerate |= quad & (np.abs(disc) <= 1e-9 * np.maximum(q[1] ** 2, 1e-300))
        sq = np.sqrt(np.where(disc > 0, disc, 0.0))
        r1 = np.where(
            quad, (-q[1] + sq) / (2 * q[2]), np.where(np.abs(q[1]) > tiny, -q[0] / q[1], np.nan)
        )
        r2 = np.where(quad, (-q[1] - sq) / (2 * q[2]), np.nan)
        real = ~quad | (disc > 0)
        for r in (r1, r2):
            t = np.where(real, r, np.nan)
            m0 = M0[0] + M0[1] * t
            m1 = M1[0] + M1[1] * t
            p0 = (N0[0] + N0[1] * t) / m0
            p1 = (N1[0] + N1[1] * t) / m1
            P = np.stack([p0, p1, t], axis=1)
            fin = np.isfinite(P).all(axis=1)
            # a vanishing denominator: one player indifferent whatever another does at this t
            small_den = np.isfinite(t) & ((np.abs(m0) <= margin) | (np.abs(m1) <= margin))
            degenerate |= small_den & (t > -margin_u) & (t < 1 + margin_u)
            ok = fin & ~small_den & inside(p0) & inside(p1) & inside(t)
            degenerate |= (
                fin
                & ~small_den
                & (edge(p0) | edge(p1) | edge(t))
                & (
                    (p0 > -margin_u)
                    & (p0 < 1 + margin_u)
                    & (p1 > -margin_u)
                    & (p1 < 1 + margin_u)
                    & (t > -margin_u)
                    & (t < 1 + margin_u)
                )
            )
            accept(np.where(np.isfinite(P), P, 0.5), ok)
    return eqs, degenerate
