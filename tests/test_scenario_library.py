"""The bundled scenario library.

1. Every ``scenarios/**/*.yaml`` loads; every normal-form one builds and solves; every file has a
   title and claims (``negsim list`` shows both), and every normal-form parameter says why
   (``about``).
2. Each scenario of the library states a qualitative result in its ``notes``; here each result is
   checked, at parameter values on both sides of every threshold the notes name (overrides).
   The classics are checked against their textbook equilibria (sources in comments).
3. 2-player scenarios are cross-checked against pygambit's exact enumeration, and N-player ones
   against pygambit's pure enumeration (the reference oracle; tests only).
4. ``scenarios/README.md`` equals the output of ``examples/make_scenario_table.py``.

Tests that need mixed equilibria use the ``all`` solver (every equilibrium, mixed included) or,
for 2-player games, the exact ``enumerate``; they skip with a reason while neither is present.
"""

from __future__ import annotations

import importlib.util
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

import sim.scenario as sc
from sim.results import max_regret
from sim.solvers import SOLVERS, solve

REPO = Path(__file__).resolve().parents[1]
ROOT = REPO / "scenarios"
ALL_FILES = sorted(ROOT.rglob("*.yaml"))
CLAIM_IDS = {f"C{k}" for k in range(1, 16)}

# the files this library owns (the lead's freeze_for_freeze and other kinds are tested elsewhere)
LIBRARY = [
    "classics/prisoners_dilemma",
    "classics/chicken",
    "classics/stag_hunt",
    "classics/deadlock",
    "classics/battle_of_the_sexes",
    "classics/matching_pennies",
    "secondary_sanctions",
    "dual_track",
    "security_guarantee_normal_form",
    "summit_coordination",
    "six_party_grand_bargain",
    "unsc_obligations",
    "freeze_for_freeze_enforcer",
]


def _name(path: Path) -> str:
    return path.relative_to(ROOT).with_suffix("").as_posix()


def scenario(name: str):
    return sc.load(ROOT / f"{name}.yaml")


def game(name: str, **overrides):
    return sc.build(scenario(name), overrides)


def pure(name: str, **overrides) -> set[tuple[str, ...]]:
    """The pure equilibria as tuples of strategy ids, in player order."""
    g = game(name, **overrides)
    res = solve(g, "pure")
    assert res.complete
    return {
        tuple(g.strategies[i][k] for i, k in enumerate(e.pure_profile())) for e in res.equilibria
    }


def every_equilibrium(name: str, *, complete: bool = True, **overrides):
    """(game, result) with every equilibrium, mixed included; skips while no solver can."""
    g = game(name, **overrides)
    options = {}
    if "all" in SOLVERS:
        method = "all"
        options = {"budget": 600.0}  # never fall back to a partial answer on a busy machine
    elif g.n_players == 2 and "enumerate" in SOLVERS:
        method = "enumerate"
    else:
        pytest.skip(
            "needs the 'all' solver (every equilibrium of an N-player game), "
            "which is not registered yet"
        )
    res = solve(g, method, **options)
    if complete:
        assert res.complete, res.message
    return g, res


def mixed(res) -> list:
    return [e for e in res.equilibria if not e.is_pure]


# -- 1. every file ------------------------------------------------------------------------------


def test_library_files_exist():
    names = {_name(p) for p in ALL_FILES}
    missing = [n for n in LIBRARY if n not in names]
    assert not missing


@pytest.mark.parametrize("path", ALL_FILES, ids=[_name(p) for p in ALL_FILES])
def test_every_scenario_loads_with_title_and_claims(path):
    scn = sc.load(path)
    assert scn.meta.title.strip()
    assert scn.meta.claims, f"{path.name}: add 'claims: [C..]' (negsim list shows them)"


def _kind(path: Path) -> str | None:
    """The file's kind, or None if it does not load (the test above reports that)."""
    try:
        return sc.load(path).meta.kind
    except Exception:  # noqa: BLE001 - collection must not fail on another file's problem
        return None


NORMAL_FORM = [p for p in ALL_FILES if _kind(p) == "normal-form"]


@pytest.mark.parametrize("path", NORMAL_FORM, ids=[_name(p) for p in NORMAL_FORM])
def test_every_normal_form_scenario_builds_and_solves(path):
    scn = sc.load(path)
    g = sc.build(scn)
    assert g.exact is not None  # scenario numbers are exact, so certification is exact
    res = solve(g, "pure")
    assert res.complete
    for e in res.equilibria:
        assert e.exact and e.max_regret == 0
    for p in scn.parameters:
        assert p.about.strip(), f"{path.name}: parameter '{p.name}' needs an 'about'"


