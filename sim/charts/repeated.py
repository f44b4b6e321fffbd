"""Charts of ``repeated`` and ``bargaining`` scenarios by name, for ``negsim plot``.

The charts themselves live with their kinds (:mod:`sim.repeated.charts`,
:mod:`sim.bargaining.charts`) and are drawn through the kind contract
(:func:`sim.contract.draw`); this module only maps the old entry point onto it until
``negsim plot`` draws every kind through the contract.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CHARTS", "make_figure"]

#: chart name → (kinds, description), for ``negsim plot --help``
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
                values=None, options=None) -> Any:
    """One chart of a ``repeated`` or ``bargaining`` scenario by name (see :data:`CHARTS`)."""
    from .. import contract
    from ..scenario.errors import Location, ScenarioError

    kind = scenario.meta.kind
    if chart not in CHARTS:
        raise ScenarioError(f"unknown chart {chart!r}; charts for repeated and bargaining "
                            f"scenarios: {', '.join(CHARTS)}", Location("--chart"))
    if kind not in CHARTS[chart][0]:
        raise ScenarioError(f"chart '{chart}' needs a {' or '.join(CHARTS[chart][0])} "
                            f"scenario; this one is of kind '{kind}'", Location("--chart"))
    opts = {k: v for k, v in dict(options or {}).items() if v not in (None, "auto")}
    result = contract.analyse(scenario, overrides, **opts)
    vary = {k: v for k, v in (("parameter", parameter), ("values", values)) if v is not None}
    return contract.draw(result, chart, **vary)
