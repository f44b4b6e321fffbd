"""Every root of the indifference systems of N-player support enumeration, by box subdivision.

Fix a support profile ``S = (S_1, ..., S_N)`` with ``k_j = |S_j|`` strategies for player ``j``.
Player ``j``'s mixture on ``S_j`` is written ``sigma_j = (1 - sum(x_j), x_j)`` with
``x_j`` in ``R^(k_j - 1)``.  Player ``i`` is indifferent among ``S_i`` when, for every
``a`` in ``S_i`` other than the first, ``g_ia = sum_s E_i[a, s] * prod_{j != i} sigma_j[s_j] = 0``
(``E_i`` = payoff difference to the first strategy).  That is ``d = sum_j (k_j - 1)`` equations in
``d`` unknowns, and each equation is *affine in each other player's vector* ``x_j``.

Two consequences make a reliable solver simple:

* the exact range of ``g_ia`` over a box ``X = X_1 x ... x X_N`` is the range of its values at
  the box's vertices (a function affine in each block attains its extremes at vertices), so the
  exclusion test "``g_ia`` has one sign on ``X``" never discards a box that holds a root;
* every entry of the Jacobian is again of that form, so its range over ``X`` is exact too, and
  the Krawczyk operator ``K(X) = y - Y g(y) + (I - Y J(X))(X - y)`` can prove that ``X`` holds
  exactly one root (``K(X)`` inside ``X``) or none (``K(X)`` disjoint from ``X``).

:func:`solve_support_systems` runs that subdivision (exclude / Krawczyk / contract / bisect),
vectorised over every box of every support that shares one shape, then polishes each isolated
root by Newton's method.  Three refinements keep it short where plain subdivision stalls:

* *preconditioned ranges*: ``Y g`` (``Y`` the inverse of the Jacobian at the box centre) is a
  linear combination of the equations, hence multiaffine too, so its exact range is again its
  range over the box's vertices; a row of one sign excludes the box.  Where the equations' zero
  sets meet at small angles (the six-party stag hunt with a small hare payoff) this excludes
  boxes that no single equation can;
* *epsilon-inflation around Newton roots*: a root close to a box face (rational roots such as
  1/2 sit close to the faces bisection makes) or a box that the Krawczyk contraction squeezed
  flat can never pass "K(X) inside X".  From small or contracting boxes of supports that have
  used many boxes, and from boxes about to be reported as a continuum, Newton's method is run;
  where it converges to ``x*``, Krawczyk is tested on boxes ``B*`` centred at ``x*`` (a ladder
  of radii); when ``K(B*)`` is inside ``B*``, ``x*`` is the only root in ``B*``: it is recorded
  and every box of that support lying inside ``B*`` is dropped, then and in later rounds;
* *cuts away from Newton points*: a box is not bisected within an eighth of its width of where
  one Newton step from its centre points; the cut moves about a quarter of the width away.

Contracting a box to its intersection with ``K(X)`` inflates ``K(X)`` by 1% (and 1e-13): an
equation linear in one variable makes ``K(X)`` a point in that variable, and a box squeezed flat
could never pass "K(X) inside X" (such a support used to be reported as a continuum).

Boxes that can be neither excluded nor isolated down to a tiny width
(a continuum of solutions: a degenerate game) are returned as *unresolved* so the caller can say
so.  Comparisons use a small margin scaled to the payoffs, so floating-point rounding cannot
exclude a box that holds a root.  This is the idea behind Gambit's ``enumpoly`` (subdivision with
exclusion tests and Newton), written here for the multiaffine structure of these systems.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .multiaffine_eval import Evaluator, SupportSystems, last_axis_extremes

__all__ = ["SupportSystems", "RootReport", "solve_support_systems"]


@dataclass
class RootReport:
    """Roots ``x`` (shape ``(R, d)``) with the index of their support in the batch, plus the
    supports whose system could not be resolved, with the reason: ``"continuum"`` (an equation
    vanishes identically, or boxes shrank to ``min_width`` without isolating a root: a
    non-isolated solution set) or ``"budget"`` (the box budget ran out first)."""

    x: np.ndarray
    support: np.ndarray
    unresolved: dict[int, np.ndarray] = field(default_factory=dict)  # support -> sample points
    spent: np.ndarray | None = None  # boxes examined per support
    reason: dict[int, str] = field(default_factory=dict)  # "continuum" or "budget" per support


_PAD = 1.2345e-7
_CHUNK = 8192
#: memory for the boxes of one round (their vertex values and Jacobian ranges); bounds the
#: boxes per round below _CHUNK for games with many players (13 players: a few dozen boxes)
BOX_BYTES = 256 * 2**20
_SPLIT = 0.4965732
_NEAR = 0.125  # no cut within this fraction of the width of a Newton point ...
_SHIFT = 0.2718282  # ... the cut moves this fraction of the width away from it
_INFL = 0.01  # relative inflation of K(X) when contracting by it
_INFL_ABS = 1e-13  # ... and absolute
_PRECOND_MAX_D = 10  # preconditioned vertex ranges for systems up to this size
_PRECOND_CHUNK = 1 << 22  # ... evaluated this many vertex values at a time
_NEWTON_WIDTH = 1.0 / 256  # boxes narrower than this try Newton + epsilon-inflation
_NEWTON_Q = 0.25  # ... and so do boxes on which |I - Y J(X)| is below this
_RADII = 2.0 ** -np.arange(-1, 8)  # radii of B* tried, relative to the box width
_NEWTON_AFTER = 64  # Newton is tried on supports that have used this many boxes ...
_MAX_TRIES = 64  # ... at most this many times per support ...
_TRIES_PER_ROUND = 4  # ... and this many per support and round
_MULTI_CUT = 1024  # rounds with at most a quarter of this many boxes cut each box in four


def _safe_inverse(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Batched inverse; rows that are (nearly) singular get a zero matrix and ok=False.

    Rows are equilibrated first (payoff rows and the unit rows of held coordinates differ in
    scale by the payoff magnitude), so the singularity test is scale-free.
    """
    B, D, _ = M.shape
    if D == 0:
        return np.zeros_like(M), np.ones(B, dtype=bool)
    rowmax = last_axis_extremes(np.abs(M))[1]  # NaN where a row holds a NaN
    good = ((rowmax > 0) & (rowmax < np.inf)).all(axis=1)
    rowmax = np.where(good[:, None], rowmax, 1.0)
    Mn = M / rowmax[:, :, None]
    if not good.all():
        Mn[~good] = np.eye(D)
    ok = good & (np.abs(np.linalg.det(Mn)) > 1e-12)
    if ok.all():
        return np.linalg.inv(Mn) / rowmax[:, None, :], ok
    Y = np.zeros_like(M)
    if ok.any():
        Y[ok] = np.linalg.inv(Mn[ok]) / rowmax[ok][:, None, :]
    return Y, ok


