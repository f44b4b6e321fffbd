"""The conflict kind on the kind contract: every bundled conflict and fixture loads, analyses,
serialises to plain JSON with the envelope, opens its text with the title block, names stable
outcomes (one per concept and equilibrium) and draws its default chart; options are declared."""

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
        if "kind: conflict" in p.read_text(encoding="utf-8")
    ]
    + list((ROOT / "tests" / "data" / "valid").glob("conflict_*.yaml"))
)


def test_there_are_conflicts_to_check():
    assert len(FILES) >= 5


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_contract(path):
    from matplotlib.figure import Figure

    scenario = load(path)
    spec = contract.get_kind(scenario)
    assert spec.name == "conflict" and spec.default_chart == "conflict"
    result = contract.analyse(scenario)
    data = contract.to_dict(result)
    assert json.loads(json.dumps(data))["kind"] == "conflict"  # no default=str needed
    assert all(key in data for key in ENVELOPE)
    report = contract.to_text(result)
    title = scenario.meta.title
    assert report.startswith(f"{title}\n{'=' * len(title)}\n")
    assert f"Conflict: {title}" not in report
    first = contract.outcomes(result)
    assert first and first == contract.outcomes(contract.analyse(load(path)))
    assert isinstance(contract.draw(result), Figure)
    assert isinstance(contract.draw(result, concept="nash"), Figure)
    assert contract.explain_sections(result)[0].key == "conflict-why"


def test_outcomes_one_label_per_concept_and_state():
    result = contract.analyse(load(ROOT / "scenarios" / "classics" / "elmira.yaml"))
    labels = contract.outcomes(result)
    assert "SEQ: state 5 (MoE: -; UR: delay; LG: insist)" in labels
    assert "Nash (R): state 8 (MoE: modify; UR: accept; LG: insist)" in labels
    assert sum(x.startswith("SEQ: ") for x in labels) == 3  # 5, 8, 9


def test_options_are_declared_and_parsed():
    spec = contract.get_kind("conflict")
    names = {o.name for o in spec.options}
    assert names == {
        "convention",
        "simultaneous",
        "concepts",
        "coalitions",
        "inverse",
        "limited_move",
        "partition",
        "time_limit",
    }
    assert spec.option("inverse").parse("UR=8") == ("UR", 8)
    assert spec.option("concepts").parse("seq, gmr") == ("seq", "gmr")
    assert spec.option("coalitions").parse("no") is False
    for option, bad in (("inverse", "UR8"), ("concepts", "sqe"), ("coalitions", "maybe")):
        with pytest.raises(ScenarioError) as info:
            spec.option(option).parse(bad)
        assert str(info.value.problems[0].location) == f"--{option}"
    elmira = load(ROOT / "scenarios" / "classics" / "elmira.yaml")
    with pytest.raises(ScenarioError, match="--convention"):
        contract.analyse(elmira, convention="sideways")
    with pytest.raises(ScenarioError, match="--method applies to"):
        contract.analyse(elmira, method="all")
    result = contract.analyse(elmira, inverse=("UR", 8), concepts=("seq",))
    assert result.inverse is not None and result.stability.concepts == ("seq",)
    with pytest.raises(ScenarioError, match="unknown decision maker"):
        contract.analyse(elmira, inverse="XX=8")
    with pytest.raises(ScenarioError) as info:
        contract.draw(result, concept="nash")  # not computed
    assert str(info.value.problems[0].location) == "--concept"
