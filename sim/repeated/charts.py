"""Charts of a repeated game; each ``draw_*`` takes a :class:`.analysis.RepeatedResult`.

- ``threshold`` — the minimum discount factor that sustains cooperation as a parameter varies
  (``parameter=``, ``values=``; default ``repetition.sweep``), with the scenario's δ drawn
  across: above the line cooperation holds.  Without a parameter to vary: every profile's
  sustaining discount factors as bars.
- ``tournament`` — the round-robin table as a heat map with the scores.
- ``trajectories`` — noisy play round by round: cooperation rate and cumulative payoff.
- ``region`` — the feasible and individually rational payoff region (2 players).

Figures are built with :class:`matplotlib.figure.Figure` (never pyplot); matplotlib is imported
only when a chart is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..charts import lazily_styled, xy
from ..contract import Chart, Option
from ..scenario.errors import Location, ScenarioError
from .analysis import RepeatedResult, threshold_curve
from .simulate import Match

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "CHARTS",
    "DEFAULT_CHART",
    "draw_region",
    "draw_threshold",
    "draw_tournament",
    "draw_trajectories",
    "plot_payoff_region",
    "plot_threshold_intervals",
    "plot_threshold_line",
    "plot_tournament",
    "plot_trajectories",
]


@lazily_styled
def plot_threshold_line(curve, ax=None, *, xlabel: str | None = None) -> Figure:
    """``curve``: a :class:`.analysis.ThresholdCurve` (``threshold_curve(...)``); ``xlabel``
    names the varied parameter (default: its name)."""
    from ..charts.style import GRID_GREY, TEXT_GREY, fmt_number, new_axes, player_color, set_color

    fig, ax = new_axes(ax)
    x = np.asarray(curve.values, dtype=float)
    ax.fill_between(
        x,
        np.where(np.isnan(curve.grim), 1.0, curve.grim),
        1.0,
        color=set_color(2),
        alpha=0.18,
        linewidth=0,
        label="grim trigger sustains cooperation",
    )
    ax.plot(x, curve.grim, color=player_color(0), label="grim trigger: minimum δ")
    if curve.tft is not None:
        ax.plot(x, curve.tft, color=player_color(1), linestyle="--", label="tit-for-tat: minimum δ")
    never = np.isnan(curve.grim)
    if never.any():
        ax.plot(
            x[never],
            np.ones(never.sum()),
            linestyle="none",
            marker="x",
            color=TEXT_GREY,
            label="never sustained",
        )
    if curve.delta is not None:
        ax.axhline(
            curve.delta,
            color="black",
            linestyle=":",
            linewidth=1.8,
            label=f"scenario δ = {fmt_number(curve.delta)}",
        )
    ax.set_xlim(x.min(), x.max())
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(xlabel or curve.parameter)
    ax.set_ylabel("discount factor δ")
    ax.set_title(f"When is {curve.label} self-enforcing?")
    ax.grid(True, color=GRID_GREY, linewidth=0.6, alpha=0.6)
    ax.legend(loc="best")
    return fig


@lazily_styled
def plot_tournament(tournament, ax=None) -> Figure:
    """``tournament``: a :class:`.simulate.Tournament`.  Cell = mean payoff per round
    of the row strategy (first seat) against the column strategy (second seat)."""
    from ..charts.style import new_axes

    k = len(tournament.strategies)
    fig, ax = new_axes(ax, size=(max(8.0, 1.2 * k + 4), max(5.5, 0.8 * k + 2.5)))
    M = np.asarray(tournament.first, dtype=float)
    im = ax.imshow(M, cmap="cividis", aspect="auto")
    names = [s.replace("_", " ") for s in tournament.strategies]
    ax.set_xticks(range(k), names, rotation=35, ha="right")
    ax.set_yticks(range(k), [f"{n}  ({tournament.score[i]:.2f})" for i, n in enumerate(names)])
    lo, hi = float(M.min()), float(M.max())
    for a in range(k):
        for b in range(k):
            v = M[a, b]
            light = (v - lo) / (hi - lo + 1e-12) > 0.6
            ax.text(
                b,
                a,
                f"{v:.2f}",
                ha="center",
                va="center",
                fontsize=11,
                color="black" if light else "white",
            )
    p0, p1 = tournament.players
    ax.set_xlabel(f"opponent strategy (as {p1})")
    ax.set_ylabel(f"strategy (as {p0}) and overall score")
    ax.set_title(
        f"Round robin: {tournament.rounds} rounds, noise {tournament.noise:g}, "
        f"seed {tournament.seed}"
    )
    ax.spines[:].set_visible(False)
    cb = fig.colorbar(im, ax=ax, shrink=0.8)
    cb.set_label(f"{p0}'s mean payoff per round")
    return fig


@lazily_styled
def plot_trajectories(matches, players: Sequence[str] | None = None, ax=None) -> Figure:
    """Cooperation rate per round (share of replications) for one or more matches.

    ``matches``: a :class:`.simulate.Match` or a list of them; ``players``: labels
    of the seats (default ``P1``, ``P2``, ...).  With one match the cumulative mean payoffs are
    drawn on a second axis and, on a new figure, the first replication's moves as a strip above
    (one row per player, coloured = cooperate, grey = defect): the "ups and downs" one by one.
    """
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

    from ..charts.style import GRID_GREY, new_axes, player_color, player_linestyle, set_color

    if isinstance(matches, Match):
        matches = [matches]
    strip = None
    if ax is None and len(matches) == 1:
        fig = Figure(figsize=(8.0, 6.3), layout="constrained")
        strip, ax = fig.subplots(2, 1, sharex=True, height_ratios=(1, 5))
        m0 = matches[0]
        n0 = m0.sample_moves.shape[1]
        labels0 = list(players) if players else [f"P{i + 1}" for i in range(n0)]
        strip.imshow(
            m0.sample_moves.T.astype(float),
            aspect="auto",
            interpolation="nearest",
            cmap=ListedColormap(["#BBBBBB", set_color(2)]),
            vmin=0,
            vmax=1,
            extent=(0.5, m0.rounds + 0.5, n0 - 0.5, -0.5),
        )
        strip.set_yticks(range(n0), labels0)
        strip.tick_params(axis="x", labelbottom=False)
        strip.set_title(
            "one replication: cooperate (green) / defect (grey)", fontsize=12, fontweight="normal"
        )
        strip.spines[:].set_visible(False)
    else:
        fig, ax = new_axes(ax)
    rounds = np.arange(1, matches[0].rounds + 1)
    for k, m in enumerate(matches):
        n = m.cooperation.shape[1]
        labels = list(players) if players else [f"P{i + 1}" for i in range(n)]
        coop = m.cooperation.mean(axis=1)
        name = " vs ".join(s.replace("_", " ") for s in m.strategies)
        ax.plot(
            rounds,
            coop,
            color=set_color(k) if len(matches) > 1 else player_color(0),
            linestyle=player_linestyle(k),
            label=name,
        )
        if len(matches) == 1:
            ax2 = ax.twinx()
            for i in range(n):
                ax2.plot(
                    rounds,
                    m.cumulative[:, i],
                    color=player_color(i + 1),
                    linestyle=player_linestyle(i + 1),
                    linewidth=1.8,
                    label=f"cumulative payoff: {labels[i]}",
                )
            ax2.set_ylabel("cumulative mean payoff")
            ax2.spines["right"].set_visible(True)
            ax2.legend(loc="lower right")
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlim(1, rounds[-1])
    ax.set_xlabel("round")
    ax.set_ylabel("share cooperating")
    m0 = matches[0]
    title = (
        f"Play with mistakes (noise {m0.noise:g}, {m0.replications} replications, seed {m0.seed})"
    )
    if strip is not None:
        fig.suptitle(title, fontsize=16, fontweight="bold")
    else:
        ax.set_title(title)
    ax.grid(True, color=GRID_GREY, linewidth=0.6, alpha=0.6)
    ax.legend(loc="lower left")
    return fig


@lazily_styled
def plot_payoff_region(result, ax=None) -> Figure:
    """``result``: a :class:`.analysis.RepeatedResult` of a 2-player stage game."""
    from matplotlib.patches import Polygon

    from ..charts.style import TEXT_GREY, fmt_number, new_axes, player_color, set_color

    fig, ax = new_axes(ax)
    g = result.game
    if not result.feasible:
        raise ScenarioError(
            "the payoff region is drawn for 2-player stage games; this one has "
            f"{g.n_players} players (try --chart threshold)",
            Location("--chart"),
        )
    hull = [xy(p) for p in result.feasible]
    ax.add_patch(
        Polygon(
            hull,
            closed=True,
            facecolor=set_color(0),
            alpha=0.2,
            edgecolor=set_color(0),
            linewidth=1.5,
            label="feasible",
        )
    )
    if len(result.feasible_ir) >= 3:
        ax.add_patch(
            Polygon(
                [xy(p) for p in result.feasible_ir],
                closed=True,
                facecolor=set_color(2),
                alpha=0.45,
                edgecolor="black",
                linewidth=1.5,
                label="feasible and individually rational",
            )
        )
    v = [float(m.value) for m in result.minmax]
    ax.axvline(
        v[0],
        color=player_color(0),
        linestyle="--",
        linewidth=1.5,
        label=f"{g.players[0]} minmax {fmt_number(result.minmax[0].value)}",
    )
    ax.axhline(
        v[1],
        color=player_color(1),
        linestyle="--",
        linewidth=1.5,
        label=f"{g.players[1]} minmax {fmt_number(result.minmax[1].value)}",
    )
    t = g.payoffs
    for a in range(g.shape[0]):
        for b in range(g.shape[1]):
            x, y = float(t[a, b, 0]), float(t[a, b, 1])
            ax.plot([x], [y], marker="o", color="black", linestyle="none")
            ax.annotate(
                g.profile_label((a, b)),
                (x, y),
                textcoords="offset points",
                xytext=(6, 6),
                fontsize=11,
                color=TEXT_GREY,
            )
    xs = [p[0] for p in hull] + v[:1]
    ys = [p[1] for p in hull] + v[1:]
    pad_x = 0.08 * (max(xs) - min(xs) or 1)
    pad_y = 0.08 * (max(ys) - min(ys) or 1)
    ax.set_xlim(min(xs) - pad_x, max(xs) + 3 * pad_x)
    ax.set_ylim(min(ys) - pad_y, max(ys) + 2 * pad_y)
    ax.set_xlabel(f"{g.player_names[0]} payoff")
    ax.set_ylabel(f"{g.player_names[1]} payoff")
    ax.set_title("Payoffs repeated play can sustain (folk theorem)")
    ax.legend(loc="best")
    return fig


@lazily_styled
def plot_threshold_intervals(result: RepeatedResult, ax=None) -> Figure:
    """Every pure profile's sustaining discount factors (grim trigger, and tit-for-tat for 2x2
    stage games) as bars over δ ∈ [0, 1), with the scenario's δ drawn across."""
    from ..charts.style import GRID_GREY, fmt_number, new_axes, player_color

    rows = [("grim trigger", t) for t in result.grim] + [("tit-for-tat", t) for t in result.tft]
    fig, ax = new_axes(ax, size=(8.0, max(3.5, 0.45 * len(rows) + 2)))
    labels = []
    for k, (name, t) in enumerate(rows):
        labels.append(f"{name}: {result.label(t.profile)}")
        color = player_color(0 if name == "grim trigger" else 1)
        if not t.allowed.empty:
            lo = float(t.allowed.lo)
            hi = 1.0 if t.allowed.hi is None else float(t.allowed.hi)
            ax.barh(k, max(hi - lo, 0.004), left=lo, color=color, alpha=0.8, height=0.6)
            ax.text(
                min(lo + 0.01, 0.9),
                k,
                t.allowed.describe(),
                va="center",
                fontsize=10,
                color="white" if hi - lo > 0.35 else "black",
            )
        else:
            ax.text(0.01, k, "never sustained", va="center", fontsize=10)
    if result.delta is not None:
        ax.axvline(
            float(result.delta),
            color="black",
            linestyle=":",
            linewidth=1.8,
            label=f"scenario δ = {fmt_number(result.delta)}",
        )
        ax.legend(loc="lower right")
    ax.set_yticks(range(len(rows)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("discount factor δ")
    ax.set_title("Which discount factors sustain each profile")
    ax.grid(True, axis="x", color=GRID_GREY, linewidth=0.6, alpha=0.6)
    return fig


# -- the kind's charts (``Chart.draw(result, **options)``) ---------------------------------------


def draw_threshold(
    result: RepeatedResult, parameter: str | None = None, values=None, **_: Any
) -> Figure:
    """The cooperative profile's minimum δ over ``parameter`` (default ``repetition.sweep``),
    computed with the result's stage-equilibrium method; bars per profile when there is no
    parameter to vary."""
    rep = result.scenario.repetition
    if parameter is None and values is None and rep.sweep is None:
        return plot_threshold_intervals(result)
    curve = threshold_curve(
        result.scenario,
        parameter,
        values,
        overrides=dict(result.parameters),
        method=result.equilibria_method,
    )
    from ..charts.style import parameter_label

    return plot_threshold_line(curve, xlabel=parameter_label(result.scenario, curve.parameter))


def draw_tournament(result: RepeatedResult, **_: Any) -> Figure:
    if result.tournament is None:
        raise ScenarioError(
            "no tournament: it needs a 2-player stage game and at least one "
            "strategy in repetition.strategies",
            Location("--chart"),
        )
    return plot_tournament(result.tournament)


def draw_trajectories(result: RepeatedResult, **_: Any) -> Figure:
    if not result.matches:
        raise ScenarioError(
            "no matches to draw: list some under repetition.matches", Location("--chart")
        )
    return plot_trajectories(list(result.matches), players=result.game.players)


def draw_region(result: RepeatedResult, **_: Any) -> Figure:
    return plot_payoff_region(result)


_VARY = (
    Option(
        name="parameter", metavar="NAME", help="the parameter to vary (default: repetition.sweep)"
    ),
    Option(name="values", metavar="V1,V2,...", help="the values it takes"),
)

CHARTS: dict[str, Chart] = {
    "threshold": Chart(
        name="threshold",
        draw=draw_threshold,
        options=_VARY,
        needs=("vary",),
        about="minimum discount factor over a parameter (--vary NAME or "
        "repetition.sweep); without one, each profile's δ range",
    ),
    "tournament": Chart(
        name="tournament",
        draw=draw_tournament,
        about="round-robin table of the simulated strategies",
    ),
    "trajectories": Chart(
        name="trajectories",
        draw=draw_trajectories,
        about="noisy play round by round (the listed matches)",
    ),
    "region": Chart(
        name="region",
        draw=draw_region,
        about="feasible and individually rational payoffs (2 players)",
    ),
}
DEFAULT_CHART = "threshold"
