"""The sweep engine: a scenario of any kind at every point of a parameter grid.

For every kind the engine asks the kind contract: at each grid point
``sim.contract.analyse(scenario, overrides | point, **options)`` and
``sim.contract.outcomes(result)`` (a tuple of stable labels).  Points with equal outcome sets
that touch form regions; the boundaries between regions are bisected on the exact parameter
into thresholds (:mod:`sim.sweep.boundaries`).

A kind that declares ``KindSpec.sweep_batch`` answers many points at once instead:
``sweep_batch(scenario, points, **options)`` with ``points`` a list of ``{name: value}``
mappings returns one tuple of labels per point.  Those tuples may carry more as attributes
(``rows``: the per-point detail the CSV shows, ``status``, ``message``, ``fast``), and the
function may offer a session class as ``sweep_batch.session`` —
``session(scenario, names, overrides, **options)`` with ``evaluate(points, *, exact_fallback,
grid, progress)``, ``has_fast_path``, ``iterations()``, ``describe()``, ``stats()``,
``messages`` and ``columns()`` — which keeps caches across the grid and the bisection (the
normal-form kind does).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from .. import contract
from ..labels import set_description
from ..numbers import exact_str
from ..results import DEFAULT_TOL
from ..scenario.errors import Location, ScenarioError
from .boundaries import connected_regions, find_thresholds
from .grid import check_vary
from .result import Region, SweepResult, SweepRow

__all__ = ["Progress", "sweep"]

Progress = Callable[[int, int], Any]
Labels = tuple[str, ...]


class _Prober:
    """The boundary code's view of a session: labels only."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.has_fast_path = bool(getattr(session, "has_fast_path", False))

    def probe(
        self, points: Sequence[Sequence[Fraction]], *, exact_fallback: bool = True
    ) -> list[Labels]:
        return [tuple(o) for o in self.session.evaluate(points, exact_fallback=exact_fallback)]


class _Timed:
    """Counts and times the evaluated points of a session without its own counts."""

    def __init__(self) -> None:
        self.points = 0
        self.seconds = 0.0
        self.messages: set[str] = set()

    def iterations(self) -> int:
        per_point = self.seconds / max(1, self.points)
        if per_point < 0.005:
            return 20
        return 10 if per_point < 0.02 else (6 if per_point < 0.2 else 4)

    def stats(self) -> dict[str, int]:
        return {"analysed_points": self.points}

    def columns(self) -> dict[str, tuple]:
        return {}


