"""Text, JSON and CSV of a robustness analysis (:class:`~sim.robust.analysis.RobustResult`)."""

from __future__ import annotations

import csv
import io
from typing import Any

from .. import contract
from ..numbers import jsonable
from ..textlayout import closing_blocks, heading, title_block, wrap
from .analysis import RobustResult

__all__ = ["to_csv", "to_dict", "to_text"]


def _pct(p: float) -> str:
    if p == 0:
        return "0%"
    if p == 1:
        return "100%"
    text = f"{100 * p:.1f}%"
    if text in ("0.0%", "100.0%"):
        return f"{100 * p:.3g}%"
    return text


def _ci(ci: tuple[float, float]) -> str:
    return f"[{_pct(ci[0])}, {_pct(ci[1])}]"


def sensitivity_of(result: RobustResult, label: str | None) -> dict[str, dict[str, Any]]:
    """``{parameter: {first_order, total_order, low, high, alone, ...}}`` for one outcome."""
    out: dict[str, dict[str, Any]] = {}
    if label is None:
        return out
    sob = result.sobol.get(label, {})
    sw = result.swings.get(label, {})
    al = result.alone.get(label, {})
    for d in result.uncertainty:
        name = d.parameter
        ix = sob.get(name)
        lo, hi = sw.get(name, (None, None))
        out[name] = {
            "first_order": None if ix is None else ix.first_order,
            "first_order_ci": None if ix is None else ix.first_order_ci,
            "total_order": None if ix is None else ix.total_order,
            "total_order_ci": None if ix is None else ix.total_order_ci,
            "low": lo,
            "high": hi,
            "alone": al.get(name),
        }
    return out


def to_dict(result: RobustResult) -> dict[str, Any]:
    """The ``negsim robust --json`` object: the common envelope, then the robustness keys."""
    out = contract.envelope(result)
    out.update(
        {
            "draws": result.draws,
            "seed": result.seed,
            "scenario_sha256": result.scenario_sha256,
            "uncertainty": [
                {
                    "parameter": d.parameter,
                    "distribution": d.family,
                    "args": list(d.args),
                    "p": None if d.p is None else list(d.p),
                    "truncated_to": (list(d.truncate) if d.family == "normal" else None),
                    "source": d.source,
                    "about": d.about,
                }
                for d in result.uncertainty
            ],
            "outcomes": [
                {
                    "label": s.label,
                    "probability": s.probability,
                    "ci": list(s.ci),
                    "unique_probability": s.unique_probability,
                    "unique_ci": list(s.unique_ci),
                    "in_baseline": s.in_baseline,
                }
                for s in result.outcomes
            ],
            "baseline": list(result.baseline),
            "headline": result.headline,
            "sensitivity": sensitivity_of(result, result.headline),
            "sensitivity_by_outcome": {
                label: sensitivity_of(result, label) for label in sorted(result.sobol)
            },
            "sobol_evaluations": result.sobol_evaluations,
            "workers": result.workers,
            "notes": list(result.notes),
        }
    )
    return jsonable(out)


def _fmt_index(x: float | None) -> str:
    return "  –  " if x is None else f"{x:5.2f}"


def to_text(result: RobustResult) -> str:
    """The readable report: how likely each outcome is, and what decides the headline one."""
    scn = result.scenario
    parts = [title_block(result.meta, result.parameters, getattr(scn, "parameters", ()))]
    lines = [heading("Uncertainty (what is drawn)")]
    for d in result.uncertainty:
        extra = f" — {d.about}" if d.about else ""
        src = f" [source: {d.source}]" if d.source else ""
        lines.append(wrap(f"{d.parameter} ~ {d.describe()}{extra}{src}", hang="    "))
    lines.append(
        f"{result.draws:,} draws, seed {result.seed}"
        + (f", {result.workers} workers" if result.workers > 1 else "")
    )
    parts.append("\n".join(lines))
    lines = [heading("How likely each outcome is (95% Wilson intervals)")]
    width = max((len(s.label) for s in result.outcomes), default=10)
    for s in sorted(result.outcomes, key=lambda s: (-s.probability, s.label)):
        mark = "*" if s.in_baseline else " "
        lines.append(
            f"{mark} {s.label:<{width}}  holds {_pct(s.probability):>6} "
            f"{_ci(s.ci):<17}  the only outcome {_pct(s.unique_probability):>6}"
        )
    lines.append("(* an outcome at the scenario's own values)")
    parts.append("\n".join(lines))
    if result.headline is not None:
        h = result.stat(result.headline)
        lines = [heading(f"What decides '{result.headline}'")]
        if h is not None:
            lines.append(
                wrap(
                    f"At the scenario's values '{result.headline}' is an outcome; under the "
                    f"uncertainty above it holds in {_pct(h.probability)} of draws "
                    f"({_ci(h.ci)}) and is the only outcome in {_pct(h.unique_probability)}."
                )
            )
        sens = sensitivity_of(result, result.headline)
        if any(v["total_order"] is not None for v in sens.values()):
            lines.append("")
            lines.append("parameter          first-order  total-order  holds when low/high  alone")
            for name in result.ranked_parameters():
                v = sens[name]
                lo, hi = v["low"], v["high"]
                swing = "" if lo is None else f"{_pct(lo):>6} / {_pct(hi):<6}"
                al = "" if v["alone"] is None else _pct(v["alone"])
                lines.append(
                    f"{name:<18} {_fmt_index(v['first_order']):>11}  "
                    f"{_fmt_index(v['total_order']):>11}  {swing:>19}  {al:>6}"
                )
            lines.append(
                wrap(
                    "First- and total-order: Sobol indices of the outcome's indicator (the share "
                    "of its variance due to the parameter alone, and with its interactions; "
                    f"{result.sobol_evaluations:,} evaluations). Low/high: how often it holds "
                    "when the parameter is in the lowest/highest fifth of its draws. Alone: how "
                    "often it holds when only this parameter is uncertain."
                )
            )
        elif h is not None and 0 < h.probability < 1:
            lines.append("Which parameters decide it was not computed (--no-sensitivity).")
        else:
            lines.append("It holds in every draw or in none: no parameter moves it.")
        parts.append("\n".join(lines))
    parts.extend(closing_blocks(result.meta, result.notes))
    return "\n\n".join(parts) + "\n"


def to_csv(result: RobustResult) -> str:
    """One row per draw: the drawn values and the outcome set (labels joined by `` + ``)."""
    if result.samples is None or result.sample_ids is None:
        raise ValueError("this result kept no samples (keep_samples=False)")
    buf = io.StringIO()
    w = csv.writer(buf)
    names = [d.parameter for d in result.uncertainty]
    w.writerow(["draw", *names, "outcomes"])
    sets = result.sample_sets
    for i, (row, k) in enumerate(zip(result.samples, result.sample_ids, strict=True)):
        w.writerow([i, *(f"{v:.10g}" for v in row), " + ".join(sets[k])])
    return buf.getvalue()
