"""Every chart renders (Agg) to a non-empty image of the expected size, with the expected labels
among the figure's text objects."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from sim.game import Game
from sim.results import SolveResult
from sim.scenario import build, load
from sim.sweep import parse_vary, sweep

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def freeze_scn():
    return load(ROOT / "tests/data/valid/freeze_textbook.yaml")


@pytest.fixture(scope="module")
def freeze(freeze_scn):
    return build(freeze_scn)


def render(fig: Figure, size: tuple[float, float] | None = None):
    """Draw with Agg; check size and that something other than white was drawn; return texts."""
    assert isinstance(fig, Figure)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    w, h = canvas.get_width_height()
    if size is not None:
        assert (w, h) == (round(size[0] * fig.dpi), round(size[1] * fig.dpi))
    rgba = np.asarray(canvas.buffer_rgba())
    assert rgba.shape == (h, w, 4)
    nonwhite = (rgba[..., :3] < 250).any(axis=-1).mean()
    assert nonwhite > 0.02, "the image is (nearly) blank"
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible()]


def has(texts, *needles):
    joined = "\n".join(texts)
    for n in needles:
        assert n in joined, f"{n!r} not among the figure's texts"


def test_matrix_two_players(freeze):
    from sim.normal_form.charts.matrix import plot_matrix

    fig = plot_matrix(freeze)
    texts = render(fig, tuple(fig.get_size_inches()))
    has(
        texts,
        "suspend",
        "pressure",
        "freeze",
        "test",
        "United States",
        "North Korea",
        "Freeze-for-freeze",
        "best response",
        "pure equilibrium",
        "mixed equilibrium",
        "suspend 2/3",
        "freeze 3/4",
    )
    # payoffs at (suspend, freeze) are 7 and 6 with the defaults
    assert "7" in texts and "6" in texts


def test_matrix_three_players():
    from sim.normal_form.charts.matrix import plot_matrix

    game = build(load(ROOT / "scenarios/secondary_sanctions.yaml"))
    fig = plot_matrix(game)
    texts = render(fig)
    has(
        texts,
        "North Korea: freeze",
        "North Korea: expand",
        "no_sanctions",
        "secondary",
        "pressure",
        "shield",
        "United States",
        "China",
    )
    assert len(fig.axes) == 2


def test_matrix_into_given_axes(freeze):
    from sim.normal_form.charts.matrix import plot_matrix

    fig = Figure(figsize=(6, 6))
    ax = fig.add_subplot()
    assert plot_matrix(freeze, ax=ax) is fig
    render(fig, (6, 6))


def test_best_response(freeze, freeze_scn):
    from sim.normal_form.charts.best_response import plot_best_response

    texts = render(plot_best_response(freeze), (7.5, 7.0))
    has(
        texts,
        "suspend, freeze",
        "pressure, test",
        "mixed: US suspend 2/3,\nDPRK freeze 3/4",
        "best response of United States",
        "best response of North Korea",
        "3 equilibria",
    )
    # degenerate point: a continuum is drawn and named
    texts = render(plot_best_response(build(freeze_scn, {"drill_value": 3})))
    has(texts, "a continuum of equilibria")
    with pytest.raises(ValueError):
        plot_best_response(build(load(ROOT / "scenarios/secondary_sanctions.yaml")))


def test_equilibrium_map_one_parameter(freeze_scn):
    from sim.charts.equilibrium_map import plot_equilibrium_map

    result = sweep(freeze_scn, dict([parse_vary("drill_value=0:6:25")]))
    fig = plot_equilibrium_map(result)
    texts = render(fig, tuple(fig.get_size_inches()))
    has(
        texts,
        "drill_value = 3",
        "suspend, freeze",
        "pressure, test",
        "equilibrium payoff",
        "United States",
        "North Korea",
        "drill_value",
    )


def test_equilibrium_map_two_parameters(freeze_scn):
    from sim.charts.equilibrium_map import plot_equilibrium_map

    result = sweep(
        freeze_scn, dict([parse_vary("drill_value=0:10:21"), parse_vary("test_value=0:10:21")])
    )
    texts = render(plot_equilibrium_map(result), (11.5, 7.0))
    has(
        texts,
        "drill_value = 3",
        "test_value = 3",
        "pressure, test",
        "suspend, freeze +",
        "drill_value",
        "test_value",
        "deal_bonus = 3",
    )


def test_compare(freeze, freeze_scn):
    from sim.normal_form.charts.compare import plot_compare

    texts = render(plot_compare(freeze))
    has(texts, "United States", "North Korea", "suspend, freeze", "4.25", "(efficient)")
    g4 = build(freeze_scn, {"drill_value": 4})
    texts = render(plot_compare([("drill 2", freeze, None), ("drill 4", g4, None)]))
    has(texts, "drill 2", "drill 4", "across scenarios")


@pytest.mark.parametrize("method", ["replicator", "fictitious-play"])
def test_dynamics_unit_square(freeze, method):
    from sim.normal_form.charts.dynamics import plot_dynamics

    texts = render(plot_dynamics(freeze, method), (7.5, 7.2))
    has(
        texts,
        "probability North Korea plays freeze",
        "probability United States plays suspend",
        "replicator dynamics" if method == "replicator" else "fictitious play",
    )


@pytest.mark.parametrize("method", ["replicator", "fictitious-play"])
def test_dynamics_simplex(method):
    from sim.normal_form.charts.dynamics import plot_dynamics

    A = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    rps = Game.from_bimatrix(
        A, A.T, strategies=(("rock", "paper", "scissors"),) * 2, title="Rock-paper-scissors"
    )
    texts = render(plot_dynamics(rps, method), (7.5, 7.0))
    has(texts, "rock", "paper", "scissors", "Rock-paper-scissors")


def test_dynamics_trajectories_converge(freeze):
    from sim.normal_form.charts.dynamics import fictitious_play_symmetric, replicator_2x2

    # Stag Hunt: from near mutual freeze the replicator goes to (suspend, freeze) = (1, 1)
    end = replicator_2x2(freeze, np.array([[0.9, 0.9]]), t_max=200)[-1, 0]
    assert end == pytest.approx([1, 1], abs=1e-3)
    # fictitious play in rock-paper-scissors converges to (1/3, 1/3, 1/3) (Robinson 1951)
    A = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], dtype=float)
    end = fictitious_play_symmetric(A, np.array([[0.8, 0.1, 0.1]]), rounds=20000)[-1, 0]
    assert end == pytest.approx([1 / 3] * 3, abs=0.02)


@pytest.mark.parametrize("shape", ["points", "columns"])
def test_qre_branch(freeze, shape):
    from sim.normal_form.charts.qre import plot_qre

    lams = np.linspace(0, 5, 20)
    profiles = [
        [[0.5 + 0.1 * k / 20, 0.5 - 0.1 * k / 20], [0.5 + 0.4 * k / 20, 0.5 - 0.4 * k / 20]]
        for k in range(20)
    ]
    if shape == "points":
        branch = [{"lambda": float(lv), "profile": p} for lv, p in zip(lams, profiles)]
    else:
        branch = {"lambda": list(lams), "profiles": [sum(p, []) for p in profiles]}
    res = SolveResult(
        method="logit-qre", equilibria=(), status="partial", details={"qre_branch": branch}
    )
    texts = render(plot_qre(freeze, res), (9.5, 5.8))
    has(
        texts,
        "United States: suspend",
        "North Korea: test",
        "logit QRE branch",
        "end of the branch",
    )


def test_kind_charts_draw_from_a_result(freeze_scn):
    """Every normal-form chart is registered on the kind and draws from an analysed result;
    the default chart is the payoff matrix."""
    from sim import contract

    result = contract.analyse(freeze_scn)
    spec = contract.get_kind(result)
    assert spec.default_chart == "matrix"
    assert set(spec.charts) == {"matrix", "best-response", "dynamics", "qre", "compare"}
    has(render(contract.draw(result)), "Freeze-for-freeze", "best response")
    has(render(contract.draw(result, "best-response")), "3 equilibria")
    has(render(contract.draw(result, "dynamics", dynamics="fictitious-play")), "fictitious play")
    has(render(contract.draw(result, "qre")), "logit QRE branch")
    has(
        render(contract.draw(result, "compare", case=["drill_value=2", "drill_value=4"])),
        "drill_value=2",
        "drill_value=4",
        "as parameters change",
    )


def test_best_response_chart_says_where_it_applies():
    from sim import contract
    from sim.scenario import ScenarioError

    result = contract.analyse(load(ROOT / "scenarios/secondary_sanctions.yaml"))
    with pytest.raises(ScenarioError, match="2x2"):
        contract.draw(result, "best-response")
    assert contract.get_kind(result).handout_charts == ("matrix", "best-response")