class ContractSession(_Timed):
    """Any kind, one point at a time through the contract (``analyse`` then ``outcomes``)."""

    has_fast_path = False

    def __init__(
        self, scenario: Any, names: Sequence[str], overrides: Mapping | None = None, **options: Any
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.names = list(names)
        self.overrides = dict(overrides or {})
        self.options = options
        self.cache: dict[tuple, Labels] = {}

    def describe(self) -> str:
        return f"{self.scenario.meta.kind} analysis at each point"

    def evaluate(
        self,
        points: Sequence[Sequence[Fraction]],
        *,
        exact_fallback: bool = True,
        grid: Any = None,
        progress: Progress | None = None,
    ) -> list[Labels]:
        out = []
        last = time.perf_counter()
        for k, point in enumerate(points):
            key = tuple(point)
            if key not in self.cache:
                t0 = time.perf_counter()
                values = dict(self.overrides)
                values.update(zip(self.names, point))
                result = contract.analyse(self.scenario, values, **self.options)
                self.cache[key] = contract.outcomes(result)
                self.seconds += time.perf_counter() - t0
                self.points += 1
            out.append(self.cache[key])
            if progress and (time.perf_counter() - last > 0.1 or k + 1 == len(points)):
                progress(k + 1, len(points))
                last = time.perf_counter()
        return out


class PlainBatchSession(_Timed):
    """A kind's ``sweep_batch`` function (without a session class of its own)."""

    has_fast_path = False

    def __init__(
        self,
        fn: Callable[..., Any],
        scenario: Any,
        names: Sequence[str],
        overrides: Mapping | None = None,
        **options: Any,
    ) -> None:
        super().__init__()
        self.fn = fn
        self.scenario = scenario
        self.names = list(names)
        self.overrides = dict(overrides or {})
        self.options = options

    def describe(self) -> str:
        return f"{self.scenario.meta.kind} batch analysis"

    def evaluate(
        self,
        points: Sequence[Sequence[Fraction]],
        *,
        exact_fallback: bool = True,
        grid: Any = None,
        progress: Progress | None = None,
    ) -> list[Any]:
        t0 = time.perf_counter()
        maps = [{**self.overrides, **dict(zip(self.names, p))} for p in points]
        out = list(self.fn(self.scenario, maps, **self.options))
        self.seconds += time.perf_counter() - t0
        self.points += len(points)
        if progress:
            progress(len(points), len(points))
        return out


def _open_session(
    scenario: Any, names: Sequence[str], overrides: Mapping | None, options: dict[str, Any]
) -> Any:
    kind = getattr(getattr(scenario, "meta", None), "kind", None)
    if kind is None:
        raise ScenarioError(
            "sweep() needs a loaded scenario (see sim.scenario.load)", Location("--vary")
        )
    spec = contract.get_kind(scenario)
    options = contract.check_options(spec, options)
    batch = spec.sweep_batch
    options = {k: v for k, v in options.items() if v is not None}
    if batch is None:
        return ContractSession(scenario, names, overrides, **options)
    factory = getattr(batch, "session", None)
    if factory is not None:
        return factory(scenario, names, overrides, **options)
    return PlainBatchSession(batch, scenario, names, overrides, **options)


def sweep(
    scenario: Any,
    vary: Mapping[str, Sequence[Any]],
    *,
    overrides: Mapping[str, Any] | None = None,
    refine: bool = True,
    progress: Progress | None = None,
    **options: Any,
) -> SweepResult:
    """Every outcome of a scenario (any kind) at every point of a parameter grid.

    ``vary`` maps one or more parameter names to their values (numbers, Fractions or exact
    text; the grid is their Cartesian product, in mapping order).  ``overrides`` fixes other
    parameters (as ``--set`` does).  ``options`` are the kind's analysis options
    (``method=``, ``tol=``, ``time_limit=``: per point for normal-form games).  ``refine``
    bisects region boundaries into thresholds.  ``progress(done, total)`` is called as grid
    points are finished (any callable; refinement is quick and not counted).

    User mistakes (an unknown or fixed parameter, a value outside its range, a scenario with no
    parameters, an option the kind does not take) raise :class:`ScenarioError`.
    """
    t0 = time.perf_counter()
    kind = getattr(getattr(scenario, "meta", None), "kind", "?")
    axes = check_vary(getattr(scenario, "parameters", ()), vary, overrides, kind)
    names = list(axes)
    axes_exact = tuple(axes[n] for n in names)
    session = _open_session(scenario, names, overrides, dict(options))
    gshape = tuple(len(a) for a in axes_exact)
    K = int(np.prod(gshape))
    points = [tuple(axes_exact[j][i] for j, i in enumerate(idx)) for idx in np.ndindex(*gshape)]
    results = session.evaluate(points, grid=axes_exact, progress=progress)
    grid_stats = dict(points=K, **session.stats())
    grid_points = sum(
        v for k, v in grid_stats.items() if k != "points" and k != "distinct_games_solved"
    )

    rows: list[SweepRow] = []
    key_index: dict[Labels, int] = {}
    key_list: list[Labels] = []
    keys = np.empty(K, dtype=np.int64)
    fvals = [tuple(float(v) for v in p) for p in points]
    for k, (idx, r) in enumerate(zip(np.ndindex(*gshape), results)):
        labels = tuple(r)
        if labels not in key_index:
            key_index[labels] = len(key_list)
            key_list.append(labels)
        keys[k] = key_index[labels]
        point = tuple(int(i) for i in idx)
        detail = getattr(r, "rows", None)
        if detail is None:
            rows.extend(SweepRow(point, fvals[k], lab, "outcome") for lab in labels)
        else:
            rows.extend(
                SweepRow(point, fvals[k], lab, kd, probs, pay, reg, ex)
                for lab, kd, probs, pay, reg, ex in detail
            )
    keys = keys.reshape(gshape)
    regions_grid = connected_regions(keys)
    regions = []
    for rid in range(int(regions_grid.max()) + 1 if K else 0):
        where = np.argwhere(regions_grid == rid)
        labels = key_list[keys[tuple(where[0])]]
        bounds = tuple(
            (float(axes_exact[j][where[:, j].min()]), float(axes_exact[j][where[:, j].max()]))
            for j in range(len(gshape))
        )
        regions.append(
            Region(
                rid,
                labels,
                set_description(labels),
                len(where),
                bounds,
                tuple(int(v) for v in where[0]),
            )
        )
    fast = np.asarray([bool(getattr(r, "fast", False)) for r in results], dtype=bool).reshape(
        gshape
    )
    thresholds = find_thresholds(
        _Prober(session),
        names,
        axes_exact,
        keys,
        key_list,
        refine_edges=refine,
        iterations=session.iterations(),
        fast=fast,
    )

    notes = []
    statuses = tuple(getattr(r, "status", "complete") for r in results)
    n_incomplete = sum(1 for s in statuses if s != "complete")
    if n_incomplete:
        notes.append(f"at {n_incomplete} of {K} points the equilibrium set may not be complete")
        notes.extend(sorted(session.messages))
    stats = session.stats()
    probes = sum(v for k, v in stats.items() if k != "distinct_games_solved") - grid_points
    meta = scenario.meta
    cols = dict(session.columns())
    return SweepResult(
        title=meta.title,
        file=meta.file,
        players=cols.get("players", ()),
        player_names=cols.get("player_names", ()),
        strategies=cols.get("strategies", ()),
        strategy_names=cols.get("strategy_names", ()),
        parameters=tuple(names),
        axes=tuple(tuple(float(v) for v in ax) for ax in axes_exact),
        axes_exact=tuple(tuple(exact_str(v) for v in ax) for ax in axes_exact),
        fixed=tuple(
            (k, _fmt_value(v)) for k, v in _fixed_values(scenario, overrides, names).items()
        ),
        rows=tuple(rows),
        point_labels=tuple(tuple(r) for r in results),
        point_status=statuses,
        point_region=tuple(int(v) for v in regions_grid.reshape(-1)),
        regions=tuple(regions),
        thresholds=tuple(thresholds),
        method=session.describe(),
        tol=float(options.get("tol") or DEFAULT_TOL),
        seconds=time.perf_counter() - t0,
        notes=tuple(notes),
        stats=dict(grid_stats, refinement_probes=probes),
        scenario_kind=meta.kind,
        sources=tuple(meta.sources),
        claims=tuple(meta.claims),
    )


def _fixed_values(scenario: Any, overrides: Mapping | None, names: Sequence[str]) -> dict:
    from ..scenario.common import apply_overrides

    vals = apply_overrides(scenario.parameters, overrides)
    return {k: v for k, v in vals.items() if k not in names}


def _fmt_value(v: Any) -> str:
    if isinstance(v, Fraction):
        return exact_str(v)
    return repr(float(v))
