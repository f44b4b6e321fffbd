"""Text, JSON and CSV of a robustness analysis (:class:`~sim.robust.analysis.RobustResult`)."""

from __future__ import annotations

import csv
import io
from typing import Any

from .. import contract
from ..numbers import jsonable
from ..textlayout import closing_blocks, heading, title_block, wrap
from .analysis import RobustResult

__all__ = ["robust_html", "robust_repr", "to_csv", "to_dict", "to_text"]


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
            "selection": selection_dict(result),
            "sobol_evaluations": result.sobol_evaluations,
            "workers": result.workers,
            "notes": list(result.notes),
        }
    )
    return jsonable(out)


def _pure_labels(result: RobustResult) -> list[str]:
    """The pure profiles that are an equilibrium in some draw, most frequent first."""
    sel = result.selection
    if sel is None:
        return []
    seen = {s.label: s.probability for s in result.outcomes if s.probability > 0}
    labels = [r.label for r in sel.risk if r.label in seen or r.count]
    return sorted(labels, key=lambda lab: (-seen.get(lab, 0.0), lab))


def selection_dict(result: RobustResult) -> dict[str, Any] | None:
    """The ``selection`` key of the JSON: risk dominance per pure equilibrium and each player's
    trust threshold (``None`` unless the scenario is a 2x2 normal-form game)."""
    sel = result.selection
    if sel is None:
        return None
    equilibria = []
    for label in _pure_labels(result):
        r = sel.risk_of(label)
        st = result.stat(label)
        assert r is not None
        equilibria.append(
            {
                "label": label,
                "equilibrium_probability": st.probability if st is not None else 0.0,
                "risk_dominant_probability": r.probability,
                "ci": list(r.ci),
            }
        )
    return {
        "cooperative": sel.cooperative,
        "equilibria": equilibria,
        "undetermined_probability": sel.undetermined / sel.draws if sel.draws else 0.0,
        "trust_thresholds": [
            {
                "player": t.player,
                "name": t.name,
                "strategy": t.strategy,
                "quantiles": {f"{q}%": v for q, v in t.quantiles.items()},
                "mean": t.mean,
                "never_probability": t.never,
                "always_probability": t.always,
            }
            for t in sel.trust
        ],
    }


def _threshold(v: float | None) -> str:
    return "never" if v is None else f"{v:.2f}"


def selection_text(result: RobustResult) -> str | None:
    """The report's section on risk dominance and trust thresholds (2x2 games)."""
    sel = result.selection
    if sel is None:
        return None
    lines = [heading("Which equilibrium? Risk dominance and trust")]
    labels = _pure_labels(result)
    width = max((len(lab) for lab in labels), default=10)
    for label in labels:
        r = sel.risk_of(label)
        st = result.stat(label)
        assert r is not None
        eq = _pct(st.probability) if st is not None else "0%"
        lines.append(
            f"  {label:<{width}}  an equilibrium {eq:>6}  risk-dominant {_pct(r.probability):>6} "
            f"{_ci(r.ci)}"
        )
    if sel.undetermined:
        share = _pct(sel.undetermined / sel.draws)
        lines.append(f"  neither (a tie, a weak equilibrium or no pure one) in {share}")
    lines.append(
        wrap(
            "Risk-dominant (Harsanyi–Selten): of the pure equilibria at a draw, the one whose two "
            "deviation losses (what each player loses by switching alone) have the larger "
            "product — the safer bet when each player is unsure what the other will do; the "
            "only strict one when there is one."
        )
    )
    lines.append("")
    lines.append(
        wrap(
            f"Trust thresholds for '{sel.cooperative}' (the profile with the largest total payoff "
            "at the scenario's values): the smallest probability a player must put on the other "
            "playing its part for its own part to be a best reply."
        )
    )
    head = "  ".join(f"{q:>5}%" for q in sel.trust[0].quantiles) if sel.trust else ""
    lines.append(f"  {'player':<24}  {head}    mean  never")
    for t in sel.trust:
        who = f"{t.name} ({t.strategy})"
        qs = "  ".join(f"{_threshold(v):>6}" for v in t.quantiles.values())
        mean = _threshold(t.mean)
        lines.append(f"  {who:<24}  {qs}  {mean:>6}  {_pct(t.never):>5}")
    lines.append(
        wrap(
            "'never': in that share of draws the strategy is not a best reply even if the other "
            "surely plays its part; the mean is over the other draws."
        )
    )
    return "\n".join(lines)


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
    sel_text = selection_text(result)
    if sel_text is not None:
        parts.append(sel_text)
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


