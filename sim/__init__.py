"""negsim: a negotiation game-theory simulator.

Scenario file → validated Scenario → Game (payoff tensor) → solvers → frozen results →
report / charts / CLI.  The public facade::

    import sim
    scenario = sim.load("scenarios/freeze_for_freeze.yaml")
    game = sim.build(scenario, overrides={"drill_value": 4})
    result = sim.solve(game)            # every equilibrium, certified
"""

from ._version import __version__
from .game import Game
from .results import Equilibrium, SolveResult, certify
from .solvers import SOLVERS, solve

__all__ = ["SOLVERS", "Equilibrium", "Game", "SolveResult", "__version__", "certify", "solve"]
