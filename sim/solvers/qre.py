"""The logit quantal response equilibrium branch, traced from lambda = 0 to a Nash equilibrium.

A logit QRE with precision ``lambda`` is a profile in which every player mixes with
``sigma_i(a) proportional to exp(lambda * u_i(a, sigma_-i))``.  At ``lambda = 0`` the unique QRE is
the uniform profile; for generic games the *principal branch* of QREs that starts there is a
smooth curve whose limit as ``lambda -> infinity`` is a Nash equilibrium (McKelvey & Palfrey 1995;
Turocy 2005, "A dynamic homotopy interpretation of the logistic quantal response equilibrium
correspondence").

:func:`logit_qre` follows that curve with a predictor-corrector method on the equations
(in log-probabilities ``v``)::

    v_i(a) - v_i(0) - lambda * (u_i(a) - u_i(0)) = 0     for every player i and strategy a > 0
    sum_a exp(v_i(a)) - 1 = 0                             for every player i

parametrised by arc length (an Euler predictor along the tangent, Newton correctors with the
Moore-Penrose pseudo-inverse, adaptive step size), so the branch may bend back in ``lambda``.
Payoffs are first scaled to ``[0, 1]``; the branch's ``lambda`` values are reported in the game's
own payoff units.  At increasing ``lambda`` the current point is *refined*: the strategies that
keep non-negligible probability are taken as the support, Newton's method solves that support's
indifference equations, and the result is kept only if it is an equilibrium (probabilities
non-negative, no better reply outside the support).  Rational limits are returned as exact
Fractions.  If no refined point passes, the solver returns no equilibrium and says so.
"""

from __future__ import annotations

import functools

import numpy as np

from ..game import Game
from ..results import max_regret
from .registry import SolverOutput, register

__all__ = ["logit_qre", "payoff_tables", "refine_on_support"]


class _Tables:
    """Index tables of a game's shape, built once per solve, for :func:`payoff_tables`.

    Strategies are padded to ``nmax`` per player; ``T`` is the payoff tensor flattened to
    ``(profiles, players)``, ``prof[p, k]`` player k's strategy in profile p, ``E[k, p, a]``
    one-hot of it, and ``out2[i, j, k]`` marks ``k in (i, j)``.
    """

    def __init__(self, U: np.ndarray):
        shape = U.shape[:-1]
        N = len(shape)
        self.N, self.shape, self.nmax = N, shape, max(shape)
        self.T = U.reshape(-1, N)
        prof = np.indices(shape).reshape(N, -1).T  # (P, N)
        self.prof = prof
        # the batched one-hot contraction of :func:`_padded` pays P * nmax^2 per pair of players;
        # cheap for many small strategy sets, not for a reduced tree form like 3 x 8 x 64
        self.batched = prof.shape[0] * self.nmax**2 <= 65536
        r = np.arange(N)
        self.out2 = (r[None, None, :] == r[:, None, None]) | (r[None, None, :] == r[None, :, None])
        self.cols = np.arange(N)[:, None], prof.T  # fancy index of sigma_k(p_k): (N, P)
        # the QRE system's unknowns: one per (player, strategy), players in order
        off = _offsets(shape)
        self.off, self.M = off, int(off[-1])
        self.pl = np.repeat(np.arange(N), shape)  # player of each unknown
        self.st = np.arange(self.M) - off[self.pl]  # its strategy
        other = self.st > 0
        self.ro = np.flatnonzero(other)  # rows of the equations v_i(a) - v_i(0) - lam ...
        self.io, self.ao = self.pl[other], self.st[other]

    @functools.cached_property
    def E(self) -> np.ndarray:
        """``E[k, p, a]``: one-hot of player k's strategy in profile p (built on first use:
        only the batched contraction reads it, and it is ``N * P * nmax`` floats)."""
        P = self.prof.shape[0]
        E = np.zeros((self.N, P, self.nmax))
        for k in range(self.N):
            E[k, np.arange(P), self.prof[:, k]] = 1.0
        return E