@pytest.mark.parametrize("name", LIBRARY)
def test_library_memo_header(name):
    meta = scenario(name).meta
    assert meta.summary and meta.sources and meta.assumptions and meta.notes
    assert set(meta.claims) <= CLAIM_IDS
    # numbers are modelling choices and every Korean file says so
    if not name.startswith("classics/"):
        assert any("modelling choices" in a for a in meta.assumptions)


def test_security_guarantee_points_to_the_sequential_version():
    assert "security_guarantee.yaml" in scenario("security_guarantee_normal_form").meta.summary


# -- 2a. classics: textbook equilibria -------------------------------------------------------------


def test_prisoners_dilemma():
    # Axelrod (1984) payoffs T=5 R=3 P=1 S=0; Osborne (2004) s.2.2: (D, D) unique, dominant.
    assert pure("classics/prisoners_dilemma") == {("defect", "defect")}
    # R above T: mutual cooperation becomes an equilibrium too (a Stag Hunt)
    assert pure("classics/prisoners_dilemma", reward=F("4.9")) == {("defect", "defect")}
    assert pure("classics/prisoners_dilemma", reward=F("5.1")) == {
        ("cooperate", "cooperate"),
        ("defect", "defect"),
    }
    _, res = every_equilibrium("classics/prisoners_dilemma")
    assert len(res.equilibria) == 1 and res.equilibria[0].is_pure
    assert not res.equilibria[0].pareto_efficient


def test_chicken():
    # Osborne (2004): two asymmetric pure equilibria and a mixed one; with ranks 4,3,2,1 each
    # stands firm with probability (win-compromise)/((win-compromise)+(lose-war)) = 1/2.
    asym = {("back_down", "stand_firm"), ("stand_firm", "back_down")}
    assert pure("classics/chicken") == asym
    assert pure("classics/chicken", war=F("1.9")) == asym
    assert pure("classics/chicken", war=F("2.5")) == {("stand_firm", "stand_firm")}
    g, res = every_equilibrium("classics/chicken")
    assert len(res.equilibria) == 3
    (m,) = mixed(res)
    assert m.strategies == ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))
    g, res = every_equilibrium("classics/chicken", win=6)  # firm with prob (6-3)/((6-3)+(2-1))
    (m,) = mixed(res)
    assert m.strategies[0] == (F(1, 4), F(3, 4))
    _, res = every_equilibrium("classics/chicken", war=F("2.5"))
    assert len(res.equilibria) == 1


def test_stag_hunt():
    # Skyrms (2004) ch. 1: stag 4, hare 3: (stag, stag), (hare, hare), mixed stag w.p. 3/4.
    both = {("stag", "stag"), ("hare", "hare")}
    assert pure("classics/stag_hunt") == both
    assert pure("classics/stag_hunt", hare_value=F("3.9")) == both
    assert pure("classics/stag_hunt", hare_value=5) == {("hare", "hare")}
    _, res = every_equilibrium("classics/stag_hunt")
    (m,) = mixed(res)
    assert m.strategies == ((F(3, 4), F(1, 4)), (F(3, 4), F(1, 4)))


def test_deadlock():
    # Snyder and Diesing (1977): (D, D) unique and Pareto efficient (punishment > reward).
    _, res = every_equilibrium("classics/deadlock")
    (e,) = res.equilibria
    assert e.pure_profile() == (1, 1) and e.pareto_efficient
    _, res = every_equilibrium("classics/deadlock", reward=F("2.9"))
    (e,) = res.equilibria
    assert e.pure_profile() == (1, 1) and e.pareto_efficient
    # reward above punishment: still the unique equilibrium, no longer efficient (a PD)
    _, res = every_equilibrium("classics/deadlock", reward=F("3.5"))
    (e,) = res.equilibria
    assert e.pure_profile() == (1, 1) and not e.pareto_efficient


