"""The conflict (graph model) chart: moves, equilibria and the status-quo path."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("sim.conflict")

from sim.cli import main  # noqa: E402
from sim.conflict.charts import plot_conflict  # noqa: E402
from sim.scenario import load  # noqa: E402
from tests.test_charts_render import has, render  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def test_small_model_is_drawn_whole():
    # Elmira (Kilgour, Hipel, Fang & Peng 2001): 9 states, status quo state 1
    c = load(ROOT / "scenarios/classics/elmira.yaml")
    fig = plot_conflict(c)
    texts = render(fig, tuple(fig.get_size_inches()))
    has(
        texts,
        "all 9 states",
        "status quo",
        "state 1",
        "state 9",
        "equilibrium (SEQ)",
        "path from the status quo",
        "MoE",
        "UR",
        "LG",
    )
    for d in c.dms:
        has(texts, d.name)
    # Elmira's outcome 8 is reached only by the joint move of MoE and UR (Kilgour et al. 2001)
    has(texts, "joint move of a coalition", "MoE + UR", "reachable once coalitions move too: 8")


def test_large_model_is_cut_to_the_reachable_states():
    c = load(ROOT / "scenarios/korea_conflict.yaml")
    from sim.conflict import status_quo_paths

    reachable = status_quo_paths(c).paths
    texts = render(plot_conflict(c, concept="nash"))
    has(
        texts,
        f"the {len(reachable)} states reachable from the status quo (of {c.n_states})",
        "equilibrium (Nash (R))",
    )
    for s in reachable:
        has(texts, f"state {s + 1}")


def test_unknown_concept_is_refused():
    with pytest.raises(ValueError):
        plot_conflict(load(ROOT / "tests/data/valid/conflict_chicken.yaml"), concept="xyz")


def test_cli_conflict_chart(tmp_path):
    out = tmp_path / "moves.png"
    assert main(["plot", "korea_conflict", "--chart", "conflict", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")
    assert main(["plot", "korea_conflict", "--chart", "matrix", "-o", str(tmp_path / "x.png")]) == 1


def test_sim_concepts_and_settings_reach_the_chart(tmp_path):
    """--concept sim/seqsim and --convention/--simultaneous work for the conflict chart (the
    note names the settings used) and are refused for other charts."""
    c = load(ROOT / "scenarios/classics/cuban_missile_crisis.yaml")
    texts = render(plot_conflict(c, concept="seqsim", simultaneous="group", convention="single"))
    has(texts, "equilibrium (SEQ&SIM)", "stability convention: single", "simultaneous moves: group")
    out = tmp_path / "cuban.png"
    assert (
        main(
            [
                "plot",
                "classics/cuban_missile_crisis",
                "--chart",
                "conflict",
                "--concept",
                "sim",
                "--simultaneous",
                "group",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert out.read_bytes().startswith(b"\x89PNG")
    assert (
        main(
            [
                "plot",
                "classics/chicken",
                "--chart",
                "matrix",
                "--convention",
                "single",
                "-o",
                str(tmp_path / "x.png"),
            ]
        )
        == 1
    )
    assert not (tmp_path / "x.png").exists()
