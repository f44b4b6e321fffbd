"""One look for every negsim chart: colour-blind-safe colours, large type, no chart junk.

Colours are the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008), which stays
distinguishable under the common colour-vision deficiencies and in greyscale print when paired with
the line styles and markers below.  Type sizes are chosen to read from the back of a seminar room
on a projector (base 14 pt on a 8x5.5 inch figure).

Charts never use pyplot: each builds a :class:`matplotlib.figure.Figure` directly (no global state,
no GUI backend), or draws into the ``ax`` it is given and returns that axes' figure.
"""

from __future__ import annotations

import functools

import matplotlib as mpl
from matplotlib.figure import Figure

__all__ = [
    "OKABE_ITO",
    "wrap_title",
    "PLAYER_COLORS",
    "SET_COLORS",
    "STYLE",
    "fmt_number",
    "new_axes",
    "parameter_label",
    "player_color",
    "player_colors",
    "styled",
]

#: Okabe–Ito palette (name → hex), black last
OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}

#: player colours in player order (blue, vermillion, bluish green, reddish purple, ...)
PLAYER_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
#: line styles in player order, so the players stay apart in greyscale
PLAYER_LINESTYLES = ("-", "--", ":", "-.")
#: fills for regions / outcome sets (light enough to print text on)
SET_COLORS = (
    "#56B4E9",
    "#E69F00",
    "#009E73",
    "#F0E442",
    "#CC79A7",
    "#0072B2",
    "#D55E00",
    "#999999",
)
#: the highlight for equilibrium cells
EQ_FILL = "#F0E442"
GRID_GREY = "#BBBBBB"
TEXT_GREY = "#444444"

STYLE = {
    "font.size": 14,
    "axes.titlesize": 16,
    "axes.titleweight": "bold",
    "axes.labelsize": 14,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 12,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 1.2,
    "lines.linewidth": 2.5,
    "lines.markersize": 9,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "axes.prop_cycle": mpl.cycler(color=list(PLAYER_COLORS)),
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
}

DEFAULT_SIZE = (8.0, 5.5)


def styled(fn):
    """Run a plotting function inside the negsim style (rc settings apply as artists are made).

    A figure the function makes itself (no ``Axes`` passed in) is checked before it is returned:
    titles wider than the figure are wrapped and the figure grows to hold every text
    (:func:`sim.charts.layout.fit_text`)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from matplotlib.axes import Axes

        with mpl.rc_context(STYLE):
            out = fn(*args, **kwargs)
            given = any(isinstance(a, Axes) for a in (*args, *kwargs.values()))
            if isinstance(out, Figure) and not given:
                from .layout import fit_text

                fit_text(out)
            return out

    return wrapper


def new_axes(ax=None, size: tuple[float, float] = DEFAULT_SIZE):
    """``(figure, axes)``: the given axes and its figure, or a new figure with one axes."""
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


#: recurring actors keep one colour in every scenario and every chart (a slot of PLAYER_COLORS)
ACTORS = {
    "united states": 0,
    "us": 0,
    "usa": 0,
    "north korea": 1,
    "dprk": 1,
    "china": 2,
    "prc": 2,
    "south korea": 3,
    "rok": 3,
    "japan": 4,
    "russia": 5,
    "soviet union": 5,
}


def _actor_key(name: str) -> str:
    """A player's name reduced to what identifies the actor: no parenthesis, no "the"."""
    import re

    key = re.sub(r"\(.*?\)", " ", str(name)).casefold()
    key = " ".join(key.replace("the ", " ").split())
    return key


def player_colors(names) -> tuple[str, ...]:
    """One colour per player, keyed by the player's name, so that a player keeps its colour in
    every chart of a scenario and (for the recurring actors of :data:`ACTORS`, and whenever no
    two players compete for a colour) across scenarios.  Players no table names get the colour
    their name hashes to; two players never share a colour while the palette lasts."""
    import zlib

    keys = [_actor_key(n) for n in names]
    n_slots = len(PLAYER_COLORS) - 1  # black is the last resort
    slots: dict[int, int] = {}
    taken: set[int] = set()
    known = sorted((k for k in range(len(keys)) if keys[k] in ACTORS), key=lambda k: keys[k])
    rest = sorted((k for k in range(len(keys)) if keys[k] not in ACTORS), key=lambda k: keys[k])
    for k in known + rest:
        want = ACTORS.get(keys[k], zlib.crc32(keys[k].encode("utf-8")) % n_slots)
        slot = want
        if len(taken) < n_slots:
            while slot in taken:
                slot = (slot + 1) % n_slots
        elif len(taken) == n_slots:
            slot = n_slots
        taken.add(slot)
        slots[k] = slot
    return tuple(PLAYER_COLORS[slots[k] % len(PLAYER_COLORS)] for k in range(len(keys)))


def player_color(i: int, names=None) -> str:
    """Player ``i``'s colour: keyed by its name when the players' ``names`` are given
    (:func:`player_colors`), else by its position."""
    if names is not None:
        return player_colors(names)[i]
    return PLAYER_COLORS[i % len(PLAYER_COLORS)]


def player_linestyle(i: int) -> str:
    return PLAYER_LINESTYLES[i % len(PLAYER_LINESTYLES)]


def set_color(k: int) -> str:
    return SET_COLORS[k % len(SET_COLORS)]


def fmt_number(x, digits: int = 3) -> str:
    """Numbers on charts are written as in every report (:func:`sim.numbers.fmt`)."""
    from ..numbers import fmt as _fmt

    return _fmt(x, digits=digits + 1)


def fmt_prob(x, digits: int = 3) -> str:
    """Probabilities as in every report: exact fractions when exact, else decimals."""
    from ..numbers import fmt_prob as _fmt

    return _fmt(x)


def parameter_label(scenario, name: str, width: int = 48) -> str:
    """An axis label for parameter ``name``: its ``about`` text (what it means), with the
    name in brackets for the ``--set``/``--vary`` flags; the bare name when it has no ``about``."""
    about = ""
    for p in getattr(scenario, "parameters", ()) or ():
        if getattr(p, "name", None) == name:
            about = " ".join((getattr(p, "about", "") or "").split())
    if not about:
        return name
    return wrap_title(f"{about} ({name})", width)


def wrap_title(text: str, width: int = 62) -> str:
    """A long title broken over lines so it stays inside the figure."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text