def test_battle_of_the_sexes():
    # Osborne and Rubinstein (1994) ex. 15.3: two pure equilibria and a mixed one with
    # Row on Bach w.p. 2/3, Column on Bach w.p. 1/3; each expects 2/3 in the mixed one.
    both = {("bach", "bach"), ("stravinsky", "stravinsky")}
    assert pure("classics/battle_of_the_sexes") == both
    assert pure("classics/battle_of_the_sexes", apart=F("0.9")) == both
    assert pure("classics/battle_of_the_sexes", apart=F("1.5")) == {("bach", "stravinsky")}
    _, res = every_equilibrium("classics/battle_of_the_sexes")
    (m,) = mixed(res)
    assert m.strategies == ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))
    assert m.payoffs == (F(2, 3), F(2, 3))


def test_matching_pennies():
    # von Neumann and Morgenstern (1944): no pure equilibrium; unique mixed (1/2, 1/2).
    assert pure("classics/matching_pennies") == set()
    _, res = every_equilibrium("classics/matching_pennies")
    (m,) = res.equilibria
    assert m.strategies == ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))
    assert m.payoffs == (0, 0)
    # asymmetric version: heads with probability 2/(heads_stake+3) for both players
    assert pure("classics/matching_pennies", heads_stake=3) == set()
    _, res = every_equilibrium("classics/matching_pennies", heads_stake=3)
    (m,) = res.equilibria
    assert m.strategies == ((F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))


# -- 2b. Korean scenarios: each claimed result, both sides of each threshold -----------------------


def test_secondary_sanctions():
    name = "secondary_sanctions"
    coop = ("no_sanctions", "pressure", "freeze")
    own_goal = ("secondary", "shield", "expand")
    assert pure(name) == {coop}
    # leverage vs rift_cost: above it the US sanctions, and China still pressures because its
    # exposed banks lose more than its face (partnership + exposure >= pressure_cost + face_cost)
    assert pure(name, leverage=F("2.9")) == {coop}
    assert pure(name, leverage=F("3.1")) == {("secondary", "pressure", "freeze")}
    # the own goal needs face_cost > partnership + exposure - pressure_cost = 3
    assert own_goal not in pure(name, face_cost=F("2.9"))
    assert pure(name, face_cost=F("3.1")) == {coop, own_goal}
    assert pure(name, leverage=4, face_cost=F("3.1")) == {own_goal}
    # exposure is what made China comply in 2017: without it the own goal needs face_cost > 1
    assert own_goal in pure(name, exposure=0, face_cost=F("1.1"))
    # China pressures at all only if partnership >= pressure_cost
    assert coop in pure(name, partnership=F("2.1"))
    assert coop not in pure(name, partnership=F("1.9"))
    # China's pressure must outweigh the DPRK's gain from expanding
    assert coop in pure(name, test_value=F("3.9"))
    assert coop not in pure(name, test_value=F("4.1"))
    # the US prefers the cooperative outcome to the own goal at the defaults
    g = game(name)
    assert g.exact[0, 0, 0, 0] > g.exact[1, 1, 1, 0]


def test_dual_track():
    name = "dual_track"
    package = ("both_tracks", "both_tracks")
    standstill = ("neither", "neither")
    assert pure(name) == {package, standstill}
    # the DPRK's link: relief_value >= dismantle_cost * (1 - substitution) = 5/2
    assert pure(name, relief_value=F("2.6")) == {package, standstill}
    assert pure(name, relief_value=F("2.4")) == {standstill}
    # the US's link: reversal * calm_value >= peace_cost * (1 - cover) = 3/4
    assert package in pure(name, peace_cost=F("1.9"))
    assert pure(name, peace_cost=F("2.1")) == {standstill}
    # the US moves on both tracks only if unrewarded steps are reversed often enough: the
    # peace track binds first, reversal * calm_value >= 3/4, i.e. reversal >= 3/8
    assert package in pure(name, reversal=F("0.38"))
    assert pure(name, reversal=F("0.37")) == {standstill}
    # single tracks: the denuclearization track alone needs relief_value >= dismantle_cost,
    # the peace track alone reversal * calm_value >= peace_cost
    assert ("relief_only", "dismantle_only") in pure(name, relief_value=F("5.1"))
    assert ("peace_only", "restrain_only") in pure(name, peace_cost=F("0.9"))
    # the package is Pareto-better than the standstill
    g = game(name)
    assert all(g.exact[0, 0, i] > g.exact[3, 3, i] for i in range(2))


