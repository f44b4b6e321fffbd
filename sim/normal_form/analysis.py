"""What ``negsim run`` computes for a normal-form scenario.

``analyse(scenario, overrides)`` builds the game, records iterated elimination of strictly
dominated strategies (pure and mixed), and finds every equilibrium the game's size allows, all
certified.  The result is a frozen :class:`NormalFormResult`; the report renders it, nothing here
prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._version import __version__
from ..game import Game
from ..results import DEFAULT_TOL, SolveResult
from ..scenario.common import Meta, apply_overrides
from ..scenario.errors import Location, ScenarioError, did_you_mean
from ..scenario.payoffs import NormalFormScenario, build

__all__ = ["DEFAULT_TIME_LIMIT", "NormalFormResult", "analyse", "dominance_of", "provenance"]

#: seconds a solver may take before it stops and says what it found
DEFAULT_TIME_LIMIT = 60.0


@dataclass(frozen=True, kw_only=True)
class NormalFormResult:
    """A solved normal-form scenario: its game, the equilibria (``solve``) and the dominance
    steps (``None`` when not asked for)."""

    scenario: NormalFormScenario
    parameters: Mapping[str, Any]
    game: Game
    solve: SolveResult
    dominance: Any = None  # sim.solvers.dominance.DominanceResult
    #: the game played in turn (:class:`sim.normal_form.move_order.MoveOrderReading`), or None
    move_order: Any = None
    notes: tuple[str, ...] = ()

    @property
    def meta(self) -> Meta:
        return self.scenario.meta

    @property
    def status(self) -> str:
        """The solver's status (``complete``, ``partial`` or ``failed``)."""
        return self.solve.status


def provenance(scenario: NormalFormScenario, parameters: Mapping) -> dict:
    """Where a solver's result came from (kept on :attr:`SolveResult.provenance`)."""
    meta = scenario.meta
    return {
        "scenario": meta.title,
        "file": meta.file,
        "kind": meta.kind,
        "sources": list(meta.sources),
        "claims": list(meta.claims),
        "parameters": dict(parameters),
        "negsim_version": __version__,
    }


def dominance_of(game: Game, deadline=None):
    """Iterated elimination of strictly dominated strategies (pure and mixed); ``deadline`` (a
    :class:`sim.solvers.registry.Deadline`) stops the search for mixed dominators."""
    from ..solvers.dominance import iterated_elimination

    return iterated_elimination(game, weak=False, mixed=True, deadline=deadline)


def _method(game: Game, method: str | None) -> str:
    from ..solvers import SOLVERS, choose_method

    if method is None or method == "auto":
        return choose_method(game)
    if method not in SOLVERS:
        raise ScenarioError(
            f"unknown method '{method}'{did_you_mean(method, sorted(SOLVERS))}; "
            "see `negsim solve --help`",
            Location("--method"),
        )
    if SOLVERS[method].players == "2" and game.n_players != 2:
        raise ScenarioError(
            f"method '{method}' needs a 2-player game; this one has {game.n_players}",
            Location("--method"),
        )
    return method


def analyse(
    scenario: NormalFormScenario,
    overrides: Mapping | None = None,
    *,
    method: str | None = None,
    time_limit: float | None = None,
    tol: float | None = None,
    objective: str | None = None,
    move_order: Any = None,
    dominance: bool = True,
) -> NormalFormResult:
    """Build the scenario's game (with ``overrides``) and solve it.

    ``method``: an equilibrium method (default: every equilibrium the size allows);
    ``time_limit``: seconds before the solver stops (default 60); ``tol``: the certification
    tolerance of float methods (default 1e-9); ``objective``: what ``--method correlated``
    maximises (``welfare``, ``egalitarian``, ``player:ID``); ``move_order``: the players in the
    order they move (``"US,China,DPRK"`` or a sequence; ``"none"`` ignores the file's
    ``move_order:``) for the sequential reading; ``dominance``: record the dominance steps.
    """
    from ..solvers import solve
    from ..solvers.registry import Deadline
    from .move_order import reading_of

    limit = DEFAULT_TIME_LIMIT if time_limit is None else time_limit
    deadline = Deadline(limit)  # one budget for the equilibria and the dominance steps
    values = apply_overrides(scenario.parameters, overrides)
    game = build(scenario, overrides)
    name = _method(game, method)
    reading = reading_of(game, scenario, move_order)
    extra = {}
    if objective is not None:
        if name != "correlated":
            raise ScenarioError(
                f"applies only with --method correlated (the method here is '{name}')",
                Location("--objective"),
            )
        extra["objective"] = objective
    result = solve(
        game,
        name,
        tol=DEFAULT_TOL if tol is None else tol,
        time_limit=limit,
        provenance=provenance(scenario, values),
        **extra,
    )
    return NormalFormResult(
        scenario=scenario,
        parameters=values,
        game=game,
        solve=result,
        dominance=dominance_of(game, deadline) if dominance else None,
        move_order=reading,
    )
