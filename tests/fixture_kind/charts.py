"""Toy charts: the shares as bars (default), and a pie with a colour option."""

from __future__ import annotations

from sim.contract import Chart, Option


def bars(result, **options):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.bar(["A", "B"], result.shares)
    ax.set_title(result.meta.title)
    return fig


def pie(result, *, colour=None, **options):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 3))
    ax = fig.add_subplot()
    ax.pie(result.shares, colors=[colour or "C0", "C1"])
    return fig


COLOUR = Option(name="colour", metavar="COLOUR", help="the colour of A's slice")

CHARTS = {
    "bars": Chart(name="bars", about="the shares as bars", draw=bars),
    "slices": Chart(name="slices", about="the shares as a pie", draw=pie, options=(COLOUR,)),
}
