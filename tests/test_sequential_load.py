"""Loading ``kind: sequential`` files: forms the format accepts, located errors, overrides, CLI."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import pytest

from sim.contract import to_dict, to_text
from sim.scenario import ScenarioError, load, loads
from sim.sequential import SequentialScenario, analyse, build_tree
from sim.sequential.tree import CHANCE, DECISION, TERMINAL

DATA = Path(__file__).resolve().parent / "data"

HEAD = "format: negsim/1\nkind: sequential\ntitle: t\n"


def test_forms_players_payoffs_names_and_about():
    text = (
        HEAD
        + """
parameters:
  q: {value: 1/4, min: 0, max: 1, about: chance of rain}
players:
  A: {name: Alice}
  B: Bob
  C: {}
tree:
  player: chance
  about: the weather
  moves:
    rain:
      prob: q
      player: A
      name: A in the rain
      moves:
        stay: {payoffs: {A: 1, B: 0, C: "2*q"}}
        go: {payoffs: [0, 1, 0], about: wet}
    sun:
      prob: 1 - q
      payoffs: [2, 2, 0.5]
"""
    )
    scn = loads(text, "f.yaml")
    assert isinstance(scn, SequentialScenario)
    assert scn.players == ("A", "B", "C")
    assert scn.player_names == ("Alice", "Bob", "C")
    tree = build_tree(scn)
    assert [n.kind for n in tree.nodes] == [CHANCE, DECISION, TERMINAL, TERMINAL, TERMINAL]
    assert [n.name for n in tree.nodes] == [
        "root",
        "A in the rain",
        "A in the rain/stay",
        "A in the rain/go",
        "sun",
    ]
    assert tree.root.probs == (F(1, 4), F(3, 4))
    assert tree.nodes[2].payoffs == (1, 0, F(1, 2))
    assert tree.nodes[4].payoffs == (2, 2, F(1, 2))
    assert tree.root.label == "the weather" and tree.nodes[3].label == "wet"
    assert tree.is_exact
    # a player without moves (C) gets the single reduced strategy "(no move)"
    res = analyse(scn)
    assert res.nash.reduced.game.strategies[2] == ("(no move)",)
    assert res.backward.equilibria[0].payoffs == (F(7, 4), F(3, 2), F(1, 2))


def test_probabilities_checked_again_after_overrides():
    text = (
        HEAD
        + """
parameters:
  q: {value: 1/4, about: chance of rain}
players: [A]
tree:
  player: chance
  moves:
    rain: {prob: q, payoffs: [1]}
    sun: {prob: 1/2, payoffs: [0]}
"""
    )
    with pytest.raises(ScenarioError, match="sum to 3/4, not 1"):
        loads(text, "f.yaml")
    ok = text.replace("prob: 1/2", "prob: 1 - q")
    scn = loads(ok, "f.yaml")
    with pytest.raises(ScenarioError) as info:
        build_tree(scn, {"q": "3/2"})
    assert "probability of 'rain' at chance node 'root' is 3/2" in str(info.value)
    assert str(info.value.problems[0].location).startswith("--set")
    with pytest.raises(ScenarioError, match="unknown parameter 'r'"):
        build_tree(scn, {"r": 1})


@pytest.mark.parametrize(
    "tree_text, message",
    [
        (
            """
  player: A
  moves:
    l: {payoffs: [1]}
    r: {name: l/x, payoffs: [0]}
    m: {name: l/x, payoffs: [0]}
""",
            "two nodes are named 'l/x'",
        ),
        (
            """
  player: A
  moves: {}
""",
            "node 'root' has no moves",
        ),
        (
            """
  payoffs: [1]
""",
            "the tree is a single leaf",
        ),
        (
            """
  player: A
  moves:
    l: {payoffs: {A: 1, Z: 2}}
""",
            "payoff for unknown player 'Z'",
        ),
        (
            """
  player: A
  moves:
    l: {}
