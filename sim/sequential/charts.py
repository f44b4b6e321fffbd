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

__all__ = ["draw_tree", "plot_tree", "tree_layout"]


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


def draw_tree(result, ax=None):
    """The kind's ``tree`` chart: the result's tree with its first subgame-perfect (else Nash)
    equilibrium path in bold."""
    return plot_tree(result.tree, result, ax=ax, title=result.title)


def plot_tree(tree: Tree, result=None, ax=None, *, title: str | None = None):
    """Draw ``tree`` (and the equilibrium path of ``result`` in bold); returns the Figure."""
    import matplotlib
    from matplotlib.figure import Figure

    n_leaves = len(tree.leaves())
    if n_leaves > MAX_CHART_LEAVES:
        raise ScenarioError(
            f"the tree has {n_leaves:,} leaves; a tree chart draws at most {MAX_CHART_LEAVES} "
            "(the report and the solution do not depend on the chart)",
            Location("--chart"),
        )
    pos = tree_layout(tree)
    depth = -min(y for _, y in pos)
    if ax is None:
        fig = Figure(figsize=(max(6.0, 1.4 * n_leaves), max(3.5, 1.5 * (depth + 1))))
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    bold = _bold_edges(tree, result)
    colours = matplotlib.rcParams["axes.prop_cycle"].by_key().get("color", ["C0", "C1", "C2", "C3"])
    for k, n in enumerate(tree.nodes):
        x0, y0 = pos[k]
        for m, c in enumerate(n.children):
            x1, y1 = pos[c]
            on = (k, m) in bold
            ax.plot(
                [x0, x1], [y0, y1], color="black" if on else "0.55", lw=3.0 if on else 1.0, zorder=1
            )
            label = n.moves[m]
            if n.kind == CHANCE:
                label += f" ({fmt_prob(n.probs[m])})"
            ax.text(
                (x0 + x1) / 2,
                (y0 + y1) / 2,
                label,
                ha="center",
                va="center",
                fontsize=8,
                fontweight="bold" if on else "normal",
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85),
                zorder=3,
            )
    for k, n in enumerate(tree.nodes):
        x, y = pos[k]
        if n.kind == TERMINAL:
            pays = "\n".join(f"{p} {fmt(v)}" for p, v in zip(tree.players, n.payoffs))
            ax.text(x, y - 0.08, pays, ha="center", va="top", fontsize=8, zorder=3)
            ax.plot([x], [y], marker="o", ms=3, color="black", zorder=2)
        elif n.kind == CHANCE:
            ax.plot([x], [y], marker="s", ms=11, mfc="white", mec="black", zorder=2)
            ax.text(x, y + 0.12, "chance", ha="center", va="bottom", fontsize=8, style="italic")
        else:
            col = colours[n.player % len(colours)]
            ax.plot([x], [y], marker="o", ms=11, color=col, zorder=2)
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
    return fig
