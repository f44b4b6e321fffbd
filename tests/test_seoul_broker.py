"""South Korea as a broker (scenarios/seoul_broker.yaml): the derived result at the defaults, in
both readings of the table (simultaneous, and in turn as the file's move_order says), the
thresholds where it changes, and its robustness at a fixed seed, checked draw by draw against
the closed-form conditions the file's notes state."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from sim import contract
from sim.bundled import load
from sim.normal_form.inert import inert_warnings
from sim.robust import robust

NAME = "seoul_broker"
ORDER = "ROK,DPRK,US"
BROKERED = "broker, offer, engage"
DIRECT = "align, offer, engage"
STANDOFF = "align, hold, press"


@pytest.fixture(scope="module")
def scenario():
    return load(NAME)


def _paths(result) -> list[tuple[str, tuple]]:
    """The subgame-perfect paths of the file's in-turn reading: (label, exact payoffs)."""
    game, reading = result.game, result.move_order
    return [(game.profile_label(o.profile), tuple(o.payoffs)) for o in reading.outcomes]


def _pure(result) -> list[str]:
    return list(contract.outcomes(result))


def test_simultaneous_play_seoul_never_brokers(scenario):
    result = contract.analyse(scenario)
    assert result.solve.complete_set
    assert _pure(result) == [STANDOFF]
    (eq,) = result.solve.equilibria
    assert [F(x) for x in eq.payoffs] == [0, 0, 0]
    # brokering is strictly dominated: it costs broker_cost whatever the others do
    g = result.game.exact
    assert (g[0, ..., 0] - g[1, ..., 0] == -1).all()


def test_in_turn_seoul_brokers_and_talks_follow(scenario):
    result = contract.analyse(scenario)
    assert result.move_order.source == "file"
    assert _paths(result) == [(BROKERED, (F(3), F(5, 2), F(3, 2)))]
    # not an equilibrium of the simultaneous game: its value to Seoul is in being seen first
    assert not result.move_order.outcomes[0].nash


def test_the_labels_robustness_counts_are_the_paths_with_the_option(scenario):
    result = contract.analyse(scenario, move_order=ORDER)
    assert contract.outcomes(result) == (BROKERED,)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"cover_us": F(19, 100)}, [STANDOFF]),  # below 1 - us_talks/face_us = 1/5
        ({"cover_us": F(21, 100)}, [BROKERED]),
        ({"broker_cost": F(39, 10)}, [BROKERED]),  # below rok_peace = 4
        ({"broker_cost": F(41, 10)}, [STANDOFF]),
        ({"face_us": 3, "face_dprk": 3}, [DIRECT]),  # the direct channel works: Seoul redundant
        ({"face_us": 3}, [BROKERED]),  # only the US could go direct: Seoul still decides
    ],
)
def test_thresholds_of_the_in_turn_reading(scenario, overrides, expected):
    result = contract.analyse(scenario, overrides, move_order=ORDER)
    assert list(contract.outcomes(result)) == expected


def test_at_the_us_threshold_the_us_is_indifferent(scenario):
    result = contract.analyse(scenario, {"cover_us": F(1, 5)}, move_order=ORDER)
    assert sorted(contract.outcomes(result)) == [STANDOFF, BROKERED]


def test_the_direct_channel_is_a_stag_hunt_with_the_standoff_risk_dominant(scenario):
    result = contract.analyse(scenario, {"face_us": 3, "face_dprk": 3})
    assert result.solve.complete_set
    labels = _pure(result)
    assert DIRECT in labels and STANDOFF in labels and len(labels) == 3
    mixed = [e for e in result.solve.equilibria if not e.is_pure]
    (m,) = mixed
    # the DPRK offers only if at least 3/4 sure the US engages, and vice versa
    assert F(m.strategies[2][0]) == F(3, 4)
    assert F(m.strategies[1][0]) == F(3, 4)


