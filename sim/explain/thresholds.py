"""Which parameter changes would change the equilibria, and exactly where.

For each parameter (others held at their current values) we scan its declared range:

1. **From the payoff expressions.**  The payoffs are evaluated exactly at four points of the
   range.  When they are affine in the parameter (the usual case: payoffs are sums of
   parameter-weighted indicators), every comparison a player makes — "strategy a versus b
   against this choice of the others" — is an affine function of the parameter, and its root is
   an exact Fraction.  The pure equilibria can only change at those roots.
2. **By sampling.**  The equilibrium set (pure outcomes and the supports of mixed equilibria) is
   computed at every root, between roots, and on a uniform grid.  Where two neighbouring samples
   differ without an exact root between them (mixed supports in larger games, non-affine
   payoffs), the change point is bisected with Fractions to a tiny interval by the sweep's
   boundary code (:func:`sim.sweep.boundaries.refine`).
3. **Verification.**  Every reported threshold comes with the equilibrium set computed just
   below, exactly at, and just above it.

Thresholds are the sweep's :class:`~sim.sweep.result.Threshold`: ``value`` is the exact root (a
Fraction, ``exact`` its text) or the bisected value (``exact`` is ``None``), ``at`` the set at it,
``below_sample``/``above_sample`` where ``below``/``above`` were computed, ``flips`` the payoff
comparisons that tie there.  Everything here is pure computation (no I/O); the CLI and the
explanation render it.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..game import Game
from ..numbers import exact_str
from ..scenario.common import apply_overrides
from ..scenario.payoffs import NormalFormScenario, build
from ..sweep.boundaries import refine
from ..sweep.result import Threshold

__all__ = [
    "Flip",
    "ParameterScan",
    "Threshold",
    "equilibrium_signature",
    "scan_outcomes",
    "scan_parameters",
]


@dataclass(frozen=True)
class Flip:
    """A payoff comparison that becomes a tie at the threshold."""

    player: str
    others: str  # "DPRK plays freeze"
    a: str
    b: str
    value: object  # the common payoff at the threshold


@dataclass(frozen=True)
class ParameterScan:
    parameter: str
    current: object
    lo: object
    hi: object
    declared_range: bool
    affine: bool
    thresholds: tuple[Threshold, ...]
    current_set: tuple[str, ...]
    note: str = ""
    #: the sets hold the pure equilibria only (the exact method for this game is pure
    #: enumeration): an empty set means no *pure* equilibrium, never no equilibrium
    pure_only: bool = False


@dataclass
class _Budget:
    deadline: float
    solves: int = 0
    exhausted: bool = False

    def ok(self) -> bool:
        if time.perf_counter() > self.deadline:
            self.exhausted = True
        return not self.exhausted


def equilibrium_signature(
    game: Game, method: str | None = None, time_limit: float | None = 10.0
) -> tuple[str, ...]:
    """Equilibria described without their probabilities: pure outcomes and mixed supports."""
    from ..solvers import choose_method, solve

    # exact and complete methods only, so that a change in the set is a real change
    res = solve(game, choose_method(game, method, exact=True), time_limit=time_limit)
    out = set()
    for eq in res.equilibria:
        prof = eq.pure_profile()
        if prof is not None:
            out.add(f"({game.profile_label(prof)})")
        else:
            parts = []
            for i, p in enumerate(game.players):
                sup = [game.strategies[i][k] for k, x in enumerate(eq.strategies[i]) if x != 0]
                parts.append(f"{p} {'/'.join(sup)}" if len(sup) > 1 else f"{p} {sup[0]}")
            out.add("mixed (" + "; ".join(parts) + ")")
    # pure outcomes first, then mixed
    return tuple(sorted(out, key=lambda s: (s.startswith("mixed"), s)))


def _range(p) -> tuple[object, object, bool]:
    v = p.value
    if p.min is not None and p.max is not None:
        return p.min, p.max, True
    width = abs(v) + 5 if isinstance(v, Fraction) else abs(float(v)) + 5.0
    lo = p.min if p.min is not None else v - width
    hi = p.max if p.max is not None else v + width
    return lo, hi, False


def _tensor(scn, base: Mapping, name: str, x) -> np.ndarray | None:
    g = build(scn, {**base, name: x})
    return g.exact


def _affine_parts(scn, base, name, lo, hi):
    """``(T0, D)`` with payoffs ``T0 + x·D`` exactly, or ``None`` when not affine/exact."""
    if not (isinstance(lo, Fraction) and isinstance(hi, Fraction)) or lo == hi:
        return None
    t_lo, t_hi = _tensor(scn, base, name, lo), _tensor(scn, base, name, hi)
    if t_lo is None or t_hi is None:
        return None
    D = (t_hi - t_lo) / (hi - lo)
    for frac in (Fraction(1, 3), Fraction(5, 7)):
        x = lo + (hi - lo) * frac
        t = _tensor(scn, base, name, x)
        if t is None or not np.all(t == t_lo + (x - lo) * D):
            return None
    return t_lo - lo * D, D


def _exact_roots(game_shape, players, strategies, T0, D, lo, hi):
    """Roots in (lo, hi) of every payoff comparison, with the comparisons that tie there."""
    roots: dict[Fraction, list] = {}
    n = len(game_shape)
    for i in range(n):
        others = [range(k) if j != i else [0] for j, k in enumerate(game_shape)]
        for prof in itertools.product(*others):
            for a, b in itertools.combinations(range(game_shape[i]), 2):
                pa = prof[:i] + (a,) + prof[i + 1 :]
                pb = prof[:i] + (b,) + prof[i + 1 :]
                c = T0[pa + (i,)] - T0[pb + (i,)]
                s = D[pa + (i,)] - D[pb + (i,)]
                if s == 0:
                    continue
                r = -c / s
                if lo <= r <= hi:
                    roots.setdefault(r, []).append((i, prof, a, b))
    return roots


def _flip(game: Game, T0, D, r, i, prof, a, b) -> Flip:
    from ..normal_form.explain_words import others_label

    pa = prof[:i] + (a,) + prof[i + 1 :]
    value = T0[pa + (i,)] + r * D[pa + (i,)]
    return Flip(
        game.players[i],
        others_label(game, i, prof),
        game.strategies[i][a],
        game.strategies[i][b],
        value,
    )


def _mid(a, b):
    return (a + b) / 2


class _SignatureProber:
    """The sweep's bisection asks for equilibrium signatures at one-parameter points."""

    has_fast_path = False

    def __init__(self, sig) -> None:
        self.sig = sig

    def probe(self, points, *, exact_fallback: bool = True) -> list[tuple[str, ...]]:
        return [self.sig(p[0]) for p in points]


