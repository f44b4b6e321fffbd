"""Which uncertain parameters decide an outcome.

- :func:`wilson` — the Wilson score interval of a proportion (95% by default);
- :func:`sobol_indices` — variance-based first- and total-order indices of each outcome's
  indicator, with SALib's Saltelli design and estimators (Jansen / Saltelli 2010) and their
  bootstrap intervals;
- :func:`alone` — one at a time: how often an outcome holds when only one parameter is uncertain
  (the others at their values), over that parameter's own distribution;
- :func:`conditional_swings` — from the Monte Carlo draws: how often an outcome holds when a
  parameter lies in the lowest or the highest fifth of its draws.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..scenario.uncertainty import Distribution
from .draws import transform

__all__ = ["Indices", "alone", "conditional_swings", "sobol_indices", "wilson"]

Z95 = 1.959963984540054


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for ``k`` successes in ``n`` trials."""
    if n <= 0:
        return (0.0, 1.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return (low, high)


@dataclass(frozen=True, kw_only=True)
class Indices:
    """Sobol indices of one outcome's indicator for one parameter (None when undefined: the
    outcome never or always holds on the design)."""

    first_order: float | None
    first_order_ci: tuple[float, float] | None
    total_order: float | None
    total_order_ci: tuple[float, float] | None


def _ci(value: float, conf: float) -> tuple[float, float]:
    return (float(value - conf), float(value + conf))


def sobol_indices(
    distributions: Sequence[Distribution],
    labels: Sequence[str],
    evaluate: Callable[[np.ndarray], list[tuple[str, ...]]],
    n: int,
    seed: int,
) -> tuple[dict[str, dict[str, Indices]], int]:
    """First- and total-order Sobol indices of each label's indicator.

    ``evaluate(X)`` gives the outcome set at each row of parameter values.  ``n`` (a power of 2)
    is the base sample size: the design has ``n * (d + 2)`` rows.  Returns the indices per label
    and parameter, and the number of evaluations made.
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    d = len(distributions)
    problem = {
        "num_vars": d,
        "names": [x.parameter for x in distributions],
        "bounds": [[0.0, 1.0]] * d,
    }
    U = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    U = np.clip(U, 1e-12, 1 - 1e-12)
    sets = evaluate(transform(distributions, U))
    out: dict[str, dict[str, Indices]] = {}
    for label in labels:
        Y = np.fromiter((1.0 if label in s else 0.0 for s in sets), dtype=float, count=len(sets))
        per: dict[str, Indices] = {}
        if Y.min() == Y.max():
            for x in distributions:
                per[x.parameter] = Indices(
                    first_order=None, first_order_ci=None, total_order=None, total_order_ci=None
                )
        else:
            res = sobol_analyze.analyze(
                problem, Y, calc_second_order=False, seed=seed, num_resamples=200
            )
            for j, x in enumerate(distributions):
                per[x.parameter] = Indices(
                    first_order=float(res["S1"][j]),
                    first_order_ci=_ci(res["S1"][j], res["S1_conf"][j]),
                    total_order=float(res["ST"][j]),
                    total_order_ci=_ci(res["ST"][j], res["ST_conf"][j]),
                )
        out[label] = per
    return out, len(sets)


def alone(
    distributions: Sequence[Distribution],
    labels: Sequence[str],
    evaluate_one: Callable[[str, np.ndarray], list[tuple[str, ...]]],
    points: int = 41,
) -> dict[str, dict[str, float]]:
    """For each parameter on its own: the share of its distribution on which each label holds
    (the others at their values), from ``points`` equally likely quantiles."""
    u = (np.arange(points) + 0.5) / points
    out: dict[str, dict[str, float]] = {label: {} for label in labels}
    for x in distributions:
        values = x.ppf(u)
        sets = evaluate_one(x.parameter, values)
        for label in labels:
            out[label][x.parameter] = sum(label in s for s in sets) / len(sets)
    return out


def conditional_swings(
    names: Sequence[str], X: np.ndarray, holds: Mapping[str, np.ndarray], share: float = 0.2
) -> dict[str, dict[str, tuple[float, float]]]:
    """For each label and parameter: how often the label holds among the draws where the
    parameter is in its lowest and in its highest ``share`` of values."""
    out: dict[str, dict[str, tuple[float, float]]] = {}
    n = len(X)
    k = max(int(n * share), 1)
    order = [np.argsort(X[:, j], kind="stable") for j in range(len(names))]
    for label, h in holds.items():
        per = {}
        for j, name in enumerate(names):
            lo, hi = order[j][:k], order[j][-k:]
            per[name] = (float(h[lo].mean()), float(h[hi].mean()))
        out[label] = per
    return out


def as_plain(x: Any) -> Any:
    """Indices as JSON-ready dicts."""
    if isinstance(x, Indices):
        return {
            "first_order": x.first_order,
            "first_order_ci": x.first_order_ci,
            "total_order": x.total_order,
            "total_order_ci": x.total_order_ci,
        }
    return x
