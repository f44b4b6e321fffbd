"""Every chart of every bundled scenario keeps its text inside the figure; a tree's labels never
overlap; a player keeps one colour in every chart."""

from __future__ import annotations

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from sim import contract  # noqa: E402
from sim.bundled import bundled_names, load  # noqa: E402
from sim.charts.layout import drawn_texts, fit_text, layout_problems  # noqa: E402
from sim.charts.style import PLAYER_COLORS, player_color, player_colors  # noqa: E402
from sim.scenario import ScenarioError  # noqa: E402
from sim.scenario import load as load_file  # noqa: E402


def _charts(result):
    """``(name, figure)`` of each chart of the result's kind that applies to it."""
    spec = contract.get_kind(result)
    for name in spec.charts:
        try:
            yield name, contract.draw(result, name)
        except ScenarioError:
            continue  # a chart that does not apply to this scenario says so, and is left out


@pytest.mark.parametrize("name", bundled_names())
def test_every_chart_of_every_bundled_scenario_fits(name):
    result = contract.analyse(load(name))
    drawn = 0
    for chart, fig in _charts(result):
        assert isinstance(fig, Figure)
        tree_axes = tuple(fig.get_axes()[:1]) if chart == "tree" else ()
        problems = layout_problems(fig, no_overlap=tree_axes)
        assert not problems, f"{name} --chart {chart}: {problems}"
        drawn += 1
    assert drawn >= 1


THREE_PLAYER_TREE = """\
format: negsim/1
kind: sequential
title: Three-party disarmament step
summary: The DPRK dismantles or keeps going; the US and China answer in turn.
sources:
  - "A test tree whose sibling moves have long names"
players:
  DPRK: DPRK
  US: United States
  China: China
tree:
  player: DPRK
  moves:
    dismantle:
      player: US
      moves:
        reward: {payoffs: [2, 1, 1]}
        hold_back:
          player: China
          moves:
            support: {payoffs: [1, 0, 1]}
            keep_going: {payoffs: [0, 0, 0]}
    keep_going:
      player: China
      moves:
        dismantle: {payoffs: [1, 1, 0]}
        keep_going: {payoffs: [1, 1, 0]}
"""


def test_tree_labels_never_overlap_and_off_path_choices_are_marked(tmp_path):
    path = tmp_path / "three.yaml"
    path.write_text(THREE_PLAYER_TREE, encoding="utf-8")
    result = contract.analyse(load_file(path))
    fig = contract.draw(result, "tree")
    ax = fig.get_axes()[0]
    assert layout_problems(fig, no_overlap=(ax,)) == []
    labels = [t.get_text() for t, _ in drawn_texts(fig) if t.axes is ax]
    assert labels.count("keep_going") == 3 and labels.count("dismantle") == 2
    # the path (dismantle, reward) is solid and bold; China's choices off the path are dashed
    solid = [ln for ln in ax.lines if ln.get_linewidth() == 3.0]
    dashed = [ln for ln in ax.lines if ln.get_linewidth() == 1.8]
    assert len(solid) == 2 and len(dashed) == 2
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["equilibrium path", "choice off the path"]


def test_fit_text_wraps_a_long_title_and_keeps_the_size_when_nothing_sticks_out():
    fig = Figure(figsize=(4, 3), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title("a very long title " * 8)
    fit_text(fig)
    assert "\n" in ax.get_title() and layout_problems(fig) == []
    small = Figure(figsize=(4, 3), layout="constrained")
    small.add_subplot().set_title("short")
    fit_text(small)
    assert tuple(small.get_size_inches()) == (4.0, 3.0)


def test_fit_text_grows_the_figure_to_hold_a_label_outside_it():
    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.text(1.3, 0.5, "outside", transform=ax.transAxes)
    assert layout_problems(fig)
    fit_text(fig)
    assert layout_problems(fig) == []
    assert fig.get_size_inches()[0] > 4.0


def test_a_player_keeps_its_colour_in_every_chart_and_scenario():
    assert player_colors(["DPRK", "US"]) == player_colors(["United States", "North Korea"])[::-1]
    dprk = player_colors(["US", "DPRK"])[1]
    assert player_colors(["North Korea", "United States (guarantor)", "China"])[0] == dprk
    # no two players share a colour while the palette lasts, whatever their names
    names = [f"party {k}" for k in range(len(PLAYER_COLORS) - 1)]
    assert len(set(player_colors(names))) == len(names)
    assert player_color(1, ["US", "DPRK"]) == dprk
    # the tree of summit_types (DPRK moves first) and the matrix of freeze_for_freeze (the DPRK
    # is the column player) draw the DPRK in one colour
    tree = contract.draw(contract.analyse(load("summit_types")), "tree")
    node_colours = {
        t.get_text(): matplotlib.colors.to_hex(t.get_color())
        for t in tree.get_axes()[0].texts
        if t.get_text() in ("DPRK", "US")
    }
    assert node_colours["DPRK"] == dprk.lower()
    matrix = contract.draw(contract.analyse(load("freeze_for_freeze")), "matrix")
    xlabel = matrix.get_axes()[0].xaxis.label
    assert xlabel.get_text() == "North Korea"
    assert matplotlib.colors.to_hex(xlabel.get_color()) == dprk.lower()


def test_axes_show_the_parameters_meaning():
    result = contract.analyse(load("beijing_outside_option"))
    try:
        fig = contract.draw(result, "outside-option")
    except ScenarioError:
        pytest.skip("this build's outside-option chart needs a parameter to vary")
    scenario = result.scenario
    label = " ".join(fig.get_axes()[0].get_xlabel().split())
    used = [p for p in scenario.parameters if f"({p.name})" in label]
    assert used and " ".join(used[0].about.split())[:30] in label


def test_outcome_maps_keep_their_labels_apart_and_inside():
    """The map over one or two parameters (a 3-player game over one): threshold labels that
    fall close together are staggered, the legend sits below or beside the plot, and the
    axes say what the parameters mean."""
    from sim.charts.equilibrium_map import plot_equilibrium_map
    from sim.sweep import sweep

    one = sweep(load("summit_coordination"), {"deal_value": [k for k in range(0, 11, 2)]})
    fig = plot_equilibrium_map(one)
    assert layout_problems(fig, no_overlap=tuple(fig.get_axes())) == []
    marks = [t.get_text() for t in fig.get_axes()[0].texts]
    assert len(marks) == len(set(marks))  # each threshold labelled once
    two = sweep(
        load("freeze_for_freeze"),
        {"drill_value": [0, 1, 2, 3, 4, 5, 6], "test_value": [2, 3, 4, 5, 6]},
    )
    fig = plot_equilibrium_map(two)
    assert layout_problems(fig, no_overlap=tuple(fig.get_axes())) == []
    about = {p.name: p.about for p in load("freeze_for_freeze").parameters}
    xlabel = " ".join(fig.get_axes()[0].get_xlabel().split())
    assert xlabel.endswith("(drill_value)") and " ".join(about["drill_value"].split()) in xlabel
