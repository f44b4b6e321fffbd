"""What a sweep returns — a frozen :class:`SweepResult` — and its text forms (pure functions).

:func:`to_csv` (one line per point and outcome), :func:`to_dict`/:func:`to_json` (the JSON form,
documented in ``docs/charts.md``) and :func:`summary_text` (regions and thresholds in words)
turn a result into text; nothing here reads or writes files.

The same :class:`Threshold` describes where a sweep's outcome set changes and where the
explanation's parameter scan finds that the equilibria change.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from .._version import __version__
from ..labels import ordered_labels, set_description
from ..numbers import json_number

__all__ = [
    "Region",
    "SweepResult",
    "SweepRow",
    "Threshold",
    "summary_text",
    "to_csv",
    "to_dict",
    "to_json",
]


@dataclass(frozen=True)
class SweepRow:
    """One outcome at one grid point.

    ``point`` are the grid indices, ``values`` the parameter values there (in the order of
    :attr:`SweepResult.parameters`), ``label`` the outcome label.  For a normal-form game a row is
    one equilibrium: ``kind`` is ``"pure"`` or ``"mixed"``, ``strategies[i][k]`` player ``i``'s
    probability on its ``k``-th strategy, ``payoffs[i]`` its expected payoff, ``exact`` whether
    the numbers were computed (and certified) in exact arithmetic.  Other kinds' rows carry the
    label only (``kind`` is ``"outcome"``).
    """

    point: tuple[int, ...]
    values: tuple[float, ...]
    label: str
    kind: str
    strategies: tuple[tuple[float, ...], ...] = ()
    payoffs: tuple[float, ...] = ()
    max_regret: float = 0.0
    exact: bool = False


@dataclass(frozen=True)
class Region:
    """A connected set of grid points with the same outcome set."""

    id: int
    labels: tuple[str, ...]
    description: str
    n_points: int
    bounds: tuple[tuple[float, float], ...]  # per parameter: smallest and largest value in it
    representative: tuple[int, ...]  # grid indices of one point in the region


@dataclass(frozen=True)
class Threshold:
    """Where the outcome set changes as ``parameter`` crosses ``value``.

    ``below``/``above``: the outcome sets (labels) on either side; ``at``: the set at the
    threshold itself when it was computed (``None`` otherwise).  ``value`` is a float, or a
    Fraction when it was computed exactly; ``exact`` is its text (``"3"``, ``"7/2"``) when it is
    exact or snaps to a short fraction that was verified on both sides.

    For a 2-parameter sweep, ``along`` names the other parameter and ``span`` the range of its
    grid values over which this threshold holds; when the boundary is not a straight line
    ``value`` is ``None``, ``points`` lists ``(other value, refined value)`` pairs and ``line``
    the fitted line (``"2*drill_value - 1"``) when they lie on one.

    A scan that verifies each threshold also records where: ``below_sample``/``above_sample``
    (values just below and above it where ``below``/``above`` were computed) and ``flips``
    (the payoff comparisons that tie at it).
    """

    parameter: str
    value: float | Fraction | None
    below: tuple[str, ...]
    above: tuple[str, ...]
    at: tuple[str, ...] | None = None
    exact: str | None = None
    along: str | None = None
    span: tuple[float, float] | None = None
    points: tuple[tuple[float, float], ...] = ()
    line: str | None = None
    below_sample: Any = None
    above_sample: Any = None
    flips: tuple[Any, ...] = ()

    @property
    def exact_value(self) -> Fraction | None:
        """The value as a Fraction when it is exact, else ``None``."""
        if isinstance(self.value, Fraction):
            return self.value
        return Fraction(self.exact) if self.exact is not None else None

    @property
    def text(self) -> str:
        """``"drill_value = 3"``, ``"deal_bonus = drill_value"`` (a sloping line) or
        ``"drill_value ≈ 2.1–4.5 (curve)"``."""
        if self.value is not None:
            v = self.exact if self.exact is not None else f"{float(self.value):.4g}"
            return f"{self.parameter} = {v}"
        if self.line is not None:
            return f"{self.parameter} = {self.line}"
        vs = [v for _, v in self.points]
        return f"{self.parameter} ≈ {min(vs):.3g}–{max(vs):.3g} (curve)"


@dataclass(frozen=True)
class SweepResult:
    """Every outcome at every point of a parameter grid (frozen).

    ``scenario_kind`` is the swept scenario's kind.  ``players``/``strategies`` are filled for
    normal-form games (whose rows carry probabilities and payoffs) and empty otherwise.
    """

    title: str
    file: str
    players: tuple[str, ...]
    player_names: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    strategy_names: tuple[tuple[str, ...], ...]
    parameters: tuple[str, ...]
    axes: tuple[tuple[float, ...], ...]
    axes_exact: tuple[tuple[str, ...], ...]
    fixed: tuple[tuple[str, str], ...]  # the other parameters' values (as exact text)
    rows: tuple[SweepRow, ...]
    point_labels: tuple[tuple[str, ...], ...]  # outcome set per point, C order of the grid
    point_status: tuple[str, ...]  # "complete" / "partial" / "failed" per point
    point_region: tuple[int, ...]
    regions: tuple[Region, ...]
    thresholds: tuple[Threshold, ...]
    method: str
    tol: float
    seconds: float
    notes: tuple[str, ...] = ()
    stats: dict = field(default_factory=dict, compare=False)
    negsim_version: str = __version__
    scenario_kind: str = "normal-form"
    sources: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()

    @property
    def grid_shape(self) -> tuple[int, ...]:
        return tuple(len(a) for a in self.axes)

    @property
    def n_points(self) -> int:
        return int(np.prod(self.grid_shape))

    def flat_index(self, point: Sequence[int]) -> int:
        return int(np.ravel_multi_index(tuple(point), self.grid_shape))

    def labels_at(self, point: Sequence[int]) -> tuple[str, ...]:
        return self.point_labels[self.flat_index(point)]

    def rows_at(self, point: Sequence[int]) -> list[SweepRow]:
        p = tuple(int(x) for x in point)
        return [r for r in self.rows if r.point == p]

    def outcome_labels(self) -> tuple[str, ...]:
        """Every outcome label that occurs somewhere on the grid (pure equilibria first)."""
        if not self.players:
            seen: dict[str, None] = {}
            for labels in self.point_labels:
                for lab in labels:
                    seen.setdefault(lab, None)
            return tuple(seen)
        return ordered_labels([(r.label, r.kind, r.strategies) for r in self.rows])

    def region_of(self, point: Sequence[int]) -> Region:
        return self.regions[self.point_region[self.flat_index(point)]]

    def __repr__(self) -> str:
        grid = " x ".join(
            f"{n} {ax[0]}..{ax[-1]}" for n, ax in zip(self.parameters, self.axes_exact)
        )
        return (
            f"<SweepResult of {self.title!r}: {self.n_points:,} points over {grid}; "
            f"{len(self.regions)} region(s), {len(self.thresholds)} threshold(s)>"
        )

    def _repr_html_(self, *, chart: bool = True) -> str:
        return sweep_html(self, chart=chart)


# -- text forms ------------------------------------------------------------------------------


def _num(x: Any) -> float | int:
    """A grid value or probability for CSV/JSON: an int when integral, else a float rounded to
    12 decimals (so that 0.30000000000000004 reads 0.3)."""
    xf = float(x)
    if xf == 0:
        return 0
    return int(xf) if xf.is_integer() and abs(xf) < 2**53 else round(xf, 12)


def to_csv(result: SweepResult) -> str:
    """One line per grid point and outcome (a point with none gets one line saying so).

    Columns: the varied parameters, ``equilibrium`` (for normal-form games; ``outcome``
    otherwise), ``kind``, ``region``, ``status``; for normal-form games also one probability
    column per ``player:strategy``, one ``payoff:player`` column per player and ``max_regret``.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    prob_cols = [f"{p}:{s}" for p, ss in zip(result.players, result.strategies) for s in ss]
    detail = bool(result.players)
    extra = (prob_cols + [f"payoff:{p}" for p in result.players] + ["max_regret"]) if detail else []
    w.writerow(
        list(result.parameters)
        + ["equilibrium" if detail else "outcome", "kind", "region", "status"]
        + extra
    )
    by_point: dict[tuple, list[SweepRow]] = {}
    for r in result.rows:
        by_point.setdefault(r.point, []).append(r)
    for k, idx in enumerate(np.ndindex(*result.grid_shape)):
        vals = [_num(result.axes[j][i]) for j, i in enumerate(idx)]
        region = result.point_region[k]
        status = result.point_status[k]
        rows = by_point.get(tuple(int(i) for i in idx), [])
        if not rows:
            w.writerow(vals + ["", "", region, status] + [""] * len(extra))
        for r in rows:
            more = []
            if detail:
                more = (
                    [_num(x) for s in r.strategies for x in s]
                    + [_num(x) for x in r.payoffs]
                    + [f"{r.max_regret:.3g}"]
                )
            w.writerow(vals + [r.label, r.kind, region, status] + more)
    return buf.getvalue()


