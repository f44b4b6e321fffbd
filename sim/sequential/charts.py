"""The sequential kind's chart: the game tree drawn with matplotlib (players, moves, chance
probabilities, information sets as dashed links, payoffs at the leaves, the equilibrium path in
bold).

``draw_tree(result) -> Figure`` is the kind's ``tree`` chart;
``plot_tree(tree, result=None, ax=None) -> Figure`` draws any tree.  ``result`` may be a
:class:`~sim.sequential.analysis.SequentialResult` (its first subgame-perfect equilibrium, else
its first Nash equilibrium, is drawn in bold), a
:class:`~sim.sequential.backward.SubgamePerfect`, or a behaviour profile
``{infoset: probabilities}``.  Figures are built with :class:`matplotlib.figure.Figure`, never
through pyplot (whose registry keeps every figure alive), and never shown or saved here.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..numbers import fmt, fmt_prob
from ..scenario.errors import Location, ScenarioError
from .tree import CHANCE, TERMINAL, Tree

__all__ = ["CHART", "draw_tree", "edge_id", "label_id", "node_id", "plot_tree", "tree_layout"]

#: the name of the kind's tree chart
CHART = "tree"


def node_id(k: int) -> str:
    """The SVG id of node ``k``'s marker (nodes numbered as in :attr:`Tree.nodes`)."""
    return f"tree-node-{k}"


def edge_id(k: int, m: int) -> str:
    """The SVG id of the line of move ``m`` at node ``k``."""
    return f"tree-edge-{k}-{m}"


def label_id(k: int, m: int) -> str:
    """The SVG id of the label of move ``m`` at node ``k``."""
    return f"tree-label-{k}-{m}"


#: the most leaves a tree chart draws (each leaf takes 1.4 inches of width)
MAX_CHART_LEAVES = 200


def tree_layout(tree: Tree) -> list[tuple[float, float]]:
    """``(x, y)`` per node: leaves evenly spaced left to right, parents centred, depth downward."""
    pos: list[tuple[float, float] | None] = [None] * len(tree.nodes)
    depth = [0] * len(tree.nodes)
    for k, n in enumerate(tree.nodes):
        for c in n.children:
            depth[c] = depth[k] + 1
    leaf_x = 0.0
    order = list(range(len(tree.nodes)))  # pre-order: leaves appear left to right
    xs: dict[int, float] = {}
    for k in order:
        if tree.nodes[k].kind == TERMINAL:
            xs[k] = leaf_x
            leaf_x += 1.0
    for k in reversed(order):
        n = tree.nodes[k]
        if n.kind != TERMINAL:
            xs[k] = sum(xs[c] for c in n.children) / len(n.children)
    for k in order:
        pos[k] = (xs[k], -float(depth[k]))
    return pos  # type: ignore[return-value]


def _bold_edges(tree: Tree, result) -> set[tuple[int, int]]:
    beh = None
    if result is None:
        return set()
    if isinstance(result, Mapping):
        beh = result
    elif hasattr(result, "choices") and hasattr(result, "path"):  # SubgamePerfect
        names = {n.name: k for k, n in enumerate(tree.nodes)}
        out = set()
        for node, mv in result.path:
            k = names[node]
            out.add((k, tree.nodes[k].moves.index(mv)))
        return out
    elif hasattr(result, "backward"):  # SequentialResult
        if result.backward is not None and result.backward.equilibria:
            return _bold_edges(tree, result.backward.equilibria[0])
        if result.spe is not None and result.spe.equilibria:
            beh = result.spe.equilibria[0][0]
        elif result.nash is not None and result.nash.behaviours:
            beh = result.nash.behaviours[0]
    if beh is None:
        return set()
    reach = [False] * len(tree.nodes)
    reach[0] = True
    out = set()
    for k, n in enumerate(tree.nodes):
        if n.kind == TERMINAL or not reach[k]:
            continue
        probs = n.probs if n.kind == CHANCE else beh.get(n.infoset)
        if probs is None:
            continue
        for m, (p, c) in enumerate(zip(probs, n.children)):
            if p != 0:
                out.add((k, m))
                reach[c] = True
    return out


