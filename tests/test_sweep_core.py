"""Parameter sweeps (sim/sweep/, sim/normal_form/batch.py, sim/solvers/batched.py): grids,
CSV/JSON shape."""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from sim.game import Game
from sim.labels import equilibrium_label
from sim.scenario import ScenarioError, build, load, loads
from sim.solvers import solve
from sim.solvers.batched import (
    pure_equilibrium_mask,
    solve_2x2_grid,
    solve_2x2x2_grid,
    support_enumeration_grid,
)
from sim.sweep import grid_values, parse_vary, sweep, to_csv, to_json

FREEZE = "tests/data/valid/freeze_textbook.yaml"


ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def freeze():
    return load(ROOT / FREEZE)


def _point_set(game: Game, method: str = "enumerate"):
    """{label: (probabilities, payoffs)} of every equilibrium of one game, solved on its own."""
    res = solve(game, method)
    assert res.status == "complete"
    out = {}
    for e in res.equilibria:
        out.setdefault(equilibrium_label(game.strategies, e.strategies), []).append(
            (tuple(float(x) for s in e.strategies for x in s), tuple(float(x) for x in e.payoffs))
        )
    return out


def _sweep_set(result, point):
    out = {}
    for r in result.rows_at(point):
        out.setdefault(r.label, []).append(
            (tuple(x for s in r.strategies for x in s), tuple(r.payoffs))
        )
    return out


def _assert_same(a: dict, b: dict):
    assert set(a) == set(b)
    for k in a:
        pa = sorted(a[k])
        pb = sorted(b[k])
        assert len(pa) == len(pb), k
        for (sa, ua), (sb, ub) in zip(pa, pb):
            assert np.allclose(sa, sb, atol=1e-9) and np.allclose(ua, ub, atol=1e-9), k


# -- grids ---------------------------------------------------------------------------------------


def test_parse_vary_range_and_list():
    name, vals = parse_vary("drill_value=0:6:13")
    assert name == "drill_value" and len(vals) == 13
    assert vals[0] == 0 and vals[-1] == 6 and vals[6] == 3  # exact: 3 is on the grid
    assert all(isinstance(v, Fraction) for v in vals)
    assert parse_vary("p=5,1,2/3")[1] == (Fraction(2, 3), Fraction(1), Fraction(5))
    assert len(parse_vary("p=0:1")[1]) == 51
    assert grid_values(0, 1, 5) == tuple(Fraction(k, 4) for k in range(5))


@pytest.mark.parametrize(
    "bad", ["p", "p=", "p=1:0:5", "p=0:1:1", "p=0:x:3", "p=1,1", "p=0:1:2:3", "p=0:1:2.5"]
)
def test_parse_vary_rejects(bad):
    with pytest.raises(ScenarioError) as err:
        parse_vary(bad)
    assert err.value.problems[0].location.file == "--vary"


# -- the vectorised core agrees with per-game solving ---------------------------------------------


def test_pure_mask_matches_single_games():
    rng = np.random.default_rng(7)
    T = rng.integers(-3, 4, size=(40, 3, 2, 2, 3)).astype(float)  # 40 three-player games
    mask = pure_equilibrium_mask(T)
    from sim.solvers.pure import pure_equilibrium_profiles

    for k in range(T.shape[0]):
        expected = set(pure_equilibrium_profiles(Game.from_tensor(T[k])))
        got = {tuple(int(v) for v in idx) for idx in np.argwhere(mask[k])}
        assert got == expected


def test_closed_form_2x2_matches_enumeration_on_random_games():
    rng = random.Random(3)
    games = []
    for _ in range(300):
        games.append(
            [[[rng.randint(-5, 5), rng.randint(-5, 5)] for _ in range(2)] for _ in range(2)]
        )
    T = np.asarray(games, dtype=float)
    generic, pure, mixed_ok, x, y, upay, _ = solve_2x2_grid(T, 1e-9)
    checked = 0
    for k in range(len(games)):
        if not generic[k]:
            continue
        g = Game.from_tensor(T[k])
        res = solve(g, "enumerate")
        pure_expected = {e.pure_profile() for e in res.equilibria if e.is_pure}
        assert {tuple(int(v) for v in idx) for idx in np.argwhere(pure[k])} == pure_expected
        mixed = [e for e in res.equilibria if not e.is_pure]
        assert len(mixed) == int(mixed_ok[k])  # generic 2x2: at most one, fully mixed
        if mixed:
            assert float(mixed[0].strategies[0][0]) == pytest.approx(x[k], abs=1e-12)
            assert float(mixed[0].strategies[1][0]) == pytest.approx(y[k], abs=1e-12)
            assert np.allclose([float(v) for v in mixed[0].payoffs], upay[k])
        checked += 1
    assert checked > 150


