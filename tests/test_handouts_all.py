"""Every bundled scenario (listed when the tests run) exports as a handout in every format, with
its charts, a summary first, a glossary of the words it uses, and as a one-page slide."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from fractions import Fraction
from html import escape
from html.parser import HTMLParser

import pytest

pytest.importorskip("matplotlib")

from sim import contract  # noqa: E402
from sim.bundled import bundled_names, load  # noqa: E402
from sim.cli import main  # noqa: E402
from sim.explain import explain  # noqa: E402
from sim.explain.glossary import TERMS  # noqa: E402
from sim.report.handout import (  # noqa: E402
    chart_images,
    headline,
    make_handout,
    write_document,
)

PDFLATEX = shutil.which("pdflatex")


class _Page(HTMLParser):
    VOID = {"meta", "img", "br", "link", "input", "hr"}

    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.images, self.h2 = [], [], [], []
        self._in_h2 = False

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs)["src"])
        if tag == "h2":
            self._in_h2 = True
            self.h2.append("")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_data(self, data):
        if self._in_h2:
            self.h2[-1] += data

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
        else:
            self.stack.pop()


def _page(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    assert not page.errors and not page.stack, page.errors[:3]
    assert "http://" not in text and "https://" not in text  # nothing to fetch
    return page


def _pdflatex(folder, name: str) -> None:
    run = subprocess.run(
        [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", name],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stdout[-2500:]
    pdf = folder / name.replace(".tex", ".pdf")
    assert pdf.stat().st_size > 1000
    return run.stdout.replace("\n", "")  # pdflatex breaks its lines at 79 characters


@functools.cache
def _analysed(name: str):
    """The scenario's result, explanation and handout charts, shared by the tests of this
    module (each handout below is given the charts, drawn once per scenario)."""
    result = contract.analyse(load(name))
    expl = explain(result=result, thresholds=False, robustness=False)
    return result, expl, chart_images(result)


def _one_per_kind() -> set[str]:
    """One bundled scenario of each kind: the ones whose LaTeX slide is compiled."""
    seen: dict[str, str] = {}
    for name in bundled_names():
        seen.setdefault(load(name).meta.kind, name)
    return set(seen.values())


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_scenario_exports_in_every_format_with_its_charts(name, tmp_path):
    result, expl, charts = _analysed(name)
    spec = contract.get_kind(result)
    if spec.default_chart and spec.default_chart in spec.charts:
        assert charts, f"{name}: no chart drawn for the handout"
    assert all(png.startswith(b"\x89PNG") for _, _, png in charts)

    # HTML: one file, every chart inline, In brief first, the glossary before the sources
    html = make_handout(result, expl, "html", images=charts)
    assert html.files == ()
    page = _page(html.text)
    assert len(page.images) == len(charts)
    assert all(src.startswith("data:image/png;base64,") for src in page.images)
    titles = [re.sub(r"^\d+\. ", "", t) for t in page.h2]
    assert titles[0] == "In brief"
    assert escape(headline(result)) in " ".join(html.text.split())
    if "Words used here" in titles and "Sources" in titles:
        assert titles.index("Words used here") < titles.index("Sources")

    # LaTeX: the charts written beside the .tex, and the document compiles
    tex = make_handout(result, expl, "latex", stem="handout", images=charts)
    assert [f for f, _ in tex.files] == [f"handout-{c}.png" for c, _, _ in charts]
    for fname, _ in tex.files:
        assert f"{{{fname}}}" in tex.text
    write_document(tex, tmp_path / "handout.tex")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["handout.tex", *(f for f, _ in tex.files)]
    )
    if PDFLATEX:
        log = _pdflatex(tmp_path, "handout.tex")
        for fname, _ in tex.files:
            assert fname in log  # pdflatex read the chart
    # without a file to write beside, no charts (and no dangling references)
    bare = make_handout(result, expl, "latex", images=charts)
    assert bare.files == () and "\\includegraphics" not in bare.text

    # Markdown: image links to the chart files
    md = make_handout(result, expl, "markdown", stem="notes", images=charts)
    for fname, _ in md.files:
        assert f"]({fname})" in md.text
    assert md.text.startswith("# ") and "## 1. In brief" in md.text


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_scenario_has_a_one_page_slide(name, tmp_path):
    """Every slide is built in every format; the LaTeX of one scenario per kind is compiled
    (the template is the same for all; the handouts above compile for every scenario)."""
    result, expl, charts = _analysed(name)
    slide = make_handout(result, expl, "html", layout="slide", images=charts)
    page = _page(slide.text)
    assert len(page.images) <= 1 and page.h2 == []
    items = re.findall(r"<li>(.*?)</li>", slide.text)
    assert 1 <= len(items) <= 3
    assert 'class="headline"' in slide.text
    md = make_handout(result, expl, "markdown", layout="slide", stem="s", images=charts)
    assert len(md.files) == len(page.images)
    assert md.text.count("\n- ") == len(items)
    tex = make_handout(result, expl, "latex", layout="slide", stem="slide", images=charts)
    write_document(tex, tmp_path / "slide.tex")
    if PDFLATEX and name in _one_per_kind():
        log = _pdflatex(tmp_path, "slide.tex")
        assert "(1 page" in log  # one page


def test_a_large_conflict_puts_the_summary_first_and_the_state_list_after(tmp_path):
    result = contract.analyse(load("korea_conflict"))
    expl = explain(result=result, thresholds=False, robustness=False)
    md = make_handout(result, expl, "markdown").text
    heads = re.findall(r"^## \d+\. (.*)$", md, flags=re.M)
    assert heads[0] == "In brief" and "The full report" in heads
    assert heads.index("The full report") > heads.index("Why the equilibria hold")
    brief = md.split("## 2.")[0]
    # the summary counts the equilibria by concept instead of listing hundreds of states
    for concept in ("GMR", "SMR", "SEQ", "SIM"):
        assert re.search(rf"- {concept}: \d+ outcomes", brief)
    assert len(brief.splitlines()) < 30
    report = md.split("The full report")[1]
    assert "Status quo: state" in report
    # the glossary covers the words of the state list as well
    glossary = md.split("Words used here")[1]
    assert "GMR (general metarationality)" in glossary and "SEQ&SIM" in glossary


def test_the_glossary_lists_only_the_terms_used():
    result = contract.analyse(load("freeze_for_freeze"))
    expl = explain(result=result, thresholds=False, robustness=False)
    words = expl.section("glossary").blocks[0].items
    listed = {w.split(": ")[0] for w in words}
    assert {"Nash equilibrium", "mixed strategy", "best response"} <= listed
    assert not {t.term for t in TERMS if t.term.startswith(("GMR", "SEQ", "SIM"))} & listed
    assert [s.key for s in expl.sections][-2:] == ["glossary", "sources"]


def test_cli_writes_the_charts_beside_a_latex_handout_and_a_slide(tmp_path, capsys):
    out = tmp_path / "guarantee.tex"
    assert main(["export", "security_guarantee", "-o", str(out), "--no-thresholds"]) == 0
    assert (tmp_path / "guarantee-tree.png").read_bytes().startswith(b"\x89PNG")
    assert "{guarantee-tree.png}" in out.read_text(encoding="utf-8")
    slide = tmp_path / "korea.html"
    assert main(["export", "korea_conflict", "--slide", "-o", str(slide)]) == 0
    page = _page(slide.read_text(encoding="utf-8"))
    assert len(page.images) == 1
    assert main(["export", "freeze_for_freeze", "--layout", "slide", "--to", "markdown"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# Freeze-for-freeze") and "![" not in text  # stdout: no files
    assert not list(tmp_path.glob("freeze*"))


def test_a_tree_s_continua_of_equilibria_are_reported_as_classes(tmp_path):
    """A 3-player tree with indifferent movers has continua of Nash equilibria; the solver
    returns sample points of them ("dismantle 146287/546835"), which the report groups into
    one class per outcome, each described by its exact set (tests/test_continua.py checks the
    numbers)."""
    from sim.scenario import load as load_file
    from sim.sequential.report_classes import nash_classes
    from tests.test_chart_layout import THREE_PLAYER_TREE

    path = tmp_path / "three.yaml"
    path.write_text(THREE_PLAYER_TREE, encoding="utf-8")
    result = contract.analyse(load_file(path))
    classes = nash_classes(result)
    found = len(result.nash.result.equilibria)
    assert sum(len(c) for c in classes) == found and len(classes) < found
    # each class: one path and one payoff vector
    for members in classes:
        pays = {tuple(result.nash.result.equilibria[k].payoffs) for k in members}
        assert len(pays) == 1
    text = contract.to_text(result)
    section = text.split("Nash equilibria")[1]
    numbered = re.findall(r"^  (\d+)\. payoffs", section, flags=re.M)
    assert numbered == [str(k) for k in range(1, len(classes) + 1)]
    assert "a whole set of equilibria with this outcome" in section
    assert re.search(r"any value in [\[(]\d+(/\d+)?, \d+(/\d+)?[\])]", section)
    assert "max_boxes" not in section and "box budget" not in section
    # the solver's sample points (such as 146287/546835) are in --json only; the text shows
    # the exact sets: China mixing on the path at keep_going anywhere strictly inside (0, 1)
    samples = {
        str(Fraction(x))
        for beh in result.nash.behaviours
        for v in beh.values()
        if v is not None
        for x in v
        if Fraction(x).denominator > 12
    }
    assert samples and not set(re.findall(r"\d+/\d+", section)) & samples
    assert "plays dismantle with probability any value in (0, 1)" in section.replace(
        "\n         ", " "
    )
    # explain numbers the same classes
    expl = explain(result=result, thresholds=False, robustness=False)
    said = [b.text for b in expl.section("sequential-nash").blocks if hasattr(b, "text")]
    bad = [c for c in classes if any(not result.nash_is_spe[k] for k in c)]
    assert f"They fall into {len(bad)} outcome classes" in said[0]
    labels = [t for t in said[1:] if t.startswith(("Class ", "Nash equilibrium "))]
    assert all(int(re.search(r"\d+", t).group()) <= len(classes) for t in labels)


def test_no_chart_files_beside_a_special_file_or_past_the_name_limit(tmp_path):
    """Charts go beside a regular file only: never /dev/null-matrix.png, and a name so long
    that a chart's name would not fit writes the handout alone."""
    from pathlib import Path

    from sim.cli.export import chart_stem

    assert chart_stem("/dev/null") is None
    assert chart_stem(str(tmp_path / "notes.md")) == "notes"
    assert chart_stem(str(tmp_path / ("n" * 245 + ".md"))) is None
    args = ["export", "classics/chicken", "--to", "markdown", "--no-thresholds"]
    assert main([*args, "-o", "/dev/null"]) == 0
    assert not list(Path("/dev").glob("null-*"))
