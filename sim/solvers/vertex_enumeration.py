"""All Nash equilibria of a 2-player game: vertex enumeration of the best-response polytopes.

Method
------
Shift both payoff matrices so every entry is >= 1 (this changes no equilibrium) and form the
best-response polytopes (von Stengel, *Handbook of Game Theory* vol. 3, ch. 45, 2002)::

    P = {x in R^m : x >= 0, B^T x <= 1}        Q = {y in R^n : A y <= 1, y >= 0}

Labels ``0..m-1`` are the row strategies, ``m..m+n-1`` the column strategies.  A point of ``P``
has label ``i`` when ``x_i = 0`` and label ``m+j`` when column ``j`` is a best response to it
(``(B^T x)_j = 1``); a point of ``Q`` has label ``i`` when row ``i`` is a best response and
``m+j`` when ``y_j = 0``.  The *extreme* Nash equilibria are exactly the pairs of vertices
``(x, y) != (0, 0)`` whose label sets together cover all ``m+n`` labels, normalised to
probabilities -- and this holds for degenerate games too (Avis, Rosenberg, Savani, von Stengel,
"Enumeration of Nash equilibria for two-player games", *Economic Theory* 42, 2010).
Every equilibrium component is the union of convex hulls of cliques of such pairs; two extreme
equilibria lie in the same component exactly when they are connected in the bipartite graph
whose nodes are the x- and y-vertices and whose edges are the equilibrium pairs (same paper).
:func:`vertex_enumeration` reports those connected components.

The vertices come from :func:`sim.solvers.polytope.polytope_vertices` (lexicographic pivoting,
breadth-first, vectorised; complete on degenerate polytopes).  With rational payoffs
(``game.exact``) the payoffs are scaled to integers, so the search decides every sign, tie and
label set exactly and the probabilities are exact Fractions.  Then only one polytope is searched
(that of the player with fewer strategies, ``P`` below): the partners in ``Q`` of each vertex of
``P`` are the vertices of a face of ``Q`` fixed by the labels the vertex lacks, found by a
float-filtered square solve and decided exactly (:mod:`sim.solvers.vertex_partners`); a face of
dimension 2 or more (tied payoffs) makes it search ``Q`` too.  :func:`extreme_equilibria` with
``search="two"`` keeps the search of both polytopes, which gives the same result.

Without exact payoffs the same search runs on float64 tableaux; ties are then decided with the
tolerance ``tol`` (scaled to the payoffs) and the registry certifies each candidate by regret.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ..game import Game
from ..results import integer_payoffs
from .polytope import PolytopeTooLarge, polytope_vertices
from .registry import SolverOutput, register
from .vertex_partners import face_partners, float_filter

__all__ = ["polytope_vertices", "vertex_enumeration", "extreme_equilibria"]

#: vertex pairs tested when the search of the second polytope stopped early
_MAX_PARTIAL_PAIRS = 50_000_000


def _integer_matrix(M: np.ndarray) -> tuple[list[list[int]], int]:
    """Shift a Fraction matrix so its entries are >= 1, then scale to integers.

    Returns ``(rows of ints, scale D)`` with ``int_matrix = D * (M - min(M) + 1)``.
    """
    flat = list(M.reshape(-1))
    lo = min(flat)
    shifted = [q - lo + 1 for q in flat]
    den = math.lcm(*(q.denominator for q in shifted))
    ints = [int(q * den) for q in shifted]
    rows, cols = M.shape
    return [ints[r * cols : (r + 1) * cols] for r in range(rows)], den


def _exact_integer_matrices(game: Game):
    """``(A, da, B, db)``: both payoff matrices shifted to entries >= 1 and scaled to Python
    integers (lists of rows), ``da``/``db`` the scale (the payoffs' common denominator)."""
    ints = integer_payoffs(game)
    if ints is not None:
        # the same shift to entries >= 1, scaled by the payoffs' common denominator D
        D, T = ints
        Ai = (T[..., 0] - T[..., 0].min() + D).tolist()
        Bi = (T[..., 1] - T[..., 1].min() + D).tolist()
        return Ai, D, Bi, D
    A, B = game.bimatrix(exact=True)
    Ai, da = _integer_matrix(A)
    Bi, db = _integer_matrix(B)
    return Ai, da, Bi, db


def _tableau_P(Bi, db: int, m: int, n: int) -> np.ndarray:
    """Integer tableau of P: rows = column strategies, columns = [x_0..x_{m-1}, s_0..s_{n-1},
    rhs]."""
    TP = np.zeros((n, m + n + 1), dtype=object)
    TP[:, :] = 0
    for j in range(n):
        for i in range(m):
            TP[j, i] = Bi[i][j]
        TP[j, m + j] = 1
        TP[j, m + n] = db
    return TP


def _tableau_Q(Ai, da: int, m: int, n: int) -> np.ndarray:
    """Integer tableau of Q: rows = row strategies, columns = [r_0..r_{m-1}, y_0..y_{n-1},
    rhs]."""
    TQ = np.zeros((m, m + n + 1), dtype=object)
    TQ[:, :] = 0
    for i in range(m):
        TQ[i, i] = 1
        for j in range(n):
            TQ[i, m + j] = Ai[i][j]
        TQ[i, m + n] = da
    return TQ


def _initial_tableaux(game: Game, exact: bool):
    """Tableaux of P and Q with columns ordered by label, rhs last.

    P: rows = column strategies, columns = [x_0..x_{m-1}, s_0..s_{n-1}, rhs]
    Q: rows = row strategies,    columns = [r_0..r_{m-1}, y_0..y_{n-1}, rhs]
    """
    m, n = game.shape
    if exact:
        Ai, da, Bi, db = _exact_integer_matrices(game)
        return _tableau_P(Bi, db, m, n), _tableau_Q(Ai, da, m, n)
    A, B = game.bimatrix()
    A = A - A.min() + 1.0
    B = B - B.min() + 1.0
    A = A / A.max()
    B = B / B.max()
    TP = np.hstack([B.T, np.eye(n), np.ones((n, 1))])
    TQ = np.hstack([np.eye(m), A, np.ones((m, 1))])
    return TP, TQ


def _vertex_point(basis, rhs, var_lo: int, var_hi: int, exact: bool):
    """Normalised point (probabilities) on variables ``var_lo..var_hi-1`` of one vertex."""
    size = var_hi - var_lo
    vals = [0] * size
    for r, b in enumerate(basis):
        if var_lo <= b < var_hi:
            vals[int(b) - var_lo] = rhs[r]
    if exact:
        total = sum(int(v) for v in vals)
        return tuple(Fraction(int(v), total) for v in vals)
    arr = np.clip(np.asarray(vals, dtype=float), 0.0, None)
    return tuple(float(v) for v in arr / arr.sum())


def _popcount(masks: np.ndarray) -> np.ndarray:
    bits = np.unpackbits(np.ascontiguousarray(masks, dtype=np.int64).view(np.uint8))
    return bits.reshape(-1, 64).sum(1)


def _complementary_pairs(mp, keep_p, m, mq, keep_q, n, full, deadline) -> list[tuple[int, int]]:
    """Pairs ``(a, b)`` of vertices of P (among ``keep_p``) and Q (among ``keep_q``) whose label
    sets cover every label (``mp[a] | mq[b] == full``), sorted.

    A vertex of P has at least ``m`` labels and one of Q at least ``n``; when both have
    exactly that many, they pair up only if each label set is the other's complement, which a
    sorted look-up finds.  Only the vertices with more labels (degenerate ones) are compared
    with every vertex of the other polytope."""
    if keep_p.size == 0 or keep_q.size == 0:
        return []
    simple_p = _popcount(mp[keep_p]) == m
    simple_q = _popcount(mq[keep_q]) == n
    found_a: list[np.ndarray] = []
    found_b: list[np.ndarray] = []
    # simple with simple: the complement of the label set, looked up among Q's (distinct) masks
    sp, sq = keep_p[simple_p], keep_q[simple_q]
    if sp.size and sq.size:
        order = np.argsort(mq[sq], kind="stable")
        sorted_q = mq[sq][order]
        want = full ^ mp[sp]
        at = np.minimum(np.searchsorted(sorted_q, want), sorted_q.size - 1)
        hit = sorted_q[at] == want
        found_a.append(sp[hit])
        found_b.append(sq[order[at[hit]]])
    # a degenerate vertex on either side: compare it with every vertex of the other polytope
    for rows, cols in ((keep_p[~simple_p], keep_q), (keep_p[simple_p], keep_q[~simple_q])):
        if not rows.size or not cols.size:
            continue
        chunk = max(1, 4_000_000 // cols.size)
        for s in range(0, rows.size, chunk):
            if deadline is not None:
                deadline.check()
            block = rows[s : s + chunk]
            a, b = np.nonzero((mp[block][:, None] | mq[cols][None, :]) == full)
            found_a.append(block[a])
            found_b.append(cols[b])
    if not found_a:
        return []
    A = np.concatenate(found_a)
    B = np.concatenate(found_b)
    order = np.lexsort((B, A))
    return [(int(a), int(b)) for a, b in zip(A[order], B[order])]


def _components(pairs) -> list[list[int]]:
    """Connected components of the bipartite graph x-vertex -- y-vertex whose edges are
    ``pairs`` (union-find), as lists of indices into ``pairs``."""
    parent: dict = {}

    def find(u):
        while parent.setdefault(u, u) != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for a, b in pairs:
        ra, rb = find(("x", a)), find(("y", b))
        if ra != rb:
            parent[ra] = rb
    groups: dict = {}
    for k, (a, _b) in enumerate(pairs):
        groups.setdefault(find(("x", a)), []).append(k)
    return sorted(groups.values(), key=lambda g: g[0])


#: below this many non-degenerate vertices an exact solve for each costs less than the float
#: filter's fixed cost
_FEW_VERTICES = 24

#: which search :func:`extreme_equilibria` runs with rational payoffs: ``"one"`` (the vertices
#: of one polytope and their partners, :func:`_one_polytope`) or ``"two"`` (both polytopes'
#: vertices, paired by labels); both give the same equilibria and components
EXACT_SEARCH = "one"


def extreme_equilibria(
    game: Game,
    *,
    exact: bool | None = None,
    tol: float = 1e-9,
    deadline=None,
    search: str | None = None,
):
    """Every extreme equilibrium of a 2-player game and the components they form.

    Returns ``(profiles, components, info)``: ``profiles`` a list of ``(x, y)`` probability
    tuples (Fractions when exact), ``components`` a list of lists of indices into ``profiles``
    (connected components of the bipartite vertex graph), ``info`` counts of vertices.
    ``search`` (exact arithmetic only; default :data:`EXACT_SEARCH`) picks the search: ``"one"``
    or ``"two"`` polytopes.
    """
    if game.n_players != 2:
        raise ValueError("vertex enumeration needs a 2-player game")
    if exact is None:
        exact = game.exact is not None
    if exact and game.exact is None:
        raise ValueError("exact arithmetic needs rational payoffs")
    if exact and (search or EXACT_SEARCH) == "one":
        m, n = game.shape
        Ai, da, Bi, db = _exact_integer_matrices(game)
        if m <= n:
            pairs, xs, info = _one_polytope(Ai, da, Bi, db, m, n, deadline)
            profiles = [(xs[a], y) for a, y in pairs]
        else:  # search the polytope of the player with fewer strategies: Q, as P of (B^T, A^T)
            At = [list(col) for col in zip(*Ai)]
            Bt = [list(col) for col in zip(*Bi)]
            pairs, xs, info = _one_polytope(Bt, db, At, da, n, m, deadline)
            profiles = [(y, xs[a]) for a, y in pairs]
            swap = {"vertices_P": "vertices_Q", "vertices_Q": "vertices_P"}
            info = {swap.get(k, k): v for k, v in info.items()}
        # y keyed by its (numerator, denominator) pairs: hashing Fractions costs more
        components = _components(
            [(a, tuple((q.numerator, q.denominator) for q in y)) for a, y in pairs]
        )
        info.update(
            extreme_equilibria=len(profiles), components=len(components), arithmetic="exact"
        )
        return profiles, components, info
    return _two_polytopes(game, exact, tol, deadline)


def _one_polytope(Ai, da: int, Bi, db: int, m: int, n: int, deadline):
    """The extreme equilibria from the vertices of P alone (see :mod:`.vertex_partners`).

    ``Ai``, ``Bi``: the shifted integer payoff matrices (rows of Python ints), ``da``, ``db``
    their scales.  Returns ``(pairs, xs, info)``: ``pairs`` the ``(a, y)`` of P-vertex index
    and partner ``y`` (probabilities), sorted; ``xs[a]`` the probabilities of vertex ``a``.
    Degenerate vertices are checked first: when one has partners on a face of dimension 2 or
    more, Q is searched too and every vertex paired by labels, as the two-polytope search does.
    """
    mp, bp, rp = polytope_vertices(
        _tableau_P(Bi, db, m, n), list(range(m, m + n)), exact=True, deadline=deadline
    )
    one = np.int64(1)
    full = (one << (m + n)) - 1
    xmask = (one << m) - 1
    keep = np.nonzero((mp & xmask) != xmask)[0]  # drop the origin x = 0
    simple = _popcount(mp[keep]) == m
    nondeg = keep[simple]
    info = {"vertices_P": int(mp.size), "degenerate_vertices": int(keep.size - nondeg.size)}
    partners: dict[int, list[tuple]] | None = _exact_partners(
        Ai, da, mp, keep[~simple], m, n, deadline
    )
    if partners is not None:
        try:
            Af = np.asarray(Ai, dtype=float)
            Af /= Af.max()
            usable = bool(np.isfinite(Af).all() and Af.min() > 0)
        except OverflowError:
            usable = False
        if usable and nondeg.size > _FEW_VERTICES:
            survive, doubt = float_filter(Af, mp[nondeg], m, n)
            todo = np.union1d(nondeg[survive], nondeg[doubt])
        else:
            todo = nondeg
        info["exact_checks"] = int(todo.size + keep.size - nondeg.size)
        more = _exact_partners(Ai, da, mp, todo, m, n, deadline)
        partners = None if more is None else {**partners, **more}
    if partners is None:  # a face of dimension >= 2: search Q and pair by labels
        ymask = full ^ xmask
        mq, bq, rq = polytope_vertices(
            _tableau_Q(Ai, da, m, n), list(range(m)), exact=True, deadline=deadline
        )
        info["vertices_Q"] = int(mq.size)
        keep_q = np.nonzero((mq & ymask) != ymask)[0]  # drop the origin y = 0
        partners = {}
        ys: dict[int, tuple] = {}
        for a, b in _complementary_pairs(mp, keep, m, mq, keep_q, n, full, deadline):
            if b not in ys:
                ys[b] = _vertex_point(bq[b], rq[b], m, m + n, True)
            partners.setdefault(a, []).append(ys[b])
    pairs = []
    xs = {}
    for a in sorted(partners):
        xs[a] = _vertex_point(bp[a], rp[a], 0, m, True)
        pairs.extend((a, y) for y in sorted(partners[a]))
    return pairs, xs, info


def _exact_partners(Ai, da: int, mp, verts, m: int, n: int, deadline):
    """``{a: partners}`` of the P-vertices ``verts`` (those with partners), each decided exactly
    by :func:`face_partners`; ``None`` as soon as one has a face of dimension 2 or more."""
    out: dict[int, list[tuple]] = {}
    for a in verts.tolist():
        if deadline is not None:
            deadline.check()
        ys = face_partners(Ai, da, int(mp[a]), m, n)
        if ys is None:
            return None
        if ys:
            out[a] = ys
    return out


def _two_polytopes(game: Game, exact: bool, tol: float, deadline):
    """The extreme equilibria from the vertices of both P and Q, paired by their labels."""
    m, n = game.shape
    TP, TQ = _initial_tableaux(game, exact)
    mp, bp, rp = polytope_vertices(
        TP, list(range(m, m + n)), exact=exact, tol=tol, deadline=deadline
    )
    stopped = None
    try:
        mq, bq, rq = polytope_vertices(TQ, list(range(m)), exact=exact, tol=tol, deadline=deadline)
    except PolytopeTooLarge as exc:
        # every vertex of P is known: pairing it with the vertices of Q reached so far gives
        # genuine (not all) extreme equilibria, when that pairing is small enough to do now
        if exc.partial is None or mp.size * exc.partial[0].size > _MAX_PARTIAL_PAIRS:
            raise
        stopped = exc
        mq, bq, rq = exc.partial
        deadline = None
    one = np.int64(1)
    full = (one << (m + n)) - 1
    xmask = (one << m) - 1
    ymask = full ^ xmask
    keep_p = np.nonzero((mp & xmask) != xmask)[0]  # drop the origin x = 0
    keep_q = np.nonzero((mq & ymask) != ymask)[0]  # drop the origin y = 0
    pairs = _complementary_pairs(mp, keep_p, m, mq, keep_q, n, full, deadline)
    xs: dict[int, tuple] = {}
    ys: dict[int, tuple] = {}
    profiles = []
    for a, b in pairs:
        if a not in xs:
            xs[a] = _vertex_point(bp[a], rp[a], 0, m, exact)
        if b not in ys:
            ys[b] = _vertex_point(bq[b], rq[b], m, m + n, exact)
        profiles.append((xs[a], ys[b]))
    components = _components(pairs)
    info = {
        "vertices_P": int(mp.size),
        "vertices_Q": int(mq.size),
        "extreme_equilibria": len(profiles),
        "components": len(components),
        "arithmetic": "exact" if exact else "float",
    }
    if stopped is not None:
        info["stopped"] = str(stopped)
        info["timed_out"] = stopped.timed_out
    return profiles, components, info


@register(
    "enumerate",
    players="2",
    finds="all-extreme",
    exact=True,
    summary="every extreme equilibrium and the components of a 2-player game "
    "(vertex enumeration; exact with rational payoffs)",
)
def vertex_enumeration(
    game: Game, *, tol: float, deadline, exact: bool | None = None
) -> SolverOutput:
    """Registry entry ``enumerate``: all extreme equilibria, grouped into components.

    Options: ``exact`` (default: exact whenever the payoffs are rational; ``False`` forces the
    float path).
    """
    try:
        profiles, components, info = extreme_equilibria(
            game, exact=exact, tol=tol, deadline=deadline
        )
    except PolytopeTooLarge as exc:
        done = "" if exc.partial is None else f" after {exc.partial[0].size:,} vertices"
        return SolverOutput(
            candidates=[],
            complete=False,
            complete_set=False,
            message=f"gave up{done}: {exc}",
            details={"timed_out": exc.timed_out},
        )
    if "stopped" in info:
        return SolverOutput(
            candidates=profiles,
            complete=False,
            complete_set=False,
            message=f"not the complete set: the search stopped after every vertex of the row "
            f"player's polytope and {info['vertices_Q']:,} of the column player's ("
            f"{info['stopped']}); the {len(profiles)} extreme equilibria listed are exact and "
            "certified, others may exist",
            details=info,
        )
    nc = len(components)
    if all(len(c) == 1 for c in components):
        msg = (
            "Each is isolated: no continuum of equilibria joins them."
            if len(profiles) > 1
            else "It is the game's only equilibrium."
        )
    else:
        msg = (
            f"They are the {len(profiles)} corner points (extreme equilibria) of {nc} "
            f"connected set{'' if nc == 1 else 's'} of equilibria; a set with several corners "
            "is a continuum: every mixture of corners that share a set and pair up is an "
            "equilibrium too."
        )
    return SolverOutput(
        candidates=profiles,
        complete=True,
        complete_set=True,
        message=msg,
        components=[list(c) for c in components],
        details=info,
    )
