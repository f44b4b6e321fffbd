"""Checks and repairs of a chart's layout: text that leaves the figure, labels that overlap.

:func:`layout_problems` renders a figure off screen (Agg) and lists every piece of text that is
drawn outside the figure, and (for the axes named) every two labels that overlap.
:func:`fit_text` repairs the common cases before a chart is returned: a title wider than the
figure is wrapped, and the figure grows so that everything drawn stays inside it.
Tick labels of ticks outside the axes' limits are not drawn, so they are not counted.
"""

from __future__ import annotations

import textwrap
from typing import Any

__all__ = ["drawn_texts", "fit_text", "layout_problems", "overlaps", "renderer_of", "unstack"]

#: pixels a box may cross the figure's edge or its neighbour before it counts (anti-aliasing)
SLACK = 1.0


def renderer_of(fig: Any) -> Any:
    """Draw ``fig`` with Agg (whatever its canvas) and return the renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _tick_texts(fig: Any) -> tuple[set[int], list[Any]]:
    """Every tick label's id, and the tick labels that are drawn (ticks inside the limits)."""
    every: set[int] = set()
    drawn: list[Any] = []
    for ax in fig.get_axes():
        for axis in (ax.xaxis, ax.yaxis):
            ticks = axis.get_major_ticks() + axis.get_minor_ticks()
            for t in ticks:
                every.update((id(t.label1), id(t.label2)))
            if not (ax.get_visible() and ax.axison and axis.get_visible()):
                continue
            for t in axis._update_ticks():  # the ticks inside the view limits
                drawn.extend(x for x in (t.label1, t.label2) if x.get_visible())
    return every, drawn


def drawn_texts(fig: Any, renderer: Any = None) -> list[tuple[Any, Any]]:
    """``(text artist, window extent)`` of every non-empty text that is drawn."""
    from matplotlib.text import Text

    renderer = renderer or renderer_of(fig)
    ticks, drawn_ticks = _tick_texts(fig)
    out = []
    for t in fig.findobj(Text):
        if id(t) in ticks or not t.get_visible() or not t.get_text().strip():
            continue
        if not _shown(t):
            continue
        out.append((t, t.get_window_extent(renderer)))
    for t in drawn_ticks:
        if t.get_text().strip():
            out.append((t, t.get_window_extent(renderer)))
    return out


def _shown(artist: Any) -> bool:
    """Whether the text is drawn: it, its axes and its legend (if any) are visible."""
    if artist.axes is not None and not artist.axes.get_visible():
        return False
    parent = getattr(artist, "_parent_legend", None)
    return parent is None or parent.get_visible()


def _outside(fig: Any, bb: Any) -> bool:
    w, h = fig.bbox.width, fig.bbox.height
    return bb.x0 < -SLACK or bb.y0 < -SLACK or bb.x1 > w + SLACK or bb.y1 > h + SLACK