def robust_repr(result: RobustResult) -> str:
    """``<RobustResult of 'T': 20,000 draws, seed 7; suspend, freeze 71.9%; ...>``."""
    shown = sorted(result.outcomes, key=lambda s: (not s.in_baseline, -s.probability, s.label))
    items = [f"{s.label} {_pct(s.probability)}" for s in shown[:3]]
    more = f"; … ({len(shown)} outcomes)" if len(shown) > 3 else ""
    return (
        f"<RobustResult of {result.meta.title!r}: {result.draws:,} draws, seed {result.seed}; "
        + "; ".join(items)
        + more
        + ">"
    )


def robust_html(result: RobustResult, *, chart: bool = True) -> str:
    """A robustness analysis in a notebook: outcome probabilities, selection, what decides the
    headline, the probabilities chart and the full report."""
    import base64
    import io
    from html import escape

    from ..display import _box, _table

    parts = [
        f"<h3>{escape(result.meta.title)}: how likely each outcome is</h3>",
        f"<p>{result.draws:,} draws, seed {result.seed}"
        + (f", {result.workers} workers" if result.workers > 1 else "")
        + "; drawn: "
        + escape(", ".join(f"{d.parameter} ~ {d.describe()}" for d in result.uncertainty))
        + "</p>",
    ]
    rows = [
        (
            s.label + (" *" if s.in_baseline else ""),
            _pct(s.probability),
            _ci(s.ci),
            _pct(s.unique_probability),
        )
        for s in sorted(result.outcomes, key=lambda s: (-s.probability, s.label))
    ]
    parts.append(
        _table(("outcome (* at the file's values)", "holds", "95% interval", "only"), rows)
    )
    sel = result.selection
    if sel is not None:
        rows = []
        for label in _pure_labels(result):
            r = sel.risk_of(label)
            assert r is not None
            rows.append((label, _pct(r.probability), _ci(r.ci)))
        parts.append(_table(("equilibrium", "risk-dominant", "95% interval"), rows))
        rows = [
            (
                f"{t.name} ({t.strategy})",
                *(_threshold(v) for v in t.quantiles.values()),
                _threshold(t.mean),
                _pct(t.never),
            )
            for t in sel.trust
        ]
        head = tuple(f"{q}%" for q in sel.trust[0].quantiles) if sel.trust else ()
        parts.append(
            f"<p>Trust thresholds for <code>{escape(sel.cooperative)}</code></p>"
            + _table(("player", *head, "mean", "never"), rows)
        )
    sens = sensitivity_of(result, result.headline)
    if any(v["total_order"] is not None for v in sens.values()):
        rows = [
            (
                name,
                _fmt_index(sens[name]["first_order"]).strip(),
                _fmt_index(sens[name]["total_order"]).strip(),
            )
            for name in result.ranked_parameters()
        ]
        parts.append(
            f"<p>What decides <code>{escape(str(result.headline))}</code> (Sobol indices)</p>"
            + _table(("parameter", "first-order", "total-order"), rows)
        )
    if chart and result.outcomes:
        from .charts import plot_probabilities

        buf = io.BytesIO()
        plot_probabilities(result).savefig(buf, format="png", dpi=80, bbox_inches="tight")
        data = base64.b64encode(buf.getvalue()).decode("ascii")
        parts.append(f'<img alt="outcome probabilities" src="data:image/png;base64,{data}">')
    parts.append(
        f"<details><summary>Report</summary><pre>{escape(to_text(result))}</pre></details>"
    )
    return _box(parts)
