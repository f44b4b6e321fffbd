"""`negsim sweep --robustness`: the map marks the scenario's values, the draws' central range and
how often the scenario's outcomes hold, with the numbers of `negsim robust`."""

from __future__ import annotations

import json

import pytest

from sim.cli import main
from sim.cli.common import load_scenario
from sim.robust import robust
from sim.robust.charts import central_range, overlay_robustness
from sim.sweep import sweep

FF = "tests/data/valid/freeze_textbook.yaml"  # the textbook parametrisation, deal_bonus included


def _robust_json(capsys, *extra):
    assert main(["robust", FF, "--no-sensitivity", "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def _caption(d):
    return [
        f"'{o['label']}' holds in {100 * o['probability']:.1f}% of draws "
        f"[{100 * o['ci'][0]:.1f}%, {100 * o['ci'][1]:.1f}%]"
        for o in sorted(d["outcomes"], key=lambda o: (o["probability"], o["label"]))
        if o["in_baseline"]
    ]


@pytest.mark.parametrize("extra", [[], ["--spread", "25%"]])
def test_map_with_robustness_matches_negsim_robust(capsys, tmp_path, extra):
    png = tmp_path / "map.png"
    argv = ["sweep", FF, "--vary", "drill_value=0:6:13", "--vary", "test_value=0:6:13"]
    assert main([*argv, "-o", str(png), "--robustness", *extra]) == 0
    out = capsys.readouterr().out
    assert png.read_bytes().startswith(b"\x89PNG")
    expected = _caption(_robust_json(capsys, *extra))
    assert expected and "; ".join(expected) in out


def test_the_legend_states_the_robust_numbers():
    scn = load_scenario(FF)
    s = sweep(scn, {"drill_value": [0, 1, 2, 3, 4], "test_value": [0, 1, 2, 3, 4]})
    r = robust(scn, sensitivity=False, keep_samples=False)
    from sim.charts.equilibrium_map import plot_equilibrium_map

    fig = overlay_robustness(plot_equilibrium_map(s), s, r)
    legend = fig.legends[-1]
    texts = [" ".join(t.get_text().split()) for t in legend.get_texts()]
    freeze = r.stat("suspend, freeze")
    assert (
        f"'suspend, freeze' holds in {100 * freeze.probability:.1f}% of draws "
        f"[{100 * freeze.ci[0]:.1f}%, {100 * freeze.ci[1]:.1f}%]"
    ) in texts
    assert legend.get_title().get_text().startswith(f"negsim robust: {r.draws:,} draws, seed 7")
    assert "also drawn: deal_bonus, weakness_cost" in legend.get_title().get_text()
    # the dashed box spans the central 95% of drill_value's and test_value's draws
    from matplotlib.patches import Rectangle

    (box,) = [p for p in fig.axes[0].patches if isinstance(p, Rectangle) and p.get_zorder() == 5]
    lo, hi = central_range(next(d for d in r.uncertainty if d.parameter == "drill_value"))
    assert box.get_x() == pytest.approx(lo) and box.get_width() == pytest.approx(hi - lo)
    assert lo == pytest.approx(1.05) and hi == pytest.approx(2.95)  # U(1, 3)


def test_one_parameter_map_renders(capsys, tmp_path):
    png = tmp_path / "m.svg"
    assert main(["sweep", FF, "--vary", "deal_bonus=0:8:17", "-o", str(png), "--robustness"]) == 0
    assert b"central 95% of the draws of deal_bonus" in png.read_bytes()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--robustness"], "--robustness marks the map"),
        (["--spread", "25%", "-o", "MAP"], "--spread goes with --robustness"),
    ],
)
def test_robustness_needs_a_map(capsys, tmp_path, argv, message):
    argv = [str(tmp_path / "m.png") if a == "MAP" else a for a in argv]
    code = main(["sweep", FF, "--vary", "drill_value=0:6:7", *argv])
    assert code == 1 and message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_no_uncertainty_block_is_an_error_and_writes_nothing(capsys, tmp_path):
    name = "classics/stag_hunt"
    scn = load_scenario(name)
    assert scn.meta.uncertainty is None
    p = scn.parameters[0]
    png, csv_path = tmp_path / "m.png", tmp_path / "r.csv"
    vary = f"{p.name}={p.min}:{p.max}:5"
    argv = ["sweep", name, "--vary", vary, "-o", str(png), "--csv", str(csv_path)]
    code = main([*argv, "--robustness"])
    err = capsys.readouterr().err
    assert code == 1 and "no uncertainty block" in err and "--spread 25%" in err
    assert list(tmp_path.iterdir()) == []
    assert main([*argv, "--robustness", "--spread", "25%"]) == 0
    assert png.exists() and csv_path.exists()
