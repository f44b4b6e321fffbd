"""Equilibrium solvers behind one registry (see :mod:`sim.solvers.registry`).

Importing this package registers every solver.  ``solve(game, method)`` is the entry point.
"""

from __future__ import annotations

from ..game import Game
from . import (
    pure,  # noqa: F401  (registers "pure")
    vertex_enumeration,  # noqa: F401  (registers "enumerate")
)
from .registry import SOLVERS, Deadline, SolverOutput, SolverSpec, SolverTimeout, register, solve

__all__ = [
    "SOLVERS",
    "Deadline",
    "SolverOutput",
    "SolverSpec",
    "SolverTimeout",
    "choose_method",
    "register",
    "solve",
]


def choose_method(game: Game) -> str:
    """The default analysis: every equilibrium where the game's size allows it."""
    for name in ("all", "enumerate", "pure"):
        if name in SOLVERS:
            return name
    return "pure"
