"""Moved to :mod:`sim.scenario.payoffs` (the loader) and :mod:`sim.normal_form` (the kind).

A re-export kept while other modules switch their imports; it registers nothing.
"""

from .payoffs import (  # noqa: F401
    NormalFormScenario,
    PlayerSpec,
    build,
    load_normal_form,
    payoff_grid,
    payoff_points,
)
