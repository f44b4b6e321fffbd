"""Continua of Nash equilibria in trees: each outcome class is described by its exact set (the
exact range of every probability that varies and the formula that ties some of them), checked
against hand-computed sets and by certifying points inside and outside them."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from fractions import Fraction as F

import pytest

from sim import contract
from sim.cli import main
from sim.scenario import load as load_file
from sim.sequential.continua import class_set
from sim.sequential.reduce import certify_behaviour
from sim.sequential.report_classes import class_sets, nash_classes
from tests.test_chart_layout import THREE_PLAYER_TREE

ENTRY = """\
format: negsim/1
kind: sequential
title: Entry
summary: An entrant stays out or comes in; the incumbent fights or accommodates.
sources:
  - "A textbook entry game"
players:
  E: Entrant
  I: Incumbent
tree:
  player: E
  moves:
    out: {payoffs: [0, 2]}
    in:
      player: I
      moves:
        fight: {payoffs: [-1, -1]}
        accommodate: {payoffs: [1, 1]}
"""


def _analyse(tmp_path, text, name, **options):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return contract.analyse(load_file(path), **options), path


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    """The tree's pure equilibria (fast): each class's set is worked out from the tree, not from
    the points found, so the sets are those of the complete search (which returns sample points
    of them and takes seconds; tests/test_handouts_all.py runs it)."""
    return _analyse(tmp_path_factory.mktemp("three"), THREE_PLAYER_TREE, "three", method="pure")


def test_the_three_player_tree_s_classes_are_its_exact_sets(three):
    """By hand: after dismantle and reward, China's two choices are off the path and matter to
    nobody, so any mixtures (a square).  After keep_going, the US's reward (p) and China's
    support (q) are off the path; the DPRK keeps going (payoff 1) as long as dismantling pays
    it no more: 2p + (1 - p)q <= 1, so p runs over [0, 1/2] and q over [0, 1]."""
    result, _ = three
    sets = class_sets(result)
    assert len(sets) == len(nash_classes(result)) == 3 and all(cs.exact for cs in sets)
    square = sets[0]
    assert [(r.infoset, r.lo, r.hi, r.joint) for r in square.ranges] == [
        ("dismantle/hold_back", 0, 1, False),
        ("keep_going", 0, 1, False),
    ]
    assert square.constraints == ()
    for cs in sets[1:]:
        tied = {r.infoset: (r.symbol, r.lo, r.hi) for r in cs.ranges if r.joint}
        assert tied == {"dismantle": ("p", 0, F(1, 2)), "dismantle/hold_back": ("q", 0, 1)}
        assert cs.constraints == (("2p + q - pq <= 1", "DPRK", ("p", "q")),)


@pytest.mark.parametrize(
    "p, q, nash",
    [
        (F(1, 2), F(0), True),  # a corner of the set
        (F(1, 3), F(1, 2), True),  # on the curve 2p + q - pq = 1
        (F(0), F(1), True),
        (F(1, 3), F(3, 5), False),  # just beyond it: 2/3 + 3/5 - 1/5 = 16/15
        (F(1, 2), F(1, 10), False),
    ],
)
def test_points_inside_the_set_are_equilibria_and_points_outside_are_not(three, p, q, nash):
    result, _ = three
    beh = {
        "root": (F(0), F(1)),
        "dismantle": (p, 1 - p),
        "dismantle/hold_back": (q, 1 - q),
        "keep_going": (F(1), F(0)),
    }
    eq = certify_behaviour(result.tree, result.nash.reduced, beh, tol=0)
    assert (eq is not None and eq.exact) == nash


def test_the_report_shows_the_exact_sets(three):
    result, path = three
    text = contract.to_text(result)
    section = text.split("Nash equilibria (")[1].split("Sources")[0].replace("\n         ", " ")
    assert "2p + q − pq ≤ 1 (beyond it, DPRK would gain by switching)" in section
    assert "US at 'dismantle' plays reward with probability p (else hold_back); p lies in " in (
        section
    )
    assert "China at 'keep_going': any mixture of dismantle and keep_going" in section
    assert set(re.findall(r"\d+/\d+", section)) == {"1/2"}


def test_json_keeps_the_equilibria_and_adds_the_classes(three, capsys):
    result, path = three
    assert main(["run", str(path), "--json", "--method", "pure"]) == 0
    nash = json.loads(capsys.readouterr().out)["nash"]
    assert len(nash["equilibria"]) == len(result.nash.result.equilibria)  # old key kept
    classes = nash["classes"]
    assert [len(c["equilibria"]) for c in classes] == [len(m) for m in nash_classes(result)]
    second = classes[1]
    assert second["exact"] and not second["single_equilibrium"]
    assert [(r["infoset"], r["min_exact"], r["max_exact"]) for r in second["ranges"]] == [
        ("dismantle", "0", "1/2"),
        ("dismantle/hold_back", "0", "1"),
    ]
    assert second["constraints"] == [
        {"formula": "2p + q - pq <= 1", "keeps_from_switching": "DPRK", "symbols": ["p", "q"]}
    ]


def test_a_two_player_entry_game_keeps_its_exact_threat_range(tmp_path):
    """Staying out is an equilibrium when the incumbent fights with probability at least 1/2
    (-f + (1 - f) <= 0); the vertex enumeration finds the two ends, the class is that range."""
    result, _ = _analyse(tmp_path, ENTRY, "entry")
    classes = nash_classes(result)
    sets = class_sets(result)
    out = [cs for m, cs in zip(classes, sets) if result.nash.behaviours[m[0]]["root"][0] == 1]
    (cs,) = out
    (r,) = cs.ranges
    assert (r.infoset, r.move, r.lo, r.hi, r.joint) == ("in", "fight", F(1, 2), 1, False)
    text = contract.to_text(result)
    assert "I at 'in' plays fight with probability any value in [1/2, 1]" in text.replace(
        "\n         ", " "
    )
    # the equilibrium where the entrant comes in is a single point
    other = [c for c in sets if c is not cs]
    assert len(other) == 1 and other[0].is_point


def test_decimal_payoffs_are_said_plainly(three):
    result, _ = three
    tree = result.tree
    nodes = tuple(
        replace(n, payoffs=tuple(float(x) for x in n.payoffs)) if n.payoffs else n
        for n in tree.nodes
    )
    decimal = replace(tree, nodes=nodes)
    members = nash_classes(result)[1]
    cs = class_set(decimal, [result.nash.behaviours[k] for k in members])
    assert not cs.exact and "decimals" in cs.reason


# -- 2-player normal form: the components' end points are the exact extreme equilibria --------


def _nf(a, b, strategies):
    from sim.game import Game
    from sim.labels import reading_order
    from sim.solvers import solve

    g = Game.from_bimatrix(a, b, players=("Row", "Column"), strategies=strategies)
    return g, reading_order(solve(g, "enumerate"))


def test_a_weakly_dominated_threat_is_one_range_with_exact_end_points():
    """The entry game in normal form: staying out is an equilibrium whenever the incumbent
    fights with probability at least 1/2 (0 >= -f + (1 - f))."""
    from sim.normal_form.continua import component_pieces, continua_lines

    g, res = _nf([[0, 0], [-1, 1]], [[2, 2], [-1, 1]], (("out", "in"), ("fight", "accommodate")))
    (comp,) = [c for c in res.components if len(c) > 1]
    (piece,) = component_pieces(res, comp)
    assert piece.mixtures[0] == ((1, 0),)
    assert sorted(piece.mixtures[1]) == [(F(1, 2), F(1, 2)), (1, 0)]
    (line,) = continua_lines(g, res)
    assert "Row plays out; Column plays fight with probability any value in [1/2, 1]" in line


def test_a_component_of_two_pieces_is_described_piece_by_piece():
    """Row's T is weakly dominant and Column is indifferent against T, R weakly dominant for
    Column and Row indifferent against R: the component is {T} x anything plus anything x {R},
    two segments meeting at (T, R)."""
    from sim.normal_form.continua import component_pieces, continua_lines

    g, res = _nf([[1, 0], [0, 0]], [[0, 0], [0, 1]], (("T", "B"), ("L", "R")))
    assert len(res.components) == 1 and len(res.equilibria) == 3
    pieces = component_pieces(res, res.components[0])
    assert sorted((p.mixtures[0], p.mixtures[1]) for p in pieces) == sorted(
        [(((1, 0),), ((1, 0), (0, 1))), (((1, 0), (0, 1)), ((0, 1),))]
    )
    (line,) = continua_lines(g, res)
    assert "made of 2 pieces" in line
    assert "Row plays T; Column plays L with probability any value in [0, 1] (else R)" in line
    assert "Row plays T with probability any value in [0, 1] (else B); Column plays R" in line


ENTRY_NF = """\
format: negsim/1
kind: normal-form
title: Entry
summary: An entrant stays out or comes in; the incumbent fights or accommodates.
sources:
  - "A textbook entry game"
