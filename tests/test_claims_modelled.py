"""The scenarios that model the op-ed's claims rather than label them: each file's result at its
defaults, derived from its primitives, and its robustness under its own uncertainty block at a
fixed seed.

Robustness is checked draw by draw where the kind allows: the outcome the engine finds at each
draw must be exactly the one the file's notes derive in closed form from that draw's numbers.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from sim import contract
from sim.bargaining.solutions import rubinstein
from sim.bundled import load
from sim.robust import robust

SEED = 7


def _draws(result) -> dict[str, np.ndarray]:
    """The drawn parameters of a robustness run, by name."""
    names = [d.parameter for d in result.uncertainty]
    return {n: result.samples[:, j] for j, n in enumerate(names)}


def _sets(result) -> list[tuple[str, ...]]:
    """The outcome labels found at each draw of a robustness run."""
    return [result.sample_sets[int(k)] for k in result.sample_ids]


def _plain_draws(name: str, n: int, seed: int = SEED) -> dict[str, np.ndarray]:
    """Draws of a scenario's uncertainty block, the same numbers `negsim robust` uses."""
    from sim.robust.draws import Design, block_draws, blocks

    scn = load(name)
    unc = scn.meta.uncertainty
    design = Design(
        names=tuple(d.parameter for d in unc.distributions),
        distributions=tuple(unc.distributions),
        draws=n,
        seed=seed,
    )
    arr = np.vstack([block_draws(design, k) for k in range(len(blocks(n)))])
    return {name: arr[:, j] for j, name in enumerate(design.names)}


# C13: China unsure of US aims ------------------------------------------------------------

SEPARATING = (
    "PBE separating: US limited → assure, containment → talk; "
    "China after assure: enforce, after talk: hedge"
)
POOL_TALK = "PBE pooling: US limited → talk, containment → talk;"


def test_c13_words_do_not_reassure_a_costly_assurance_does():
    result = contract.analyse(load("china_reassurance"))
    labels = contract.outcomes(result)
    # p = 1/2 is below China's threshold 3/(2 + 3) = 3/5: pooling on talk leaves China hedging
    assert any(x.startswith(POOL_TALK) and x.endswith("after talk: hedge") for x in labels)
    assert not any(x.startswith(POOL_TALK) and x.endswith("after talk: enforce") for x in labels)
    # cost_containment 6 > us_gain 4 > cost_limited 1: the separating equilibrium exists ...
    assert SEPARATING in labels
    # ... and it is the only perfect Bayesian equilibrium that passes the intuitive criterion
    survivors = [e for e in result.pbe if e.intuitive is None or e.intuitive.passes]
    assert [e.kind for e in survivors] == ["separating"]
    sep = survivors[0]
    assert sep.payoffs == (F(3, 2), F(1))
    # China enforces on words alone once its prior passes 3/5
    above = contract.outcomes(contract.analyse(load("china_reassurance"), {"p": F(7, 10)}))
    assert any(x.startswith(POOL_TALK) and x.endswith("after talk: enforce") for x in above)
    # a cheap assurance separates nothing
    cheap = contract.outcomes(contract.analyse(load("china_reassurance"), {"cost_containment": 3}))
    assert SEPARATING not in cheap


def test_c13_robustness_matches_the_closed_form_draw_by_draw():
    r = robust(load("china_reassurance"), draws=300, seed=SEED, sensitivity=False)
    v = _draws(r)
    sets = _sets(r)
    sep = (v["cost_limited"] <= v["us_gain"]) & (v["us_gain"] <= v["cost_containment"])
    hedge = v["p"] * v["china_gain"] < (1 - v["p"]) * v["china_loss"]
    for k, labels in enumerate(sets):
        assert (SEPARATING in labels) == bool(sep[k])
        pooled_hedge = any(
            x.startswith(POOL_TALK) and x.endswith("after talk: hedge") for x in labels
        )
        assert pooled_hedge == bool(hedge[k])
    assert 0.70 <= sep.mean() <= 0.90
    assert 0.60 <= hedge.mean() <= 0.85


# C15: a mediator's recommendation -----------------------------------------------------------


def _correlated(overrides=None):
    from sim.normal_form.analysis import analyse

    return analyse(load("envoy_mediation"), overrides, method="correlated")


