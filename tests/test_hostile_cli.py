"""Hostile command lines: every bad option, name or stream gets a located message and exit 1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sim.cli import main

from .hostile import ROOT, negsim

CHICKEN = str(ROOT / "scenarios" / "classics" / "chicken.yaml")
FULL = Path("/dev/full")


def run(argv, capsys) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    [
        ["run", CHICKEN],
        ["solve", CHICKEN],
        ["explain", CHICKEN],
        ["export", CHICKEN, "--to", "markdown"],
        ["sweep", CHICKEN, "--vary", "x=0:1:3"],
    ],
)
@pytest.mark.parametrize(
    "flag, value",
    [
        ("--tol", "nan"),
        ("--tol", "-1"),
        ("--tol", "inf"),
        ("--time-limit", "-1"),
        ("--time-limit", "nan"),
        ("--time-limit", "inf"),
    ],
)
def test_tolerance_and_time_limit_are_checked_on_every_command(command, flag, value, capsys):
    code, err = run([*command, flag, value], capsys)
    if code == 2:  # the command has no such flag: argparse's usage message
        assert "unrecognized arguments" in err
        return
    assert code == 1 and err.startswith(f"{flag}:") and repr(value) in err


@pytest.mark.parametrize("n", ["-3", "0", "3", str(2**21)])
def test_sobol_n_must_be_a_power_of_two_in_range(n, capsys):
    code, err = run(["robust", "freeze_for_freeze", "--sobol-n", n], capsys)
    assert code == 1 and err.startswith("--sobol-n:") and "power of 2" in err


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["--version"], ["run", "--help"], ["list"]])
def test_a_full_standard_output_is_an_error(argv):
    with FULL.open("w") as full:
        res = negsim(*argv, stdout=full)
    assert res.returncode == 1, res.stderr
    assert "cannot write the output: No space left on device" in res.stderr
    assert "Traceback" not in res.stderr


def test_dash_reads_a_yaml_scenario_from_standard_input():
    text = Path(CHICKEN).read_text(encoding="utf-8")
    res = negsim("run", "-", "--json", input=text)
    assert res.returncode == 0, res.stderr
    assert '"equilibria"' in res.stdout
    res = negsim("validate", "-", input="format: negsim/1\ntitle: [\n")
    assert res.returncode == 1 and res.stderr.startswith("<stdin>:")


def test_standard_input_is_bounded_like_a_file():
    res = negsim("run", "-", input="#" * 4_000_001)
    assert res.returncode == 1 and "more than 4,000,000 bytes" in res.stderr


@pytest.mark.parametrize(
    "name",
    ["../../scenarios/classics/chicken", "../bundled", "/classics/chicken", "classics/../../x"],
)
def test_a_bundled_name_never_leaves_the_bundled_folder(name, capsys, tmp_path):
    old = os.getcwd()
    os.chdir(tmp_path)  # no file of that name here: only the bundled lookup could find one
    try:
        code, err = run(["validate", name], capsys)
    finally:
        os.chdir(old)
    assert code == 1 and err.startswith(f"{name}: no such file")


def test_a_path_with_dots_that_exists_is_still_read(capsys, tmp_path):
    sub = tmp_path / "a"
    sub.mkdir()
    (tmp_path / "c.yaml").write_text(Path(CHICKEN).read_text(encoding="utf-8"), encoding="utf-8")
    old = os.getcwd()
    os.chdir(sub)
    try:
        code, _ = run(["validate", "../c.yaml"], capsys)
    finally:
        os.chdir(old)
    assert code == 0


def test_status_quo_naming_an_option_twice_is_located(tmp_path, capsys):
    src = (ROOT / "scenarios" / "korea_conflict.yaml").read_text(encoding="utf-8")
    bad = src.replace(
        "status_quo: [China.cooperate]", "status_quo: [China.cooperate, China.cooperate]"
    )
    assert bad != src
    path = tmp_path / "sq.yaml"
    path.write_text(bad, encoding="utf-8")
    code, err = run(["validate", path], capsys)
    line = 1 + bad[: bad.index("status_quo:")].count("\n")
    assert code == 1 and f"sq.yaml:{line}:" in err and "China.cooperate twice" in err


def test_zero_sum_method_on_a_general_game_is_a_located_error(capsys):
    code, err = run(
        ["solve", ROOT / "scenarios" / "classics" / "stag_hunt.yaml", "--method", "zero-sum"],
        capsys,
    )
    assert code == 1 and err.startswith("--method:") and "zero-sum" in err


@pytest.mark.parametrize(
    "vary, says",
    [
        ("c=1:5:3", "above its maximum"),
        ("c=-1:2:3", "below its minimum"),
        ("c=nan:1:3", "not a number"),
    ],
)
def test_vary_errors_are_labelled_vary(vary, says, tmp_path, capsys):
    path = tmp_path / "t.yaml"
    path.write_text(
        "format: negsim/1\ntitle: T\nparameters:\n  c: {value: 1, min: 0, max: 3}\n"
        "players:\n  A: {strategies: [x, y]}\n  B: {strategies: [l]}\n"
        'payoffs:\n  A: "c * A.x"\n  B: "0"\n',
        encoding="utf-8",
    )
    code, err = run(["sweep", path, "--vary", vary], capsys)
    assert code == 1 and err.startswith("--vary:") and says in err
