"""Sizes are refused early, with the size and the limit, in seconds and under a memory cap."""

from __future__ import annotations

import subprocess
import time

import pytest

from sim.cli import main
from sim.conflict.model import MAX_OPTIONS
from sim.scenario import load, loads
from sim.scenario.errors import ScenarioError
from sim.scenario.payoffs import MAX_PAYOFF_CELLS
from sim.sequential.charts import MAX_CHART_LEAVES
from sim.sweep.grid import MAX_GRID_POINTS

from .hostile import negsim


def normal_form(players: int, strategies: int) -> str:
    lines = ["format: negsim/1", "title: big", "players:"]
    names = ", ".join(f"s{j}" for j in range(strategies))
    lines += [f"  P{i}: {{strategies: [{names}]}}" for i in range(players)]
    lines.append("payoffs:")
    lines += [f'  P{i}: "P{i}.s0 + P{(i + 1) % players}.s1"' for i in range(players)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "players, strategies, profiles",
    [(10, 10, "10,000,000,000"), (8, 10, "100,000,000"), (20, 2, "1,048,576")],
)
def test_a_huge_normal_form_game_is_refused_before_its_payoffs(players, strategies, profiles):
    start = time.perf_counter()
    with pytest.raises(ScenarioError, match=f"{profiles} strategy profiles") as err:
        loads(normal_form(players, strategies), "big.yaml")
    assert f"at most {MAX_PAYOFF_CELLS:,}" in str(err.value)
    assert err.value.problems[0].location.line == 4  # the players
    assert time.perf_counter() - start < 5


def test_a_game_inside_the_limit_is_loaded():
    scenario = loads(normal_form(8, 2), "ok.yaml")
    assert scenario.shape == (2,) * 8


def test_ten_by_ten_players_under_a_memory_cap(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text(normal_form(10, 10))
    result = negsim("run", path)
    assert result.returncode == 1
    assert f"{path}:4:" in result.stderr and "10,000,000,000" in result.stderr


def test_a_sweep_grid_product_is_bounded(capsys):
    from tests.test_cli import FF

    start = time.perf_counter()
    code = main(["sweep", FF, "--vary", "drill_value=0:6:2000", "--vary", "test_value=0:6:2000"])
    err = capsys.readouterr().err
    assert code == 1
    assert "2,000 x 2,000 = 4,000,000 points" in err
    assert f"at most {MAX_GRID_POINTS:,}" in err
    assert time.perf_counter() - start < 10


def conflict(options: int) -> str:
    half = options // 2
    a = "\n".join(f"      a{i}: {{label: a{i}}}" for i in range(half))
    b = "\n".join(f"      b{i}: {{label: b{i}}}" for i in range(options - half))
    return (
        "format: negsim/1\nkind: conflict\ntitle: big\ndecision_makers:\n"
        f"  A:\n    options:\n{a}\n  B:\n    options:\n{b}\n"
        "preferences:\n  A: {statements: [A.a0]}\n  B: {statements: [B.b0]}\nstatus_quo: []\n"
    )


def test_a_conflict_with_20_options_is_refused_at_once():
    start = time.perf_counter()
    with pytest.raises(ScenarioError, match=f"2\\^20 combinations.*at most {MAX_OPTIONS}"):
        loads(conflict(20), "c.yaml")
    assert time.perf_counter() - start < 5


def test_a_conflict_at_the_option_limit_answers_within_its_time_limit(capsys, tmp_path):
    """At the documented maximum of options the command honours --time-limit: a report
    (complete, or with what the limit cut short named as partial) or a located error at
    --time-limit, never a hang.  The bound below only guards against a hang."""
    path = tmp_path / "c.yaml"
    path.write_text(conflict(MAX_OPTIONS))
    start = time.perf_counter()
    code = main(["run", str(path), "--time-limit", "3"])
    captured = capsys.readouterr()
    assert time.perf_counter() - start < 60
    if code == 0:
        assert "Equilibria" in captured.out
    else:
        assert code == 1 and "--time-limit" in captured.err


def test_explaining_a_conflict_at_the_option_limit_stops_at_its_time_limit(capsys, tmp_path):
    """explain takes equilibria apart one by one; past --time-limit it says how many it left."""
    path = tmp_path / "c.yaml"
    path.write_text(conflict(MAX_OPTIONS))
    code = main(["explain", str(path), "--time-limit", "1"])
    captured = capsys.readouterr()
    if code == 0:
        assert "The time limit ran out here" in captured.out
    else:
        assert code == 1 and "--time-limit" in captured.err


def test_a_conflict_with_70_statements_is_ranked_exactly():
    import numpy as np

    from sim.conflict.preferences import statements_to_preference

    bits = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=bool)
    statements = [lambda b: b[:, 0]] + [lambda b: b[:, 1]] * 69
    ranks = statements_to_preference(statements, bits)
    assert ranks.tolist() == [0, 2, 1, 3]


