"""Types and beliefs: Bayesian Nash and perfect Bayesian equilibria of signalling games."""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import pytest

from sim.contract import to_dict, to_text
from sim.scenario import load
from sim.sequential import (
    analyse,
    analyse_tree,
    build_tree,
    intuitive_criterion,
    nash_equilibria,
    signalling_game,
    signalling_pbe,
    subgame_perfect_equilibria,
    type_structure,
)
from sim.sequential.efg import parse_efg

DATA = Path(__file__).resolve().parent / "data"


def beer_quiche():
    return build_tree(load(DATA / "valid" / "sequential_beer_quiche.yaml"))


def test_beer_quiche_pooling_equilibria():
    # Cho and Kreps (1987), QJE 102(2): with prior P(weak) = 1/10 there are exactly two families
    # of pure perfect Bayesian equilibria, both pooling:
    #  - both types drink beer; the receiver does not duel after beer (P(weak|beer) = 1/10) and
    #    duels after quiche, which needs P(weak | quiche) >= 1/2 off the path;
    #  - both types eat quiche; no duel after quiche, duel after beer with P(weak | beer) >= 1/2.
    # No separating equilibrium: the weak type would imitate the strong one.  (The intuitive
    # criterion removes the quiche one: see test_beer_quiche_intuitive_criterion.)
    sg, reason = signalling_game(beer_quiche())
    assert sg is not None, reason
    eqs = signalling_pbe(sg)
    got = {(e.kind, e.sender, e.receiver) for e in eqs}
    assert got == {
        ("pooling", (("weak", "beer"), ("strong", "beer")), (("beer", "not"), ("quiche", "duel"))),
        (
            "pooling",
            (("weak", "quiche"), ("strong", "quiche")),
            (("beer", "duel"), ("quiche", "not")),
        ),
    }
    by_msg = {e.sender[0][1]: dict((m, (b, on)) for m, b, on in e.beliefs) for e in eqs}
    assert by_msg["beer"]["beer"] == (F(1, 10), True)
    assert by_msg["beer"]["quiche"] == ((F(1, 2), F(1)), False)
    assert by_msg["quiche"]["beer"] == ((F(1, 2), F(1)), False)
    assert by_msg["quiche"]["quiche"] == (F(1, 10), True)
    pays = {e.sender[0][1]: e.type_payoffs for e in eqs}
    assert pays == {"beer": (2, 3), "quiche": (3, 2)}


def test_beer_quiche_intuitive_criterion():
    """Cho and Kreps (1987), the example the criterion was made for.  Pooling on quiche: the weak
    type gets 3 and beer can give it at most 2, so beer is equilibrium-dominated for weak; a
    receiver who then believes 'strong' does not duel, and the strong type gets 1 + 2 = 3 > 2
    from beer: the equilibrium fails.  Pooling on beer: quiche can give the strong type at most
    2 < 3, so it is ruled out; believing 'weak', the receiver duels after quiche, and the weak
    type gets 1 < 2: the equilibrium passes.  The verdicts carry over to the mixed versions."""
    sg, _ = signalling_game(beer_quiche())
    by_msg = {e.sender[0][1]: intuitive_criterion(sg, e) for e in signalling_pbe(sg)}
    assert by_msg["beer"].passes and by_msg["beer"].dominated == (("quiche", ("strong",)),)
    quiche = by_msg["quiche"]
    assert not quiche.passes
    assert quiche.failures == (("beer", ("weak",), "strong", 3, 2),)
    res = analyse(load(DATA / "valid" / "sequential_beer_quiche.yaml"))
    verdicts = {(e.sender[0][1], e.is_pure): e.intuitive.passes for e in res.pbe}
    assert verdicts == {
        ("beer", True): True,
        ("quiche", True): False,
        ("beer", False): True,
        ("quiche", False): False,
    }
    text = to_text(res)
    assert "intuitive criterion: FAILS: beer is equilibrium-dominated for weak" in text
    assert "strong at least 3 > 2" in text
    js = to_dict(res)["perfect_bayesian"]["equilibria"]
    quiche_js = next(e for e in js if e["sender"]["weak"] == "quiche" and e["pure"])
    assert quiche_js["intuitive_criterion"] == {
        "passes": False,
        "dominated": {"beer": ["weak"]},
        "failures": [
            {
                "message": "beer",
                "ruled_out": ["weak"],
                "deviator": "strong",
                "least_gain": 3,
                "equilibrium_payoff": 2,
            }
        ],
    }


