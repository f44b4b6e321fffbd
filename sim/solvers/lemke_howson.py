"""One equilibrium of a 2-player game: the Lemke–Howson algorithm.

Complementary pivoting on the two best-response polytopes (Lemke and Howson, "Equilibrium
points of bimatrix games", *SIAM J. Appl. Math.* 12, 1964; the tableau form of von Stengel,
*Handbook of Game Theory* vol. 3, ch. 45, §3).  Payoffs are shifted to be >= 1, then::

    P tableau (rows = column strategies):  B^T x + s = 1      labels: x_i -> i,   s_j -> m+j
    Q tableau (rows = row strategies):     r + A y   = 1      labels: r_i -> i,   y_j -> m+j

Starting at the artificial equilibrium ``(0, 0)`` the variable carrying the dropped label
enters; each leaving variable's complement (the other variable with the same label) enters the
other tableau next, until the dropped label is picked up again.  The leaving row is chosen by
the **lexicographic** minimum-ratio rule on ``(rhs, row of the basis inverse)``, which is the
rule for the perturbed right-hand side ``1 + (e, e^2, ...)``: the perturbed problem is
non-degenerate, so every path is simple and ends at an equilibrium -- degenerate games (ties,
duplicated strategies) never make it cycle.

Arithmetic is float64 with numpy and BLAS, no JIT (so no warm-up cost): each pivot is a
rank-one change of the tableau, kept pending and folded in by one matrix product every few
dozen pivots (see :class:`_Tableau`).  With rational payoffs the end basis is re-solved
exactly: the support's indifference system is square and non-singular at a lexicographic
basis, so solving it once in integers (fraction-free) gives the exact equilibrium, which is
then certified with zero regret in integers; the registry takes that certificate instead of
checking again.  If the float path was misled (ill-conditioning), the float profile is
returned for certification by tolerance instead.

``labels="all"`` runs the algorithm from every label and then from every equilibrium found,
dropping every label again, until nothing new appears: the equilibria of the Lemke–Howson
graph's component containing the artificial equilibrium (Shapley, 1974).  That set is not
always every equilibrium; ``enumerate`` gives them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..game import Game
from ..results import DEFAULT_TOL, Equilibrium, certify, integer_payoffs, pareto_efficient
from .registry import SolverOutput, register
from .zero_sum import _equalising_pair, integer_rows

__all__ = ["lemke_howson", "lemke_howson_path", "lemke_howson_solver"]


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
        make as a small BLAS call): ``D0``, ``U`` and ``V`` flat (BLAS
        reads a row or column of them with a stride, where a strided view would be copied),
        the rows of ``U`` and ``V``, and ``U[:k]^T``, ``V[:k]^T`` for every ``k``."""
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


def _block(game: Game, p: int, rows, cols) -> tuple[np.ndarray, int]:
    """``(M, D)``: player ``p``'s payoffs on ``rows`` x ``cols`` (index lists, or ``None`` for
    all) as integers ``M`` (int64, or Python ints in an object array) with payoffs ``M / D``.

    From the game's cached integer payoffs (:func:`sim.results.integer_payoffs`) when it has
    them; else the block's Fractions are put over their common denominator."""
    ints = integer_payoffs(game)
    if ints is not None:
        D, M = ints[0], ints[1][..., p]
    else:
        D, M = 1, game.exact[..., p]
    if rows is not None:
        M = M[rows]
    if cols is not None:
        M = M[:, cols]
    if ints is not None:
        return M, D
    vals, D = integer_rows(M)
    return np.array(vals, dtype=object).reshape(M.shape), D


def _dot(M: np.ndarray, v: list[int]) -> list[int]:
    """``M @ v`` exactly: in int64 when no sum can reach 2^63, else in Python integers."""
    if len(v) == 0:
        return [0] * M.shape[0]
    top = max(map(abs, v))
    if M.dtype != object and top < 2**62 and int(np.abs(M).max()) * top * len(v) < 2**62:
        return (M @ np.array(v, dtype=np.int64)).tolist()
    return M.astype(object).dot(np.array(v, dtype=object)).tolist()


def _top(M: np.ndarray, v: list[int], d: int, rows) -> tuple[int, bool]:
    """``(top, attained)``: ``max_i (M v)_i`` exactly, and whether every row in ``rows``
    attains it.  ``v / d`` is a probability vector (``v >= 0``, ``sum v == d``).

    A float product first: with ``|M| < 2^53`` (int64 payoffs are below 2^40) each entry of
    ``M (v / d)`` is within ``(k + 2) 2^-53 max|M|`` of the exact one (``k = len(v)``, any
    summation order), so a row more than twice that below the float maximum is below the exact
    maximum, and only the other rows (and ``rows``) are computed in integers."""
    if M.dtype != object and M.shape[0] > len(rows) + 1:
        f = M @ np.array([t / d for t in v])
        err = (len(v) + 2) * 2.0**-52 * float(np.abs(M).max())
        near = np.flatnonzero(f >= f.max() - 2.0 * err).tolist()
        pick = sorted(set(near).union(rows))
        pay = dict(zip(pick, _dot(M[pick], v)))
    else:
        pay = dict(enumerate(_dot(M, v)))
    top = max(pay.values())
    return top, all(pay[i] == top for i in rows)


