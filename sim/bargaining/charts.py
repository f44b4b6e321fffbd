"""Charts of a bargaining problem; each ``draw_*`` takes a :class:`.analysis.BargainingResult`.

- ``frontier`` — the bargaining set, its Pareto frontier, the disagreement point and the
  solutions (two parties).
- ``outside-option`` — a party's share as a parameter (its outside option) varies, Nash against
  Rubinstein (``parameter=``, ``values=``).

Figures are built with :class:`matplotlib.figure.Figure` (never pyplot); matplotlib is imported
only when a chart is drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..charts import lazily_styled, xy
from ..contract import Chart, Option
from ..scenario.errors import Location, ScenarioError
from .analysis import BargainingResult, outside_option_curve, rubinstein_shares

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "CHARTS",
    "DEFAULT_CHART",
    "draw_frontier",
    "draw_outside_option",
    "plot_bargaining_frontier",
    "plot_outside_option",
]


@lazily_styled
def plot_bargaining_frontier(result, ax=None) -> Figure:
    """``result``: a :class:`.analysis.BargainingResult` (two parties)."""
    from matplotlib.patches import Polygon

    from ..charts.style import GRID_GREY, fmt_number, new_axes, player_color, set_color

    if result.set is None:
        raise ScenarioError(
            f"the bargaining frontier is drawn for two parties; this scenario "
            f"has {len(result.parties)}",
            Location("--chart"),
        )
    fig, ax = new_axes(ax)
    P = result.parties
    poly = [xy(p) for p in result.set.polygon]
    if len(poly) >= 3:
        ax.add_patch(
            Polygon(
                poly,
                closed=True,
                facecolor=set_color(0),
                alpha=0.18,
                edgecolor="none",
                label="feasible agreements",
            )
        )
    fr = np.asarray([xy(p) for p in result.set.frontier])
    ax.plot(fr[:, 0], fr[:, 1], color=set_color(5), linewidth=3, label="Pareto frontier")
    d = xy(result.disagreement)
    ax.plot(
        [d[0]],
        [d[1]],
        marker="s",
        color="black",
        linestyle="none",
        label=f"disagreement d = ({fmt_number(result.disagreement[0])}, "
        f"{fmt_number(result.disagreement[1])})",
    )
    marks = [
        (result.nash, "o", player_color(0), "Nash"),
        (result.ks, "D", player_color(1), "Kalai–Smorodinsky"),
        (result.nash_outside, "o", player_color(2), "Nash, outside options as d"),
    ]
    for sol, marker, color, name in marks:
        if sol is None or sol.point is None:
            continue
        x, y = xy(sol.point)
        ax.plot(
            [x],
            [y],
            marker=marker,
            color=color,
            linestyle="none",
            markersize=11,
            markerfacecolor="none" if marker == "D" else color,
            markeredgewidth=2.5,
            label=f"{name} ({fmt_number(sol.point[0])}, {fmt_number(sol.point[1])})",
        )
        if sol.ideal is not None and name == "Kalai–Smorodinsky":
            ix, iy = xy(sol.ideal)
            ax.plot([d[0], ix], [d[1], iy], color=color, linestyle=":", linewidth=1.5)
            ax.plot(
                [ix],
                [iy],
                marker="*",
                color=color,
                linestyle="none",
                markersize=13,
                label="ideal point",
            )
    if result.outside is not None:
        o = xy(result.outside)
        ax.plot(
            [o[0]],
            [o[1]],
            marker="^",
            color=player_color(2),
            linestyle="none",
            markersize=10,
            label="outside options",
        )
    if result.rubinstein is not None and result.rubinstein.agreement:
        sh = rubinstein_shares(result, result.rubinstein)
        x, y = float(sh[P[0]]), float(sh[P[1]])
        ax.plot(
            [x],
            [y],
            marker="P",
            color=player_color(3),
            linestyle="none",
            markersize=12,
            label=f"Rubinstein ({fmt_number(sh[P[0]])}, {fmt_number(sh[P[1]])})",
        )
    xs = [p[0] for p in poly] + [d[0]]
    ys = [p[1] for p in poly] + [d[1]]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1
    ax.set_xlim(min(xs) - 0.05 * span, max(xs) + 0.08 * span)
    ax.set_ylim(min(ys) - 0.05 * span, max(ys) + 0.08 * span)
    names = result.scenario.party_names
    ax.set_xlabel(f"{names[0]} payoff")
    ax.set_ylabel(f"{names[1]} payoff")
    ax.set_title("Bargaining: frontier, disagreement point, solutions")
    ax.grid(True, color=GRID_GREY, linewidth=0.6, alpha=0.6)
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=10)
    return fig


@lazily_styled
def plot_outside_option(
    curve, party: str | None = None, ax=None, *, xlabel: str | None = None
) -> Figure:
    """``curve``: :func:`.analysis.outside_option_curve`.  One party's
    share (default: the last party, usually the one holding the option) under Nash bargaining
    (the option as its disagreement point) and under Rubinstein (the option binds only when it
    beats waiting)."""
    from ..charts.style import GRID_GREY, TEXT_GREY, new_axes, player_color

    fig, ax = new_axes(ax)
    k = curve.parties.index(party) if party else len(curve.parties) - 1
    x = np.asarray([float(v) for v in curve.values])

    def series(points):
        return np.asarray([np.nan if p is None else float(p[k]) for p in points])

    ax.plot(
        x,
        series(curve.nash),
        color=player_color(0),
        label="Nash bargaining (option = disagreement point)",
    )
    if any(p is not None for p in curve.rubinstein):
        ax.plot(
            x,
            series(curve.rubinstein),
            color=player_color(1),
            linestyle="--",
            label="Rubinstein (option taken only if better than waiting)",
        )
    ax.plot(x, x, color=TEXT_GREY, linestyle=":", linewidth=1.5, label="the option itself")
    if curve.pie is not None:
        ax.set_ylim(0, float(curve.pie) * 1.02)
    ax.set_xlim(x.min(), x.max())
    ax.set_xlabel(xlabel or curve.parameter)
    ax.set_ylabel(f"{curve.parties[k]}'s share")
    ax.set_title(f"How {curve.parameter} moves {curve.parties[k]}'s share of the deal")
    ax.grid(True, color=GRID_GREY, linewidth=0.6, alpha=0.6)
    ax.legend(loc="best", fontsize=11)
    return fig


# -- the kind's charts (``Chart.draw(result, **options)``) ---------------------------------------


def draw_frontier(result: BargainingResult, **_: Any) -> Figure:
    return plot_bargaining_frontier(result)


def draw_outside_option(
    result: BargainingResult,
    parameter: str | None = None,
    values=None,
    party: str | None = None,
    **_: Any,
) -> Figure:
    """``parameter`` (default: the only parameter an outside option uses, if there is one)."""
    scn = result.scenario
    if parameter is None:
        used = sorted({n for e in (scn.outside or ()) for n in e.parameters})
        if len(used) != 1:
            raise ScenarioError(
                "name the parameter to vary (--vary NAME=FROM:TO:POINTS), for "
                "example the outside option",
                Location("--vary"),
            )
        parameter = used[0]
    curve = outside_option_curve(scn, parameter, values, overrides=dict(result.parameters))
    from ..charts.style import parameter_label

    return plot_outside_option(curve, party=party, xlabel=parameter_label(scn, curve.parameter))


_VARY = (
    Option(
        name="parameter",
        metavar="NAME",
        help="the parameter to vary (default: the outside option's parameter)",
    ),
    Option(name="values", metavar="V1,V2,...", help="the values it takes"),
)

CHARTS: dict[str, Chart] = {
    "frontier": Chart(
        name="frontier",
        draw=draw_frontier,
        about="bargaining set, disagreement point and solutions",
    ),
    "outside-option": Chart(
        name="outside-option",
        draw=draw_outside_option,
        options=_VARY,
        needs=("vary",),
        about="a party's share as a parameter (its outside option) varies: Nash against Rubinstein",
    ),
}
DEFAULT_CHART = "frontier"
