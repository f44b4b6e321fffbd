"""The textbook freeze-for-freeze (tests/data/valid/freeze_textbook.yaml, the first edition of
the bundled default scenario, kept as a fixture with closed forms) shows what its notes claim.
The bundled freeze_for_freeze.yaml now derives its result from primitives
(tests/test_korea_revised.py).

Mutual freeze (suspend, freeze) is an equilibrium exactly when drill_value <= deal_bonus and
test_value <= deal_bonus: the US compares 4 + deal_bonus (suspend) with 4 + drill_value
(pressure) against a freezing DPRK; the DPRK compares relief + deal_bonus (freeze) with
relief + test_value (test) against a suspending US.  Mutual pressure is always an equilibrium.
At the defaults the mixed equilibrium is US suspend 2/3, DPRK freeze 3/4.
"""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import pytest

import sim
from sim.scenario import build, load

SCN = load(Path(__file__).resolve().parent / "data" / "valid" / "freeze_textbook.yaml")


def outcomes(**overrides):
    game = build(SCN, {k: F(v) for k, v in overrides.items()})
    res = sim.solve(game)
    assert res.status == "complete"
    return {game.profile_label(e.pure_profile()) for e in res.equilibria if e.is_pure}, res


@pytest.mark.parametrize(
    "drill, test, bonus, freeze_is_eq",
    [
        (2, 2, 3, True),  # defaults: Stag Hunt
        (3, 2, 3, True),  # tie at the threshold: still an equilibrium (weak)
        ("3.01", 2, 3, False),  # just above for the US: Prisoner's Dilemma for the US
        (2, "3.5", 3, False),  # the DPRK's temptation too large
        (5, 5, 6, True),
        (5, 5, "4.99", False),
    ],
)
def test_mutual_freeze_threshold(drill, test, bonus, freeze_is_eq):
    pure, _ = outcomes(drill_value=drill, test_value=test, deal_bonus=bonus)
    assert ("suspend, freeze" in pure) is freeze_is_eq
    assert "pressure, test" in pure


def test_defaults_mixed_equilibrium_is_exact():
    _, res = outcomes()
    mixed = [e for e in res.equilibria if not e.is_pure]
    assert len(mixed) == 1
    assert mixed[0].strategies == ((F(2, 3), F(1, 3)), (F(3, 4), F(1, 4)))
    assert mixed[0].max_regret == 0
