"""The partners in ``Q`` of the vertices of ``P``: every equilibrium from one polytope's search.

:mod:`sim.solvers.vertex_enumeration` pairs vertices ``x`` of ``P = {x >= 0 : B^T x <= 1}`` with
vertices ``y`` of ``Q = {y >= 0 : A y <= 1}`` whose label sets together cover every label.  This
module finds the partners of each vertex ``x`` of ``P`` without searching ``Q``.

Let ``L`` be the labels of ``x != 0`` and ``K`` the labels it lacks.  The partners are the
vertices of ``Q`` that have every label of ``K``: the points of the face

    ``F = {y in Q : y_j = 0 for the columns j not best responses to x, (A y)_i = 1 for the rows i
    in the support of x}``

that are vertices of ``Q``.  With ``R`` the support of ``x`` and ``S`` its best-response columns,
``F`` is ``{y_S >= 0 : A[R, S] y_S = 1, (A y)_i <= 1 for the other rows}``.

* A vertex ``x`` with exactly ``m`` labels (non-degenerate) has ``|R| = |S|``.  If ``A[R, S]`` is
  non-singular, ``F`` holds one point at most: the solution of that square system, a partner
  exactly when it lies in ``Q``.  These systems are solved in floating point for all such
  vertices at once (:func:`float_filter`), with a rigorous error bound; only the vertices whose
  solution may lie in ``Q`` (and those the bound cannot vouch for) go on to :func:`face_partners`,
  which decides them in exact rational arithmetic.
* A degenerate ``x`` (more labels) or a singular system gives a face ``F`` of dimension
  ``d >= 0``; :func:`face_partners` finds its vertices exactly when ``d <= 1`` (a point or a
  segment) and returns ``None`` otherwise, and the caller then searches ``Q`` after all.

The partners found are the same vertices the two-polytope search pairs ``x`` with, so the same
extreme equilibria and the same components come out.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .exact_linear import solve_integer

__all__ = ["face_partners", "float_filter", "label_sets"]

_EPS = float(np.finfo(float).eps)
#: systems are solved in batches of sizes padded to a multiple of this
_PAD = 4


def label_sets(masks: np.ndarray, m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``(support, best)`` boolean arrays of P-vertices with label ``masks``: ``support[v, i]``
    when ``x_i > 0`` (label ``i`` absent), ``best[v, j]`` when column ``j`` is a best response
    (label ``m + j`` present)."""
    bits = ((masks[:, None] >> np.arange(m + n, dtype=np.int64)) & 1).astype(bool)
    return ~bits[:, :m], bits[:, m:]