def _krawczyk(lo, hi, Jlo, Jhi, Fc, eye):
    """The Krawczyk operator over boxes ``[lo, hi]`` (centre values ``Fc``, Jacobian ranges):
    ``(kmid, klo, khi, Y, ok, q)``; ``ok`` is False where the midpoint Jacobian is singular,
    and ``q`` is the norm of ``|I - Y J(X)|``: K contracts (towards the root) when it is below 1."""
    c = 0.5 * (lo + hi)
    r = 0.5 * (hi - lo)
    Jm = 0.5 * (Jlo + Jhi)
    Jr = 0.5 * (Jhi - Jlo)
    Y, ok = _safe_inverse(Jm)
    kmid = c - np.matmul(Y, Fc[:, :, None])[:, :, 0]
    mag = np.abs(eye[None] - Y @ Jm) + np.abs(Y) @ Jr
    krad = np.matmul(mag, r[:, :, None])[:, :, 0] + 1e-14 * (1 + np.abs(kmid))
    q = np.ascontiguousarray(mag.transpose(2, 0, 1)).sum(0).max(1, initial=0.0)
    return kmid, kmid - krad, kmid + krad, Y, ok, q


def _newton(ev: Evaluator, sid, x, steps: int = 8):
    """Newton's method from points ``x``; returns the end points and which of them converged
    (non-singular Jacobians all along, last step below 1e-12, end point near the simplex)."""
    alive = np.ones(x.shape[0], dtype=bool)
    small = np.zeros(x.shape[0], dtype=bool)
    for _ in range(steps):
        F, J = ev.point(sid, x)
        Yp, ok = _safe_inverse(J)
        step = np.einsum("bij,bj->bi", Yp, F)
        alive &= ok & np.isfinite(step).all(1)
        x = np.where(alive[:, None], x - step, x)
        alive &= (np.abs(x) < 4.0).all(1)
        small = np.abs(step).max(1, initial=0.0) < 1e-12
        if (small | ~alive).all():
            break
    return x, alive & small & (x > -0.5).all(1) & (x < 1.5).all(1)


