"""A normal-form game played in turn (``--move-order``, ``move_order:``): every subgame-perfect
equilibrium by backward induction on the payoff table, checked against textbook results, against
a brute-force enumeration of every strategy profile of the tree, and against the secondary-
sanctions finding (US → China → DPRK)."""

from __future__ import annotations

import itertools
import json
import random
from fractions import Fraction as F

import numpy as np
import pytest

import sim.scenario as sc
from sim import contract
from sim.cli import main
from sim.game import Game
from sim.normal_form.move_order import backward_induction, pure_nash_profiles
from sim.scenario.errors import ScenarioError
from sim.sweep import sweep

# The secondary-sanctions game with the numbers the issue examined (the bundled file may be
# revised; the finding is about these numbers).
SANCTIONS = """\
format: negsim/1
kind: normal-form
title: Secondary sanctions (test copy)
claims: [C5]
parameters:
  freeze_value: {value: 5, min: 0, max: 10, about: US gain from a freeze}
  leverage: {value: 2, min: 0, max: 10, about: US gain from sanctions}
  rift_cost: {value: 3, min: 0, max: 10, about: US loss from sanctioning a cooperating China}
  partnership: {value: 3, min: 0, max: 10, about: China's gain from pressure}
  pressure_cost: {value: 2, min: 0, max: 10, about: China's cost of pressure}
  face_cost: {value: 2, min: 0, max: 10, about: China's loss of face}
  firm_losses: {value: 1, min: 0, max: 10, about: China's loss from sanctions}
  stability_value: {value: 2, min: 0, max: 10, about: China's gain from a freeze}
  test_value: {value: 3, min: 0, max: 10, about: DPRK gain from expanding}
  squeeze: {value: 4, min: 0, max: 10, about: DPRK loss from China's pressure}
  sanction_bite: {value: 1, min: 0, max: 10, about: DPRK loss from US sanctions}
players:
  US: {strategies: [no_sanctions, secondary]}
  China: {strategies: [pressure, shield]}
  DPRK: {strategies: [freeze, expand]}
payoffs:
  US: "freeze_value*DPRK.freeze + US.secondary*(leverage - rift_cost*China.pressure)"
  China: >-
    stability_value*DPRK.freeze - firm_losses*US.secondary
    + China.pressure*(partnership - pressure_cost - face_cost*US.secondary)
  DPRK: "DPRK.expand*(test_value - squeeze*China.pressure - sanction_bite*US.secondary)"
"""

ORDER = "US,China,DPRK"


@pytest.fixture
def sanctions(tmp_path):
    path = tmp_path / "sanctions.yaml"
    path.write_text(SANCTIONS, encoding="utf-8")
    return path


def paths(scn, order=ORDER, **overrides):
    result = contract.analyse(scn, overrides, move_order=order, method="pure")
    return {result.game.profile_label(o.profile) for o in result.move_order.outcomes}, result


# -- textbook games -------------------------------------------------------------------------------


def test_chicken_first_mover_wins():
    """Schelling's commitment: in sequential Chicken the first mover stands firm and the second
    backs down, whoever moves first; the simultaneous game has both pure outcomes (and a mixed
    one), so moving first picks the mover's favourite."""
    scn = sc.load("scenarios/classics/chicken.yaml")
    got, r = paths(scn, "USA,USSR")
    assert got == {"stand_firm, back_down"}
    assert r.move_order.total == 1
    assert r.move_order.outcomes[0].payoffs == (4, 2)
    got, r = paths(scn, "USSR,USA")
    assert got == {"back_down, stand_firm"}
    assert r.move_order.outcomes[0].payoffs == (2, 4)
    assert set(pure_nash_profiles(r.game)) == {(0, 1), (1, 0)}
    assert r.move_order.outcomes[0].nash  # commitment selects an equilibrium of the 2x2


