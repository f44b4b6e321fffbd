"""The revised Korean scenarios: each result is derived from the file's primitives, and the
numbers the notes quote (equilibria, risk dominance, trust thresholds, robustness) are what the
engine computes."""

from __future__ import annotations

import re
from fractions import Fraction as F

import pytest

import sim
from sim.contract import outcomes
from sim.explain.text import render_text
from sim.normal_form.explain_selection import deviation_products, selection_of
from sim.normal_form.inert import inert_parameters, inert_warnings
from sim.robust import robust
from sim.scenario import loads
from sim.scenario.errors import ScenarioError
from sim.sequential import backward_induction, build_tree

KOREA_NORMAL_FORM = [
    "freeze_for_freeze",
    "freeze_for_freeze_enforcer",
    "secondary_sanctions",
    "dual_track",
    "summit_coordination",
    "security_guarantee_normal_form",
    "unsc_obligations",
]


def _found(name, **overrides):
    return set(outcomes(sim.analyse(sim.load(name), overrides or None)))


def _game(name, **overrides):
    res = sim.analyse(sim.load(name), overrides or None)
    return res.game, res.solve


def _share(r, label):
    return next((o.probability for o in r.outcomes if o.label == label), 0.0)


# -- no unexplained inert term -----------------------------------------------------------------


@pytest.mark.parametrize("name", KOREA_NORMAL_FORM)
def test_no_unexplained_inert_term(name):
    scenario = sim.load(name)
    assert inert_warnings(scenario) == ()
    kept = dict(getattr(scenario, "inert_terms", ()))
    # every term the file keeps on purpose really is inert, and says why
    assert {t.parameter for t in inert_parameters(scenario)} == set(kept)
    assert all(len(why) > 80 for why in kept.values())


def test_inert_terms_key_names_a_parameter():
    text = """format: negsim/1
title: T
parameters:
  a: {value: 1, min: 0, max: 2}
players:
  R: {strategies: [u, d]}
  C: {strategies: [l, r]}
payoffs:
  R: "a*C.l"
  C: "C.l"
inert_terms:
  b: "no such parameter"
"""
    with pytest.raises(ScenarioError, match="'b' in inert_terms is not a parameter"):
        loads(text, "t.yaml")
    scenario = loads(text.replace("  b: ", "  a: "), "t.yaml")
    assert inert_warnings(scenario) == ()
    assert dict(scenario.inert_terms) == {"a": "no such parameter"}


# -- freeze-for-freeze ---------------------------------------------------------------------------


def test_freeze_for_freeze_is_a_stag_hunt_derived_from_primitives():
    assert _found("freeze_for_freeze") == {
        "suspend, freeze",
        "pressure, test",
        "mixed (suspend/pressure, freeze/test)",
    }
    # the US condition: breakdown_risk * freeze_value >= drill_value
    assert _found("freeze_for_freeze", breakdown_risk=F(1, 4)) == {"pressure, test"}
    # the DPRK condition: (1 - relief_kept) * relief >= test_value - trigger_cost
    assert _found("freeze_for_freeze", relief=2) == {"pressure, test"}
    # testing no longer pays: the DPRK freezes whatever the US does (the 2018 pattern)
    assert _found("freeze_for_freeze", trigger_cost=4, breakdown_risk=F(1, 4)) == {
        "pressure, freeze"
    }


def test_freeze_for_freeze_risk_and_trust():
    sel = selection_of(*_game("freeze_for_freeze"))
    assert sel is not None
    names = [sel.profiles[k] for k in range(2)]
    freeze = names.index((0, 0))
    assert sel.products[freeze] == 1 and sel.products[1 - freeze] == 6
    assert sel.risk_dominant == 1 - freeze and sel.payoff_dominant == freeze
    assert sel.thresholds[freeze] == (F(3, 4), F(2, 3))


def test_freeze_for_freeze_robustness():
    r = robust(sim.load("freeze_for_freeze"), draws=4000, seed=7, sensitivity=False)
    assert 0.50 <= _share(r, "suspend, freeze") <= 0.59  # 54.3% at 20,000 draws
    assert 0.79 <= _share(r, "pressure, test") <= 0.87  # 82.8%
    assert 0.03 <= _share(r, "pressure, freeze") <= 0.08  # 5.4%