def _padded(tab: _Tables, Sig: np.ndarray):
    """``(u, D)`` for the padded profile ``Sig`` (N, nmax); see :func:`payoff_tables`."""
    N = tab.N
    s = Sig[tab.cols].T  # (P, N): sigma_k(p_k)
    Q = np.where(tab.out2[None], 1.0, s[:, None, None, :]).prod(axis=-1)  # (P, N, N)
    X = tab.T.T[:, None, :] * Q.transpose(1, 2, 0)  # (N, N, P)
    r = np.arange(N)
    if tab.batched:
        # D[i, j] = (X[i, j] * E[i])^T E[j]: one batched matrix product
        Y = X[:, :, :, None] * tab.E[:, None, :, :]  # (N, N, P, nmax)
        D = np.matmul(Y.transpose(0, 1, 3, 2), tab.E[None])
        u = np.diagonal(D[r, r], axis1=1, axis2=2).copy()  # (N, nmax)
        D[r, r] = 0.0
        return u, D
    # unequal or large strategy sets: the padded one-hot product costs P * nmax^2 per pair, a
    # sum over the payoff tensor's other axes only P
    shape = tab.shape
    D = np.zeros((N, N, tab.nmax, tab.nmax))
    u = np.zeros((N, tab.nmax))
    for i in range(N):
        u[i, : shape[i]] = X[i, i].reshape(shape).sum(axis=tuple(k for k in r if k != i))
        for j in range(N):
            if j != i:
                block = X[i, j].reshape(shape).sum(axis=tuple(k for k in r if k not in (i, j)))
                D[i, j, : shape[i], : shape[j]] = block if i < j else block.T
    return u, D


def payoff_tables(tab: _Tables, sigma: list[np.ndarray]):
    """``u[i]``: player i's payoff for each pure strategy against ``sigma``;
    ``D[i, j]`` (``j != i``): payoffs of i's strategy a when j plays b, the others mixing
    (padded to ``(N, N, nmax, nmax)``; ``D[i, i]`` is zero).

    Every pair at once: the leave-two-out products ``prod_{k not in (i, j)} sigma_k(p_k)`` of
    every profile are one product over a masked array, and ``D`` one contraction with the
    one-hot strategy tables.  Any real ``sigma`` (zeros and negative entries too).
    """
    Sig = np.zeros((tab.N, tab.nmax))
    for k, sk in enumerate(sigma):
        Sig[k, : len(sk)] = sk
    u, D = _padded(tab, Sig)
    return [u[i, : tab.shape[i]] for i in range(tab.N)], D


def _offsets(shape):
    return np.concatenate([[0], np.cumsum(shape)]).astype(int)


def _H_and_J(tab: _Tables, v, lam):
    """Residual H (M,) and Jacobian (M, M+1) of the QRE equations at (v, lam)."""
    M, off, pl, st, ro, io, ao = tab.M, tab.off, tab.pl, tab.st, tab.ro, tab.io, tab.ao
    sig = np.exp(v)
    Sig = np.zeros((tab.N, tab.nmax))
    Sig[pl, st] = sig
    u, D = _padded(tab, Sig)
    diff = u[io, ao] - u[io, 0]
    H = np.empty(M)
    H[off[:-1]] = np.add.reduceat(sig, off[:-1]) - 1.0
    H[ro] = v[ro] - v[off[io]] - lam * diff
    J = np.zeros((M, M + 1))
    # d u_i(a) / d v_j(b) = D[i, j, a, b] sigma_j(b); zero on the player's own block
    cross = D[io[:, None], pl[None, :], ao[:, None], st[None, :]]
    cross -= D[io[:, None], pl[None, :], 0, st[None, :]]
    J[ro, :M] = cross * (-lam * sig)[None, :]
    J[ro, ro] = 1.0
    J[ro, off[io]] = -1.0
    J[ro, M] = -diff
    J[off[pl], np.arange(M)] = sig
    return H, J


def _min_norm_step(J: np.ndarray, H: np.ndarray) -> np.ndarray:
    """The least-norm ``d`` with ``J d = H`` (``J`` has full row rank on the branch):
    ``J^T (J J^T)^-1 H``, or least squares where ``J J^T`` is singular."""
    try:
        return J.T @ np.linalg.solve(J @ J.T, H)
    except np.linalg.LinAlgError:
        return np.linalg.lstsq(J, H, rcond=None)[0]


def _tangent(J: np.ndarray) -> np.ndarray:
    q, _ = np.linalg.qr(J.T, mode="complete")
    t = q[:, -1]
    return t / np.linalg.norm(t)


