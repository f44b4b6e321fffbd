"""Gambit ``.efg`` read/write, round-tripped through pygambit, and equilibria cross-checked.

pygambit (GPL) is only the reference oracle here; ``sim`` never imports it.
"""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import pytest

from sim.scenario import load
from sim.sequential import build_tree, nash_equilibria
from sim.sequential.efg import EFGError, format_efg, parse_efg
from sim.sequential.reduce import certify_behaviour, reduced_normal_form
from sim.sequential.tree import CHANCE, TERMINAL

gbt = pytest.importorskip("pygambit")

DATA = Path(__file__).resolve().parent / "data"
CATALOG = sorted((Path(gbt.__file__).parent / "catalog_data").rglob("*.efg"))
FIXTURES = [
    "sequential_entry.yaml",
    "sequential_beer_quiche.yaml",
    "sequential_summit.yaml",
    "sequential_horse.yaml",
]


def gambit_from_text(text: str):
    return gbt.read_efg(io.StringIO(text))


def gambit_walk(g):
    """Pre-order list of (kind, player label, n moves, chance probs, infoset key, payoffs)."""
    out = []
    N = len(g.players)

    def walk(node, acc):
        if node.outcome:
            acc = tuple(a + Fraction(str(node.outcome[p])) for a, p in zip(acc, g.players))
        if node.is_terminal:
            out.append(("t", None, 0, None, None, acc))
            return
        iset = node.infoset
        if iset.is_chance:
            probs = tuple(Fraction(str(a.prob)) for a in iset.actions)
            out.append(("c", None, len(iset.actions), probs, None, None))
        else:
            key = (iset.player.label, list(iset.player.infosets).index(iset))
            out.append(("p", iset.player.label, len(iset.actions), None, key, None))
        for child in node.children:
            walk(child, acc)

    walk(g.root, tuple(Fraction(0) for _ in range(N)))
    return out


def ours_walk(tree):
    out = []
    for n in tree.nodes:
        if n.kind == TERMINAL:
            out.append(("t", None, 0, None, None, tuple(Fraction(x) for x in n.payoffs)))
        elif n.kind == CHANCE:
            out.append(("c", None, len(n.moves), tuple(n.probs), None, None))
        else:
            out.append(("p", tree.players[n.player], len(n.moves), None, n.infoset, None))
    return out


def same_partition(a, b):
    """Information-set keys induce the same partition of decision nodes."""
    ka = [x[4] for x in a if x[0] == "p"]
    kb = [x[4] for x in b if x[0] == "p"]
    pa = {frozenset(i for i, k in enumerate(ka) if k == key) for key in ka}
    pb = {frozenset(i for i, k in enumerate(kb) if k == key) for key in kb}
    return pa == pb


