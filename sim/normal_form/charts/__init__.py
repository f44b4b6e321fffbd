"""The normal-form charts, each ``draw(result, **options) -> matplotlib.figure.Figure``.

The drawing modules (:mod:`.matrix`, :mod:`.best_response`, :mod:`.dynamics`, :mod:`.qre`,
:mod:`.compare`) hold ``plot_…(game, result=None, ax=None)`` functions on a bare
:class:`~sim.game.Game`; the ``draw_…`` functions here take a
:class:`~sim.normal_form.analysis.NormalFormResult` and are what :data:`CHARTS` registers.
matplotlib is imported only when a chart is drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...contract import Chart, Option
from ...scenario.errors import Location, ScenarioError

__all__ = ["CHARTS", "DEFAULT_CHART", "HANDOUT_CHARTS", "best_response_applies"]


def _checked(draw, *args, **kwargs):
    """Run a plot function; its ``ValueError`` (a game the chart cannot show) becomes a located
    user error."""
    try:
        return draw(*args, **kwargs)
    except ValueError as exc:
        if isinstance(exc, ScenarioError):
            raise
        raise ScenarioError(str(exc), Location("--chart")) from None


def draw_matrix(result, *, arrows: bool | None = None, title: str | None = None, ax=None):
    """The payoff matrix of a 2- or 3-player game; a game of more players has no readable
    matrix, so its equilibrium payoffs by player are drawn instead (and the title says so)."""
    from .matrix import plot_matrix

    if result.game.n_players > 3:
        from .compare import plot_compare

        fig = _checked(plot_compare, result.game, result.solve)
        fig.axes[0].set_title(
            title
            or f"{result.game.title}: equilibrium payoffs by player "
            f"({result.game.n_players} players: too many for a payoff matrix)",
            fontsize=10,
            wrap=True,
        )
        return fig
    return _checked(plot_matrix, result.game, result.solve, ax, arrows=arrows, title=title)


def best_response_applies(result) -> bool:
    """The best-response diagram draws two players with two strategies each."""
    return result.game.shape == (2, 2)


def draw_best_response(result, *, ax=None):
    from .best_response import plot_best_response

    if not best_response_applies(result):
        shape = "x".join(map(str, result.game.shape))
        raise ScenarioError(
            f"the best-response chart draws 2x2 games; this one is {shape} (try --chart matrix)",
            Location("--chart"),
        )
    return _checked(plot_best_response, result.game, result.solve, ax)


def draw_dynamics(
    result,
    *,
    dynamics: str | None = None,
    starts: Sequence | None = None,
    steps: int | None = None,
    ax=None,
):
    from .dynamics import plot_dynamics

    return _checked(
        plot_dynamics,
        result.game,
        dynamics or "replicator",
        result.solve,
        ax,
        starts=starts,
        steps=steps,
    )


def draw_qre(result, *, ax=None):
    from .qre import plot_qre

    res = result.solve if result.solve.details.get("qre_branch") else None
    return _checked(plot_qre, result.game, res, ax)


def _case(text_or_map: str | Mapping) -> tuple[str, dict[str, Any]]:
    from ...scenario import parse_assignments

    if isinstance(text_or_map, Mapping):
        values = dict(text_or_map)
        return ", ".join(f"{k}={v}" for k, v in values.items()), values
    parts = [s for s in str(text_or_map).split(",") if s.strip()]
    return ", ".join(s.strip() for s in parts), parse_assignments(parts)


def draw_compare(
    result, *, case: Sequence | str | Mapping | None = None, others: Sequence | None = None, ax=None
):
    """Equilibrium payoffs of ``result``; with ``case`` (``"NAME=VALUE[,NAME=VALUE]"`` texts or
    mappings) the scenario again under each; with ``others`` (normal-form scenarios or results)
    those too, one group of bars per equilibrium."""
    from ...scenario.payoffs import build
    from ...solvers import solve
    from .compare import plot_compare

    cases = [case] if isinstance(case, str | Mapping) else list(case or ())
    others = list(others or ())
    game, method = result.game, result.solve.method
    defaults = {p.name: p.value for p in result.scenario.parameters}
    base = {k: v for k, v in result.parameters.items() if defaults.get(k) != v}
    entries = []
    title = None
    for c in cases:
        label, values = _case(c)
        g = build(result.scenario, {**base, **values})
        entries.append((label, g, solve(g, method)))
    if cases and not others:
        title = f"{game.title}: equilibrium payoffs as parameters change"
    if not cases:
        entries.append((game.title, game, result.solve))
    for other in others:
        scenario = getattr(other, "scenario", other)
        if scenario.meta.kind != "normal-form":
            raise ScenarioError(
                f"the compare chart compares normal-form scenarios; "
                f"'{scenario.meta.title}' is of kind '{scenario.meta.kind}'",
                Location("--with"),
            )
        g = build(scenario, base if not cases else None)
        entries.append((g.title or scenario.meta.file, g, solve(g, "auto")))
    if len(entries) == 1:
        return _checked(plot_compare, game, entries[0][2], ax)
    return _checked(plot_compare, entries, None, ax, title=title)


DYNAMICS = Option(
    name="dynamics",
    choices=("replicator", "fictitious-play"),
    help="for --chart dynamics: which learning rule (default replicator)",
)
CASE = Option(
    name="case",
    metavar="NAME=VALUE[,NAME=VALUE]",
    help="for --chart compare: the scenario under these parameter values "
    "(repeatable; each is one group of bars)",
)
OTHERS = Option(
    name="others",
    metavar="SCENARIO",
    help="for --chart compare: another normal-form scenario to compare (repeatable)",
)

CHARTS: dict[str, Chart] = {
    "matrix": Chart(
        name="matrix",
        draw=draw_matrix,
        about="payoff matrix: best responses circled, equilibria shaded, "
        "deviations arrowed (more than 3 players: payoffs by player)",
    ),
    "best-response": Chart(
        name="best-response",
        draw=draw_best_response,
        about="2x2 best-response diagram with every equilibrium",
    ),
    "dynamics": Chart(
        name="dynamics",
        draw=draw_dynamics,
        options=(DYNAMICS,),
        about="replicator or fictitious-play paths (2x2, or 3-strategy symmetric)",
    ),
    "qre": Chart(
        name="qre",
        draw=draw_qre,
        about="logit quantal-response branch: probabilities against lambda",
    ),
    "compare": Chart(
        name="compare",
        draw=draw_compare,
        options=(CASE, OTHERS),
        about="equilibrium payoffs by player (add --case or --with to compare scenarios)",
    ),
}
DEFAULT_CHART = "matrix"
#: what a handout embeds; the best-response diagram only where it applies (2x2 games)
HANDOUT_CHARTS = ("matrix", "best-response")
