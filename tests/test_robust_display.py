"""Notebook display of sweep and robustness results: short reprs and ``_repr_html_``."""

from __future__ import annotations

from html import escape

import sim
from sim.robust import robust
from sim.sweep import sweep


def test_robust_result_repr_and_html():
    scn = sim.load("freeze_for_freeze")
    r = robust(scn, draws=2_000, seed=3)
    short = repr(r)
    freeze = r.stat("suspend, freeze")
    assert short.startswith("<RobustResult of 'Freeze-for-freeze': 2,000 draws, seed 3; ")
    assert f"suspend, freeze {100 * freeze.probability:.1f}%" in short and len(short) < 300
    page = r._repr_html_()
    assert "<td>suspend, freeze *</td>" in page
    assert f"<td>{100 * freeze.probability:.1f}%</td>" in page
    rd = r.selection.risk_of("suspend, freeze").probability
    assert f"<td>{100 * rd:.1f}%</td>" in page and "Trust thresholds for" in page
    assert "Sobol indices" in page and page.count("data:image/png;base64,") == 1
    assert escape("How likely each outcome is (95% Wilson intervals)") in page
    assert "data:image" not in r._repr_html_(chart=False)


def test_sweep_result_repr_and_html():
    scn = sim.load("freeze_for_freeze")
    s = sweep(scn, {"drill_value": [0, 1, 2, 3, 4, 5, 6], "test_value": [1, 2]})
    short = repr(s)
    assert short == (
        f"<SweepResult of 'Freeze-for-freeze': 14 points over drill_value 0..6 x "
        f"test_value 1..2; {len(s.regions)} region(s), {len(s.thresholds)} threshold(s)>"
    )
    page = s._repr_html_()
    assert "drill_value from 0 to 6 (7 points)" in page
    for g in s.regions:
        assert f"<td>{escape(g.description)}</td>" in page
    for t in s.thresholds:
        assert f"<code>{escape(t.text)}</code>" in page
    assert page.count("data:image/png;base64,") == 1
    assert "data:image" not in s._repr_html_(chart=False)