@pytest.mark.parametrize("path", CATALOG, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_catalog_round_trip(path):
    text = path.read_text(encoding="utf-8")
    ours = parse_efg(text)
    original = gbt.read_efg(str(path))
    again = gambit_from_text(format_efg(ours))
    a, b, c = gambit_walk(original), ours_walk(ours), gambit_walk(again)
    assert [x[:4] + x[5:] for x in a] == [x[:4] + x[5:] for x in b] == [x[:4] + x[5:] for x in c]
    assert same_partition(a, b) and same_partition(a, c)
    # our perfect-recall check agrees with Gambit's
    assert (not ours.perfect_recall_violations()) == original.is_perfect_recall
    # and our own writer/reader is a fixed point
    assert parse_efg(format_efg(ours)) == ours


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_round_trip(name):
    tree = build_tree(load(DATA / "valid" / name))
    back = parse_efg(format_efg(tree, comment='a "quoted" comment'))
    assert back.players == tree.players
    assert [(n.name, n.kind, n.moves, n.payoffs, n.probs, n.infoset) for n in back.nodes] == [
        (n.name, n.kind, n.moves, n.payoffs, n.probs, n.infoset) for n in tree.nodes
    ]
    g = gambit_from_text(format_efg(tree))
    a, b = ours_walk(tree), gambit_walk(g)
    assert [x[:4] + x[5:] for x in a] == [x[:4] + x[5:] for x in b]
    assert same_partition(a, b)
    assert {s.label for s in g.infosets if not s.is_chance} == set(tree.infosets)


def _gambit_behaviour(g, eq, tree):
    out = {}
    for iset in g.infosets:
        if iset.is_chance:
            continue
        out[iset.label] = tuple(Fraction(str(eq[a])) for a in iset.actions)
    return out


TWO_PLAYER = [n for n in FIXTURES if n != "sequential_horse.yaml"]


@pytest.mark.parametrize("name", TWO_PLAYER)
def test_lcp_equilibria_are_ours(name):
    """Every equilibrium pygambit's lcp_solve finds on the tree passes our certify gate, and our
    complete enumeration has its payoffs."""
    tree = build_tree(load(DATA / "valid" / name))
    g = gambit_from_text(format_efg(tree))
    res = gbt.nash.lcp_solve(g, rational=True)
    assert res.equilibria
    rf = reduced_normal_form(tree)
    ours = nash_equilibria(tree)
    assert ours.result.complete
    pays = {tuple(e.payoffs) for e in ours.result.equilibria}
    for eq in res.equilibria:
        beh = _gambit_behaviour(g, eq, tree)
        cert = certify_behaviour(tree, rf, beh)
        assert cert is not None and cert.max_regret == 0
        assert tuple(cert.payoffs) in pays or any(
            all(abs(float(x) - float(y)) < 1e-12 for x, y in zip(cert.payoffs, p)) for p in pays
        )


@pytest.mark.parametrize("name", TWO_PLAYER)
def test_extreme_equilibria_match_enummixed(name):
    """Gambit's enummixed on the reduced strategic form and our vertex enumeration agree on the
    set of extreme equilibria (compared as payoff vectors and behaviour on reached sets)."""
    tree = build_tree(load(DATA / "valid" / name))
    g = gambit_from_text(format_efg(tree))
    theirs = gbt.nash.enummixed_solve(g, rational=True).equilibria
    ours = nash_equilibria(tree)
    assert len(theirs) == len(ours.result.equilibria)
    their_pay = sorted(tuple(Fraction(str(eq.payoff(p))) for p in g.players) for eq in theirs)
    our_pay = sorted(tuple(e.payoffs) for e in ours.result.equilibria)
    assert their_pay == our_pay


def test_pure_equilibria_of_selten_horse_match_gambit():
    tree = build_tree(load(DATA / "valid" / "sequential_horse.yaml"))
    g = gambit_from_text(format_efg(tree))
    theirs = gbt.nash.enumpure_solve(g).equilibria
    ours = nash_equilibria(tree, "pure").result.equilibria
    assert sorted(tuple(Fraction(str(eq.payoff(p))) for p in g.players) for eq in theirs) == sorted(
        tuple(e.payoffs) for e in ours
    )


def test_malformed_efg_is_reported():
    with pytest.raises(EFGError, match="not an .efg file"):
        parse_efg("NFG 1 R")
    with pytest.raises(EFGError, match="ends in the middle"):
        parse_efg('EFG 2 R "x" { "A" } ""\np "" 1 1 "" { "a" "b" } 0\nt "" 0\n')
    with pytest.raises(EFGError, match="player 3 does not exist"):
        parse_efg('EFG 2 R "x" { "A" } ""\np "" 3 1 "" { "a" } 0\nt "" 0\n')


def test_imperfect_recall_tree_is_refused_with_a_sentence():
    # The absent-minded driver (Piccione and Rubinstein 1997; Gambit catalog, Gilboa 1997)
    from sim.sequential import analyse_tree

    path = next(p for p in CATALOG if p.name == "fig1.efg" and "gilboa1997" in str(p))
    tree = parse_efg(path.read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match="does not have perfect recall"):
        analyse_tree(tree)