players:
  Entrant:
    strategies: {out: Out, in: In}
  Incumbent:
    strategies: {fight: Fight, accommodate: Accommodate}
payoffs:
  table:
    "out, fight": [0, 2]
    "out, accommodate": [0, 2]
    "in, fight": [-1, -1]
    "in, accommodate": [1, 1]
"""


def test_run_and_json_show_the_connected_set(tmp_path, capsys):
    path = tmp_path / "entry.yaml"
    path.write_text(ENTRY_NF, encoding="utf-8")
    assert main(["run", str(path)]) == 0
    text = capsys.readouterr().out.replace("\n", " ")
    assert "Connected set 1 (its end points are equilibria #1, #3): Entrant plays out;" in text
    assert "Incumbent plays fight with probability any value in [1/2, 1]" in text
    assert main(["run", str(path), "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["components"] == [[0, 2], [1]]  # the old key, unchanged
    (cont,) = body["continua"]
    assert cont["end_points"] == [0, 2]
    assert cont["pieces"][0]["mixtures"]["Incumbent"] == [
        {"fight": "1", "accommodate": "0"},
        {"fight": "1/2", "accommodate": "1/2"},
    ]


# -- 3 players: one player mixes, the others play pure strategies ------------------------------

THREE_NF = """\
format: negsim/1
kind: normal-form
title: Three-party indifference
summary: P3 is indifferent once P1 and P2 settle; P1 settles only if P3 backs it often enough.
sources:
  - "A test game"