def _threshold_dict(t: Threshold) -> dict[str, Any]:
    return {
        "parameter": t.parameter,
        "value": None if t.value is None else _num(t.value),
        "exact": t.exact,
        "text": t.text,
        "below": list(t.below),
        "above": list(t.above),
        "at": None if t.at is None else list(t.at),
        "along": t.along,
        "span": None if t.span is None else list(t.span),
        "points": [list(p) for p in t.points],
    }


def to_dict(result: SweepResult) -> dict[str, Any]:
    """The JSON-ready form of a sweep (plain JSON types; documented in ``docs/charts.md``)."""
    rows = []
    for r in result.rows:
        k = result.flat_index(r.point)
        row: dict[str, Any] = {
            "point": list(r.point),
            "parameters": {n: _num(v) for n, v in zip(result.parameters, r.values)},
            "equilibrium" if result.players else "outcome": r.label,
            "kind": r.kind,
            "region": result.point_region[k],
        }
        if result.players:
            row.update(
                {
                    "strategies": {
                        p: {s: _num(x) for s, x in zip(ss, probs)}
                        for p, ss, probs in zip(result.players, result.strategies, r.strategies)
                    },
                    "payoffs": {p: _num(x) for p, x in zip(result.players, r.payoffs)},
                    "max_regret": json_number(float(r.max_regret)),
                    "exact": r.exact,
                }
            )
        rows.append(row)
    return {
        "scenario": result.title,
        "file": result.file,
        "kind": "sweep",
        "scenario_kind": result.scenario_kind,
        "sources": list(result.sources),
        "claims": list(result.claims),
        "negsim_version": result.negsim_version,
        "parameters": dict(result.fixed),
        "vary": {n: list(ax) for n, ax in zip(result.parameters, result.axes_exact)},
        "players": {
            p: {"name": nm, "strategies": list(ss)}
            for p, nm, ss in zip(result.players, result.player_names, result.strategies)
        },
        "method": result.method,
        "tol": result.tol,
        "seconds": round(result.seconds, 4),
        "points": result.n_points,
        "incomplete_points": sum(1 for s in result.point_status if s != "complete"),
        "notes": list(result.notes),
        "regions": [
            {
                "id": g.id,
                "equilibria": list(g.labels),
                "description": g.description,
                "points": g.n_points,
                "bounds": {
                    n: [_num(lo), _num(hi)] for n, (lo, hi) in zip(result.parameters, g.bounds)
                },
            }
            for g in result.regions
        ],
        "thresholds": [_threshold_dict(t) for t in result.thresholds],
        "rows": rows,
    }


