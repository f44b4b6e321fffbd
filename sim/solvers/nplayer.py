"""All Nash equilibria of small N-player games: support enumeration with reliable root finding.

For every support profile ``S`` that survives a dominance test, the indifference conditions on
``S`` form a square polynomial system (see :mod:`sim.solvers.multiaffine`).  Every root in the
product of simplices is found by box subdivision with exact range tests and Krawczyk isolation,
then polished by Newton's method.  A root is an equilibrium when its probabilities are
non-negative and no strategy outside the support pays more.  Rational roots come back as exact
Fractions (recovered from the float root and then checked in exact arithmetic); the others are
certified floats.  Pure equilibria come from the vectorised exact test in :mod:`sim.solvers.pure`.

This finds every equilibrium when each support's system has finitely many roots in the simplex
(true for generic payoffs).  When a support carries a continuum of solutions (degenerate games,
e.g. Nau's 2x2x2 game) the result says so, lists the support, and reports the certified points
it found there; it does not claim completeness.

The method named ``all`` is the default analysis: 2-player games go to the exact 2-player
enumeration (``enumerate``) when it is registered; N-player games use this enumeration while
their size allows it, and otherwise (or when the time budget runs out) the logit QRE path, with
the result marked partial and a message saying why.
"""

from __future__ import annotations

import math
import time
from fractions import Fraction

import numpy as np

from ..game import Game
from ..results import integer_certificate, integer_payoffs, max_regret
from .multiaffine import SupportSystems, solve_support_systems
from .pure import pure_equilibrium_profiles
from .registry import SOLVERS, SolverOutput, SolverTimeout, pure_profile_vectors, register

__all__ = [
    "candidate_supports",
    "exact_candidate",
    "polynomial_support_enumeration",
    "all_equilibria",
]

#: support profiles beyond which complete enumeration is not attempted by ``all``
MAX_SUPPORT_PROFILES = 2_000_000


def _bits(mask: int, n: int) -> tuple[int, ...]:
    return tuple(k for k in range(n) if mask >> k & 1)


def _membership(n: int) -> np.ndarray:
    """(2^n - 1, n) int32: which strategies each non-empty subset (mask ``1..2^n-1``) holds."""
    masks = np.arange(1, 1 << n)
    return ((masks[:, None] >> np.arange(n)[None, :]) & 1).astype(np.int32)


def _dominated_table(U: np.ndarray, i: int, eps: float) -> np.ndarray:
    """Bitmasks, indexed by the other players' support masks (minus one, in player order), of
    player ``i``'s strategies strictly dominated by another of its pure strategies when the
    others play inside those supports.

    For each pair ``(b, a)`` it counts the profiles of a product of subsets at which ``b`` does
    not beat ``a``, one other player's axis at a time (a subset sum along that axis), so no
    array is larger than the table itself times ``n_i^2``."""
    shape = U.shape[:-1]
    N = len(shape)
    n_i = shape[i]
    Ui = np.moveaxis(U[..., i], i, 0)  # (n_i, others...)
    # [b, a, others...]: b does not beat a at that profile of the others
    X = (~(Ui[:, None] > Ui[None, :] + eps)).astype(np.int32)
    for ax in range(2, 2 + N - 1):
        M = _membership(X.shape[ax])
        X = np.moveaxis(np.tensordot(X, M, axes=([ax], [1])), -1, ax)
    dom = X == 0  # [b, a, product sets...]
    dom[np.arange(n_i), np.arange(n_i)] = False
    weights = (1 << np.arange(n_i)).reshape((n_i,) + (1,) * (N - 1))
    return (dom.any(0) * weights).sum(0)


#: support profiles examined at once when filtering them (bounds the memory of the masks)
_MASK_CHUNK = 1 << 16