# -- the enforcer --------------------------------------------------------------------------------


def test_enforcer_china_enforces_under_pressure_as_in_2017():
    found = _found("freeze_for_freeze_enforcer")
    assert found == {
        "suspend, freeze, enforce",
        "pressure, test, enforce",
        "mixed (suspend/pressure, freeze/test, enforce)",
    }
    # China enforces under pressure exactly when standing + threat >= enforcement_cost
    assert "pressure, test, ease" in _found("freeze_for_freeze_enforcer", threat=F(1, 2))
    # enough bite and the DPRK freezes whatever the US does
    assert "pressure, test, enforce" not in _found("freeze_for_freeze_enforcer", bite=F(5, 2))


def test_enforcer_flips_risk_dominance():
    game, result = _game("freeze_for_freeze_enforcer")
    products = deviation_products(game, result)
    # (suspend, freeze, enforce) and (pressure, test, enforce): China's loss is 1/2 and 1
    assert products[(0, 0, 0)] == F(5, 2) * F(1, 2)
    assert products[(1, 1, 0)] == F(3, 2) * 1
    # with China's enforcement fixed, the two-player Nash products are 5/2 and 3/2
    assert products[(0, 0, 0)] / F(1, 2) > products[(1, 1, 0)] / 1


def test_enforcer_robustness():
    r = robust(sim.load("freeze_for_freeze_enforcer"), draws=4000, seed=7, sensitivity=False)
    assert 0.39 <= _share(r, "suspend, freeze, enforce") <= 0.48  # 43.5%
    assert 0.29 <= _share(r, "pressure, test, enforce") <= 0.37  # 33.1%
    assert 0.17 <= _share(r, "pressure, test, ease") <= 0.26  # 21.3%


# -- secondary sanctions -------------------------------------------------------------------------


def test_secondary_sanctions_own_goal_is_derived():
    assert _found("secondary_sanctions") == {"no_sanctions, pressure, freeze"}
    # at leverage 4 the US sanctions and China still pressures (its banks are exposed)
    assert _found("secondary_sanctions", leverage=4) == {"secondary, pressure, freeze"}
    # the own goal needs face_cost > partnership + exposure - pressure_cost = 3
    assert "secondary, shield, expand" not in _found("secondary_sanctions", face_cost=F(5, 2))
    assert "secondary, shield, expand" in _found("secondary_sanctions", face_cost=F(7, 2))


def _backward_induction(game, order):
    """The subgame-perfect profile when the players move in ``order``, each seeing the earlier
    moves (ties to the first strategy)."""

    def solve(fixed):
        if len(fixed) == len(order):
            prof = [0] * game.n_players
            for player, s in zip(order, fixed):
                prof[player] = s
            return tuple(prof)
        player = order[len(fixed)]
        best = None
        for s in range(game.shape[player]):
            prof = solve(fixed + [s])
            u = game.exact[prof + (player,)]
            if best is None or u > best[0]:
                best = (u, prof)
        return best[1]

    return solve([])


def test_secondary_sanctions_own_goal_disappears_when_moves_are_observed():
    for overrides in ({}, {"leverage": 4}, {"leverage": 4, "face_cost": 4}, {"face_cost": 6}):
        game, _ = _game("secondary_sanctions", **overrides)
        prof = _backward_induction(game, [0, 1, 2])
        assert game.profile_label(prof).endswith("pressure, freeze"), overrides
    # only when the sanctions are worth more to the US than the freeze does it impose them
    game, _ = _game("secondary_sanctions", leverage=6, face_cost=6)
    assert game.profile_label(_backward_induction(game, [0, 1, 2])) == "secondary, shield, expand"


def test_secondary_sanctions_robustness():
    r = robust(sim.load("secondary_sanctions"), draws=4000, seed=7, sensitivity=False)
    assert 0.35 <= _share(r, "no_sanctions, pressure, freeze") <= 0.44  # 39.3%
    assert 0.20 <= _share(r, "secondary, shield, expand") <= 0.28  # 23.8%
    assert 0.20 <= _share(r, "secondary, pressure, freeze") <= 0.28  # 24.0%


