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
from ..robust.engine import dask_client
from ..scenario.errors import Location, ScenarioError
from .boundaries import connected_regions, find_thresholds
from .grid import check_vary
from .result import Region, SweepResult, SweepRow

__all__ = ["Progress", "sweep"]

Progress = Callable[[int, int], Any]
Labels = tuple[str, ...]


class _Prober:
    """The boundary code's view of a session: labels only.

    ``remote(points, exact_fallback)``, when given, answers the probes of a session without a
    fast path on the Dask workers (each probe's answer depends on its point alone, so where it
    is computed changes nothing)."""

    def __init__(self, session: Any, remote: Callable[..., list[Labels]] | None = None) -> None:
        self.session = session
        self.has_fast_path = bool(getattr(session, "has_fast_path", False))
        self.remote = None if self.has_fast_path else remote

    def probe(
        self, points: Sequence[Sequence[Fraction]], *, exact_fallback: bool = True
    ) -> list[Labels]:
        if self.remote is not None and len(points) > 1:
            return self.remote(points, exact_fallback)
        return [tuple(o) for o in self.session.evaluate(points, exact_fallback=exact_fallback)]


class ContractSession(contract.PointSession):
    """Any kind, one point at a time through the contract (``analyse`` then ``outcomes``)."""

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


class PlainBatchSession(contract.PointSession):
    """A kind's ``sweep_batch`` function (without a session class of its own)."""

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
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    chunk_points: int | None = None,
    **options: Any,
) -> SweepResult:
    """Every outcome of a scenario (any kind) at every point of a parameter grid.

    ``vary`` maps one or more parameter names to their values (numbers, Fractions or exact
    text; the grid is their Cartesian product, in mapping order).  ``overrides`` fixes other
    parameters (as ``--set`` does).  ``options`` are the kind's analysis options
    (``method=``, ``tol=``, ``time_limit=``: per point for normal-form games).  ``refine``
    bisects region boundaries into thresholds.  ``progress(done, total)`` is called as grid
    points are finished (any callable; refinement is quick and not counted).

    ``workers`` (a Dask ``LocalCluster`` of that many processes), ``scheduler`` (the address of
    a running cluster) or ``client`` (a Dask client) solve the grid on Dask workers in chunks of
    about ``chunk_points`` points (whole rows of the grid); the bisection probes of a kind
    without a fast path go to the workers too, the others run here.  The result is the same
    with any number of workers and any chunk size.

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
    with dask_client(workers, scheduler, client) as (dask, n_workers):
        if dask is None:
            results = session.evaluate(points, grid=axes_exact, progress=progress)
            remote = None
        else:
            job = _Remote(dask, scenario, names, overrides, dict(options), session)
            size = chunk_points or -(-K // (4 * n_workers))
            results = job.grid(axes_exact, size, progress)
            remote = job.probe
        grid_stats = dict(points=K, **session.stats())
        grid_points = sum(
            v for k, v in grid_stats.items() if k != "points" and k != "distinct_games_solved"
        )
        thresholds = find_thresholds(
            _Prober(session, remote),
            names,
            axes_exact,
            *_grid_keys(results, gshape),
            refine_edges=refine,
            iterations=session.iterations(),
            fast=np.asarray([bool(getattr(r, "fast", False)) for r in results], dtype=bool).reshape(
                gshape
            ),
        )

    rows: list[SweepRow] = []
    keys, key_list = _grid_keys(results, gshape)
    fvals = [tuple(float(v) for v in p) for p in points]
    for k, (idx, r) in enumerate(zip(np.ndindex(*gshape), results)):
        labels = tuple(r)
        point = tuple(int(i) for i in idx)
        detail = getattr(r, "rows", None)
        if detail is None:
            rows.extend(SweepRow(point, fvals[k], lab, "outcome") for lab in labels)
        else:
            rows.extend(
                SweepRow(point, fvals[k], lab, kd, probs, pay, reg, ex)
                for lab, kd, probs, pay, reg, ex in detail
            )
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


def _grid_keys(results: Sequence[Any], gshape: tuple[int, ...]) -> tuple[np.ndarray, list[Labels]]:
    """Each grid point's outcome set as an index into the list of distinct sets (grid-shaped)."""
    index: dict[Labels, int] = {}
    keys = np.fromiter(
        (index.setdefault(tuple(r), len(index)) for r in results),
        dtype=np.int64,
        count=len(results),
    )
    return keys.reshape(gshape), list(index)