def test_prisoners_dilemma_defects_in_any_order():
    scn = sc.load("scenarios/classics/prisoners_dilemma.yaml")
    for order in ("Row,Column", "Column,Row"):
        got, r = paths(scn, order)
        assert got == {"defect, defect"}
        assert r.move_order.total == 1
        text = contract.to_text(r)
        assert "leaves the outcome as it is" in text


def test_stag_hunt_in_turn_removes_the_assurance_problem():
    """Seen moves end the Stag Hunt's coordination problem: the follower matches, so the leader
    hunts the stag; the hare equilibrium and the mixed one disappear."""
    scn = sc.load("scenarios/classics/stag_hunt.yaml")
    for order in ("Hunter1,Hunter2", "Hunter2,Hunter1"):
        got, r = paths(scn, order)
        assert got == {"stag, stag"}
        d = contract.to_dict(r)["move_order"]
        assert d["changes"]["dropped"] == ["hare, hare"]
        assert d["spe_count"] == 1


# -- ties and a brute-force check ------------------------------------------------------------------


def _game(table: np.ndarray) -> Game:
    n = table.shape[-1]
    players = tuple(f"P{i}" for i in range(n))
    strategies = tuple(tuple(f"s{k}" for k in range(table.shape[i])) for i in range(n))
    return Game(players=players, strategies=strategies, payoffs=table.astype(float))


def brute_force(game: Game, order: tuple[int, ...]) -> dict[tuple[int, ...], int]:
    """Every pure strategy profile of the tree (a move at every history), kept when each mover's
    move is a best reply at every history given the later plans: path → count."""
    vals = game.exact
    n = game.n_players
    sizes = [game.shape[i] for i in order]
    histories = [list(itertools.product(*[range(k) for k in sizes[:d]])) for d in range(n)]
    plans = [list(itertools.product(range(sizes[d]), repeat=len(histories[d]))) for d in range(n)]
    out: dict[tuple[int, ...], int] = {}
    for combo in itertools.product(*plans):
        rule = [dict(zip(histories[d], combo[d])) for d in range(n)]

        def play(h, rule=rule):
            h = tuple(h)
            while len(h) < n:
                h = h + (rule[len(h)][h],)
            prof = [0] * n
            for d, a in enumerate(h):
                prof[order[d]] = a
            return tuple(prof)

        ok = True
        for d in range(n):
            m = order[d]
            for h in histories[d]:
                got = vals[play(h + (rule[d][h],)) + (m,)]
                if any(vals[play(h + (a,)) + (m,)] > got for a in range(sizes[d])):
                    ok = False
                    break
            if not ok:
                break
        if ok:
            p = play(())
            out[p] = out.get(p, 0) + 1
    return out


def test_all_ties_every_plan_is_subgame_perfect():
    """With every payoff equal, every plan is an SPE: n1 * n2**n1 of them, each path reached
    n2**(n1 - 1) times."""
    g = _game(np.zeros((3, 2, 2), dtype=int))
    r = backward_induction(g, (0, 1))
    assert r.total == 3 * 2**3
    assert len(r.outcomes) == 6
    assert {o.count for o in r.outcomes} == {2**2}
    assert r.open_nodes == 4  # the root and each of the follower's three histories


@pytest.mark.parametrize("seed", range(12))
def test_counts_match_brute_force_on_games_with_many_ties(seed):
    rng = random.Random(seed)
    shape = rng.choice([(2, 2), (3, 2), (2, 3), (2, 2, 2)])
    table = np.array(
        [rng.randint(0, 2) for _ in range(int(np.prod(shape)) * len(shape))], dtype=int
    ).reshape(shape + (len(shape),))
    g = _game(table)
    for order in itertools.permutations(range(len(shape))):
        r = backward_induction(g, order)
        expected = brute_force(g, order)
        assert {o.profile: o.count for o in r.outcomes} == expected
        assert r.total == sum(expected.values())


