"""The ``repeated`` kind on the kind contract: JSON, envelope, title block, outcome labels,
charts, explanation sections, located errors, and the thresholds under ``--method pure``."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction as F
from pathlib import Path

import pytest

from sim import contract
from sim.explain.model import Derivation, Section, Table
from sim.scenario import ScenarioError, load, loads

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
FILES = sorted((DATA / "valid").glob("repeated_*.yaml")) + [
    ROOT / "scenarios" / "olympic_truce.yaml"
]
ENVELOPE = ("scenario", "file", "kind", "sources", "claims", "parameters", "negsim_version")

#: a symmetric 3x3 stage game with pure equilibria (grab, grab) and (low, grab)/(grab, low), and
#: a mixed one that is worse for both (8/3 each): the harshest threat is the mixed one
THREE_BY_THREE = """format: negsim/1
kind: repeated
title: Three strategies, a harsher mixed threat
players:
  A: {strategies: [low, share, grab]}
  B: {strategies: [low, share, grab]}
payoffs:
  table:
    "low, low": [2, 2]
    "low, share": [3, 3]
    "low, grab": [3, 6]
    "share, low": [3, 3]
    "share, share": [5, 5]
    "share, grab": [0, 6]
    "grab, low": [6, 3]
    "grab, share": [6, 0]
    "grab, grab": [1, 1]
repetition:
  discount: 0.31
  cooperate: "share, share"
  defect: "grab, grab"
  strategies: [grim, always_defect]
  rounds: 10
"""


@pytest.fixture(scope="module", params=FILES, ids=lambda p: p.stem)
def result(request):
    return contract.analyse(load(request.param))


def test_json_is_plain_and_carries_the_envelope(result):
    out = contract.to_dict(result)
    text = json.dumps(out)  # no default=str
    assert json.loads(text) == out
    for key in ENVELOPE:
        assert key in out
    assert out["kind"] == "repeated"
    assert "grim_trigger" in out and "stage_equilibria_complete" in out


def test_text_opens_with_the_title_block(result):
    text = contract.to_text(result)
    title = result.meta.title
    assert text.startswith(f"{title}\n{'=' * len(title)}\nKind: a repeated game")
    assert "— repeated game" not in text  # the old per-kind title is gone
    assert text.count("Parameters") <= 1


def test_outcomes_are_stable_labels(result):
    labels = contract.outcomes(result)
    assert labels and all(isinstance(x, str) for x in labels)
    again = contract.analyse(result.scenario, dict(result.parameters))
    assert contract.outcomes(again) == labels
    assert any(x.startswith("stage equilibrium: ") for x in labels)


def test_default_chart_draws(result):
    from matplotlib.figure import Figure

    fig = contract.draw(result)
    assert isinstance(fig, Figure) and fig.axes


def test_explain_gives_real_sections(result):
    sections = contract.explain_sections(result)
    assert sections and all(isinstance(s, Section) for s in sections)
    keys = [s.key for s in sections]
    assert keys[:2] == ["stage", "minmax"]
    assert len(set(keys)) == len(keys)


def test_truce_outcomes_and_explanation():
    res = contract.analyse(load(ROOT / "scenarios" / "olympic_truce.yaml"))
    assert contract.outcomes(res) == (
        "grim trigger sustains (suspend, freeze)",
        "stage equilibrium: pressure, test",
        "tit-for-tat sustains (suspend, freeze)",
    )
    below = contract.analyse(res.scenario, {"delta": "0.3"})
    assert contract.outcomes(below) == ("stage equilibrium: pressure, test",)
    grim = next(s for s in contract.explain_sections(res) if s.key == "grim")
    derivation = next(b for b in grim.blocks if isinstance(b, Derivation))
    assert any("δ ≥ (6 − 4)/(6 − 2) = 1/2" in line for line in derivation.lines)
    table = next(b for b in grim.blocks if isinstance(b, Table))
    assert ("(suspend, freeze)", "6, 4", "for δ ≥ 1/2", "yes") in table.rows


def test_charts_by_name_through_the_contract():
    from matplotlib.figure import Figure

    res = contract.analyse(load(ROOT / "scenarios" / "olympic_truce.yaml"))
    for name in ("threshold", "tournament", "trajectories", "region"):
        assert isinstance(contract.draw(res, name), Figure)
    fig = contract.draw(res, "threshold", parameter="test_value", values=[F(k) for k in range(8)])
    assert len(fig.axes[0].lines[0].get_xdata()) == 8
    assert contract.get_kind("repeated").charts["threshold"].needs == ("vary",)
    three = contract.analyse(load(DATA / "valid" / "repeated_three_players.yaml"))
    with pytest.raises(ScenarioError, match="2-player"):
        contract.draw(three, "region")


def test_unknown_method_is_a_located_error():
    scn = load(ROOT / "scenarios" / "olympic_truce.yaml")
    with pytest.raises(ScenarioError, match="unknown method 'purr'") as exc:
        contract.analyse(scn, method="purr")
    assert exc.value.problems[0].location.file == "--method"
    with pytest.raises(ScenarioError, match="--convention applies to"):
        contract.analyse(scn, convention="x")


def test_pure_method_says_its_thresholds_are_for_pure_threats():
    """With every equilibrium the threat is the mixed one (8/3 each): (share, share) needs
    δ ≥ (6 − 5)/(6 − 8/3) = 3/10.  With pure equilibria only the threat is (grab, grab)'s
    neighbour worth 3, so δ ≥ 1/3 — a different question, which the result must say it
    answered (in a note, in the punishment text and in the JSON), not silently."""
    scn = loads(THREE_BY_THREE, "three.yaml")
    full = contract.analyse(scn)
    assert full.threshold((1, 1)).delta_min == F(3, 10)
    assert full.equilibria_whole_set and full.punishment_from == "every stage equilibrium"
    assert not full.notes

    pure = contract.analyse(scn, method="pure")
    assert pure.threshold((1, 1)).delta_min == F(1, 3)  # the pure threats' threshold
    assert not pure.equilibria_whole_set
    assert pure.punishment_from == "pure stage equilibria only"
    assert any("only the pure equilibria" in n and "thresholds" in n for n in pure.notes)
    out = contract.to_dict(pure)
    json.dumps(out)
    assert out["stage_equilibria_complete"] is False
    assert out["punishment_from"] == "pure stage equilibria only"
    assert any("pure" in n for n in out["notes"])
    text = contract.to_text(pure)
    assert "pure stage equilibria only" in text and "among those found" in text
    # the same δ = 0.31 reads differently, and the labels show it
    assert "grim trigger sustains (share, share)" in contract.outcomes(full)
    assert "grim trigger sustains (share, share)" not in contract.outcomes(pure)


def test_kinds_do_not_import_each_other():
    code = (
        "import sys, sim.scenario as s; s.load('scenarios/beijing_outside_option.yaml');"
        "s.load('scenarios/olympic_truce.yaml');"
        "import sim.repeated, sim.bargaining;"
        "print(sorted(m for m in sys.modules if m.startswith(('sim.normal_form', "
        "'sim.sequential', 'sim.conflict'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
    code = (
        "import sys, sim.bargaining; "
        "print([m for m in sys.modules if m.startswith('sim.repeated')])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
    for pkg in ("repeated", "bargaining"):
        other = "bargaining" if pkg == "repeated" else "repeated"
        for f in (ROOT / "sim" / pkg).glob("*.py"):
            src = f.read_text(encoding="utf-8")
            assert f"..{other}" not in src and f"sim.{other}" not in src, f
