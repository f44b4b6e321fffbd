"""Parameter sweeps: a scenario of any kind at every point of a grid, its regions and thresholds.

``sweep(scenario, {"drill_value": values, "test_value": values})`` analyses the scenario at
every grid point and counts its outcomes (``sim.contract.outcomes``: for a normal-form game the
equilibria, named by outcome labels such as ``"suspend, freeze"`` or ``"mixed
(suspend/pressure, freeze/test)"``).  Neighbouring points with the same outcome set form a
region; the boundaries between regions are refined by bisection on the parameter and reported
as thresholds, snapped to a short fraction when one fits.  Normal-form games are answered many
points at once by the batched solvers of :mod:`sim.solvers.batched`.

The package:

- :mod:`~sim.sweep.grid` — ``--vary`` parsing and exact grid values;
- :mod:`~sim.sweep.engine` — the grid through the kind contract (or a kind's batch path);
- :mod:`~sim.sweep.boundaries` — regions, thresholds, bisection, line fitting;
- :mod:`~sim.sweep.result` — the frozen :class:`SweepResult` and its CSV/JSON/summary text.

Nothing here prints, writes files or plots (the equilibrium map is
:func:`sim.charts.equilibrium_map.plot_equilibrium_map`).
"""

from __future__ import annotations

from ..labels import equilibrium_label, set_description
from .boundaries import connected_regions, find_thresholds, refine
from .engine import Progress, sweep
from .grid import exact_value, grid_values, parse_vary
from .result import (
    Region,
    SweepResult,
    SweepRow,
    Threshold,
    summary_text,
    to_csv,
    to_dict,
    to_json,
)

__all__ = [
    "Progress",
    "Region",
    "SweepResult",
    "SweepRow",
    "Threshold",
    "connected_regions",
    "equilibrium_label",
    "exact_value",
    "find_thresholds",
    "grid_values",
    "parse_vary",
    "refine",
    "set_description",
    "summary_text",
    "sweep",
    "to_csv",
    "to_dict",
    "to_json",
]