def test_c15_the_mediator_beats_every_nash_equilibrium():
    from sim.normal_form.analysis import analyse

    nash = analyse(load("envoy_mediation")).solve.equilibria
    totals = sorted(sum(e.payoffs) for e in nash)
    assert totals == [F(-4, 3), 2, 2]
    ce = _correlated().solve.details["correlated"]
    assert ce["value_exact"] == "12/5"
    assert ce["payoffs_exact"] == {"US": "6/5", "DPRK": "6/5"}
    dist = {d["outcome"]: d["probability_exact"] for d in ce["distribution"]}
    # (s - c)/(s + c) on joint steps, c/(s + c) on each lopsided profile, never the stalemate
    assert dist == {"step, step": "1/5", "step, hold": "2/5", "hold, step": "2/5"}
    # a stalemate cheaper than a step: Prisoner's Dilemma, no mediator helps
    pd = _correlated({"stalemate": 1}).solve.details["correlated"]
    assert [d["outcome"] for d in pd["distribution"]] == ["hold, hold"]


def test_c15_robustness():
    r = robust(load("envoy_mediation"), draws=4000, seed=SEED, sensitivity=False)
    v = _draws(r)
    chicken = v["stalemate"] > v["cost"]
    for k, labels in enumerate(_sets(r)):
        assert ("step, hold" in labels) == bool(chicken[k])
        assert (labels == ("hold, hold",)) == (not chicken[k])
    assert r.stat("step, hold").probability == pytest.approx(0.816, abs=0.03)
    # the mediator beats every Nash equilibrium in total exactly when stalemate > cost and
    # gain > cost; checked by solving the correlated equilibrium at a sample of draws
    d = _plain_draws("envoy_mediation", 60)
    beats = 0
    for k in range(60):
        point = {name: float(d[name][k]) for name in d}
        best_nash = max(
            float(sum(e.payoffs))
            for e in contract.analyse(load("envoy_mediation"), point).solve.equilibria
        )
        ce = float(_correlated(point).solve.details["correlated"]["value"])
        want = point["stalemate"] > point["cost"] and point["gain"] > point["cost"]
        assert (ce > best_nash + 1e-9) == want, point
        beats += want
    assert 0.6 <= beats / 60 <= 0.95


# C2: a battle over sequencing ---------------------------------------------------------------


def test_c2_two_paths_phased_risk_dominant():
    result = contract.analyse(load("sequencing_battle"))
    labels = contract.outcomes(result)
    assert "first, first" in labels and "phased, phased" in labels
    mixed = [e for e in result.solve.equilibria if not e.is_pure]
    assert len(mixed) == 1
    us, dprk = mixed[0].strategies
    assert us[0] == F(3, 4)  # US insists on denuclearization first
    assert dprk[1] == F(3, 5)  # DPRK insists on phasing
    mismatch = us[0] * dprk[1] + us[1] * dprk[0]
    assert mismatch == F(11, 20)
    # risk dominance: products of deviation losses 6*2 (first) against 4*6 (phased)
    a, b = result.game.bimatrix(exact=True)
    first = (a[0, 0] - a[1, 0]) * (b[0, 0] - b[0, 1])
    phased = (a[1, 1] - a[0, 1]) * (b[1, 1] - b[1, 0])
    assert (first, phased) == (12, 24)
    # a DPRK exposure above the deal's value leaves the phased path alone
    alone = contract.outcomes(contract.analyse(load("sequencing_battle"), {"renege_us": 0.9}))
    assert alone == ("phased, phased",)


def test_c2_robustness():
    r = robust(load("sequencing_battle"), draws=4000, seed=SEED, sensitivity=False)
    v = _draws(r)
    exp_d = v["renege_us"] * v["deterrent"]
    exp_u = v["renege_dprk"] * v["relief"]
    battle = (exp_d < v["deal"]) & (exp_u < v["deal"])
    for k, labels in enumerate(_sets(r)):
        assert ("first, first" in labels and "phased, phased" in labels) == bool(battle[k])
    assert battle.mean() == pytest.approx(0.79, abs=0.03)
    assert np.mean(exp_d[battle] > exp_u[battle]) == pytest.approx(0.83, abs=0.04)
    # the mixed equilibrium's chance of no deal is 1/2 + 2ab >= 1/2 at every draw
    x = v["deal"] / (2 * v["deal"] - exp_d)
    y = (v["deal"] - exp_u) / (2 * v["deal"] - exp_u)
    mismatch = x * (1 - y) + (1 - x) * y
    assert (mismatch[battle] >= 0.5 - 1e-12).all()