# -- sweeps agree with solving single points ------------------------------------------------------


def test_one_parameter_sweep_agrees_with_single_points(freeze):
    vary = dict([parse_vary("drill_value=0:6:13")])
    result = sweep(freeze, vary)
    assert result.grid_shape == (13,)
    for i, v in enumerate(vary["drill_value"]):
        game = build(freeze, {"drill_value": v})
        _assert_same(_sweep_set(result, (i,)), _point_set(game))
    # defaults (drill_value 2) are a Stag Hunt with the mixed equilibrium 2/3, 3/4 (scenario notes)
    rows = result.rows_at((4,))
    mixed = [r for r in rows if r.kind == "mixed"]
    assert len(rows) == 3 and len(mixed) == 1
    assert mixed[0].strategies[0][0] == pytest.approx(2 / 3)
    assert mixed[0].strategies[1][0] == pytest.approx(3 / 4)


def test_two_parameter_sweep_agrees_with_single_points(freeze):
    vary = dict([parse_vary("drill_value=0:6:7"), parse_vary("test_value=0:6:7")])
    result = sweep(freeze, vary)
    assert result.grid_shape == (7, 7)
    for i, dv in enumerate(vary["drill_value"]):
        for j, tv in enumerate(vary["test_value"]):
            game = build(freeze, {"drill_value": dv, "test_value": tv})
            _assert_same(_sweep_set(result, (i, j)), _point_set(game))
    assert all(s == "complete" for s in result.point_status)


def test_thresholds_are_refined_and_exact(freeze):
    # the grid steps over drill_value = 3 (0.7, 1.4, ...), so the threshold comes from bisection
    result = sweep(freeze, {"drill_value": [Fraction(7, 10) * k for k in range(9)]})
    ts = [t for t in result.thresholds if t.parameter == "drill_value"]
    assert len(ts) == 1
    t = ts[0]
    # US: suspend is a best response to freeze iff freeze_gain + deal_bonus >= freeze_gain +
    # drill_value, i.e. drill_value <= deal_bonus = 3
    assert t.exact == "3" and t.value == pytest.approx(3)
    assert t.below == ("suspend, freeze", "pressure, test", "mixed (suspend/pressure, freeze/test)")
    assert t.above == ("pressure, test",)
    # exactly at 3 the US is indifferent against freeze: a continuum of US mixtures with freeze
    assert t.at is not None and "suspend, freeze" in t.at
    assert any(lab == "mixed (suspend/pressure, freeze)" for lab in t.at)
    # both sides of the threshold, solved on their own
    for v, expected in ((Fraction(29, 10), t.below), (Fraction(31, 10), t.above)):
        assert set(_point_set(build(freeze, {"drill_value": v}))) == set(expected)


def test_regions_are_connected_and_cover_the_grid(freeze):
    result = sweep(
        freeze, dict([parse_vary("drill_value=0:10:21"), parse_vary("test_value=0:10:21")])
    )
    assert sum(g.n_points for g in result.regions) == result.n_points
    big = max(result.regions, key=lambda g: g.n_points)
    assert big.labels == ("pressure, test",)
    stag = [
        g
        for g in result.regions
        if "mixed (suspend/pressure, freeze/test)" in g.labels and g.n_points > 10
    ]
    assert len(stag) == 1
    assert stag[0].bounds[0][1] < 3 and stag[0].bounds[1][1] < 3
    lines = {(t.parameter, t.exact) for t in result.thresholds if t.value is not None}
    assert ("drill_value", "3") in lines and ("test_value", "3") in lines