def scan_parameter(
    scn: NormalFormScenario,
    name: str,
    overrides: Mapping | None = None,
    *,
    grid: int = 16,
    bisect_steps: int = 40,
    budget: _Budget | None = None,
) -> ParameterScan:
    """Scan one parameter over its range; see the module docstring."""
    base = dict(overrides or {})
    values = apply_overrides(scn.parameters, base)
    p = scn.parameter(name)
    current = values[name]
    lo, hi, declared = _range(p)
    budget = budget or _Budget(time.perf_counter() + 30.0)
    exact = all(isinstance(v, Fraction) for v in (lo, hi, current))
    cache: dict = {}

    def sig(x):
        key = x
        if key not in cache:
            budget.solves += 1
            cache[key] = equilibrium_signature(build(scn, {**base, name: x}))
        return cache[key]

    game0 = build(scn, base)
    from ..solvers import choose_method

    pure_only = choose_method(game0, None, exact=True) == "pure"
    current_set = sig(current)
    parts = _affine_parts(scn, base, name, lo, hi) if exact else None
    roots: dict = {}
    if parts is not None:
        T0, D = parts
        roots = _exact_roots(game0.shape, game0.players, game0.strategies, T0, D, lo, hi)
    # sample points: the ends, the roots, midpoints between them, and a uniform grid
    if exact:
        uniform = [lo + (hi - lo) * Fraction(k, grid) for k in range(grid + 1)]
    else:
        uniform = [float(lo) + (float(hi) - float(lo)) * k / grid for k in range(grid + 1)]
    points = sorted(set(uniform) | set(roots))
    samples = sorted(set(points) | {_mid(a, b) for a, b in zip(points, points[1:])})
    sigs = []
    for x in samples:
        if not budget.ok():
            break
        sigs.append((x, sig(x)))
    thresholds: list[Threshold] = []
    # exact roots: compare the open intervals on either side
    root_list = sorted(roots)
    for r in root_list:
        if r in (lo, hi):
            continue  # a tie at an end of the range changes nothing inside it
        left = [s for s in sigs if s[0] < r]
        right = [s for s in sigs if s[0] > r]
        if not left or not right:
            continue
        (xl, sl), (xr, sr) = left[-1], right[0]
        if sl != sr:
            flips = tuple(_flip(game0, parts[0], parts[1], r, *f) for f in roots[r])
            thresholds.append(
                Threshold(
                    parameter=name,
                    value=r,
                    exact=exact_str(r),
                    below=sl,
                    at=sig(r),
                    above=sr,
                    below_sample=xl,
                    above_sample=xr,
                    flips=flips,
                )
            )
    # changes between neighbouring samples with no exact root between them: bisect
    changes = [
        ((x0, s0), (x1, s1))
        for (x0, s0), (x1, s1) in zip(sigs, sigs[1:])
        if s0 != s1 and not any(x0 <= r <= x1 for r in root_list)
    ]
    if changes:
        brackets = refine(
            _SignatureProber(sig),
            [([x0], [x1], 0, s0, True) for (x0, s0), (x1, _s1) in changes],
            bisect_steps,
            stop=lambda: not budget.ok(),
        )
        for ((_x0, s0), (_x1, s1)), (a, b) in zip(changes, brackets):
            thresholds.append(
                Threshold(
                    parameter=name,
                    value=_mid(a, b),
                    below=s0,
                    at=sig(b),
                    above=s1,
                    below_sample=a,
                    above_sample=b,
                )
            )
    thresholds.sort(key=lambda t: float(t.value or 0))
    note = ""
    if budget.exhausted:
        note = "the scan ran out of time; thresholds beyond the sampled points may be missing"
    return ParameterScan(
        name,
        current,
        lo,
        hi,
        declared,
        parts is not None,
        tuple(thresholds),
        current_set,
        note,
        pure_only,
    )


