"""Moved to :mod:`sim.normal_form.charts.best_response`;
a re-export kept while other modules switch their imports."""

from sim.normal_form.charts.best_response import (  # noqa: F401
    best_response_segments,
    plot_best_response,
)