def test_beer_quiche_report_and_json():
    res = analyse(load(DATA / "valid" / "sequential_beer_quiche.yaml"))
    text = to_text(res)
    assert "pooling on beer" in text and "P(weak | quiche) ≥ 1/2 (off the path)" in text
    assert "Knows the type: Sender." in text
    js = to_dict(res)
    assert js["kind"] == "sequential" and js["negsim_version"]
    pbe = js["perfect_bayesian"]["equilibria"]
    assert {e["kind"] for e in pbe} == {"pooling"}
    assert pbe[0]["beliefs"]["quiche"] == {
        "on_path": False,
        "min": 0.5,
        "max": 1,
        "min_exact": "1/2",
        "max_exact": "1",
    }
    # every Bayesian Nash equilibrium of beer-quiche is a pooling one (Nash allows the same
    # supporting responses; 4 extreme points in 2 components)
    assert len(js["nash"]["equilibria"]) == 4


# The summit (tests/data/valid/sequential_summit.yaml).  Chance makes the DPRK earnest with prior
# p.  The US, not seeing the type, negotiates or keeps pressure (0).  After talks an earnest DPRK
# implements (2 > 1) and a duplicitous one cheats (3 > 1).  So negotiating pays the US
#     3 p - 2 (1 - p) = 5 p - 2,
# which beats pressure (0) exactly when p > 2/5.  At p = 2/5 the US is indifferent.
THRESHOLD = F(2, 5)


@pytest.mark.parametrize(
    "p, negotiates",
    [
        (THRESHOLD + F(1, 100), True),
        (THRESHOLD - F(1, 100), False),
        (F(9, 10), True),
        (F(1, 10), False),
    ],
)
def test_summit_us_negotiates_exactly_above_the_threshold(p, negotiates):
    scn = load(DATA / "valid" / "sequential_summit.yaml")
    tree = build_tree(scn, {"p": p})
    ts = type_structure(tree)
    assert ts.types == ("earnest", "duplicitous") and ts.prior == (p, 1 - p)
    assert ts.informed == ("DPRK",) and ts.uninformed == ("US",)
    na = nash_equilibria(tree)
    assert na.result.complete and len(na.result.equilibria) >= 1
    us = {beh["US_decides"] for beh in na.behaviours}
    if negotiates:
        # Bayesian Nash equilibria with "pressure" survive only on a DPRK plan to cheat (or
        # implement) that it would not carry out: they are not subgame perfect
        assert (1, 0) in us
    else:
        # below the threshold no Bayesian Nash equilibrium has the US negotiate: with the DPRK
        # replying optimally on the path, talks pay 5p - 2 < 0
        assert us == {(0, 1)}
    # subgame perfect ones: the DPRK's types play their dominant replies
    spe = subgame_perfect_equilibria(tree)
    assert len(spe.equilibria) == 1
    beh, pay = spe.equilibria[0]
    assert beh["earnest/negotiate"] == (1, 0) and beh["duplicitous/negotiate"] == (0, 1)
    assert pay[0] == (5 * p - 2 if negotiates else 0)


def test_summit_at_the_threshold_the_us_is_indifferent():
    tree = build_tree(load(DATA / "valid" / "sequential_summit.yaml"), {"p": THRESHOLD})
    spe = subgame_perfect_equilibria(tree)
    moves = {beh["US_decides"] for beh, _ in spe.equilibria}
    assert (1, 0) in moves and (0, 1) in moves
    assert all(pay[0] == 0 for _, pay in spe.equilibria)