def test_three_by_three_game_agrees_with_single_points():
    text = """
format: negsim/1
title: Three-way coordination
parameters:
  bonus: {value: 1, min: 0, max: 4}
players:
  R: {strategies: [a, b, c]}
  C: {strategies: [a, b, c]}
payoffs:
  R: "2*R.a*C.a + R.b*C.b + bonus*R.c*C.c"
  C: "2*R.a*C.a + R.b*C.b + bonus*R.c*C.c"
"""
    scn = loads(text, "coord.yaml")
    vals = [Fraction(k, 2) for k in range(6)]
    result = sweep(scn, {"bonus": vals})
    assert result.stats["closed_form_points"] + result.stats["solved_points"] == len(vals)
    for i, v in enumerate(vals):
        _assert_same(_sweep_set(result, (i,)), _point_set(build(scn, {"bonus": v})))
    # mixing that puts weight on c needs a positive bonus for c, c
    assert not any("c" in lab for lab in result.labels_at((0,)) if lab.startswith("mixed"))
    assert "mixed (a/b/c, a/b/c)" in result.labels_at((1,))


def test_three_player_sweep_is_marked_when_incomplete():
    text = """
format: negsim/1
title: Three hunters
parameters:
  hare: {value: 1, min: 0, max: 3}
players:
  A: {strategies: [stag, hare]}
  B: {strategies: [stag, hare]}
  C: {strategies: [stag, hare]}
payoffs:
  A: "4*A.stag*B.stag*C.stag + hare*A.hare"
  B: "4*A.stag*B.stag*C.stag + hare*B.hare"
  C: "4*A.stag*B.stag*C.stag + hare*C.hare"
"""
    from sim.solvers import SOLVERS

    scn = loads(text, "hunt.yaml")
    result = sweep(scn, {"hare": [Fraction(1), Fraction(2)]})
    for i in range(2):
        labels = result.labels_at((i,))
        assert "stag, stag, stag" in labels and "hare, hare, hare" in labels
    if "all" in SOLVERS:
        # N-player stag hunt: the symmetric mixed equilibrium q = (h/V)^(1/(N-1))
        for i, h in enumerate((1, 2)):
            mixed = [
                r
                for r in result.rows_at((i,))
                if r.kind == "mixed" and len({round(p[0], 9) for p in r.strategies}) == 1
            ]
            assert any(r.strategies[0][0] == pytest.approx((h / 4) ** 0.5) for r in mixed)
    else:  # only pure equilibria available: the sweep must say the set may be incomplete
        assert set(result.point_status) == {"partial"}
        assert result.notes


# -- serialisers ---------------------------------------------------------------------------------


def test_csv_and_json_shape(freeze):
    result = sweep(freeze, dict([parse_vary("drill_value=0:4:3"), parse_vary("relief=1,3")]))
    text = to_csv(result)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(result.rows)
    assert list(rows[0])[:6] == ["drill_value", "relief", "equilibrium", "kind", "region", "status"]
    for col in (
        "US:suspend",
        "US:pressure",
        "DPRK:freeze",
        "DPRK:test",
        "payoff:US",
        "payoff:DPRK",
        "max_regret",
    ):
        assert col in rows[0]
    assert {(r["drill_value"], r["relief"]) for r in rows} == {
        (d, r) for d in ("0", "2", "4") for r in ("1", "3")
    }
    for r in rows:
        assert float(r["US:suspend"]) + float(r["US:pressure"]) == pytest.approx(1)
    doc = json.loads(to_json(result))
    for key in (
        "scenario",
        "kind",
        "negsim_version",
        "parameters",
        "vary",
        "players",
        "rows",
        "regions",
        "thresholds",
    ):
        assert key in doc
    assert doc["vary"] == {"drill_value": ["0", "2", "4"], "relief": ["1", "3"]}
    assert "drill_value" not in doc["parameters"] and doc["parameters"]["deal_bonus"] == "3"
    assert len(doc["rows"]) == len(result.rows)
    r0 = doc["rows"][0]
    assert set(r0["strategies"]) == {"US", "DPRK"} and set(r0["payoffs"]) == {"US", "DPRK"}
    assert sum(g["points"] for g in doc["regions"]) == 6


def test_sweep_rejects_bad_requests(freeze):
    for vary, overrides in (
        ({"drill_valu": [1, 2]}, None),
        ({"drill_value": [1, 20]}, None),  # outside the declared range
        ({"drill_value": [1, 2]}, {"drill_value": "1"}),
        ({}, None),
    ):
        with pytest.raises(ScenarioError) as err:
            sweep(freeze, vary, overrides=overrides)
        assert err.value.problems[0].location.file == "--vary"


