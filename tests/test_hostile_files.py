"""The CLI's writers never damage a file: each ``-o``/``--csv``/``--solutions`` reproducer."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent
FF = ROOT / "scenarios" / "freeze_for_freeze.yaml"


@pytest.fixture
def scenario(tmp_path):
    path = tmp_path / "x.yaml"
    shutil.copy(FF, path)
    return path


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_over_its_own_input_is_refused(capsys, scenario):
    before = scenario.read_bytes()
    code, _, err = run(capsys, "export", scenario, "--to", "markdown", "-o", scenario)
    assert code == 1
    assert "input of the command" in err
    assert scenario.read_bytes() == before


def test_export_over_its_input_through_a_link_is_refused(capsys, scenario, tmp_path):
    before = scenario.read_bytes()
    link = tmp_path / "out.md"
    link.symlink_to(scenario)
    code, _, err = run(capsys, "export", scenario, "--to", "markdown", "-o", link)
    assert code == 1 and "input of the command" in err
    assert scenario.read_bytes() == before and link.is_symlink()


def test_sweep_csv_over_the_scenario_is_refused(capsys, scenario):
    before = scenario.read_bytes()
    code, _, err = run(capsys, "sweep", scenario, "--vary", "drill_value=0:4:3", "--csv", scenario)
    assert code == 1, err
    assert "input of the command" in err
    assert scenario.read_bytes() == before


def test_exercise_solutions_keeps_the_mode_and_writes_a_link_target(capsys, tmp_path):
    real = tmp_path / "answers.md"
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    code, _, err = run(capsys, "exercise", "--kind", "2x2", "--count", "1", "--solutions", link)
    assert code == 0, err
    assert link.is_symlink()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert "Solution" in real.read_text() or len(real.read_text()) > 10


def test_output_to_dev_null_writes_through(capsys, scenario):
    code, _, err = run(capsys, "export", scenario, "--to", "markdown", "-o", "/dev/null")
    assert code == 0, err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_to_a_directory_is_a_clear_message(capsys, scenario, tmp_path):
    folder = tmp_path / "adir"
    folder.mkdir()
    code, _, err = run(capsys, "export", scenario, "--to", "markdown", "-o", folder)
    assert code == 1
    assert "folder" in err and ".tmp" not in err and "Traceback" not in err
    assert list(folder.iterdir()) == []


def test_a_250_character_name_is_written_without_a_longer_temporary_name(
    capsys, scenario, tmp_path
):
    out = tmp_path / ("n" * 250 + ".md")
    code, _, err = run(capsys, "export", scenario, "--to", "markdown", "-o", out)
    assert code == 0, err
    assert out.read_text().startswith("#")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["x.yaml", out.name])


def test_a_name_past_the_file_system_limit_is_a_clear_message(capsys, scenario, tmp_path):
    out = tmp_path / ("n" * 300 + ".md")
    code, _, err = run(capsys, "export", scenario, "--to", "markdown", "-o", out)
    assert code == 1
    assert "file name is 303 bytes long" in err and "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]
