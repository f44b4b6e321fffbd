"""Charts shared by every kind: :mod:`sim.charts.style` (the look) and the kind-independent charts.

A kind's own charts live in its package and are registered on its ``KindSpec`` (for example
:mod:`sim.normal_form.charts`); draw any of them with :func:`sim.contract.draw`.  Each chart
function returns a ``matplotlib.figure.Figure`` and never calls ``plt.show()``.
"""