def test_brokered_but_unseen_the_two_face_an_assurance_game(scenario):
    """With Seoul's brokering fixed, a simultaneous DPRK-US choice is a Stag Hunt whose two
    equilibria tie in risk dominance (products of deviation losses 15/4 each)."""
    g = contract.analyse(scenario).game.exact[0]  # ROK plays broker
    dprk, us = g[..., 1], g[..., 2]
    # deviation losses at (offer, engage) and at (hold, press)
    talks = (dprk[0, 0] - dprk[1, 0]) * (us[0, 0] - us[0, 1])
    standoff = (dprk[1, 1] - dprk[0, 1]) * (us[1, 1] - us[1, 0])
    assert talks == standoff == F(15, 4)
    # trust: P(engage) the DPRK needs, P(offer) the US needs
    p_engage = (dprk[1, 1] - dprk[0, 1]) / (dprk[0, 0] - dprk[0, 1] - dprk[1, 0] + dprk[1, 1])
    p_offer = (us[1, 1] - us[1, 0]) / (us[0, 0] - us[1, 0] - us[0, 1] + us[1, 1])
    assert (p_engage, p_offer) == (F(3, 8), F(5, 8))


def test_no_unjustified_inert_term(scenario):
    assert inert_warnings(scenario) == ()
    assert dict(scenario.inert_terms).keys() == {"rok_peace"}


def _closed_form(d: dict[str, np.ndarray]) -> np.ndarray:
    """The in-turn outcome the notes derive from each draw's numbers."""
    direct = (d["us_talks"] >= d["face_us"]) & (d["dprk_talks"] >= d["face_dprk"])
    seoul = (
        (d["us_talks"] >= (1 - d["cover_us"]) * d["face_us"])
        & (d["dprk_talks"] + d["inter_korean"] >= (1 - d["cover_dprk"]) * d["face_dprk"])
        & (d["rok_peace"] > d["broker_cost"])
    )
    return np.where(direct, DIRECT, np.where(seoul, BROKERED, STANDOFF))


def test_robustness_in_turn_matches_the_closed_form_draw_by_draw(scenario):
    r = robust(scenario, draws=150, seed=7, sensitivity=False, move_order=ORDER)
    names = [d.parameter for d in r.uncertainty]
    draws = {n: r.samples[:, j] for j, n in enumerate(names)}
    found = [r.sample_sets[int(k)] for k in r.sample_ids]
    expected = _closed_form(draws)
    assert [f for f in found] == [(e,) for e in expected]
    counts = {s.label: s.count for s in r.outcomes}
    assert counts == {k: int((expected == k).sum()) for k in set(expected.tolist())}
    # every kind of outcome the notes report occurs even in a small sample
    assert set(counts) == {BROKERED, DIRECT, STANDOFF}
    assert counts[BROKERED] > counts[STANDOFF] > counts[DIRECT]


def _plain_draws(scenario, n: int) -> dict[str, np.ndarray]:
    """The draws `negsim robust --seed 7` makes from the file's uncertainty block."""
    from sim.robust.draws import Design, block_draws, blocks

    unc = scenario.meta.uncertainty
    design = Design(
        names=tuple(d.parameter for d in unc.distributions),
        distributions=tuple(unc.distributions),
        draws=n,
        seed=7,
    )
    arr = np.vstack([block_draws(design, k) for k in range(len(blocks(n)))])
    return {name: arr[:, j] for j, name in enumerate(design.names)}


def test_the_shares_the_notes_report(scenario):
    """The closed form (checked against the engine draw by draw above) over the notes' 20,000
    draws gives the shares they report."""
    d = _plain_draws(scenario, 20000)
    out = _closed_form(d)
    share = {k: round(100 * float((out == k).mean()), 1) for k in (BROKERED, DIRECT, STANDOFF)}
    assert share == {BROKERED: 55.4, DIRECT: 9.3, STANDOFF: 35.3}
    stand = out == STANDOFF
    us_short = d["us_talks"] < (1 - d["cover_us"]) * d["face_us"]
    dprk_short = d["dprk_talks"] + d["inter_korean"] < (1 - d["cover_dprk"]) * d["face_dprk"]
    assert round(100 * float((stand & us_short).mean()), 1) == 23.3
    assert round(100 * float((stand & dprk_short).mean()), 1) == 12.8
    low, high = d["cover_us"] < 0.2, d["cover_us"] >= 0.8
    assert round(100 * float((out[low] == BROKERED).mean()), 1) == 24.6
    assert round(100 * float((out[high] == BROKERED).mean()), 1) == 73.9


def test_robustness_simultaneous_seoul_never_brokers(scenario):
    r = robust(scenario, draws=400, seed=7, sensitivity=False)
    labels = {s.label for s in r.outcomes}
    assert not any(label.startswith("broker") for label in labels)
    standoff = r.stat(STANDOFF)
    assert standoff is not None and standoff.count == 400