# Job-market signalling in Watson, Strategy (3rd ed. 2013), Figure 29.1 (the Gambit catalog's
# books/watson2013/fig29_1.efg).  Worker High (1/3) or Low (2/3) chooses E(ducation) or N; the
# firm offers M(anager) or C(lerk).  Pure PBE: the separating one (High: E, Low: N; firm M after
# E, C after N) and pooling on N with the firm answering E with C, which needs
# P(High | E) <= 2/5 (M gives the firm 10*mu, C gives 4).  Pooling on E fails.
WATSON = """EFG 2 R "Job-market signaling game (version from Watson)" { "You" "Firm" }
""

c "" 1 "" { "High" 1/3 "Low" 2/3 } 0
p "" 1 1 "" { "E" "N" } 0
p "" 2 1 "" { "M" "C" } 0
t "" 1 "Outcome1" { 6, 10 }
t "" 2 "Outcome2" { 0, 4 }
p "" 2 2 "" { "M" "C" } 0
t "" 3 "Outcome3" { 10, 10 }
t "" 4 "Outcome4" { 4, 4 }
p "" 1 2 "" { "E" "N" } 0
p "" 2 1 "" { "M" "C" } 0
t "" 5 "Outcome5" { 3, 0 }
t "" 6 "Outcome6" { -3, 4 }
p "" 2 2 "" { "M" "C" } 0
t "" 7 "Outcome7" { 10, 0 }
t "" 8 "Outcome8" { 4, 4 }
"""


def test_job_market_separating_and_pooling():
    tree = parse_efg(WATSON)
    sg, reason = signalling_game(tree)
    assert sg is not None, reason
    eqs = signalling_pbe(sg)
    kinds = sorted((e.kind, e.sender) for e in eqs)
    assert kinds == [
        ("pooling", (("High", "N"), ("Low", "N"))),
        ("separating", (("High", "E"), ("Low", "N"))),
    ]
    pool = next(e for e in eqs if e.kind == "pooling")
    assert dict(pool.receiver) == {"E": "C", "N": "C"}
    beliefs = {m: (b, on) for m, b, on in pool.beliefs}
    assert beliefs["E"] == ((0, F(2, 5)), False)
    assert beliefs["N"] == (F(1, 3), True)
    sep = next(e for e in eqs if e.kind == "separating")
    assert dict(sep.receiver) == {"E": "M", "N": "C"}
    assert {m: b for m, b, _ in sep.beliefs} == {"E": 1, "N": 0}
    # every PBE is certified as a Nash equilibrium in the analysis; among the mixed Nash
    # equilibria one more is perfect Bayesian: pooling on N with the firm mixing after E
    # (M with probability 2/3 leaves High indifferent, 2/3*6 = 4), at the belief 2/5 that
    # makes the firm indifferent
    res = analyse_tree(tree)
    assert sorted(e.kind for e in res.pbe if e.is_pure) == ["pooling", "separating"]
    (mixed,) = [e for e in res.pbe if not e.is_pure]
    assert mixed.kind == "pooling" and dict(mixed.sender) == {"High": "N", "Low": "N"}
    assert mixed.receiver_probs[0] == (F(2, 3), F(1, 3))
    assert dict((m, b) for m, b, _ in mixed.beliefs)["E"] == (F(2, 5), F(2, 5))
    # intuitive criterion (the textbook outcome: only the separating equilibrium survives).
    # Pooling on N pays both types 4.  E can give Low at most 3 (< 4), so E is ruled out for Low;
    # believing High, the firm answers M and High gets 6 > 4: pooling fails.  The separating
    # equilibrium has no message off the path and passes.
    verdict = {e.kind: intuitive_criterion(sg, e) for e in eqs}
    assert verdict["separating"].passes and verdict["separating"].dominated == ()
    assert verdict["pooling"].failures == (("E", ("Low",), "High", 6, 4),)


def test_not_a_signalling_game_is_said_plainly():
    tree = build_tree(load(DATA / "valid" / "sequential_summit.yaml"))
    sg, reason = signalling_game(tree)
    assert sg is None and "sender" in reason