def test_sloping_threshold_is_reported_as_a_line(freeze):
    # DPRK: freeze answers suspend iff relief + deal_bonus >= relief + test_value; US: suspend
    # answers freeze iff deal_bonus >= drill_value.  With test_value 2 the mutual freeze is an
    # equilibrium exactly when deal_bonus >= max(2, drill_value): a kink at (2, 2).
    result = sweep(
        freeze,
        {
            "drill_value": [Fraction(k, 4) for k in range(1, 24, 2)],
            "deal_bonus": [Fraction(k, 3) for k in range(1, 18, 2)],
        },
    )
    texts = {t.text for t in result.thresholds}
    assert "deal_bonus = drill_value" in texts or "drill_value = deal_bonus" in texts
    assert "deal_bonus = 2" in texts
    for t in result.thresholds:
        if t.line is not None:
            assert t.value is None and t.points


@pytest.mark.parametrize(
    "m,n,integer", [(3, 3, False), (4, 4, False), (2, 5, False), (3, 4, True), (4, 3, True)]
)
def test_vectorised_support_enumeration_matches_single_games(m, n, integer):
    # random real payoffs are non-degenerate with probability 1; small integers often are not,
    # and those games must be flagged (then solved exactly) rather than answered wrongly
    rng = np.random.default_rng(m * 10 + n)
    K = 120
    T = (
        rng.integers(-3, 4, size=(K, m, n, 2)).astype(float)
        if integer
        else rng.normal(size=(K, m, n, 2))
    )
    eqs, degenerate = support_enumeration_grid(T)
    if not integer:
        assert not degenerate.any()
    checked = 0
    for k in range(K):
        if degenerate[k]:
            continue
        res = solve(Game.from_tensor(T[k]), "enumerate")
        expected = sorted(
            tuple(np.round([float(v) for s in e.strategies for v in s], 7)) for e in res.equilibria
        )
        got = sorted(tuple(np.round(np.concatenate([x, y]), 7)) for x, y, _, _ in eqs[k])
        assert got == expected
        for x, y, pay, reg in eqs[k]:
            assert reg <= 1e-9 * max(1.0, np.abs(T[k]).max())
            assert pay[0] == pytest.approx(x @ T[k, :, :, 0] @ y)
        checked += 1
    assert checked >= (K if not integer else 10)


def test_four_by_four_scenario_sweep_agrees_with_single_points():
    scn = load(ROOT / "tests/data/valid/dual_track_linkage.yaml")
    vary = dict([parse_vary("linkage=0:10:9"), parse_vary("relief_cost=0:8:5")])
    result = sweep(scn, vary)
    assert result.stats["closed_form_points"] > 0  # the vectorised path answered most points
    assert "support enumeration" in result.method
    for i, a in enumerate(vary["linkage"]):
        for j, b in enumerate(vary["relief_cost"]):
            game = build(scn, {"linkage": a, "relief_cost": b})
            _assert_same(_sweep_set(result, (i, j)), _point_set(game, "all"))


def test_table_scenario_sweep():
    # payoffs given as a table; the mixed equilibrium shows heads with probability
    # 2 / (heads_stake + 3) for both players (scenario notes; Goeree and Holt 2001)
    scn = load(ROOT / "scenarios/classics/matching_pennies.yaml")
    vals = [Fraction(k, 2) for k in range(1, 9)]
    result = sweep(scn, {"heads_stake": vals})
    for i, h in enumerate(vals):
        rows = result.rows_at((i,))
        assert len(rows) == 1 and rows[0].kind == "mixed"
        assert rows[0].strategies[0][0] == pytest.approx(2 / (float(h) + 3))
        assert rows[0].strategies[1][0] == pytest.approx(2 / (float(h) + 3))
        _assert_same(_sweep_set(result, (i,)), _point_set(build(scn, {"heads_stake": h})))


