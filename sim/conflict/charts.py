"""The conflict kind's chart: each decision maker's moves as a graph over states, the
equilibria, and the path from the status quo.

``draw_conflict(result, concept="seq")`` is the kind's ``conflict`` chart;
``plot_conflict(conflict, ...)`` analyses a conflict and draws it.

Small models (up to ``max_states`` states) are drawn whole; larger ones are cut down to the
states reachable from the status quo by unilateral improvements (the part of the graph the
status-quo analysis says the conflict can move through), and the title says so.  States are laid
out in columns by the number of improving moves needed to reach them from the status quo (a
circle when there is no status quo).  Each decision maker has its colour: solid arrows are its
improvements (moves to a state it prefers), dotted arrows its other moves.  Black-edged arrows
mark shortest improvement paths from the status quo to each equilibrium it can reach.
"""

from __future__ import annotations

import textwrap
from collections import deque

import numpy as np

from ..scenario.errors import Location, ScenarioError
from .stability import CONCEPT_NAMES

__all__ = ["draw_conflict", "plot_conflict"]


def _state_text(conflict, s: int) -> str:
    bits = conflict.patterns[s]
    wild = conflict.wildcard[s]
    lines = [f"state {s + 1}"]
    for dm in conflict.dms:
        taken = [
            conflict.options[o].id + ("?" if wild[o] else "")
            for o in dm.options
            if bits[o] or wild[o]
        ]
        lines.append(f"{dm.id}: {', '.join(taken) if taken else '–'}")
    return "\n".join(w for line in lines for w in textwrap.wrap(line, 30, subsequent_indent="   "))


def _layout(
    states: list[int], start: int | None, edges, layered: bool
) -> dict[int, tuple[float, float]]:
    if not layered or start is None or start not in states:
        if start in states:  # the status quo at the top, then the others clockwise
            i = states.index(start)
            states = states[i:] + states[:i]
        k = len(states)
        ang = np.pi / 2 - 2 * np.pi * np.arange(k) / max(k, 1)
        return {s: (np.cos(a), np.sin(a)) for s, a in zip(states, ang)}
    adj: dict[int, list[int]] = {}
    for _, a, b, imp in edges:
        if imp:
            adj.setdefault(a, []).append(b)
    depth = {start: 0}
    q = deque([start])
    while q:
        s = q.popleft()
        for t in adj.get(s, []):
            if t not in depth:
                depth[t] = depth[s] + 1
                q.append(t)
    far = max(depth.values()) + 1
    cols: dict[int, list[int]] = {}
    for s in states:
        cols.setdefault(depth.get(s, far), []).append(s)
    pos = {}
    for c, members in cols.items():
        members.sort()
        n = len(members)
        for r, s in enumerate(members):
            pos[s] = (c * 1.0, (n - 1) / 2 - r)
    return pos


def plot_conflict(
    conflict,
    ax=None,
    *,
    concept: str = "seq",
    convention: str | None = None,
    simultaneous: str | None = None,
    max_states: int = 16,
):
    """Moves, equilibria (under ``concept``: nash, gmr, smr, seq, sim or seqsim) and status-quo
    paths of a conflict scenario (a :class:`sim.conflict.Conflict`).  ``convention`` and
    ``simultaneous`` override the file's settings; the chart's note names the ones used."""
    from .analysis import analyse

    # coalition moves are drawn only on charts small enough to show every state
    result = analyse(
        conflict,
        convention=convention,
        simultaneous=simultaneous,
        coalitions=conflict.n_states <= max_states,
    )
    return draw_conflict(result, ax, concept=concept, max_states=max_states)


def draw_conflict(result, ax=None, *, concept: str | None = None, max_states: int = 16):
    """The kind's ``conflict`` chart of a :class:`~sim.conflict.analysis.ConflictResult`:
    moves, equilibria under ``concept`` (default SEQ) and the paths from the status quo."""
    from ..charts.style import styled

    return styled(_draw)(result, ax, concept=concept or "seq", max_states=max_states)


