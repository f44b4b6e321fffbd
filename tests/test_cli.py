"""The command line, in-process (sim.cli.main) and once as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
FF = str(ROOT / "scenarios" / "freeze_for_freeze.yaml")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_default_scenario_report(capsys):
    code, out, err = run(capsys, "run")
    assert code == 0, err
    assert out.startswith("Freeze-for-freeze")
    for needle in [
        "Players and strategies",
        "suspend: Suspend exercises and new sanctions",
        "US \\ DPRK",
        "6, 4 *",
        "2, 2 *",
        "Equilibria",
        "US    plays suspend 2/3, pressure 1/3",
        "DPRK  plays freeze 3/4, test 1/4",
        "Pareto-efficient",
        "Dominated strategies",
        "Sources",
    ]:
        assert needle in out, needle


def test_run_with_set_changes_the_answer(capsys):
    code, out, _ = run(capsys, "run", FF, "--set", "drill_value=4", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["parameters"]["drill_value"] == 4
    assert [e["outcome"] for e in data["equilibria"]] == ["pressure, test"]


def test_run_json_has_the_documented_keys(capsys):
    code, out, _ = run(capsys, "run", "freeze_for_freeze", "--json")
    assert code == 0
    data = json.loads(out)
    for key in [
        "scenario",
        "parameters",
        "method",
        "equilibria",
        "negsim_version",
        "status",
        "players",
        "dominance",
    ]:
        assert key in data, key
    mixed = [e for e in data["equilibria"] if not e["pure"]]
    assert mixed[0]["strategies_exact"]["US"] == {"suspend": "2/3", "pressure": "1/3"}
    assert mixed[0]["strategies"]["DPRK"]["freeze"] == pytest.approx(0.75)
    assert all(e["max_regret"] == 0 for e in data["equilibria"])


def test_solve_pure_and_unknown_method(capsys):
    code, out, _ = run(capsys, "solve", FF, "--method", "pure", "--json")
    assert code == 0
    assert {e["outcome"] for e in json.loads(out)["equilibria"]} == {
        "suspend, freeze",
        "pressure, test",
    }
    code, _, err = run(capsys, "solve", FF, "--method", "pur")
    assert code == 1 and "did you mean 'pure'" in err


def test_validate_reports_every_bad_file(capsys):
    bad = sorted(
        str(p)
        for p in (DATA / "invalid").glob("*.yaml")
        if not p.name.startswith(("conflict_", "sequential_", "repeated_"))
    )
    code, out, err = run(capsys, "validate", FF, *bad)
    assert code == 1
    assert "ok" in out
    assert f"{len(bad)} of {len(bad) + 1} file(s) have problems" in err
    assert "Traceback" not in err


def test_bad_input_exit_1_without_traceback(capsys):
    code, _, err = run(capsys, "run", str(DATA / "invalid" / "unknown_strategy.yaml"))
    assert code == 1
    assert "unknown_strategy.yaml:8:10: unknown strategy 'freze' for DPRK" in err
    code, _, err = run(capsys, "run", FF, "--set", "drill_valeu=3")
    assert code == 1 and "did you mean 'drill_value'" in err
    code, _, err = run(capsys, "run", FF, "--set", "drill_value")
    assert code == 1 and "name=value" in err
    code, _, err = run(capsys, "run", "no_such_scenario")
    assert code == 1 and "no such file or bundled scenario" in err


def test_bad_usage_exit_2(capsys):
    assert run(capsys, "run", "--no-such-flag")[0] == 2
    assert run(capsys)[0] == 2


def test_list_and_schema(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0 and "freeze_for_freeze" in out and "Freeze-for-freeze" in out
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "players" in json.dumps(schema)


def _help_examples():
    from sim.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    out = []
    for name, p in sub.choices.items():
        text = p.format_help()
        assert "examples:\n" in text, f"`negsim {name} --help` has no example"
        block = text.split("examples:\n", 1)[1]
        for line in block.splitlines():
            if not line.startswith("  negsim "):
                break
            out.append((name, line.strip()))
    return out


def test_help_of_every_command_shows_an_example():
    names = {name for name, _ in _help_examples()}
    assert {
        "run",
        "solve",
        "validate",
        "list",
        "schema",
        "plot",
        "sweep",
        "explain",
        "export",
        "exercise",
        "serve",
    } <= names


def test_every_help_example_runs(tmp_path, monkeypatch, capsys):
    """Each `examples:` line of every command's --help, run in-process in a fresh folder that
    holds the files the examples name (a scenario of one's own, Gambit files)."""
    import shlex
    import shutil

    monkeypatch.chdir(tmp_path)
    shutil.copy(FF, tmp_path / "my_scenario.yaml")
    assert main(["export", "freeze_for_freeze", "-o", "game.nfg"]) == 0
    assert main(["export", "security_guarantee", "-o", "game.efg"]) == 0
    capsys.readouterr()
    for name, line in _help_examples():
        if name == "serve":  # runs until stopped: tests/test_web.py starts and stops it
            continue
        argv = shlex.split(line)[1:]
        if ">" in argv:
            argv = argv[: argv.index(">")]
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 0, f"`negsim {name} --help` example `{line}` failed:\n{err}"


def test_real_subprocess_console_script_and_module():
    env = {**os.environ, "NO_COLOR": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "sim", "run", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["scenario"] == "Freeze-for-freeze"
    bad = subprocess.run(
        [sys.executable, "-m", "sim", "run", str(DATA / "invalid" / "not_yaml.yaml")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert bad.returncode == 1
    assert "not valid YAML" in bad.stderr and "Traceback" not in bad.stderr


def test_solve_nfg_with_qre_details_in_json(capsys, tmp_path):
    nfg = tmp_path / "mp.nfg"
    nfg.write_text(
        'NFG 1 R "Matching pennies" { "Row" "Col" }\n'
        '{ { "H" "T" } { "H" "T" } }\n""\n'
        '{ { "" 1, -1 } { "" -1, 1 } }\n1 2 2 1\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "solve", str(nfg), "--method", "logit-qre", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["players"]["Row"]["strategies"] == {"H": "H", "T": "T"}
    assert data["equilibria"][0]["strategies"]["Row"]["H"] == pytest.approx(0.5)
    branch = data["details"]["qre_branch"]
    assert branch  # the traced branch reaches --json for charts and teaching


def test_gambit_files_run_like_scenarios(capsys, tmp_path):
    efg = tmp_path / "sg.efg"
    code, _, err = run(capsys, "export", "security_guarantee", "-o", str(efg))
    assert code == 0, err
    code, out, err = run(capsys, "run", str(efg))
    assert code == 0, err
    assert "Backward induction" in out and "multilateral" in out
    nfg = tmp_path / "ff.nfg"
    assert run(capsys, "export", "freeze_for_freeze", "-o", str(nfg))[0] == 0
    code, out, _ = run(capsys, "run", str(nfg), "--json")
    assert code == 0
    assert {e.get("outcome") for e in json.loads(out)["equilibria"]} >= {
        "suspend, freeze",
        "pressure, test",
    }
    code, _, err = run(capsys, "run", str(nfg), "--set", "x=1")
    assert code == 1 and "has no parameters" in err
    code, _, err = run(
        capsys, "export", "freeze_for_freeze", "--to", "efg", "-o", str(tmp_path / "x.efg")
    )
    assert code == 1 and "cannot be exported as 'efg'; its formats:" in err
    assert "nfg" in err.split("its formats:")[1]
    code, out, err = run(capsys, "solve", str(efg), "--json")
    assert code == 0, err
    assert "a scenario file must be a mapping" not in err
    assert json.loads(out)["kind"] == "sequential"


def test_conflict_convention_flag(capsys):
    code, out, err = run(capsys, "run", "korea_conflict", "--convention", "single", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert "single" in json.dumps(data)
    code, _, err = run(capsys, "run", "freeze_for_freeze", "--convention", "single")
    assert code == 1 and "conflict scenarios only" in err and "--convention" in err
