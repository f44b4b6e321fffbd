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

__all__ = ["CHARTS", "plot_draws", "plot_probabilities", "plot_tornado"]


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
    from ..charts.style import parameter_label

    ax.set_xlabel(parameter_label(result.scenario, pick[0]))
    ax.set_ylabel(parameter_label(result.scenario, pick[1]) if len(pick) > 1 else "")
    ax.set_title(
        textwrap.fill(f"{result.meta.title}: outcomes of {len(X):,} draws", 70), fontsize=10
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, markerscale=3)
    return fig


CHARTS = {"probabilities": plot_probabilities, "tornado": plot_tornado, "draws": plot_draws}