# -- dual track ----------------------------------------------------------------------------------


def test_dual_track_link_is_derived():
    pure = {o for o in _found("dual_track") if not o.startswith("mixed")}
    assert pure == {"both_tracks, both_tracks", "neither, neither"}
    # without substitution a peace mechanism does not make dismantling pay
    pure = {o for o in _found("dual_track", substitution=0) if not o.startswith("mixed")}
    assert pure == {"neither, neither"}
    # a single track holds when it pays alone: relief above the whole dismantling cost
    pure = {o for o in _found("dual_track", relief_value=6) if not o.startswith("mixed")}
    assert "relief_only, dismantle_only" in pure


def test_dual_track_risk_and_trust_between_the_packages():
    game, _ = _game("dual_track")
    u = game.exact
    both, neither = 0, 3
    us_package = u[both, both, 0] - u[neither, both, 0]
    dprk_package = u[both, both, 1] - u[both, neither, 1]
    us_standstill = u[neither, neither, 0] - u[both, neither, 0]
    dprk_standstill = u[neither, neither, 1] - u[neither, both, 1]
    assert us_package * dprk_package == F(35, 8)
    assert us_standstill * dprk_standstill == 21
    assert us_standstill / (us_package + us_standstill) == F(14, 19)
    assert dprk_standstill / (dprk_package + dprk_standstill) == F(12, 19)


def test_dual_track_robustness():
    r = robust(sim.load("dual_track"), draws=300, seed=7, sensitivity=False)
    assert 0.32 <= _share(r, "both_tracks, both_tracks") <= 0.53  # 42.3% at 20,000 draws
    assert _share(r, "neither, neither") == 1.0


# -- summit coordination -------------------------------------------------------------------------


def test_summit_coordination_derived():
    assert _found("summit_coordination") == {
        "coordinate, back, negotiate",
        "go_alone, hedge, stall",
        "mixed (coordinate/go_alone, back/hedge, negotiate/stall)",
    }
    # a deal without China worth enough to the DPRK: it negotiates even facing a split
    assert "go_alone, hedge, negotiate" in _found("summit_coordination", solo_share=F(4, 5))
    game, result = _game("summit_coordination")
    products = deviation_products(game, result)
    assert products[(0, 0, 0)] == F(21, 2) and products[(1, 1, 1)] == 4


def test_summit_coordination_explain_prints_no_change_that_is_no_change():
    text = " ".join(
        render_text(sim.explain(sim.load("summit_coordination"), robustness=False)).split()
    )
    assert "DPRK 4 instead of 3" in text
    for a, b in re.findall(r"(\S+) instead of (\S+?)[ ,.)]", text):
        assert a != b


def test_summit_coordination_robustness():
    r = robust(sim.load("summit_coordination"), draws=4000, seed=7, sensitivity=False)
    assert 0.72 <= _share(r, "coordinate, back, negotiate") <= 0.80  # 76.1%
    assert 0.94 <= _share(r, "go_alone, hedge, stall") <= 0.98  # 96.2%


# -- security guarantees -------------------------------------------------------------------------


def test_security_guarantee_normal_form():
    assert _found("security_guarantee_normal_form") == {
        "transfer, honour",
        "keep, renege",
        "mixed (transfer/keep, honour/renege)",
    }
    assert _found("security_guarantee_normal_form", china_in=0) == {"keep, renege"}
    # the DPRK's condition is as necessary as the US's: china_push must close the gap
    assert _found("security_guarantee_normal_form", china_push=F(1, 2)) == {"keep, renege"}
    sel = selection_of(*_game("security_guarantee_normal_form"))
    assert sel is not None
    good = [k for k in range(2) if sel.profiles[k] == (0, 0)][0]
    assert sel.products[good] == 1 and sel.products[1 - good] == 9
    assert sel.risk_dominant == 1 - good
    assert sel.thresholds[good] == (F(9, 10), F(1, 2))


