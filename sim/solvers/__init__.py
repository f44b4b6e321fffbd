"""Equilibrium solvers behind one registry (see :mod:`sim.solvers.registry`).

Importing this package registers every solver.  ``solve(game, method)`` is the entry point.
"""

from __future__ import annotations

from . import (
    correlated,  # noqa: F401  (registers "correlated")
    ess,  # noqa: F401  (registers "ess")
    lemke_howson,  # noqa: F401  (registers "lemke-howson")
    nplayer,  # noqa: F401  (registers "all")
    pure,  # noqa: F401  (registers "pure")
    qre,  # noqa: F401  (registers "logit-qre")
    tom,  # noqa: F401  (registers "tom")
    vertex_enumeration,  # noqa: F401  (registers "enumerate")
    zero_sum,  # noqa: F401  (registers "zero-sum")
)
from .registry import (
    SOLVERS,
    Deadline,
    SolverOutput,
    SolverSpec,
    SolverTimeout,
    choose_method,
    finds_every_equilibrium,
    register,
    solve,
)

__all__ = [
    "SOLVERS",
    "Deadline",
    "SolverOutput",
    "SolverSpec",
    "SolverTimeout",
    "choose_method",
    "finds_every_equilibrium",
    "register",
    "solve",
]
