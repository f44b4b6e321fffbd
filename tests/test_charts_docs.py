"""docs/charts.md stays true: every command on the page runs, its Python example runs, and every
image it shows exists and is made by examples/make_charts.py."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "charts.md"
OUTPUT_FLAGS = ("-o", "--output", "--plot", "--csv", "--out")


def page_commands() -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    return sorted(
        {c for c in re.findall(r"`(negsim (?:plot|sweep) [^`]+)`", text) if "SCENARIO" not in c}
    )


@pytest.mark.parametrize("command", page_commands())
def test_page_command_runs(command, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    argv = shlex.split(command)[1:]
    for k, a in enumerate(argv[:-1]):
        if a in OUTPUT_FLAGS:
            argv[k + 1] = str(tmp_path / Path(argv[k + 1]).name)
    if not any(a in OUTPUT_FLAGS for a in argv):  # e.g. a bare `negsim sweep ...`
        argv += ["--csv", str(tmp_path / "out.csv")]
    assert main(argv) == 0, capsys.readouterr().err
    written = list(tmp_path.iterdir())
    assert written and all(p.stat().st_size > 0 for p in written)


def test_page_python_example_runs(tmp_path, monkeypatch):
    text = PAGE.read_text(encoding="utf-8")
    code = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert code
    monkeypatch.chdir(tmp_path)
    src = code[0].replace('"scenarios/', f'"{ROOT}/scenarios/')
    exec(compile(src, "docs/charts.md", "exec"), {})
    assert (tmp_path / "map.png").stat().st_size > 0


def test_page_images_exist_and_are_generated():
    import importlib.util

    text = PAGE.read_text(encoding="utf-8")
    shown = set(re.findall(r"\]\(images/([^)]+)\)", text))
    assert shown
    for name in shown:
        assert (ROOT / "docs" / "images" / name).is_file(), name
    spec = importlib.util.spec_from_file_location(
        "make_charts", ROOT / "examples" / "make_charts.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    made = {name for name, _, _ in mod.charts()}
    assert shown <= made | {"chart_qre.png"}
    assert made - {"chart_qre.png"} <= shown  # every generated chart is on the page