def overlaps(boxes: list[tuple[Any, Any]]) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap (by more than :data:`SLACK` pixels each way)."""
    out = []
    for i, (ta, a) in enumerate(boxes):
        for tb, b in boxes[i + 1 :]:
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            dy = min(a.y1, b.y1) - max(a.y0, b.y0)
            if dx > SLACK and dy > SLACK:
                out.append((ta.get_text(), tb.get_text()))
    return out


def layout_problems(fig: Any, *, no_overlap: tuple[Any, ...] = ()) -> list[str]:
    """Sentences naming each text drawn outside the figure, and each two overlapping texts
    among those drawn in the axes ``no_overlap`` (their titles left out)."""
    renderer = renderer_of(fig)
    boxes = drawn_texts(fig, renderer)
    problems = [
        f"{t.get_text()[:50]!r} leaves the figure ({bb.x0:.0f}, {bb.y0:.0f}, {bb.x1:.0f}, "
        f"{bb.y1:.0f} in {fig.bbox.width:.0f}x{fig.bbox.height:.0f})"
        for t, bb in boxes
        if _outside(fig, bb)
    ]
    for ax in no_overlap:
        titles = {id(ax.title), id(ax._left_title), id(ax._right_title)}
        inside = [(t, bb) for t, bb in boxes if t.axes is ax and id(t) not in titles]
        problems.extend(f"{a!r} overlaps {b!r}" for a, b in overlaps(inside))
    return problems


def _wrap_to(text: Any, width_px: float, renderer: Any) -> None:
    """Re-wrap ``text`` so that its box is at most ``width_px`` wide."""
    bb = text.get_window_extent(renderer)
    content = " ".join(text.get_text().split())
    if bb.width <= width_px or not content:
        return
    longest = max(len(line) for line in text.get_text().splitlines())
    chars = max(12, int(longest * width_px / bb.width) - 1)
    text.set_text("\n".join(textwrap.wrap(content, chars, break_long_words=False)))


def fit_text(fig: Any) -> Any:
    """Keep every text inside ``fig``: titles and figure texts wider than the figure are
    wrapped, then the figure is enlarged by what still sticks out (its axes keep their size in
    inches and move with it).  Returns ``fig``."""
    renderer = renderer_of(fig)
    width = fig.bbox.width * 0.96
    for ax in fig.get_axes():
        for t in (ax.title, ax._left_title, ax._right_title):
            if t.get_text():
                _wrap_to(t, width, renderer)
        if ax.xaxis.label.get_text():
            _wrap_to(ax.xaxis.label, max(ax.bbox.width, width * 0.6), renderer)
        if ax.yaxis.label.get_text():
            _wrap_to(ax.yaxis.label, max(ax.bbox.height, fig.bbox.height * 0.6), renderer)
    for t, _ in drawn_texts(fig, renderer):
        if t.get_rotation() == 0:  # a text wider than the figure, wherever it is
            _wrap_to(t, width, renderer)
    if getattr(fig, "_suptitle", None) is not None:
        _wrap_to(fig._suptitle, width, renderer)
    renderer = renderer_of(fig)
    boxes = [bb for _, bb in drawn_texts(fig, renderer)]
    if not boxes:
        return fig
    w, h = fig.bbox.width, fig.bbox.height
    pad = 4.0
    left = max(0.0, -min(b.x0 for b in boxes) + pad if min(b.x0 for b in boxes) < 0 else 0.0)
    bottom = max(0.0, -min(b.y0 for b in boxes) + pad if min(b.y0 for b in boxes) < 0 else 0.0)
    right = max(0.0, max(b.x1 for b in boxes) - w + pad if max(b.x1 for b in boxes) > w else 0.0)
    top = max(0.0, max(b.y1 for b in boxes) - h + pad if max(b.y1 for b in boxes) > h else 0.0)
    if not (left or bottom or right or top):
        return fig
    _grow(fig, left, bottom, right, top)
    return fig


def _grow(fig: Any, left: float, bottom: float, right: float, top: float) -> None:
    """Enlarge the figure by the given pixels on each side, keeping every axes where it is
    drawn now (the layout engine, having done its part, is switched off)."""
    w, h = fig.bbox.width, fig.bbox.height
    dpi = fig.dpi
    positions = [(ax, ax.get_position(original=False)) for ax in fig.get_axes()]
    fig.set_layout_engine("none")
    nw, nh = w + left + right, h + bottom + top
    fig.set_size_inches(nw / dpi, nh / dpi)
    for ax, pos in positions:
        x0 = (pos.x0 * w + left) / nw
        y0 = (pos.y0 * h + bottom) / nh
        ax.set_position([x0, y0, pos.width * w / nw, pos.height * h / nh])
    for t in fig.texts:  # figure texts in figure fractions: keep their place in pixels
        if t.get_transform() == fig.transFigure:
            x, y = t.get_position()
            t.set_position(((x * w + left) / nw, (y * h + bottom) / nh))
    for leg in fig.legends:
        anchor = leg.get_bbox_to_anchor()
        if anchor is not None:
            b = anchor.transformed(fig.transFigure.inverted())
            leg.set_bbox_to_anchor(
                [
                    (b.x0 * w + left) / nw,
                    (b.y0 * h + bottom) / nh,
                    b.width * w / nw,
                    b.height * h / nh,
                ],
                transform=fig.transFigure,
            )


def unstack(texts: list[Any], fig: Any, *, gap: float = 2.0, tries: int = 8) -> None:
    """Move apart labels that overlap: each annotation placed in points from its anchor
    (``textcoords="offset points"``) that overlaps one placed before it is raised, one line
    at a time, until it overlaps none (at most ``tries`` lines).  Labels are taken left to
    right, so neighbouring thresholds form a staircase instead of a smudge."""
    from matplotlib.text import Annotation

    if len(texts) < 2:
        return
    renderer = renderer_of(fig)
    order = sorted(texts, key=lambda t: t.get_window_extent(renderer).x0)
    placed: list[Any] = []
    for t in order:
        bb = t.get_window_extent(renderer)
        movable = isinstance(t, Annotation) and t.anncoords == "offset points"
        step = (bb.height + gap) * 72.0 / fig.dpi
        for _ in range(tries if movable else 0):
            if not any(_hit(bb, other) for other in placed):
                break
            x, y = t.xyann
            t.xyann = (x, y + step)
            bb = t.get_window_extent(renderer)
        placed.append(bb)


def _hit(a: Any, b: Any) -> bool:
    dx = min(a.x1, b.x1) - max(a.x0, b.x0)
    dy = min(a.y1, b.y1) - max(a.y0, b.y0)
    return dx > SLACK and dy > SLACK