class _Verified:
    """Boxes ``B*`` proven (by Krawczyk) to hold exactly one root, per support: any box of that
    support lying inside one of them can only hold that root, already recorded."""

    def __init__(self, m: int, D: int):
        self.m, self.D = m, D
        self.count = np.zeros(m, dtype=np.int64)
        self.lo = np.zeros((m, 0, D))
        self.hi = np.zeros((m, 0, D))

    def add(self, sid, lo, hi):
        for s_, l_, h_ in zip(sid, lo, hi):
            k = int(self.count[s_])
            if k == self.lo.shape[1]:  # grow the table (empty slots: lo=+inf, hi=-inf)
                extra = max(1, k)
                self.lo = np.concatenate([self.lo, np.full((self.m, extra, self.D), np.inf)], 1)
                self.hi = np.concatenate([self.hi, np.full((self.m, extra, self.D), -np.inf)], 1)
            self.lo[s_, k] = l_
            self.hi[s_, k] = h_
            self.count[s_] += 1

    def covered(self, sid, lo, hi):
        """Which boxes lie inside a verified box of their support."""
        out = np.zeros(lo.shape[0], dtype=bool)
        if not self.lo.shape[1]:
            return out
        has = np.flatnonzero(self.count[sid] > 0)
        if has.size:
            s = sid[has]
            out[has] = ((lo[has, None] >= self.lo[s]) & (hi[has, None] <= self.hi[s])).all(2).any(1)
        return out


def box_bytes(shape: tuple[int, ...]) -> int:
    """Bytes that one box of a support of a game of this ``shape`` needs while its ranges are
    computed: every equation's and Jacobian entry's values at the box's vertices and the
    intermediate contractions (an estimate, about three times the largest array)."""
    N = len(shape)
    w = [max(n, 1 << (n - 1)) for n in shape]
    total = 0
    for i in range(N):
        rest = [w[j] for j in range(N) if j != i]
        total += (shape[i] - 1) * math.prod(rest)
        for j in range(N):
            if j != i:
                inner = [w[k] for k in range(N) if k not in (i, j)]
                total += (shape[i] - 1) * (shape[j] - 1) * math.prod(inner)
    return 24 * total


