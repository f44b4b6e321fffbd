"""``robust(scenario)``: how likely each outcome is when the parameters are only roughly known.

The parameters are drawn from the scenario's ``uncertainty:`` block (or ``spread``: uniform within
±x% of each value, clipped to its range); at every draw the scenario is analysed through the kind
contract and its outcome set recorded.  The result gives, per outcome label, the probability that
it holds and that it is the only outcome, with Wilson 95% intervals; how the baseline's own
outcomes fare; and which parameters decide each outcome (Sobol indices, one-at-a-time shares and
conditional swings).  The same seed gives the same numbers with any number of workers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .. import contract
from ..scenario.common import Meta, apply_overrides
from ..scenario.errors import Location, ScenarioError
from ..scenario.uncertainty import MAX_DRAWS, Uncertainty, check_against, spread_distributions
from .draws import BLOCK, Design, block_draws, blocks
from .engine import dask_client, evaluate, evaluate_design
from .selection import Selection, summarise
from .sensitivity import Indices, alone, conditional_swings, sobol_indices, wilson

__all__ = ["OutcomeStat", "RobustResult", "robust"]

DEFAULT_DRAWS = 20_000
#: above this many draws a single machine's run is refused (split with workers instead)
MAX_LOCAL_DRAWS = 10**7 * 2


@dataclass(frozen=True, kw_only=True)
class OutcomeStat:
    label: str
    count: int
    probability: float
    ci: tuple[float, float]
    unique_count: int
    unique_probability: float
    unique_ci: tuple[float, float]
    in_baseline: bool


@dataclass(frozen=True, kw_only=True)
class RobustResult:
    """What :func:`robust` found (frozen)."""

    scenario: Any
    meta: Meta
    parameters: Mapping[str, Any]
    notes: tuple[str, ...]
    draws: int
    seed: int
    uncertainty: tuple[Any, ...]  # the Distribution of each uncertain parameter
    outcomes: tuple[OutcomeStat, ...]
    baseline: tuple[str, ...]
    headline: str | None
    sobol: Mapping[str, Mapping[str, Indices]] = field(default_factory=dict)
    sobol_evaluations: int = 0
    alone: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    swings: Mapping[str, Mapping[str, tuple[float, float]]] = field(default_factory=dict)
    scenario_sha256: str | None = None
    workers: int = 1
    seconds: float = 0.0
    samples: np.ndarray | None = field(default=None, repr=False, compare=False)
    sample_ids: np.ndarray | None = field(default=None, repr=False, compare=False)
    sample_sets: tuple[tuple[str, ...], ...] = ()
    selection: Selection | None = None
    trust_samples: np.ndarray | None = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        from .report import robust_repr

        return robust_repr(self)

    def _repr_html_(self, *, chart: bool = True) -> str:
        from .report import robust_html

        return robust_html(self, chart=chart)

    def stat(self, label: str) -> OutcomeStat | None:
        for s in self.outcomes:
            if s.label == label:
                return s
        return None

    def ranked_parameters(self, label: str | None = None) -> list[str]:
        """Uncertain parameters by influence on ``label`` (total-order index, then swing)."""
        label = label or self.headline
        names = [d.parameter for d in self.uncertainty]
        if label is None:
            return names
        idx = self.sobol.get(label, {})
        sw = self.swings.get(label, {})

        def key(name: str) -> tuple[float, float]:
            st = idx.get(name)
            total = st.total_order if st is not None and st.total_order is not None else -1.0
            lo, hi = sw.get(name, (0.0, 0.0))
            return (-total, -abs(hi - lo))

        return sorted(names, key=key)


def _file_hash(meta: Meta) -> str | None:
    try:
        return hashlib.sha256(Path(meta.file).read_bytes()).hexdigest()
    except OSError:
        return None


def _uncertainty(scenario: Any, spread: float | None) -> Uncertainty:
    if spread is not None:
        return spread_distributions(scenario.parameters, spread)
    unc = getattr(scenario.meta, "uncertainty", None)
    if unc is None or not unc.distributions:
        raise ScenarioError(
            "this scenario has no uncertainty block; add one (see `negsim robust "
            "--help`) or give --spread 25% to draw every parameter within ±25% "
            "of its value",
            Location(scenario.meta.file),
        )
    return check_against(unc, scenario.parameters)


#: a normal-form game with more players than this is solved draw by draw (support enumeration
#: per draw), not vectorised over the draws
VECTORISED_PLAYERS = 3


def quick_draws(scenario: Any, *, normal_form: int, fast_path: int, other: int) -> int:
    """How many draws a quick summary (an explanation, the seminar page) makes of ``scenario``.

    Fixed by the scenario's shape, never by the clock, so that the same input gives the same
    numbers on every run and every machine: ``normal_form`` for normal-form games of at most
    :data:`VECTORISED_PLAYERS` players (solved for all draws at once), ``fast_path`` for the
    other kinds with a fast path for draws, ``other`` for the rest (0: none; point to
    ``negsim robust``)."""
    from .. import contract

    spec = contract.get_kind(scenario)
    if spec.name == "normal-form":
        small = len(getattr(scenario, "players", ())) <= VECTORISED_PLAYERS
        return normal_form if small else other
    return fast_path if spec.sweep_batch is not None else other


def robust(
    scenario: Any,
    overrides: Mapping[str, Any] | None = None,
    *,
    draws: int | None = None,
    seed: int | None = None,
    spread: float | None = None,
    outcome: str | None = None,
    sensitivity: bool = True,
    sobol_n: int | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    chunk_blocks: int = 8,
    progress: Callable[[int], None] | None = None,
    keep_samples: bool = True,
    **options: Any,
) -> RobustResult:
    """Draw the uncertain parameters and count each outcome (see the module docstring).

    ``overrides`` fix parameters (a fixed parameter is not drawn); ``options`` go to the kind's
    ``analyse``; ``workers``/``scheduler``/``client`` send the draws to Dask.
    """
    import time

    start = time.perf_counter()
    spec = contract.get_kind(scenario)
    options = contract.check_options(spec, options)
    unc = _uncertainty(scenario, spread)
    fixed = set(overrides or {})
    dists = tuple(d for d in unc.distributions if d.parameter not in fixed)
    notes = []
    dropped = [d.parameter for d in unc.distributions if d.parameter in fixed]
    if dropped:
        notes.append(f"fixed by --set, so not drawn: {', '.join(dropped)}")
    notes.extend(_option_notes(spec, options))
    if not dists:
        raise ScenarioError(
            "no parameter is left to draw (every uncertain parameter is fixed by --set)",
            Location("--set"),
        )
    n = draws if draws is not None else (unc.draws or DEFAULT_DRAWS)
    distributed = workers is not None or scheduler is not None or client is not None
    if n <= 0:
        raise ScenarioError(f"--draws {n}: give a positive number of draws", Location("--draws"))
    limit = MAX_DRAWS if distributed else MAX_LOCAL_DRAWS
    if n > limit:
        how = "" if distributed else " on one machine; give --workers N to split it"
        raise ScenarioError(
            f"{n:,} draws is more than the {limit:,} negsim takes{how}", Location("--draws")
        )
    s = seed if seed is not None else (unc.seed if unc.seed is not None else 0)
    if not 0 <= s < 2**63:
        raise ScenarioError(
            f"--seed {s}: give a whole number from 0 to 2**63-1", Location("--seed")
        )
    if any(d.family == "normal" for d in dists):
        notes.append("normal distributions are truncated to their parameter's [min, max]")
    values = apply_overrides(scenario.parameters, overrides)
    base = contract.analyse(scenario, overrides, **options)
    baseline = contract.outcomes(base)
    design = Design(names=tuple(d.parameter for d in dists), distributions=dists, draws=n, seed=s)
    with dask_client(workers, scheduler, client) as (client, n_workers):
        sets, ids, per_draw = evaluate_design(
            scenario,
            design,
            overrides,
            options,
            client=client,
            chunk_blocks=chunk_blocks,
            progress=progress,
        )
    selection = _selection(scenario, spec, design, overrides, options, per_draw)
    counts = np.bincount(ids, minlength=len(sets)) if len(sets) else np.zeros(0, dtype=int)
    labels = sorted({label for st in sets for label in st} | set(baseline))
    stats = []
    holds: dict[str, np.ndarray] = {}
    for label in labels:
        member = np.asarray([label in st for st in sets], dtype=bool)
        only = np.asarray([st == (label,) for st in sets], dtype=bool)
        k = int(counts[member].sum()) if len(sets) else 0
        u = int(counts[only].sum()) if len(sets) else 0
        holds[label] = member[ids] if len(sets) else np.zeros(n, dtype=bool)
        stats.append(
            OutcomeStat(
                label=label,
                count=k,
                probability=k / n,
                ci=wilson(k, n),
                unique_count=u,
                unique_probability=u / n,
                unique_ci=wilson(u, n),
                in_baseline=label in baseline,
            )
        )
    none_count = int(counts[[i for i, st in enumerate(sets) if not st]].sum()) if sets else 0
    if none_count:
        notes.append(f"{none_count} of {n:,} draws have no outcome the analysis could report")
    headline = outcome
    if headline is not None and headline not in labels:
        raise ScenarioError(
            f"--outcome {headline!r} never occurs; outcomes seen: " + "; ".join(labels),
            Location("--outcome"),
        )
    if headline is None and baseline:
        headline = min(baseline, key=lambda lab: (holds[lab].mean(), lab))
    X = None
    if keep_samples or sensitivity:
        X = np.concatenate([block_draws(design, k) for k in range(len(blocks(n)))])
    sobol: dict[str, dict[str, Indices]] = {}
    n_sobol = 0
    alone_share: dict[str, dict[str, float]] = {}
    swings: dict[str, dict[str, tuple[float, float]]] = {}
    if sensitivity and X is not None:
        varying = [lab for lab in labels if 0 < holds[lab].mean() < 1]
        swings = conditional_swings(design.names, X, {lab: holds[lab] for lab in varying})

        def evaluate_rows(rows: np.ndarray) -> list[tuple[str, ...]]:
            return evaluate(scenario, design.names, rows, overrides, options)

        def evaluate_one(name: str, vals: np.ndarray) -> list[tuple[str, ...]]:
            return evaluate(scenario, [name], vals.reshape(-1, 1), overrides, options)

        alone_share = alone(dists, varying, evaluate_one)
        if varying:
            base_n = sobol_n or _sobol_size(len(dists))
            sobol, n_sobol = sobol_indices(dists, varying, evaluate_rows, base_n, s)
    return RobustResult(
        scenario=scenario,
        meta=scenario.meta,
        parameters=values,
        notes=tuple(notes),
        draws=n,
        seed=s,
        uncertainty=dists,
        outcomes=tuple(stats),
        baseline=baseline,
        headline=headline,
        sobol=sobol,
        sobol_evaluations=n_sobol,
        alone=alone_share,
        swings=swings,
        scenario_sha256=_file_hash(scenario.meta),
        workers=n_workers,
        seconds=time.perf_counter() - start,
        samples=X if keep_samples else None,
        sample_ids=ids if keep_samples else None,
        sample_sets=tuple(sets),
        selection=selection,
        trust_samples=per_draw[1] if keep_samples and per_draw is not None else None,
    )


def _option_notes(spec: contract.KindSpec, options: Mapping[str, Any]) -> list[str]:
    """One sentence per analysis option given (``--move-order US,DPRK``): every draw was analysed
    with it, so the outcomes counted are the ones it asks for."""
    out = []
    for key, value in options.items():
        opt = spec.option(key)
        if opt is None:
            continue
        shown = ",".join(map(str, value)) if isinstance(value, (tuple, list)) else str(value)
        out.append(
            f"every draw analysed with {opt.flag} {shown or 'none'}, so the outcomes counted "
            f"are those of that analysis (see `negsim robust --help`, {opt.flag})"
        )
    return out


def _selection(
    scenario: Any,
    spec: contract.KindSpec,
    design: Design,
    overrides: Mapping[str, Any] | None,
    options: Mapping[str, Any],
    per_draw: tuple[np.ndarray, np.ndarray] | None,
) -> Selection | None:
    """Risk dominance and trust thresholds over the draws (2x2 normal-form games only)."""
    factory = getattr(spec.sweep_batch, "session", None)
    if per_draw is None or factory is None:
        return None
    session = factory(scenario, list(design.names), overrides, **options)
    coop = session.cooperative_profile()
    if coop is None:
        return None
    cols = session.columns()
    return summarise(
        per_draw[0],
        per_draw[1],
        strategies=cols["strategies"],
        players=cols["players"],
        player_names=cols["player_names"],
        cooperative=coop,
    )


def _sobol_size(d: int) -> int:
    """A base sample of 2**k with about 8,000 evaluations in all (at least 256)."""
    target = max(8192 // (d + 2), 256)
    return 1 << (target.bit_length() - 1)


BLOCK_SIZE = BLOCK