def test_security_guarantee_normal_form_robustness():
    r = robust(sim.load("security_guarantee_normal_form"), draws=4000, seed=7, sensitivity=False)
    assert 0.49 <= _share(r, "transfer, honour") <= 0.58  # 53.3%
    assert _share(r, "keep, renege") == 1.0


def _path(name, **overrides):
    return set(outcomes(sim.analyse(sim.load(name), overrides or None)))


def _spe_moves(**overrides):
    """The moves on each subgame-perfect path (backward induction only: the reduced normal
    form's Nash equilibria are not needed here)."""
    tree = build_tree(sim.load("security_guarantee"), overrides or None)
    return {tuple(move for _, move in e.path) for e in backward_induction(tree).equilibria}


def test_security_guarantee_china_must_want_to_punish():
    assert _spe_moves() == {("multilateral", "transfer", "honour")}
    # China's countermeasures are credible only if guarantor_stake >= punish_cost
    assert _spe_moves(punish_cost=3) == {("unilateral", "keep")}
    # even credible, they must outweigh the US's net gain from reneging
    assert _spe_moves(china_penalty=1) == {("unilateral", "keep")}
    # the DPRK's condition: security_value + china_push >= deterrent_value
    assert _spe_moves(china_push=F(1, 2)) == {("unilateral", "keep")}


# -- the other revised files ---------------------------------------------------------------------


def test_unsc_obligations_result():
    assert _found("unsc_obligations") == {"enforce, retaliate"}


def test_olympic_truce_thresholds_follow_freeze_for_freeze_primitives():
    labels = _path("olympic_truce")
    assert "grim trigger sustains (suspend, freeze)" in labels
    assert "grim trigger sustains (suspend, freeze)" not in _path("olympic_truce", delta=F(2, 5))
    assert "grim trigger sustains (suspend, freeze)" in _path("olympic_truce", delta=F(1, 2))


def test_summit_types_gesture_reveals_nothing_when_cheap():
    labels = _path("summit_types")
    assert not any(label.startswith("PBE separating") for label in labels)
    assert any(
        label.startswith("PBE separating") for label in _path("summit_types", cost_duplicitous=5)
    )
    assert sim.load("summit_types").meta.claims == ("C1",)


def test_chicken_cites_brams_as_the_critic():
    meta = sim.load("classics/chicken").meta
    brams = [s for s in meta.sources if "Brams" in s]
    assert brams and "misrepresents" in brams[0]


# -- explain's wording -------------------------------------------------------------------------


def _flat(name, **overrides):
    expl = sim.explain(sim.load(name), overrides or None, robustness=False, thresholds=False)
    return " ".join(render_text(expl).split())


def test_explain_names_what_risk_dominates_the_efficient_equilibrium():
    text = _flat("freeze_for_freeze")
    assert "Efficient and self-enforcing: (suspend, freeze)." in text
    assert "But (pressure, test) risk-dominates it (Nash products 6 > 1)" in text
    assert "the question is how to get there" not in text.lower()
    # three players: the product of deviation losses, said to be only a guide
    text = _flat("freeze_for_freeze_enforcer")
    assert "is the safer bet by the product of each player's deviation losses (1.5 > 1.25" in text


def test_explain_reads_mixed_equilibria_as_beliefs_on_cardinal_payoffs():
    text = _flat("freeze_for_freeze")
    assert "not a forecast that the players will take turns over time" in text
    assert "cardinal (von Neumann–Morgenstern) utilities" in text
    assert "describes its payoffs as ordinal" not in text
    ordinal = """format: negsim/1
title: T
assumptions: ["Payoffs are ordinal ranks."]
players:
  R: {strategies: [u, d]}
  C: {strategies: [l, r]}
payoffs:
  table:
    "u, l": [1, 0]
    "u, r": [0, 1]
    "d, l": [0, 1]
    "d, r": [1, 0]
"""
    expl = sim.explain(loads(ordinal, "o.yaml"), robustness=False, thresholds=False)
    assert "describes its payoffs as ordinal" in " ".join(render_text(expl).split())
