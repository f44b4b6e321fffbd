"""The equilibrium map of a parameter sweep (:func:`sim.sweep.sweep`), for any kind.

One parameter: which outcomes are equilibria as it varies (top), and, for a normal-form game,
their payoffs (bottom), with the thresholds marked.  Two parameters: regions coloured by the
outcome set, a legend in words, and the thresholds drawn and labelled.  Other kinds' sweeps
show their outcome labels (``sim.contract.outcomes``) the same way.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Sequence

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..labels import set_description
from ..sweep.result import SweepResult
from .layout import unstack
from .style import GRID_GREY, TEXT_GREY, player_linestyle, set_color, styled, wrap_title

__all__ = ["plot_equilibrium_map"]

MAX_LEGEND_SETS = 7
OTHER_COLOR = "#DDDDDD"


def _edges(values: Sequence[float]) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    if v.size == 1:
        return np.array([v[0] - 0.5, v[0] + 0.5])
    mid = (v[:-1] + v[1:]) / 2
    return np.concatenate([[v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]])


def _same_segment(a: str, b: str) -> bool:
    """Two labelled curves with (nearly) the same end points: label only one of them."""
    va = [float(v) for v in a[5:].split(",")]
    vb = [float(v) for v in b[5:].split(",")]
    span = max(1e-9, max(va) - min(va))
    return max(abs(x - y) for x, y in zip(va, vb)) < 0.2 * span


def _threshold_lines(result: SweepResult, axis_of: dict[str, str]):
    """Distinct straight thresholds: ``(parameter, value, text)``."""
    seen = {}
    for t in result.thresholds:
        if t.value is None or t.parameter not in axis_of:
            continue
        if t.span is not None and t.span[0] == t.span[1]:
            continue  # a threshold met at a single grid point: drawn, not labelled
        key = (t.parameter, round(t.value, 9))
        seen.setdefault(key, t.text)
    return [(p, v, text) for (p, v), text in seen.items()]


def _what(result: SweepResult) -> str:
    return "equilibria" if result.scenario_kind == "normal-form" else "outcomes"


def _axis_label(result: SweepResult, name: str) -> str:
    """The varied parameter's ``about`` text (and its name), read from the swept file; the name
    alone when the file is not at hand or says nothing about it."""
    from pathlib import Path

    from ..scenario.errors import ScenarioError
    from .style import parameter_label

    path = Path(result.file) if result.file else None
    if path is None or not path.is_file():
        return name
    try:
        from ..scenario import load

        return parameter_label(load(path), name)
    except (ScenarioError, OSError, ValueError):
        return name


def _plot_1d(result: SweepResult, ax) -> Figure:
    ax_given = ax is not None
    name = result.parameters[0]
    xs = np.asarray(result.axes[0])
    labels = list(result.outcome_labels())
    edges = _edges(xs)
    if ax is None and not result.players:  # no payoffs to show: the outcome bars only
        fig = Figure(figsize=(10, 2.4 + 0.6 * len(labels)), layout="constrained")
        ax_top, ax_pay = fig.add_subplot(), None
    elif ax is None:
        fig = Figure(figsize=(10, 2.4 + 0.6 * len(labels) + 5.0), layout="constrained")
        ax_top, ax_pay = fig.subplots(
            2, 1, sharex=True, height_ratios=[0.6 + 0.45 * len(labels), 4]
        )
    elif isinstance(ax, Sequence) or isinstance(ax, np.ndarray):
        ax_top, ax_pay = ax
        fig = ax_top.figure
    else:
        ax_top, ax_pay = ax, None
        fig = ax.figure
    present = np.zeros((len(labels), len(xs)), dtype=bool)
    pay = np.full((len(labels), len(result.players), len(xs)), np.nan)
    index = {lab: k for k, lab in enumerate(labels)}
    for r in result.rows:
        k = index[r.label]
        i = r.point[0]
        if not present[k, i]:
            present[k, i] = True
            if r.payoffs:
                pay[k, :, i] = r.payoffs
    for k, _lab in enumerate(labels):
        runs = []
        i = 0
        while i < len(xs):
            if present[k, i]:
                j = i
                while j + 1 < len(xs) and present[k, j + 1]:
                    j += 1
                runs.append((edges[i], edges[j + 1] - edges[i]))
                i = j + 1
            else:
                i += 1
        ax_top.broken_barh(runs, (k - 0.35, 0.7), facecolors=set_color(k), edgecolor="none")
    ax_top.set_yticks(
        range(len(labels)), ["\n".join(textwrap.wrap(lab, 24)) for lab in labels], fontsize=12
    )
    ax_top.set_ylim(len(labels) - 0.4, -0.6)
    ax_top.set_xlim(edges[0], edges[-1])
    heading = f"{result.title}: {_what(result)} as {name} varies"
    if not ax_given:
        fig.suptitle(wrap_title(heading, 70), fontsize=16, fontweight="bold")
    else:
        ax_top.set_title(wrap_title(heading))
    ax_top.tick_params(axis="y", length=0)
    ax_top.spines["left"].set_visible(False)
    lines = _threshold_lines(result, {name: "x"})
    for a in (ax_top, ax_pay):
        if a is None:
            continue
        for _, v, _text in lines:
            a.axvline(v, color="black", linestyle=":", linewidth=1.8, zorder=5)
    for _, v, text in lines:
        ax_top.annotate(
            text,
            (v, 1),
            xycoords=("data", "axes fraction"),
            xytext=(4, 2),
            textcoords="offset points",
            fontsize=12,
            rotation=0,
            va="bottom",
            ha="left",
            color="black",
            annotation_clip=False,
        )
    if ax_pay is None:
        ax_top.set_xlabel(_axis_label(result, name))
        unstack([c for c in ax_top.texts if c.get_text()], fig)
        return fig
    for k, _lab in enumerate(labels):
        for i, _pname in enumerate(result.player_names):
            ax_pay.plot(
                xs,
                pay[k, i],
                color=set_color(k),
                linestyle=player_linestyle(i),
                marker="o" if len(xs) <= 25 else None,
                markersize=5,
            )
    ax_pay.set_xlabel(_axis_label(result, name))
    ax_pay.set_ylabel("equilibrium payoff")
    ax_pay.grid(True, color="#EEEEEE")
    handles = [Patch(facecolor=set_color(k), label=lab) for k, lab in enumerate(labels)]
    from matplotlib.lines import Line2D

    handles += [
        Line2D([], [], color="black", linestyle=player_linestyle(i), label=pname)
        for i, pname in enumerate(result.player_names)
    ]
    if ax_given:
        ax_pay.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)
    else:  # below everything, in space the layout keeps for it
        fig.legend(handles=handles, loc="outside lower center", ncol=2)
    unstack([c for c in ax_top.texts if c.get_text()], fig)
    return fig


def _plot_2d(result: SweepResult, ax) -> Figure:
    px, py = result.parameters
    xs, ys = np.asarray(result.axes[0]), np.asarray(result.axes[1])
    own = ax is None
    if ax is None:
        fig = Figure(figsize=(11.5, 7.0), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    sets = [tuple(lab) for lab in result.point_labels]
    counts = Counter(sets)
    order = [s for s, _ in counts.most_common()]
    if len(order) > MAX_LEGEND_SETS:
        shown, rest = order[: MAX_LEGEND_SETS - 1], order[MAX_LEGEND_SETS - 1 :]
    else:
        shown, rest = order, []
    code = {s: k for k, s in enumerate(shown)}
    other_code = len(shown)
    C = np.array([code.get(s, other_code) for s in sets]).reshape(result.grid_shape)
    colors = [set_color(k) for k in range(len(shown))] + [OTHER_COLOR]
    cmap = ListedColormap(colors)
    ax.pcolormesh(
        _edges(xs),
        _edges(ys),
        C.T,
        cmap=cmap,
        vmin=-0.5,
        vmax=len(colors) - 0.5,
        shading="flat",
        rasterized=True,
    )
    ex, ey = _edges(xs), _edges(ys)
    half = {
        px: (ey[1] - ey[0]) / 2 if len(ey) > 1 else 0.5,
        py: (ex[1] - ex[0]) / 2 if len(ex) > 1 else 0.5,
    }
    for t in result.thresholds:
        if t.value is None:
            continue
        lo, hi = t.span if t.span else ((ey[0], ey[-1]) if t.parameter == px else (ex[0], ex[-1]))
        h = half[t.parameter]
        if t.parameter == px:
            ax.plot(
                [t.value, t.value],
                [max(lo - h, ey[0]), min(hi + h, ey[-1])],
                color="black",
                linestyle="--",
                linewidth=1.8,
            )
        else:
            ax.plot(
                [max(lo - h, ex[0]), min(hi + h, ex[-1])],
                [t.value, t.value],
                color="black",
                linestyle="--",
                linewidth=1.8,
            )
    for p, v, text in _threshold_lines(result, {px: "x", py: "y"}):
        if p == px:
            ax.annotate(
                text,
                (v, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=12,
                fontweight="bold",
                annotation_clip=False,
            )
        else:  # inside the plot at its right edge, clear of the legend beside it
            ax.annotate(
                text,
                (1.0, v),
                xycoords=("axes fraction", "data"),
                xytext=(-6, 0),
                textcoords="offset points",
                ha="right",
                bbox=dict(
                    boxstyle="round,pad=0.2", facecolor="white", alpha=0.85, edgecolor="none"
                ),
                va="center",
                fontsize=12,
                fontweight="bold",
                annotation_clip=False,
            )
    labelled: set[str] = set()
    curves = sorted(
        (t for t in result.thresholds if t.value is None and t.points),
        key=lambda t: t.parameter != py,
    )  # label "y = f(x)" forms first
    for t in curves:
        pts = np.asarray(t.points)
        if t.parameter == px:  # boundary crossing x-edges: (y, x) pairs
            xy = pts[:, [1, 0]]
        else:
            xy = pts
        ax.plot(xy[:, 0], xy[:, 1], color="black", linestyle="--", linewidth=1.5)
        if t.line is not None:
            key = "line:" + ",".join(f"{v:.6g}" for v in xy[[0, -1]].reshape(-1))
            if key not in labelled and not any(
                k.startswith("line:") and _same_segment(k, key) for k in labelled
            ):
                labelled.add(key)
                k = int(len(xy) * 0.7)
                ax.annotate(
                    t.text,
                    (xy[k, 0], xy[k, 1]),
                    xytext=(-8, 8),
                    textcoords="offset points",
                    ha="right",
                    va="bottom",
                    fontsize=12,
                    fontweight="bold",
                    bbox=dict(
                        boxstyle="round,pad=0.2", facecolor="white", alpha=0.8, edgecolor="none"
                    ),
                )
    ax.set_xlabel(_axis_label(result, px))
    ax.set_ylabel(_axis_label(result, py))
    ax.set_xlim(_edges(xs)[0], _edges(xs)[-1])
    ax.set_ylim(_edges(ys)[0], _edges(ys)[-1])
    heading = (
        f"{result.title}: {_what(result).replace('equilibria', 'equilibrium')} sets "
        f"over {px} and {py}"
    )
    if own:
        fig.suptitle(wrap_title(heading, 80), fontsize=16, fontweight="bold")
    else:
        ax.set_title(wrap_title(heading), pad=28)
    handles = [
        Patch(
            facecolor=set_color(k),
            edgecolor=GRID_GREY,
            label="\n".join(textwrap.wrap(set_description(s), 34)) or "none found",
        )
        for k, s in enumerate(shown)
    ]
    if rest:
        handles.append(
            Patch(
                facecolor=OTHER_COLOR,
                edgecolor=GRID_GREY,
                label=f"{len(rest)} other sets (on threshold lines;\nsee the CSV/JSON output)",
            )
        )
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.12, 1.0),
        title="equilibria (pure profiles;\nmixed: supports)"
        if result.players
        else f"{result.scenario_kind} outcomes",
        title_fontsize=12,
        labelspacing=1.0,
    )
    fixed = ", ".join(f"{k} = {v}" for k, v in result.fixed)
    if fixed:
        note = "\n".join(textwrap.wrap(f"other parameters: {fixed}", 90))
        if own:  # below everything, in the space the layout keeps for it
            fig.supxlabel(note, fontsize=10, color=TEXT_GREY, x=0.02, ha="left")
        else:
            ax.annotate(
                note,
                (0, 0),
                xycoords="axes fraction",
                xytext=(0, -8),
                textcoords="offset points",
                fontsize=10,
                color=TEXT_GREY,
                va="top",
                annotation_clip=False,
            )
    unstack([c for c in ax.texts if c.get_text()], fig)
    return fig


@styled
def plot_equilibrium_map(result: SweepResult, ax=None) -> Figure:
    """Equilibrium map of a 1- or 2-parameter sweep.

    One parameter: ``ax`` may be a pair of axes (outcomes, payoffs) or one axes (outcomes only).
    Two parameters: one axes.
    """
    G = len(result.parameters)
    if G == 1:
        return _plot_1d(result, ax)
    if G == 2:
        return _plot_2d(result, ax)
    from ..scenario.errors import Location, ScenarioError

    raise ScenarioError(
        f"the equilibrium map shows 1 or 2 varied parameters, not {G}", Location("--vary")
    )
