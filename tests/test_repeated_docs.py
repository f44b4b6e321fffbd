"""Every Python example in docs/repeated.md and docs/bargaining.md runs (doctest), and every
`negsim` command in their code blocks exits 0."""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "docs" / "repeated.md", ROOT / "docs" / "bargaining.md"]


@pytest.mark.parametrize("page", DOCS, ids=lambda p: p.name)
def test_doc_python_examples(page, monkeypatch):
    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testfile(
        str(page),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert tried >= 4
    assert failures == 0


def _commands():
    out = []
    for page in DOCS:
        for block in re.findall(r"```\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S):
            for line in block.splitlines():
                if line.startswith("negsim "):
                    out.append(line.split("#")[0].strip())
    return out


@pytest.mark.parametrize("command", _commands())
def test_doc_commands_run(command, capsys, monkeypatch):
    from sim.cli import main

    monkeypatch.chdir(ROOT)
    code = main(shlex.split(command)[1:])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip()
