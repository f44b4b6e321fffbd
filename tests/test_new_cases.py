"""The cases the field teaches, against their closed forms: sequential Chicken (Schelling's
commitment), the 2017 standoff as a war of attrition with a rising risk of war, and the
inspection game for verifying a freeze (Avenhaus, von Stengel and Zamir)."""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import pytest

import sim.scenario as sc
from sim import contract
from sim.robust import robust
from sim.sweep import sweep

ROOT = Path(__file__).resolve().parents[1] / "scenarios"


def load(name: str):
    return sc.load(ROOT / f"{name}.yaml")


def mixed_equilibria(name: str, **overrides):
    r = contract.analyse(load(name), overrides, method="enumerate")
    assert r.solve.complete
    return r, [e for e in r.solve.equilibria if not e.is_pure]


# -- sequential Chicken ---------------------------------------------------------------------------


def test_sequential_chicken_first_mover_wins():
    r = contract.analyse(load("classics/sequential_chicken"))
    assert contract.outcomes(r) == ("First: stand_firm → Second: back_down",)


@pytest.mark.parametrize(
    "war, expected",
    [
        (F(1), {"First: stand_firm → Second: back_down"}),
        (F(19, 10), {"First: stand_firm → Second: back_down"}),
        (F(21, 10), {"First: stand_firm → Second: stand_firm"}),
        (
            F(2),  # war = lose: the second mover is indifferent
            {
                "First: stand_firm → Second: back_down",
                "First: stand_firm → Second: stand_firm",
                "First: back_down → Second: stand_firm",
            },
        ),
    ],
)
def test_sequential_chicken_commitment_needs_war_below_lose(war, expected):
    r = contract.analyse(load("classics/sequential_chicken"), {"war": war})
    assert set(contract.outcomes(r)) == expected


def test_sequential_chicken_agrees_with_the_simultaneous_game_played_in_turn():
    """The tree and `--move-order` on classics/chicken give the same subgame-perfect outcome;
    the simultaneous game has both pure outcomes and a mixed one at 1/2."""
    chicken = contract.analyse(load("classics/chicken"), move_order="USA,USSR")
    assert contract.outcomes(chicken) == ("stand_firm, back_down",)
    assert chicken.move_order.outcomes[0].payoffs == (4, 2)
    simultaneous = contract.analyse(load("classics/chicken"))
    assert len(simultaneous.solve.equilibria) == 3
    tree = contract.to_dict(contract.analyse(load("classics/sequential_chicken")))
    (spe,) = tree["backward_induction"]["equilibria"]
    assert spe["payoffs"] == {"First": 4, "Second": 2}
    assert spe["choices"]["Second, after the first backed down"] == "stand_firm"


def test_sequential_chicken_robustness_is_the_share_of_war_above_lose():
    r = robust(load("classics/sequential_chicken"), draws=2000, seed=7, sensitivity=False)
    share = {o.label: o for o in r.outcomes}["First: stand_firm → Second: stand_firm"]
    lo, hi = share.ci
    assert lo <= 0.2 <= hi  # war uniform on [0, 2.5] is above lose = 2 with probability 1/5


# -- fire and fury: a war of attrition with a rising risk ------------------------------------------


def quit_probabilities(p: dict) -> tuple[F, F]:
    """The closed form: each side backs off with the probability that leaves the other side
    indifferent (US, DPRK)."""
    r = p["base_risk"] + p["risk_step"] * p["rounds_so_far"]
    k_dprk = p["cost_dprk"] + r * p["war_cost_dprk"]
    k_us = p["cost_us"] + r * p["war_cost_us"]
    return k_dprk / (p["prize_dprk"] + k_dprk), k_us / (p["prize_us"] + k_us)


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"rounds_so_far": 12},
        {"base_risk": 0, "risk_step": 0},  # the classic war of attrition: cost / (prize + cost)
        {"prize_dprk": 12, "cost_dprk": F(5, 2), "rounds_so_far": 5},
    ],
)
def test_fire_and_fury_mixed_equilibrium_closed_form(overrides):
    r, mixed = mixed_equilibria("fire_and_fury", **overrides)
    assert len(r.solve.equilibria) == 3 and len(mixed) == 1
    labels = set(contract.outcomes(r))
    assert {"hold, back_off", "back_off, hold"} <= labels
    values = {k: F(v) for k, v in r.parameters.items()}
    q_us, q_dprk = quit_probabilities(values)
    eq = mixed[0]
    assert eq.strategies[0][1] == q_us and eq.strategies[1][1] == q_dprk
    assert eq.payoffs == (0, 0)  # a player who mixes is worth what backing off gives: 0
    if not overrides:
        assert (q_us, q_dprk) == (F(3, 13), F(7, 27))
        assert 1 - (1 - q_us) * (1 - q_dprk) == F(151, 351)
    if overrides == {"rounds_so_far": 12}:
        assert (q_us, q_dprk) == (F(11, 21), F(19, 39))
    if overrides.get("risk_step") == 0 and overrides.get("base_risk") == 0:
        assert q_us == values["cost_dprk"] / (values["prize_dprk"] + values["cost_dprk"])