# beijing_outside_option: one scale for deals, detente and war ------------------------------


def _bargain(overrides=None):
    return contract.analyse(load("beijing_outside_option"), overrides)


def test_beijing_every_us_share_inside_fearons_range():
    r = _bargain()
    assert r.disagreement == (F(13, 2), 2)
    assert tuple(r.nash.point) == (F(29, 4), F(11, 4))
    lo, hi = r.fearon.low, r.fearon.high
    assert (lo, hi) == (6, 9)
    without = _bargain({"beijing": 0})
    assert tuple(without.nash.point) == (F(15, 2), F(5, 2))
    # China's backing moves the DPRK's share by half its value
    assert r.nash.point[1] - without.nash.point[1] == F(1, 4)
    # alternating offers with inside options: inside option plus a Rubinstein share of the gain
    gain = 10 - F(13, 2) - 2
    rub = rubinstein(F(9, 10), F(9, 10), gain)
    us = F(13, 2) + rub.first[0]
    assert us == F(277, 38)
    for share in (r.nash.point[0], without.nash.point[0], us):
        assert lo <= share <= hi
    # the walk-out options are the war values and never bind
    assert r.outside == (6, F(3, 2))
    assert all(o <= d for o, d in zip(r.outside, r.disagreement))
    # backing above the detente's waste leaves nothing to bargain over
    assert _bargain({"beijing": F(5, 2)}).nash.point is None


def test_beijing_robustness():
    n = 120
    d = _plain_draws("beijing_outside_option", n)
    deals = 0
    for k in range(n):
        point = {name: float(d[name][k]) for name in d}
        r = _bargain(point)
        gain = point["cost_us"] + point["cost_dprk"] - point["spare_us"] - point["spare_dprk"]
        gain -= point["beijing"]
        if gain <= 0:
            assert r.nash.point is None
            continue
        deals += 1
        assert float(r.fearon.low) - 1e-9 <= float(r.nash.point[0]) <= float(r.fearon.high) + 1e-9
    assert deals / n == pytest.approx(0.975, abs=0.05)


# korea_conflict: a graph model that discriminates -------------------------------------------


def _korea():
    from sim.conflict import analyse

    r = analyse(load("korea_conflict"))
    c = r.conflict
    names = [f"{c.dms[o.dm].id}.{o.id}" for o in c.options]
    return r, c, names


def _state(c, names, *taken):
    want = np.zeros(len(names), dtype=bool)
    for t in taken:
        want[names.index(t)] = True
    (hits,) = np.nonzero((c.patterns == want).all(axis=1))
    assert len(hits) == 1, taken
    return int(hits[0])


def test_korea_conflict_discriminates():
    r, c, names = _korea()
    counts = {x: len(r.stability.equilibria(x)) for x in r.stability.concepts}
    assert c.n_states == 48
    assert counts["nash"] == 2 and counts["seq"] == 7
    assert counts["gmr"] == 22 and counts["smr"] == 18


