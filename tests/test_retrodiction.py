"""docs/retrodiction.md is generated from docs/record.yaml and the scenarios; its verdicts come
from matching observed strategy profiles against the equilibria, and a renamed strategy or a
missing scenario is reported, never a crash."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def mod():
    spec = importlib.util.spec_from_file_location(
        "make_retrodiction", ROOT / "examples" / "make_retrodiction.py"
    )
    m = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = m  # its dataclasses look their module up while being defined
    spec.loader.exec_module(m)
    return m


def test_page_is_in_sync(mod):
    text = mod.render()
    assert (ROOT / "docs" / "retrodiction.md").read_text(encoding="utf-8") == text, (
        "docs/retrodiction.md is stale; run `python examples/make_retrodiction.py --write`"
    )
    assert "| `hanoi` | 2019-02-28 |" in text
    assert "| `tests_halted` | 2017-11-29 |" in text


def test_record_is_complete_and_sourced(mod):
    record = mod.load_record()
    for key, ev in record["events"].items():
        assert ev.get("date") and ev.get("what") and ev.get("sources"), key
    for required in ("tests_halted", "olympic_truce", "singapore", "drills_suspended", "hanoi"):
        assert required in record["events"]
    for name, checks in record["checks"].items():
        for check in checks:
            assert check["event"] in record["events"], (name, check["event"])
            assert ("observed" in check) != ("pattern" in check), name


def test_verdicts_on_textbook_games(mod):
    judge = mod.judge
    pd = "classics/prisoners_dilemma"
    assert judge(pd, {"observed": {"Row": "defect"}}).verdict == mod.PREDICTED
    assert judge(pd, {"observed": {"Row": "cooperate"}}).verdict == mod.RULED_OUT
    chicken = "classics/chicken"
    v = judge(chicken, {"observed": {"USA": "stand_firm", "USSR": "back_down"}})
    assert v.verdict == mod.POSSIBLE and "1 of 3 equilibria" in v.detail
    v = judge(chicken, {"observed": {"USA": "stand_firm", "USSR": "stand_firm"}})
    assert v.verdict == mod.MIXED_ONLY  # war happens only when both randomise
    v = judge(chicken, {"observed": {"USA": ["stand_firm", "back_down"]}})
    assert v.verdict == mod.PREDICTED  # a list of alternatives covers every strategy
    pennies = "classics/matching_pennies"
    players = [p for p in mod_players(pennies)]
    v = judge(pennies, {"observed": {players[0][0]: players[0][1][0]}})
    assert v.verdict == mod.MIXED_ONLY


def mod_players(name):
    from sim.bundled import load

    return [(p.id, p.strategies) for p in load(name).players]


def test_move_order_and_overrides_in_a_check(mod):
    check = {"observed": {"USSR": "stand_firm", "USA": "back_down"}, "move_order": ["USSR", "USA"]}
    v = mod.judge("classics/chicken", check)
    assert v.verdict == mod.PREDICTED and "subgame-perfect path" in v.detail
    check = {"observed": {"USA": "stand_firm", "USSR": "stand_firm"}, "set": {"war": 3}}
    assert mod.judge("classics/chicken", check).verdict == mod.PREDICTED  # Deadlock


def test_paths_and_patterns(mod):
    tree = "classics/sequential_chicken"
    assert mod.judge(tree, {"observed": {"First": "stand_firm"}}).verdict == mod.PREDICTED
    assert mod.judge(tree, {"observed": {"Second": "stand_firm"}}).verdict == mod.RULED_OUT
    v = mod.judge(tree, {"pattern": "Second: back_down"})
    assert v.verdict == mod.POSSIBLE
    assert mod.judge(tree, {"pattern": "war"}).verdict == mod.RULED_OUT


def test_changed_files_are_reported_not_fatal(mod):
    v = mod.judge("classics/chicken", {"observed": {"USA": "swerve"}})
    assert v.verdict == mod.CANNOT and "no strategy 'swerve'" in v.detail
    v = mod.judge("classics/chicken", {"observed": {"Japan": "x"}})
    assert v.verdict == mod.CANNOT and "no player Japan" in v.detail
    v = mod.judge("no_such_scenario", {"observed": {"US": "x"}})
    assert v.verdict == mod.CANNOT and "does not load" in v.detail
    record = {
        "events": {"e": {"date": "2018-01-01", "what": "x", "sources": ["s"]}},
        "checks": {"classics/chicken": [{"event": "e", "observed": {"USA": "swerve"}}]},
        "not_checked": {},
    }
    text = mod.render(record)
    assert "| cannot check | ? |" in text
    assert "## Korean scenarios without a check" in text