def scan_parameters(
    scn: NormalFormScenario,
    overrides: Mapping | None = None,
    *,
    names: list[str] | None = None,
    time_limit: float = 30.0,
    max_profiles: int = 400,
) -> list[ParameterScan]:
    """:func:`scan_parameter` for every parameter (or ``names``), within one time budget.

    Games with more than ``max_profiles`` pure profiles are not scanned (an empty list).
    """
    if not scn.parameters or int(np.prod(scn.shape)) > max_profiles:
        return []
    budget = _Budget(time.perf_counter() + time_limit)
    out = []
    for p in scn.parameters:
        if names is not None and p.name not in names:
            continue
        if not budget.ok():
            break
        out.append(scan_parameter(scn, p.name, overrides, budget=budget))
    return out


def scan_outcomes(
    scenario,
    overrides: Mapping | None = None,
    *,
    names: list[str] | None = None,
    grid: int = 16,
    time_limit: float = 30.0,
    **options,
) -> list[ParameterScan]:
    """What would change the result, for a scenario of any kind: each parameter (or ``names``)
    swept over its range with the others held at their current values, counting the kind's
    outcomes (:func:`sim.contract.outcomes`) with :func:`sim.sweep.sweep`.

    The thresholds are the sweep's (bisected, snapped to a short fraction when the outcomes
    just either side confirm it).  Parameters not reached within ``time_limit`` seconds are
    left out; ``options`` are the kind's analysis options.
    """
    from .. import contract
    from ..sweep import exact_value, grid_values, sweep

    base = dict(overrides or {})
    values = apply_overrides(scenario.parameters, base)
    current_set = contract.outcomes(contract.analyse(scenario, base, **options))
    deadline = time.perf_counter() + time_limit
    out = []
    for p in scenario.parameters:
        if names is not None and p.name not in names:
            continue
        if time.perf_counter() > deadline:
            break
        lo, hi, declared = _range(p)
        lo, hi = exact_value(lo, p.name), exact_value(hi, p.name)
        if lo >= hi:
            continue
        others = {k: v for k, v in base.items() if k != p.name}
        res = sweep(scenario, {p.name: grid_values(lo, hi, grid + 1)}, overrides=others, **options)
        note = "; ".join(res.notes)
        # a tie at an end of the range changes nothing inside it
        inside = tuple(
            t for t in res.thresholds if t.value is None or not (t.value <= lo or t.value >= hi)
        )
        out.append(
            ParameterScan(
                p.name, values[p.name], lo, hi, declared, False, inside, current_set, note
            )
        )
    return out