def _off_path_edges(tree: Tree, result, on: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The moves the equilibrium prescribes at nodes play does not reach (what a player would
    do off the path)."""
    if result is None:
        return set()
    if hasattr(result, "backward"):  # SequentialResult: the equilibrium _bold_edges draws
        if result.backward is not None and result.backward.equilibria:
            return _off_path_edges(tree, result.backward.equilibria[0], on)
        beh = None
        if result.spe is not None and result.spe.equilibria:
            beh = result.spe.equilibria[0][0]
        elif result.nash is not None and result.nash.behaviours:
            beh = result.nash.behaviours[0]
        return _off_path_edges(tree, beh, on) if beh is not None else set()
    reached = {0} | {tree.nodes[k].children[m] for k, m in on}
    if hasattr(result, "choices"):  # SubgamePerfect
        names = {n.name: k for k, n in enumerate(tree.nodes)}
        out = set()
        for node, mv in result.choices:
            k = names[node]
            if k not in reached:
                out.add((k, tree.nodes[k].moves.index(mv)))
        return out
    if isinstance(result, Mapping):
        out = set()
        for k, n in enumerate(tree.nodes):
            if n.kind == TERMINAL or n.kind == CHANCE or k in reached:
                continue
            probs = result.get(n.infoset)
            if probs is not None:
                out.update((k, m) for m, p in enumerate(probs) if p != 0)
        return out
    return set()


def draw_tree(result, ax=None):
    """The kind's ``tree`` chart: the result's tree with its first subgame-perfect (else Nash)
    equilibrium path in bold and the equilibrium's choices off the path dashed."""
    return plot_tree(result.tree, result, ax=ax, title=result.title)


#: where along an edge (from the parent, 0, to the child, 1) a move's label may sit, best first
LABEL_SPOTS = (0.5, 0.62, 0.38, 0.72, 0.28, 0.8)


def plot_tree(tree: Tree, result=None, ax=None, *, title: str | None = None):
    """Draw ``tree`` (and the equilibrium of ``result``: its path in bold, its choices off the
    path dashed); returns the Figure.  Move labels are placed where they overlap no other
    text; a figure made here widens until they fit.  Nodes, move lines and move labels carry
    the ids :func:`node_id`, :func:`edge_id` and :func:`label_id` in an SVG of the figure (the
    seminar page highlights backward induction on them)."""
    from matplotlib.figure import Figure

    from ..charts.layout import drawn_texts, fit_text, overlaps

    n_leaves = len(tree.leaves())
    if n_leaves > MAX_CHART_LEAVES:
        raise ScenarioError(
            f"the tree has {n_leaves:,} leaves; a tree chart draws at most {MAX_CHART_LEAVES} "
            "(the report and the solution do not depend on the chart)",
            Location("--chart"),
        )
    if ax is not None:
        _draw_tree(ax, tree, result, title)
        return ax.figure
    depth = -min(y for _, y in tree_layout(tree))
    longest = max(
        [len(m) for n in tree.nodes for m in n.moves]
        + [len(p) + 6 for p in tree.players]
        + [len(p) for p in tree.players]
    )
    per_leaf = max(1.4, 0.075 * longest + 0.3)
    for attempt in range(5):
        width = max(6.0, per_leaf * n_leaves) * (1.35**attempt)
        fig = Figure(figsize=(width, max(3.5, 1.5 * (depth + 1))))
        ax = fig.add_subplot()
        _draw_tree(ax, tree, result, title)
        inside = [(t, bb) for t, bb in drawn_texts(fig) if t.axes is ax and t is not ax.title]
        if not overlaps(inside):
            break
    return fit_text(fig)


def _draw_tree(ax, tree: Tree, result, title: str | None) -> None:
    from matplotlib.lines import Line2D

    from ..charts.layout import renderer_of
    from ..charts.style import player_colors

    pos = tree_layout(tree)
    depth = -min(y for _, y in pos)
    n_leaves = len(tree.leaves())
    bold = _bold_edges(tree, result)
    off = _off_path_edges(tree, result, bold)
    colours = player_colors(tree.players)
    moves = []  # (text, (x0, y0), (x1, y1))
    for k, n in enumerate(tree.nodes):
        x0, y0 = pos[k]
        for m, c in enumerate(n.children):
            x1, y1 = pos[c]
            on = (k, m) in bold
            ax.plot(
                [x0, x1],
                [y0, y1],
                color="black" if on or (k, m) in off else "0.6",
                lw=3.0 if on else 1.8 if (k, m) in off else 1.0,
                ls=(0, (4, 2)) if (k, m) in off else "-",
                zorder=1,
                gid=edge_id(k, m),
            )
            label = n.moves[m]
            if n.kind == CHANCE:
                label += f" ({fmt_prob(n.probs[m])})"
            text = ax.text(
                (x0 + x1) / 2,
                (y0 + y1) / 2,
                label,
                ha="center",
                va="center",
                fontsize=8,
                fontweight="bold" if on else "normal",
                fontstyle="italic" if (k, m) in off else "normal",
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85),
                zorder=3,
                gid=label_id(k, m),
            )
            moves.append((text, (x0, y0), (x1, y1)))
    for k, n in enumerate(tree.nodes):
        x, y = pos[k]
        if n.kind == TERMINAL:
            pays = "\n".join(f"{p} {fmt(v)}" for p, v in zip(tree.players, n.payoffs))
            ax.text(x, y - 0.08, pays, ha="center", va="top", fontsize=8, zorder=3)
            ax.plot([x], [y], marker="o", ms=3, color="black", zorder=2, gid=node_id(k))
        elif n.kind == CHANCE:
            ax.plot([x], [y], marker="s", ms=11, mfc="white", mec="black", zorder=2, gid=node_id(k))
            ax.text(x, y + 0.12, "chance", ha="center", va="bottom", fontsize=8, style="italic")
        else:
            col = colours[n.player % len(colours)]
            ax.plot([x], [y], marker="o", ms=11, color=col, zorder=2, gid=node_id(k))
            ax.text(
                x,
                y + 0.12,
                tree.players[n.player],
                ha="center",
                va="bottom",
                fontsize=9,
                color=col,
                fontweight="bold",
            )
    multi = [(label, s) for label, s in tree.infosets.items() if len(s.members) > 1]
    for j, (label, s) in enumerate(multi):
        pts = sorted(pos[k] for k in s.members)
        col = colours[s.player % len(colours)]
        rad = 0.18 + 0.1 * (j % 3)  # arcs of different heights keep interleaved sets apart
        for a, b in zip(pts, pts[1:]):
            ax.annotate(
                "",
                xy=b,
                xytext=a,
                zorder=0,
                arrowprops=dict(
                    arrowstyle="-",
                    ls="--",
                    lw=1.2,
                    color=col,
                    connectionstyle=f"arc3,rad={-rad}",
                    shrinkA=6,
                    shrinkB=6,
                ),
            )
        (xa, ya), (xb, yb) = pts[0], pts[1]
        ax.text(
            (xa + xb) / 2,
            (ya + yb) / 2 + rad * abs(xb - xa) / 2 + 0.03,
            label,
            ha="center",
            va="bottom",
            fontsize=7,
            color=col,
            style="italic",
        )
    ax.set_xlim(-0.7, max(n_leaves - 0.3, 0.7))
    top = 0.45 + (0.35 * max(1, n_leaves / 4) if multi else 0)
    ax.set_ylim(-depth - 0.75 - 0.12 * tree.n_players, top)
    ax.axis("off")
    ax.set_title(tree.title if title is None else title)
    if bold or off:
        handles = []
        if bold:
            handles.append(Line2D([], [], color="black", lw=3.0, label="equilibrium path"))
        if off:
            handles.append(
                Line2D([], [], color="black", lw=1.8, ls=(0, (4, 2)), label="choice off the path")
            )
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 0), ncols=2, fontsize=8)
    _place_move_labels(ax, moves, renderer_of(ax.figure))


