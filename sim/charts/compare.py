"""Moved to :mod:`sim.normal_form.charts.compare`;
a re-export kept while other modules switch their imports."""

from sim.normal_form.charts.compare import (  # noqa: F401
    plot_compare,
)