def test_exact_arithmetic_sees_a_tie_floats_would_blur():
    third = F(1, 3)
    table = np.empty((2, 2, 2), dtype=object)
    table[...] = F(0)
    table[0, 0] = (third + third + third, 0)  # exactly 1
    table[1, 0] = (F(1), 0)
    g = Game(
        players=("A", "B"),
        strategies=(("x", "y"), ("l", "r")),
        payoffs=table.astype(float),
        exact=table,
    )
    r = backward_induction(g, (0, 1))
    assert r.exact and r.total > 1


# -- secondary sanctions: the finding ------------------------------------------------------


def test_sanctions_leverage_4_china_still_pressures(sanctions):
    scn = sc.load(sanctions)
    sim_only = contract.analyse(scn, {"leverage": 4}, method="pure")
    assert contract.outcomes(sim_only) == ("secondary, shield, expand",)  # the "own goal"
    got, r = paths(scn, leverage=4)
    assert got == {"secondary, pressure, freeze"}
    out = r.move_order.outcomes[0]
    assert out.payoffs == (6, 0, 0) and not out.nash
    # China's move after sanctions: pressure 0 against shield -1
    china = r.move_order.steps[0][1]
    assert r.game.players[china.mover] == "China"
    assert dict(china.options) == {0: ((1, 0, 0),), 1: ((1, 1, 1),)}


def test_sanctions_own_goal_returns_only_above_face_cost_3(sanctions):
    """After sanctions China pressures iff stability + partnership - pressure_cost >= face_cost
    (3 here); above it China shields, and a far-sighted US does not sanction."""
    scn = sc.load(sanctions)
    got, r = paths(scn, leverage=4, face_cost=4)
    assert got == {"no_sanctions, pressure, freeze"}
    assert r.move_order.outcomes[0].payoffs == (5, 3, 0)
    got, r = paths(scn, leverage=4, face_cost=3)
    assert got == {"no_sanctions, pressure, freeze", "secondary, pressure, freeze"}
    assert r.move_order.total == 2 and r.move_order.open_nodes == 2
    got, _ = paths(scn, leverage=4, face_cost=F(29, 10))
    assert got == {"secondary, pressure, freeze"}
    # the threshold moves with the closed form: partnership 4 puts it at 4
    got, _ = paths(scn, leverage=4, partnership=4, face_cost=F(39, 10))
    assert got == {"secondary, pressure, freeze"}
    got, _ = paths(scn, leverage=4, partnership=4, face_cost=F(41, 10))
    assert got == {"no_sanctions, pressure, freeze"}


def test_sanctions_sweep_finds_the_face_cost_threshold(sanctions):
    scn = sc.load(sanctions)
    res = sweep(
        scn,
        {"face_cost": [F(k, 2) for k in range(13)]},
        overrides={"leverage": 4},
        move_order=ORDER,
    )
    th = [t for t in res.thresholds]
    assert len(th) == 1 and float(th[0].value) == 3
    plain = sweep(scn, {"face_cost": [F(k, 2) for k in range(13)]}, overrides={"leverage": 4})
    labels = {lab for r in plain.regions for lab in r.labels}
    assert "secondary, shield, expand" in labels  # without the flag: the simultaneous game