def test_security_guarantee_normal_form():
    name = "security_guarantee_normal_form"
    deal = ("transfer", "honour")
    standoff = ("keep", "renege")
    assert pure(name) == {deal, standoff}
    assert pure(name, china_in=0) == {standoff}
    # commitment value bilateral_penalty + china_in*china_penalty against renege_gain = 3
    assert pure(name, china_penalty=F("2.1")) == {deal, standoff}
    assert pure(name, china_penalty=F("1.9")) == {standoff}
    # the DPRK: security_value + china_in*china_push against deterrent_value = 5
    assert pure(name, china_push=F("1.1")) == {deal, standoff}
    assert pure(name, china_push=F("0.9")) == {standoff}
    # a US-only guarantee works too if reputation alone is enough and the arsenal worth less
    assert pure(name, china_in=0, bilateral_penalty=3, deterrent_value=F("3.9")) == {deal, standoff}
    assert pure(name, china_in=0, bilateral_penalty=F("2.9"), deterrent_value=F("3.9")) == {
        standoff
    }


def test_summit_coordination():
    name = "summit_coordination"
    summit = ("coordinate", "back", "negotiate")
    split = ("go_alone", "hedge", "stall")
    assert pure(name) == {summit, split}
    # the DPRK stalls facing a split iff solo_share * relief_offer <= programme_value (3)
    assert pure(name, solo_share=F("0.74")) == {summit, split}
    assert pure(name, solo_share=F("0.76")) == {summit, ("go_alone", "hedge", "negotiate")}
    # China backs only if assurance >= backing_cost (2)
    assert pure(name, assurance=F("2.1")) == {summit, split}
    assert pure(name, assurance=F("1.9")) == {split}
    # the US coordinates only if deal_value - consult_cost >= solo_value (6 - c >= 2)
    assert pure(name, consult_cost=F("3.9")) == {summit, split}
    assert pure(name, consult_cost=F("4.1")) == {split}
    # a united front brings the DPRK to the table iff relief_offer >= programme_value - squeeze
    assert pure(name, programme_value=F("6.4")) == {summit, split}
    assert pure(name, programme_value=F("6.6")) == {split}
    # the US and China both do better in the coordinated summit
    g = game(name)
    assert all(g.exact[0, 0, 0, i] > g.exact[1, 1, 1, i] for i in range(2))


SIX = "six_party_grand_bargain"
# players in file order: US, China, DPRK, ROK, Russia, Japan
NOBODY = ("incremental",) * 6


def _joiners(*who: str) -> tuple[str, ...]:
    order = ("US", "China", "DPRK", "ROK", "Russia", "Japan")
    return tuple("bargain" if p in who else "incremental" for p in order)


CORE = ("DPRK", "US", "ROK", "Russia")


def test_six_party_equilibria_by_threshold():
    # k = 5 (the 2007 shape): China or Japan is the fifth party, or nobody joins
    assert pure(SIX) == {_joiners(*CORE, "China"), _joiners(*CORE, "Japan"), NOBODY}
    # a low threshold: the US is never pivotal, free-rides, and the DPRK stays out without it
    for k in (1, 2, 3):
        assert pure(SIX, k=F(k)) == {NOBODY}
    assert pure(SIX, k=F(4)) == {_joiners(*CORE), NOBODY}
    assert pure(SIX, k=F(6)) == {_joiners(*CORE, "China", "Japan"), NOBODY}


def test_six_party_every_joiner_is_pivotal():
    """In every bargain that is an equilibrium exactly k parties join, and each joiner who left
    would end the bargain (the DPRK, still in, falls back to what it kept of its arsenal)."""
    for k in (4, 5, 6):
        g = game(SIX, k=F(k))
        bargains = [e.pure_profile() for e in solve(g, "pure").equilibria]
        bargains = [p for p in bargains if p[2] == 0]  # the DPRK joins
        assert bargains
        for profile in bargains:
            assert list(profile).count(0) == k
            before = g.exact[profile][2]
            for i, s in enumerate(profile):
                if s == 0 and i != 2:
                    alt = list(profile)
                    alt[i] = 1
                    assert g.exact[tuple(alt)][2] < before


