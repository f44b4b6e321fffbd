"""Where the outcome set changes: connected regions, thresholds, bisection, line fitting.

Everything here works on *outcome sets* (tuples of labels) at exact parameter points and asks a
:class:`Prober` for more of them; it knows nothing of games or kinds.  The sweep engine supplies
the prober of a scenario (any kind), and the explanation's parameter scan
(:mod:`sim.explain.thresholds`) uses the same bisection and the same :class:`Threshold`.

- :func:`connected_regions` — connected components of equal outcome sets on a grid;
- :func:`refine` — bisect grid edges on their parameter to tiny brackets;
- :func:`find_thresholds` — refined, snapped (``drill_value = 3``), fitted (``deal_bonus =
  drill_value``) thresholds between neighbouring grid points with different sets;
- :func:`snap`, :func:`fit_line`, :func:`merge_through_points`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from fractions import Fraction
from typing import Protocol

import numpy as np

from ..numbers import exact_str
from .result import Threshold

__all__ = [
    "Prober",
    "connected_regions",
    "find_thresholds",
    "fit_line",
    "merge_through_points",
    "refine",
    "snap",
    "snap_candidates",
]

Labels = tuple[str, ...]
Point = list[Fraction]


class Prober(Protocol):
    """Outcome sets at arbitrary exact parameter points (in the sweep's parameter order).

    ``probe(points, exact_fallback=False)`` may answer points its fast path cannot decide with a
    set that matches no real one (bisection then counts them as past the threshold: a fast path
    declines only near a tie).  ``has_fast_path`` says whether such a path exists at all.
    """

    has_fast_path: bool

    def probe(
        self, points: Sequence[Sequence[Fraction]], *, exact_fallback: bool = True
    ) -> list[Labels]: ...


def connected_regions(keys: np.ndarray) -> np.ndarray:
    """Label connected components of equal integer keys on a grid (neighbours include
    diagonals, so a set that holds on a sloping threshold line is one region).  Ids follow the
    first appearance in C order, so they are stable."""
    from scipy import ndimage

    out = np.full(keys.shape, -1, dtype=np.int64)
    nxt = 0
    structure = np.ones((3,) * keys.ndim, dtype=bool)
    for val in np.unique(keys):
        lab, n = ndimage.label(keys == val, structure=structure)
        mask = lab > 0
        out[mask] = lab[mask] - 1 + nxt
        nxt += n
    flat = out.reshape(-1)
    order: dict[int, int] = {}
    for v in flat:
        if int(v) not in order:
            order[int(v)] = len(order)
    return np.vectorize(order.__getitem__)(out) if flat.size else out


DENOMINATORS = (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 25, 50, 100, 1000)


def snap_candidates(value: Fraction, width: Fraction, limit: int = 4) -> list[Fraction]:
    """Up to ``limit`` short fractions within ``width`` of ``value``, shortest first (``value``
    itself when none is and its denominator is at most 1000)."""
    out: list[Fraction] = []
    for den in DENOMINATORS:
        q = Fraction(round(value * den), den)
        if abs(q - value) <= width and q not in out:
            out.append(q)
            if len(out) == limit:
                break
    if not out and value.denominator <= 1000:
        out.append(value)
    return out


def snap(value: Fraction, width: Fraction) -> Fraction:
    """A short fraction within ``width`` of ``value`` if there is one, else ``value``."""
    cands = snap_candidates(value, width, limit=1)
    return cands[0] if cands else value


def refine(
    prober: Prober, edges: Sequence[tuple], iterations: int, stop: Callable[[], bool] | None = None
) -> list[tuple[Fraction, Fraction]]:
    """Bisect each edge ``(lo point, hi point, axis, set at lo, exact)`` on its axis; returns
    the final ``(lo, hi)`` bracket of the axis value for each edge.

    Edges whose end points a fast path answered (``exact`` false) are probed with it alone:
    near a threshold it sees a (near-)tie and declines, and that probe counts as past the
    threshold (the bracket is then already within the tie margin).  Other edges are probed
    exactly, and first just inside each end, which settles at once a threshold that sits on a
    grid point.  ``stop()`` true ends the bisection early (a time budget).
    """
    lo = [e[0][e[2]] for e in edges]
    hi = [e[1][e[2]] for e in edges]
    fast = [k for k, e in enumerate(edges) if not e[4] and prober.has_fast_path]
    slow = [k for k, e in enumerate(edges) if e[4] or not prober.has_fast_path]
    settled: set[int] = set()
    if iterations and slow:
        probes = []
        for k in slow:
            p_lo, _p_hi, axis, _key, _ex = edges[k]
            tiny = (hi[k] - lo[k]) / 10**6
            for v in (lo[k] + tiny, hi[k] - tiny):
                q = list(p_lo)
                q[axis] = v
                probes.append(q)
        res = prober.probe(probes)
        for j, k in enumerate(slow):
            near_lo, near_hi = res[2 * j], res[2 * j + 1]
            tiny = (hi[k] - lo[k]) / 10**6
            if near_lo != edges[k][3]:
                hi[k] = lo[k] + tiny
                settled.add(k)
            elif near_hi == edges[k][3]:
                lo[k] = hi[k] - tiny
                settled.add(k)
        slow = [k for k in slow if k not in settled]
    for _ in range(iterations):
        if (not fast and not slow) or (stop is not None and stop()):
            break
        pts = []
        for (p_lo, _p_hi, axis, _key, _ex), a, b in zip(edges, lo, hi):
            p = list(p_lo)
            p[axis] = (a + b) / 2
            pts.append(p)
        res_at: dict[int, Labels] = {}
        for group, exact in ((fast, False), (slow, True)):
            if group:
                got = prober.probe([pts[k] for k in group], exact_fallback=exact)
                res_at.update(zip(group, got))
        for k, labels in res_at.items():
            mid = (lo[k] + hi[k]) / 2
            if labels == edges[k][3]:
                lo[k] = mid
            else:
                hi[k] = mid
    return list(zip(lo, hi))


def fit_line(
    pts: list[tuple[Fraction, Fraction]], fuzz: Fraction, x_name: str | None
) -> str | None:
    """``"2*x - 1"`` when the refined boundary points lie on a line with a short-fraction slope
    and intercept (within ``fuzz``, the precision of the refined points), else ``None``."""
    if len(pts) < 3 or x_name is None:
        return None
    (x0, y0), (x1, y1) = min(pts), max(pts)
    if x1 == x0:
        return None
    slope = snap((y1 - y0) / (x1 - x0), Fraction(1, 10**4))
    icept = snap(y0 - slope * x0, Fraction(1, 10**4))
    if slope.denominator > 100 or icept.denominator > 100:
        return None
    if any(abs(y - (slope * x + icept)) > fuzz for x, y in pts):
        return None
    if slope == 0:
        return exact_str(icept)
    term = (
        x_name if slope == 1 else (f"-{x_name}" if slope == -1 else f"{exact_str(slope)}*{x_name}")
    )
    if icept == 0:
        return term
    sign = "+" if icept > 0 else "-"
    return f"{term} {sign} {exact_str(abs(icept))}"


def _snap_holds(
    prober: Prober, edge, axis: int, value: Fraction, width: Fraction, below: Labels, above: Labels
) -> bool:
    """Whether the sets just below and just above ``value`` (within a thousandth of the
    bisection bracket) are ``below`` and ``above``: the snapped threshold is then right to that
    precision, not just close to the bracket."""
    eps = width / 1000
    pts = []
    for v in (max(value - eps, edge[0][axis]), min(value + eps, edge[1][axis])):
        q = list(edge[0])
        q[axis] = v
        pts.append(q)
    lo, hi = prober.probe(pts)
    return lo == below and hi == above


def merge_through_points(ts: list[Threshold]) -> list[Threshold]:
    """``X -> Y`` and ``Y -> Z`` at the same value, where ``Y`` is the set *at* the threshold (a
    grid point that sits exactly on it), become one threshold ``X -> Z`` with ``at = Y``."""
    ts = list(ts)
    changed = True
    while changed:
        changed = False
        for i, t in enumerate(ts):
            if t.value is None:
                continue
            for j, u in enumerate(ts):
                if (
                    j != i
                    and u.value is not None
                    and u.parameter == t.parameter
                    and u.along == t.along
                    and u.span == t.span
                    and abs(float(u.value) - float(t.value)) <= 1e-9 * max(1.0, abs(float(t.value)))
                    and t.above == u.below
                    and t.at == t.above
                    and u.at == u.below
                ):
                    merged = replace(t, above=u.above, at=t.above)
                    ts = [x for k, x in enumerate(ts) if k not in (i, j)] + [merged]
                    changed = True
                    break
            if changed:
                break
    ts.sort(
        key=lambda t: (
            t.parameter,
            t.value if t.value is not None else math.inf,
            t.span or (0.0, 0.0),
        )
    )
    return ts


def grid_edges(
    axes_exact: Sequence[Sequence[Fraction]],
    keys: np.ndarray,
    key_list: Sequence,
    fast: np.ndarray | None = None,
) -> list[tuple]:
    """Neighbouring grid points (along one axis) with different sets:
    ``(lo point, hi point, axis, set at lo, set at hi, exact)``; ``exact`` unless both ends were
    answered by a fast path (``fast``)."""
    G = len(axes_exact)
    edges = []
    for a in range(G):
        n_a = keys.shape[a]
        if n_a < 2:
            continue
        sl_lo = [slice(None)] * G
        sl_hi = [slice(None)] * G
        sl_lo[a] = slice(0, n_a - 1)
        sl_hi[a] = slice(1, n_a)
        diff = keys[tuple(sl_lo)] != keys[tuple(sl_hi)]
        for idx in np.argwhere(diff):
            i_lo = tuple(int(v) for v in idx)
            i_hi = tuple(v + 1 if j == a else v for j, v in enumerate(i_lo))
            p_lo = [axes_exact[j][i_lo[j]] for j in range(G)]
            p_hi = [axes_exact[j][i_hi[j]] for j in range(G)]
            exact = fast is None or not (fast[i_lo] and fast[i_hi])
            edges.append((p_lo, p_hi, a, key_list[keys[i_lo]], key_list[keys[i_hi]], exact))
    return edges


def find_thresholds(
    prober: Prober,
    names: Sequence[str],
    axes_exact: Sequence[Sequence[Fraction]],
    keys: np.ndarray,
    key_list: Sequence[Labels],
    *,
    refine_edges: bool = True,
    iterations: int = 20,
    fast: np.ndarray | None = None,
) -> list[Threshold]:
    """The thresholds between neighbouring grid points with different outcome sets.

    ``keys`` holds, per grid point, the index of its set in ``key_list``.  With
    ``refine_edges``, each edge is bisected ``iterations`` times (:func:`refine`), a cluster of
    refined values becomes one threshold, snapped to a short fraction when the sets just either
    side of it confirm it, and the set exactly at it is computed; in a 2-parameter sweep
    isolated points that do not cluster form a curve, reported as a line when they fit one.
    Without, thresholds sit at grid midpoints.
    """
    G = len(axes_exact)
    edges = grid_edges(axes_exact, keys, key_list, fast)
    if not edges:
        return []
    iters = iterations if refine_edges else 0
    brackets = refine(prober, [(e[0], e[1], e[2], e[3], e[5]) for e in edges], iters)
    groups: dict[tuple, list] = {}
    for e, (b_lo, b_hi) in zip(edges, brackets):
        groups.setdefault((e[2], e[3], e[4]), []).append((e, (b_lo + b_hi) / 2, b_hi - b_lo))
    out: list[tuple] = []  # (threshold, a grid point on it, axis, exact value) per threshold
    for (a, below, above), items in groups.items():
        other = [j for j in range(G) if j != a]
        along = names[other[0]] if other else None
        items.sort(key=lambda t: t[1])
        width = max(w for _, _, w in items)
        step = min(e[1][a] - e[0][a] for e, _, _ in items)
        # refined values carry the bracket width, or (when a fast path declined near a tie) an
        # error of up to its tie margin (1e-6 of the payoff scale, which can be 1e-4 of a grid
        # step on the parameter); snapped values are verified exactly below
        fuzz = 4 * width + step * Fraction(1, 10**3)
        clusters: list[list] = [[items[0]]]
        for it in items[1:]:
            if it[1] - clusters[-1][-1][1] <= fuzz:
                clusters[-1].append(it)
            else:
                clusters.append([it])
        curve = []
        for cl in clusters:
            if len(cl) == 1 and len(items) > 1 and other:
                curve.extend(cl)
                continue
            vals = [v for _, v, _ in cl]
            mid = sum(vals) / len(vals)
            exact = None
            if refine_edges:
                # the shortest fraction near the refined value that the sets just either side
                # of it confirm (a coarse bracket can hold 11/2 as well as the true 27/5)
                for cand in snap_candidates(mid, fuzz):
                    if _snap_holds(prober, cl[0][0], a, cand, width, below, above):
                        mid = cand
                        exact = exact_str(mid)
                        break
            span = None
            if other:
                ov = [float(e[0][other[0]]) for e, _, _ in cl]
                span = (min(ov), max(ov))
            out.append(
                (
                    Threshold(
                        parameter=names[a],
                        value=float(mid),
                        below=below,
                        above=above,
                        exact=exact,
                        along=along,
                        span=span,
                    ),
                    list(cl[0][0][0]),
                    a,
                    mid,
                )
            )
        if curve:
            ov = [float(e[0][other[0]]) for e, _, _ in curve]
            pts = tuple(sorted((float(e[0][other[0]]), float(v)) for e, v, _ in curve))
            line = (
                fit_line([(e[0][other[0]], v) for e, v, _ in curve], fuzz, along)
                if refine_edges
                else None
            )
            out.append(
                (
                    Threshold(
                        parameter=names[a],
                        value=None,
                        below=below,
                        above=above,
                        along=along,
                        span=(min(ov), max(ov)),
                        points=pts,
                        line=line,
                    ),
                    None,
                    a,
                    None,
                )
            )
    # the outcome set exactly at each straight threshold whose exact value is known (verified
    # from both sides); at a value known only to within the bisection bracket (an irrational
    # looking 1.41421356) a probe would see one side's set, not the set at the threshold
    probes = [
        (k, pt, a, v)
        for k, (t, pt, a, v) in enumerate(out)
        if pt is not None and t.exact is not None
    ]
    at: dict[int, Labels] = {}
    if refine_edges and probes:
        at_points = []
        for _, pt, a, v in probes:
            q = list(pt)
            q[a] = v
            at_points.append(q)
        for (k, *_), labels in zip(probes, prober.probe(at_points)):
            at[k] = labels
    final = []
    for k, (t, *_rest) in enumerate(out):
        if k in at:
            t = replace(t, at=at[k])
        final.append(t)
    return merge_through_points(final)