def refine_on_support(
    U: np.ndarray, sigma0: list[np.ndarray], support: list[np.ndarray], iters: int = 30
) -> list[np.ndarray] | None:
    """Newton's method on the indifference equations of ``support`` from ``sigma0``."""
    N = len(sigma0)
    tab = _Tables(U)
    Sig = np.zeros((N, tab.nmax))
    for i in range(N):
        s = np.where(support[i], sigma0[i], 0.0)
        Sig[i, : len(s)] = s / s.sum()
    idx = [np.flatnonzero(support[i]) for i in range(N)]
    pk = np.concatenate([np.full(len(x), i) for i, x in enumerate(idx)])  # player, strategy
    sk = np.concatenate(idx)
    offS = _offsets([len(x) for x in idx])
    K = int(offS[-1])
    other = np.ones(K, bool)
    other[offS[:-1]] = False
    ro = np.flatnonzero(other)
    io, ao = pk[other], sk[other]
    base = sk[offS[io]]  # each player's first support strategy
    for _ in range(iters):
        u, D = _padded(tab, Sig)
        F = np.empty(K)
        F[offS[:-1]] = np.add.reduceat(Sig[pk, sk], offS[:-1]) - 1.0
        F[ro] = u[io, ao] - u[io, base]
        Jm = np.zeros((K, K))
        Jm[offS[pk], np.arange(K)] = 1.0
        Jm[ro] = D[io[:, None], pk[None, :], ao[:, None], sk[None, :]]
        Jm[ro] -= D[io[:, None], pk[None, :], base[:, None], sk[None, :]]
        try:
            step = np.linalg.solve(Jm, F)
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(Jm, F, rcond=None)[0]
        Sig[pk, sk] -= step
        if not np.all(np.isfinite(Sig)):
            return None
        if np.max(np.abs(step)) < 1e-13:
            break
    sig = [Sig[i, : len(sigma0[i])] for i in range(N)]
    if any(s.min() < -1e-9 for s in sig):
        return None
    out = [np.clip(s, 0.0, None) for s in sig]
    return [s / s.sum() for s in out]


def _refine_candidates(game: Game, sigma: list[np.ndarray], tol_abs: float, near: float = np.inf):
    """An equilibrium within ``near`` (largest probability difference) of the QRE point
    ``sigma``: supports cut at a few probability ratios, each solved by Newton's method."""
    U = game.payoffs
    tried = set()
    for ratio in (1e-2, 1e-3, 1e-4, 1e-6, 1e-1):
        sup = [s >= ratio * s.max() for s in sigma]
        key = tuple(tuple(x) for x in sup)
        if key in tried:
            continue
        tried.add(key)
        prof = refine_on_support(U, sigma, sup)
        if prof is None:
            continue
        dist = max(float(np.max(np.abs(p - s))) for p, s in zip(prof, sigma))
        if dist <= near and float(max_regret(game, prof)) <= tol_abs:
            return prof
    return None


def _thin(branch: list, limit: int = 400) -> list:
    if len(branch) <= limit:
        return branch
    keep = np.unique(np.linspace(0, len(branch) - 1, limit).round().astype(int))
    return [branch[k] for k in keep]


