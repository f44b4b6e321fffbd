"""`negsim robust --move-order`: robustness of the game played in turn (a kind option)."""

from __future__ import annotations

import csv
import json
from fractions import Fraction

import pytest

from sim import contract
from sim.cli import main
from sim.cli.common import load_scenario

ARGS = ["robust", "freeze_for_freeze", "--draws", "60", "--seed", "7", "--no-sensitivity"]


def _json(capsys, *extra: str) -> dict:
    assert main([*ARGS, *extra, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _share(d: dict, label: str) -> float:
    return next((o["probability"] for o in d["outcomes"] if o["label"] == label), 0.0)


def test_each_draw_counts_the_subgame_perfect_path(capsys, tmp_path):
    rows_file = tmp_path / "draws.csv"
    d = _json(capsys, "--move-order", "US,DPRK", "--csv", str(rows_file))
    assert d["draws"] == 60
    assert any("--move-order US,DPRK" in n for n in d["notes"])
    scenario = load_scenario("freeze_for_freeze")
    with rows_file.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 60
    names = [p.name for p in scenario.parameters]
    for row in rows[:8]:
        point = {n: Fraction(row[n]) for n in names if n in row}
        result = contract.analyse(scenario, point, move_order="US,DPRK")
        assert row["outcomes"] == "; ".join(contract.outcomes(result))
        # in turn the game has one path per draw (no ties at drawn values), never a mixed one
        assert len(contract.outcomes(result)) == 1
    # one path per draw: the shares add up to one
    assert sum(o["probability"] for o in d["outcomes"]) == pytest.approx(1.0)


def test_the_order_changes_the_counts(capsys):
    plain = _json(capsys)
    ordered = _json(capsys, "--move-order", "US,DPRK")
    # simultaneous play: mutual pressure is an equilibrium in most draws, and a mixed one exists
    assert any(o["label"].startswith("mixed") for o in plain["outcomes"])
    assert not any(o["label"].startswith("mixed") for o in ordered["outcomes"])
    # the US moving first and seen removes the assurance problem wherever the freeze is stable
    assert _share(ordered, "suspend, freeze") >= _share(plain, "suspend, freeze")
    assert _share(ordered, "pressure, test") < _share(plain, "pressure, test")
    assert plain["baseline"] != ordered["baseline"]
    assert ordered["baseline"] == ["suspend, freeze"]
    # "none" switches the reading off: the simultaneous counts again
    off = _json(capsys, "--move-order", "none")
    assert off["outcomes"] == plain["outcomes"]


@pytest.mark.parametrize(
    "order, needle",
    [
        ("US,Russia", "unknown player 'Russia'; the players are US, DPRK"),
        ("US", "DPRK missing"),
        ("US,,DPRK", "list the players in the order they move"),
    ],
)
def test_a_bad_order_is_a_located_error(capsys, order, needle):
    assert main([*ARGS, "--move-order", order]) == 1
    err = capsys.readouterr().err
    assert "--move-order" in err and needle in err


def test_a_kind_without_move_orders_refuses_the_flag(capsys):
    argv = ["robust", "audience_costs", "--draws", "10", "--move-order", "US,DPRK"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "--move-order applies to normal-form scenarios only" in err
    assert "this scenario is of kind 'sequential'" in err
