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

Arithmetic is float64 with numpy (an ``O(m n)`` rank-one update per pivot; no JIT, so no
warm-up cost).  With rational payoffs the end basis is re-solved exactly: the support's
indifference system is square and non-singular at a lexicographic basis, so solving it in
Fractions gives the exact equilibrium, which is then certified with zero regret.  If the float
path was misled (ill-conditioning), the float profile is returned for certification by
tolerance instead.

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
from .registry import SolverOutput, register

__all__ = ["lemke_howson", "lemke_howson_path", "lemke_howson_solver"]


class _Tableau:
    """A condensed (dictionary) simplex tableau: only the non-basic columns and the rhs.

    ``D[r, c]`` is the coefficient of non-basic variable ``nonb[c]`` in the row of basic
    variable ``basis[r]``; the last column is the right-hand side.  Variables are numbered by
    label (``0..m+n-1``).  ``D`` is Fortran-ordered so the rank-one update runs in place in BLAS.
    """

    __slots__ = (
        "D",
        "basis",
        "nonb",
        "slot",
        "slack",
        "buf",
        "blocks",
        "rhs",
        "colbuf",
        "rowbuf",
        "dger",
    )

    def __init__(self, full: np.ndarray, slack: list[int]):
        V = full.shape[1] - 1
        nonb = [v for v in range(V) if v not in slack]
        self.D = np.asfortranarray(full[:, nonb + [V]], dtype=float)
        # plain lists: scalar reads and writes on them are much cheaper than on numpy arrays
        self.basis = list(slack)
        self.nonb = list(nonb)
        self.slot = [-1] * V
        for c, v in enumerate(nonb):
            self.slot[v] = c
        self.slack = list(slack)
        self._make_blocks()

    def _make_blocks(self):
        # OpenBLAS runs a rank-one update multi-threaded above 8192 entries; on a busy
        # machine that costs 100x.  Updating column blocks below that size keeps it serial.
        R, C = self.D.shape
        w = max(1, 8192 // max(1, R))
        self.buf = np.empty(R)
        self.colbuf = np.empty(R)
        self.rowbuf = np.empty(C)
        self.rhs = self.D[:, -1]  # D is only ever updated in place, so views stay valid
        self.blocks = [(self.D[:, s : s + w], self.rowbuf[s : s + w]) for s in range(0, C, w)]
        # imported here, not at module level: scipy.linalg costs ~0.4 s of every cold start
        from scipy.linalg.blas import dger

        self.dger = dger

    def copy(self) -> _Tableau:
        t = object.__new__(_Tableau)
        t.D = self.D.copy(order="F")
        t.basis, t.nonb, t.slot = list(self.basis), list(self.nonb), list(self.slot)
        t.slack = self.slack
        t._make_blocks()
        return t

    def inverse_entry(self, r: int, var: int) -> float:
        c = self.slot[var]
        return float(self.D[r, c]) if c >= 0 else (1.0 if self.basis[r] == var else 0.0)

    def leaving_row(self, c: int, tol: float) -> int:
        """Lexicographic minimum-ratio row for entering slot ``c``."""
        col = self.D[:, c]
        buf = self.buf
        np.divide(self.rhs, col, out=buf)
        buf[col <= tol] = np.inf
        r = int(buf.argmin())
        lo = float(buf[r])
        if lo == np.inf:
            raise RuntimeError("unbounded ray in Lemke-Howson")
        if np.count_nonzero(buf <= lo + tol * (lo if lo > 1.0 else 1.0)) == 1:
            return r
        keep = np.nonzero(buf <= lo + tol * max(1.0, lo))[0]
        for var in self.slack:  # rows of the basis inverse, in order
            vals = np.array([self.inverse_entry(int(k), var) / col[k] for k in keep])
            keep = keep[vals <= vals.min() + tol]
            if keep.size == 1:
                break
        return int(keep[0])

    def pivot(self, r: int, c: int) -> int:
        """Exchange basic ``basis[r]`` with non-basic ``nonb[c]``; return the leaving variable."""
        D = self.D
        piv = float(D[r, c])
        colv, rowv = self.colbuf, self.rowbuf
        Dc, Dr = D[:, c], D[r, :]
        np.copyto(colv, Dc)
        np.copyto(rowv, Dr)
        alpha = -1.0 / piv
        for view, rowpart in self.blocks:
            out = self.dger(alpha, colv, rowpart, a=view, overwrite_a=1)
            if out is not view:  # BLAS could not work in place (should not happen)
                view[:, :] = out
        inv = 1.0 / piv
        np.multiply(rowv, inv, out=Dr)
        np.multiply(colv, -inv, out=Dc)
        D[r, c] = inv
        leaving = self.basis[r]
        entering = self.nonb[c]
        self.basis[r] = entering
        self.nonb[c] = leaving
        self.slot[leaving] = c
        self.slot[entering] = -1
        return leaving

    def values(self, lo: int, hi: int) -> np.ndarray:
        out = np.zeros(hi - lo)
        for r, v in enumerate(self.basis):
            if lo <= v < hi:
                out[v - lo] = self.D[r, -1]
        return out


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


def _start(A: np.ndarray, B: np.ndarray) -> _State:
    m, n = A.shape
    A = A - A.min() + 1.0
    B = B - B.min() + 1.0
    A = A / A.max()
    B = B / B.max()
    TP = np.hstack([B.T, np.eye(n), np.ones((n, 1))])
    TQ = np.hstack([np.eye(m), A, np.ones((m, 1))])
    return _State(_Tableau(TP, list(range(m, m + n))), _Tableau(TQ, list(range(m))))


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
    entering = label
    pivots = 0
    limit = max_pivots if max_pivots is not None else 50 * (m + n) ** 2 + 100
    with np.errstate(divide="ignore", invalid="ignore"):
        while True:
            if deadline is not None and pivots % 64 == 0:
                deadline.check()
            c = int(tab.slot[entering])
            r = tab.leaving_row(c, tol)
            leaving = tab.pivot(r, c)
            pivots += 1
            if leaving == label:
                return state, pivots
            if pivots > limit:
                raise RuntimeError(f"Lemke-Howson exceeded {limit} pivots (numerical trouble)")
            entering = leaving
            tab, other = other, tab


def _float_profile(state: _State, m: int, n: int):
    x = state.P.values(0, m)
    y = state.Q.values(m, m + n)
    x = np.clip(x, 0.0, None)
    y = np.clip(y, 0.0, None)
    return x / x.sum(), y / y.sum()


def _solve_exact(M: list[list[Fraction]]) -> list[Fraction] | None:
    """Solve ``M z = 1`` exactly; ``None`` if singular.

    Fraction-free (Bareiss) elimination on the integer matrix obtained by clearing each row's
    denominators: every intermediate is an integer minor, so no gcd work per operation.
    """
    import math

    k = len(M)
    aug = []
    for row in M:
        den = math.lcm(*(q.denominator for q in row))
        aug.append([int(q * den) for q in row] + [den])
    prev = 1
    for c in range(k):
        p = next((r for r in range(c, k) if aug[r][c] != 0), None)
        if p is None:
            return None
        aug[c], aug[p] = aug[p], aug[c]
        pc = aug[c]
        piv = pc[c]
        for r in range(c + 1, k):
            rr = aug[r]
            f = rr[c]
            aug[r] = [(a * piv - f * b) // prev for a, b in zip(rr, pc)]
        prev = piv
    # back substitution on the upper-triangular integer system
    z: list[Fraction] = [Fraction(0)] * k
    for r in reversed(range(k)):
        row = aug[r]
        acc = Fraction(row[k])
        for c in range(r + 1, k):
            if row[c]:
                acc -= row[c] * z[c]
        z[r] = acc / row[r]
    return z


def _exact_profile(game: Game, state: _State):
    """Exact equilibrium from the end basis: solve the square tight systems in Fractions."""
    m, n = game.shape
    A, B = game.bimatrix(exact=True)
    S = sorted(int(v) for v in state.bP if v < m)  # support of x
    T = sorted(int(v) - m for v in range(m, m + n) if v not in set(state.bP.tolist()))
    Sy = sorted(int(v) - m for v in state.bQ if v >= m)  # support of y
    Ty = sorted(int(v) for v in range(m) if v not in set(state.bQ.tolist()))
    if len(S) != len(T) or len(Sy) != len(Ty) or not S or not Sy:
        return None
    # any shift making the system non-singular gives the same normalised solution; an integer
    # one found from the float payoffs avoids a slow exact minimum over the whole matrix
    bs = Fraction(1 - int(np.floor(game.payoffs[..., 1].min())))
    as_ = Fraction(1 - int(np.floor(game.payoffs[..., 0].min())))
    xs = _solve_exact([[B[i, j] + bs for i in S] for j in T])
    ys = _solve_exact([[A[i, j] + as_ for j in Sy] for i in Ty])
    if xs is None or ys is None or sum(xs) == 0 or sum(ys) == 0:
        return None
    x = [Fraction(0)] * m
    y = [Fraction(0)] * n
    sx, sy = sum(xs), sum(ys)
    for i, v in zip(S, xs):
        x[i] = v / sx
    for j, v in zip(Sy, ys):
        y[j] = v / sy
    return tuple(x), tuple(y)


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


def _exact_regret_free(game: Game, x, y) -> bool:
    """Exact check that ``(x, y)`` is an equilibrium, touching only the supports.

    Works on integers: payoffs times their common denominator, probabilities as numerators
    over a common denominator (both positive scalings leave the comparisons unchanged).
    """
    import math

    A, B = game.bimatrix(exact=True)
    Sx = [i for i, v in enumerate(x) if v]
    Sy = [j for j, v in enumerate(y) if v]

    def ints(M, rows, cols):
        sub = M[np.ix_(rows, cols)]
        den = math.lcm(*(q.denominator for q in sub.reshape(-1)))
        return np.vectorize(lambda q: int(q * den), otypes=[object])(sub)

    def nums(p, S):
        den = math.lcm(*(p[k].denominator for k in S))
        return np.array([int(p[k] * den) for k in S], dtype=object)

    m, n = game.shape
    row_pay = ints(A, list(range(m)), Sy).dot(nums(y, Sy))
    col_pay = ints(B, Sx, list(range(n))).T.dot(nums(x, Sx))
    return all(row_pay[i] == max(row_pay) for i in Sx) and all(
        col_pay[j] == max(col_pay) for j in Sy
    )


def _finish(game: Game, state: _State):
    if game.exact is not None:
        prof = _exact_profile(game, state)
        if (
            prof is not None
            and all(v >= 0 for p in prof for v in p)
            and _exact_regret_free(game, *prof)
        ):
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
    if game.exact is not None and not all(isinstance(v, Fraction) for p in prof for v in p):
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
