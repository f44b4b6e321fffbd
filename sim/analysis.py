"""The default analysis of a normal-form scenario: what ``negsim run`` computes.

``analyse(scenario, overrides)`` builds the game, records iterated elimination of strictly
dominated strategies (pure and mixed), and finds every equilibrium the game's size allows, all
certified.  The result is a frozen :class:`Analysis`; reports render it, nothing here prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ._version import __version__
from .game import Game
from .results import DEFAULT_TOL, SolveResult
from .scenario.common import apply_overrides
from .scenario.normal_form import NormalFormScenario, build
from .solvers import choose_method, solve

__all__ = ["Analysis", "analyse", "provenance"]


@dataclass(frozen=True)
class Analysis:
    scenario: NormalFormScenario
    parameters: dict
    game: Game
    result: SolveResult
    dominance: Any = None  # sim.solvers.dominance.DominanceResult when available
    notes: tuple[str, ...] = field(default=())


def provenance(scenario, parameters: Mapping) -> dict:
    """What a result needs to say about where it came from."""
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


def dominance_of(game: Game):
    """Iterated elimination of strictly dominated strategies (pure and mixed), if available."""
    try:
        from .solvers.dominance import iterated_elimination
    except ImportError:  # pragma: no cover - dominance module not present
        return None
    return iterated_elimination(game, weak=False, mixed=True)


def analyse(
    scenario: NormalFormScenario,
    overrides: Mapping | None = None,
    *,
    method: str = "auto",
    tol: float = DEFAULT_TOL,
    time_limit: float | None = 60.0,
    with_dominance: bool = True,
    **options,
) -> Analysis:
    """Build the scenario's game and solve it; see the module docstring."""
    values = apply_overrides(scenario.parameters, overrides)
    game = build(scenario, overrides)
    if method == "auto":
        method = choose_method(game)
    result = solve(game, method, tol=tol, time_limit=time_limit,
                   provenance=provenance(scenario, values), **options)
    dom = dominance_of(game) if with_dominance else None
    return Analysis(scenario, values, game, result, dom)