def test_six_party_stakes_decide_who_joins():
    # Japan joins whenever the bargain goes ahead once its abductee settlement is worth more
    # than its cost plus its own track (japan_share > 4 + 2)
    assert pure(SIX, japan_share=F("6.1")) == {_joiners(*CORE, "Japan"), NOBODY}
    assert _joiners(*CORE, "China") in pure(SIX, japan_share=F("5.9"))
    # the DPRK needs the US's assurance: with relief above its arsenal the US can free-ride
    got = pure(SIX, dprk_relief=F("6.5"))
    assert _joiners("DPRK", "ROK", "Russia", "China", "Japan") in got
    # Russia's projects make it keen (it joins even when not pivotal); worth less than its
    # cost plus its own track, it too joins only when pivotal and a bargain without it appears
    without_russia = _joiners("DPRK", "US", "ROK", "China", "Japan")
    assert without_russia not in pure(SIX)
    assert without_russia in pure(SIX, russia_share=F("1.5"))


def test_six_party_in_turn_the_first_mover_is_pivotal():
    from sim import contract

    order = "US,China,ROK,Russia,Japan,DPRK"
    for k, expected in [(3, _joiners(*CORE)), (5, _joiners(*CORE, "Japan"))]:
        r = contract.analyse(scenario(SIX), {"k": k}, method="pure", move_order=order)
        assert contract.outcomes(r) == (", ".join(expected),)


def test_unsc_obligations():
    name = "unsc_obligations"
    assert pure(name) == {("enforce", "retaliate")}
    # China enforces whatever the DPRK does iff un_obligation >= rupture_cost (3)
    assert pure(name, rupture_cost=F("2.9")) == {("enforce", "retaliate")}
    assert pure(name, rupture_cost=F("3.1")) == set()
    # anger against progress_value (1)
    assert pure(name, anger=F("0.9")) == {("enforce", "steps")}
    assert pure(name, anger=F("1.1")) == {("enforce", "retaliate")}
    # ups and downs: the unique equilibrium is mixed, with the probabilities the notes state
    _, res = every_equilibrium(name, rupture_cost=6)
    (m,) = res.equilibria
    assert m.strategies == ((F(3, 4), F(1, 4)), (F(1, 2), F(1, 2)))


def test_freeze_for_freeze_enforcer():
    name = "freeze_for_freeze_enforcer"
    enforced = ("suspend", "freeze", "enforce")
    pressure = ("pressure", "test", "enforce")
    assert pure(name) == {enforced, pressure}
    # China enforces under US pressure iff standing + threat >= enforcement_cost (1 + 2 >= 2):
    # the 2017 record, not a reward for a US suspension
    assert pure(name, threat=F("1.1")) == {enforced, pressure}
    assert pure(name, threat=F("0.9")) == {enforced, ("pressure", "test", "ease")}
    # and while the US suspends iff standing + credit >= enforcement_cost (1 + 3/2 >= 2)
    assert pure(name, credit=F("1.1")) == {enforced, pressure}
    assert ("suspend", "freeze", "ease") in pure(name, credit=F("0.9"))
    # enough bite and the DPRK freezes even under pressure: test_value - trigger_cost - bite <= 0
    assert pure(name, bite=F("2.1")) == {enforced}
    # the US side, as in the two-player game: breakdown_risk * freeze_value >= drill_value
    assert pure(name, drill_value=F("2.9")) == {enforced, pressure}
    assert pure(name, drill_value=F("3.1")) == {pressure}


THREE_PLAYER_MIXED = {
    # scenario: the mixed equilibrium its notes state (probability of each player's first
    # strategy), found by hand from the indifference conditions and by pygambit's enumpoly
    "summit_coordination": (F(2, 3), F(4, 9), F(9, 16)),
    "freeze_for_freeze_enforcer": (F(1, 6), F(3, 4), F(1)),
}


@pytest.mark.parametrize("name", sorted(THREE_PLAYER_MIXED))
def test_three_player_mixed_equilibrium_stated_in_notes(name):
    g = game(name)
    profile = [np.array([p, 1 - p], dtype=object) for p in THREE_PLAYER_MIXED[name]]
    assert max_regret(g, profile, exact=True) == 0  # exact, whatever solver is present


@pytest.mark.parametrize("name", sorted(THREE_PLAYER_MIXED))
def test_three_player_every_equilibrium(name):
    """With `all`: exactly the two pure equilibria and the mixed one the notes state.

    summit_coordination is not required to come back "complete": the `all` solver currently
    reports its full support as degenerate (a continuum), though the indifference system has
    the single root (2/3, 1/2, 1/2) and pygambit's enumpoly finds exactly these three.
    """
    g, res = every_equilibrium(name, complete=(name != "summit_coordination"))
    found = {
        tuple(F(s[0]) if e.exact else round(float(s[0]), 9) for s in e.strategies)
        for e in res.equilibria
    }
    pures = {
        tuple(F(1) if k == 0 else F(0) for k in p)
        for p in (e.pure_profile() for e in solve(g, "pure").equilibria)
    }
    assert found == pures | {THREE_PLAYER_MIXED[name]}