@pytest.mark.parametrize("integer", [False, True])
def test_closed_form_2x2x2_matches_single_games(integer):
    # random real payoffs: no ties, every game answered; small integers: ties are common, and
    # the games with ties must be flagged rather than answered wrongly
    rng = np.random.default_rng(17)
    K = 150
    T = (
        rng.integers(-9, 10, size=(K, 2, 2, 2, 3)).astype(float)
        if integer
        else rng.normal(size=(K, 2, 2, 2, 3))
    )
    eqs, degenerate = solve_2x2x2_grid(T)
    if not integer:
        assert not degenerate.any()
    checked = 0
    for k in range(K):
        if degenerate[k]:
            continue
        res = solve(Game.from_tensor(T[k]), "all")
        expected = sorted(
            tuple(np.round([float(e.strategies[i][0]) for i in range(3)], 7))
            for e in res.equilibria
        )
        got = sorted(tuple(np.round(P, 7)) for P, _, _ in eqs[k])
        assert got == expected
        checked += 1
    assert checked >= (K if not integer else 30)


def test_three_player_scenario_sweep_agrees_with_single_points():
    scn = load(ROOT / "scenarios/secondary_sanctions.yaml")
    vary = dict([parse_vary("leverage=0:6:7"), parse_vary("face_cost=0:6:4")])
    result = sweep(scn, vary)
    assert "2x2x2" in result.method and result.stats["closed_form_points"] > 0
    for i, a in enumerate(vary["leverage"]):
        for j, b in enumerate(vary["face_cost"]):
            game = build(scn, {"leverage": a, "face_cost": b})
            res = solve(game, "all")
            expected = {equilibrium_label(game.strategies, e.strategies) for e in res.equilibria}
            assert set(result.labels_at((i, j))) == expected


# -- any kind, through the kind contract ----------------------------------------------------------

TOY = "toy-threshold"


@dataclass(frozen=True)
class _ToyScenario:
    meta: object
    parameters: tuple


@dataclass(frozen=True, kw_only=True)
class _ToyResult:
    scenario: _ToyScenario
    parameters: dict
    notes: tuple = ()

    @property
    def meta(self):
        return self.scenario.meta


def _toy_analyse(scenario, overrides=None, **options):
    from sim.scenario.common import apply_overrides

    return _ToyResult(scenario=scenario, parameters=apply_overrides(scenario.parameters, overrides))


def _toy_outcomes(result):
    """``high`` when x > 3 (and, with a y, when x + y > 6 as well)."""
    x = result.parameters["x"]
    y = result.parameters.get("y")
    labels = ["high" if x > 3 else "low"]
    if y is not None:
        labels.append("above the line" if x + y > 6 else "below the line")
    return tuple(labels)


def _toy_spec(**more):
    from sim.contract import KindSpec

    return KindSpec(
        name=TOY,
        summary="a parameter threshold at x = 3",
        keys=("parameters",),
        load=lambda doc, meta: None,
        analyse=_toy_analyse,
        to_text=lambda r: "",
        to_dict=lambda r: {},
        outcomes=_toy_outcomes,
        **more,
    )


def _toy(*params):
    from sim.scenario.common import Meta, Parameter

    return _ToyScenario(
        Meta(file="toy.yaml", kind=TOY, title="Toy threshold"),
        tuple(Parameter(name, Fraction(1), min=Fraction(0), max=Fraction(10)) for name in params),
    )


@pytest.fixture
def toy_kind():
    from sim import contract

    contract.register_kind(_toy_spec())
    yield
    contract.KINDS.pop(TOY, None)


@pytest.mark.parametrize("spec", ["x=0:10:8", "x=0:6:13", "x=1,2,5,9"])
def test_generic_kind_threshold_found_exactly(toy_kind, spec):
    # 0:10:8 steps over 3 (bisection must find it), 0:6:13 has 3 on the grid
    result = sweep(_toy("x"), dict([parse_vary(spec)]))
    assert result.scenario_kind == TOY and not result.players
    (t,) = result.thresholds
    assert t.parameter == "x" and t.exact == "3" and t.value == 3
    assert t.below == ("low",) and t.above == ("high",) and t.at == ("low",)
    assert [g.labels for g in result.regions] == [("low",), ("high",)]
    assert all(s == "complete" for s in result.point_status)
    assert result.labels_at((0,)) == ("low",) and result.labels_at((result.n_points - 1,)) == (
        "high",
    )


