"""Game trees: backward induction, reduced normal form, Nash and subgame-perfect equilibria.

Known textbook results, each with its source.
"""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import pytest

from sim.scenario import loads
from sim.sequential import (
    analyse_tree,
    backward_induction,
    build_tree,
    nash_equilibria,
    reduced_normal_form,
    subgame_perfect_equilibria,
    tree_from_nested,
)
from sim.sequential.reduce import behaviour_from_mixed, certify_behaviour, pure_behaviour

DATA = Path(__file__).resolve().parent / "data"


def tree_of(text: str, **overrides):
    return build_tree(loads(text, "<test>"), overrides or None)


# Sequential Chicken (Schelling 1960, The Strategy of Conflict, chs. 2 and 5; Dixit & Skeath,
# Games of Strategy, the chapter on strategic moves).  Simultaneous Chicken: swerve/swerve 3,3;
# swerve/straight 2,4; straight/swerve 4,2; straight/straight 1,1.  When one driver commits
# first (observably), the other's best reply to "straight" is to swerve (2 > 1), so the
# committed first mover gets 4 and the other 2.
CHICKEN = """
format: negsim/1
kind: sequential
title: Sequential Chicken
players: [First, Second]
tree:
  player: First
  moves:
    swerve:
      player: Second
      moves:
        swerve: {payoffs: [3, 3]}
        straight: {payoffs: [2, 4]}
    straight:
      player: Second
      moves:
        swerve: {payoffs: [4, 2]}
        straight: {payoffs: [1, 1]}
"""


def test_schelling_commitment_first_mover_gets_4_2():
    tree = tree_of(CHICKEN)
    bi = backward_induction(tree)
    assert bi.unique
    (eq,) = bi.equilibria
    assert eq.payoffs == (4, 2)
    assert eq.path == (("root", "straight"), ("straight", "swerve"))
    # off the path the second driver would go straight after a swerve
    assert eq.move_at("swerve") == "straight"
    # node-by-node account, last movers first
    assert [s.node for s in bi.steps] == ["straight", "swerve", "root"]
    assert bi.steps[-1].best == ("straight",)


def test_sequential_chicken_has_a_non_credible_nash_equilibrium():
    # Reduced normal form: Second has 4 plans.  "Always straight" deters the first mover from
    # going straight (a Nash equilibrium paying (2, 4)), but it is an empty threat: not subgame
    # perfect.
    tree = tree_of(CHICKEN)
    res = analyse_tree(tree)
    g = res.nash.reduced.game
    assert g.shape == (2, 4)
    pays = {tuple(e.payoffs) for e in res.nash.result.equilibria}
    assert (4, 2) in pays and (2, 4) in pays
    for e, spe in zip(res.nash.result.equilibria, res.nash_is_spe):
        assert spe == (
            tuple(e.payoffs) == (4, 2)
            and e.is_pure
            and g.strategies[1][e.pure_profile()[1]] == "swerve: straight; straight: swerve"
        )


def test_entry_deterrence_spe_and_empty_threat():
    # Selten (1978); Osborne (2004), An Introduction to Game Theory, ch. 5 (the entry game, up
    # to relabelling of payoffs): the unique SPE is (in, accommodate); (out, fight) is a Nash
    # equilibrium that rests on a threat the incumbent would not carry out, and it is not
    # subgame perfect.
    tree = build_tree(
        __import__("sim.scenario", fromlist=["load"]).load(DATA / "valid" / "sequential_entry.yaml")
    )
    bi = backward_induction(tree)
    assert bi.unique and bi.equilibria[0].payoffs == (1, 1)
    assert dict(bi.equilibria[0].choices) == {"root": "in", "in": "accommodate"}
    na = nash_equilibria(tree)
    assert na.result.complete
    # out is an equilibrium whenever the incumbent fights with probability >= 1/2: extreme
    # points fight = 1 and fight = 1/2
    outs = sorted(b["in"][0] for b in na.behaviours if b["root"] == (1, 0))
    assert outs == [F(1, 2), 1]
    spe = subgame_perfect_equilibria(tree)
    assert [dict(b) for b, _ in spe.equilibria] == [{"root": (0, 1), "in": (0, 1)}]