def solve_support_systems(
    sys: SupportSystems,
    *,
    scale: float,
    deadline=None,
    max_boxes: int = 2_000_000,
    per_support_boxes: int = 20_000,
    min_width: float = 1e-9,
    max_rounds: int = 200,
    equilibria_only: bool = False,
) -> RootReport:
    """Every root in ``[0, 1]^d`` (with ``sum(x_j) <= 1``) of every system in ``sys``.

    ``scale`` is the payoff scale (largest absolute payoff difference) used for margins.
    ``equilibria_only``: also drop every box in which some strategy outside a player's support
    pays more than the support's strategies at every point (its least gain over the box, the
    minimum of a multiaffine function over the box's vertices, is above the margin).  No root
    in such a box is an equilibrium, so the roots that are equilibria are all still found, and
    supports whose roots all pay a player to deviate are discarded after a few boxes.
    """
    ev = Evaluator(sys)
    D = ev.D
    m = sys.m
    eps = 1e-11 * max(scale, 1e-300)
    # a slightly enlarged start box, and splits off the centre, so that no root (not even one
    # at a rational point such as 1/2, or on the simplex's boundary) lies on a box face
    lo = np.full((m, D), -_PAD)
    hi = np.where(sys.fixed, _PAD, 1.0 + _PAD)
    sid = np.arange(m)
    found_x: list[np.ndarray] = []
    found_s: list[np.ndarray] = []
    found_box: list[tuple] = []
    found_k: list[tuple] = []  # the Krawczyk box K(X) inside X that holds each root
    found_star: list[np.ndarray] = []  # True where the root was isolated in a box B* (below)
    ver = _Verified(m, D)
    tries = np.zeros(m, dtype=np.int64)
    unresolved: dict[int, list] = {}
    total = 0
    spent = np.zeros(m, dtype=np.int64)
    reason: dict[int, str] = {}  # why a support is unresolved: "continuum" or "budget"
    # systems with more free variables need more boxes to exclude: the budget doubles with
    # every free variable beyond six
    nfree = (~sys.fixed).sum(1)
    budget = per_support_boxes * 2.0 ** np.clip(nfree - 6, 0, 5)
    # If player i has more free indifference equations than the other players have free
    # variables, the Jacobian is singular everywhere (no Krawczyk test can succeed) and a
    # solution needs those equations to vanish together: subdivide only the variables they
    # depend on, which the range test then excludes quickly (or, in a degenerate game, narrows
    # down to a tiny box that is reported as unresolved).
    prio = np.ones((m, D), dtype=bool)
    free = np.stack([(~sys.fixed[:, ev.off[j] : ev.off[j + 1]]).sum(1) for j in range(ev.N)], 1)
    for i in range(ev.N):
        over = free[:, i] > free.sum(1) - free[:, i]
        if over.any():
            prio[np.ix_(over, np.arange(ev.off[i], ev.off[i + 1]))] = False
    # a support with an equation that vanishes identically has no isolated solutions at all
    for i in range(ev.N):
        if ev.d[i] == 0:
            continue
        flatE = np.abs(sys.E[i]).reshape(m, ev.d[i], -1).max(-1)  # (m, d_i)
        rowfree = ~sys.fixed[:, ev.off[i] : ev.off[i + 1]]
        dead = ((flatE <= eps) & rowfree).any(1)
        for t in np.flatnonzero(dead):
            if int(t) not in unresolved:
                start = np.where(sys.fixed[t], 0.0, 0.0)
                for j in range(ev.N):
                    a, b = ev.off[j], ev.off[j + 1]
                    free = ~sys.fixed[t, a:b]
                    start[a:b][free] = 1.0 / (free.sum() + 1)
                unresolved[int(t)] = [start]
                reason[int(t)] = "continuum"
    if unresolved:
        alive = np.array([t not in unresolved for t in range(m)])
        lo, hi, sid = lo[alive], hi[alive], sid[alive]
    regular = prio.all(1)  # supports whose Jacobian is not singular everywhere
    can_try = regular & (tries < _MAX_TRIES)
    rounds = 0
    eye = np.eye(D)

    def exclusion(Flo, Fhi, gain):
        """The boxes that may hold a root: no equation of one sign on the box (and, with
        ``equilibria_only``, no strategy outside the support better everywhere on it)."""
        keep = ~((Flo > eps) | (Fhi < -eps)).any(1)
        if equilibria_only:
            keep &= gain <= eps
        return keep

    chunk = int(max(1, min(_CHUNK, BOX_BYTES // max(1, box_bytes(sys.shape)))))
    # boxes beyond the chunk wait for a later round, so that one round stays short (the time limit
    # is checked between rounds) and memory stays bounded
    pend_lo = np.zeros((0, D))
    pend_hi = np.zeros((0, D))
    pend_sid = np.zeros(0, dtype=sid.dtype)
    while lo.shape[0] or pend_lo.shape[0]:
        rounds += 1
        if deadline is not None:
            deadline.check()
        lo = np.concatenate([lo, pend_lo])
        hi = np.concatenate([hi, pend_hi])
        sid = np.concatenate([sid, pend_sid])
        pend_lo, pend_hi, pend_sid = lo[chunk:], hi[chunk:], sid[chunk:]
        lo, hi, sid = lo[:chunk], hi[:chunk], sid[:chunk]
        # the box must meet the simplex constraints sum(x_j) <= 1, which also caps each upper
        # bound: x_ja <= 1 - sum of the other lower bounds (a cheap contraction)
        keep = np.ones(lo.shape[0], dtype=bool)
        if ev.equal:  # every player at once
            B, d = lo.shape[0], ev.d[0]
            L, H = lo.reshape(B, ev.N, d), hi.reshape(B, ev.N, d)
            slo = L[:, :, 0].copy()
            for a in range(1, d):
                slo += L[:, :, a]
            keep &= (slo <= 1.0 + 2 * _PAD).all(1)
            cap = (1.0 + (d + 1) * _PAD) - (slo[:, :, None] - L)
            hi = np.maximum(np.minimum(H, cap), L).reshape(B, -1)
        else:
            for j in range(ev.N):
                if ev.d[j]:
                    a, b = ev.off[j], ev.off[j + 1]
                    slo = lo[:, a:b].sum(1)
                    keep &= slo <= 1.0 + 2 * _PAD
                    cap = (1.0 + (b - a + 1) * _PAD) - (slo[:, None] - lo[:, a:b])
                    hi[:, a:b] = np.maximum(np.minimum(hi[:, a:b], cap), lo[:, a:b])
        if ver.lo.shape[1]:
            keep &= ~ver.covered(sid, lo, hi)
        lo, hi, sid = lo[keep], hi[keep], sid[keep]
        if not lo.shape[0]:
            continue
        kept, Flo, Fhi, Jlo, Jhi, Fc = ev.ranges(sid, lo, hi, keep=exclusion)
        lo, hi, sid = lo[kept], hi[kept], sid[kept]
        if not lo.shape[0]:
            continue
        r = 0.5 * (hi - lo)
        kmid, klo, khi, Y, ok, q = _krawczyk(lo, hi, Jlo, Jhi, Fc, eye)
        inside = ok & (klo > lo).all(1) & (khi < hi).all(1)
        disjoint = ok & ((klo > hi + 1e-15) | (khi < lo - 1e-15)).any(1)
        if inside.any():
            found_x.append(kmid[inside])
            found_s.append(sid[inside])
            found_box.append((lo[inside], hi[inside], Y[inside]))
            found_k.append((klo[inside], khi[inside]))
            found_star.append(np.zeros(int(inside.sum()), dtype=bool))
        rest = ~inside & ~disjoint
        if D <= _PRECOND_MAX_D and rest.any():
            # Y F (Y: the inverse midpoint Jacobian) is again affine in each player's block, so
            # its exact range over the box is its range over the box's vertices; a row of one
            # sign excludes the box.  Much sharper than the plain range test where the
            # equations' zero sets cross at small angles (the six-party stag hunt).
            ix = np.flatnonzero(rest & ok)
            step = max(1, _PRECOND_CHUNK // (D << D))
            for c0 in range(0, ix.size, step):
                sub = ix[c0 : c0 + step]
                table = ev.vertex_table(sid[sub], lo[sub], hi[sub], kept[sub])
                Ys = Y[sub]
                yv = np.matmul(Ys, table)  # (B, D, 2^D): a long last axis reduces fast
                marg = np.abs(Ys).sum(2) * eps
                excl = (yv.min(2) > marg).any(1) | (yv.max(2) < -marg).any(1)
                rest[sub[excl]] = False
        lo, hi, sid, r = lo[rest], hi[rest], sid[rest], r[rest]
        Jmag = np.maximum(np.abs(Jlo), np.abs(Jhi))[rest]
        okr = ok[rest]
        q[~ok] = np.inf
        kmid[~ok] = np.nan
        ym = kmid[rest]  # one Newton step from the centre (nan where Y is unknown)
        qr = q[rest]
        # contract by K(X) where it is informative, slightly inflated: an equation linear in
        # one variable makes K(X) a point in that variable, and a box squeezed flat could
        # never pass the test "K(X) inside X"
        if okr.any():
            kl, kh = klo[rest][okr], khi[rest][okr]
            infl = _INFL * (kh - kl) + _INFL_ABS
            lo[okr] = np.maximum(lo[okr], kl - infl)
            hi[okr] = np.minimum(hi[okr], kh + infl)
            fx = sys.fixed[sid]  # coordinates held at 0 keep their fixed little box
            lo = np.where(fx, -_PAD, lo)
            hi = np.where(fx, _PAD, hi)
        # Epsilon-inflation around Newton roots.  A root near a box face (a rational root such
        # as 1/2 lies close to the faces the bisection makes) or a box that the contraction has
        # squeezed flat cannot pass the test "K(X) inside X" above.  So, from small boxes and
        # boxes on which K contracts strongly, run Newton's method; where it converges to x*,
        # test Krawczyk on a box B* centred at x*.  If K(B*) is inside B*, x* is the only root
        # in B*: record it, and drop every box of that support lying inside B* (now, and in
        # later rounds).  Boxes that overlap B* only partly are split further as before.  To
        # cost nothing where plain subdivision does well, this runs only for supports that have
        # used _NEWTON_AFTER boxes, and for boxes about to be reported as a continuum.
        fx = sys.fixed[sid]
        width = np.where(fx, 0.0, hi - lo)
        wfree = width.max(1, initial=0.0)
        cand = np.flatnonzero((wfree < _NEWTON_WIDTH) | (qr < _NEWTON_Q))
        if cand.size:
            sc = sid[cand]
            cand = cand[can_try[sc] & ((spent[sc] >= _NEWTON_AFTER) | (wfree[cand] < min_width))]
        if cand.size:
            sc = sid[cand]
            order = np.argsort(sc, kind="stable")
            cand, sc = cand[order], sc[order]
            first = np.searchsorted(sc, sc)  # a few boxes per support and round
            cand, sc = (
                cand[np.arange(cand.size) - first < _TRIES_PER_ROUND],
                sc[np.arange(sc.size) - first < _TRIES_PER_ROUND],
            )
            tries += np.bincount(sc, minlength=m)
            can_try = regular & (tries < _MAX_TRIES)
            xs, conv = _newton(ev, sc, 0.5 * (lo[cand] + hi[cand]))
            xs, sc, wb = xs[conv], sc[conv], wfree[cand][conv]
            if xs.shape[0]:
                key = np.concatenate([sc[:, None], np.round(xs * 1e9)], axis=1)
                _, uq = np.unique(key, axis=0, return_index=True)
                xs, sc, wb = xs[uq], sc[uq], wb[uq]
                new = ~ver.covered(sc, xs, xs)
                xs, sc, wb = xs[new], sc[new], wb[new]
            if xs.shape[0]:
                # a ladder of radii (a few times the box's width down to a small fraction of
                # it) for each root; keep the largest B* that passes
                R = len(_RADII)
                rb = (np.maximum(wb[:, None] * _RADII[None, :], 4 * _PAD)).reshape(-1, 1)
                xs, sc = np.repeat(xs, R, axis=0), np.repeat(sc, R)
                blo, bhi = xs - rb, xs + rb
                _, _, bJlo, bJhi, bFc = ev.ranges(sc, blo, bhi)
                bmid, bklo, bkhi, bY, bok, _ = _krawczyk(blo, bhi, bJlo, bJhi, bFc, eye)
                passed = (bok & (bklo > blo).all(1) & (bkhi < bhi).all(1)).reshape(-1, R)
                any_ = passed.any(1)
                good = np.flatnonzero(any_) * R + passed.argmax(1)[any_]
                if good.size:
                    ver.add(sc[good], blo[good], bhi[good])
                    found_x.append(bmid[good])
                    found_s.append(sc[good])
                    found_box.append((blo[good], bhi[good], bY[good]))
                    found_k.append((bklo[good], bkhi[good]))
                    found_star.append(np.ones(good.size, dtype=bool))
        # (the contraction may have moved a box inside a B*)
        if ver.lo.shape[1]:
            stay = ~ver.covered(sid, lo, hi)
            lo, hi, sid, Jmag, ym, width = (
                lo[stay],
                hi[stay],
                sid[stay],
                Jmag[stay],
                ym[stay],
                width[stay],
            )
        tiny = np.where(prio[sid], width, 0.0).max(1, initial=0.0) < min_width
        if tiny.any() or rounds >= max_rounds:
            stop = tiny if rounds < max_rounds else np.ones(lo.shape[0], dtype=bool)
            mid = 0.5 * (lo[stop] + hi[stop])
            for s_, p_, t_ in zip(sid[stop], mid, tiny[stop]):
                unresolved.setdefault(int(s_), []).append(p_)
                reason.setdefault(int(s_), "continuum" if t_ else "budget")
            lo, hi, sid, width = lo[~stop], hi[~stop], sid[~stop], width[~stop]
            Jmag, ym = Jmag[~stop], ym[~stop]
        if not lo.shape[0]:
            continue
        total += lo.shape[0]
        spent += np.bincount(sid, minlength=m)
        over = spent[sid] > budget[sid]
        if over.any():
            mid = 0.5 * (lo[over] + hi[over])
            for s_, p_ in zip(sid[over], mid):
                unresolved.setdefault(int(s_), []).append(p_)
                reason.setdefault(int(s_), "budget")
            lo, hi, sid, width, Jmag = lo[~over], hi[~over], sid[~over], width[~over], Jmag[~over]
            ym = ym[~over]
            if not lo.shape[0]:
                continue
        if total > max_boxes:
            mid = 0.5 * (np.concatenate([lo, pend_lo]) + np.concatenate([hi, pend_hi]))
            for s_, p_ in zip(np.concatenate([sid, pend_sid]), mid):
                unresolved.setdefault(int(s_), []).append(p_)
                reason.setdefault(int(s_), "budget")
            break
        # Few boxes: cut each one in two twice (into four) this round.  A round's cost is
        # mostly fixed, so fewer, fuller rounds finish sooner.
        cuts = 2 if 4 * lo.shape[0] <= min(chunk, _MULTI_CUT) else 1
        for _ in range(cuts):
            # bisect the coordinate with the largest effect on the equations over the box (its
            # width times the size of its Jacobian column, rows normalised), not just the widest
            rown = last_axis_extremes(Jmag)[1][:, :, None]
            rown[rown == 0] = 1.0
            score = (width * (Jmag / rown).sum(1) + 1e-3 * width) * prio[sid] + 1e-9 * width
            k = score.argmax(1)
            rows = np.arange(lo.shape[0])
            wk = hi[rows, k] - lo[rows, k]
            split = lo[rows, k] + _SPLIT * wk
            # do not cut close to where Newton's method points (a root at a simple rational such
            # as 1/2 would sit next to the new face, and isolating it, or excluding the boxes
            # beside it, would need boxes far smaller than its distance to the face): move the
            # cut a quarter of the width away
            yk = ym[rows, k]
            near = np.abs(yk - split) < _NEAR * wk  # False where yk is nan
            if near.any():
                up = yk + _SHIFT * wk
                alt = np.where(up < hi[rows, k] - 0.2 * wk, up, yk - _SHIFT * wk)
                split = np.where(
                    near & (alt > lo[rows, k] + 0.2 * wk) & (alt < hi[rows, k] - 0.2 * wk),
                    alt,
                    split,
                )
            lo2, hi2 = lo.copy(), hi.copy()
            hi[rows, k] = split
            lo2[rows, k] = split
            lo = np.concatenate([lo, lo2])
            hi = np.concatenate([hi, hi2])
            sid = np.concatenate([sid, sid])
            Jmag = np.concatenate([Jmag, Jmag])
            ym = np.concatenate([ym, ym])
            width = np.where(sys.fixed[sid], 0.0, hi - lo)
    if found_x:
        s = np.concatenate(found_s)
        x = np.concatenate(found_x)
        blo, bhi, bY = [np.concatenate([b[k] for b in found_box]) for k in range(3)]
        # A root isolated in one box may also be the root of a verified box B*: when the
        # Krawczyk box that holds it lies inside that B*, it is B*'s root (B* holds only one).
        # Keep one copy: drop such roots of ordinary boxes, and of later B*s.
        star = np.concatenate(found_star)
        klo_, khi_ = [np.concatenate([b[k] for b in found_k]) for k in range(2)]
        js = np.flatnonzero(star)
        inner = (
            (s[:, None] == s[js][None, :])
            & (klo_[:, None] >= blo[js][None]).all(2)
            & (khi_[:, None] <= bhi[js][None]).all(2)
        )
        order = np.arange(len(s))
        dup = (inner & (~star[:, None] | (js[None, :] < order[:, None]))).any(1)
        s, x, blo, bhi, bY = s[~dup], x[~dup], blo[~dup], bhi[~dup], bY[~dup]
        x = _polish(ev, s, x, blo, bhi, bY)
    else:
        x = np.zeros((0, D))
        s = np.zeros(0, dtype=int)
    unres = {k: _polish_free(ev, k, np.array(v)) for k, v in unresolved.items()}
    return RootReport(x=x, support=s, unresolved=unres, spent=spent, reason=reason)


def _polish(ev: Evaluator, sid, x, lo, hi, Y):
    """Newton's method from inside a Krawczyk-certified box; stays with the box's unique root."""
    x0 = x.copy()
    for _ in range(2):  # simplified Newton: a contraction on the certified box
        F = ev.values(sid, x)
        x = x - np.einsum("bij,bj->bi", Y, F)
    for _ in range(4):
        F, J = ev.point(sid, x)
        Yp, ok = _safe_inverse(J)
        step = np.einsum("bij,bj->bi", Yp, F)
        x = np.where(ok[:, None], x - step, x)
        if np.abs(step).max(initial=0.0) < 1e-15:
            break
    bad = ~np.isfinite(x).all(1) | (x < lo - 1e-9).any(1) | (x > hi + 1e-9).any(1)
    x[bad] = x0[bad]
    return x


def _polish_free(ev: Evaluator, s: int, pts: np.ndarray) -> np.ndarray:
    """Least-squares Newton from sample points of an unresolved support (a few representatives)."""
    pts = pts[:: max(1, len(pts) // 8)][:8]
    sid = np.full(len(pts), s)
    x = pts.copy()
    for _ in range(8):
        F, J = ev.point(sid, x)
        for b in range(len(x)):
            step = np.linalg.lstsq(J[b], F[b], rcond=None)[0] if ev.D else np.zeros(0)
            x[b] = x[b] - step
    return x
