"""`negsim plot` and `negsim sweep`, in-process, writing only the files the user named."""

from __future__ import annotations

import csv
import json

import pytest

from sim.cli import main

PNG = b"\x89PNG\r\n\x1a\n"


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    "chart,extra",
    [
        ("matrix", []),
        ("best-response", []),
        ("map", ["--vary", "drill_value=0:6:13"]),
        ("map", ["--vary", "drill_value=0:6:7", "--vary", "test_value=0:6:7"]),
        ("compare", []),
        ("compare", ["--case", "drill_value=2", "--case", "drill_value=4,test_value=1"]),
        ("dynamics", []),
        ("dynamics", ["--dynamics", "fictitious-play"]),
    ],
)
def test_plot_each_chart_png(tmp_path, chart, extra):
    out = tmp_path / "chart.png"
    assert main(["plot", "freeze_for_freeze", "--chart", chart, "-o", str(out)] + extra) == 0
    data = out.read_bytes()
    assert data.startswith(PNG) and len(data) > 10_000
    assert _files(tmp_path) == ["chart.png"]  # no stray temporary files


@pytest.mark.parametrize("ext,magic", [("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_plot_format_by_extension(tmp_path, ext, magic):
    out = tmp_path / f"m.{ext}"
    assert main(["plot", "classics/stag_hunt", "--chart", "matrix", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(magic)


def test_plot_three_player_matrix_and_set(tmp_path):
    out = tmp_path / "m.png"
    assert (
        main(
            [
                "plot",
                "secondary_sanctions",
                "--chart",
                "matrix",
                "--set",
                "leverage=4",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert out.read_bytes().startswith(PNG)


def test_plot_errors_write_nothing(tmp_path, capsys):
    assert (
        main(["plot", "freeze_for_freeze", "--chart", "matrix", "-o", str(tmp_path / "x.jpg")]) == 1
    )
    assert "png" in capsys.readouterr().err
    assert (
        main(["plot", "freeze_for_freeze", "--chart", "map", "-o", str(tmp_path / "x.png")]) == 1
    )  # map without --vary
    assert (
        main(
            [
                "plot",
                "secondary_sanctions",
                "--chart",
                "best-response",
                "-o",
                str(tmp_path / "x.png"),
            ]
        )
        == 1
    )  # not 2x2
    assert (
        main(
            [
                "plot",
                "freeze_for_freeze",
                "--chart",
                "matrix",
                "--set",
                "nope=1",
                "-o",
                str(tmp_path / "x.png"),
            ]
        )
        == 1
    )
    assert (
        main(["plot", "freeze_for_freeze", "--chart", "pie", "-o", str(tmp_path / "x.png")]) == 2
    )  # bad usage
    assert _files(tmp_path) == []


def test_plot_keeps_an_existing_file_when_it_fails(tmp_path):
    out = tmp_path / "keep.png"
    out.write_bytes(b"old")
    assert (
        main(
            [
                "plot",
                "freeze_for_freeze",
                "--chart",
                "map",
                "--vary",
                "drill_value=0:99:5",
                "-o",
                str(out),
            ]
        )
        == 1
    )  # out of the declared range
    assert out.read_bytes() == b"old"


def test_sweep_writes_csv_json_and_plot(tmp_path, capsys):
    csv_path, json_path, png = tmp_path / "s.csv", tmp_path / "s.json", tmp_path / "s.png"
    rc = main(
        [
            "sweep",
            "freeze_for_freeze",
            "--vary",
            "drill_value=0:6:13",
            "--vary",
            "test_value=1,2,4",
            "--csv",
            str(csv_path),
            "--out",
            str(json_path),
            "--plot",
            str(png),
        ]
    )
    assert rc == 0
    text = capsys.readouterr().out
    assert "drill_value = 3" in text and "region" in text and "wrote" in text
    rows = list(csv.DictReader(csv_path.open()))
    doc = json.loads(json_path.read_text())
    assert len(rows) == len(doc["rows"]) > 39
    assert {r["test_value"] for r in rows} == {"1", "2", "4"}
    assert doc["points"] == 39
    assert png.read_bytes().startswith(PNG)
    assert _files(tmp_path) == ["s.csv", "s.json", "s.png"]


def test_sweep_json_on_stdout(capsys):
    assert main(["sweep", "classics/stag_hunt", "--vary", "hare_value=1,3,5", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["vary"] == {"hare_value": ["1", "3", "5"]}
    # Stag Hunt (stag 4): hunting the stag together stays an equilibrium while hare_value <= 4
    by_point = {}
    for r in doc["rows"]:
        by_point.setdefault(r["parameters"]["hare_value"], set()).add(r["equilibrium"])
    assert "stag, stag" in by_point[1] and "stag, stag" in by_point[3]
    assert by_point[5] == {"hare, hare"}


@pytest.mark.parametrize(
    "args",
    [
        ["--vary", "drill_valu=0:1:3"],
        ["--vary", "drill_value=0:1"],  # fine on its own; made bad below by repeating it
        ["--vary", "drill_value=3:1:3"],
        ["--vary", "drill_value=0:1:3", "--plot", "x.gif"],
        ["--vary", "drill_value=0:1e400:5"],  # beyond floating point: a message, not an overflow
        ["--vary", "drill_value=1,10**400"],
    ],
)
def test_sweep_bad_input(args, capsys):
    if args == ["--vary", "drill_value=0:1"]:
        args = args + ["--vary", "drill_value=0:2"]
    assert main(["sweep", "freeze_for_freeze"] + args) == 1
    assert capsys.readouterr().err.strip()  # a message, not a traceback


@pytest.mark.parametrize(
    "scenario,chart",
    [
        ("security_guarantee", "tree"),
        ("olympic_truce", "threshold"),
        ("beijing_outside_option", "frontier"),
    ],
)
def test_plot_other_kinds(tmp_path, scenario, chart):
    out = tmp_path / "c.png"
    assert main(["plot", scenario, "--chart", chart, "-o", str(out)]) == 0
    assert out.read_bytes().startswith(PNG)
    assert main(["plot", "freeze_for_freeze", "--chart", chart, "-o", str(tmp_path / "x.png")]) == 1


def test_plot_lists_every_chart_of_every_kind(capsys):
    from sim import contract

    assert main(["plot", "--help"]) == 0
    text = capsys.readouterr().out
    contract.load_kinds()
    for spec in contract.KINDS.values():
        for name in spec.charts:
            assert f"    {name} " in text, (spec.name, name)


class _Terminal:
    """A stand-in for stderr that says it is a terminal and records what is written."""

    def __init__(self, tty: bool):
        self.tty = tty
        self.text = ""

    def isatty(self):
        return self.tty

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def test_progress_bar_only_on_a_terminal():
    from sim.cli._progress import ProgressBar

    term = _Terminal(True)
    bar = ProgressBar("sweep", delay=0.0, stream=term)
    bar(50, 100)
    bar(100, 100)
    bar.close()
    assert "50/100 points" in term.text and "100/100 points" in term.text
    pipe = _Terminal(False)
    bar = ProgressBar("sweep", delay=0.0, stream=pipe)
    bar(50, 100)
    bar.close()
    assert pipe.text == ""
    quick = _Terminal(True)
    bar = ProgressBar("sweep", delay=60.0, stream=quick)  # a run shorter than the delay
    bar(100, 100)
    assert quick.text == ""