def _support_system(game: Game, state: _State):
    """The supports and exact strategies of the end basis, as integers: ``(S, xn, dx, Sy, yn,
    dy)`` with ``x[S] = xn / dx`` and ``y[Sy] = yn / dy``, or ``None``.

    At a lexicographic end basis the support's indifference systems are square and
    non-singular: ``x`` makes the column player indifferent over ``T`` (the columns whose
    slack is non-basic) and ``y`` the row player over ``Ty``.  Each is solved once, fraction-free
    in integers (:func:`sim.solvers.zero_sum._equalising_pair`; a positive scaling of the
    payoffs leaves the probabilities unchanged).
    """
    m, n = game.shape
    bP, bQ = set(state.P.basis), set(state.Q.basis)
    S = sorted(v for v in bP if v < m)  # support of x
    T = [j - m for j in range(m, m + n) if j not in bP]
    Sy = sorted(v - m for v in bQ if v >= m)  # support of y
    Ty = [i for i in range(m) if i not in bQ]
    if len(S) != len(T) or len(Sy) != len(Ty) or not S or not Sy:
        return None
    bx = _block(game, 1, S, T)[0].T.tolist()  # row j in T: column j's payoffs over S
    by = _block(game, 0, Ty, Sy)[0].tolist()
    sx, sy = _equalising_pair(bx), _equalising_pair(by)
    if sx is None or sy is None:
        return None
    xn, _, _, dx = sx
    yn, _, _, dy = sy
    if min(xn) < 0 or min(yn) < 0:
        return None
    return S, xn, dx, Sy, yn, dy


_ZERO = Fraction(0)


def _certified(game: Game, S, xn, dx, Sy, yn, dy) -> Equilibrium | None:
    """The certified equilibrium ``x[S] = xn / dx``, ``y[Sy] = yn / dy``, or ``None``.

    Exact, in integers: the payoffs times their common denominator against the probability
    numerators (positive scalings keep every comparison).  Every row in ``S`` must pay the row
    player the most against ``y`` and every column in ``Sy`` the column player the most against
    ``x``: zero regret for both, over all pure deviations.
    """
    m, n = game.shape
    if dx <= 0 or dy <= 0 or sum(xn) != dx or sum(yn) != dy or min(xn) < 0 or min(yn) < 0:
        return None
    ra, da = _block(game, 0, None, list(Sy))
    rb, db = _block(game, 1, list(S), None)
    top_r, ok_r = _top(ra, yn, dy, S)
    top_c, ok_c = _top(rb.T, xn, dx, Sy)
    if not (ok_r and ok_c):
        return None
    x = [_ZERO] * m
    y = [_ZERO] * n
    for i, t in zip(S, xn):
        x[i] = Fraction(t, dx)
    for j, t in zip(Sy, yn):
        y[j] = Fraction(t, dy)
    pay = (Fraction(top_r, da * dy), Fraction(top_c, db * dx))
    return Equilibrium(
        strategies=(tuple(x), tuple(y)),
        payoffs=pay,
        max_regret=Fraction(0),
        exact=True,
        pareto_efficient=pareto_efficient(game, [float(v) for v in pay]),
    )


class _Certified(tuple):
    """An exact profile that :func:`_certified` has already certified for ``game``: the
    registry's check (:func:`_certify`) returns its equilibrium instead of checking again."""

    game: Game
    equilibrium: Equilibrium


def _certify(game: Game, profile, tol: float = DEFAULT_TOL) -> Equilibrium | None:
    if isinstance(profile, _Certified) and profile.game is game:
        return profile.equilibrium
    return certify(game, profile, tol=tol)


def _resolve_label(game: Game, label) -> int:
    m, n = game.shape
    if isinstance(label, int | np.integer) and not isinstance(label, bool):
        if not 0 <= int(label) < m + n:
            raise ValueError(f"label must be in 0..{m + n - 1} (row strategies first), got {label}")
        return int(label)
    s = str(label)
    hits = []
    if ":" in s:
        p, _, st = s.partition(":")
        i = game.player_index(p)
        k = game.strategy_index(i, st)
        return k if i == 0 else m + k
    for i in range(2):
        if s in game.strategies[i]:
            k = game.strategies[i].index(s)
            hits.append(k if i == 0 else m + k)
    if not hits:
        raise ValueError(f"label {label!r} is not a strategy of either player")
    if len(hits) > 1:
        raise ValueError(
            f"label {label!r} names a strategy of both players; write 'player:strategy'"
        )
    return hits[0]


def lemke_howson(game: Game, label=0, *, tol: float = 1e-12, deadline=None):
    """One equilibrium ``(x, y)`` by Lemke–Howson from the artificial equilibrium, dropping
    ``label`` (an index ``0..m+n-1`` with row strategies first, or a strategy id).  Exact
    Fractions when the payoffs are rational and the end basis re-solves exactly."""
    m, n = game.shape
    k = _resolve_label(game, label)
    A, B = game.bimatrix()
    state, _ = lemke_howson_path(_start(A, B), m, n, k, tol=tol, deadline=deadline)
    return _finish(game, state)


