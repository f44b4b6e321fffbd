"""Outcomes of a scenario at many parameter draws, on one machine or on a Dask cluster.

Every kind is evaluated through the kind contract (``analyse`` then ``outcomes`` at each draw);
a kind that declares a vectorised ``sweep_batch`` answers whole blocks at once.  What travels
back from a worker is small: the distinct outcome sets of its blocks and, per draw, the index of
its set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from .. import contract
from ..scenario.errors import Location, ScenarioError
from .draws import BLOCK, Design, block_draws, blocks

__all__ = ["dask_client", "evaluate", "evaluate_design", "run_blocks"]

OutcomeSet = tuple[str, ...]


def evaluate(
    scenario: Any,
    names: Sequence[str],
    X: np.ndarray,
    overrides: Mapping[str, Any] | None,
    options: Mapping[str, Any],
) -> list[OutcomeSet]:
    """The outcome set at each row of ``X`` (one column per parameter in ``names``)."""
    spec = contract.get_kind(scenario)
    options = contract.check_options(spec, options)
    if spec.sweep_batch is not None and len(X):
        sets, ids = classify(spec, scenario, names, X, overrides, options)
        return [sets[i] for i in ids]
    base = dict(overrides or {})
    cache: dict[tuple[float, ...], OutcomeSet] = {}
    out: list[OutcomeSet] = []
    for row in X:
        key = tuple(float(v) for v in row)
        got = cache.get(key)
        if got is None:
            point = {**base, **dict(zip(names, key, strict=True))}
            result = contract.analyse(scenario, point, **options)
            got = contract.outcomes(result)
            if len(cache) < 100_000:
                cache[key] = got
        out.append(got)
    return out


def classify(
    spec: contract.KindSpec,
    scenario: Any,
    names: Sequence[str],
    X: np.ndarray,
    overrides: Mapping[str, Any] | None,
    options: Mapping[str, Any],
    session: Any = None,
) -> tuple[list[OutcomeSet], np.ndarray]:
    """``(distinct outcome sets, index per row)`` through the kind's batch path (its session
    class when it has one: ``session``, or a new one)."""
    batch = spec.sweep_batch
    factory = getattr(batch, "session", None)
    if factory is not None:
        if session is None:
            session = factory(scenario, list(names), overrides, **options)
        if hasattr(session, "classify"):
            return session.classify(X)
        got = session.evaluate([tuple(r) for r in X])
    else:
        base = dict(overrides or {})
        got = batch(
            scenario,
            [{**base, **dict(zip(names, map(float, r), strict=True))} for r in X],
            **options,
        )
    index: dict[OutcomeSet, int] = {}
    ids = np.fromiter(
        (index.setdefault(tuple(sorted(set(s))), len(index)) for s in got),
        dtype=np.int64,
        count=len(X),
    )
    return list(index), ids


Selection = tuple[np.ndarray, np.ndarray] | None


def run_blocks(
    scenario: Any,
    design: Design,
    ks: Sequence[int | tuple[int, int, int]],
    overrides: Mapping[str, Any] | None,
    options: Mapping[str, Any],
    spec: contract.KindSpec | None = None,
) -> list[tuple[Any, list[OutcomeSet], np.ndarray, Selection]]:
    """Evaluate blocks ``ks`` (a block ``k``, or a piece ``(k, lo, hi)``: its draws ``lo`` to
    ``hi``): per block or piece, its distinct outcome sets, each draw's set index and, for a kind
    whose batch session offers ``selection`` (2x2 normal-form games), each draw's risk-dominant
    equilibrium and trust thresholds.

    This is the unit of work sent to a Dask worker; it recomputes its draws from the design.
    ``spec`` registers the scenario's kind in a worker that does not know it (a kind registered
    at run time rather than through ``KIND_MODULES``).
    """
    if spec is not None and spec.name not in contract.KINDS:
        contract.register_kind(spec)
    out = []
    kind = contract.get_kind(scenario)
    opts = contract.check_options(kind, options)
    factory = getattr(kind.sweep_batch, "session", None)
    session = None
    if factory is not None:
        session = factory(scenario, list(design.names), overrides, **opts)
    for k in ks:
        if isinstance(k, tuple):
            X = block_draws(design, k[0])[k[1] : k[2]]
        else:
            X = block_draws(design, k)
        if kind.sweep_batch is not None and len(X):
            sets, ids = classify(kind, scenario, design.names, X, overrides, opts, session)
            sel = session.selection(X) if hasattr(session, "selection") else None
            out.append((k, sets, ids.astype(np.int32), sel))
            continue
        per_draw = evaluate(scenario, design.names, X, overrides, options)
        index: dict[OutcomeSet, int] = {}
        ids = np.fromiter(
            (index.setdefault(s, len(index)) for s in per_draw), dtype=np.int32, count=len(per_draw)
        )
        out.append((k, list(index), ids, None))
    return out


def evaluate_design(
    scenario: Any,
    design: Design,
    overrides: Mapping[str, Any] | None,
    options: Mapping[str, Any],
    *,
    client: Any = None,
    chunk_blocks: int = 8,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[OutcomeSet], np.ndarray, Selection]:
    """Every draw's outcome set: ``(sets, ids, selection)`` with ``sets[ids[i]]`` the set of
    draw ``i``, and ``selection`` the ``(risk, trust)`` arrays of all draws (see
    :func:`run_blocks`) or ``None``.

    With a Dask ``client`` the blocks go out in chunks of ``chunk_blocks`` blocks; the numbers
    are the same with any client, any number of workers and any chunk size.
    """
    n_blocks = len(blocks(design.draws))
    chunks: list[list[Any]] = [
        list(range(s, min(s + chunk_blocks, n_blocks)))
        for s in range(0, n_blocks, max(chunk_blocks, 1))
    ]
    if client is not None:
        chunks = _work_for(scenario, design, client, chunk_blocks)
    results: dict[Any, tuple[list[OutcomeSet], np.ndarray, Selection]] = {}
    if client is None:
        for ks in chunks:
            for k, sets, ids, sel in run_blocks(scenario, design, ks, overrides, options):
                results[k] = (sets, ids, sel)
                if progress is not None:
                    progress(len(ids))
    else:
        from distributed import as_completed

        spec = contract.get_kind(scenario)
        scn = client.scatter(scenario, broadcast=True)
        futures = [
            client.submit(
                run_blocks, scn, design, ks, dict(overrides or {}), dict(options), spec, pure=False
            )
            for ks in chunks
        ]
        for fut in as_completed(futures):
            for k, sets, ids, sel in fut.result():
                results[k] = (sets, ids, sel)
                if progress is not None:
                    progress(len(ids))
    index: dict[OutcomeSet, int] = {}
    parts = []
    sels = []
    for k in sorted(results, key=lambda k: k if isinstance(k, tuple) else (k, 0, 0)):
        sets, ids, sel = results[k]
        remap = np.asarray([index.setdefault(s, len(index)) for s in sets], dtype=np.int32)
        parts.append(remap[ids] if len(ids) else ids)
        sels.append(sel)
    all_ids = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
    selection: Selection = None
    if sels and all(x is not None for x in sels):
        selection = (
            np.concatenate([x[0] for x in sels]),  # type: ignore[index]
            np.concatenate([x[1] for x in sels]),  # type: ignore[index]
        )
    return list(index), all_ids, selection


def _work_for(scenario: Any, design: Design, client: Any, chunk_blocks: int) -> list[list[Any]]:
    """The tasks of a run on Dask: for a vectorised kind with enough blocks (four per worker),
    chunks of whole blocks (at most ``chunk_blocks``, at least two tasks per worker); otherwise
    about four pieces of draws per worker (a block is then cut into pieces, each recomputing
    the block's stream and keeping its own draws), so that a few blocks do not leave a worker
    idle (5 blocks on 2 workers: one worker would do 3)."""
    n_blocks = len(blocks(design.draws))
    workers = _count(client)
    spec = contract.get_kind(scenario)
    vectorised = getattr(spec.sweep_batch, "session", None) is not None
    if vectorised and n_blocks >= 4 * workers:
        size = max(1, min(chunk_blocks, -(-n_blocks // (2 * workers))))
        return [list(range(s, min(s + size, n_blocks))) for s in range(0, n_blocks, size)]
    piece = max(1, min(BLOCK, -(-design.draws // (4 * workers))))
    out: list[list[Any]] = []
    for k, (start, stop) in enumerate(blocks(design.draws)):
        for lo in range(0, stop - start, piece):
            out.append([(k, lo, min(lo + piece, stop - start))])
    return out


@contextmanager
def dask_client(
    workers: int | None, scheduler: str | None, client: Any = None
) -> Iterator[tuple[Any, int]]:
    """``(client, number of workers)`` for a run: ``client`` itself when given, a new
    ``LocalCluster`` of ``workers`` processes (closed on exit), a running cluster at
    ``scheduler``, or ``(None, 1)`` when none is asked for.  The one place robustness runs and
    sweeps reach Dask; an unreachable scheduler is a :class:`ScenarioError` at ``--scheduler``
    raised before any work."""
    if client is not None:
        yield client, _count(client)
        return
    if workers is None and scheduler is None:
        yield None, 1
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - a declared dependency
        raise ScenarioError(
            "--workers and --scheduler need dask.distributed (pip install 'dask[distributed]')",
            Location("--workers"),
        ) from None
    if scheduler is not None:
        try:
            own = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise ScenarioError(
                f"cannot reach the Dask scheduler at {scheduler}: {exc}", Location("--scheduler")
            ) from None
        try:
            yield own, _count(own)
        finally:
            own.close()
        return
    if workers is None or workers < 1:
        raise ScenarioError(f"--workers {workers}: give at least 1", Location("--workers"))
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=40,
    )
    own = Client(cluster)
    try:
        yield own, _count(own)
    finally:
        own.close()
        cluster.close()


def _count(client: Any) -> int:
    return max(len(client.scheduler_info().get("workers", {})), 1)