def test_korea_conflict_findings():
    from sim.conflict.explain import explain_state

    r, c, names = _korea()
    st = r.stability
    US, DPRK, CHINA = 0, 1, 2
    sq = c.status_quo
    assert sq == _state(c, names, "China.cooperate")
    # (1) the status quo is SEQ stable: China's defection is answered by secondary sanctions
    assert sq in st.equilibria("seq") and sq not in st.equilibria("nash")
    (defect,) = [e for e in explain_state(c, CHINA, sq, "seq") if e.to == _state(c, names)]
    assert [m for m, _a, _b in defect.sanction] == [US]
    assert defect.sanction[-1][2] == _state(c, names, "US.secondary")
    src, _ = c.improvements(US)
    assert not (src == sq).any()  # the US has no reason to impose them
    # (2) C5 as a counterfactual: imposed sanctions leave China no reason to cooperate
    imposed = _state(c, names, "US.secondary", "China.cooperate")
    breakdown = _state(c, names, "US.secondary")
    for x in st.concepts:
        (e,) = [e for e in explain_state(c, CHINA, imposed, x) if e.to == breakdown]
        assert e.sanction is None
        assert breakdown in st.equilibria(x)
    # (3) C12: only the US and China together get from the breakdown back to the status quo
    imp = r.coalitions.improvements
    assert (breakdown, sq) in imp[(US, CHINA)]
    assert (breakdown, sq) not in imp.get((US,), []) and (breakdown, sq) not in imp.get(
        (CHINA,), []
    )
    # (4) C10: the US keeps its guarantee after a transfer only where China cooperates
    deal = _state(
        c,
        names,
        "US.guarantee",
        "DPRK.freeze",
        "DPRK.transfer",
        "China.cooperate",
        "China.coguarantee",
    )
    reneged = _state(
        c, names, "DPRK.freeze", "DPRK.transfer", "China.cooperate", "China.coguarantee"
    )
    alone = _state(c, names, "US.guarantee", "DPRK.freeze", "DPRK.transfer")
    for x in ("gmr", "smr", "seq"):
        assert deal in st.equilibria(x)
    assert reneged in st.equilibria("seq")
    assert not st.stable["seq"][US, alone]
    assert st.stable["seq"][
        US, _state(c, names, "US.guarantee", "DPRK.freeze", "DPRK.transfer", "China.cooperate")
    ]
    # the US's preferences never mention China's guarantee
    assert c.statements[US] and not any("coguarantee" in x for x in c.statements[US])
    # only the three together reach the bargain from the status quo
    assert (sq, deal) in imp[(US, DPRK, CHINA)]


def test_korea_conflict_report_starts_with_a_summary():
    from sim.conflict import analyse
    from sim.conflict.report import to_text

    text = to_text(analyse(load("korea_conflict")))
    head = text.splitlines()
    assert head[0] == "Summary"
    assert head[2].startswith("48 feasible states; equilibria: Nash (R) 2, GMR 22, SMR 18, SEQ 7")
    assert "numbered by code rank" in text
    assert "an equilibrium under GMR, SMR, SEQ, SEQ&SIM." in text


def test_korea_conflict_explain_walks_the_substantive_states_first():
    from sim.conflict import analyse
    from sim.conflict.explain import substantive_order

    r = analyse(load("korea_conflict"))
    order = [s + 1 for s in substantive_order(r)]
    # the two Nash equilibria, then the status quo (SEQ stable), then the other SEQ states
    assert order[:2] == [2, 34]
    assert order[2] == 13
    assert order[3:7] == [15, 39, 45, 47]


def test_c13_intuitive_criterion_removes_hedging_pools_where_separation_exists():
    d = _plain_draws("china_reassurance", 40)
    checked = 0
    for k in range(40):
        point = {name: float(d[name][k]) for name in d}
        if not point["cost_limited"] <= point["us_gain"] <= point["cost_containment"]:
            continue
        result = contract.analyse(load("china_reassurance"), point)
        for e in result.pbe:
            hedges_on_talk = e.kind == "pooling" and dict(e.sender).get("limited") == "talk"
            hedges_on_talk = hedges_on_talk and (
                e.receiver_probs is not None or dict(e.receiver).get("talk") == "hedge"
            )
            if hedges_on_talk and e.is_pure:
                assert e.intuitive is not None and not e.intuitive.passes, point
                checked += 1
    assert checked >= 10


# C14: stepwise disarmament as a commitment problem -----------------------------------------

FULL = "DPRK: first_step → US: pay → DPRK: last_step → US: pay"
PARTIAL = "DPRK: first_step → US: pay → DPRK: stop"


def _stepwise(overrides=None):
    return contract.outcomes(contract.analyse(load("stepwise_disarmament"), overrides))


def test_c14_the_last_step_decides():
    assert _stepwise() == (PARTIAL,)  # last tranche 9/2 > renege_cost 3
    assert _stepwise({"warheads_first": 1}) == ("DPRK: hold",)  # first tranche 9/2 > 7/2
    assert _stepwise({"renege_cost": 5}) == (FULL,)
    assert _stepwise({"warheads_first": 1, "production_value": F(9, 2)}) == (FULL,)


def _stepwise_closed_form(v):
    """The path backward induction gives in the natural order (production first)."""
    m, rho = v["margin"], v["renege_cost"]
    t1, t2 = v["production_cost"] + m, v["warheads_cost"] + m
    last = t2 <= rho
    # reneging at the first step restarts production: the US loses that step as well
    ahead = v["production_value"] + (v["warheads_value"] - t2 if last else 0)
    us_pays_first = t1 <= rho + ahead
    if not us_pays_first:
        return "DPRK: hold"
    return FULL if last else PARTIAL