def to_json(result: SweepResult, indent: int | None = 2) -> str:
    """:func:`to_dict` as JSON text."""
    return json.dumps(to_dict(result), indent=indent, ensure_ascii=False)


_METHOD_WORDS = (
    ("closed-form 2x2x2", "the 2x2x2 formulas"),
    ("closed-form 2x2", "the 2x2 formulas"),
    ("vectorised support enumeration", "support enumeration over the whole grid"),
)


def _method_words(method: str) -> str:
    """How the points were solved, in words (``--json`` keeps the method names)."""
    parts = []
    for part in method.split("; "):
        for name, words in _METHOD_WORDS:
            if part == name:
                part = words
                break
        else:
            if part in ("all", "enumerate"):
                part = "every equilibrium, solved point by point"
        parts.append(part)
    return "solved by " + "; ".join(parts)


def summary_text(result: SweepResult) -> str:
    """A few lines for a terminal: regions and thresholds in words."""
    lines = [
        f"{result.title}: {result.n_points} points over "
        + " x ".join(
            f"{n} [{ax[0]}..{ax[-1]}]" for n, ax in zip(result.parameters, result.axes_exact)
        )
        + f" in {result.seconds:.2f} s ({_method_words(result.method)})"
    ]
    lines.append(f"{len(result.regions)} region(s):")
    by_set: dict[tuple, list[Region]] = {}
    for g in result.regions:
        by_set.setdefault(g.labels, []).append(g)
    for labels, gs in sorted(by_set.items(), key=lambda kv: kv[1][0].id):
        if len(gs) <= 3:
            for g in gs:
                b = ", ".join(
                    f"{n} {lo:g}..{hi:g}" for n, (lo, hi) in zip(result.parameters, g.bounds)
                )
                lines.append(f"  [{g.id}] {g.description}  ({g.n_points} points; {b})")
        else:
            n_pts = sum(g.n_points for g in gs)
            lines.append(
                f"  [{gs[0].id}, ... {len(gs)} regions] {set_description(labels)}  "
                f"({n_pts} points in {len(gs)} separate pieces)"
            )
    if result.thresholds:
        lines.append("thresholds:")
        for t in result.thresholds:
            where = ""
            if t.along and t.span:
                where = f" (for {t.along} {t.span[0]:g}..{t.span[1]:g})"
            at = f"; at the threshold: {set_description(t.at)}" if t.at is not None else ""
            lines.append(
                f"  {t.text}{where}: {set_description(t.below)}  ->  {set_description(t.above)}{at}"
            )
    for n in result.notes:
        lines.append(f"note: {n}")
    return "\n".join(lines)


