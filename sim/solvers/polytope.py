"""Every vertex of a polytope given as a tableau, by lexicographic pivoting.

The search behind :mod:`sim.solvers.vertex_enumeration`, which hands it the best-response
polytopes ``P`` and ``Q`` of a 2-player game.  The polytope is ``{z >= 0 : T0[:, :-1] z =
T0[:, -1]}`` with a positive right-hand side and an identity in the slack columns (the starting
basis).

Vertices are enumerated by a breadth-first search over the *lexicographically feasible* bases
of the polytope, vectorised with numpy over a whole BFS layer at a time.  Lexicographic
pivoting is the simplex method on the perturbed polytope ``{x : x >= 0, B^T x <= 1 + (e, e^2,
...)}``, which is simple: its bases are its vertices, each with exactly one neighbour per
non-basic variable, and its vertex graph is connected.  Every vertex of the original
(possibly degenerate) polytope is the limit of some vertex of the perturbed one, so the search
reaches every vertex of ``P`` and ``Q`` -- degenerate vertices, ties, duplicated strategies,
all-equal payoffs included -- and never loops (this is the argument behind Avis's lrs).

Exactness.  An integer tableau (rational payoffs scaled to integers) is updated by integer
pivoting (every entry stays an integer: a minor of the initial tableau), so signs, ties and
label sets are decided exactly.  The integers are held either as Python ints (small games) or,
from 16 variables on, as residues modulo up to 24 primes below 2^31 whose product exceeds twice
the Hadamard bound on every minor -- then all pivoting is vectorised int64 arithmetic
(:mod:`sim.solvers.modular`) and Garner's mixed-radix digits give each entry's exact sign and
zero test.  Floating point is used only as a *shadow* to pick the leaving row quickly: each
ratio is computed from exactly rounded (Python ints) or digit-accurate (modular) values, so its
relative error is below ``1e-14``, and every row whose float ratio is within a relative ``1e-9``
of the float minimum goes to an exact (integer cross-multiplication) lexicographic comparison.
Hence the exact path decides every pivot exactly; it is complete and correct on degenerate
games by the argument above, not by tolerance.  A float tableau is pivoted in float64, ties
decided with the tolerance ``tol``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from .modular import Modular as _Modular
from .modular import ModularFailure as _ModularFailure
from .modular import ModularRhs as _ModularRhs

__all__ = ["LAYER_BYTES", "MAX_LAYER", "PolytopeTooLarge", "VERTEX_BYTES", "polytope_vertices"]

# largest BFS layer handled in one piece (beyond it memory, not time, would run out first)
MAX_LAYER = 250_000
#: memory for the tableaux of one layer of the search (the layer and the next one being built)
LAYER_BYTES = 512 * 2**20
#: memory for the vertices found (their labels, bases and right-hand sides)
VERTEX_BYTES = 512 * 2**20


class PolytopeTooLarge(Exception):
    """The search stopped before it reached every vertex: a layer or the vertices found would
    pass the memory bounds, or the time limit ran out.  ``partial`` holds the vertices of the
    layers finished (the same triple :func:`polytope_vertices` returns); ``timed_out`` says
    whether the time limit stopped it."""

    def __init__(self, message: str, partial=None, timed_out: bool = False) -> None:
        super().__init__(message)
        self.partial = partial
        self.timed_out = timed_out


class _Stop(Exception):
    def __init__(self, message: str, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


def _guard(K: int, state_bytes: int = 0, what: str = "one layer") -> None:
    """Stop before a layer of ``K`` bases of ``state_bytes`` each is built past the bounds."""
    if K > MAX_LAYER:
        raise _Stop(
            f"a best-response polytope has {K:,} bases in {what} of the search, more than "
            f"the {MAX_LAYER:,} handled; the game is too large to enumerate every equilibrium "
            "(use 'lemke-howson' for one equilibrium)"
        )
    if K * state_bytes > LAYER_BYTES:
        raise _Stop(
            f"a best-response polytope has {K:,} bases in {what} of the search, whose "
            f"tableaux need {K * state_bytes / 2**20:,.0f} MB, more than the "
            f"{LAYER_BYTES / 2**20:,.0f} MB allowed; the game is too large to enumerate every "
            "equilibrium (use 'lemke-howson' for one equilibrium)"
        )


def _check_time(deadline) -> None:
    if deadline is not None and deadline.expired():
        raise _Stop(f"time limit of {deadline.seconds:.3g} s reached", timed_out=True)


def _check_kept(n_vertices: int, vertex_bytes: int) -> None:
    if n_vertices * vertex_bytes > VERTEX_BYTES:
        raise _Stop(
            f"the search has found {n_vertices:,} vertices of a best-response polytope, "
            f"which need more than the {VERTEX_BYTES / 2**20:,.0f} MB allowed; the game is too "
            "large to enumerate every equilibrium (use 'lemke-howson' for one equilibrium)"
        )


def _stopped(exc: _Stop, out_masks, out_bases, out_rhs, finish) -> PolytopeTooLarge:
    partial = finish(out_masks, out_bases, out_rhs) if out_masks else None
    return PolytopeTooLarge(str(exc), partial, exc.timed_out)


# relative window in which float ratios are treated as possible ties (exact path: then resolved
# exactly; float path: resolved lexicographically with tolerance)
_TIE_REL = 1e-9


def _exact_ratio(num: int, den: int) -> float:
    """``num / den`` of two integers as the nearest float (``inf`` past the float range)."""
    try:
        return float(Fraction(int(num), int(den)))
    except OverflowError:
        return math.inf


def _ratios(Dc: np.ndarray, Nn: int):
    """``(zero_rhs, pos, ratio, F)`` of an integer tableau chunk for the ratio test, ``F`` the
    floats of its entries (``None`` when they do not fit).

    Floats of the entries when they fit (fast); when an entry is past the float range (huge
    exact payoffs scaled to integers) each ratio is taken exactly and then rounded, so that no
    entry is ever turned into a float on its own.
    """
    try:
        F = Dc.astype(float)
    except OverflowError:
        zero_rhs = np.asarray(Dc[:, :, Nn] == 0, dtype=bool)
        pos = np.asarray(Dc[:, :, :Nn] > 0, dtype=bool)
        ratio = np.full(pos.shape, np.inf)
        for k, r, c in zip(*np.nonzero(pos)):
            ratio[k, r, c] = _exact_ratio(Dc[k, r, Nn], Dc[k, r, c])
        return zero_rhs, pos, ratio, None
    rhs_f = F[:, :, Nn]
    col = F[:, :, :Nn]
    pos = col > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(pos, rhs_f[:, :, None] / np.where(pos, col, 1.0), np.inf)
    return rhs_f == 0, pos, ratio, F


def _lex_leaving_row(
    D,
    nonb_k,
    basis_k,
    det_k,
    rows,
    c: int,
    slack_cols,
    exact: bool,
    tol: float,
    F=None,
) -> int:
    """Lexicographic minimum-ratio row among candidate ``rows`` for the entering slot ``c``.

    Compares ``(rhs, row of the basis inverse) / pivot`` lexicographically: the simplex rule on
    the perturbed right-hand side ``1 + (e, e^2, ...)``.  The basis inverse sits in the slack
    columns (they started as the identity).

    Exact path: ``F`` holds accurate floats of the integer entries of ``D`` (relative error
    < 1e-14); a column whose float ratios leave one row within a relative 1e-9 of the minimum
    decides at once, otherwise the remaining rows are compared exactly by cross-multiplication.
    """
    rhs_col = D.shape[1] - 1
    slot = {int(v): i for i, v in enumerate(nonb_k)}

    def entry(M, r, var, detval):
        if var is None:
            return M[r, rhs_col]
        s_ = slot.get(var)
        if s_ is not None:
            return M[r, s_]
        return detval if basis_k[r] == var else 0

    cand = list(rows)
    if not exact:
        for var in [None, *slack_cols]:
            vals = [entry(D, r, var, 1.0) / D[r, c] for r in cand]
            lo = min(vals)
            cand = [r for r, v in zip(cand, vals) if v <= lo + tol]
            if len(cand) == 1:
                return cand[0]
        return cand[0]  # only reachable in floating point with an ill-conditioned basis
    fdet = float(det_k) if F is not None else 0.0
    for var in [None, *slack_cols]:
        if F is not None:
            vals = [float(entry(F, r, var, fdet)) / float(F[r, c]) for r in cand]
            lo = min(vals)
            win = abs(lo) * 1e-9
            cand = [r for r, v in zip(cand, vals) if v <= lo + win]
            if len(cand) == 1:
                return cand[0]
            if lo == 0.0:
                continue  # floats of integers are 0 exactly when the integers are: exact tie
        nums = [int(entry(D, r, var, det_k)) for r in cand]
        dens = [int(D[r, c]) for r in cand]  # pivot entries: positive
        best = 0
        for i in range(1, len(cand)):
            if nums[i] * dens[best] < nums[best] * dens[i]:
                best = i
        cand = [r for i, r in enumerate(cand) if nums[i] * dens[best] == nums[best] * dens[i]]
        if len(cand) == 1:
            return cand[0]
    return cand[0]  # unreachable: rows of a basis inverse are never proportional


def polytope_vertices(
    T0: np.ndarray,
    slack_cols: list[int],
    *,
    exact: bool,
    tol: float = 1e-9,
    deadline=None,
    arithmetic: str = "auto",
):
    """Every vertex of ``{z >= 0 : T0[:, :-1] z = T0[:, -1]}``, by lexicographic pivoting.

    Exact integer tableaux are pivoted in multi-modular int64 arithmetic
    (``arithmetic="modular"``; the default from 16 variables on, when the Hadamard bound fits 24
    primes), else with Python integers (``arithmetic="bigint"``).  Both decide every sign
    exactly and return the same vertices.  See :func:`_polytope_vertices` for the return value.
    """
    # below ~8 strategies per player Python integers are cheaper than the modular set-up
    if exact and (arithmetic == "modular" or (arithmetic == "auto" and T0.shape[1] > 16)):
        mod = _Modular.for_tableau(T0)
        if mod is not None:
            try:
                return _polytope_vertices_modular(T0, slack_cols, mod, deadline=deadline)
            except _ModularFailure:
                pass  # a determinant divisible by one of the primes: redo with Python ints
    return _polytope_vertices(T0, slack_cols, exact=exact, tol=tol, deadline=deadline)


def _unseen_pivots(ks_l, cs_l, rs_l, nonb, basis, keys, seen: set, one):
    """The pivots of one search layer that lead to bases not seen before (one per new basis:
    its first pivot), ordered by the new basis' key.

    Returns ``(ks, cs, rs, entering, leaving, new_keys)`` or ``None`` when the layer adds nothing;
    the new keys are added to ``seen`` (the set of keys seen).
    """
    ks, cs, rs = np.concatenate(ks_l), np.concatenate(cs_l), np.concatenate(rs_l)
    if ks.size == 0:
        return None
    entering = nonb[ks, cs]
    leaving = basis[ks, rs]
    new_keys = keys[ks] ^ (one << leaving) ^ (one << entering)
    uk, first = np.unique(new_keys, return_index=True)
    # membership in a set of the keys seen: numpy's sorting set operations cost more per layer
    keys_l = uk.tolist()
    fresh = np.fromiter((k not in seen for k in keys_l), dtype=bool, count=len(keys_l))
    first = first[fresh]
    uk = uk[fresh]
    if uk.size == 0:
        return None
    seen.update(uk.tolist())
    return ks[first], cs[first], rs[first], entering[first], leaving[first], uk


def _polytope_vertices(
    T0: np.ndarray, slack_cols: list[int], *, exact: bool, tol: float = 1e-9, deadline=None
):
    """Every vertex of ``{z >= 0 : T0[:, :-1] z = T0[:, -1]}``, by lexicographic pivoting.

    ``T0`` must contain an identity in ``slack_cols`` (the starting basis, feasible because the
    right-hand side is positive).  Returns ``(zero_masks, bases, rhs)``: one entry per distinct
    vertex, ``zero_masks[v]`` the bitmask of variables equal to zero there (the vertex's label
    set), ``bases[v]`` the basic variable of each row and ``rhs[v]`` the right-hand side (for an
    integer tableau, the basic values times the basis determinant).

    The tableau is kept condensed (dictionary form: only the non-basic columns and the
    right-hand side), which halves the arithmetic per pivot.
    """
    R, C = T0.shape
    V = C - 1
    if V > 62:
        raise ValueError(f"vertex enumeration handles at most 62 strategies in total (got {V})")
    one = np.int64(1)
    full = (one << V) - 1
    dtype = object if exact else float
    slack_cols = list(slack_cols)
    nonb0 = [v for v in range(V) if v not in slack_cols]
    T0 = np.asarray(T0, dtype=dtype)
    D = T0[:, nonb0 + [V]][None, :, :].copy()
    Nn = len(nonb0)
    det = np.array([1], dtype=object) if exact else None
    basis = np.array([slack_cols], dtype=np.int64)
    nonb = np.array([nonb0], dtype=np.int64)
    keys = np.bitwise_or.reduce(one << basis, axis=1)
    seen = {int(keys[0])}
    out_masks, out_bases, out_rhs = [], [], []
    cells = R * (Nn + 1)
    state_bytes = (160 if exact else 24) * cells
    vertex_bytes = (56 if exact else 16) * R + 108
    kept = 0

    try:
        while D.shape[0]:
            _check_time(deadline)
            # record the vertices of this layer and run the ratio tests for every (state, entering
            # slot) on the float shadow, in cache-sized chunks of states
            K = D.shape[0]
            step = max(1, 32768 // (R * (Nn + 1)))
            masks_l, ks_l, cs_l, rs_l = [], [], [], []
            for s0 in range(0, K, step):
                _check_time(deadline)
                Dc = D[s0 : s0 + step]
                F = None
                if exact:
                    zero_rhs, pos, ratio, F = _ratios(Dc, Nn)
                else:
                    F = Dc
                    rhs_f = F[:, :, Nn]
                    zero_rhs = rhs_f <= tol
                    col = F[:, :, :Nn]
                    pos = col > tol
                    with np.errstate(divide="ignore", invalid="ignore"):
                        ratio = np.where(pos, rhs_f[:, :, None] / np.where(pos, col, 1.0), np.inf)
                masks_l.append(
                    (full ^ keys[s0 : s0 + step])
                    | np.bitwise_or.reduce(
                        np.where(zero_rhs, one << basis[s0 : s0 + step], 0), axis=1
                    )
                )
                mn = ratio.min(axis=1)  # (chunk, Nn)
                if exact:
                    near = pos & (ratio <= mn[:, None, :] * (1 + _TIE_REL))
                else:
                    near = pos & (ratio <= mn[:, None, :] + tol)
                cnt = near.sum(axis=1)
                kl, cl = np.nonzero(cnt >= 1)
                rl = np.argmax(near[kl, :, cl], axis=1)
                for t in np.nonzero(cnt[kl, cl] > 1)[0]:
                    k, c = int(kl[t]), int(cl[t])
                    kk = s0 + k
                    rows = np.nonzero(near[k, :, c])[0]
                    rl[t] = _lex_leaving_row(
                        D[kk],
                        nonb[kk],
                        basis[kk],
                        None if det is None else det[kk],
                        rows,
                        c,
                        slack_cols,
                        exact,
                        tol,
                        F=F[k] if exact and F is not None else None,
                    )
                ks_l.append(kl + s0)
                cs_l.append(cl)
                rs_l.append(rl)
            out_masks.append(np.concatenate(masks_l))
            out_bases.append(basis)
            out_rhs.append(D[:, :, Nn])
            layer = _unseen_pivots(ks_l, cs_l, rs_l, nonb, basis, keys, seen, one)
            if layer is None:
                break
            ks, cs, rs, entering, leaving, uk = layer
            n_new = ks.size
            kept += K
            _guard(n_new, state_bytes, "the next layer")
            _check_kept(kept + n_new, vertex_bytes)
            ar = np.arange(n_new)
            P = D[ks]
            piv = P[ar, rs, cs]
            colc = P[ar, :, cs]
            rowr = P[ar, rs, :]
            if exact:
                dk = det[ks]
                # in place on the gathered copy: fewer temporary object arrays
                newD = P
                np.multiply(newD, piv[:, None, None], out=newD)
                np.subtract(newD, colc[:, :, None] * rowr[:, None, :], out=newD)
                np.floor_divide(newD, dk[:, None, None], out=newD)
                newD[ar, :, cs] = -colc
                newD[ar, rs, :] = rowr
                newD[ar, rs, cs] = dk
                det = piv
            else:
                newD = P  # a fresh gathered copy: update in place, in cache-sized chunks
                step = max(1, 32768 // max(1, P[0].size))
                rowp = rowr / piv[:, None]
                for s0 in range(0, n_new, step):
                    blk = newD[s0 : s0 + step]
                    blk -= colc[s0 : s0 + step, :, None] * rowp[s0 : s0 + step, None, :]
                newD[ar, :, cs] = -colc / piv[:, None]
                newD[ar, rs, :] = rowr / piv[:, None]
                newD[ar, rs, cs] = 1.0 / piv
                newD[np.abs(newD) < 1e-14] = 0.0
            nb = basis[ks].copy()
            nb[ar, rs] = entering
            nn = nonb[ks].copy()
            nn[ar, cs] = leaving
            D, basis, nonb, keys = newD, nb, nn, uk
    except _Stop as exc:
        raise _stopped(exc, out_masks, out_bases, out_rhs, _finish) from None

    return _finish(out_masks, out_bases, out_rhs)


def _finish(out_masks, out_bases, out_rhs):
    """The distinct vertices of the layers recorded."""
    masks = np.concatenate(out_masks)
    bases = np.concatenate(out_bases)
    rhs = np.concatenate(out_rhs)
    _, idx = np.unique(masks, return_index=True)
    idx.sort()
    return masks[idx], bases[idx], rhs[idx]


def _polytope_vertices_modular(T0, slack_cols: list[int], mod: _Modular, *, deadline=None):
    R, C = T0.shape
    V = C - 1
    if V > 62:
        raise ValueError(f"vertex enumeration handles at most 62 strategies in total (got {V})")
    one = np.int64(1)
    full = (one << V) - 1
    slack_cols = list(slack_cols)
    nonb0 = [v for v in range(V) if v not in slack_cols]
    cols0 = nonb0 + [V]
    Rz = [r[:, cols0][None, :, :].copy() for r in mod.residues(T0)]
    det = [np.ones(1, dtype=np.int64) for _ in range(mod.k)]
    Nn = len(nonb0)
    basis = np.array([slack_cols], dtype=np.int64)
    nonb = np.array([nonb0], dtype=np.int64)
    keys = np.bitwise_or.reduce(one << basis, axis=1)
    seen = {int(keys[0])}
    out_masks, out_bases, out_rhs = [], [], []

    class _LazyState:
        """Exact entries of state ``k``'s tableau, reconstructed only when asked for."""

        __slots__ = ("k", "memo", "shape", "F")

        def __init__(self, k, F):
            self.k, self.memo, self.shape, self.F = k, {}, (R, Nn + 1), F

        def __getitem__(self, rc):
            v = self.memo.get(rc)
            if v is None:
                r, c = rc
                f = self.F[r, c]
                if mod.bounded and abs(f) < 2.0**52:
                    # the decoded float of an integer below 2^52 in size is exact: its
                    # mixed-radix terms are all non-negative and below it
                    v = int(f)
                else:
                    v = mod.to_int([Rz[j][self.k, r, c] for j in range(mod.k)])
                self.memo[rc] = v
            return v

    def exact_state(k: int, F):
        return _LazyState(k, F), mod.to_int([det[j][k] for j in range(mod.k)])

    def finish(out_masks, out_bases, out_rhs):
        masks = np.concatenate(out_masks)
        bases = np.concatenate(out_bases)
        rhs = np.concatenate(out_rhs, axis=1)  # (k, vertices, rows)
        _, idx = np.unique(masks, return_index=True)
        idx.sort()
        return masks[idx], bases[idx], _ModularRhs(rhs[:, idx, :], mod)

    cells = R * (Nn + 1)
    state_bytes = 16 * mod.k * cells
    vertex_bytes = 8 * (mod.k + 1) * R + 108
    kept = 0

    try:
        while Rz[0].shape[0]:
            _check_time(deadline)
            K = Rz[0].shape[0]
            step = max(1, 32768 // (R * (Nn + 1)))
            masks_l, ks_l, cs_l, rs_l = [], [], [], []
            for s0 in range(0, K, step):  # cache-sized chunks of states
                _check_time(deadline)
                sl = slice(s0, s0 + step)
                zero, neg, F = mod.decode([r[sl] for r in Rz])
                rhs_zero = zero[:, :, Nn]
                masks_l.append(
                    (full ^ keys[sl])
                    | np.bitwise_or.reduce(np.where(rhs_zero, one << basis[sl], 0), axis=1)
                )
                pos = ~(zero[:, :, :Nn] | neg[:, :, :Nn])
                rhs_f = F[:, :, Nn]
                with np.errstate(divide="ignore", invalid="ignore"):
                    ratio = np.where(
                        pos, rhs_f[:, :, None] / np.where(pos, F[:, :, :Nn], 1.0), np.inf
                    )
                mn = ratio.min(axis=1)
                near = pos & (ratio <= mn[:, None, :] * (1 + _TIE_REL))
                cnt = near.sum(axis=1)
                kl, cl = np.nonzero(cnt >= 1)
                rl = np.argmax(near[kl, :, cl], axis=1)
                for t in np.nonzero(cnt[kl, cl] > 1)[0]:
                    k, c = int(kl[t]), int(cl[t])
                    Dk, dk = exact_state(s0 + k, F[k])
                    rows = np.nonzero(near[k, :, c])[0]
                    rl[t] = _lex_leaving_row(
                        Dk, nonb[s0 + k], basis[s0 + k], dk, rows, c, slack_cols, True, 0.0, F=F[k]
                    )
                ks_l.append(kl + s0)
                cs_l.append(cl)
                rs_l.append(rl)
            out_masks.append(np.concatenate(masks_l))
            out_bases.append(basis)
            out_rhs.append(np.stack([r[:, :, Nn] for r in Rz]))
            layer = _unseen_pivots(ks_l, cs_l, rs_l, nonb, basis, keys, seen, one)
            if layer is None:
                break
            ks, cs, rs, entering, leaving, uk = layer
            n_new = ks.size
            kept += K
            _guard(n_new, state_bytes, "the next layer")
            _check_kept(kept + n_new, vertex_bytes)
            ar = np.arange(n_new)
            newRz, newdet = [], []
            for j, p in enumerate(mod.p):
                _check_time(deadline)
                P = Rz[j][ks]
                piv = P[ar, rs, cs]
                colc = P[ar, :, cs]
                rowr = P[ar, rs, :]
                dk = det[j][ks]
                inv = mod.inverse(dk, j)
                # (P piv - colc rowr) / det with the inverse folded into the small factors: both
                # products stay below 2^62, so one reduction at the end suffices
                piv_i = piv * inv % p
                colc_i = colc * inv[:, None] % p
                N = P  # a fresh gathered copy: update it in place, in cache-sized chunks
                step = max(1, 32768 // max(1, P[0].size))
                tmp = np.empty((min(step, n_new), *P.shape[1:]), dtype=np.int64)
                for s0 in range(0, n_new, step):
                    blk = N[s0 : s0 + step]
                    t = tmp[: blk.shape[0]]
                    np.multiply(blk, piv_i[s0 : s0 + step, None, None], out=blk)
                    np.multiply(
                        colc_i[s0 : s0 + step, :, None], rowr[s0 : s0 + step, None, :], out=t
                    )
                    blk -= t
                    # blk mod p as blk - (blk // p) p: integer division by a scalar is much
                    # cheaper than numpy's remainder
                    np.floor_divide(blk, p, out=t)
                    t *= p
                    blk -= t
                N[ar, :, cs] = (p - colc) % p
                N[ar, rs, :] = rowr
                N[ar, rs, cs] = dk
                newRz.append(N)
                newdet.append(piv)
            nb = basis[ks].copy()
            nb[ar, rs] = entering
            nn = nonb[ks].copy()
            nn[ar, cs] = leaving
            Rz, det, basis, nonb, keys = newRz, newdet, nb, nn, uk
    except _Stop as exc:
        raise _stopped(exc, out_masks, out_bases, out_rhs, finish) from None

    return finish(out_masks, out_bases, out_rhs)
