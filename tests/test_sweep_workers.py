"""Sweeps on Dask workers: the same result as on one process, with any chunk size."""

from __future__ import annotations

import json

import pytest

from sim.cli import main
from sim.cli.common import load_scenario
from sim.sweep import sweep, to_dict

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def _same(a, b):
    a, b = to_dict(a), to_dict(b)
    a.pop("seconds")
    b.pop("seconds")
    return a == b


def _grid(lo, hi, n):
    return [lo + (hi - lo) * k / (n - 1) for k in range(n)]


@pytest.mark.parametrize("chunk", [1, 7, 1000])
def test_a_2x2_map_is_the_same_on_workers(client, chunk):
    scn = load_scenario("freeze_for_freeze")
    vary = {"drill_value": _grid(0, 6, 13), "test_value": _grid(0, 6, 9)}
    local = sweep(scn, vary)
    spread = sweep(scn, vary, client=client, chunk_points=chunk)
    assert _same(local, spread)
    assert [t.text for t in spread.thresholds] == [t.text for t in local.thresholds]
    assert spread.stats["closed_form_points"] == local.stats["closed_form_points"]


def test_three_players_and_exact_solves_on_workers(client):
    scn = load_scenario("freeze_for_freeze_enforcer")
    name = scn.parameters[0].name
    p = scn.parameters[0]
    vary = {name: _grid(float(p.min), float(p.max), 21)}
    local = sweep(scn, vary)
    spread = sweep(scn, vary, client=client, chunk_points=4)
    assert _same(local, spread)
    assert spread.method == local.method


def test_a_sequential_sweep_bisects_on_workers(client):
    scn = load_scenario("security_guarantee")
    vary = {"renege_gain": _grid(0, 10, 11)}
    local = sweep(scn, vary)
    spread = sweep(scn, vary, client=client, chunk_points=3)
    assert _same(local, spread)
    (t,) = spread.thresholds
    assert t.exact == "4" and t.parameter == "renege_gain"


def test_cli_workers_2_is_the_same_as_without(capsys):
    argv = ["sweep", "freeze_for_freeze", "--vary", "breakdown_risk=0:1:25", "--json"]
    assert main(argv) == 0
    one = json.loads(capsys.readouterr().out)
    assert main([*argv, "--workers", "2"]) == 0
    two = json.loads(capsys.readouterr().out)
    one.pop("seconds")
    two.pop("seconds")
    assert one == two
    assert [t["exact"] for t in one["thresholds"]]


def test_unreachable_scheduler_exit_1_nothing_written(capsys, tmp_path):
    png, csv_path = tmp_path / "map.png", tmp_path / "rows.csv"
    code = main(
        [
            "sweep",
            "freeze_for_freeze",
            "--vary",
            "drill_value=0:6:7",
            "--scheduler",
            "tcp://127.0.0.1:9",
            "-o",
            str(png),
            "--csv",
            str(csv_path),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
    assert "Traceback" not in err and out == ""
    assert list(tmp_path.iterdir()) == []


def test_workers_below_one_is_an_error(capsys):
    code = main(["sweep", "freeze_for_freeze", "--vary", "drill_value=0:6:7", "--workers", "0"])
    _, err = capsys.readouterr()
    assert code == 1 and "--workers 0: give at least 1" in err