def test_a_3000_dash_conflict_statement_is_refused():
    text = conflict(4).replace("statements: [A.a0]", "statements: [" + "-" * 3000 + "A.a0]")
    with pytest.raises(ScenarioError, match="at most 2,000"):
        loads(text, "c.yaml")


def test_a_1500_dash_conflict_statement_is_refused_by_depth():
    text = conflict(4).replace("statements: [A.a0]", "statements: [" + "-" * 1500 + "A.a0]")
    with pytest.raises(ScenarioError, match="deep"):
        loads(text, "c.yaml")


def wide_tree(leaves_log2: int) -> str:
    def node(depth: int, name: str) -> str:
        if depth == leaves_log2:
            return f"{{payoffs: [{depth}, 1]}}"
        player = "A" if depth % 2 == 0 else "B"
        return (
            f"{{player: {player}, moves: {{l{name}: {node(depth + 1, name + 'l')}, "
            f"r{name}: {node(depth + 1, name + 'r')}}}}}"
        )

    return (
        "format: negsim/1\nkind: sequential\ntitle: wide\nplayers: {A: {}, B: {}}\n"
        f"tree: {node(0, '')}\n"
    )


def test_a_tree_chart_of_512_leaves_is_refused(tmp_path, capsys):
    path = tmp_path / "wide.yaml"
    path.write_text(wide_tree(9))
    load(path)
    code = main(["plot", str(path), "-o", str(tmp_path / "t.png")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"512 leaves; a tree chart draws at most {MAX_CHART_LEAVES}" in err
    assert not (tmp_path / "t.png").exists()


def test_plot_dpi_past_the_limit_is_refused(tmp_path, capsys):
    code = main(["plot", "freeze_for_freeze", "-o", str(tmp_path / "x.png"), "--dpi", "5000"])
    assert code == 1
    assert "--dpi 5000" in capsys.readouterr().err


def test_plot_pixels_are_bounded(tmp_path, capsys):
    from matplotlib.figure import Figure

    from sim.cli.plot import MAX_PIXELS, save_figure

    fig = Figure(figsize=(100, 100))
    with pytest.raises(ScenarioError, match=f"at most {MAX_PIXELS:,}"):
        save_figure(fig, str(tmp_path / "x.png"), dpi=1200)
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize(
    "argv", [["run", "freeze_for_freeze"], ["validate", "freeze_for_freeze"], ["list"]]
)
def test_standard_output_on_dev_full_is_a_clear_error(argv):
    with open("/dev/full", "w") as full:
        result = negsim(*argv, stdout=full)
    assert result.returncode == 1
    assert "cannot write the output: No space left on device" in result.stderr
    assert "Traceback" not in result.stderr and "have problems" not in result.stderr


def test_the_subprocess_helper_caps_memory():
    result = negsim("--version")
    assert result.returncode == 0
    with pytest.raises(subprocess.TimeoutExpired):
        negsim("--version", timeout=0.001)


def test_one_vary_axis_is_bounded(capsys):
    from sim.sweep.grid import MAX_POINTS
    from tests.test_cli import FF

    code = main(["sweep", FF, "--vary", f"drill_value=0:6:{MAX_POINTS + 1}"])
    assert code == 1
    assert f"use between 2 and {MAX_POINTS} points" in capsys.readouterr().err


def test_every_limit_in_the_docs_exists_in_the_code():
    import importlib
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "limits.md").read_text()
    named = re.findall(r"`(sim(?:\.\w+)+)\.(\w+)`", text)
    assert len(named) >= 15
    for module, name in named:
        assert hasattr(importlib.import_module(module), name), f"{module}.{name}"
    for module, name, value in [
        ("sim.scenario.textfile", "MAX_FILE_BYTES", "4,000,000"),
        ("sim.scenario.yamlsrc", "MAX_DEPTH", "200"),
        ("sim.scenario.yamlsrc", "MAX_NODES", "200,000"),
        ("sim.scenario.expr", "MAX_FORMULA_LENGTH", "2,000"),
        ("sim.scenario.payoffs", "MAX_PAYOFF_CELLS", "1,000,000"),
        ("sim.sweep.grid", "MAX_GRID_POINTS", "250,000"),
        ("sim.conflict.model", "MAX_OPTIONS", "12"),
        ("sim.cli.plot", "MAX_PIXELS", "40,000,000"),
    ]:
        assert f"{getattr(importlib.import_module(module), name):,}" == value
        assert f"| {value}" in text