def test_cli_text_json_and_explain(sanctions, capsys):
    argv = ["run", str(sanctions), "--set", "leverage=4", "--set", "face_cost=4"]
    assert main(argv + ["--move-order", ORDER]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Moves in turn: US, then China, then DPRK" in out
    assert "Path 1: no_sanctions, pressure, freeze (US 5, China 3, DPRK 0)" in out
    assert "secondary → China shield, DPRK expand (US 4)" in out
    assert main(argv + ["--move-order", ORDER, "--json"]) == 0
    d = json.loads(capsys.readouterr().out)["move_order"]
    assert d["order"] == ["US", "China", "DPRK"]
    assert d["paths"] == ["no_sanctions, pressure, freeze"]
    assert d["spe"][0]["payoffs_exact"] == {"US": "5", "China": "3", "DPRK": "0"}
    assert d["changes"]["dropped"] == ["secondary, shield, expand"]
    assert d["changes"]["new"] == ["no_sanctions, pressure, freeze"]
    assert main(["explain", *argv[1:], "--move-order", ORDER, "--no-thresholds"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "If US moves first" in out
    assert "China and DPRK see its choice" in out


@pytest.mark.parametrize(
    "order, needle",
    [
        ("US,Russia", "unknown player 'Russia'; the players are US, China, DPRK"),
        ("US,China", "DPRK missing"),
        ("US,US,China,DPRK", "US is listed twice"),
        ("US,,DPRK", "list the players in the order they move"),
    ],
)
def test_bad_orders_are_located_errors(sanctions, capsys, order, needle):
    assert main(["run", str(sanctions), "--move-order", order]) == 1
    err = capsys.readouterr().err
    assert "--move-order" in err and needle in err


def test_case_insensitive_ids(sanctions):
    got, _ = paths(sc.load(sanctions), "us,china,dprk", leverage=4)
    assert got == {"secondary, pressure, freeze"}


# -- the file's move_order ------------------------------------------------------------------------


def test_file_move_order_adds_the_reading_but_keeps_the_outcomes(tmp_path):
    path = tmp_path / "ordered.yaml"
    path.write_text(SANCTIONS + "move_order: [US, China, DPRK]\n", encoding="utf-8")
    scn = sc.load(path)
    assert scn.move_order == ("US", "China", "DPRK")
    r = contract.analyse(scn, {"leverage": 4})
    assert r.move_order.source == "file"
    assert contract.outcomes(r) == ("secondary, shield, expand",)
    assert "the file's move_order" in contract.to_text(r)
    assert contract.analyse(scn, {"leverage": 4}, move_order="none").move_order is None
    flagged = contract.analyse(scn, {"leverage": 4}, move_order="China,US,DPRK")
    assert contract.outcomes(flagged) == tuple(
        flagged.game.profile_label(o.profile) for o in flagged.move_order.outcomes
    )


def test_file_move_order_errors_point_at_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(SANCTIONS + "move_order: [US, Japan, DPRK]\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        sc.load(path)
    text = str(exc.value)
    assert "unknown player 'Japan'" in text and f"{path}:{SANCTIONS.count(chr(10)) + 1}" in text


def test_bundled_korean_files_take_the_flag():
    """The sequential readings the library ships (checked for shape only: the files' numbers
    are revised elsewhere)."""
    for name, order in [
        ("secondary_sanctions", "US,China,DPRK"),
        ("freeze_for_freeze", "US,DPRK"),
        ("dual_track", "US,DPRK"),
    ]:
        scn = sc.load(f"scenarios/{name}.yaml")
        r = contract.analyse(scn, move_order=order)
        assert r.move_order.total >= 1
        assert contract.outcomes(r)


def test_inert_terms_may_matter_in_the_files_move_order(tmp_path):
    """stability_value cannot move a best response in simultaneous play, but played in turn it
    decides whether China pressures after sanctions (stability + partnership - pressure_cost
    against face_cost), so the warning says so when the file asks for that reading."""
    plain = tmp_path / "plain.yaml"
    plain.write_text(SANCTIONS, encoding="utf-8")
    ordered = tmp_path / "ordered.yaml"
    ordered.write_text(SANCTIONS + "move_order: [US, China, DPRK]\n", encoding="utf-8")
    spec = contract.get_kind("normal-form")
    before = [w for w in spec.warnings(sc.load(plain)) if "'stability_value'" in w]
    after = [w for w in spec.warnings(sc.load(ordered)) if "'stability_value'" in w]
    assert before and after and "move_order reading" not in before[0]
    assert after[0].endswith("later movers answer earlier ones, so there it can matter")
    over = {"leverage": 4, "face_cost": F(7, 2)}
    low, _ = paths(sc.load(plain), **over)
    high, _ = paths(sc.load(plain), stability_value=3, **over)
    assert low == {"no_sanctions, pressure, freeze"} and high == {"secondary, pressure, freeze"}
