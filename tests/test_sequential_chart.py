"""The tree chart: a pure function returning a Figure, with the equilibrium path in bold."""

from __future__ import annotations

from pathlib import Path

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from sim.scenario import load  # noqa: E402
from sim.sequential import analyse, build_tree  # noqa: E402
from sim.sequential.charts import _bold_edges, plot_tree, tree_layout  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def test_guarantee_chart_bold_path_and_labels():
    res = analyse(load(ROOT / "scenarios" / "security_guarantee.yaml"))
    tree = res.tree
    bold = _bold_edges(tree, res)
    named = {(tree.nodes[k].name, tree.nodes[k].moves[m]) for k, m in bold}
    assert named == {
        ("root", "multilateral"),
        ("DPRK facing a US-China guarantee", "transfer"),
        ("US after a transfer (US-China guarantee)", "honour"),
    }
    fig = plot_tree(tree, res)
    assert isinstance(fig, Figure)
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"multilateral", "honour", "US", "DPRK"} <= texts
    assert "US 5\nDPRK 4" in texts  # payoffs at the leaves
    widths = sorted({round(line.get_linewidth(), 1) for line in fig.axes[0].lines})
    assert widths[-1] == 3.0  # the path is drawn bold


def test_signalling_chart_draws_information_sets_and_chance():
    res = analyse(load(ROOT / "scenarios" / "summit_types.yaml"))
    fig = Figure()
    ax = fig.add_subplot()
    out = plot_tree(res.tree, res, ax=ax)
    assert out is fig
    texts = {t.get_text() for t in ax.texts}
    assert {"chance", "earnest (1/2)", "after_demolition", "after_words"} <= texts
    # one dashed link per pair of nodes in an information set
    dashed = [c for c in ax.get_children() if type(c).__name__ == "Annotation"]
    assert len(dashed) == 2


def test_layout_centres_parents_over_children():
    tree = build_tree(load(ROOT / "tests" / "data" / "valid" / "sequential_entry.yaml"))
    pos = tree_layout(tree)
    assert [pos[k] for k in tree.leaves()] == [(0.0, -1.0), (1.0, -2.0), (2.0, -2.0)]
    assert pos[0] == (0.75, 0.0)


def test_drawing_trees_leaves_no_figures_in_pyplot():
    """Charts build a bare Figure: drawing many trees (a loop, a notebook) must not pile figures
    up in pyplot's registry, which keeps every figure it made alive until closed."""
    import matplotlib.pyplot as plt

    from sim import contract

    res = analyse(load(ROOT / "scenarios" / "security_guarantee.yaml"))
    before = len(plt.get_fignums())
    for _ in range(5):
        assert isinstance(plot_tree(res.tree, res), Figure)
        assert isinstance(contract.draw(res), Figure)
    assert len(plt.get_fignums()) == before
