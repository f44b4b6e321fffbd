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
dozen pivots (:mod:`sim.solvers.lh_pivots`).  With rational payoffs the end basis is re-solved
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

from fractions import Fraction

import numpy as np

from ..game import Game
from ..results import DEFAULT_TOL, Equilibrium, certify, integer_payoffs, pareto_efficient
from .lh_pivots import _float_profile, _start, _State, lemke_howson_path
from .registry import SolverOutput, register
from .zero_sum import _equalising_pair, integer_rows

__all__ = ["lemke_howson", "lemke_howson_path", "lemke_howson_solver"]


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