@register(
    "logit-qre",
    players="N",
    finds="one",
    exact=False,
    summary="one equilibrium: the limit of the logit quantal response equilibrium branch "
    "traced from lambda = 0 (any number of players); the branch is in "
    "details['qre_branch']",
)
def logit_qre(
    game: Game,
    *,
    tol: float,
    deadline,
    max_lambda: float = 1e7,
    first_step: float = 0.03,
    max_steps: int = 20_000,
) -> SolverOutput:
    """Trace the principal logit QRE branch and return the Nash equilibrium at its end.

    ``max_lambda`` is in scaled units (payoffs mapped to ``[0, 1]``); ``first_step`` is the first
    arc-length step.  ``details["qre_branch"]`` holds ``lambda`` (in the game's payoff units) and,
    for each point, the probabilities per player and strategy.
    """
    from .nplayer import exact_candidate  # late import: nplayer imports the registry too

    shape = game.shape
    N = game.n_players
    U0 = game.payoffs
    lo, hi = float(U0.min()), float(U0.max())
    span = hi - lo if hi > lo else 1.0
    U = (U0 - lo) / span
    tol_abs = max(tol, 1e-9) * max(1.0, float(np.abs(U0).max()))
    off = _offsets(shape)
    v = np.concatenate([np.full(n, -np.log(n)) for n in shape])
    lam = 0.0
    branch_lam: list[float] = [0.0]
    branch_sig: list[list[list[float]]] = [[[1.0 / n] * n for n in shape]]
    details: dict = {}

    def record():
        branch_lam.append(lam / span)
        branch_sig.append([np.exp(v[off[i] : off[i + 1]]).tolist() for i in range(N)])

    def finish(cands, message, complete):
        pts = _thin(list(zip(branch_lam, branch_sig)))
        details["qre_branch"] = {
            "lambda": [p[0] for p in pts],
            "profiles": [p[1] for p in pts],
            "players": list(game.players),
            "strategies": [list(s) for s in game.strategies],
            "lambda_units": "per unit of the game's payoffs",
        }
        return SolverOutput(
            candidates=cands,
            complete=complete,
            complete_set=False,
            message=message,
            details=details,
        )

    if all(n == 1 for n in shape):
        return finish([tuple((1,) for _ in shape)], "every player has one strategy", True)

    tab = _Tables(U)
    H, J = _H_and_J(tab, v, lam)
    t = _tangent(J)
    if t[-1] < 0:
        t = -t
    h = first_step
    next_check = 100.0
    steps = 0
    fails = 0
    found = None
    previous = None
    while lam < max_lambda and steps < max_steps:
        if deadline is not None:
            deadline.check()
        steps += 1
        y = np.concatenate([v, [lam]])
        yp = y + h * t
        ok = False
        prev = None
        for _it in range(6):
            Hc, Jc = _H_and_J(tab, yp[:-1], yp[-1])
            delta = _min_norm_step(Jc, Hc)
            nd = np.linalg.norm(delta)
            if (
                not np.isfinite(nd)
                or nd > 0.5 * max(h, 1e-3)
                or (prev is not None and nd > 0.6 * prev)
            ):
                break
            yp = yp - delta
            prev = nd
            if nd < 1e-10 * (1 + np.linalg.norm(yp)):
                ok = True
                break
        if not ok:
            h *= 0.5
            fails += 1
            if h < 1e-12:
                details["stopped"] = "step size underflow"
                break
            continue
        # the tangent from the corrector's last Jacobian: it was taken less than 1e-10 away
        tn = _tangent(Jc)
        if tn @ t < 0:
            tn = -tn
        if tn @ t < 0.95 or yp[-1] < 0:  # too sharp a turn: we may have jumped branches
            h *= 0.5
            fails += 1
            if h < 1e-12:
                details["stopped"] = "step size underflow"
                break
            continue
        v, lam, t = yp[:-1], float(yp[-1]), tn
        record()
        h = min(h * (1.5 if _it <= 2 else 1.0), 1e6)
        if lam >= next_check:
            # accept a refined equilibrium once two checkpoints (lambda, 3 lambda) agree on it
            sigma = [np.exp(v[off[i] : off[i + 1]]) for i in range(N)]
            cand = _refine_candidates(game, sigma, tol_abs, near=min(0.1, 100.0 / lam))
            if (
                cand is not None
                and previous is not None
                and max(float(np.max(np.abs(a - b))) for a, b in zip(cand, previous)) < 1e-9
            ):
                found = cand
                break
            previous = cand
            next_check *= 3.0
    details.update({"steps": steps, "rejected_steps": fails, "final_lambda": lam / span})
    if found is None and lam >= 100.0:
        # the end point, if the path got far enough to say where it is going
        sigma = [np.exp(v[off[i] : off[i + 1]]) for i in range(N)]
        found = _refine_candidates(game, sigma, tol_abs, near=min(0.1, 100.0 / lam))
    if found is None:
        sigma = [np.exp(v[off[i] : off[i + 1]]) for i in range(N)]
        reg = float(max_regret(game, sigma))
        return finish(
            [],
            f"the logit QRE path stopped at lambda = {lam / span:.4g} (scaled "
            f"{lam:.4g}) after {steps} steps, and its end point could not be refined "
            f"to a certified equilibrium (max regret there {reg:.3g}); no "
            "equilibrium is claimed",
            False,
        )
    ex = exact_candidate(game, found)
    cand = ex if ex is not None else found
    return finish(
        [cand],
        f"equilibrium at the end of the logit QRE branch (traced to lambda = "
        f"{lam / span:.4g}, then refined on its support)",
        True,
    )
