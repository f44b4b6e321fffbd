"""Jupyter sliders (``sim.widgets``), driven programmatically: no browser, no kernel."""

from __future__ import annotations

import pytest

from sim import bundled, contract

pytest.importorskip("ipywidgets")

from sim.widgets import slider_range, sliders  # noqa: E402


def html_shown(w) -> str:
    return "".join(o.get("data", {}).get("text/html", "") for o in w.output.outputs)


def test_moving_a_slider_runs_the_scenario_again_and_shows_it():
    w = sliders("freeze_for_freeze")
    scenario = bundled.load("freeze_for_freeze")
    assert list(w.controls) == [p.name for p in scenario.parameters]
    drill = w.controls["drill_value"]
    param = next(p for p in scenario.parameters if p.name == "drill_value")
    assert (drill.min, drill.max, drill.value) == (float(param.min), float(param.max), 2.0)
    assert drill.step == float(slider_range(param)[2])
    assert contract.outcomes(w.result) == contract.outcomes(contract.analyse(scenario))
    assert "suspend, freeze" in html_shown(w)

    drill.value = 2.9000000000000004  # a float a slider may report
    assert w.overrides() == {"drill_value": "2.9"}
    assert "suspend, freeze" in contract.outcomes(w.result)
    drill.value = 3.1
    assert contract.outcomes(w.result) == ("pressure, test",)
    assert contract.outcomes(w.result) == contract.outcomes(
        contract.analyse(scenario, {"drill_value": "3.1"})
    )
    shown = html_shown(w)
    assert "pressure, test" in shown and "drill_value=3.1" in shown
    assert len(w.output.outputs) == 1  # the new result replaces the old one
    assert "application/vnd.jupyter.widget-view+json" in w._repr_mimebundle_()


def test_a_conflict_gets_its_convention_as_a_drop_down():
    w = sliders("classics/elmira")
    assert "convention" in w.controls and w.result.convention == "sequence"
    w.controls["convention"].value = "single"
    expected = contract.analyse(bundled.load("classics/elmira"), convention="single")
    assert w.result.convention == "single"
    assert contract.outcomes(w.result) == contract.outcomes(expected)
