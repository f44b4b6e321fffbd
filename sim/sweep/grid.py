"""Grids of parameter values: ``--vary NAME=FROM:TO:POINTS`` or ``NAME=v1,v2,...``, exactly.

Every value is a :class:`~fractions.Fraction`, so a threshold that falls on a grid point (3 on
``0:6:13``) is met exactly, not at 2.9999999.  Mistakes are :class:`ScenarioError`\\ s located at
``--vary``, with a sentence saying what to write instead.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from ..scenario.errors import Location, ScenarioError, did_you_mean
from ..scenario.yamlsrc import exact_number

__all__ = [
    "DEFAULT_POINTS",
    "MAX_GRID_POINTS",
    "MAX_POINTS",
    "check_vary",
    "exact_value",
    "grid_values",
    "parse_vary",
]

#: points of ``NAME=FROM:TO`` without a count
DEFAULT_POINTS = 51
MAX_POINTS = 100_000
#: points of a whole grid (the product of its axes); each point is one solved game
MAX_GRID_POINTS = 250_000


def _error(message: str, name: str = "") -> ScenarioError:
    return ScenarioError(message, Location("--vary", 0, 0, name))


def _number(text: str, what: str, name: str) -> Fraction:
    try:
        return exact_number(text)
    except ValueError as exc:
        reason = str(exc) or "is not a number (like 3, -1.5 or 2/3)"
        shown = text if len(text) <= 40 else text[:30] + "..."
        raise _error(f"{what}: {shown!r} {reason}", name) from None


def grid_values(lo: Any, hi: Any, n: int) -> tuple[Fraction, ...]:
    """``n`` evenly spaced exact values from ``lo`` to ``hi`` inclusive."""
    lo, hi = Fraction(lo), Fraction(hi)
    if n < 1:
        raise _error("a grid needs at least one point")
    if n == 1:
        return (lo,)
    step = (hi - lo) / (n - 1)
    return tuple(lo + k * step for k in range(n))


def parse_vary(text: str) -> tuple[str, tuple[Fraction, ...]]:
    """``"p=0:10:101"`` (from, to, number of points) or ``"p=1,2,5"`` → ``("p", values)``.

    ``"p=0:10"`` means 51 points.  Values are exact Fractions, a list is sorted.  Raises
    :class:`ScenarioError` (at ``--vary``) with a sentence saying what to write instead.
    """
    usage = f"--vary expects name=from:to:points or name=v1,v2,..., got {text!r}"
    if "=" not in text:
        raise _error(usage)
    name, _, spec = text.partition("=")
    name, spec = name.strip(), spec.strip()
    if not name or not spec:
        raise _error(usage, name)
    what = f"--vary {name}"
    if ":" in spec:
        parts = spec.split(":")
        if len(parts) not in (2, 3):
            raise _error(f"{what}: write from:to:points, e.g. {name}=0:10:101", name)
        lo = _number(parts[0], what, name)
        hi = _number(parts[1], what, name)
        if len(parts) == 3:
            try:
                n = int(parts[2])
            except ValueError:
                raise _error(
                    f"{what}: the number of points must be a whole number, got {parts[2]!r}", name
                ) from None
        else:
            n = DEFAULT_POINTS
        if n < 2 or n > MAX_POINTS:
            raise _error(f"{what}: use between 2 and {MAX_POINTS} points, got {n}", name)
        if hi <= lo:
            raise _error(f"{what}: 'to' ({hi}) must be larger than 'from' ({lo})", name)
        return name, grid_values(lo, hi, n)
    vals = tuple(_number(v, what, name) for v in spec.split(",") if v.strip())
    if not vals:
        raise _error(f"{what}: give at least one value", name)
    if len(set(vals)) != len(vals):
        raise _error(f"{what}: a value is listed twice", name)
    return name, tuple(sorted(vals))


def exact_value(v: Any, name: str = "") -> Fraction:
    """A grid value as a Fraction (floats exactly as written in decimal: ``0.1`` is 1/10)."""
    if isinstance(v, Fraction):
        return v
    if isinstance(v, bool):
        raise _error(f"--vary {name}: {v!r} is not a number", name)
    if isinstance(v, int) or (hasattr(v, "dtype") and getattr(v.dtype, "kind", "") in "iu"):
        return Fraction(int(v))
    if isinstance(v, str):
        return _number(v, f"--vary {name}", name)
    f = float(v)
    if not math.isfinite(f):
        raise _error(f"--vary {name}: parameter value {v!r} is not a finite number", name)
    return Fraction(repr(f))


def check_vary(
    parameters: Sequence[Any],
    vary: Mapping[str, Sequence[Any]],
    overrides: Mapping[str, Any] | None,
    kind: str = "",
) -> dict[str, tuple[Fraction, ...]]:
    """The grid axes as exact values, checked against the scenario's ``parameters``.

    Every varied name must be a declared parameter, not also fixed by ``overrides``, with at least
    one value, every value inside the declared range.
    """
    by_name = {p.name: p for p in parameters}
    if not by_name:
        what = f"a '{kind}' scenario" if kind else "this scenario"
        raise ScenarioError(
            f"{what} declares no parameters, so there is nothing to sweep; "
            "add a 'parameters:' block to vary one",
            Location("--vary"),
        )
    if not vary:
        raise _error("give at least one parameter to vary (--vary NAME=FROM:TO:POINTS)")
    axes: dict[str, tuple[Fraction, ...]] = {}
    for name, values in vary.items():
        if name not in by_name:
            raise _error(f"unknown parameter '{name}'{did_you_mean(name, list(by_name))}", name)
        if name in (overrides or {}):
            raise _error(f"parameter '{name}' is both varied and fixed with --set; drop one", name)
        ax = tuple(exact_value(v, name) for v in values)
        if not ax:
            raise _error(f"--vary {name}: no values given", name)
        p = by_name[name]
        for v in (min(ax), max(ax)):
            p.check(v, Location("--vary", 0, 0, name))
        axes[name] = ax
    total = math.prod(len(ax) for ax in axes.values())
    if total > MAX_GRID_POINTS:
        sizes = " x ".join(f"{len(ax):,}" for ax in axes.values())
        raise _error(
            f"the grid has {sizes} = {total:,} points; a sweep may have at most "
            f"{MAX_GRID_POINTS:,} (use fewer points per parameter)"
        )
    return axes
