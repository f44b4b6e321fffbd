"""Charts: pure functions ``plot_…(…, ax=None) -> matplotlib.figure.Figure`` (never ``plt.show()``).

Each module is imported on demand (matplotlib is heavy); import the function you need, e.g.
``from sim.charts.matrix import plot_matrix``.  :mod:`sim.charts.style` holds the shared look.
"""