def _finish(game: Game, state: _State):
    if game.exact is not None:
        sol = _support_system(game, state)
        eq = _certified(game, *sol) if sol is not None else None
        if eq is not None:
            prof = _Certified(eq.strategies)
            prof.game, prof.equilibrium = game, eq
            return prof
    x, y = _float_profile(state, *game.shape)
    return tuple(x.tolist()), tuple(y.tolist())


def _key(state: _State) -> tuple:
    return (tuple(sorted(state.bP.tolist())), tuple(sorted(state.bQ.tolist())))


def _all_labels(game: Game, tol: float, deadline):
    """Equilibria reachable from the artificial equilibrium and from each other, every label."""
    m, n = game.shape
    A, B = game.bimatrix()
    start = _start(A, B)
    artificial = _key(start)
    found: dict[tuple, _State] = {}
    queue = []
    for k in range(m + n):
        st, _ = lemke_howson_path(start.copy(), m, n, k, tol=tol, deadline=deadline)
        key = _key(st)
        if key != artificial and key not in found:
            found[key] = st
            queue.append(st)
    while queue:
        st0 = queue.pop()
        for k in range(m + n):
            st, _ = lemke_howson_path(st0.copy(), m, n, k, tol=tol, deadline=deadline)
            key = _key(st)
            if key != artificial and key not in found:
                found[key] = st
                queue.append(st)
    return [_finish(game, st) for st in found.values()]


def _exact_fallback(game: Game, deadline):
    """One equilibrium of an exact game by exact vertex enumeration (when the float
    Lemke-Howson path fails on badly scaled payoffs); ``None`` if the game is not exact or its
    polytopes are too large."""
    if game.exact is None:
        return None
    from .polytope import PolytopeTooLarge
    from .vertex_enumeration import extreme_equilibria

    try:
        profiles, _, _ = extreme_equilibria(game, exact=True, deadline=deadline)
    except PolytopeTooLarge:
        return None
    return profiles[0] if profiles else None


def _fallback_output(prof, why: str) -> SolverOutput:
    return SolverOutput(
        candidates=[prof],
        complete=True,
        complete_set=False,
        message=f"one equilibrium, exact ({why}; it comes from exact vertex enumeration); "
        "other equilibria may exist",
        details={"fallback": "enumerate"},
    )


@register(
    "lemke-howson",
    players="2",
    finds="one",
    exact=True,
    certify=_certify,
    summary="one equilibrium of a 2-player game by Lemke-Howson (lexicographic, never "
    "cycles); labels='all' for every equilibrium it can reach",
)
def lemke_howson_solver(game: Game, *, tol: float, deadline, label=0, labels=None) -> SolverOutput:
    """Registry entry ``lemke-howson``.

    Options: ``label`` (index ``0..m+n-1``, row strategies first, or a strategy id; default 0),
    ``labels="all"`` (every equilibrium reachable from all labels; still not necessarily all).
    """
    if labels is not None:
        if labels != "all":
            raise ValueError("labels must be 'all' (or omitted to use one label)")
        try:
            cands = _all_labels(game, tol=1e-12, deadline=deadline)
        except RuntimeError as exc:  # numerical trouble: say so, return nothing uncertified
            return SolverOutput(
                candidates=[], complete=False, complete_set=False, message=f"gave up: {exc}"
            )
        return SolverOutput(
            candidates=cands,
            complete=True,
            complete_set=False,
            message=f"{len(cands)} equilibri{'um' if len(cands) == 1 else 'a'} reachable by "
            "Lemke-Howson from every label; other equilibria may exist "
            "(method 'enumerate' finds them all)",
        )
    k = _resolve_label(game, label)
    m = game.shape[0]
    who = game.strategies[0][k] if k < m else game.strategies[1][k - m]
    try:
        prof = lemke_howson(game, k, deadline=deadline)
    except RuntimeError as exc:  # numerical trouble: the exact path, or say so
        prof = _exact_fallback(game, deadline)
        if prof is None:
            return SolverOutput(
                candidates=[], complete=False, complete_set=False, message=f"gave up: {exc}"
            )
        return _fallback_output(prof, f"the floating-point path failed ({exc})")
    if game.exact is not None and not isinstance(prof, _Certified):
        # payoffs too far apart in size for floats (1e80 next to 1e-80): the float end basis
        # did not re-solve exactly; an exact answer is better than one within a tolerance
        exact = _exact_fallback(game, deadline)
        if exact is not None:
            return _fallback_output(exact, "the floating-point path could not be made exact")
    return SolverOutput(
        candidates=[prof],
        complete=True,
        complete_set=False,
        message=f"one equilibrium (Lemke-Howson, dropped label {who!r}); "
        "other equilibria may exist",
        details={"label": k},
    )
