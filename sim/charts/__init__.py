"""Charts shared by every kind: :mod:`sim.charts.style` (the look) and the kind-independent charts.

A kind's own charts live in its package and are registered on its ``KindSpec`` (for example
:mod:`sim.normal_form.charts`); draw any of them with :func:`sim.contract.draw`.  Each chart
function returns a ``matplotlib.figure.Figure`` and never calls ``plt.show()``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

__all__ = ["lazily_styled", "xy"]


def lazily_styled(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Draw ``fn`` inside the negsim chart style, importing the style (and matplotlib) only when
    the chart is drawn, so that a kind's package stays light to import."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .style import styled

        return styled(fn)(*args, **kwargs)

    return wrapper


def xy(p: Any) -> tuple[float, float]:
    """A 2-D payoff point as floats, for plotting."""
    return float(p[0]), float(p[1])