def _draw(result, ax, *, concept: str, max_states: int):
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Patch

    from ..charts.style import EQ_FILL, GRID_GREY, TEXT_GREY, new_axes, player_color

    conflict = result.conflict
    if concept not in result.stability.concepts:
        raise ScenarioError(
            f"concept {concept!r} was not computed; use one of "
            f"{', '.join(result.stability.concepts)}",
            Location("--concept"),
        )
    eq = {s - 1 for s in result.equilibria(concept)}
    sq = conflict.status_quo
    k = conflict.n_states
    if k <= max_states:
        states = list(range(k))
        scope = f"all {k} states"
    elif sq is not None and result.status_quo is not None:
        states = sorted(result.status_quo.paths)
        scope = f"the {len(states)} states reachable from the status quo (of {k})"
    else:
        raise ScenarioError(
            f"{k} states are too many to draw and the scenario has no status "
            "quo to focus on; give a status quo or draw a smaller model",
            Location(result.meta.file),
        )
    keep = set(states)
    edges = []  # (dm, a, b, improvement)
    for i in range(conflict.n_dms):
        src, dst = conflict.moves[i]
        pref = conflict.preference[i]
        for a, b in zip(src.tolist(), dst.tolist()):
            if a in keep and b in keep:
                edges.append((i, a, b, bool(pref[b] > pref[a])))
    layered = len(states) < k
    pos = _layout(states, sq, edges, layered)
    # shortest improvement paths from the status quo to each reachable equilibrium
    on_path: set[tuple[int, int, int]] = set()
    reached = []
    if sq is not None and result.status_quo is not None:
        for t in sorted(eq):
            if t in result.status_quo.paths and t in keep:
                reached.append(t)
                for mover, a, b in result.status_quo.paths[t]:
                    on_path.add((mover, a, b))
    # equilibria reached only once coalitions move too: their joint steps, drawn separately
    joint_steps: set[tuple[tuple[int, ...], int, int]] = set()
    reached_jointly = []
    sqc = result.status_quo_coalitions if k <= max_states else None
    if sqc is not None:
        for t in sorted(eq):
            if t in keep and t not in reached and t in sqc.paths:
                reached_jointly.append(t)
                for mover, a, b in sqc.paths[t]:
                    if len(mover) == 1:
                        on_path.add((mover[0], a, b))
                    else:
                        joint_steps.add((mover, a, b))
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    width = 3.2 * (max(xs) - min(xs) + 1) + 3.5 if layered else 14.0
    height = 1.9 * (max(ys) - min(ys) + 1) + 2.5 if layered else 9.5
    fig, ax = new_axes(ax, (min(max(width, 9.0), 18.0), min(max(height, 6.0), 14.0)))
    boxes = {}
    for s in states:
        x, y = pos[s]
        is_eq = s in eq
        t = ax.text(
            x,
            y,
            _state_text(conflict, s),
            ha="center",
            va="center",
            fontsize=10,
            zorder=4,
            fontweight="bold" if is_eq else "normal",
            bbox=dict(
                boxstyle="round,pad=0.4",
                facecolor=EQ_FILL if is_eq else "white",
                edgecolor="black" if (is_eq or s == sq) else GRID_GREY,
                linewidth=2.5 if s == sq else (2.0 if is_eq else 1.0),
                linestyle="--" if s == sq else "-",
            ),
        )
        boxes[s] = t
        if s == sq:
            ax.annotate(
                "status quo",
                (x, y),
                xytext=(0, 48),
                textcoords="offset points",
                ha="center",
                fontsize=12,
                fontweight="bold",
                zorder=5,
            )

    def arrow(a: int, b: int, **style) -> None:
        """A move from state ``a`` to ``b``, between the two state boxes."""
        ax.add_patch(
            FancyArrowPatch(
                pos[a],
                pos[b],
                patchA=boxes[a].get_bbox_patch(),
                patchB=boxes[b].get_bbox_patch(),
                arrowstyle="-|>",
                **style,
            )
        )

    for i, a, b, imp in edges:
        if not imp and len(states) > 12:
            continue  # other moves only on small graphs, or the picture is a hairball
        if (i, a, b) in on_path:
            arrow(
                a,
                b,
                mutation_scale=24,
                connectionstyle="arc3,rad=0.12",
                color="black",
                linewidth=6.5,
                zorder=2,
            )
        arrow(
            a,
            b,
            mutation_scale=18,
            connectionstyle="arc3,rad=0.12",
            color=player_color(i, [d.name for d in conflict.dms]),
            linewidth=2.6 if imp else 1.2,
            linestyle="-" if imp else ":",
            alpha=1.0 if imp else 0.6,
            zorder=3,
        )
    for mover, a, b in sorted(joint_steps):
        arrow(
            a,
            b,
            mutation_scale=24,
            connectionstyle="arc3,rad=-0.18",
            color="black",
            linewidth=3.5,
            linestyle="--",
            zorder=3,
        )
        mx, my = (pos[a][0] + pos[b][0]) / 2, (pos[a][1] + pos[b][1]) / 2
        ax.text(
            mx,
            my,
            " + ".join(conflict.dms[i].id for i in mover),
            ha="center",
            va="center",
            fontsize=10,
            fontweight="bold",
            zorder=5,
            bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="black"),
        )
    pad_x = 0.75 if layered else 0.3
    pad_y = (0.8, 0.9) if layered else (0.25, 0.35)
    ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    ax.set_ylim(min(ys) - pad_y[0], max(ys) + pad_y[1])
    ax.axis("off")
    handles = [
        Line2D(
            [],
            [],
            color=player_color(i, [d.name for d in conflict.dms]),
            linewidth=2.6,
            label=f"{d.name} moves (solid: improves)",
        )
        for i, d in enumerate(conflict.dms)
    ]
    handles.append(
        Patch(facecolor=EQ_FILL, edgecolor="black", label=f"equilibrium ({CONCEPT_NAMES[concept]})")
    )
    if on_path:
        handles.append(Line2D([], [], color="black", linewidth=6, label="path from the status quo"))
    if joint_steps:
        handles.append(
            Line2D(
                [],
                [],
                color="black",
                linewidth=3.5,
                linestyle="--",
                label="joint move of a coalition",
            )
        )
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title("\n".join(textwrap.wrap(conflict.title, 60)) + f"\nmoves over {scope}")
    note = []
    if reached:
        note.append(
            "equilibria reachable from the status quo: " + ", ".join(str(t + 1) for t in reached)
        )
    elif sq is not None:
        note.append("no equilibrium is reachable from the status quo by improvements")
    if reached_jointly:
        note.append(
            "reachable once coalitions move too: " + ", ".join(str(t + 1) for t in reached_jointly)
        )
    note.append(f"stability convention: {result.convention}")
    if concept in ("sim", "seqsim"):
        note.append(f"simultaneous moves: {result.stability.simultaneous}")
    ax.text(
        0.0, -0.02, "\n".join(note), transform=ax.transAxes, fontsize=11, color=TEXT_GREY, va="top"
    )
    return fig
