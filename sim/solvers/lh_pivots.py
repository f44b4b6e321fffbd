"""The pivoting of :mod:`sim.solvers.lemke_howson`: two condensed simplex tableaux in float64,
a pivot as a pending rank-one term, and the complementary path between them.

The arithmetic is numpy and BLAS with no JIT (so no warm-up cost).  Each pivot costs the
entering column and the pivot row (two small matrix-vector products) and a few whole-array
operations for the ratio test; every few dozen pivots the pending terms are folded into the
tableau by one matrix product (see :class:`_Tableau`).  At a few microseconds a pivot the
interpreter's own cost matters as much as the arithmetic, so the loop (:func:`_pivots`) keeps
everything in local names, calls BLAS with positional arguments on precomputed views, and
takes a cheaper ratio test while every right-hand side is positive.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["lemke_howson_path"]


_BLAS: list = []


def _blas():
    """``scipy.linalg.blas``, imported on first use (it costs ~0.4 s of a cold start)."""
    if not _BLAS:
        from scipy.linalg import blas

        _BLAS.append(blas)
    return _BLAS[0]


class _Tableau:
    """A condensed (dictionary) simplex tableau: only the non-basic columns and the rhs.

    The current tableau is ``D = D0 + U[:, :k] V[:, :k]^T``: ``D0[r, c]`` is a stale copy of
    the coefficient of non-basic variable ``nonb[c]`` in the row of basic variable ``basis[r]``,
    and every pivot since the last refresh is one rank-one term.  A pivot exchanging row ``r``
    and column ``c`` (pivot element ``p``, current column ``g``, current row ``h``) is exactly
    ``D += a b^T`` with ``a = -g / p`` except ``a_r = (1 - p) / p``, and ``b = h`` except
    ``b_c = p + 1``.  A pivot then needs only the entering column and the pivot row (two small
    matrix-vector products); every ``K`` pivots the terms are folded into ``D0`` by one
    matrix product, which runs at the processor's full speed where a rank-one update per pivot
    is bound by memory traffic.  The right-hand side ``rhs`` is kept current.  Variables are
    numbered by label (``0..m+n-1``).  The pivots themselves run in :func:`_pivots`.
    """

    __slots__ = (
        "D0",
        "U",
        "V",
        "k",
        "rhs",
        "basis",
        "nonb",
        "slot",
        "slack",
        "buf",
        "K",
        "views",
        "clean",
    )

    def __init__(self, D0: np.ndarray, basis: list[int], nonb: list[int]):
        """``D0``: coefficients of the non-basic variables ``nonb`` (columns) in the rows of
        the basic (slack) variables ``basis``; the right-hand side starts at all ones."""
        R, C = D0.shape
        self.D0 = np.asfortranarray(D0, dtype=float)
        self.rhs = np.ones(R)
        # plain lists: scalar reads and writes on them are much cheaper than on numpy arrays
        self.basis = list(basis)
        self.nonb = list(nonb)
        self.slot = [-1] * (R + C)
        for c, v in enumerate(nonb):
            self.slot[v] = c
        self.slack = list(basis)
        # OpenBLAS runs a matrix-vector product on several threads from 9216 entries; on a
        # busy machine that costs far more than it saves, so the pending terms stay below it
        self.K = max(4, min(46, 6000 // max(R, C, 1)))
        self.U = np.zeros((self.K, R))  # row t: the column factor a of pivot t
        self.V = np.zeros((self.K, C))  # row t: the row factor b of pivot t
        self.k = 0
        self.buf = np.empty(R)
        self.views: tuple | None = None
        self.clean = True  # every rhs > 0 (see _pivots)

    def copy(self) -> _Tableau:
        t = object.__new__(_Tableau)
        t.D0, t.U, t.V, t.k, t.K = (
            self.D0.copy(order="F"),
            self.U.copy(),
            self.V.copy(),
            self.k,
            self.K,
        )
        t.rhs = self.rhs.copy()
        t.basis, t.nonb, t.slot = list(self.basis), list(self.nonb), list(self.slot)
        t.slack = self.slack
        t.buf = np.empty_like(self.buf)
        t.views = None
        t.clean = self.clean
        return t

    def bind(self) -> tuple:
        """The arrays a pivot touches, and views of them made once (a view costs as much to
        make as a small BLAS call): ``D0``, ``U`` and ``V`` flat (BLAS reads a row or column
        of them with a stride, where the wrapper would copy a strided view), the rows of ``U``
        and ``V``, and ``U[:k]^T``, ``V[:k]^T`` for every ``k``."""
        if self.views is None:
            D0, U, V = self.D0, self.U, self.V
            Ut, Vt = U.T, V.T  # Fortran-ordered: BLAS takes them as they are
            self.views = (
                D0.ravel(order="F"),
                U.reshape(-1),
                V.reshape(-1),
                list(U),
                list(V),
                [Ut[:, :k] for k in range(U.shape[0] + 1)],
                [Vt[:, :k] for k in range(U.shape[0] + 1)],
                self.rhs,
                self.buf,
                self.basis,
                self.nonb,
                self.slot,
                D0.shape,
            )
        return self.views

    def column(self, c: int) -> np.ndarray:
        """The current column of non-basic slot ``c`` (a new array)."""
        k = self.k
        if k == 0:
            return self.D0[:, c].copy()
        g = self.V[:k, c] @ self.U[:k]
        g += self.D0[:, c]
        return g

    def fold(self) -> None:
        """Fold the pending rank-one terms into ``D0``."""
        k = self.k
        if k:
            dgemm = _blas().dgemm
            # column blocks small enough that BLAS stays on one thread (a multi-threaded
            # product on a busy machine costs far more than it saves at these sizes)
            D0, Ut, V = self.D0, self.U[:k].T, self.V[:k]
            w = max(1, 250_000 // max(1, D0.shape[0] * k))
            for s in range(0, D0.shape[1], w):
                blk = D0[:, s : s + w]
                out = dgemm(1.0, Ut, V[:, s : s + w], 1.0, blk, 0, 0, 1)
                if out is not blk:  # BLAS could not work in place (should not happen)
                    blk[:, :] = out
            self.k = 0

    def leaving_row(self, g: np.ndarray, tol: float) -> int:
        """Lexicographic minimum-ratio row for the entering column ``g``."""
        buf = self.buf
        np.divide(self.rhs, g, out=buf)
        buf[g <= tol] = np.inf
        r = int(buf.argmin())
        lo = float(buf[r])
        if lo == np.inf:
            raise RuntimeError("unbounded ray in Lemke-Howson")
        bound = lo + tol * (lo if lo > 1.0 else 1.0)
        buf[r] = np.inf
        if float(buf.min()) > bound:
            return r
        buf[r] = lo
        keep = np.nonzero(buf <= bound)[0]
        # the basis inverse's column for a basic slack is the unit vector of its row: among
        # the tied rows it removes that row (ratio 1 / g against 0) and leaves the rest tied
        row_of = {self.basis[i]: i for i in keep.tolist()}
        for var in self.slack:  # columns of the basis inverse, in order
            c = self.slot[var]
            if c < 0:
                i = row_of.get(var)
                if i is None or not 1.0 / g[i] > tol:
                    continue
                keep = keep[keep != i]
            else:
                vals = self.column(c)[keep] / g[keep]
                keep = keep[vals <= vals.min() + tol]
            if keep.size == 1:
                break
        return int(keep[0])

    def values(self, lo: int, hi: int) -> np.ndarray:
        out = np.zeros(hi - lo)
        for r, v in enumerate(self.basis):
            if lo <= v < hi:
                out[v - lo] = self.rhs[r]
        return out


#: the fast ratio test's margin: a second-best ratio within 1e-14 (relative) of the tolerance
#: bound goes to the careful rule, far beyond the few roundings between the two computations
_NEAR1 = 1.0 - 1e-14


def _pivots(tab: _Tableau, other: _Tableau, entering: int, label: int, tol, limit, deadline):
    """Pivot ``entering`` into ``tab``, the leaving variable's complement into ``other``, and so
    on, until ``label`` leaves; return the number of pivots.

    Each pivot takes the entering column (a copy and a matrix-vector product), the minimum
    ratio (a handful of whole-array operations; ties go to :meth:`_Tableau.leaving_row`), the
    rank-one term and the pivot row (another product).  The loop keeps everything in local
    names and calls BLAS with positional arguments: at a few microseconds per pivot, keyword
    parsing and attribute look-ups would cost as much as the arithmetic.
    """
    blas = _blas()
    gemv, axpy, scal, dcopy = blas.dgemv, blas.daxpy, blas.dscal, blas.dcopy
    maximum, divide, inf = np.maximum, np.divide, np.inf
    # tol as an array: a scalar operand costs a conversion on every call
    cur = (tab, tab.bind(), np.full(len(tab.rhs), tol))
    nxt = (other, other.bind(), np.full(len(other.rhs), tol))
    for t in (tab, other):
        t.clean = bool(t.rhs.min() > 0.0)
    pivots = 0
    while True:
        if deadline is not None and not pivots & 63:
            deadline.check()
        tab, views, tols = cur
        D0f, Uf, Vf, Urows, Vrows, Utk, Vtk, rhs, buf, basis, nonb, slot, (R, C) = views
        k = tab.k
        if k == tab.K:
            tab.fold()
            k = 0
        c = slot[entering]
        # the current column, built in the slot of the next rank-one term: D0[:, c] plus
        # U[:k]^T V[:k, c] (V's column c read with stride C)
        g = Urows[k]
        dcopy(D0f, g, R, c * R, 1, 0, 1)
        if k:
            gemv(1.0, Utk[k], Vf, 1.0, g, c, C, 0, 1, 0, 1)
        if tab.clean:
            # every rhs > 0: the leaving row maximises g / rhs.  It is taken without the
            # careful rule when its g > tol and every other row's ratio rhs / g exceeds the
            # minimum by the tolerance (with room for rounding): then it is the row the careful
            # rule would pick, and every rhs stays > 0 after the pivot
            divide(g, rhs, out=buf)
            r = int(buf.argmax())
            piv = g.item(r)
            rr = rhs.item(r)
            fast = piv > tol
            if fast:
                lo = rr / piv
                buf[r] = -inf
                fast = buf.item(buf.argmax()) * (lo + tol * (lo if lo > 1.0 else 1.0)) < _NEAR1
        else:
            # rhs / max(g, tol): a row with g <= tol gets a huge ratio, or (rhs ~ 0) it wins
            # and the test below sends it to the careful rule
            maximum(g, tols, out=buf)
            divide(rhs, buf, out=buf)
            r = int(buf.argmin())
            lo = buf.item(r)
            buf[r] = inf
            piv = g.item(r)
            fast = not (
                piv <= tol or buf.item(buf.argmin()) <= lo + tol * (lo if lo > 1.0 else 1.0)
            )
            rr = rhs.item(r)
        if not fast:
            tab.k = k
            r = tab.leaving_row(g, tol)
            piv = g.item(r)
            rr = rhs.item(r)
        # the pivot; U[k] holds the current column g of slot c, it becomes a = -g / p
        inv = 1.0 / piv
        axpy(g, rhs, R, -rr * inv)
        rhs[r] = rr * inv
        if not (fast and tab.clean):
            tab.clean = rhs.item(rhs.argmin()) > 0.0
        scal(-inv, g)
        g[r] = (1.0 - piv) * inv
        # the pivot row: D0[r, :] (stride R) plus V[:k]^T U[:k, r] (stride R)
        b = Vrows[k]
        dcopy(D0f, b, C, r, R, 0, 1)
        if k:
            gemv(1.0, Vtk[k], Uf, 1.0, b, r, R, 0, 1, 0, 1)
        b[c] = piv + 1.0
        tab.k = k + 1
        leaving = basis[r]
        basis[r] = entering
        nonb[c] = leaving
        slot[leaving] = c
        slot[entering] = -1
        pivots += 1
        if leaving == label:
            return pivots
        if pivots > limit:
            raise RuntimeError(f"Lemke-Howson exceeded {limit} pivots (numerical trouble)")
        entering = leaving
        cur, nxt = nxt, cur


@dataclass
class _State:
    P: _Tableau  # rows = column strategies; variables x_0..x_{m-1}, s_0..s_{n-1}
    Q: _Tableau  # rows = row strategies; variables r_0..r_{m-1}, y_0..y_{n-1}

    def copy(self) -> _State:
        return _State(self.P.copy(), self.Q.copy())

    @property
    def bP(self) -> np.ndarray:
        return np.asarray(self.P.basis, dtype=np.int64)

    @property
    def bQ(self) -> np.ndarray:
        return np.asarray(self.Q.basis, dtype=np.int64)


def _scaled(M: np.ndarray) -> np.ndarray:
    """``(M - min + 1) / max`` of that, in a new Fortran-ordered array (the layout of a
    tableau), written in place: no temporaries."""
    out = np.empty(M.shape, order="F")
    np.subtract(M, M.min(), out=out)
    out += 1.0
    out /= out.max()
    return out


def _start(A: np.ndarray, B: np.ndarray) -> _State:
    m, n = A.shape
    # P: rows = column strategies (basic slacks s_j), non-basic x_i;  Q: rows = row
    # strategies (basic slacks r_i), non-basic y_j
    P = _Tableau(_scaled(B.T), list(range(m, m + n)), list(range(m)))
    Q = _Tableau(_scaled(A), list(range(m)), list(range(m, m + n)))
    return _State(P, Q)


def lemke_howson_path(
    state: _State,
    m: int,
    n: int,
    label: int,
    *,
    tol: float = 1e-12,
    max_pivots: int | None = None,
    deadline=None,
) -> tuple[_State, int]:
    """Follow the path that drops ``label`` from a complementary basis; return the end state
    and the number of pivots.  ``state`` is modified in place.

    Label ``L`` is carried by variable ``L`` in both tableaux (``x_L``/``r_L`` for ``L < m``,
    ``s_j``/``y_j`` for ``L = m + j``); exactly one of the two is non-basic, and it enters.
    """
    tab = state.P if state.P.slot[label] >= 0 else state.Q
    other = state.Q if tab is state.P else state.P
    limit = max_pivots if max_pivots is not None else 50 * (m + n) ** 2 + 100
    with np.errstate(divide="ignore", invalid="ignore"):
        pivots = _pivots(tab, other, label, label, tol, limit, deadline)
    return state, pivots


def _float_profile(state: _State, m: int, n: int):
    x = state.P.values(0, m)
    y = state.Q.values(m, m + n)
    x = np.clip(x, 0.0, None)
    y = np.clip(y, 0.0, None)
    return x / x.sum(), y / y.sum()