def test_three_type_signalling_game():
    # Three equally likely types L, M, H.  The receiver trusts (1 against M or H, -2 against L)
    # or not (0).  The sender gets 2 if trusted, minus the cost of signalling (L 3, M 1, H 1).
    # By hand: on the prior the receiver is indifferent (1/3 + 1/3 - 2/3 = 0).
    #  - pooling on quiet with trust: nobody gains by a costly signal (any off-path response);
    #  - pooling on quiet with distrust: needs distrust after a signal (else M and H signal);
    #  - M and H signal, L stays quiet (partially pooling): trust after the signal (posterior
    #    1/2, 1/2 on M, H), distrust after quiet; L would pay 3 to be trusted (2 - 3 < 0).
    # Every other sender strategy fails.
    def leaf(t, signal, trust):
        cost = {"L": 3, "M": 1, "H": 1}[t] if signal else 0
        rec = (-2 if t == "L" else 1) if trust else 0
        return {"payoffs": [2 * trust - cost, rec]}

    types = {
        t: (
            F(1, 3),
            {
                "player": "S",
                "infoset": f"type {t}",
                "moves": {
                    m: {
                        "player": "R",
                        "infoset": f"after {m}",
                        "moves": {
                            "trust": leaf(t, m == "signal", 1),
                            "distrust": leaf(t, m == "signal", 0),
                        },
                    }
                    for m in ("signal", "quiet")
                },
            },
        )
        for t in ("L", "M", "H")
    }
    from sim.sequential import tree_from_nested

    tree = tree_from_nested(["S", "R"], {"chance": types})
    sg, reason = signalling_game(tree)
    assert sg is not None, reason
    eqs = signalling_pbe(sg)
    got = sorted((e.kind, e.sender, e.receiver) for e in eqs)
    quiet = (("L", "quiet"), ("M", "quiet"), ("H", "quiet"))
    assert got == sorted(
        [
            ("pooling", quiet, (("signal", "trust"), ("quiet", "trust"))),
            ("pooling", quiet, (("signal", "distrust"), ("quiet", "trust"))),
            ("pooling", quiet, (("signal", "distrust"), ("quiet", "distrust"))),
            (
                "partially pooling",
                (("L", "quiet"), ("M", "signal"), ("H", "signal")),
                (("signal", "trust"), ("quiet", "distrust")),
            ),
        ]
    )
    partial = next(e for e in eqs if e.kind == "partially pooling")
    assert dict((m, b) for m, b, _ in partial.beliefs) == {
        "signal": (0, F(1, 2), F(1, 2)),
        "quiet": (1, 0, 0),
    }
    # off the path, the supporting belief makes the chosen response optimal
    for e in eqs:
        for (_m, b, on), (_, r) in zip(e.beliefs, e.receiver):
            if not on:
                trust_value = b[1] + b[2] - 2 * b[0]
                assert sum(b) == 1 and min(b) >= 0
                assert trust_value >= 0 if r == "trust" else trust_value <= 0
    # intuitive criterion, by hand: pooling on quiet with distrust after a signal (everyone gets
    # 0) fails -- the signal can never pay L (2 - 3 < 0), and trusted M or H get 2 - 1 = 1 > 0.
    # Pooling on quiet with trust gives everyone 2, more than a signal can bring anyone, so every
    # type is ruled out and nothing is left to test: it passes, whatever the off-path response.
    # The partially pooling one sends both messages and passes.
    for e in eqs:
        check = intuitive_criterion(sg, e)
        distrusted_pool = e.kind == "pooling" and dict(e.receiver)["quiet"] == "distrust"
        assert check.passes == (not distrusted_pool), e
        if distrusted_pool:
            assert check.failures == (("signal", ("L",), "M", 1, 0),)
    text = to_text(analyse_tree(tree))
    assert "partially pooling" in text and "supported by beliefs such as" in text
    js = to_dict(analyse_tree(tree))
    assert js["perfect_bayesian"]["equilibria"][0]["beliefs"]
