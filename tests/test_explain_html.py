"""``negsim explain --format html`` stands alone with the kind's charts embedded: the charts a
handout embeds, drawn and placed by the same code (:func:`sim.report.handout.html_page`)."""

from __future__ import annotations

import base64
import re
from html import unescape

import pytest

pytest.importorskip("matplotlib")

from sim import contract  # noqa: E402
from sim.bundled import load  # noqa: E402
from sim.cli import main  # noqa: E402

FIGURE = re.compile(
    r'<figure><img alt="([^"]*)" src="data:image/png;base64,([A-Za-z0-9+/=]+)">'
    r"<figcaption>([^<]*)</figcaption></figure>"
)


def _caption(spec, chart: str) -> str:
    about = spec.charts[chart].about
    return about[:1].upper() + about[1:]


def _explained(tmp_path, name: str, *extra: str) -> str:
    out = tmp_path / "explained.html"
    args = ["explain", name, "--format", "html", "--no-thresholds", *extra, "-o", str(out)]
    assert main(args) == 0
    return out.read_text(encoding="utf-8")


def _charts_section(text: str) -> str:
    """The section the charts follow: the first one after the scenario in words."""
    keys = [k for k in re.findall(r'<section id="([^"]+)">', text) if k != "scenario"]
    return text.split(f'<section id="{keys[0]}">')[1].split("</section>")[0]


def test_explain_html_embeds_the_chart_drawn_at_the_set_values(tmp_path):
    name = "beijing_outside_option"
    spec = contract.get_kind(load(name))
    text = _explained(tmp_path, name, "--set", "pie=12")
    figures = FIGURE.findall(text)
    assert [unescape(alt) for alt, _, _ in figures] == [_caption(spec, "frontier")]
    assert unescape(figures[0][2]) == _caption(spec, "frontier")
    png = base64.b64decode(figures[0][1])
    assert png.startswith(b"\x89PNG") and len(png) > 5_000
    assert "http://" not in text and "https://" not in text and "<script" not in text
    assert FIGURE.findall(_charts_section(text)) == figures
    assert "pie = 12 (default 10)" in unescape(text)


@pytest.mark.parametrize(
    "name", ["classics/stag_hunt", "stepwise_disarmament", "olympic_truce", "classics/elmira"]
)
def test_explain_html_of_each_kind_has_the_handout_s_charts(name, tmp_path, monkeypatch):
    """Each kind's handout charts, in order, after the kind's first section, the same as in
    the handout (the drawing is stubbed: the handout tests draw every scenario's charts)."""
    from matplotlib.figure import Figure

    from sim.report.handout import make_handout

    drawn = []

    def draw(result, chart=None, **options):
        drawn.append(chart)
        return Figure(figsize=(1, 1))

    monkeypatch.setattr(contract, "draw", draw)
    spec = contract.get_kind(load(name))
    want = list(spec.handout_charts or (spec.default_chart,))
    text = _explained(tmp_path, name)
    assert drawn == want
    figures = FIGURE.findall(text)
    assert [unescape(alt) for alt, _, _ in figures] == [_caption(spec, c) for c in want]
    assert all(base64.b64decode(data).startswith(b"\x89PNG") for _, data, _ in figures)
    assert FIGURE.findall(_charts_section(text)) == figures
    from sim.explain import explain

    result = contract.analyse(load(name))
    expl = explain(result=result, thresholds=False, robustness=False)
    handout = make_handout(result, expl, "html").text
    assert [alt for alt, _, _ in FIGURE.findall(handout)] == [alt for alt, _, _ in figures]


def test_explain_html_without_charts_and_other_formats_have_none(tmp_path, capsys):
    text = _explained(tmp_path, "classics/elmira", "--no-charts")
    assert "<img" not in text and text.startswith("<!DOCTYPE html>")
    assert main(["explain", "classics/elmira", "--format", "markdown"]) == 0
    assert "![" not in capsys.readouterr().out