def test_c14_robustness_matches_the_closed_form_draw_by_draw():
    r = robust(load("stepwise_disarmament"), draws=1000, seed=SEED, sensitivity=False)
    v = _draws(r)
    full = 0
    for k, labels in enumerate(_sets(r)):
        point = {name: v[name][k] for name in v}
        want = _stepwise_closed_form(point)
        assert labels == (want,), point
        full += want == FULL
    assert 0.15 <= full / 1000 <= 0.40


# C12: audience costs ------------------------------------------------------------------------

PRIVATE = "US: private → China: accept"
PUBLIC = "US: public → China: give_in"
IMPOSE = "US: public → China: resist → US: impose"
BACK_DOWN = "US: public → China: resist → US: back_down"


def _audience(overrides=None):
    return contract.outcomes(contract.analyse(load("audience_costs"), overrides))


def test_c12_face_costs_send_the_deal_private():
    assert _audience() == (PRIVATE,)
    assert _audience({"china_audience": 1}) == (PUBLIC,)
    assert _audience({"us_audience": 1}) == (PRIVATE,)
    # the public threat is credible (us_audience 3 >= sanctions' cost 2) but China resists it
    r = contract.analyse(load("audience_costs"))
    assert r.backward.equilibria[0].payoffs == (F(3, 2), F(1, 2))


def test_c12_robustness_matches_the_closed_form_draw_by_draw():
    r = robust(load("audience_costs"), draws=1000, seed=SEED, sensitivity=False)
    v = _draws(r)
    public_wins = 0
    for k, labels in enumerate(_sets(r)):
        credible = v["us_audience"][k] >= v["us_sanction_cost"][k]
        yields = v["enforce_cost"][k] + v["china_audience"][k] <= v["china_sanction_cost"][k]
        if credible:
            public, public_label = (
                (v["china_value"][k], PUBLIC) if yields else (-v["us_sanction_cost"][k], IMPOSE)
            )
        else:
            public, public_label = -v["us_audience"][k], BACK_DOWN
        private = v["china_value"][k] - v["enforce_cost"][k] - v["premium"][k]
        want = PRIVATE if private >= public else public_label
        assert labels == (want,)
        public_wins += want == PUBLIC
    assert 0.15 <= public_wins / 1000 <= 0.45


# C8: the limit of China's pressure ----------------------------------------------------------


def _pressure(overrides=None):
    return contract.outcomes(contract.analyse(load("china_pressure_limit"), overrides))


def test_c8_the_freeze_is_the_most_china_can_enforce():
    assert _pressure() == ("US: freeze → China: partial → DPRK: comply",)
    assert _pressure({"full_cost": F(5, 2)}) == ("US: dismantle → China: full → DPRK: comply",)
    assert _pressure({"full_damage": 9}) == ("US: denuclearize → China: full → DPRK: comply",)


def _pressure_closed_form(point):
    """The subgame-perfect path: for each demand China's best level, then the US's best demand."""
    p = {"freeze_cost": 1, "freeze_gain": 2, "freeze_value": 2, "dismantle_value": 4}
    p.update({"denuclearize_value": 8, **point})
    best = None
    for d in ("freeze", "dismantle", "denuclearize"):
        options = {}
        for k in ("partial", "full"):  # the UN bans are China's floor
            complies = p[f"{k}_damage"] >= p[f"{d}_cost"]
            options[k] = (p[f"{d}_gain"] if complies else 0) - p[f"{k}_cost"]
        level = max(options, key=options.get)
        complies = p[f"{level}_damage"] >= p[f"{d}_cost"]
        us = p[f"{d}_value"] if complies else 0
        if best is None or us > best[0]:
            best = (us, f"US: {d} → China: {level} → DPRK: {'comply' if complies else 'defy'}")
    return best[1]


def test_c8_robustness_matches_the_closed_form_draw_by_draw():
    d = _plain_draws("china_pressure_limit", 15)
    for k in range(15):
        point = {name: float(d[name][k]) for name in d}
        assert _pressure(point) == (_pressure_closed_form(point),), point
