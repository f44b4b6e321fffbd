"""Explanations of textbook games state the right equilibria and steps.

Known results: Prisoner's Dilemma (defect strictly dominates; unique equilibrium), Matching
Pennies (unique mixed equilibrium, 1/2 each, by indifference), Battle of the Sexes (two pure
equilibria and a mixed one with Row on its favourite with probability 2/3 and Column on its own
favourite with 2/3, i.e. on Row's favourite with 1/3) — Osborne, *An Introduction to Game
Theory* (2004), sections 2.2, 2.7, 4.1-4.3; Rock-Paper-Scissors (unique equilibrium 1/3 each),
Osborne (2004) exercise 4.4.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from sim.bundled import resolve
from sim.explain import Bullets, Derivation, Paragraph, Table, classify_2x2, explain
from sim.explain.text import render_text
from sim.game import Game
from sim.scenario import load

#: the first edition of freeze_for_freeze (a fixture with closed forms; the bundled file now
#: derives its result from primitives, see tests/test_korea_revised.py)
TEXTBOOK_FREEZE = Path(__file__).resolve().parent / "data" / "valid" / "freeze_textbook.yaml"


def _text(section) -> str:
    parts = []
    for b in section.blocks:
        if isinstance(b, Paragraph):
            parts.append(b.text)
        elif isinstance(b, Derivation):
            parts.extend(b.lines)
        elif isinstance(b, Bullets):
            parts.extend(b.items)
        elif isinstance(b, Table):
            parts.append(" | ".join(b.header))
            parts.extend(" | ".join(r) for r in b.rows)
    return "\n".join(parts)


def pd_game() -> Game:
    # Osborne (2004) figure 14.1: (C,C)=(2,2), (C,D)=(0,3), (D,C)=(3,0), (D,D)=(1,1)
    return Game.from_bimatrix(
        [[2, 0], [3, 1]],
        [[2, 3], [0, 1]],
        players=("Alice", "Bob"),
        strategies=(("cooperate", "defect"), ("cooperate", "defect")),
        title="Prisoner's Dilemma",
    )


def test_prisoners_dilemma_defect_dominates():
    e = explain(game=pd_game())
    dom = _text(e.section("dominance"))
    assert "for Alice, cooperate is strictly dominated by defect" in dom
    assert "for Bob, cooperate is strictly dominated by defect" in dom
    assert "by at least 1" in dom
    assert "Only one outcome survives: (defect, defect)" in dom
    eqs = e.facts["equilibria"]
    assert [q["label"] for q in eqs] == ["(defect, defect)"]
    assert e.facts["archetype"] == "prisoners-dilemma"
    meaning = _text(e.section("meaning"))
    assert "Prisoner's Dilemma" in meaning
    assert (
        "(cooperate, cooperate) would give Alice 2 instead of 1 and Bob 2 instead of 1" in meaning
    )
    # the best-response table names defect against both choices, a dominant strategy
    br = _text(e.section("best-responses"))
    assert "same best response whatever the others do: defect" in br


def test_matching_pennies_half_by_indifference():
    scn = load(resolve("classics/matching_pennies"))
    e = explain(scn, thresholds=False)
    eqs = e.facts["equilibria"]
    assert len(eqs) == 1 and not eqs[0]["pure"]
    for probs in eqs[0]["strategies"].values():
        assert set(probs.values()) == {"1/2"}
    eq_text = _text(e.section("equilibria"))
    assert "mixes only if heads and tails pay the same" in eq_text
    assert "4·q = 2" in eq_text and "q = 2/4 = 1/2" in eq_text
    assert "no strategy is strictly dominated" in _text(e.section("dominance"))
    assert e.facts["archetype"] == "matching-pennies"


def test_battle_of_the_sexes_three_equilibria_exact():
    scn = load(resolve("classics/battle_of_the_sexes"))
    e = explain(scn)
    labels = sorted(q["label"] for q in e.facts["equilibria"])
    assert "(bach, bach)" in labels and "(stravinsky, stravinsky)" in labels
    mixed = [q for q in e.facts["equilibria"] if not q["pure"]]
    assert len(mixed) == 1
    assert mixed[0]["strategies"]["Row"] == {"bach": "2/3", "stravinsky": "1/3"}
    assert mixed[0]["strategies"]["Column"] == {"bach": "1/3", "stravinsky": "2/3"}
    assert mixed[0]["payoffs"] == {"Row": "2/3", "Column": "2/3"}
    eq_text = _text(e.section("equilibria"))
    assert "3·q = 2" in eq_text or "3·q = 1" in eq_text
    assert e.facts["archetype"] == "battle-of-the-sexes"


def test_freeze_for_freeze_default_explanation():
    scn = load(TEXTBOOK_FREEZE)
    e = explain(scn)
    mixed = [q for q in e.facts["equilibria"] if not q["pure"]]
    assert mixed[0]["strategies"]["US"]["suspend"] == "2/3"
    assert mixed[0]["strategies"]["DPRK"]["freeze"] == "3/4"
    eq_text = _text(e.section("equilibria"))
    # the step-by-step algebra of the scenario notes: 11q - 4 = 7q - 1, so q = 3/4
    assert "11·q - 4 = 7·q - 1" in eq_text
    assert "4·q = 3" in eq_text
    assert e.facts["archetype"] == "stag-hunt"
    # the game in words uses the scenario's descriptions and about lines
    words = _text(e.section("game"))
    assert "Suspend exercises and new sanctions" in words
    assert "deterrence signalling" in words
    text = render_text(e)
    assert "Wang Junsheng" in text  # sources
    assert "[0]" not in text and "s1" not in text  # labels, not indices


def test_freeze_for_freeze_thresholds_exact():
    """The scenario's stated condition: the mutual freeze is an equilibrium exactly when
    drill_value <= deal_bonus and test_value <= deal_bonus (defaults 2, 2, 3)."""
    scn = load(TEXTBOOK_FREEZE)
    e = explain(scn)
    ths = {t["parameter"]: t for t in e.facts["thresholds"]}
    assert ths["drill_value"]["value"] == "3" and ths["drill_value"]["exact"]
    assert ths["test_value"]["value"] == "3"
    assert ths["deal_bonus"]["value"] == "2"
    assert ths["drill_value"]["above"] == ["(pressure, test)"]
    assert "(suspend, freeze)" in ths["drill_value"]["at"]  # a tie still supports the freeze
    assert set(ths) == {"drill_value", "test_value", "deal_bonus"}
    text = _text(e.section("thresholds"))
    assert "US is indifferent between suspend and pressure when DPRK plays freeze" in text


def test_thresholds_verified_on_both_sides():
    from sim.explain.thresholds import equilibrium_signature, scan_parameters
    from sim.scenario import build

    scn = load(TEXTBOOK_FREEZE)
    for sc in scan_parameters(scn):
        for th in sc.thresholds:
            below = build(scn, {th.parameter: th.below_sample})
            above = build(scn, {th.parameter: th.above_sample})
            at = build(scn, {th.parameter: th.value})
            assert equilibrium_signature(below) == th.below
            assert equilibrium_signature(above) == th.above
            assert equilibrium_signature(at) == th.at
            assert th.below != th.above
    # brute force: the pure equilibria of a fine grid change only at drill_value = 3
    from sim.solvers.pure import pure_equilibrium_profiles

    prev, changes = None, []
    for k in range(0, 101):
        x = Fraction(k, 10)
        cur = tuple(pure_equilibrium_profiles(build(scn, {"drill_value": x})))
        if prev is not None and cur != prev:
            changes.append(x)
        prev = cur
    assert changes == [Fraction(31, 10)]  # first grid point above the threshold 3


def test_overrides_change_the_story():
    scn = load(TEXTBOOK_FREEZE)
    e = explain(scn, overrides={"drill_value": "4"}, thresholds=False)
    assert [q["label"] for q in e.facts["equilibria"]] == ["(pressure, test)"]
    assert "drill_value = 4" in e.subtitle
    assert "for US, suspend is strictly dominated by pressure" in _text(e.section("dominance"))


def test_rock_paper_scissors_system_for_three_strategies():
    A = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    g = Game.from_bimatrix(
        A, None, players=("Ann", "Bob"), strategies=(("rock", "paper", "scissors"),) * 2
    )
    e = explain(game=g)
    eq_text = _text(e.section("equilibria"))
    # solved by hand: v eliminated, y(scissors) substituted, then Gauss-Jordan
    assert "paper - rock: y(rock) + y(paper) - 2·y(scissors) = 0" in eq_text
    assert "So y(rock) = 1/3, y(paper) = 1/3, y(scissors) = 1/3" in eq_text
    assert "So x(rock) = 1/3, x(paper) = 1/3, x(scissors) = 1/3" in eq_text
    assert "every strategy Ann uses pays v = 0" in eq_text
    assert classify_2x2(g) is None


def test_mixed_domination_is_explained():
    # Middle is dominated only by the mixture 1/2 Top + 1/2 Bottom (Osborne 2004, fig. 120.1 style)
    A = [[4, 0], [1, 1], [0, 4]]
    B = [[1, 0], [0, 1], [1, 0]]
    g = Game.from_bimatrix(A, B, strategies=(("top", "middle", "bottom"), ("left", "right")))
    e = explain(game=g)
    dom = _text(e.section("dominance"))
    assert "middle is strictly dominated by the mixture" in dom
    assert "mixture pays" in dom


def test_three_player_explanation():
    scn = load(resolve("freeze_for_freeze_enforcer"))
    e = explain(scn, thresholds=False)
    assert e.facts["equilibria"]
    assert len([b for b in e.section("payoffs").blocks if isinstance(b, Table)]) >= 2


@pytest.mark.parametrize("name", ["olympic_truce", "korea_conflict", "beijing_outside_option"])
def test_other_kinds_delegate(name):
    from sim import contract

    scn = load(resolve(name))
    e = explain(scn)
    kind_keys = [s.key for s in contract.explain_sections(contract.analyse(scn))]
    assert kind_keys and all(e.has_section(k) for k in kind_keys)
    assert e.has_section("sources")
    assert e.facts["kind"] == scn.meta.kind


def test_explanation_is_frozen():
    e = explain(game=pd_game())
    with pytest.raises(AttributeError):
        e.title = "x"  # type: ignore[misc]


def test_indifference_algebra_agrees_with_the_solver():
    """On random 2x2 games, every 'q = ...' the derivation solves for equals the probability
    in the certified equilibrium (the algebra is computed independently of the solver)."""
    import random
    import re

    from sim.solvers import solve

    rng = random.Random(2024)
    checked = 0
    for _ in range(150):
        A = [[rng.randrange(-5, 6) for _ in range(2)] for _ in range(2)]
        B = [[rng.randrange(-5, 6) for _ in range(2)] for _ in range(2)]
        g = Game.from_bimatrix(A, B, strategies=(("up", "down"), ("left", "right")))
        res = solve(g, "enumerate")
        mixed = [q for q in res.equilibria if not q.is_pure]
        if not any(len(q.support()[0]) == 2 and len(q.support()[1]) == 2 for q in mixed):
            continue
        e = explain(game=g, result=res)
        ders = [b for b in e.section("equilibria").blocks if isinstance(b, Derivation)]
        for d in ders:
            who = re.match(r"Let q be the probability that (\w+) plays (\w+)", d.lines[0])
            solved = [ln for ln in d.lines if re.fullmatch(r"q = .*", ln)]
            if not who or not solved:
                continue
            player = 0 if who.group(1) == "Row" else 1
            k = g.strategies[player].index(who.group(2))
            value = Fraction(solved[-1].split("= ")[-1])
            assert any(q.strategies[player][k] == value for q in mixed), (A, B, d.lines)
            checked += 1
    assert checked >= 20


def test_weak_dominance_is_noted_not_applied():
    # Row's b is weakly dominated by a, Column's d by c; yet (b, c) is an equilibrium
    g = Game.from_bimatrix([[1, 1], [1, 0]], [[1, 1], [1, 0]], strategies=(("a", "b"), ("c", "d")))
    e = explain(game=g)
    dom = _text(e.section("dominance"))
    assert "Row's b is weakly dominated by a" in dom
    assert "(b, c)" in [q["label"] for q in e.facts["equilibria"]]


def test_connected_sets_and_huge_denominators_are_worded():
    g = Game.from_bimatrix([[1, 1, 0], [1, 1, 2]], [[1, 1, 0], [1, 1, 0]])
    e = explain(game=g)
    text = _text(e.section("equilibria"))
    assert "not strict" in text
    from sim.solvers import solve

    if solve(g, "auto").components:
        assert "Connected set 1 (its end points are equilibria 1, 2, 3, 4)" in text
    import math

    g2 = Game.from_bimatrix([[math.pi, 0], [0, 1]], [[1, 0], [0, math.e]])
    mixed = [q for q in explain(game=g2).facts["equilibria"] if not q["pure"]]
    assert mixed[0]["strategies"]["Row"]["r1"] == "≈0.731059"  # e/(1+e), not a 16-digit fraction


def test_elimination_by_hand_agrees_with_the_solver_on_random_3x3():
    """Every 3-strategy mixture derived by hand equals the certified equilibrium's."""
    import random
    import re

    rng = random.Random(7)
    checked = 0
    for _ in range(20):  # 4 derivations of a 3-strategy mixture among these 20 games
        A = [[rng.randrange(0, 7) for _ in range(3)] for _ in range(3)]
        B = [[rng.randrange(0, 7) for _ in range(3)] for _ in range(3)]
        g = Game.from_bimatrix(A, B, strategies=(("a", "b", "c"), ("d", "e", "f")))
        e = explain(game=g)
        for d in (b for b in e.section("equilibria").blocks if isinstance(b, Derivation)):
            so = [ln for ln in d.lines if ln.startswith("So ") and "(the last from" in ln]
            if not so:
                continue
            values = {
                k: v
                for _, k, v in re.findall(
                    r"([xy])\((\w)\) = ([-\d/]+)", so[0].split("(the last")[0]
                )
            }
            player = "Row" if so[0].startswith("So x") else "Column"
            mixes = [q["strategies"][player] for q in e.facts["equilibria"] if not q["pure"]]
            assert any(all(m.get(k) == v for k, v in values.items()) for m in mixes), (
                A,
                B,
                d.lines,
            )
            checked += 1
    assert checked >= 3
