"""Every example in README.md runs: the Python session (doctest) and each `$ negsim ...` line."""

from __future__ import annotations

import doctest
import os
import re
import shlex
from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def test_readme_python_examples(monkeypatch):
    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testfile(
        str(README),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert tried > 5
    assert failures == 0


def console_commands():
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", text, flags=re.S)
    return [line[2:].strip() for b in blocks for line in b.splitlines() if line.startswith("$ ")]


@pytest.mark.parametrize("command", console_commands())
def test_readme_console_commands(command, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    argv = shlex.split(command)
    assert argv[0] == "negsim"
    code = main(argv[1:])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip()


def test_readme_has_exactly_the_two_setup_commands_and_ci_runs_the_test_one():
    text = README.read_text(encoding="utf-8")
    sh = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    assert sh[:2] == [
        "python -m pip install . && negsim run\n",
        'python -m pip install -e ".[test]" && python -m pytest -n auto\n',
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert sh[1].strip() in ci.splitlines()
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
