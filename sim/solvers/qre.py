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

import numpy as np

from ..game import Game
from ..results import max_regret
from .registry import SolverOutput, register

__all__ = ["logit_qre", "payoff_gradients", "refine_on_support"]


def _contract_except(T: np.ndarray, sigma: list[np.ndarray], keep: tuple[int, ...]) -> np.ndarray:
    out = T
    for j in reversed(range(len(sigma))):
        if j in keep:
            continue
        out = np.tensordot(out, sigma[j], axes=([j], [0]))
    return out


def payoff_gradients(U: np.ndarray, sigma: list[np.ndarray]):
    """``u[i]``: player i's payoff for each pure strategy against ``sigma``;
    ``D[i][j]`` (``j != i``): matrix ``(n_i, n_j)`` of payoffs of i's strategy a when j plays b."""
    N = len(sigma)
    u = []
    D: dict[tuple[int, int], np.ndarray] = {}
    for i in range(N):
        Ti = U[..., i]
        u.append(_contract_except(Ti, sigma, (i,)))
        for j in range(N):
            if j == i:
                continue
            M = _contract_except(Ti, sigma, (i, j))  # axes in order (min, max)
            D[(i, j)] = M if i < j else M.T
    return u, D


def _gradients_from_logs(U: np.ndarray, logs: list[np.ndarray]):
    """As :func:`payoff_gradients`, from log-probabilities, by weighting the whole payoff tensor
    once per pair of players (exact cancellation in log space; no division by tiny
    probabilities, and a few whole-array operations instead of many small contractions)."""
    N = len(logs)
    VJ = []
    for j, lv in enumerate(logs):
        sh = [1] * N
        sh[j] = len(lv)
        VJ.append(lv.reshape(sh))
    L = sum(VJ)
    u = []
    D: dict[tuple[int, int], np.ndarray] = {}
    axes = tuple(range(N))
    for i in range(N):
        Ti = U[..., i]
        base = L - VJ[i]
        u.append((Ti * np.exp(base)).sum(axis=tuple(a for a in axes if a != i)))
        for j in range(N):
            if j == i:
                continue
            M = (Ti * np.exp(base - VJ[j])).sum(axis=tuple(a for a in axes if a not in (i, j)))
            D[(i, j)] = M if i < j else M.T
    return u, D


def _offsets(shape):
    return np.concatenate([[0], np.cumsum(shape)]).astype(int)


def _H_and_J(U, shape, v, lam):
    """Residual H (M,) and Jacobian (M, M+1) of the QRE equations at (v, lam)."""
    N = len(shape)
    off = _offsets(shape)
    M = int(off[-1])
    logs = [v[off[i] : off[i + 1]] for i in range(N)]
    sigma = [np.exp(lv) for lv in logs]
    u, D = _gradients_from_logs(U, logs)
    H = np.empty(M)
    J = np.zeros((M, M + 1))
    for i in range(N):
        a0, a1 = off[i], off[i + 1]
        n = shape[i]
        H[a0] = sigma[i].sum() - 1.0
        J[a0, a0:a1] = sigma[i]
        diff = u[i][1:] - u[i][0]
        H[a0 + 1 : a1] = v[a0 + 1 : a1] - v[a0] - lam * diff
        J[a0 + 1 : a1, a0 + 1 : a1] = np.eye(n - 1)
        J[a0 + 1 : a1, a0] = -1.0
        J[a0 + 1 : a1, M] = -diff
        for j in range(N):
            if j == i:
                continue
            b0, b1 = off[j], off[j + 1]
            Dij = D[(i, j)]
            J[a0 + 1 : a1, b0:b1] = -lam * (Dij[1:] - Dij[0]) * sigma[j][None, :]
    return H, J


def _tangent(J: np.ndarray) -> np.ndarray:
    q, _ = np.linalg.qr(J.T, mode="complete")
    t = q[:, -1]
    return t / np.linalg.norm(t)


def refine_on_support(
    U: np.ndarray, sigma0: list[np.ndarray], support: list[np.ndarray], iters: int = 30
) -> list[np.ndarray] | None:
    """Newton's method on the indifference equations of ``support`` from ``sigma0``."""
    N = len(sigma0)
    shape = [len(s) for s in sigma0]
    sig = [np.where(support[i], sigma0[i], 0.0) for i in range(N)]
    sig = [s / s.sum() for s in sig]
    idx = [np.flatnonzero(support[i]) for i in range(N)]
    off = np.concatenate([[0], np.cumsum([len(x) for x in idx])]).astype(int)
    K = int(off[-1])
    for _ in range(iters):
        u, D = payoff_gradients(U, sig)
        F = np.empty(K)
        Jm = np.zeros((K, K))
        for i in range(N):
            a0 = off[i]
            S = idx[i]
            F[a0] = sig[i][S].sum() - 1.0
            Jm[a0, off[i] : off[i + 1]] = 1.0
            F[a0 + 1 : off[i + 1]] = u[i][S[1:]] - u[i][S[0]]
            for j in range(N):
                if j == i:
                    continue
                Dij = D[(i, j)]
                blk = Dij[np.ix_(S[1:], idx[j])] - Dij[S[0], idx[j]][None, :]
                Jm[a0 + 1 : off[i + 1], off[j] : off[j + 1]] = blk
        step = np.linalg.lstsq(Jm, F, rcond=None)[0]
        for i in range(N):
            sig[i][idx[i]] -= step[off[i] : off[i + 1]]
        if not all(np.all(np.isfinite(s)) for s in sig):
            return None
        if np.max(np.abs(step)) < 1e-15:
            break
    if any(s.min() < -1e-9 for s in sig):
        return None
    out = [np.clip(s, 0.0, None) for s in sig]
    del shape
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

    H, J = _H_and_J(U, shape, v, lam)
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
            Hc, Jc = _H_and_J(U, shape, yp[:-1], yp[-1])
            delta = np.linalg.lstsq(Jc, Hc, rcond=None)[0]
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
        _, Jn = _H_and_J(U, shape, yp[:-1], yp[-1])
        tn = _tangent(Jn)
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
