"""Charts of a robustness analysis: outcome probabilities, the tornado, the draws.

Pure functions of a :class:`~sim.robust.analysis.RobustResult` returning a matplotlib Figure
(never ``pyplot``), imported by the commands that draw.
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np

from .analysis import RobustResult
from .report import sensitivity_of

__all__ = ["CHARTS", "plot_draws", "plot_probabilities", "plot_tornado", "plot_trust"]


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def plot_probabilities(result: RobustResult) -> Any:
    """Each outcome's probability of holding, with its 95% interval (baseline ones dark)."""
    stats = sorted(result.outcomes, key=lambda s: s.probability)
    fig = _figure(8, 0.45 * len(stats) + 1.6)
    ax = fig.add_subplot()
    y = np.arange(len(stats))
    p = np.array([s.probability for s in stats])
    lo = p - np.array([s.ci[0] for s in stats])
    hi = np.array([s.ci[1] for s in stats]) - p
    colours = ["#1f4e79" if s.in_baseline else "#9bbbd9" for s in stats]
    ax.barh(y, p, color=colours, xerr=[lo, hi], capsize=3)
    ax.barh(
        y,
        [s.unique_probability for s in stats],
        color="none",
        edgecolor="black",
        hatch="//",
        linewidth=0.6,
        label="the only outcome",
    )
    ax.set_yticks(y, ["\n".join(textwrap.wrap(s.label, 40)) for s in stats], fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"probability over {result.draws:,} draws (95% Wilson interval)")
    ax.set_title(textwrap.fill(f"{result.meta.title}: how likely each outcome is", 70), fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    return fig


def plot_tornado(result: RobustResult, outcome: str | None = None) -> Any:
    """How often ``outcome`` holds when each parameter is in the low/high fifth of its draws."""
    label = outcome or result.headline
    sens = sensitivity_of(result, label)
    names = [n for n in reversed(result.ranked_parameters(label)) if sens[n]["low"] is not None]
    fig = _figure(8, 0.5 * max(len(names), 1) + 1.8)
    ax = fig.add_subplot()
    stat = result.stat(label) if label else None
    centre = stat.probability if stat else 0.5
    for i, name in enumerate(names):
        lo, hi = sens[name]["low"], sens[name]["high"]
        ax.barh(i, lo - centre, left=centre, color="#c0504d", height=0.6)
        ax.barh(i, hi - centre, left=centre, color="#4f81bd", height=0.6)
    ax.axvline(centre, color="black", linewidth=0.8)
    ax.set_yticks(range(len(names)), names, fontsize=9)
    ax.set_xlim(0, 1)
    ax.set_xlabel(
        f"probability that '{label}' holds\nred: parameter in its lowest fifth; "
        "blue: in its highest fifth"
    )
    ax.set_title(textwrap.fill(f"{result.meta.title}: what decides '{label}'", 70), fontsize=10)
    return fig


def plot_draws(result: RobustResult, max_points: int = 20_000) -> Any:
    """The draws over the two most influential parameters, coloured by outcome set."""
    if result.samples is None or result.sample_ids is None:
        raise ValueError("this result kept no samples")
    names = [d.parameter for d in result.uncertainty]
    ranked = result.ranked_parameters()
    pick = ranked[:2] if len(ranked) >= 2 else ranked
    cols = [names.index(n) for n in pick]
    X = result.samples[:max_points]
    ids = result.sample_ids[:max_points]
    fig = _figure(8, 6)
    ax = fig.add_subplot()
    import matplotlib

    cmap = matplotlib.colormaps["tab10"]
    for k, st in enumerate(result.sample_sets):
        m = ids == k
        if not m.any():
            continue
        x = X[m, cols[0]]
        yv = X[m, cols[1]] if len(cols) > 1 else np.zeros(m.sum())
        text = " + ".join(st) or "no outcome"
        ax.scatter(
            x, yv, s=4, alpha=0.5, color=cmap(k % 10), label="\n".join(textwrap.wrap(text, 45))
        )
    ax.set_xlabel(pick[0])
    ax.set_ylabel(pick[1] if len(pick) > 1 else "")
    ax.set_title(
        textwrap.fill(f"{result.meta.title}: outcomes of {len(X):,} draws", 70), fontsize=10
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, markerscale=3)
    return fig


def plot_trust(result: RobustResult) -> Any:
    """Histograms of each player's trust threshold over the draws (2x2 games), with the share of
    draws where cooperation is never a best reply, and the risk-dominance shares in the title."""
    sel = result.selection
    if sel is None or result.trust_samples is None:
        fig = _figure(8, 2)
        ax = fig.add_subplot()
        ax.axis("off")
        why = (
            "this analysis kept no per-draw samples"
            if sel is not None
            else "risk dominance and trust thresholds are computed for 2x2 games only"
        )
        ax.text(0.5, 0.5, f"{result.meta.title}: {why}", ha="center", va="center")
        return fig
    fig = _figure(8, 4.8)
    axes = fig.subplots(1, 2, sharey=True)
    bins = np.linspace(0, 1, 41)
    for i, (ax, t) in enumerate(zip(axes, sel.trust, strict=True)):
        v = np.asarray(result.trust_samples[:, i], dtype=float)
        finite = v[np.isfinite(v)]
        ax.hist(
            finite, bins=bins, weights=np.full(len(finite), 1 / max(len(v), 1)), color="#4f81bd"
        )
        med = t.quantiles.get(50)
        if med is not None:
            ax.axvline(med, color="black", linewidth=0.9, linestyle="--", label=f"median {med:.2f}")
        ax.set_xlim(0, 1)
        ax.set_xlabel(
            textwrap.fill(
                f"{t.name}: belief needed that the other cooperates to play {t.strategy}", 45
            ),
            fontsize=8,
        )
        ax.set_title(f"never a best reply: {100 * t.never:.1f}% of draws", fontsize=9)
        if med is not None:
            ax.legend(fontsize=8, loc="upper right")
    axes[0].set_ylabel("share of draws")
    risk = (
        "; ".join(f"{r.label}: {100 * r.probability:.1f}%" for r in sel.risk if r.count) or "none"
    )
    fig.suptitle(
        textwrap.fill(
            f"{result.meta.title}: trust thresholds for '{sel.cooperative}' over "
            f"{result.draws:,} draws. Risk-dominant: {risk}",
            90,
        ),
        fontsize=10,
    )
    return fig


CHARTS = {
    "probabilities": plot_probabilities,
    "tornado": plot_tornado,
    "draws": plot_draws,
    "trust": plot_trust,
}