def sweep_html(result: SweepResult, *, chart: bool = True) -> str:
    """A sweep in a notebook: the grid, its regions and thresholds, the map and the summary."""
    import base64
    import io
    from html import escape

    from ..display import _box, _table

    grid = ", ".join(
        f"{n} from {ax[0]} to {ax[-1]} ({len(ax)} points)"
        for n, ax in zip(result.parameters, result.axes_exact)
    )
    parts = [
        f"<h3>{escape(result.title)}</h3>",
        f"<p>Sweep of {escape(grid)}: {result.n_points:,} points, {escape(result.method)}, "
        f"{result.seconds:.2f} s</p>",
    ]
    if result.fixed:
        fixed = ", ".join(f"{k}={v}" for k, v in result.fixed)
        parts.append(f"<p>Other parameters: {escape(fixed)}</p>")
    rows = [
        (
            str(g.id),
            g.description,
            f"{g.n_points:,}",
            "; ".join(f"{n} {lo:g}..{hi:g}" for n, (lo, hi) in zip(result.parameters, g.bounds)),
        )
        for g in result.regions[:20]
    ]
    parts.append(_table(("region", "outcomes", "points", "where"), rows))
    if len(result.regions) > 20:
        parts.append(f"<p>… and {len(result.regions) - 20} more regions (see the summary)</p>")
    if result.thresholds:
        items = "".join(
            f"<li><code>{escape(t.text)}</code>: {escape(set_description(t.below))} → "
            f"{escape(set_description(t.above))}</li>"
            for t in result.thresholds[:20]
        )
        parts.append(
            f"<p><strong>Thresholds ({len(result.thresholds)})</strong></p><ul>{items}</ul>"
        )
    if chart and len(result.parameters) <= 2 and result.n_points > 1:
        from ..charts.equilibrium_map import plot_equilibrium_map

        buf = io.BytesIO()
        plot_equilibrium_map(result).savefig(buf, format="png", dpi=80, bbox_inches="tight")
        data = base64.b64encode(buf.getvalue()).decode("ascii")
        parts.append(f'<img alt="equilibrium map" src="data:image/png;base64,{data}">')
    parts.append(
        f"<details><summary>Summary</summary><pre>{escape(summary_text(result))}</pre></details>"
    )
    return _box(parts)
