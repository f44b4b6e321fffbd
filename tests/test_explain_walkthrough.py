"""The seminar walk-through in examples/ runs and shows a student the story it promises."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "seminar_walkthrough.py"


def test_walkthrough_runs_in_process(capsys, tmp_path):
    mod = runpy.run_path(str(EXAMPLE), run_name="walkthrough")
    assert mod["main"](["--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    # the explanation, with the exact mixed equilibrium and the threshold
    assert "q = 3/4" in out and "q = 2/3" in out
    assert "drill_value = 3" in out
    # the re-run after the parameter change
    assert "equilibria after:  (pressure, test)" in out
    assert "suspend is strictly dominated by pressure" in out
    # the chart and the handout, when matplotlib is here
    pytest.importorskip("matplotlib")
    assert (tmp_path / "freeze_for_freeze_matrix.png").stat().st_size > 1000
    html = (tmp_path / "freeze_for_freeze_drill4.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in html


def test_walkthrough_runs_as_a_script():
    run = subprocess.run(
        [sys.executable, str(EXAMPLE)], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Re-run: what changed" in run.stdout


DOC = Path(__file__).resolve().parents[1] / "docs" / "teaching.md"


def test_every_command_in_the_teaching_doc_runs(tmp_path, monkeypatch, capsys):
    import shlex

    from sim.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "handouts").mkdir()
    lines = [
        ln[2:] for ln in DOC.read_text(encoding="utf-8").splitlines() if ln.startswith("$ negsim ")
    ]
    assert len(lines) >= 10
    for line in lines:
        argv = shlex.split(line)[1:]
        assert main(argv) == 0, line
    capsys.readouterr()


def test_python_snippet_in_the_teaching_doc_runs(capsys):
    text = DOC.read_text(encoding="utf-8")
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(code, str(DOC), "exec"), {})
    assert "Freeze-for-freeze" in capsys.readouterr().out