def float_filter(A: np.ndarray, masks: np.ndarray, m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Split the non-degenerate vertices of ``P`` (label ``masks``, each with exactly ``m``
    labels) by their candidate partner ``y``, the solution of ``A[R, S] y_S = 1``.

    ``A`` holds the row player's shifted payoffs as floats scaled to ``0 < a <= 1``.  Returns
    ``(keep, doubt)``: indices into ``masks`` of the vertices whose ``y`` may lie in ``Q`` (to be
    certified exactly) and of those whose system is singular or too ill-conditioned for the
    bound below (to be solved exactly).  Every other vertex provably has no partner.

    The bound.  With ``X`` the computed inverse of the float matrix ``M`` and ``y = X 1``, let
    ``delta`` bound ``||I - X M*||`` for the exact matrix ``M*`` (``M`` is ``M*`` rounded entry by
    entry, relative error ``eps``; the product's own rounding is at most ``k eps |X| |M|``).  If
    ``delta <= 1/2``, ``||M*^-1|| <= 2 ||X||`` (all norms infinity-norms), and the exact solution
    ``y*`` satisfies ``|y* - y| <= ||M*^-1|| ||1 - M* y|| <= 2 ||X|| (||r|| + 2 (k + 1) eps
    (||M|| ||y|| + 1)) = err``, ``r`` the residual computed in floats (its rounding and ``M``'s
    are the second term).  So ``y* >= 0`` implies ``y >= -err``, and ``(A y*)_i <= 1`` implies
    ``(A y)_i <= 1 + k err + 2 k (k + 1) eps ||y||`` (entries of ``A`` are at most 1).  The test
    below keeps every vertex passing both with the margins doubled and ``1e-9`` added: a true
    partner is never dropped, and a false one only costs an exact check.  When ``delta > 1/2``
    (or anything is not finite) the vertex is in doubt and goes to the exact solve.
    """
    support, best = label_sets(masks, m, n)
    k_all = support.sum(1)
    keep_l: list[np.ndarray] = []
    doubt_l: list[np.ndarray] = []
    # systems of size k are padded to a size kp (k <= kp, kp a multiple of _PAD) with an identity
    # block and right-hand side 0, so that one batch solves many sizes: the padded solution is
    # (y, 0), and the bound below holds for the padded system as it stands
    kps = -(-k_all // _PAD) * _PAD
    for kp in np.unique(kps):
        kp = int(kp)
        sel = np.nonzero(kps == kp)[0]
        ks = k_all[sel]
        pad = np.arange(kp)[None, :] >= ks[:, None]  # the first kp - k of kp pad slots
        rhs = (~pad).astype(float)
        R = np.nonzero(np.hstack([support[sel], pad[:, ::-1]]))[1].reshape(-1, kp)
        S = np.nonzero(np.hstack([best[sel], pad[:, ::-1]]))[1].reshape(-1, kp)
        Aug = np.zeros((m + kp, n + kp))
        Aug[:m, :n] = A
        Aug[m:, n:] = np.eye(kp)
        M = Aug[R[:, :, None], S[:, None, :]]
        ok = np.ones(sel.size, dtype=bool)
        try:
            X = np.linalg.inv(M)
        except np.linalg.LinAlgError:  # a matrix with a zero pivot: those go to the exact solve
            ok = np.linalg.det(M) != 0
            X = np.zeros_like(M)
            try:
                X[ok] = np.linalg.inv(M[ok])
            except np.linalg.LinAlgError:
                ok[:] = False
        with np.errstate(all="ignore"):
            nM = np.abs(M).sum(2).max(1)
            nX = np.abs(X).sum(2).max(1)
            E = X @ M
            E[:, np.arange(kp), np.arange(kp)] -= 1.0
            delta = np.abs(E).sum(2).max(1) + 3 * (kp + 1) * _EPS * nX * nM
            y = np.einsum("vij,vj->vi", X, rhs)
            r = rhs - np.einsum("vij,vj->vi", M, y)
            ny = np.abs(y).max(1)
            err = 2 * nX * (np.abs(r).max(1) + 2 * (kp + 1) * _EPS * (nM * ny + 1))
            ok &= (delta <= 0.5) & np.isfinite(err)
            tol_y = 2 * err + 1e-9
            feasible = (y >= -tol_y[:, None]).all(1)
            Ay = np.einsum("vj,vjm->vm", y, Aug[:m].T[S])  # (A y)_i for every row i
            slack = 2 * (kp * err + 2 * kp * (kp + 1) * _EPS * ny) + 1e-9
            feasible &= ((Ay <= 1.0 + slack[:, None]) | support[sel]).all(1)
        doubt_l.append(sel[~ok])
        keep_l.append(sel[ok & feasible])
    empty = np.zeros(0, dtype=np.int64)
    keep = np.concatenate(keep_l) if keep_l else empty
    doubt = np.concatenate(doubt_l) if doubt_l else empty
    keep.sort()
    doubt.sort()
    return keep, doubt


def _rref(rows: list[list[Fraction]], ncols: int) -> tuple[list[list[Fraction]], list[int]] | None:
    """Reduced row echelon form of the augmented system ``rows`` (``ncols`` unknowns, the
    right-hand side last): ``(pivot rows, pivot columns)``, or ``None`` if it is inconsistent."""
    rows = [r[:] for r in rows]
    pivots: list[int] = []
    top = 0
    for c in range(ncols):
        p = next((i for i in range(top, len(rows)) if rows[i][c] != 0), None)
        if p is None:
            continue
        rows[top], rows[p] = rows[p], rows[top]
        pr = rows[top]
        inv = 1 / pr[c]
        pr[:] = [v * inv for v in pr]
        for i, row in enumerate(rows):
            f = row[c]
            if i != top and f != 0:
                row[:] = [a - f * b for a, b in zip(row, pr)]
        pivots.append(c)
        top += 1
        if top == len(rows):
            break
    if any(row[ncols] != 0 for row in rows[top:]):
        return None
    return rows[:top], pivots


def face_partners(
    A: list[list[int]], da: int, mask: int, m: int, n: int
) -> list[tuple[Fraction, ...]] | None:
    """The partners of the vertex of ``P`` with labels ``mask``, exactly: the vertices of ``Q =
    {y >= 0 : A y <= da}`` (``A`` integer rows, ``da > 0``) having every label ``mask`` lacks,
    each normalised to probabilities.  ``None`` when that face has dimension 2 or more.

    The face's equations ``A[R, S] y_S = da`` are brought to reduced echelon form; with ``d``
    free unknowns its points are ``y0 + N t``, ``t`` in ``R^d``.  ``d = 0``: one point, kept if
    it lies in ``Q``.  ``d = 1``: the face is the segment of ``t`` between the tightest lower and
    upper bounds the other constraints of ``Q`` put on ``t`` (``Q`` is bounded), and its ends are
    its vertices.
    """
    R = [i for i in range(m) if not (mask >> i) & 1]
    S = [j for j in range(n) if (mask >> (m + j)) & 1]
    s = len(S)
    if not R or not S:
        return []
    others = [i for i in range(m) if (mask >> i) & 1]
    if len(R) == s:
        solved = solve_integer([[A[i][j] for j in S] for i in R], [da] * s)
        if solved is not None:  # the one point of the face, kept if it lies in Q
            X, det = solved
            if min(X) < 0 or any(sum(A[i][j] * w for j, w in zip(S, X)) > da * det for i in others):
                return []
            y = [Fraction(0)] * n
            total = sum(X)
            for j, w in zip(S, X):
                y[j] = Fraction(w, total)
            return [tuple(y)]
    system = [[Fraction(A[i][j]) for j in S] + [Fraction(da)] for i in R]
    red = _rref(system, s)
    if red is None:
        return []
    rows, pivots = red
    free = [c for c in range(s) if c not in pivots]
    if len(free) > 1:
        return None
    y0 = [Fraction(0)] * s
    for row, c in zip(rows, pivots):
        y0[c] = row[s]
    if not free:
        points = [y0]
    else:
        f = free[0]
        v = [Fraction(0)] * s
        v[f] = Fraction(1)
        for row, c in zip(rows, pivots):
            v[c] = -row[f]
        # every constraint as a t <= b: -y_j <= 0 for j in S, A_i y <= da for the other rows
        cons = [(-v[c], y0[c]) for c in range(s)]
        for i in others:
            Ai = [A[i][j] for j in S]
            cons.append(
                (sum(a * w for a, w in zip(Ai, v)), da - sum(a * w for a, w in zip(Ai, y0)))
            )
        lo = hi = None
        for a, b in cons:
            if a > 0:
                hi = b / a if hi is None else min(hi, b / a)
            elif a < 0:
                lo = b / a if lo is None else max(lo, b / a)
            elif b < 0:
                return []
        if lo is None or hi is None:
            return None  # unbounded: cannot happen in the bounded Q; let the search decide
        if lo > hi:
            return []
        ends = [lo] if lo == hi else [lo, hi]
        points = [[a + t * w for a, w in zip(y0, v)] for t in ends]
    out = []
    for p in points:
        if any(v < 0 for v in p):
            continue
        if any(sum(A[i][j] * w for j, w in zip(S, p)) > da for i in others):
            continue
        total = sum(p)
        y = [Fraction(0)] * n
        for j, w in zip(S, p):
            y[j] = w / total
        out.append(tuple(y))
    return out