""",
            "needs either 'payoffs:'",
        ),
        (
            """
  player: A
  moves:
    l: {payoffs: 3}
""",
            "must be a list [one per player]",
        ),
    ],
)
def test_more_located_errors(tree_text, message):
    text = HEAD + "players: [A]\ntree:" + tree_text
    with pytest.raises(ScenarioError) as info:
        loads(text, "f.yaml")
    assert message in str(info.value)
    assert all(p.location.line >= 1 for p in info.value.problems)


def test_reserved_and_clashing_names():
    with pytest.raises(ScenarioError, match="'chance' is reserved"):
        loads(
            HEAD + "players: [chance]\ntree:\n  player: chance\n  moves:\n"
            "    a: {prob: 1, payoffs: [1]}\n",
            "f.yaml",
        )
    with pytest.raises(ScenarioError, match="both a player and a parameter"):
        loads(
            HEAD + "parameters: {A: 1}\nplayers: [A]\ntree:\n  player: A\n  moves:\n"
            "    a: {payoffs: [A]}\n",
            "f.yaml",
        )


def test_no_is_a_move_not_false():
    text = (
        HEAD
        + """
players: [A]
tree:
  player: A
  moves:
    yes: {payoffs: [1]}
    no: {payoffs: [0]}
"""
    )
    tree = build_tree(loads(text, "f.yaml"))
    assert tree.root.moves == ("yes", "no")


def test_every_valid_fixture_runs_and_serialises():
    for path in sorted((DATA / "valid").glob("sequential_*.yaml")):
        res = analyse(load(path))
        text = to_text(res)
        assert res.title in text
        js = json.loads(json.dumps(to_dict(res)))
        assert {"scenario", "kind", "parameters", "negsim_version"} <= set(js)
        assert js["kind"] == "sequential"


def test_cli_run_and_validate(capsys):
    from sim.cli import main

    assert main(["run", str(DATA / "valid" / "sequential_entry.yaml")]) == 0
    out = capsys.readouterr().out
    assert "Subgame-perfect equilibrium (unique)" in out
    assert "path: Entrant: in → Incumbent: accommodate" in out
    assert "[not subgame perfect]" in out  # (out, fight) is an empty threat
    bad = DATA / "invalid" / "sequential_unknown_player.yaml"
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "sequential_unknown_player.yaml:7:11: unknown player 'USA'" in err
    assert "Traceback" not in err


def test_docs_examples_run(tmp_path, monkeypatch):
    """The YAML and the Python examples of docs/sequential.md run as written."""
    import re

    doc = (DATA.parent.parent / "docs" / "sequential.md").read_text(encoding="utf-8")
    (yaml_block,) = re.findall(r"```yaml\n(.*?)```", doc, re.S)
    res = analyse(loads(yaml_block, "docs.yaml"))
    assert res.backward.equilibria[0].payoffs == (1, 1)
    monkeypatch.chdir(DATA.parent.parent)
    python = re.findall(r"```python\n(.*?)```", doc, re.S)
    last = python[-1]
    exec(compile(last, "docs/sequential.md", "exec"), {"print": lambda *a, **k: None})


def test_json_schema_branch_accepts_the_bundled_trees():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from sim.scenario import load_kinds
    from sim.scenario.schema import json_schema

    load_kinds()
    validator = jsonschema.Draft202012Validator(json_schema())
    root = DATA.parent.parent
    for path in [
        root / "scenarios" / "summit_types.yaml",
        root / "scenarios" / "security_guarantee.yaml",
        DATA / "valid" / "sequential_beer_quiche.yaml",
    ]:
        assert not list(validator.iter_errors(yaml.safe_load(path.read_text()))), path
    bad = yaml.safe_load((DATA / "invalid" / "sequential_unknown_key.yaml").read_text())
    assert any("moevs" in e.message for e in validator.iter_errors(bad))