def candidate_supports(game: Game, deadline=None) -> np.ndarray:
    """Support profiles, as an ``(m, N)`` array of bitmasks (bit ``k`` of column ``i``: player
    ``i`` uses strategy ``k``), in which no strategy of any player is strictly dominated by
    another of its pure strategies given that the others play inside their supports.

    Pure profiles (every support a singleton) are left out: they are handled exactly elsewhere.
    The profiles are generated and filtered in chunks, the time limit checked between them.
    """
    shape = game.shape
    N = game.n_players
    U = game.payoffs
    eps = 1e-12 * max(1.0, float(np.abs(U).max()))
    tables = []
    for i in range(N):
        if deadline is not None:
            deadline.check()
        tables.append(_dominated_table(U, i, eps))
    counts = [(1 << n) - 1 for n in shape]
    total = math.prod(counts)
    kept = []
    for start in range(0, total, _MASK_CHUNK):
        if deadline is not None:
            deadline.check()
        flat = np.arange(start, min(total, start + _MASK_CHUNK), dtype=np.int64)
        masks = np.stack(np.unravel_index(flat, counts), axis=1).astype(np.int64) + 1
        ok = np.ones(len(masks), dtype=bool)
        for i in range(N):
            idx = tuple(masks[:, j] - 1 for j in range(N) if j != i)
            ok &= (tables[i][idx] & masks[:, i]) == 0
        ok &= (masks & (masks - 1) != 0).any(1)  # some player mixes
        kept.append(masks[ok])
    return np.concatenate(kept) if kept else np.zeros((0, N), dtype=np.int64)


def _support_systems(game: Game, masks: np.ndarray) -> SupportSystems:
    """The indifference systems of the support profiles ``masks``, in the full shape."""
    U = game.payoffs
    shape = game.shape
    N = game.n_players
    m = len(masks)
    perms = []
    fixed = []
    for j in range(N):
        n = shape[j]
        inside = ((masks[:, j : j + 1] >> np.arange(n)[None, :]) & 1).astype(bool)  # (m, n)
        ref = inside.argmax(1)
        # order: the reference, then the other strategies in index order
        key = np.where(np.arange(n)[None, :] == ref[:, None], -1, np.arange(n)[None, :])
        perm = np.argsort(key, axis=1, kind="stable")
        perms.append(perm)
        fixed.append(~np.take_along_axis(inside, perm, axis=1)[:, 1:])
    idx = []
    for j in range(N):
        sh = [m] + [1] * N
        sh[1 + j] = shape[j]
        idx.append(perms[j].reshape(sh))
    Up = U[tuple(idx)]  # (m, n_1..n_N, N)
    E = []
    for i in range(N):
        Vi = np.moveaxis(Up[..., i], 1 + i, 1)  # (m, n_i, others...)
        E.append(np.ascontiguousarray(Vi[:, 1:] - Vi[:, :1]))
    return SupportSystems(shape=tuple(shape), E=E, fixed=np.concatenate(fixed, axis=1), perms=perms)


def _profile_from_root(sys: SupportSystems, t: int, x: np.ndarray) -> list[np.ndarray]:
    prof = []
    pos = 0
    for j, n in enumerate(sys.shape):
        xj = x[pos : pos + n - 1]
        pos += n - 1
        v = np.zeros(n)
        v[sys.perms[j][t]] = np.concatenate([[1.0 - xj.sum()], xj])
        v[v.nonzero()[0][np.abs(v[v.nonzero()[0]]) < 1e-14]] = 0.0
        prof.append(v)
    return prof


def _batched_regrets(U: np.ndarray, profs: list[np.ndarray]) -> np.ndarray:
    """Max regret of R float profiles at once; ``profs[j]`` has shape ``(R, n_j)``."""
    N = U.shape[-1]
    letters = "abcdefghijklmnopqrstuvwxy"[:N]
    reg = np.zeros(profs[0].shape[0])
    for i in range(N):
        ins = [letters] + ["z" + letters[j] for j in range(N) if j != i]
        dev = np.einsum(
            ",".join(ins) + "->z" + letters[i], U[..., i], *[profs[j] for j in range(N) if j != i]
        )
        reg = np.maximum(reg, dev.max(1) - (dev * profs[i]).sum(1))
    return reg


