"""Charts for repeated play and bargaining (issue 8).

- :func:`plot_threshold_line` — the minimum discount factor that sustains cooperation, as a
  parameter varies, with the scenario's δ drawn across: above the line cooperation holds.
- :func:`plot_tournament` — the round-robin table as a heat map with the scores.
- :func:`plot_trajectories` — noisy play round by round: cooperation rate and cumulative payoff.
- :func:`plot_payoff_region` — the feasible and individually rational payoff region.
- :func:`plot_bargaining_frontier` — the bargaining set, the disagreement point and the solutions.
- :func:`plot_outside_option` — a party's share as its outside option grows (Nash vs Rubinstein).

Every function takes results from :mod:`sim.repeated` and returns a Figure; none calls pyplot.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Polygon

from .style import (
    GRID_GREY,
    TEXT_GREY,
    fmt_number,
    new_axes,
    player_color,
    player_linestyle,
    set_color,
    styled,
)

__all__ = [
    "CHARTS",
    "make_figure",
    "plot_bargaining_frontier",
    "plot_outside_option",
    "plot_payoff_region",
    "plot_threshold_line",
    "plot_tournament",
    "plot_trajectories",
]


def _f(p) -> tuple[float, float]:
    return float(p[0]), float(p[1])


@styled
def plot_threshold_line(curve, ax=None) -> Figure:
    """``curve``: a :class:`sim.repeated.scenario.ThresholdCurve` (``threshold_curve(...)``)."""
    fig, ax = new_axes(ax)
    x = np.asarray(curve.values, dtype=float)
    ax.fill_between(x, np.where(np.isnan(curve.grim), 1.0, curve.grim), 1.0,
                    color=set_color(2), alpha=0.18, linewidth=0,
                    label="grim trigger sustains cooperation")
    ax.plot(x, curve.grim, color=player_color(0), label="grim trigger: minimum δ")
    if curve.tft is not None:
        ax.plot(x, curve.tft, color=player_color(1), linestyle="--",
                label="tit-for-tat: minimum δ")
    never = np.isnan(curve.grim)
    if never.any():
        ax.plot(x[never], np.ones(never.sum()), linestyle="none", marker="x",
                color=TEXT_GREY, label="never sustained")
    if curve.delta is not None:
        ax.axhline(curve.delta, color="black", linestyle=":", linewidth=1.8,
                   label=f"scenario δ = {fmt_number(curve.delta)}")
    ax.set_xlim(x.min(), x.max())
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(curve.parameter)
    ax.set_ylabel("discount factor δ")
    ax.set_title(f"When is {curve.label} self-enforcing?")
    ax.grid(True, color=GRID_GREY, linewidth=0.6, alpha=0.6)
    ax.legend(loc="best")
    return fig


@styled
def plot_tournament(tournament, ax=None) -> Figure:
    """``tournament``: a :class:`sim.repeated.simulate.Tournament`.  Cell = mean payoff per round
    of the row strategy (first seat) against the column strategy (second seat)."""
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
            ax.text(b, a, f"{v:.2f}", ha="center", va="center", fontsize=11,
                    color="black" if light else "white")
    p0, p1 = tournament.players
    ax.set_xlabel(f"opponent strategy (as {p1})")
    ax.set_ylabel(f"strategy (as {p0}) and overall score")
    ax.set_title(f"Round robin: {tournament.rounds} rounds, noise {tournament.noise:g}, "
                 f"seed {tournament.seed}")
    ax.spines[:].set_visible(False)
    cb = fig.colorbar(im, ax=ax, shrink=0.8)
    cb.set_label(f"{p0}'s mean payoff per round")
    return fig


@styled
def plot_trajectories(matches, players: Sequence[str] | None = None, ax=None) -> Figure:
    """Cooperation rate per round (share of replications) for one or more matches.

    ``matches``: a :class:`sim.repeated.simulate.Match` or a list of them; ``players``: labels
    of the seats (default ``P1``, ``P2``, ...).  With one match the cumulative mean payoffs are
    drawn on a second axis and, on a new figure, the first replication's moves as a strip above
    (one row per player, coloured = cooperate, grey = defect): the "ups and downs" one by one.
    """
    from matplotlib.colors import ListedColormap

    from ..repeated.simulate import Match

    if isinstance(matches, Match):
        matches = [matches]
    strip = None
    if ax is None and len(matches) == 1:
        fig = Figure(figsize=(8.0, 6.3), layout="constrained")
        strip, ax = fig.subplots(2, 1, sharex=True, height_ratios=(1, 5))
        m0 = matches[0]
        n0 = m0.sample_moves.shape[1]
        labels0 = list(players) if players else [f"P{i + 1}" for i in range(n0)]
        strip.imshow(m0.sample_moves.T.astype(float), aspect="auto", interpolation="nearest",
                     cmap=ListedColormap(["#BBBBBB", set_color(2)]), vmin=0, vmax=1,
                     extent=(0.5, m0.rounds + 0.5, n0 - 0.5, -0.5))
        strip.set_yticks(range(n0), labels0)
        strip.tick_params(axis="x", labelbottom=False)
        strip.set_title("one replication: cooperate (green) / defect (grey)", fontsize=12,
                        fontweight="normal")
        strip.spines[:].set_visible(False)
    else:
        fig, ax = new_axes(ax)
    rounds = np.arange(1, matches[0].rounds + 1)
    for k, m in enumerate(matches):
        n = m.cooperation.shape[1]
        labels = list(players) if players else [f"P{i + 1}" for i in range(n)]
        coop = m.cooperation.mean(axis=1)
        name = " vs ".join(s.replace("_", " ") for s in m.strategies)
        ax.plot(rounds, coop, color=set_color(k) if len(matches) > 1 else player_color(0),
                linestyle=player_linestyle(k), label=name)
        if len(matches) == 1:
            ax2 = ax.twinx()
            for i in range(n):
                ax2.plot(rounds, m.cumulative[:, i], color=player_color(i + 1),
                         linestyle=player_linestyle(i + 1), linewidth=1.8,
                         label=f"cumulative payoff: {labels[i]}")
            ax2.set_ylabel("cumulative mean payoff")
            ax2.spines["right"].set_visible(True)
            ax2.legend(loc="lower right")
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlim(1, rounds[-1])
    ax.set_xlabel("round")
    ax.set_ylabel("share cooperating")
    m0 = matches[0]
    title = (f"Play with mistakes (noise {m0.noise:g}, {m0.replications} replications, "
             f"seed {m0.seed})")
    if strip is not None:
        fig.suptitle(title, fontsize=16, fontweight="bold")
    else:
        ax.set_title(title)
    ax.grid(True, color=GRID_GREY, linewidth=0.6, alpha=0.6)
    ax.legend(loc="lower left")
    return fig


@styled
def plot_payoff_region(result, ax=None) -> Figure:
    """``result``: a :class:`sim.repeated.scenario.RepeatedResult` of a 2-player stage game."""
    fig, ax = new_axes(ax)
    g = result.game
    if not result.feasible:
        raise ValueError("the payoff region is drawn for 2-player stage games")
    hull = [_f(p) for p in result.feasible]
    ax.add_patch(Polygon(hull, closed=True, facecolor=set_color(0), alpha=0.2,
                         edgecolor=set_color(0), linewidth=1.5, label="feasible"))
    if len(result.feasible_ir) >= 3:
        ax.add_patch(Polygon([_f(p) for p in result.feasible_ir], closed=True,
                             facecolor=set_color(2), alpha=0.45, edgecolor="black",
                             linewidth=1.5, label="feasible and individually rational"))
    v = [float(m.value) for m in result.minmax]
    ax.axvline(v[0], color=player_color(0), linestyle="--", linewidth=1.5,
               label=f"{g.players[0]} minmax {fmt_number(result.minmax[0].value)}")
    ax.axhline(v[1], color=player_color(1), linestyle="--", linewidth=1.5,
               label=f"{g.players[1]} minmax {fmt_number(result.minmax[1].value)}")
    t = g.payoffs
    for a in range(g.shape[0]):
        for b in range(g.shape[1]):
            x, y = float(t[a, b, 0]), float(t[a, b, 1])
            ax.plot([x], [y], marker="o", color="black", linestyle="none")
            ax.annotate(g.profile_label((a, b)), (x, y), textcoords="offset points",
                        xytext=(6, 6), fontsize=11, color=TEXT_GREY)
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


@styled
def plot_bargaining_frontier(result, ax=None) -> Figure:
    """``result``: a :class:`sim.bargaining.scenario.BargainingResult` (two parties)."""
    fig, ax = new_axes(ax)
    if result.set is None:
        raise ValueError("the bargaining frontier is drawn for two parties")
    P = result.parties
    poly = [_f(p) for p in result.set.polygon]
    if len(poly) >= 3:
        ax.add_patch(Polygon(poly, closed=True, facecolor=set_color(0), alpha=0.18,
                             edgecolor="none", label="feasible agreements"))
    fr = np.asarray([_f(p) for p in result.set.frontier])
    ax.plot(fr[:, 0], fr[:, 1], color=set_color(5), linewidth=3, label="Pareto frontier")
    d = _f(result.disagreement)
    ax.plot([d[0]], [d[1]], marker="s", color="black", linestyle="none",
            label=f"disagreement d = ({fmt_number(result.disagreement[0])}, "
                  f"{fmt_number(result.disagreement[1])})")
    marks = [
        (result.nash, "o", player_color(0), "Nash"),
        (result.ks, "D", player_color(1), "Kalai–Smorodinsky"),
        (result.nash_outside, "o", player_color(2), "Nash, outside options as d"),
    ]
    for sol, marker, color, name in marks:
        if sol is None or sol.point is None:
            continue
        x, y = _f(sol.point)
        ax.plot([x], [y], marker=marker, color=color, linestyle="none", markersize=11,
                markerfacecolor="none" if marker == "D" else color, markeredgewidth=2.5,
                label=f"{name} ({fmt_number(sol.point[0])}, {fmt_number(sol.point[1])})")
        if sol.ideal is not None and name == "Kalai–Smorodinsky":
            ix, iy = _f(sol.ideal)
            ax.plot([d[0], ix], [d[1], iy], color=color, linestyle=":", linewidth=1.5)
            ax.plot([ix], [iy], marker="*", color=color, linestyle="none", markersize=13,
                    label="ideal point")
    if result.outside is not None:
        o = _f(result.outside)
        ax.plot([o[0]], [o[1]], marker="^", color=player_color(2), linestyle="none",
                markersize=10, label="outside options")
    if result.rubinstein is not None and result.rubinstein.agreement:
        from ..bargaining.scenario import _rub_shares

        sh = _rub_shares(result, result.rubinstein)
        x, y = float(sh[P[0]]), float(sh[P[1]])
        ax.plot([x], [y], marker="P", color=player_color(3), linestyle="none", markersize=12,
                label=f"Rubinstein ({fmt_number(sh[P[0]])}, {fmt_number(sh[P[1]])})")
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


@styled
def plot_outside_option(curve, party: str | None = None, ax=None) -> Figure:
    """``curve``: :func:`sim.bargaining.scenario.outside_option_curve`.  One party's
    share (default: the last party, usually the one holding the option) under Nash bargaining
    (the option as its disagreement point) and under Rubinstein (the option binds only when it
    beats waiting)."""
    fig, ax = new_axes(ax)
    k = curve.parties.index(party) if party else len(curve.parties) - 1
    x = np.asarray([float(v) for v in curve.values])

    def series(points):
        return np.asarray([np.nan if p is None else float(p[k]) for p in points])

    ax.plot(x, series(curve.nash), color=player_color(0),
            label="Nash bargaining (option = disagreement point)")
    if any(p is not None for p in curve.rubinstein):
        ax.plot(x, series(curve.rubinstein), color=player_color(1), linestyle="--",
                label="Rubinstein (option taken only if better than waiting)")
    ax.plot(x, x, color=TEXT_GREY, linestyle=":", linewidth=1.5, label="the option itself")
    if curve.pie is not None:
        ax.set_ylim(0, float(curve.pie) * 1.02)
    ax.set_xlim(x.min(), x.max())
    ax.set_xlabel(curve.parameter)
    ax.set_ylabel(f"{curve.parties[k]}'s share")
    ax.set_title(f"How {curve.parameter} moves {curve.parties[k]}'s share of the deal")
    ax.grid(True, color=GRID_GREY, linewidth=0.6, alpha=0.6)
    ax.legend(loc="best", fontsize=11)
    return fig


#: charts for ``negsim plot`` on these kinds: name → (kinds, description)
CHARTS = {
    "threshold": (("repeated",), "minimum discount factor over a parameter (--vary NAME or "
                                 "repetition.sweep)"),
    "tournament": (("repeated",), "round-robin table of the simulated strategies"),
    "trajectories": (("repeated",), "noisy play round by round (the listed matches)"),
    "region": (("repeated",), "feasible and individually rational payoffs (2 players)"),
    "frontier": (("bargaining",), "bargaining set, disagreement point and solutions"),
    "outside-option": (("bargaining",), "a party's share as a parameter (its outside option) "
                                        "varies: Nash against Rubinstein"),
}


def make_figure(scenario, chart: str, overrides=None, parameter: str | None = None,
                values=None, options=None) -> Figure:
    """One chart of a ``repeated`` or ``bargaining`` scenario by name (see :data:`CHARTS`).

    ``parameter``/``values``: the axis of the threshold chart (default: ``repetition.sweep``).
    """
    from ..scenario import KINDS

    kind = scenario.meta.kind
    if chart not in CHARTS:
        raise ValueError(f"unknown chart {chart!r}; charts for repeated and bargaining "
                         f"scenarios: {', '.join(CHARTS)}")
    if kind not in CHARTS[chart][0]:
        raise ValueError(f"chart '{chart}' needs a {' or '.join(CHARTS[chart][0])} scenario; "
                         f"this one is of kind '{kind}'")
    if chart == "outside-option":
        from ..bargaining.scenario import outside_option_curve

        if parameter is None:
            raise ValueError("name the parameter to vary (parameter=...; on the command line "
                             "--vary NAME=FROM:TO:POINTS), for example the outside option")
        return plot_outside_option(outside_option_curve(scenario, parameter, values,
                                                        overrides=overrides))
    if chart == "threshold":
        from ..repeated.scenario import threshold_curve

        return plot_threshold_line(threshold_curve(scenario, parameter, values,
                                                   overrides=overrides))
    result = KINDS[kind].analyse(scenario, overrides=overrides, options=options)
    if chart == "tournament":
        if result.tournament is None:
            raise ValueError("no tournament: it needs a 2-player stage game and at least one "
                             "strategy in repetition.strategies")
        return plot_tournament(result.tournament)
    if chart == "trajectories":
        if not result.matches:
            raise ValueError("no matches to draw: list some under repetition.matches")
        return plot_trajectories(list(result.matches), players=result.game.players)
    if chart == "region":
        return plot_payoff_region(result)
    return plot_bargaining_frontier(result)