# -- 3. pygambit as the reference oracle ---------------------------------------------------------


def _gambit_game(g):
    gbt = pytest.importorskip("pygambit")
    arrays = [np.asarray(g.exact[..., i], dtype=object) for i in range(g.n_players)]
    return gbt, gbt.Game.from_arrays(*arrays)


@pytest.mark.parametrize("path", NORMAL_FORM, ids=[_name(p) for p in NORMAL_FORM])
def test_against_pygambit(path):
    g = sc.build(sc.load(path))
    gbt, gg = _gambit_game(g)
    if g.n_players == 2 and "enumerate" in SOLVERS:
        ref = gbt.nash.enummixed_solve(gg, rational=True).equilibria
        ref_set = {
            tuple(tuple(F(str(e[s])) for s in p.strategies) for p in gg.players) for e in ref
        }
        ours = {
            tuple(tuple(F(x) for x in s) for s in e.strategies)
            for e in solve(g, "enumerate").equilibria
        }
        assert ours == ref_set
    elif g.n_players == 3:
        ref = gbt.nash.enumpoly_solve(gg).equilibria
        ref_set = {
            tuple(round(float(e[list(p.strategies)[0]]), 6) for p in gg.players) for e in ref
        }
        pure_set = {
            tuple(1.0 if k == 0 else 0.0 for k in e.pure_profile())
            for e in solve(g, "pure").equilibria
        }
        assert pure_set <= ref_set
        if path.stem in THREE_PLAYER_MIXED:
            stated = tuple(round(float(x), 6) for x in THREE_PLAYER_MIXED[path.stem])
            assert ref_set == pure_set | {stated}
    else:
        ref = gbt.nash.enumpure_solve(gg).equilibria
        ref_set = {
            tuple(next(k for k, s in enumerate(p.strategies) if e[s] == 1) for p in gg.players)
            for e in ref
        }
        ours = {e.pure_profile() for e in solve(g, "pure").equilibria}
        assert ours == ref_set


# -- 4. the generated README ----------------------------------------------------------------------


def _table_script():
    spec = importlib.util.spec_from_file_location(
        "make_scenario_table", REPO / "examples" / "make_scenario_table.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_scenarios_readme_is_generated():
    mod = _table_script()
    text = mod.render()
    current = (ROOT / "README.md").read_text(encoding="utf-8")
    assert current == text, (
        "scenarios/README.md is stale; run "
        "`python examples/make_scenario_table.py --write` and commit it"
    )


def test_scenarios_readme_lists_every_scenario():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for p in ALL_FILES:
        assert f"[{_name(p)}]({p.relative_to(ROOT).as_posix()})" in text


def test_table_script_finds_the_stated_thresholds():
    mod = _table_script()
    # the default scenario's derived conditions: breakdown_risk * freeze_value >= drill_value
    # and (1 - relief_kept) * relief >= test_value - trigger_cost; testing that no longer pays
    # (test_value < trigger_cost) leaves the freeze the only outcome
    scn = scenario("freeze_for_freeze")
    changes = mod.parameter_changes(scn, sc.build(scn))
    assert "breakdown_risk below 1/3: pressure/test only" in changes
    assert "drill_value above 3: pressure/test only" in changes
    assert "test_value above 4: pressure/test only" in changes
    assert "test_value below 1: suspend/freeze only" in changes
    scn = scenario("security_guarantee_normal_form")
    changes = mod.parameter_changes(scn, sc.build(scn))
    assert "china_in below 2/3: keep/renege only" in changes


def test_table_script_reports_a_file_that_does_not_load(tmp_path):
    mod = _table_script()
    (tmp_path / "good.yaml").write_text(
        (ROOT / "classics" / "stag_hunt.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "bad.yaml").write_text("format: negsim/1\nkind: normal-form\n", encoding="utf-8")
    text = mod.render(tmp_path)
    assert "[good](good.yaml) | normal-form | C3, C14 | Stag Hunt |" in text
    assert "[bad](bad.yaml)" in text and "does not load" in text