def _equilibrium_roots(game: Game, profiles: list[list[np.ndarray]], tol_abs: float) -> list:
    """The profiles (float) that are equilibria: non-negative, regret within ``tol_abs``."""
    if not profiles:
        return []
    N = game.n_players
    stacked = [np.array([p[j] for p in profiles]) for j in range(N)]
    ok = np.ones(len(profiles), dtype=bool)
    for P in stacked:
        ok &= P.min(1) >= -1e-9
    if not ok.any():
        return []
    clipped = [np.clip(P[ok], 0, None) for P in stacked]
    clipped = [P / P.sum(1, keepdims=True) for P in clipped]
    good = _batched_regrets(game.payoffs, clipped) <= tol_abs
    idx = np.flatnonzero(ok)[good]
    return [[np.clip(p, 0, None) for p in profiles[k]] for k in idx]


def _exact_regret_is_zero(game: Game, fr) -> bool:
    """Exact test that the rational profile ``fr`` has zero regret: in int64 arithmetic when
    the numbers are small enough (:func:`sim.results.integer_certificate`, the check
    certification repeats), else with Fractions."""
    fast = integer_certificate(game, fr)
    if fast is not None:
        return fast[0]
    return max_regret(game, fr, exact=True) == 0


def _first_indifference_holds(ints: tuple[int, np.ndarray], fr) -> bool:
    """Whether the first player who mixes in the rational profile ``fr`` is exactly indifferent
    between its first two support strategies (integer payoffs ``ints`` from
    :func:`~sim.results.integer_payoffs`; the others' probabilities scaled to Python integers,
    so nothing overflows).

    A necessary condition for zero regret that costs a few integer products: a float root that
    is irrational (most mixed equilibria of three or more players) fails it, and is then not
    sent to the full exact regret check."""
    T = ints[1]
    N = T.shape[-1]
    supports = [[k for k, v in enumerate(p) if v != 0] for p in fr]
    mixers = [i for i, sup in enumerate(supports) if len(sup) >= 2]
    if not mixers:
        return True
    i = mixers[0]
    sup = supports[i]
    diff = (np.take(T[..., i], sup[0], axis=i) - np.take(T[..., i], sup[1], axis=i)).astype(object)
    for j in reversed(range(N)):
        if j == i:
            continue
        L = math.lcm(*(q.denominator for q in fr[j]))
        w = np.array([q.numerator * (L // q.denominator) for q in fr[j]], dtype=object)
        diff = np.tensordot(diff, w, axes=([j if j < i else j - 1], [0]))
    return bool(diff == 0)


def exact_candidate(game: Game, prof, max_den: int = 10**6, ints=False):
    """The profile as exact Fractions if a nearby rational profile is an exact equilibrium.

    ``ints``: the result of :func:`~sim.results.integer_payoffs` when the caller has it (saves
    recomputing).
    """
    if ints is False:
        ints = integer_payoffs(game)
    if ints is None:
        return None
    fr = []
    for p in prof:
        q = [Fraction(float(x)).limit_denominator(max_den) if x > 1e-13 else Fraction(0) for x in p]
        nz = [k for k, v in enumerate(q) if v != 0]
        if not nz:
            return None
        q[nz[0]] = 1 - sum(q[k] for k in nz[1:])
        if q[nz[0]] <= 0:
            return None
        fr.append(tuple(q))
    if not _first_indifference_holds(ints, fr) or not _exact_regret_is_zero(game, fr):
        return None
    return tuple(fr)


def _dedupe(profiles: list, tol: float = 1e-7) -> list:
    out: list = []
    flats: list[np.ndarray] = []
    for p in profiles:
        f = np.concatenate([np.asarray([float(x) for x in v]) for v in p])
        if any(np.max(np.abs(f - g)) < tol for g in flats):
            continue
        flats.append(f)
        out.append(p)
    return out


def support_bytes(shape: tuple[int, ...]) -> int:
    """Bytes that the indifference system of one support profile takes in a batch (its payoff
    differences and their derivatives, in the game's full shape; an estimate, about three
    times the arrays)."""
    N = len(shape)
    total = math.prod(shape) * N
    for i in range(N):
        total += (shape[i] - 1) * math.prod(shape) // shape[i]
        for j in range(N):
            if j != i:
                total += (shape[i] - 1) * (shape[j] - 1) * math.prod(shape) // shape[i] // shape[j]
    return 24 * total


#: memory for the indifference systems of one batch of support profiles
SUPPORT_BYTES = 256 * 2**20
#: support profiles in one batch at most (small batches cost no speed, and what each batch
#: finds is kept when the time limit stops the next)
SUPPORT_BATCH = 256


def polynomial_support_enumeration(
    game: Game, *, tol: float = 1e-9, deadline=None, max_boxes: int = 2_000_000
):
    """Every equilibrium of ``game`` found by support enumeration (any number of players).

    Returns ``(profiles, degenerate_supports, stats)``: profiles (Fractions where exact, else
    float arrays), the support profiles on which the indifference system has a continuum of
    solutions, and counters; ``stats["unfinished"]`` lists the supports whose system the box
    budget could not resolve.  The enumeration is complete when both lists are empty and
    ``stats["stopped"]`` is empty.

    The support profiles are solved in batches whose systems fit in :data:`SUPPORT_BYTES`.
    When the time limit ``deadline`` runs out between or inside batches, the equilibria of the
    batches already done are returned, and ``stats["stopped"]`` says how far it got.
    """
    U = game.payoffs
    scale = float(np.ptp(U)) if U.size else 1.0
    scale = scale if scale > 0 else 1.0
    tol_abs = max(tol, 1e-9) * max(1.0, float(np.abs(U).max()))
    profiles: list = [pure_profile_vectors(game, p) for p in pure_equilibrium_profiles(game)]
    degenerate: list = []
    unfinished: list = []
    n_roots = 0
    done = 0
    stopped = ""
    total = 0
    try:
        masks = candidate_supports(game, deadline)
    except SolverTimeout:
        masks = np.zeros((0, game.n_players), dtype=np.int64)
        stopped = "the time limit ran out while the support profiles were being listed"
    total = len(masks)
    batch = max(1, min(SUPPORT_BATCH, SUPPORT_BYTES // max(1, support_bytes(game.shape))))
    ints = integer_payoffs(game) if total else None
    boxes_left = max_boxes
    for start in range(0, total, batch):
        part = masks[start : start + batch]
        try:
            if deadline is not None:
                deadline.check()
            sys = _support_systems(game, part)
            rep = solve_support_systems(
                sys,
                scale=scale,
                deadline=deadline,
                max_boxes=max(1, boxes_left),
                equilibria_only=True,
            )
        except SolverTimeout:
            stopped = (
                f"the time limit ran out after {done:,} of the {total:,} support profiles "
                "that survive the dominance test"
            )
            break
        done += len(part)
        if rep.spent is not None:
            boxes_left -= int(rep.spent.sum())
        n_roots += len(rep.x)
        roots = [_profile_from_root(sys, t, x) for x, t in zip(rep.x, rep.support)]
        for prof in _equilibrium_roots(game, roots, tol_abs):
            ex = exact_candidate(game, prof, ints=ints)
            profiles.append(ex if ex is not None else prof)
        for t, pts in rep.unresolved.items():
            if rep.reason.get(t) == "budget":
                unfinished.append(_mask_support(game, part[t]))
            else:
                degenerate.append(_mask_support(game, part[t]))
            samples = [_profile_from_root(sys, t, x) for x in pts if np.all(np.isfinite(x))]
            for prof in _equilibrium_roots(game, samples, tol_abs)[:2]:  # two per continuum
                ex = exact_candidate(game, prof, ints=ints)
                profiles.append(ex if ex is not None else prof)
    stats = {
        "supports_tested": done,
        "supports_total": total,
        "roots": n_roots,
        "unfinished": unfinished,
        "stopped": stopped,
    }
    return _dedupe(profiles), degenerate, stats


def _mask_support(game: Game, row) -> tuple[tuple[int, ...], ...]:
    return tuple(_bits(int(mk), n) for mk, n in zip(row, game.shape))


def _support_label(game: Game, S) -> str:
    return "; ".join(
        f"{game.players[i]}: {{{', '.join(game.strategies[i][k] for k in s)}}}"
        for i, s in enumerate(S)
    )


def _n_support_profiles(game: Game) -> float:
    return float(np.prod([2.0**n - 1 for n in game.shape]))


def _two_player_fallback(game: Game, tol: float, deadline, why: str) -> SolverOutput:
    """Pure equilibria plus Lemke-Howson, honestly marked incomplete: the end of the path of
    the first label, then every equilibrium the paths reach from every label (within half the
    time left), else, when that runs out of time, the ends of the paths of as many labels as
    time allows."""
    from .registry import Deadline

    cands = [pure_profile_vectors(game, p) for p in pure_equilibrium_profiles(game)]
    how = "those Lemke-Howson reaches from every label"
    if "lemke-howson" in SOLVERS:
        lh = SOLVERS["lemke-howson"].fn
        labels = sum(game.shape)
        done = 0
        try:
            cands += list(lh(game, tol=tol, deadline=deadline, label=0).candidates)
            done = 1
            left = None if deadline is None else deadline.remaining()
            inner = Deadline(None if left is None else 0.5 * left)
            cands += list(lh(game, tol=tol, deadline=inner, labels="all").candidates)
        except SolverTimeout:
            for k in range(done, labels):
                try:
                    cands += list(lh(game, tol=tol, deadline=deadline, label=k).candidates)
                except SolverTimeout:
                    break
                done += 1
            how = (
                f"the ends of the Lemke-Howson paths of {done} of the {labels} labels "
                "(the time limit stopped the rest)"
                if done < labels
                else "the end of the Lemke-Howson path of every label"
            )
    return SolverOutput(
        candidates=cands,
        complete=False,
        complete_set=False,
        message=f"not the complete set: {why}; listed are the pure equilibria and {how}",
        details={"delegated_to": "pure+lemke-howson"},
    )


@register(
    "all",
    players="N",
    finds="all",
    exact=True,
    summary="every equilibrium where the game's size allows it (exact 2-player enumeration;"
    " N-player support enumeration with certified polynomial root finding); "
    "otherwise says so and falls back to the logit QRE path",
)
def all_equilibria(
    game: Game, *, tol: float, deadline, budget: float | None = None, max_boxes: int = 2_000_000
) -> SolverOutput:
    """The default analysis (see the module docstring).

    ``budget``: seconds allowed for complete enumeration before falling back to the QRE path
    (default: 60% of the time limit, or 30 s without one).
    """
    if game.n_players == 2 and "enumerate" in SOLVERS:
        from .registry import Deadline

        # complete enumeration gets three quarters of the time, so that Lemke-Howson has the
        # rest when it stops with nothing
        left = None if deadline is None else deadline.remaining()
        inner = Deadline(None if left is None else 0.75 * left)
        try:
            out = SOLVERS["enumerate"].fn(game, tol=tol, deadline=inner)
        except ValueError as exc:  # too large for complete vertex enumeration
            return _two_player_fallback(game, tol, deadline, str(exc))
        if not out.complete and not out.candidates:
            # too large to enumerate, or out of its time: the pure equilibria and Lemke-Howson
            return _two_player_fallback(game, tol, deadline, out.message)
        out.details = dict(out.details, delegated_to="enumerate")
        return out
    t0 = time.perf_counter()
    remaining = deadline.remaining() if deadline is not None else None
    if budget is None:
        budget = 30.0 if remaining is None else 0.6 * remaining
    from .registry import Deadline

    inner = Deadline(budget)
    reason = ""
    found: list = []
    details: dict = {}
    n_support = _n_support_profiles(game)
    if n_support > MAX_SUPPORT_PROFILES:
        reason = (
            f"the game has {n_support:,.0f} support profiles; complete enumeration handles "
            f"at most {MAX_SUPPORT_PROFILES:,}"
        )
    else:
        try:
            profiles, degenerate, stats = polynomial_support_enumeration(
                game, tol=tol, deadline=inner, max_boxes=max_boxes
            )
        except SolverTimeout:
            reason = f"complete enumeration did not finish within {budget:.3g} s"
        else:
            details["supports_tested"] = stats["supports_tested"]
            details["seconds_enumeration"] = time.perf_counter() - t0
            if stats["stopped"]:
                found = profiles if stats["supports_tested"] else []
                reason = (
                    f"complete enumeration did not finish within {budget:.3g} s: "
                    + stats["stopped"]
                )
                details["supports_total"] = stats["supports_total"]
            elif stats["unfinished"]:
                unf = stats["unfinished"]
                shown = "; ".join(f"[{_support_label(game, S)}]" for S in unf[:3])
                more = f" and {len(unf) - 3} more" if len(unf) > 3 else ""
                msg = (
                    f"not the complete set: the box budget (max_boxes={max_boxes}) ran out "
                    f"before {len(unf)} support profile(s) were resolved ({shown}{more}); "
                    "the equilibria listed are certified, others may exist there"
                )
                if degenerate:
                    msg += (
                        f"; besides, {len(degenerate)} support profile(s) carry a continuum "
                        "of solutions (a degenerate game)"
                    )
                    details["degenerate_supports"] = [[list(s) for s in S] for S in degenerate]
                details["unfinished_supports"] = [[list(s) for s in S] for S in unf]
                return SolverOutput(
                    candidates=profiles,
                    complete=False,
                    complete_set=False,
                    message=msg,
                    details=details,
                )
            elif degenerate:
                shown = "; ".join(f"[{_support_label(game, S)}]" for S in degenerate[:3])
                more = f" and {len(degenerate) - 3} more" if len(degenerate) > 3 else ""
                msg = (
                    f"the game is degenerate: {len(degenerate)} support profile(s) carry a "
                    f"continuum of solutions ({shown}{more}); the equilibria listed there "
                    "are sample points, so the list is not the complete set"
                )
                details["degenerate_supports"] = [[list(s) for s in S] for S in degenerate]
                return SolverOutput(
                    candidates=profiles,
                    complete=False,
                    complete_set=False,
                    message=msg,
                    details=details,
                )
            else:
                return SolverOutput(
                    candidates=profiles,
                    complete=True,
                    complete_set=True,
                    message="all equilibria (support enumeration, every root of "
                    "each support's indifference system isolated)",
                    details=details,
                )
    # fall back: pure equilibria (and what enumeration found) plus one equilibrium on the logit
    # QRE path
    cands = [pure_profile_vectors(game, p) for p in pure_equilibrium_profiles(game)] + found
    details["fallback"] = "logit-qre"
    msg = f"not the complete set: {reason}; showing the pure equilibria"
    if found:
        msg += " and the equilibria found in the support profiles searched"
    if "logit-qre" in SOLVERS:
        try:
            q = SOLVERS["logit-qre"].fn(game, tol=tol, deadline=deadline)
        except SolverTimeout as exc:
            msg += f" (the logit QRE path also ran out of time: {exc})"
        else:
            cands.extend(q.candidates)
            details["qre_branch"] = q.details.get("qre_branch")
            msg += " and the equilibrium at the end of the logit QRE path"
            if not q.candidates:
                msg += f" (which failed: {q.message})"
    return SolverOutput(
        candidates=_dedupe(cands),
        complete=False,
        complete_set=False,
        message=msg + ".",
        details=details,
    )
