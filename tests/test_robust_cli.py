"""`negsim robust` on the command line: its outputs, Dask, bad input (exit 1, nothing written)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from sim.cli import COMMANDS, main

FF = "tests/data/valid/freeze_textbook.yaml"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def outcome(d, label):
    return next(o for o in d["outcomes"] if o["label"] == label)


def test_robust_is_a_command():
    assert "robust" in COMMANDS


def test_json_keys_and_the_mutual_freeze(capsys):
    code, out, err = run(
        capsys, "robust", FF, "--spread", "25%", "--draws", "4000", "--seed", "3", "--json"
    )
    assert code == 0, err
    d = json.loads(out)
    for key in ("scenario", "kind", "parameters", "negsim_version", "draws", "seed"):
        assert key in d
    assert d["draws"] == 4000 and d["seed"] == 3
    assert "suspend, freeze" in d["baseline"]
    freeze = outcome(d, "suspend, freeze")
    assert set(freeze) >= {"label", "probability", "ci", "unique_probability"}
    # ±25% of every parameter: the mutual freeze holds in about 96% of draws
    assert 0.94 < freeze["probability"] < 0.98
    lo, hi = freeze["ci"]
    assert lo < freeze["probability"] < hi and hi - lo < 0.02
    assert outcome(d, "pressure, test")["probability"] == 1.0
    assert set(d["sensitivity"]) == {
        "freeze_gain",
        "test_harm",
        "drill_value",
        "weakness_cost",
        "relief",
        "test_value",
        "deal_bonus",
    }
    for row in d["sensitivity"].values():
        assert set(row) >= {"first_order", "total_order", "low", "high"}


def test_wider_spread_is_less_robust(capsys):
    probs = []
    for spread in ("25%", "50%"):
        code, out, err = run(
            capsys,
            "robust",
            FF,
            "--spread",
            spread,
            "--draws",
            "20000",
            "--json",
            "--no-sensitivity",
        )
        assert code == 0, err
        probs.append(outcome(json.loads(out), "suspend, freeze")["probability"])
    assert 0.95 < probs[0] < 0.975
    assert 0.70 < probs[1] < 0.74


def test_csv_one_row_per_draw(capsys, tmp_path):
    path = tmp_path / "draws.csv"
    code, _, err = run(
        capsys,
        "robust",
        FF,
        "--spread",
        "25%",
        "--draws",
        "500",
        "--no-sensitivity",
        "--csv",
        str(path),
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(path.read_text())))
    assert len(rows) == 500
    assert {"draw", "deal_bonus", "outcomes"} <= set(rows[0])
    for row in rows:
        assert 2.25 <= float(row["deal_bonus"]) <= 3.75
    assert any("suspend, freeze" in row["outcomes"] for row in rows)


@pytest.mark.parametrize("chart", ["probabilities", "tornado", "draws"])
def test_chart_file(capsys, tmp_path, chart):
    path = tmp_path / f"{chart}.png"
    code, _, err = run(
        capsys,
        "robust",
        FF,
        "--spread",
        "25%",
        "--draws",
        "1000",
        "--sobol-n",
        "64",
        "--chart",
        chart,
        "-o",
        str(path),
    )
    assert code == 0, err
    assert path.read_bytes().startswith(b"\x89PNG")


def test_set_fixes_a_parameter(capsys):
    code, out, err = run(
        capsys,
        "robust",
        FF,
        "--spread",
        "50%",
        "--draws",
        "5000",
        "--set",
        "deal_bonus=5",
        "--json",
        "--no-sensitivity",
    )
    assert code == 0, err
    d = json.loads(out)
    assert d["parameters"]["deal_bonus"] == 5
    assert "deal_bonus" not in d["sensitivity"]
    # a large deal bonus makes the freeze hold far more often than ±50% around 3 does (~72%)
    assert outcome(d, "suspend, freeze")["probability"] > 0.9
    code, out, _ = run(
        capsys, "robust", FF, "--spread", "50%", "--draws", "5000", "--set", "deal_bonus=5"
    )
    assert "fixed by --set, so not drawn: deal_bonus" in out
    assert "was not computed (--no-sensitivity)" not in out  # sensitivity was computed here
    code, out, _ = run(capsys, "robust", FF, "--draws", "3000", "--no-sensitivity")
    assert "Which parameters decide it was not computed (--no-sensitivity)." in out


def test_two_workers_same_numbers_as_one(capsys):
    argv = ["robust", FF, "--spread", "50%", "--draws", "30000", "--seed", "5", "--json"]
    argv += ["--no-sensitivity"]
    code, one, err = run(capsys, *argv)
    assert code == 0, err
    code, two, err = run(capsys, *argv, "--workers", "2")
    assert code == 0, err
    a, b = json.loads(one), json.loads(two)
    assert a["outcomes"] == b["outcomes"]


def test_unreachable_scheduler_exit_1_nothing_written(capsys, tmp_path):
    csv_path, png = tmp_path / "d.csv", tmp_path / "c.png"
    code, out, err = run(
        capsys,
        "robust",
        FF,
        "--spread",
        "25%",
        "--draws",
        "100",
        "--scheduler",
        "tcp://127.0.0.1:9",
        "--csv",
        str(csv_path),
        "-o",
        str(png),
    )
    assert code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
    assert "Traceback" not in err and out == ""
    assert not csv_path.exists() and not png.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--draws", "0"], "give a positive number of draws"),
        (["--draws", "-5"], "give a positive number of draws"),
        (["--spread", "lots"], "write a percentage like 25%"),
        (["--spread", "0%"], "above 0%"),
        (["--spread", "2000%"], "at most 1000%"),
    ],
)
def test_bad_input_is_exit_1(capsys, argv, message):
    base = ["robust", FF] + ([] if "--spread" in argv else ["--spread", "25%"])
    code, out, err = run(capsys, *base, *argv)
    assert code == 1, err
    assert message in err and "Traceback" not in err


KOREAN = [
    "freeze_for_freeze",
    "freeze_for_freeze_enforcer",
    "secondary_sanctions",
    "summit_coordination",
    "dual_track",
    "security_guarantee_normal_form",
    "security_guarantee",
    "beijing_outside_option",
    "olympic_truce",
    "six_party_grand_bargain",
    "summit_types",
    "unsc_obligations",
    "china_reassurance",
    "envoy_mediation",
    "sequencing_battle",
    "stepwise_disarmament",
    "audience_costs",
    "china_pressure_limit",
]


@pytest.mark.parametrize("name", KOREAN)
def test_bundled_uncertainty_blocks_are_valid_and_sourced(name):
    from sim.cli.common import load_scenario
    from sim.scenario.uncertainty import check_against

    scn = load_scenario(name)
    unc = scn.meta.uncertainty
    assert unc is not None and unc.seed == 7
    # 20,000 draws, except where every draw is a game of more than three players solved anew
    # (the six-party file: a few hundred, so that `negsim robust` stays a matter of minutes)
    many = len(getattr(scn, "players", ())) > 3
    assert unc.draws == 20000 or (many and 100 <= unc.draws <= 1000)
    check_against(unc, scn.parameters)  # inside every parameter's range
    values = {p.name: float(p.value) for p in scn.parameters}
    for d in unc.distributions:
        # every range says where it comes from: a judgement, a record, a source
        assert len(d.source) > 20 and d.about
        lo, hi = d.support
        assert lo <= values[d.parameter] <= hi


def test_freeze_for_freeze_file_uncertainty(capsys):
    code, out, err = run(capsys, "robust", FF, "--json", "--no-sensitivity")
    assert code == 0, err
    d = json.loads(out)
    assert d["draws"] == 20000 and d["seed"] == 7
    assert [u["parameter"] for u in d["uncertainty"]] == [
        "drill_value",
        "test_value",
        "deal_bonus",
        "weakness_cost",
    ]
    # the freeze holds when deal_bonus exceeds both temptations: for drill_value, test_value
    # ~ uniform(1, 3) and deal_bonus ~ uniform(1.5, 4.5) that is exactly 23/32 = 0.71875
    freeze = outcome(d, "suspend, freeze")
    assert freeze["ci"][0] < 23 / 32 < freeze["ci"][1]
    assert freeze["probability"] == pytest.approx(23 / 32, abs=0.008)


def test_schema_describes_the_uncertainty_block():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from sim.scenario.schema import json_schema

    schema = json_schema()
    doc = yaml.safe_load(open(load_path(FF)).read())
    jsonschema.validate(doc, schema)
    doc["uncertainty"]["parameters"]["drill_value"] = {"uniform": [1]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)
    doc["uncertainty"]["parameters"]["drill_value"] = {"gamma": [1, 2]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)


def load_path(name):
    from sim.cli.common import load_scenario

    return load_scenario(name).meta.file