def test_fire_and_fury_back_off_rises_with_the_rounds():
    qs = []
    for k in range(0, 13, 3):
        _, mixed = mixed_equilibria("fire_and_fury", rounds_so_far=k)
        qs.append((mixed[0].strategies[0][1], mixed[0].strategies[1][1]))
    assert all(a[0] < b[0] and a[1] < b[1] for a, b in zip(qs, qs[1:]))


def test_fire_and_fury_own_stakes_move_the_other_side():
    """A larger DPRK prize lowers the US's back-off probability and leaves the DPRK's alone."""
    _, base = mixed_equilibria("fire_and_fury")
    _, more = mixed_equilibria("fire_and_fury", prize_dprk=12)
    assert more[0].strategies[0][1] < base[0].strategies[0][1]
    assert more[0].strategies[1][1] == base[0].strategies[1][1]


# -- the inspection game --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [{}, {"penalty": 14}, {"gain": 5, "inspection_cost": F(7, 2)}, {"harm": 9, "detected_harm": 2}],
)
def test_inspection_game_closed_forms(overrides):
    r, mixed = mixed_equilibria("freeze_inspection", **overrides)
    p = {k: F(v) for k, v in r.parameters.items()}
    assert p["inspection_cost"] < p["harm"] - p["detected_harm"]
    assert len(r.solve.equilibria) == 1 and len(mixed) == 1
    eq = mixed[0]
    p_star = p["gain"] / (p["gain"] + p["penalty"])
    q_star = p["inspection_cost"] / (p["harm"] - p["detected_harm"])
    assert eq.strategies[0][0] == p_star  # inspect
    assert eq.strategies[1][1] == q_star  # cheat
    if not overrides:
        assert (p_star, q_star) == (F(1, 4), F(1, 4))


def test_inspection_penalty_lowers_inspection_not_cheating():
    _, base = mixed_equilibria("freeze_inspection")
    _, harsh = mixed_equilibria("freeze_inspection", penalty=14)
    assert harsh[0].strategies[0][0] < base[0].strategies[0][0]
    assert harsh[0].strategies[1][1] == base[0].strategies[1][1]


def test_inspection_sweep_finds_the_cost_threshold():
    """Above inspection_cost = harm - detected_harm (4) the inspector never inspects and the
    DPRK cheats for certain."""
    res = sweep(load("freeze_inspection"), {"inspection_cost": [F(k, 2) for k in range(13)]})
    values = [float(t.value) for t in res.thresholds]
    assert 4.0 in values
    last = [reg for reg in res.regions if reg.bounds[0][1] == 6.0][0]
    assert last.labels == ("trust, cheat",)
    _, moved = mixed_equilibria("freeze_inspection", harm=8, inspection_cost=F(69, 10))
    assert moved  # the threshold moves with harm: 8 - 1 = 7
    r = contract.analyse(load("freeze_inspection"), {"harm": 8, "inspection_cost": F(71, 10)})
    assert contract.outcomes(r) == ("trust, cheat",)


def test_inspection_robustness_matches_the_exact_share():
    """inspection_cost ~ U[0.5, 5], harm ~ U[2.5, 7.5]: P(cost >= harm - 1) = 49/180."""
    r = robust(load("freeze_inspection"), draws=5000, seed=7, sensitivity=False)
    stat = {o.label: o for o in r.outcomes}["trust, cheat"]
    lo, hi = stat.ci
    assert lo <= 49 / 180 <= hi


def test_inspection_seen_first_reaches_compliance():
    """Played in turn, whoever moves first is seen: an inspector seen first inspects and the
    DPRK complies (-1, 0); a DPRK seen first complies and is not inspected (0, 0)."""
    scn = load("freeze_inspection")
    first = contract.analyse(scn, move_order="Inspector,DPRK")
    assert contract.outcomes(first) == ("inspect, comply",)
    assert first.move_order.outcomes[0].payoffs == (-1, 0)
    assert contract.outcomes(contract.analyse(scn, move_order="DPRK,Inspector")) == (
        "trust, comply",
    )
