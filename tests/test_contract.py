"""Contract tests, Axelrod-style: every kind x every bundled scenario and fixture file.

Whatever its kind, a scenario loads, analyses through :func:`sim.contract.analyse`, gives a JSON
object that survives ``json`` (with the envelope keys), a text report that opens with the title
block, stable outcome labels and a default chart, and exports as an HTML handout.  The ``toy``
kind (``tests/toykind``, registered with one line) goes through the same checks: what a newcomer
writes by following CONTRIBUTING.md is held to the contract of the shipped kinds.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path

import pytest

import sim.scenario
from sim import contract
from sim.bundled import bundled_names, resolve

DATA = Path(__file__).parent / "data"
TOY_FILE = Path(__file__).parent / "toykind" / "ultimatum.yaml"
ENVELOPE = ("scenario", "file", "kind", "sources", "claims", "parameters", "negsim_version")

CASES = (
    [pytest.param(resolve(name), id=name) for name in bundled_names()]
    + [
        pytest.param(p, id=f"data/{p.relative_to(DATA).as_posix()}")
        for p in sorted(DATA.rglob("*.yaml"))
        if "invalid" not in p.parts
    ]
    + [pytest.param(TOY_FILE, id="toy/ultimatum")]
)


@pytest.fixture(autouse=True)
def toy_kind(monkeypatch):
    """The toy kind's one registration line, undone after each test (the shipped kinds stay
    registered: they register once, when their package is first imported)."""
    monkeypatch.setitem(contract.KIND_MODULES, "toy", "tests.toykind")
    yield
    contract.KINDS.pop("toy", None)
    for name in [m for m in sys.modules if m == "tests.toykind" or m.startswith("tests.toykind.")]:
        del sys.modules[name]


def analysed(path: Path):
    scenario = sim.scenario.load(path)
    return scenario, contract.analyse(scenario)


@pytest.mark.parametrize("path", CASES)
def test_loads_and_analyses(path):
    scenario, result = analysed(path)
    assert scenario.meta.kind == result.meta.kind
    assert isinstance(result.notes, tuple)
    assert all(isinstance(n, str) for n in result.notes)
    assert hasattr(result, "parameters")
    # a frozen, keyword-only result
    params = getattr(type(result), "__dataclass_params__", None)
    assert params is not None and params.frozen


@pytest.mark.parametrize("path", CASES)
def test_json_round_trips_with_the_envelope(path):
    _, result = analysed(path)
    d = contract.to_dict(result)
    assert json.loads(json.dumps(d)) == d  # plain JSON types, no default=str
    for key in ENVELOPE:
        assert key in d, key
    assert d["kind"] == result.meta.kind


@pytest.mark.parametrize("path", CASES)
def test_text_opens_with_the_title_block(path):
    _, result = analysed(path)
    lines = contract.to_text(result).splitlines()
    title = result.meta.title
    assert lines[0] == title
    assert lines[1] == "=" * len(title)
    assert lines[2].startswith("Kind:")


@pytest.mark.parametrize("path", CASES)
def test_outcomes_are_stable_labels(path):
    _, first = analysed(path)
    _, second = analysed(path)
    labels = contract.outcomes(first)
    assert isinstance(labels, tuple) and labels
    assert all(isinstance(x, str) and x for x in labels)
    assert contract.outcomes(second) == labels


@pytest.mark.parametrize("path", CASES)
def test_default_chart_draws(path):
    from matplotlib.figure import Figure

    _, result = analysed(path)
    spec = contract.get_kind(result)
    assert spec.default_chart in spec.charts
    assert isinstance(contract.draw(result), Figure)


@pytest.mark.parametrize("path", CASES)
def test_handout_exports(path, tmp_path):
    from sim.cli import main

    out = tmp_path / "handout.html"
    assert main(["export", str(path), "--to", "html", "-o", str(out)]) == 0
    text = html.unescape(out.read_text(encoding="utf-8"))
    assert "<html" in text.lower()
    assert sim.scenario.load(path).meta.title in text


def test_every_registered_kind_has_a_bundled_scenario():
    kinds = {sim.scenario.load(resolve(n)).meta.kind for n in bundled_names()}
    # the shipped kinds (test fixtures register kinds of their own at run time)
    assert set(contract.KIND_MODULES) - {"toy"} <= kinds


# -- the toy kind, step by step (the end of CONTRIBUTING.md's "Add a kind") ----------------


def test_toy_kind_loads_analyses_renders_and_draws():
    from matplotlib.figure import Figure

    scenario = sim.scenario.loads(TOY_FILE.read_text(encoding="utf-8"), str(TOY_FILE))
    assert scenario.meta.kind == "toy" and scenario.offers == (1, 2, 5)
    result = contract.analyse(scenario)
    assert result.offer == 2 and result.shares == (8, 2)
    assert contract.outcomes(result) == ("offer 2",)
    text = contract.to_text(result)
    assert text.startswith("A toy ultimatum\n===============\nKind: a 'toy' scenario")
    assert "it keeps 8, the responder gets 2" in text
    assert "Sources" in text and "pride = 2" in text
    d = contract.to_dict(result)
    assert d["offer"] == 2 and d["shares"] == [8, 2] and d["kind"] == "toy"
    assert isinstance(contract.draw(result), Figure)
    assert contract.explain_sections(result)[0].key == "reasoning"
    # overrides go through the same path: no acceptable offer, a note says so
    none = contract.analyse(scenario, {"pride": "6"})
    assert contract.outcomes(none) == ("no deal",)
    assert "no deal" in contract.to_text(none)


def test_toy_kind_rejects_options_it_does_not_declare():
    scenario = sim.scenario.load(TOY_FILE)
    with pytest.raises(sim.scenario.ScenarioError, match="--method"):
        contract.analyse(scenario, method="pure")


def test_toy_kind_errors_are_located():
    text = TOY_FILE.read_text(encoding="utf-8").replace("offers: [1, 2, 5]", "offer: [1]")
    with pytest.raises(sim.scenario.ScenarioError) as info:
        sim.scenario.loads(text, "toy.yaml")
    messages = str(info.value)
    assert "unknown key 'offer'" in messages and "toy.yaml:" in messages
