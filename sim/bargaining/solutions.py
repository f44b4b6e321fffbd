"""Bargaining solutions, exact where the arithmetic is.

Sets of feasible payoff pairs are convex polygons (:mod:`sim.geometry`): a pie of size ``S`` split
with linear utilities (the segment from ``(S, 0)`` to ``(0, S)``, plus the disagreement point's
free disposal), the convex hull of a list of packages, or of a game's outcomes.

- :func:`nash_bargaining` — Nash (1950): maximise ``(u1 − d1)(u2 − d2)`` over the set, subject to
  ``u >= d``.  On each Pareto edge the product is a quadratic in the edge parameter, so its
  maximiser is rational when the data are: the solution is exact.
- :func:`kalai_smorodinsky` — Kalai & Smorodinsky (1975): the furthest point of the set on the
  segment from ``d`` to the ideal point ``a`` (each party's best payoff given the other gets at
  least its disagreement payoff).
- :func:`nash_split_pie` — N parties over a pie: ``x_i = d_i + (S − Σd)/N``.
- :func:`rubinstein` — Rubinstein (1982) alternating offers over a pie: the first proposer gets
  ``(1 − δ2)/(1 − δ1·δ2)``; with outside options taken when rejecting (Binmore, Shaked & Sutton
  1989; Osborne & Rubinstein, *Bargaining and Markets*, 1990, §3.12), an option only matters when
  it beats what the party would get by waiting (the "outside option principle").
- :func:`fearon_range` — Fearon (1995): with A winning a war with probability ``p`` and costs
  ``cA``, ``cB`` (shares of the pie), every split giving A a share in ``[p − cA, p + cB]`` is
  preferred by both to fighting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..geometry import clip_halfplane, convex_hull, pareto_frontier, ray_exit
from ..numbers import fmt_exact as fmt
from ..numbers import fmt_point as _pt
from ..numbers import to_number

__all__ = [
    "BargainingSet",
    "FearonRange",
    "RubinsteinOutcome",
    "Solution",
    "fearon_range",
    "kalai_smorodinsky",
    "nash_bargaining",
    "nash_split_pie",
    "pie_set",
    "polygon_set",
    "rubinstein",
]


@dataclass(frozen=True)
class BargainingSet:
    """A 2-party bargaining set: ``polygon`` (counter-clockwise vertices) and ``frontier`` (its
    Pareto chain from the top-left end to the bottom-right end)."""

    polygon: tuple
    frontier: tuple
    description: str = ""


def pie_set(size) -> BargainingSet:
    """Splitting a pie of ``size`` with linear utilities: shares ``(x, size − x)``, ``x ∈ [0, S]``,
    and anything less (free disposal down to ``(0, 0)``)."""
    S = to_number(size)
    zero = S - S
    poly = convex_hull([(zero, zero), (S, zero), (zero, S)])
    return BargainingSet(tuple(poly), ((zero, S), (S, zero)), f"a pie of size {S}")


def polygon_set(points: Sequence[Sequence], description: str = "") -> BargainingSet:
    """The convex hull of payoff pairs (packages or a game's outcomes; lotteries allowed)."""
    poly = convex_hull([(to_number(p[0]), to_number(p[1])) for p in points])
    return BargainingSet(tuple(poly), tuple(pareto_frontier(poly)), description)


def _individually_rational(bset: BargainingSet, d) -> list:
    """Agreements giving each party at least its disagreement payoff, together with the lotteries
    between them and disagreement itself (Nash's set always contains ``d``).  Empty when no
    agreement gives both parties their disagreement payoffs."""
    poly = clip_halfplane(list(bset.polygon), 1, 0, d[0])
    poly = clip_halfplane(poly, 0, 1, d[1])
    if not poly:
        return []
    return convex_hull(list(poly) + [tuple(d)])


@dataclass(frozen=True)
class Solution:
    """A bargaining solution: ``point`` (payoffs), and how it was found (``derivation`` lines)."""

    name: str
    point: tuple | None
    derivation: tuple[str, ...]
    ideal: tuple | None = None
    edge: tuple | None = None  # the frontier edge it lies on (two points), if any


def nash_bargaining(bset: BargainingSet, d) -> Solution:
    """The Nash bargaining solution of a 2-party set with disagreement point ``d``."""
    d = (to_number(d[0]), to_number(d[1]))
    region = _individually_rational(bset, d)
    if not region:
        return Solution(
            "Nash bargaining solution",
            None,
            (
                f"No feasible point gives both parties at least their disagreement "
                f"payoffs {_pt(d)}: there is nothing to bargain over.",
            ),
        )
    frontier = pareto_frontier(region)
    best, best_val, best_edge = None, None, None
    lines = [
        f"Maximise the Nash product (u1 − {fmt(d[0])})·(u2 − {fmt(d[1])}) over the "
        "Pareto frontier of the set above the disagreement point."
    ]
    cands = []
    if len(frontier) == 1:
        cands.append((frontier[0], None))
    for k in range(len(frontier) - 1):
        P, Q = frontier[k], frontier[k + 1]
        # u(t) = P + t (Q − P); f(t) = (a1 + t b1)(a2 + t b2)
        a1, a2 = P[0] - d[0], P[1] - d[1]
        b1, b2 = Q[0] - P[0], Q[1] - P[1]
        cands.append((P, (P, Q)))
        cands.append((Q, (P, Q)))
        A = b1 * b2
        if A != 0:
            t = -(a1 * b2 + a2 * b1) / (2 * A)
            if 0 < t < 1:
                cands.append(((P[0] + t * b1, P[1] + t * b2), (P, Q)))
    for pt, edge in cands:
        val = (pt[0] - d[0]) * (pt[1] - d[1])
        if best_val is None or val > best_val:
            best, best_val, best_edge = pt, val, edge
    if best_edge is not None:
        P, Q = best_edge
        if best not in (P, Q):
            lines.append(
                f"On the frontier edge from {_pt(P)} to {_pt(Q)} the product is a "
                "quadratic in the position along the edge; its peak (derivative zero) "
                f"is at {_pt(best)}."
            )
        else:
            lines.append(f"The product is largest at the frontier vertex {_pt(best)}.")
    lines.append(
        f"Solution: {_pt(best)}, gains over disagreement "
        f"{_pt((best[0] - d[0], best[1] - d[1]))}, Nash product {fmt(best_val)}."
    )
    return Solution("Nash bargaining solution", best, tuple(lines), edge=best_edge)


def kalai_smorodinsky(bset: BargainingSet, d) -> Solution:
    """The Kalai–Smorodinsky solution of a 2-party set with disagreement point ``d``."""
    d = (to_number(d[0]), to_number(d[1]))
    region = _individually_rational(bset, d)
    if not region:
        return Solution(
            "Kalai–Smorodinsky solution",
            None,
            ("No feasible point gives both parties their disagreement payoffs.",),
        )
    ideal = (max(p[0] for p in region), max(p[1] for p in region))
    direction = (ideal[0] - d[0], ideal[1] - d[1])
    lines = [
        f"Ideal point: each party's best payoff when the other gets at least its "
        f"disagreement payoff: {_pt(ideal)}."
    ]
    if direction == (0, 0):
        lines.append(f"The set above d is the single point {_pt(d)}.")
        return Solution("Kalai–Smorodinsky solution", d, tuple(lines), ideal)
    t = ray_exit(region, d, direction)
    pt = (d[0] + t * direction[0], d[1] + t * direction[1])
    lines.append(
        f"Walk from d = {_pt(d)} toward the ideal point; the last feasible point is at "
        f"fraction t = {fmt(t)} of the way: {_pt(pt)} (each party gets the same share "
        "of its possible gain)."
    )
    return Solution("Kalai–Smorodinsky solution", pt, tuple(lines), ideal)


def nash_split_pie(size, d: Sequence) -> Solution:
    """Nash (= Kalai–Smorodinsky, by symmetry of the simplex) over a pie for N parties."""
    S = to_number(size)
    d = tuple(to_number(x) for x in d)
    n = len(d)
    surplus = S - sum(d)
    if surplus < 0:
        return Solution(
            "Nash bargaining solution",
            None,
            (
                f"The disagreement payoffs add up to {fmt(sum(d))}, more than the pie "
                f"{fmt(S)}: no agreement beats disagreement for everyone.",
            ),
        )
    x = tuple(di + surplus / n for di in d)
    lines = (
        f"Surplus over disagreement: {fmt(S)} − {fmt(sum(d))} = {fmt(surplus)}.",
        f"Maximising Π(x_i − d_i) subject to Σx_i = {fmt(S)} gives equal gains: each party "
        f"gets its disagreement payoff plus {fmt(surplus)}/{n} = {fmt(surplus / n)}.",
        f"Solution: {_pt(x)}.",
    )
    return Solution("Nash bargaining solution", x, lines)


@dataclass(frozen=True)
class RubinsteinOutcome:
    """Subgame-perfect shares in Rubinstein's alternating-offers game over a pie.

    ``first``: the shares (first proposer, responder) when party 0 proposes first;
    ``second``: when party 1 proposes first; ``binding``: which outside options bind (a party
    index set); ``agreement``: False when the outside options together exceed the pie.
    """

    delta: tuple
    outside: tuple
    size: object
    first: tuple | None
    second: tuple | None
    binding: tuple[int, ...]
    agreement: bool
    derivation: tuple[str, ...]


def rubinstein(d1, d2, size=1, outside=(0, 0), names=("Party 1", "Party 2")) -> RubinsteinOutcome:
    """Alternating offers over a pie of ``size`` with discount factors ``d1``, ``d2``.

    Without outside options (or with ones that do not bind) the proposer gets
    ``size·(1 − δ_other)/(1 − δ1·δ2)``.  With outside options ``(o1, o2)`` a responder may, after
    rejecting, quit and take its option.  Stationary subgame-perfect play: the proposer ``i``
    offers the responder ``j`` exactly ``max(δ_j·y_j, o_j)`` where ``y_j`` is ``j``'s share when
    proposing, so ``x_i = S − max(δ_j·x_j, o_j)`` for both ``i``; this pair of equations has one
    solution, found by trying which options bind.
    """
    S = to_number(size)
    d = (to_number(d1), to_number(d2))
    o = (to_number(outside[0]), to_number(outside[1]))
    for x in d:
        if not 0 <= x < 1:
            raise ValueError("discount factors must be in [0, 1)")
    lines = []
    if o[0] + o[1] > S:
        lines.append(
            f"The outside options ({fmt(o[0])} + {fmt(o[1])}) exceed the pie {fmt(S)}: "
            "someone always prefers to quit, so there is no agreement."
        )
        return RubinsteinOutcome(d, o, S, None, None, (), False, tuple(lines))
    sol = None
    for bind in ((), (0,), (1,), (0, 1)):
        # x_i: share of i when i proposes
        if bind == ():
            x0 = S * (1 - d[1]) / (1 - d[0] * d[1])
            x1 = S * (1 - d[0]) / (1 - d[0] * d[1])
        elif bind == (1,):  # responder 1 takes o1 when 0 proposes: x0 = S − o1
            x0 = S - o[1]
            x1 = S - d[0] * x0
        elif bind == (0,):
            x1 = S - o[0]
            x0 = S - d[1] * x1
        else:
            x0, x1 = S - o[1], S - o[0]
        ok = True
        for i in (0, 1):
            j = 1 - i
            xj = x1 if j == 1 else x0
            wait = d[j] * xj
            binds = o[j] > wait
            if (j in bind) != binds and not (o[j] == wait):
                ok = False
        if ok:
            sol = (bind, x0, x1)
            break
    assert sol is not None  # the map is a contraction: one case always fits
    bind, x0, x1 = sol
    first = (x0, S - x0)
    second = (S - x1, x1)
    base0 = S * (1 - d[1]) / (1 - d[0] * d[1])
    lines.append(
        f"Without outside options the first proposer ({names[0]}, δ1 = {fmt(d[0])}) "
        f"gets S·(1 − δ2)/(1 − δ1·δ2) = {fmt(S)}·(1 − {fmt(d[1])})/(1 − {fmt(d[0])}·"
        f"{fmt(d[1])}) = {fmt(base0)}: the responder ({names[1]}, δ2 = {fmt(d[1])}) "
        "accepts exactly what it would get by rejecting and proposing next round, "
        "discounted."
    )
    if any(o):
        for j in (0, 1):
            xj = x1 if j == 1 else x0
            wait = d[j] * xj
            if j in bind:
                lines.append(
                    f"{names[j]}'s outside option {fmt(o[j])} beats waiting "
                    f"(δ{j + 1}·{fmt(xj)} = {fmt(wait)}), so the proposer must offer it "
                    f"{fmt(o[j])}: the option binds."
                )
            else:
                lines.append(
                    f"{names[j]}'s outside option {fmt(o[j])} is no better than "
                    f"waiting (δ{j + 1}·{fmt(xj)} = {fmt(wait)}): it does not change the "
                    "deal (outside option principle)."
                )
    lines.append(
        f"{names[0]} proposing first: shares {_pt(first)}; {names[1]} proposing "
        f"first: {_pt(second)} (shares in the order {names[0]}, {names[1]})."
    )
    return RubinsteinOutcome(d, o, S, first, second, tuple(bind), True, tuple(lines))


@dataclass(frozen=True)
class FearonRange:
    """Fearon's bargaining range for A's share of a pie of ``size``: ``[low, high]``."""

    p: object
    cost_a: object
    cost_b: object
    size: object
    low: object
    high: object
    nash_point: object  # A's share in the Nash split with war as the disagreement point
    derivation: tuple[str, ...]


def fearon_range(p, cost_a, cost_b, size=1, names=("A", "B")) -> FearonRange:
    """A wins a war with probability ``p``; war costs A ``cost_a`` and B ``cost_b`` (same units
    as the pie).  Expected war payoffs are ``p·S − cA`` and ``(1 − p)·S − cB``; a split ``x`` for A
    beats war for both iff ``p·S − cA ≤ x ≤ p·S + cB`` (Fearon 1995).  ``low``/``high`` are these
    bounds; the derivation says when they fall outside ``[0, S]`` (then any split in the clipped
    range still beats war)."""
    p, ca, cb, S = (to_number(v) for v in (p, cost_a, cost_b, size))
    if not 0 <= p <= 1:
        raise ValueError("p is a probability in [0, 1]")
    A, B = names
    low, high = p * S - ca, p * S + cb
    nash = low + (ca + cb) / 2
    lines = [
        f"War gives {A} an expected p·S − c{A} = {fmt(p)}·{fmt(S)} − {fmt(ca)} = {fmt(low)} "
        f"and {B} (1 − p)·S − c{B} = {fmt((1 - p) * S - cb)}.",
        f"{A} accepts a share x ≥ {fmt(low)}; {B} accepts iff S − x ≥ (1 − p)·S − c{B}, "
        f"i.e. x ≤ p·S + c{B} = {fmt(high)}.",
        f"Bargaining range for {A}'s share: [{fmt(low)}, {fmt(high)}], of width c{A} + c{B} = "
        f"{fmt(ca + cb)}: whenever war is costly some deal beats war for both.",
    ]
    if low < 0 or high > S:
        lines.append(
            f"Shares lie in [0, {fmt(S)}], so the usable range is "
            f"[{fmt(max(low, 0 * S))}, {fmt(min(high, S))}]."
        )
    lines.append(
        f"Splitting the saved costs equally (Nash, with war as the disagreement point) "
        f"gives {A} p·S + (c{B} − c{A})/2 = {fmt(nash)}."
    )
    return FearonRange(p, ca, cb, S, low, high, nash, tuple(lines))
