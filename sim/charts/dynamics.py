"""Moved to :mod:`sim.normal_form.charts.dynamics`;
a re-export kept while other modules switch their imports."""

from sim.normal_form.charts.dynamics import (  # noqa: F401
    fictitious_play_2x2,
    fictitious_play_symmetric,
    plot_dynamics,
    replicator_2x2,
    replicator_symmetric,
)
from sim.normal_form.charts.qre import plot_qre  # noqa: E402,F401