def test_generic_kind_two_parameters_and_text_forms(toy_kind):
    vary = dict([parse_vary("x=0:10:11"), parse_vary("y=0:10:11")])
    seen = []
    result = sweep(_toy("x", "y"), vary, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (121, 121)
    texts = {t.text for t in result.thresholds}
    assert "x = 3" in texts
    assert (
        "y = 6 - x" in texts
        or "x = 6 - y" in texts
        or "x = -y + 6" in texts
        or any("-x + 6" in s or "-y + 6" in s for s in texts)
    ), texts
    rows = list(csv.DictReader(io.StringIO(to_csv(result))))
    assert list(rows[0]) == ["x", "y", "outcome", "kind", "region", "status"]
    assert len(rows) == 2 * 121 and {r["kind"] for r in rows} == {"outcome"}
    doc = json.loads(to_json(result))
    assert doc["scenario_kind"] == TOY and doc["players"] == {}
    assert {r["outcome"] for r in doc["rows"]} == {
        "high",
        "low",
        "above the line",
        "below the line",
    }
    from sim.sweep import summary_text

    assert "x = 3" in summary_text(result)


def test_generic_kind_batch_function_is_used(toy_kind):
    from sim import contract

    calls = []

    def batch(scenario, points, **options):
        calls.append(len(points))
        return [_toy_outcomes(_toy_analyse(scenario, p)) for p in points]

    contract.register_kind(_toy_spec(sweep_batch=batch))
    result = sweep(_toy("x"), dict([parse_vary("x=0:10:8")]))
    assert calls[0] == 8  # the whole grid in one call
    (t,) = result.thresholds
    assert t.exact == "3" and t.below == ("low",) and t.above == ("high",)


def test_generic_kind_errors_are_located(toy_kind):
    with pytest.raises(ScenarioError) as err:
        sweep(_toy(), {"x": [1, 2]})  # no parameters at all
    assert "no parameters" in str(err.value) and err.value.problems[0].location.file == "--vary"
    with pytest.raises(ScenarioError) as err:
        sweep(_toy("x"), {"x": [1, 2]}, method="all")  # the toy kind takes no options
    assert err.value.problems[0].location.file == "--method"
    with pytest.raises(ScenarioError):
        sweep(_toy("x"), {"x": [1, 11]})  # outside the declared range


@pytest.mark.parametrize("specs", [["x=0:10:8"], ["x=0:10:6", "y=0:10:6"]])
def test_generic_kind_equilibrium_map_draws(toy_kind, specs):
    from matplotlib.figure import Figure

    from sim.charts.equilibrium_map import plot_equilibrium_map

    result = sweep(_toy("x", "y"), dict(parse_vary(s) for s in specs))
    fig = plot_equilibrium_map(result)
    assert isinstance(fig, Figure)
    assert "outcomes" in fig._suptitle.get_text()
    assert len(fig.axes) == 1  # no payoff panel for a kind without payoffs


def test_normal_form_sweep_batch_answers_points(freeze):
    # the normal-form kind's batch function, as its KindSpec.sweep_batch: labels per point,
    # with the equilibria behind them
    from sim.normal_form.batch import sweep_batch

    points = [{"drill_value": Fraction(k, 2), "test_value": Fraction(2)} for k in range(9)]
    got = sweep_batch(freeze, points)
    assert len(got) == 9 and all(isinstance(g, tuple) for g in got)
    for p, labels in zip(points, got):
        assert set(labels) == set(_point_set(build(freeze, p)))
        assert {r[0] for r in labels.rows} == set(labels) and labels.status == "complete"
    assert sweep_batch(freeze, []) == []
    with pytest.raises(ScenarioError):
        sweep_batch(freeze, [{"drill_value": Fraction(20)}])  # outside the declared range


def test_explain_scan_of_any_kind_uses_the_sweep(toy_kind):
    from sim.explain.thresholds import scan_outcomes
    from sim.sweep import Threshold

    (scan,) = scan_outcomes(_toy("x"))
    assert scan.parameter == "x" and scan.current == 1 and scan.current_set == ("low",)
    assert scan.declared_range and (scan.lo, scan.hi) == (0, 10)
    (t,) = scan.thresholds
    assert isinstance(t, Threshold)
    assert t.exact == "3" and t.below == ("low",) and t.above == ("high",) and t.at == ("low",)
    # a parameter fixed by overrides is still scanned (from its current value)
    (scan,) = scan_outcomes(_toy("x"), {"x": 5})
    assert scan.current == 5 and scan.current_set == ("high",)
    assert [t.exact for t in scan.thresholds] == ["3"]
