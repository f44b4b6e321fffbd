"""The example notebook ``examples/seminar.ipynb``, executed in a real Jupyter kernel
(nbclient + ipykernel): every cell runs and the objects display as HTML."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import sim
from sim import contract

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "seminar.ipynb"


@pytest.fixture(scope="module")
def executed():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path, "MPLBACKEND": "Agg"}
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute(env=env)  # the kernel's environment: negsim importable from this checkout
    return [c for c in nb.cells if c.cell_type == "code"]


def output(cell, mime: str) -> str:
    for out in cell.outputs:
        if out.output_type == "execute_result" and mime in out.data:
            return out.data[mime]
        if out.output_type == "stream" and mime == "stream":
            return out.text
    raise AssertionError(f"no {mime} output in cell:\n{cell.source}")


def test_the_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_every_cell_runs_and_displays(executed):
    assert not [o for c in executed for o in c.outputs if o.output_type == "error"]
    scenario, game, solved, result, threshold, changed, explanation, tree = executed
    assert "<h3>Freeze-for-freeze</h3>" in output(scenario, "text/html")
    assert "<td>drill_value</td>" in output(scenario, "text/html")
    assert "<td>suspend</td><td>6, 4</td><td>-1, 3</td>" in output(game, "text/html")
    assert "3 equilibria, the whole set" in output(solved, "text/plain")
    assert "<td>(2/3 ≈ 0.667, 1/3 ≈ 0.333)</td>" in output(solved, "text/html")
    page = output(result, "text/html")
    assert "Outcomes (3)" in page and "data:image/png;base64," in page
    assert len(output(result, "text/plain")) < 200
    lines = output(threshold, "stream").splitlines()
    assert lines[0].startswith("2.5 (") and "'suspend, freeze'" in lines[0]
    assert lines[1] == "3.5 ('pressure, test',)"
    assert "Parameters changed: drill_value=4" in output(changed, "text/html")
    assert "<h2>1. " in output(explanation, "text/html")
    expected = sim.analyse("security_guarantee")
    assert output(tree, "text/plain") == repr(expected)
    label = contract.outcomes(expected)[0]
    assert f"<li><code>{escape(label)}</code></li>" in output(tree, "text/html")
