"""The kind's charts: pure functions of the result returning a matplotlib Figure."""

from __future__ import annotations

from typing import Any

from .analysis import ToyResult

__all__ = ["draw_shares"]


def draw_shares(result: ToyResult, **options: Any) -> Any:
    from matplotlib.figure import Figure  # matplotlib only when a chart is drawn

    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    shares = result.shares or (0, 0)
    ax.bar(["proposer", "responder"], [float(x) for x in shares], color=["#4c72b0", "#dd8452"])
    ax.set_title(result.meta.title)
    ax.set_ylabel("share of the pie")
    return fig
