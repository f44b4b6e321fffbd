"""The sequential kind on the kind contract: every bundled tree and fixture (and an .efg file)
loads, analyses, serialises to plain JSON with the envelope, opens its text with the title
block, names stable outcomes, draws its default chart and explains itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim import contract
from sim.scenario import ScenarioError, load

ROOT = Path(__file__).resolve().parents[1]
ENVELOPE = ("scenario", "file", "kind", "sources", "claims", "parameters", "negsim_version")
FILES = sorted(
    [
        p
        for p in (ROOT / "scenarios").rglob("*.yaml")
        if "kind: sequential" in p.read_text(encoding="utf-8")
    ]
    + list((ROOT / "tests" / "data" / "valid").glob("sequential_*.yaml"))
)


def test_there_are_trees_to_check():
    assert len(FILES) >= 5


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_contract(path):
    from matplotlib.figure import Figure

    scenario = load(path)
    spec = contract.get_kind(scenario)
    assert spec.name == "sequential" and spec.default_chart == "tree"
    result = contract.analyse(scenario)
    data = contract.to_dict(result)
    text = json.dumps(data)  # no default=str: plain JSON types only
    assert json.loads(text)["kind"] == "sequential"
    assert all(key in data for key in ENVELOPE)
    report = contract.to_text(result)
    title = scenario.meta.title
    assert report.startswith(f"{title}\n{'=' * len(title)}\n")
    assert report.count(title) == 1  # the body does not repeat the title
    first = contract.outcomes(result)
    assert first and first == contract.outcomes(contract.analyse(load(path)))
    assert isinstance(contract.draw(result), Figure)
    sections = contract.explain_sections(result)
    assert sections and sections[0].key == "sequential-tree"


def test_outcome_is_the_subgame_perfect_path():
    scenario = load(ROOT / "scenarios" / "security_guarantee.yaml")
    assert contract.outcomes(contract.analyse(scenario)) == (
        "US: multilateral → DPRK: transfer → US: honour",
    )
    low = contract.analyse(scenario, {"china_penalty": "3/2"})
    assert contract.outcomes(low) == ("US: unilateral → DPRK: keep",)
    tie = contract.analyse(scenario, {"china_penalty": 2})
    assert contract.outcomes(tie) == (
        "US: multilateral → DPRK: transfer → US: honour",
        "US: unilateral → DPRK: keep",
    )


def test_signalling_outcomes_name_the_perfect_bayesian_equilibria():
    # an expensive gesture (the file's default is cheap: the site was reported damaged)
    scenario = load(ROOT / "scenarios" / "summit_types.yaml")
    result = contract.analyse(scenario, {"cost_duplicitous": 5})
    labels = contract.outcomes(result)
    assert (
        "PBE separating: DPRK earnest → demolish, duplicitous → words; US after demolish: "
        "summit, after words: pressure"
    ) in labels
    assert any(x.startswith("PBE semi-separating: DPRK earnest → demolish/words") for x in labels)


def test_explain_narrates_backward_induction_and_the_empty_threat():
    from sim.explain.text import render_section

    result = contract.analyse(load(ROOT / "tests" / "data" / "valid" / "sequential_entry.yaml"))
    sections = {s.key: render_section(s) for s in contract.explain_sections(result)}
    assert set(sections) == {
        "sequential-tree",
        "sequential-backward",
        "sequential-spe",
        "sequential-nash",
    }
    flat = " ".join(sections["sequential-backward"].split())
    assert "Step 1: Incumbent at 'in'" in flat
    assert "so Incumbent chooses accommodate (1 > -1)" in flat
    flat = " ".join(sections["sequential-nash"].split())
    assert (
        "At 'in' Incumbent plans fight (worth -1 to Incumbent), but once there accommodate "
        "gives 1: the plan is not credible."
    ) in flat


def test_efg_reader_gives_a_scenario_on_the_same_path(tmp_path):
    spec = contract.get_kind("sequential")
    scenario = load(ROOT / "scenarios" / "security_guarantee.yaml")
    efg = tmp_path / "sg.efg"
    efg.write_text(spec.exports["efg"](scenario, None), encoding="utf-8")
    wrapped = spec.readers[".efg"](efg)
    assert wrapped.meta.kind == "sequential" and wrapped.parameters == ()
    result = contract.analyse(wrapped)
    assert contract.outcomes(result) == contract.outcomes(contract.analyse(scenario))
    assert contract.to_text(result).startswith(scenario.meta.title)
    with pytest.raises(ScenarioError, match="no parameters"):
        contract.analyse(wrapped, {"china_penalty": 1})


def test_user_errors_are_located():
    spec = contract.get_kind("sequential")
    with pytest.raises(ScenarioError) as info:
        contract.analyse(load(ROOT / "scenarios" / "security_guarantee.yaml"), method="nope")
    assert str(info.value.problems[0].location) == "--method"
    with pytest.raises(ScenarioError) as info:
        contract.analyse(load(ROOT / "scenarios" / "security_guarantee.yaml"), convention="single")
    assert "--convention applies to" in str(info.value)
    assert str(info.value.problems[0].location) == "--convention"
    with pytest.raises(ScenarioError) as info:
        spec.readers[".efg"](ROOT / "nothing-here.efg")
    assert "no such file" in str(info.value)


def test_malformed_efg_is_located_at_its_line(tmp_path):
    bad = tmp_path / "bad.efg"
    bad.write_text('EFG 2 R "x" { "A" } ""\np "" 3 1 "" { "a" } 0\nt "" 0\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        contract.get_kind("sequential").readers[".efg"](bad)
    (problem,) = info.value.problems
    assert (problem.location.file, problem.location.line) == (str(bad), 2)
    assert "player 3 does not exist" in problem.message