def test_backward_induction_lists_every_spe_with_ties():
    # The follower is indifferent after "a" (2 either way) and the two choices give the leader
    # 3 or 0, so there are two subgame-perfect equilibria with different paths: (a; L) pays the
    # leader 3 > 1, and with R after a the leader prefers b (1 > 0).
    tree = tree_from_nested(
        ["Leader", "Follower"],
        {
            "player": "Leader",
            "moves": {
                "a": {
                    "player": "Follower",
                    "moves": {"L": {"payoffs": [3, 2]}, "R": {"payoffs": [0, 2]}},
                },
                "b": {"payoffs": [1, 1]},
            },
        },
    )
    bi = backward_induction(tree)
    got = {(eq.move_at("a"), eq.move_at("root"), eq.payoffs) for eq in bi.equilibria}
    assert got == {("L", "a", (3, 2)), ("R", "b", (1, 1))}
    assert bi.ties == ("a",)
    res = analyse_tree(tree)
    assert len(res.backward_certified) == 2
    assert all(e.exact and e.max_regret == 0 for e in res.backward_certified)


def test_chance_nodes_average_in_backward_induction():
    # Nature decides whether the project succeeds (prob 1/3); the investor invests iff
    # 1/3*9 + 2/3*(-3) = 1 > 0 (outside option 0).
    tree = tree_from_nested(
        ["Investor"],
        {
            "player": "Investor",
            "moves": {
                "invest": {
                    "chance": {
                        "good": (F(1, 3), {"payoffs": [9]}),
                        "bad": (F(2, 3), {"payoffs": [-3]}),
                    }
                },
                "keep": {"payoffs": [0]},
            },
        },
    )
    bi = backward_induction(tree)
    assert bi.unique and bi.equilibria[0].payoffs == (1,)
    assert bi.equilibria[0].path == (("root", "invest"), ("invest", "good"), ("invest", "bad"))


# Selten's horse (Selten 1975, IJGT 4, Fig. 1): no proper subgames, so every Nash equilibrium is
# subgame perfect.  Its pure equilibria are (across, across, right) paying (1,1,1) and
# (down, across, left) paying (3,2,2); only the first is trembling-hand perfect (not checked here).
def test_selten_horse():
    from sim.scenario import load

    tree = build_tree(load(DATA / "valid" / "sequential_horse.yaml"))
    assert not tree.is_perfect_information
    assert tree.subgame_roots() == [0]  # no proper subgames
    rf = reduced_normal_form(tree)
    assert rf.game.shape == (2, 2, 2)
    na = nash_equilibria(tree, "pure")
    got = {
        (b["root"], b["across"], b["P3_moves"], tuple(e.payoffs))
        for b, e in zip(na.behaviours, na.result.equilibria)
    }
    assert got == {((1, 0), (1, 0), (0, 1), (1, 1, 1)), ((0, 1), (1, 0), (1, 0), (3, 2, 2))}


def test_selten_horse_subgames():
    # P2's node is not a subgame root: P3's information set reaches outside its subtree.  The
    # only subgame is the whole game.
    from sim.scenario import load

    tree = build_tree(load(DATA / "valid" / "sequential_horse.yaml"))
    roots = [tree.nodes[k].name for k in tree.subgame_roots()]
    assert roots == ["root"]


def test_subgame_perfection_by_solving_subgames():
    # A simultaneous-move Prisoner's Dilemma follows a first move "play" (else both get 1).
    # The subgame's unique equilibrium is (defect, defect) paying (0, 0) < 1, so the first mover
    # opts out; (play, cooperate, cooperate) is not an equilibrium of the subgame.
    pd = {
        "player": "A",
        "infoset": "A_pd",
        "moves": {
            "C": {
                "player": "B",
                "infoset": "B_pd",
                "moves": {"C": {"payoffs": [2, 2]}, "D": {"payoffs": [-1, 3]}},
            },
            "D": {
                "player": "B",
                "infoset": "B_pd",
                "moves": {"C": {"payoffs": [3, -1]}, "D": {"payoffs": [0, 0]}},
            },
        },
    }
    tree = tree_from_nested(
        ["A", "B"], {"player": "A", "moves": {"play": pd, "out": {"payoffs": [1, 1]}}}
    )
    spe = subgame_perfect_equilibria(tree)
    assert spe.subgames == ("play",)
    assert spe.complete
    assert [(b, p) for b, p in spe.equilibria] == [
        ({"root": (0, 1), "A_pd": (0, 1), "B_pd": (0, 1)}, (1, 1))
    ]


