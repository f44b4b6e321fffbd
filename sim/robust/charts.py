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
    from ..charts.style import parameter_label

    ax.set_xlabel(parameter_label(result.scenario, pick[0]))
    ax.set_ylabel(parameter_label(result.scenario, pick[1]) if len(pick) > 1 else "")
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


def central_range(d: Any, share: float = 0.95) -> tuple[float, float]:
    """The central ``share`` of a distribution's draws: ``(low, high)`` quantiles."""
    tail = (1 - share) / 2
    lo, hi = d.ppf(np.asarray([tail, 1 - tail]))
    return float(lo), float(hi)


def robustness_caption(result: RobustResult) -> list[str]:
    """One line per outcome at the scenario's own values: how often it holds over the draws."""
    lines = []
    for s in sorted(result.outcomes, key=lambda s: (s.probability, s.label)):
        if s.in_baseline:
            lines.append(
                f"'{s.label}' holds in {100 * s.probability:.1f}% of draws "
                f"[{100 * s.ci[0]:.1f}%, {100 * s.ci[1]:.1f}%]"
            )
    return lines


def overlay_robustness(fig: Any, sweep: Any, result: RobustResult) -> Any:
    """Mark on a sweep's equilibrium map (``fig``, from ``plot_equilibrium_map(sweep)``) the
    scenario's own values, the central 95% of the draws of each uncertain varied parameter, and,
    in a second legend, how often each of the scenario's own outcomes holds over the draws."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    names = list(sweep.parameters)
    dists = {d.parameter: d for d in result.uncertainty}
    values = {k: float(v) for k, v in result.parameters.items() if k in names}
    box = {n: central_range(dists[n]) for n in names if n in dists}
    ax = fig.axes[0]
    style = {"facecolor": "none", "edgecolor": "black", "linewidth": 2.0, "linestyle": "--"}
    if len(names) == 2:
        px, py = names
        (x0, x1) = box.get(px, ax.get_xlim())
        (y0, y1) = box.get(py, ax.get_ylim())
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, zorder=5, **style))
        ax.plot([values[px]], [values[py]], marker="*", markersize=16, color="black", zorder=6)
    else:
        for a in fig.axes:
            if names[0] in box:
                lo, hi = box[names[0]]
                a.axvline(lo, color="black", linestyle="--", linewidth=1.5, zorder=5)
                a.axvline(hi, color="black", linestyle="--", linewidth=1.5, zorder=5)
            a.axvline(values[names[0]], color="black", linewidth=2.5, zorder=6)
    drawn = [n for n in names if n in box]
    others = [d.parameter for d in result.uncertainty if d.parameter not in names]
    two = len(names) == 2
    handles: list[Any] = [
        Line2D(
            [],
            [],
            marker="*" if two else None,
            linestyle="none" if two else "-",
            linewidth=2.5,
            color="black",
            markersize=14,
            label="the scenario's values" if two else "the scenario's value (solid line)",
        ),
    ]
    if drawn:
        where = "in the dashed box" if two else "between the dashed lines"
        text = f"central 95% of the draws of {' and '.join(drawn)}: {where}"
        handles.append(Patch(**style, label="\n".join(textwrap.wrap(text, 44))))
    caption = robustness_caption(result)
    about = f"negsim robust: {result.draws:,} draws, seed {result.seed}" + (
        f"; also drawn: {', '.join(others)}" if others else ""
    )
    for line in caption:
        handles.append(
            Patch(facecolor="none", edgecolor="none", label="\n".join(textwrap.wrap(line, 40)))
        )
    w, h = fig.get_size_inches()
    fig.set_size_inches(w, h + 0.45 * (len(handles) + 1) / 2 + 0.6)
    legend = fig.legend(
        handles=handles,
        loc="outside lower left",
        ncol=2,
        title=about,
        title_fontsize=10,
        fontsize=10,
        frameon=True,
    )
    legend._legend_box.align = "left"
    return fig