def _place_move_labels(ax, moves, renderer) -> None:
    """Slide each move's label along its edge to the first spot of :data:`LABEL_SPOTS` where
    it overlaps no text already placed (else the spot overlapping least)."""
    from ..charts.layout import SLACK

    movers = {id(t) for t, _, _ in moves}
    placed = [t.get_window_extent(renderer) for t in ax.texts if id(t) not in movers]
    placed += [
        t.get_window_extent(renderer)
        for leg in ([ax.get_legend()] if ax.get_legend() else [])
        for t in leg.get_texts()
    ]

    def overlap(a, b) -> float:
        dx = min(a.x1, b.x1) - max(a.x0, b.x0)
        dy = min(a.y1, b.y1) - max(a.y0, b.y0)
        return dx * dy if dx > SLACK and dy > SLACK else 0.0

    for text, (x0, y0), (x1, y1) in moves:
        best, best_cost = None, None
        for t in LABEL_SPOTS:
            text.set_position((x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
            bb = text.get_window_extent(renderer)
            cost = sum(overlap(bb, other) for other in placed)
            if best_cost is None or cost < best_cost:
                best, best_cost = t, cost
            if cost == 0:
                break
        text.set_position((x0 + best * (x1 - x0), y0 + best * (y1 - y0)))
        placed.append(text.get_window_extent(renderer))
