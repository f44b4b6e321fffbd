"""Equilibrium selection in ``explain`` for 2x2 games: payoff dominance, risk dominance
(Harsanyi–Selten Nash products of deviation losses) and each player's trust threshold."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import numpy as np

import sim
from sim import contract
from sim.bundled import load
from sim.game import Game
from sim.normal_form.explain_selection import selection_of


def _selection(name, **overrides):
    result = contract.analyse(load(name), overrides or None)
    return result, selection_of(result.game, result.solve)


def _section_text(result) -> str:
    sections = contract.explain_sections(result, thresholds=False)
    sec = next(s for s in sections if s.key == "selection")
    parts = []
    for b in sec.blocks:
        parts.append(getattr(b, "text", ""))
        parts.extend(getattr(b, "lines", ()))
    return "\n".join(parts)


def test_freeze_for_freeze_the_bad_equilibrium_is_risk_dominant():
    result, sel = _selection("freeze_for_freeze")
    g = result.game
    labels = [g.profile_label(p) for p in sel.profiles]
    assert labels == ["suspend, freeze", "pressure, test"]
    assert sel.products == (1, 6)
    assert sel.risk_dominant == 1 and sel.payoff_dominant == 0
    # the freeze needs the US 3/4 sure of a DPRK freeze and the DPRK 2/3 sure of a US suspension
    assert sel.thresholds[0] == (Fraction(3, 4), Fraction(2, 3))
    assert sel.thresholds[1] == (Fraction(1, 4), Fraction(1, 3))
    text = _section_text(result)
    assert "US plays 'suspend' only if at least 3/4 sure that DPRK plays 'freeze'" in text
    assert "DPRK plays 'freeze' only if at least 2/3 sure that US plays 'suspend'" in text
    assert "(pressure, test) risk-dominates (suspend, freeze) (6 > 1)" in text


def test_stag_hunt():
    result, sel = _selection("stag_hunt")
    assert [result.game.profile_label(p) for p in sel.profiles] == ["stag, stag", "hare, hare"]
    assert sel.products == (1, 9)
    assert sel.risk_dominant == 1 and sel.payoff_dominant == 0
    assert sel.thresholds[0] == (Fraction(3, 4), Fraction(3, 4))


def test_thresholds_are_the_mixed_equilibrium_and_the_products_decide():
    rng = np.random.default_rng(3)
    checked = 0
    for _ in range(300):
        pay = rng.integers(-5, 6, size=(2, 2, 2))
        g = Game(("R", "C"), (("a", "b"), ("x", "y")), pay)
        res = sim.solve(g, "enumerate")
        sel = selection_of(g, res)
        if sel is None:
            continue
        checked += 1
        mixed = [e for e in res.equilibria if not e.is_pure]
        assert len(mixed) == 1
        (r0, c0) = sel.profiles[0]
        # the row player's threshold for E0 is the column player's probability of c0 in the mix
        assert mixed[0].strategies[1][c0] == sel.thresholds[0][0]
        assert mixed[0].strategies[0][r0] == sel.thresholds[0][1]
        # lower thresholds in product <=> larger Nash product (risk dominance)
        t0 = sel.thresholds[0][0] * sel.thresholds[0][1]
        t1 = sel.thresholds[1][0] * sel.thresholds[1][1]
        if sel.risk_dominant is not None:
            assert (t0 < t1) == (sel.risk_dominant == 0)
    assert checked > 20


def test_not_shown_where_it_does_not_apply():
    for name in ("prisoners_dilemma", "matching_pennies"):
        result = contract.analyse(load(name))
        assert selection_of(result.game, result.solve) is None
        keys = [s.key for s in contract.explain_sections(result, thresholds=False)]
        assert "selection" not in keys
    # the same profiles listed as non-myopic equilibria (not Nash equilibria): no selection
    result = contract.analyse(load("stag_hunt"))
    assert selection_of(result.game, result.solve) is not None
    as_tom = replace(result.solve, method="tom", details={"tom": {"nme": []}})
    assert selection_of(result.game, as_tom) is None
