"""Exact plane geometry for payoff sets: convex hulls, half-plane clipping, Pareto frontiers,
ray exits (the feasible region of a repeated game, a bargaining set).

All functions work on points given as pairs of numbers and keep whatever number type they get:
with :class:`fractions.Fraction` coordinates every result is exact (no rounding anywhere), with
floats they are ordinary floating-point geometry.  Polygons are lists of vertices in
counter-clockwise order, without repeating the first vertex.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .numbers import to_number

__all__ = [
    "clip_halfplane",
    "convex_hull",
    "pareto_frontier",
    "ray_exit",
]

Point = tuple


def _cross(o: Point, a: Point, b: Point):
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def convex_hull(points: Iterable[Sequence]) -> list[Point]:
    """Vertices of the convex hull, counter-clockwise, starting at the lowest-leftmost point.

    Andrew's monotone chain.  Collinear points on an edge are dropped; a hull of one point is
    ``[p]`` and of collinear points the two ends.
    """
    pts = sorted({(to_number(p[0]), to_number(p[1])) for p in points})
    if len(pts) <= 2:
        return pts
    lower: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    hull = lower[:-1] + upper[:-1]
    return hull if len(hull) > 1 else pts[:1]


def clip_halfplane(poly: list[Point], a, b, c) -> list[Point]:
    """The part of a convex polygon where ``a*x + b*y >= c`` (Sutherland–Hodgman, one edge).

    Works for degenerate polygons (a point or a segment) too.
    """
    if not poly:
        return []

    def inside(p):
        return a * p[0] + b * p[1] >= c

    if len(poly) == 1:
        return list(poly) if inside(poly[0]) else []
    out: list[Point] = []
    n = len(poly)
    for k in range(n):
        cur, nxt = poly[k], poly[(k + 1) % n]
        cin, nin = inside(cur), inside(nxt)
        if cin:
            out.append(cur)
        if cin != nin:
            fc = a * cur[0] + b * cur[1] - c
            fn = a * nxt[0] + b * nxt[1] - c
            t = fc / (fc - fn)
            out.append((cur[0] + t * (nxt[0] - cur[0]), cur[1] + t * (nxt[1] - cur[1])))
    # remove consecutive duplicates (and a closing duplicate)
    clean: list[Point] = []
    for p in out:
        if not clean or clean[-1] != p:
            clean.append(p)
    while len(clean) > 1 and clean[0] == clean[-1]:
        clean.pop()
    if len(clean) == 2 and clean[0] == clean[1]:
        clean = clean[:1]
    return convex_hull(clean) if len(clean) > 2 else clean


def pareto_frontier(poly: list[Point]) -> list[Point]:
    """The weakly-undominated boundary of a convex polygon, from the left end to the right end.

    Returns the vertices of the "north-east" chain: starting at the point with the largest ``y``
    (largest ``x`` among ties), moving to the point with the largest ``x`` (largest ``y`` among
    ties), along the polygon boundary.  Every point on the chain is Pareto efficient within the
    polygon, and every efficient point is on it.
    """
    if not poly:
        return []
    if len(poly) == 1:
        return list(poly)
    top = max(poly, key=lambda p: (p[1], p[0]))
    right = max(poly, key=lambda p: (p[0], p[1]))
    n = len(poly)
    # the polygon is counter-clockwise; walking clockwise from `top` reaches `right` along the
    # upper-right chain
    i = poly.index(top)
    chain = [top]
    while chain[-1] != right:
        i = (i - 1) % n
        chain.append(poly[i])
        if len(chain) > n:  # pragma: no cover - defensive
            break
    return chain


def ray_exit(poly: list[Point], origin: Point, direction: Point):
    """The largest ``t >= 0`` with ``origin + t*direction`` in the convex polygon, or ``None``.

    ``None`` when the origin itself is outside the polygon.
    """
    if not poly:
        return None
    ox, oy = origin
    dx, dy = direction
    if len(poly) == 1:
        p = poly[0]
        return 0 if (p[0], p[1]) == (ox, oy) else None
    if len(poly) == 2:
        # a segment: solve origin + t d = p + s (q - p), s in [0, 1]
        (px, py), (qx, qy) = poly
        ex, ey = qx - px, qy - py
        den = dx * ey - dy * ex
        if den == 0:
            # parallel: on the segment only if collinear; search endpoints along the ray
            if (ox - px) * ey - (oy - py) * ex != 0:
                return None
            ts = []
            for x, y in poly:
                if dx != 0:
                    ts.append((x - ox) / dx)
                elif dy != 0:
                    ts.append((y - oy) / dy)
            ts = [t for t in ts if t >= 0]
            return max(ts) if ts else None
        t = ((px - ox) * ey - (py - oy) * ex) / den
        s = ((px - ox) * dy - (py - oy) * dx) / den
        return t if (0 <= s <= 1 and t >= 0) else None
    # convex polygon as an intersection of half-planes (counter-clockwise: interior on the left)
    lo, hi = 0, None
    n = len(poly)
    for k in range(n):
        (x1, y1), (x2, y2) = poly[k], poly[(k + 1) % n]
        # left of edge: (x2-x1)*(y-y1) - (y2-y1)*(x-x1) >= 0
        ex, ey = x2 - x1, y2 - y1
        f0 = ex * (oy - y1) - ey * (ox - x1)
        f1 = ex * dy - ey * dx
        if f1 == 0:
            if f0 < 0:
                return None
            continue
        t = -f0 / f1
        if f1 > 0:
            lo = max(lo, t)
        else:
            hi = t if hi is None else min(hi, t)
    if hi is None or hi < lo or lo > 0:
        return None
    return hi
