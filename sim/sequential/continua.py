"""The exact set of Nash equilibria behind one outcome class of a tree.

A class (see :mod:`sim.sequential.report_classes`) fixes the moves along the path of play and
the payoffs.  Its equilibria differ in the probabilities at the information sets off the path
(and at sets on the path where a mover mixes between moves that pay it the same).  A solver
returns sample points of such a set; this module describes the whole set exactly instead.

The unknowns are the behaviour probabilities at those information sets.  A profile of the class
is a Nash equilibrium when no player gains by switching to any of its reduced pure plans.  The
payoff of such a switch is a polynomial in the *other* players' unknowns, of degree at most one
in each unknown (a path of play meets an information set at most once).  So every condition
reads ``poly <= v`` with ``v`` the player's payoff in the class, and

- a condition on one unknown ``x`` (two moves) is ``a*x + c <= 0``: an exact bound on ``x``;
- a condition on several unknowns is kept as a formula; the extreme values of a multi-affine
  polynomial over a box are taken at the box's corners, which decides exactly whether a
  condition can ever bind and, when one formula is all that ties some unknowns, the exact range
  of each of them.

Everything is exact (fractions); a tree with decimal payoffs, too many unknowns or a condition
on a move with more than two choices gets ``exact=False`` and a plain reason.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

from ..numbers import exact_str
from .reduce import _reduced_plans
from .tree import CHANCE, TERMINAL, Tree

__all__ = ["ClassSet", "Range", "class_set"]

MAX_UNKNOWNS = 12
MAX_PLANS = 400
LETTERS = "pqrstuvwxyzabcdefghjkmn"

Mono = frozenset  # of infoset labels (each unknown is P(first move) at a two-move set)
Poly = dict  # Mono -> Fraction


@dataclass(frozen=True)
class Range:
    """The exact values of one unknown over the set: ``P(move)`` at ``infoset`` (else
    ``other``) lies in ``[lo, hi]`` (an end excluded when ``open_lo``/``open_hi``).
    ``joint``: not every combination with the other unknowns' values is in the set (a formula
    ties them); ``None`` bounds: the range is not one interval and only the formula says it."""

    infoset: str
    player: str
    move: str
    other: str
    lo: Fraction | None
    hi: Fraction | None
    open_lo: bool = False
    open_hi: bool = False
    joint: bool = False
    symbol: str = ""
    on_path: bool = False

    @property
    def is_any(self) -> bool:
        return self.lo == 0 and self.hi == 1 and not self.joint

    def interval(self) -> str:
        if self.lo is None or self.hi is None:
            return "as the formula allows"
        if self.lo == self.hi:
            return exact_str(self.lo)
        return (
            f"{'(' if self.open_lo else '['}{exact_str(self.lo)}, "
            f"{exact_str(self.hi)}{')' if self.open_hi else ']'}"
        )


@dataclass(frozen=True)
class ClassSet:
    """One class's set of equilibria, exactly (``exact``) or why not (``reason``).

    ``ranges``: one per unknown (two-move information sets); ``any_mixture``: sets with more
    than two moves where every mixture belongs to the set; ``constraints``: formulas
    (``"2p + q - pq <= 1"``) that tie unknowns named by their ``Range.symbol``, each with the
    player whose incentive it states."""

    exact: bool
    ranges: tuple[Range, ...] = ()
    any_mixture: tuple[tuple[str, str], ...] = ()  # (player, infoset)
    # (formula, the player it keeps from switching, the unknowns it ties by symbol)
    constraints: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    reason: str = ""

    @property
    def is_point(self) -> bool:
        return self.exact and not self.any_mixture and all(r.lo == r.hi for r in self.ranges)


# -- polynomials ------------------------------------------------------------------------------


def _add(a: Poly, b: Poly, scale: Fraction = Fraction(1)) -> None:
    for m, c in b.items():
        v = a.get(m, 0) + scale * c
        if v:
            a[m] = v
        else:
            a.pop(m, None)


def _mul_var(p: Poly, h: str, first: bool) -> Poly:
    """``p * x_h`` (``first``) or ``p * (1 - x_h)``."""
    out: Poly = {}
    for m, c in p.items():
        if first:
            _add(out, {m | {h}: c})
        else:
            _add(out, {m: c})
            _add(out, {m | {h}: -c})
    return out


def _eval(p: Poly, at: dict) -> Fraction:
    total = Fraction(0)
    for m, c in p.items():
        t = c
        for h in m:
            t *= at[h]
        total += t
    return total


def _vars(p: Poly) -> set:
    return set().union(*p) if p else set()


def _corners(names, box):
    names = sorted(names)
    for vals in itertools.product(*[(box[h][0], box[h][1]) for h in names]):
        yield dict(zip(names, vals))


def _extremes(p: Poly, box) -> tuple[Fraction, Fraction]:
    vals = [_eval(p, c) for c in _corners(_vars(p), box)]
    return min(vals), max(vals)


def _formula(p: Poly, sym: dict) -> str:
    """``p <= 0`` as ``2p + q - pq <= 1`` (constant on the right, integer coefficients)."""
    const = -p.get(frozenset(), Fraction(0))
    terms = [(m, c) for m, c in p.items() if m]
    den = 1
    for _, c in terms:
        den = den * c.denominator // _gcd(den, c.denominator)
    den = den * const.denominator // _gcd(den, const.denominator)
    g = 0
    for c in [c * den for _, c in terms] + [const * den]:
        g = _gcd(g, abs(int(c)))
    den = Fraction(den, g or 1)
    terms.sort(key=lambda mc: (len(mc[0]), sorted(sym[h] for h in mc[0])))
    out = ""
    for m, c in terms:
        c = c * den
        name = "".join(sorted(sym[h] for h in m))
        mag = abs(c)
        body = name if mag == 1 else f"{exact_str(mag)}{name}"
        if not out:
            out = body if c > 0 else f"-{body}"
        else:
            out += f" {'+' if c > 0 else '-'} {body}"
    return f"{out} <= {exact_str(const * den)}"


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


# -- the tree's payoffs as polynomials ---------------------------------------------------------


def _payoff_poly(tree: Tree, i: int, fixed: dict, unknown: set, plan: dict | None) -> Poly:
    """Player ``i``'s expected payoff as a polynomial in the unknowns; with ``plan`` player
    ``i`` follows that pure plan instead of the profile."""

    def rec(k: int) -> Poly:
        n = tree.nodes[k]
        if n.kind == TERMINAL:
            return {frozenset(): Fraction(n.payoffs[i])}
        out: Poly = {}
        if n.kind != CHANCE and plan is not None and n.player == i:
            m = plan.get(n.infoset)
            return rec(n.children[m]) if m is not None else {}
        if n.kind != CHANCE and n.infoset in unknown:
            a, b = n.children
            out = _mul_var(rec(a), n.infoset, True)
            _add(out, _mul_var(rec(b), n.infoset, False))
            return out
        probs = n.probs if n.kind == CHANCE else fixed[n.infoset]
        for p, c in zip(probs, n.children):
            if p:
                _add(out, rec(c), Fraction(p))
        return out

    return rec(0)


# -- one class -------------------------------------------------------------------------------


def class_set(tree: Tree, behaviours: list) -> ClassSet:
    """The exact set of Nash equilibria of the class whose found members have ``behaviours``
    (behaviour profiles with the same path of play and payoffs)."""
    if not tree.is_exact:
        return ClassSet(False, reason="the payoffs are decimals, not exact numbers")
    first = behaviours[0]
    reach = tree.reach_probabilities({h: first.get(h) or (1,) + (0,) * 9 for h in tree.infosets})
    on_path = {
        h for h, s in tree.infosets.items() if any(reach[k] for k in s.members) and first.get(h)
    }
    fixed: dict = {}
    unknown: set = set()
    many: set = set()  # off-path sets with more than two moves
    on_mixed: set = set()
    for h, s in tree.infosets.items():
        seen = {tuple(b.get(h) or ()) for b in behaviours}
        if h in on_path and len(seen) == 1:
            probs = first[h]
            if not all(isinstance(p, Fraction | int) for p in probs):
                return ClassSet(False, reason="the solver's probabilities are decimals")
            fixed[h] = tuple(Fraction(p) for p in probs)
        elif len(s.moves) == 2:
            unknown.add(h)
            if h in on_path:
                on_mixed.add(h)
        elif h in on_path:
            return ClassSet(False, reason="a player mixes among more than two moves on the path")
        else:
            many.add(h)
            fixed[h] = tuple(Fraction(1, len(s.moves)) for _ in s.moves)
    if len(unknown) + len(many) > MAX_UNKNOWNS:
        return ClassSet(False, reason=f"more than {MAX_UNKNOWNS} information sets vary")
    box = {h: (Fraction(0), Fraction(1)) for h in unknown}
    conds: list[tuple[Poly, int]] = []
    for i in range(tree.n_players):
        value = _payoff_poly(tree, i, fixed, unknown, None)
        if _vars(value):
            return ClassSet(False, reason="a payoff changes along the set")
        v = value.get(frozenset(), Fraction(0))
        plans = _reduced_plans(tree, i)
        if len(plans) > MAX_PLANS:
            return ClassSet(False, reason=f"{tree.players[i]} has too many plans")
        for plan in plans:
            d = _payoff_poly(tree, i, fixed, unknown, plan)
            _add(d, {frozenset(): v}, Fraction(-1))
            if many and _touches_many(tree, i, plan, fixed, unknown, many, v):
                return ClassSet(
                    False, reason="a condition involves a move with more than two choices"
                )
            lo, hi = _extremes(d, box)
            if hi <= 0:
                continue
            if lo > 0:  # pragma: no cover - the class's members satisfy every condition
                return ClassSet(False, reason="the conditions admit no profile")
            conds.append((d, i))
    # bounds from conditions on one unknown, then the formulas left
    single = [(d, i) for d, i in conds if len(_vars(d)) == 1]
    for d, _ in single:
        (h,) = _vars(d)
        a = d.get(frozenset({h}), Fraction(0))
        c = d.get(frozenset(), Fraction(0))
        lo, hi = box[h]
        if a > 0:
            hi = min(hi, -c / a)
        elif a < 0:
            lo = max(lo, -c / a)
        box[h] = (lo, hi)
    multi: list[tuple[Poly, int]] = []
    for d, i in conds:
        if len(_vars(d)) < 2 or _extremes(d, box)[1] <= 0:
            continue
        if any(_same(d, e) for e, _ in multi):
            continue
        multi.append((d, i))
    multi = [
        (d, i)
        for d, i in multi
        if not any(
            e is not d and _dominates(e, d, box) and not _dominates(d, e, box) for e, _ in multi
        )
    ]
    # names, ranges
    order = [h for h in tree.infosets if h in unknown]
    tied = set().union(*[_vars(d) for d, _ in multi]) if multi else set()
    sym = {h: LETTERS[k % len(LETTERS)] for k, h in enumerate(x for x in order if x in tied)}
    ranges = []
    for h in order:
        s = tree.infosets[h]
        lo, hi = box[h]
        lo_r: Fraction | None = lo
        hi_r: Fraction | None = hi
        if h in tied:
            group = _group(multi, h)
            if len(group) == 1:
                proj = _projection(group[0], h, box)
                lo_r, hi_r = proj if proj is not None else (None, None)
            else:
                lo_r = hi_r = None
        open_lo = h in on_mixed and lo_r == 0
        open_hi = h in on_mixed and hi_r == 1
        ranges.append(
            Range(
                h,
                tree.players[s.player],
                s.moves[0],
                s.moves[1],
                lo_r,
                hi_r,
                open_lo,
                open_hi,
                h in tied,
                sym.get(h, ""),
                h in on_mixed,
            )
        )
    any_mixture = tuple(
        (tree.players[tree.infosets[h].player], h) for h in tree.infosets if h in many
    )
    constraints = tuple(
        (_formula(d, sym), tree.players[i], tuple(sym[h] for h in order if h in _vars(d)))
        for d, i in multi
    )
    return ClassSet(True, tuple(ranges), any_mixture, constraints)


def _touches_many(tree, i, plan, fixed, unknown, many, v) -> bool:
    """Whether player ``i``'s gain from ``plan`` depends on an off-path set with more than two
    moves (held at the uniform mixture while the rest is computed)."""
    others = many - set(tree.player_infosets(i))
    if not others:
        return False
    base = _payoff_poly(tree, i, fixed, unknown, plan)
    for h in others:
        for m in range(len(tree.infosets[h].moves)):
            alt = dict(fixed)
            alt[h] = tuple(Fraction(int(k == m)) for k in range(len(tree.infosets[h].moves)))
            if _payoff_poly(tree, i, alt, unknown, plan) != base:
                return True
    return False


def _group(multi: list, h: str) -> list:
    """The formulas linked to unknown ``h`` through shared unknowns."""
    names = {h}
    group: list = []
    grew = True
    while grew:
        grew = False
        for d, _ in multi:
            if any(d is e for e in group) or not names & _vars(d):
                continue
            group.append(d)
            names |= _vars(d)
            grew = True
    return group


def _same(a: Poly, b: Poly) -> bool:
    """Equal up to a positive factor."""
    if set(a) != set(b):
        return False
    m = next(iter(a))
    r = b[m] / a[m]
    return r > 0 and all(b[k] == r * a[k] for k in a)


def _dominates(e: Poly, d: Poly, box) -> bool:
    """``e >= d`` everywhere on ``box``, so ``e <= 0`` implies ``d <= 0``."""
    diff: Poly = dict(e)
    _add(diff, d, Fraction(-1))
    return not diff or _extremes(diff, box)[0] >= 0


def _projection(d: Poly, h: str, box) -> tuple[Fraction, Fraction] | None:
    """The values of unknown ``h`` for which some values of the others satisfy ``d <= 0`` on
    ``box`` (the least of ``d`` over the others is at a corner, and ``d`` is affine in ``h``);
    ``None`` when they are not one interval."""
    lo, hi = box[h]
    others = _vars(d) - {h}
    pieces = []
    for corner in _corners(others, box):
        at_lo = _eval(d, {**corner, h: lo})
        at_hi = _eval(d, {**corner, h: hi})
        if at_lo <= 0 and at_hi <= 0:
            pieces.append((lo, hi))
        elif at_lo <= 0:
            pieces.append((lo, lo + (hi - lo) * at_lo / (at_lo - at_hi)))
        elif at_hi <= 0:
            pieces.append((hi - (hi - lo) * at_hi / (at_hi - at_lo), hi))
    if not pieces:  # pragma: no cover - the set is not empty
        return None
    pieces.sort()
    a, b = pieces[0]
    for x, y in pieces[1:]:
        if x > b:
            return None
        b = max(b, y)
    return a, b
