"""Moved to :mod:`sim.normal_form.charts.matrix`;
a re-export kept while other modules switch their imports."""

from sim.normal_form.charts.matrix import (  # noqa: F401
    plot_matrix,
)