class _Remote:
    """A sweep's work on Dask workers: the grid in chunks of whole rows, and bisection probes.

    Each task opens its own session on a worker and sends back its answers and the session's
    counts, which the local ``session`` absorbs (so its description, counts and bisection depth
    are those of the whole sweep)."""

    def __init__(
        self,
        client: Any,
        scenario: Any,
        names: Sequence[str],
        overrides: Mapping | None,
        options: dict[str, Any],
        session: Any,
    ) -> None:
        self.client = client
        self.args = (
            client.scatter(scenario, broadcast=True),
            list(names),
            dict(overrides or {}),
            options,
            contract.get_kind(scenario),
        )
        self.session = session
        self.workers = max(len(client.scheduler_info().get("workers", {})), 1)

    def _absorb(self, state: Mapping[str, Any] | None) -> None:
        if state is not None and hasattr(self.session, "absorb"):
            self.session.absorb(state)

    def grid(
        self, axes: Sequence[Sequence[Fraction]], size: int, progress: Progress | None
    ) -> list[Any]:
        from distributed import as_completed

        row = int(np.prod([len(a) for a in axes[1:]])) if len(axes) > 1 else 1
        step = max(1, size // max(row, 1))
        starts = range(0, len(axes[0]), step)
        futures = {
            self.client.submit(
                _grid_task, *self.args, (tuple(axes[0][a : a + step]), *axes[1:]), pure=False
            ): a
            for a in starts
        }
        parts: dict[int, list[Any]] = {}
        total = int(np.prod([len(a) for a in axes]))
        done = 0
        for fut in as_completed(futures):
            got, state = fut.result()
            parts[futures[fut]] = got
            self._absorb(state)
            done += len(got)
            if progress:
                progress(done, total)
        return [r for a in starts for r in parts[a]]

    def probe(self, points: Sequence[Sequence[Fraction]], exact_fallback: bool) -> list[Labels]:
        n = len(points)
        step = -(-n // (2 * self.workers))
        futures = [
            self.client.submit(
                _probe_task,
                *self.args,
                [tuple(p) for p in points[a : a + step]],
                exact_fallback,
                pure=False,
            )
            for a in range(0, n, step)
        ]
        out: list[Labels] = []
        for fut in futures:
            got, state = fut.result()
            self._absorb(state)
            out.extend(got)
        return out


def _worker_session(
    scenario: Any, names: list[str], overrides: dict, options: dict, spec: contract.KindSpec
) -> Any:
    if spec.name not in contract.KINDS:
        contract.register_kind(spec)
    return _open_session(scenario, names, overrides, dict(options))


def _grid_task(
    scenario: Any,
    names: list[str],
    overrides: dict,
    options: dict,
    spec: contract.KindSpec,
    axes: Sequence[Sequence[Fraction]],
) -> tuple[list[Any], dict[str, Any] | None]:
    """One chunk of a sweep's grid on a worker: its answers, in C order, and the counts."""
    session = _worker_session(scenario, names, overrides, options, spec)
    shape = tuple(len(a) for a in axes)
    points = [tuple(axes[j][i] for j, i in enumerate(idx)) for idx in np.ndindex(*shape)]
    got = session.evaluate(points, grid=axes)
    return list(got), (session.state() if hasattr(session, "state") else None)


def _probe_task(
    scenario: Any,
    names: list[str],
    overrides: dict,
    options: dict,
    spec: contract.KindSpec,
    points: list[tuple[Fraction, ...]],
    exact_fallback: bool,
) -> tuple[list[Labels], dict[str, Any] | None]:
    """Bisection probes on a worker: the labels at each point, and the counts."""
    session = _worker_session(scenario, names, overrides, options, spec)
    got = session.evaluate(points, exact_fallback=exact_fallback)
    return [tuple(o) for o in got], (session.state() if hasattr(session, "state") else None)


def _fixed_values(scenario: Any, overrides: Mapping | None, names: Sequence[str]) -> dict:
    from ..scenario.common import apply_overrides

    vals = apply_overrides(scenario.parameters, overrides)
    return {k: v for k, v in vals.items() if k not in names}


def _fmt_value(v: Any) -> str:
    if isinstance(v, Fraction):
        return exact_str(v)
    return repr(float(v))