def test_reduced_normal_form_merges_unreached_plans():
    # Player A's second decision is only reached after "go": "stop" is one reduced strategy, not
    # two (the reduced strategic form, as Gambit builds it for extensive games).
    tree = tree_from_nested(
        ["A", "B"],
        {
            "player": "A",
            "moves": {
                "stop": {"payoffs": [1, 0]},
                "go": {
                    "player": "B",
                    "moves": {
                        "stop": {"payoffs": [0, 2]},
                        "go": {
                            "player": "A",
                            "moves": {"stop": {"payoffs": [3, 1]}, "go": {"payoffs": [2, 4]}},
                        },
                    },
                },
            },
        },
    )
    rf = reduced_normal_form(tree)
    assert rf.game.strategies[0] == ("root: stop", "root: go; go/go: stop", "root: go; go/go: go")
    # centipede: backward induction stops at once
    bi = backward_induction(tree)
    assert bi.equilibria[0].path == (("root", "stop"),)
    # Kuhn: the behaviour of a pure reduced strategy, and back
    beh = behaviour_from_mixed(tree, rf, ((0, 1, 0), (1, 0)))
    assert beh == {"root": (0, 1), "go": (1, 0), "go/go": (1, 0)}
    assert (
        certify_behaviour(
            tree, rf, pure_behaviour(tree, {"root": "stop", "go": "stop", "go/go": "stop"})
        )
        is not None
    )


def test_perfect_recall_detected_on_trees():
    forgetful = tree_from_nested(
        ["A"],
        {
            "player": "A",
            "moves": {
                "l": {
                    "player": "A",
                    "infoset": "h",
                    "moves": {"x": {"payoffs": [1]}, "y": {"payoffs": [0]}},
                },
                "r": {
                    "player": "A",
                    "infoset": "h",
                    "moves": {"x": {"payoffs": [0]}, "y": {"payoffs": [1]}},
                },
            },
        },
    )
    assert [h for h, _ in forgetful.perfect_recall_violations()] == ["h"]


def test_overrides_and_exact_payoffs():
    text = """
format: negsim/1
kind: sequential
title: Threat with a cost
parameters:
  cost: {value: 1/2, min: 0, about: cost of carrying out the threat}
players: [A, B]
tree:
  player: A
  moves:
    comply: {payoffs: [0, 1]}
    defy:
      player: B
      moves:
        punish: {payoffs: ["-1", "1 - 2*cost"]}
        forgive: {payoffs: [1, "1/3"]}
"""
    # B punishes iff 1 - 2c > 1/3, i.e. c < 1/3.
    assert backward_induction(tree_of(text)).equilibria[0].payoffs == (1, F(1, 3))
    low = backward_induction(tree_of(text, cost="1/4")).equilibria[0]
    assert low.payoffs == (0, 1) and low.move_at("defy") == "punish"


def test_tree_is_immutable():
    tree = tree_of(CHICKEN)
    with pytest.raises(TypeError):
        tree.infosets["x"] = None
    with pytest.raises(AttributeError):
        tree.nodes[0].name = "x"  # type: ignore[misc]


def test_large_perfect_information_tree_without_reduced_form():
    # A 3-level, 4-move tree: A has 4 * 4**4 = 1024 reduced strategies and B 4**4 = 256, so the
    # reduced normal form (262144 profiles) is not built; backward induction still answers and
    # is checked move by move.
    import random

    from sim.sequential.backward import one_shot_deviation_gain

    rng = random.Random(1)

    def node(level):
        if level == 3:
            return {"payoffs": [rng.randrange(1000), rng.randrange(1000)]}
        return {"player": "AB"[level % 2], "moves": {f"m{k}": node(level + 1) for k in range(4)}}

    tree = tree_from_nested(["A", "B"], node(0))
    res = analyse_tree(tree, nash_max_profiles=10)
    assert res.nash is None and res.backward_certified == ()
    assert res.backward.equilibria
    assert all(one_shot_deviation_gain(tree, eq) == 0 for eq in res.backward.equilibria)


def test_one_shot_deviation_gain_detects_an_empty_threat():
    from sim.sequential.backward import SubgamePerfect, one_shot_deviation_gain

    tree = tree_of(CHICKEN)
    # Second threatens to go straight after "straight": costs it 1 (2 -> 1) at that node
    plan = SubgamePerfect(
        (("root", "swerve"), ("swerve", "straight"), ("straight", "straight")),
        (2, 4),
        (("root", "swerve"), ("swerve", "straight")),
    )
    assert one_shot_deviation_gain(tree, plan) == 1
