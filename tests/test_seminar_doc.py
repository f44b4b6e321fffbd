"""docs/seminar.md: every command in the seminar plan runs, as written, and does what the page
says it does (files written, the facts the page states)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "seminar.md"


def commands() -> list[str]:
    """The ``negsim …`` lines of the page's fenced blocks, in order."""
    text = PAGE.read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"^```[a-z]*\n(.*?)^```", text, flags=re.M | re.S):
        out.extend(line.strip() for line in block.splitlines() if line.startswith("negsim "))
    return out


def test_the_page_has_a_plan_with_commands():
    text = PAGE.read_text(encoding="utf-8")
    assert re.search(r"0:00.*2:00", text, flags=re.S)
    assert len(commands()) >= 12


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    """Run every command once in a scratch folder: ``{command: (exit code, stdout)}``."""
    import contextlib
    import io
    import os

    folder = tmp_path_factory.mktemp("seminar")
    here = os.getcwd()
    os.chdir(folder)
    results = {}
    try:
        for cmd in commands():
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                code = main(shlex.split(cmd)[1:])
            results[cmd] = (code, out.getvalue())
    finally:
        os.chdir(here)
    return folder, results


def test_every_command_on_the_page_runs(ran):
    folder, results = ran
    failed = {cmd: code for cmd, (code, _) in results.items() if code != 0}
    assert not failed
    for cmd in results:
        args = shlex.split(cmd)
        for flag in ("-o", "--solutions"):
            if flag in args:
                target = folder / args[args.index(flag) + 1]
                assert target.stat().st_size > 200, cmd


def test_what_the_page_says_students_will_see(ran):
    folder, results = ran
    run = results["negsim run freeze_for_freeze"][1]
    assert "suspend, freeze" in run and "pressure, test" in run and "(mixed)" in run
    moved = results["negsim run freeze_for_freeze --set drill_value=4"][1]
    assert "pressure, test" in moved and "(pure): suspend, freeze" not in moved
    assert "grim trigger" in results["negsim run olympic_truce"][1]
    tree = results["negsim run security_guarantee"][1]
    assert "not subgame perfect" in tree
    # the handouts carry their charts: inline in HTML, beside the LaTeX file
    page = (folder / "freeze.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in page
    assert (folder / "guarantee-tree.png").stat().st_size > 1000
    assert "{guarantee-tree.png}" in (folder / "guarantee.tex").read_text(encoding="utf-8")
    slide = (folder / "korea-slide.html").read_text(encoding="utf-8")
    assert slide.count("<img ") == 1 and slide.count("<li>") <= 3
    explained = (folder / "korea-explained.md").read_text(encoding="utf-8")
    for word in ("GMR", "SMR", "SEQ", "SIM"):
        assert word in explained.split("Words used here")[1]