players:
  P1:
    strategies: {a: a, b: b}
  P2:
    strategies: {L: L, R: R}
  P3:
    strategies: {c: c, d: d}
payoffs:
  table:
    "a, L, c": [1, 1, 0]
    "a, L, d": [0, 1, 0]
    "a, R, c": [1, 0, 0]
    "a, R, d": [0, 0, 0]
    "b, L, c": [1/3, 1, 1]
    "b, L, d": [1/3, 1, 0]
    "b, R, c": [1/3, 0, 1]
    "b, R, d": [1/3, 0, 0]
"""


def test_three_players_one_mixer_a_range_with_exact_end_points(tmp_path, capsys):
    """By hand: with P1 on a and P2 on L, P3 gets 0 whatever it does; P2's L is dominant; P1
    keeps a (worth z, the weight on c) over b (worth 1/3) exactly when z >= 1/3.  So the set
    is (a, L, z c + (1 - z) d) for z in [1/3, 1]; the solver's other points are inside it."""
    from sim.labels import reading_order
    from sim.normal_form.continua import one_mixer_set, one_mixer_sets

    path = tmp_path / "three_nf.yaml"
    path.write_text(THREE_NF, encoding="utf-8")
    result = contract.analyse(load_file(path))
    game, solved = result.game, reading_order(result.solve)
    assert one_mixer_set(game, 2, (0, 0, None), (0, 1)) == [(1, 0), (F(1, 3), F(2, 3))]
    (st,) = one_mixer_sets(game, solved)
    inside = [solved.equilibria[k].strategies[2] for k in st.samples]
    assert all(F(1, 3) < z[0] < 1 for z in inside)
    assert main(["run", str(path)]) == 0
    text = capsys.readouterr().out.replace("\n", " ")
    assert "P1 plays a; P2 plays L; P3 plays c with probability any value in [1/3, 1]" in text
    for k in st.samples:
        assert f"#{k + 1} is a point inside the set" in text or f"#{k + 1}, " in text
    assert main(["run", str(path), "--json"]) == 0
    (cont,) = json.loads(capsys.readouterr().out)["continua"]
    assert cont["end_points"] == [{"c": "1", "d": "0"}, {"c": "1/3", "d": "2/3"}]
    assert cont["samples"] == list(st.samples)
