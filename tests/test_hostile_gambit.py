"""Hostile Gambit files: every error is located (file and line), sizes and numbers bounded."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.scenario import load
from sim.scenario.errors import ScenarioError
from sim.sequential.efg import MAX_EFG_DEPTH, parse_efg

from .hostile import negsim

EFG_HEAD = 'EFG 2 R "g" { "A" "B" }\n""\n'
NFG_HEAD = 'NFG 1 R "g" { "A" "B" }\n{ { "x" "y" } { "l" "r" } }\n""\n'


def chance(moves: str) -> str:
    return (
        EFG_HEAD
        + f'c "root" 1 "" {{ {moves} }} 0\n'
        + 't "h" 1 "h" { 1, 0 }\n'
        + 't "t" 2 "t" { 0, 1 }\n'
    )


def refused(tmp_path, name: str, text: str | bytes, says: str, line: int | None) -> None:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    start = time.perf_counter()
    with pytest.raises(ScenarioError, match=says) as err:
        load(path)
    assert time.perf_counter() - start < 5
    loc = err.value.problems[0].location
    assert loc.file == str(path)
    if line is not None:
        assert loc.line == line


@pytest.mark.parametrize(
    "moves, says",
    [
        ('"h" 1 "t" 1', "add up to 2, not 1"),
        ('"h" 1/3 "t" 1/3', "add up to 2/3, not 1"),
        ('"h" -1/2 "t" 3/2', "between 0 and 1"),
        ('"h" nan "t" 1', "probability of 'h'"),
        ('"h" inf "t" 0', "probability of 'h'"),
        ('"h" 0.333 "t" 0.666', "add up to"),
    ],
)
def test_chance_probabilities_are_checked(tmp_path, moves, says):
    refused(tmp_path, "c.efg", chance(moves), says, 3)


def test_exact_chance_probabilities_are_read():
    tree = parse_efg(chance('"h" 1/3 "t" 2/3'))
    assert tree.nodes[0].probs == (pytest.approx(1 / 3), pytest.approx(2 / 3))


@pytest.mark.parametrize(
    "payoff, says",
    [("1e400", "more than 1e100"), ("1e-300", "less than 1e-100"), ("nan", "expected a payoff")],
)
def test_efg_payoffs_are_bounded(tmp_path, payoff, says):
    text = chance('"h" 1/2 "t" 1/2').replace("{ 1, 0 }", f"{{ {payoff}, 0 }}")
    refused(tmp_path, "p.efg", text, says, 4)


@pytest.mark.parametrize(
    "payoff, says",
    [
        ("1e400", "more than 1e100"),
        ("1e300", "more than 1e100"),
        ("1e-300", "less than 1e-100"),
        ("nan", "expected a payoff"),
        ("inf", "expected a payoff"),
        ("1" * 5000, "more than 1e100"),
    ],
)
def test_nfg_payoffs_are_bounded(tmp_path, payoff, says):
    refused(tmp_path, "p.nfg", NFG_HEAD + f"{payoff} 1 0 0 0 0 1 1\n", says, 4)


def test_efg_without_players(tmp_path):
    refused(tmp_path, "n.efg", 'EFG 2 R "g" { }\n""\nt "" 1 "" { }\n', "no players", 1)


def test_efg_decision_without_moves(tmp_path):
    text = EFG_HEAD + 'p "root" 1 1 "" { } 0\n'
    refused(tmp_path, "m.efg", text, "has no moves", 3)


def test_efg_chance_without_moves(tmp_path):
    refused(tmp_path, "m.efg", EFG_HEAD + 'c "root" 1 "" { } 0\n', "at least one move", 3)


def test_efg_outcome_with_the_wrong_count_has_a_line(tmp_path):
    text = chance('"h" 1/2 "t" 1/2').replace("{ 1, 0 }", "{ 1 }")
    refused(tmp_path, "o.efg", text, "1 payoffs for 2 players", 4)


def test_efg_that_ends_early_has_a_line(tmp_path):
    refused(tmp_path, "e.efg", EFG_HEAD + 'p "root" 1 1 "" { "a" "b" } 0\n', "ends", 3)


def test_a_900_node_efg_chain_is_refused_by_depth(tmp_path):
    # the root's "stop" leaf comes after it; depth grows with every "go"
    text = (
        EFG_HEAD
        + "".join(f'p "" 1 {k + 1} "" {{ "go" "stop" }} 0\n' for k in range(900))
        + "".join(f't "" {k + 1} "" {{ 1, 0 }}\n' for k in range(901))
    )
    refused(tmp_path, "chain.efg", text, f"more than {MAX_EFG_DEPTH} moves deep", MAX_EFG_DEPTH + 4)


def test_nfg_header_with_ten_billion_strategies_is_refused_at_once(tmp_path):
    refused(
        tmp_path,
        "big.nfg",
        'NFG 1 R "g" { "A" "B" }\n{ 10000000000 1 }\n1 2\n',
        "10,000,000,000 strategy profiles",
        2,
    )


def test_nfg_header_with_big_counts_under_a_memory_cap(tmp_path):
    path = tmp_path / "big.nfg"
    path.write_text('NFG 1 R "g" { "A" "B" }\n{ 100000 100000 }\n1 2\n')
    result = negsim("validate", path)
    assert result.returncode == 1
    assert f"{path}:2" in result.stderr


@pytest.mark.parametrize("suffix", [".nfg", ".efg", ".yaml"])
def test_latin1_files_give_a_located_message(tmp_path, suffix):
    head = NFG_HEAD if suffix == ".nfg" else EFG_HEAD if suffix == ".efg" else "format: negsim/1\n"
    text = head.replace('"g"', '"Caf\xe9"').encode("latin-1")
    if suffix == ".yaml":
        text = b"format: negsim/1\ntitle: Caf\xe9\n"
    line = 2 if suffix == ".yaml" else 1
    refused(tmp_path, "l" + suffix, text, "not UTF-8 text: byte 0xe9", line)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet='EFGNR12 "{}pct0/.-\n,xyeinf', max_size=120))
def test_any_efg_text_is_a_tree_or_a_located_error(text):
    try:
        parse_efg(text, "f.efg")
    except ScenarioError as exc:
        assert exc.problems[0].location.file == "f.efg"
        assert exc.problems[0].location.line >= 1
