"""Handouts: Markdown, LaTeX (compiles where pdflatex exists), HTML (renders in headless Chromium
where it exists), and the `negsim explain` / `negsim export` commands."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from sim.bundled import resolve
from sim.cli import main
from sim.explain import explain
from sim.report.html import render_html
from sim.report.latex import escape as tex_escape
from sim.report.latex import render_latex
from sim.report.markdown import render_markdown
from sim.scenario import ScenarioError, load


@pytest.fixture(scope="module")
def freeze():
    return explain(load(resolve("freeze_for_freeze")))


def test_markdown_has_table_explanation_and_sources(freeze):
    md = render_markdown(freeze)
    assert md.startswith("# Freeze-for-freeze")
    assert "| US \\\\ DPRK | freeze | test |" in md
    assert "| suspend | **6, 4** | -1, 3 |" in md  # equilibrium cell in bold
    assert "q = 3/4" in md
    assert re.search(r"^## \d+\. Sources$", md, flags=re.M) and "Wang Junsheng" in md
    # every table row has as many cells as its header
    for block in re.findall(r"(?:^\|.*\|\n)+", md, flags=re.M):
        rows = [r for r in block.strip().split("\n")]
        widths = {len(re.split(r"(?<!\\)\|", r)) for r in rows}
        assert len(widths) == 1, block


def test_latex_escaping():
    assert tex_escape("a_b & 50% #1 {x} ~ ^") == (
        r"a\_\allowbreak{}b \& 50\% \#1 \{x\} "
        r"\textasciitilde{} \textasciicircum{}"
    )
    assert tex_escape("2·q ≤ 3") == r"2$\cdot$q $\le$ 3"
    assert tex_escape("漢") == "?"


def _balanced(tex: str) -> bool:
    depth = 0
    for k, ch in enumerate(tex):
        if ch in "{}" and (k == 0 or tex[k - 1] != "\\"):
            depth += 1 if ch == "{" else -1
            if depth < 0:
                return False
    return depth == 0


def test_latex_structure(freeze):
    doc = render_latex(freeze)
    assert doc.startswith("\\documentclass") and doc.rstrip().endswith("\\end{document}")
    assert _balanced(doc)
    assert doc.count("\\begin{longtable}") == doc.count("\\end{longtable}") >= 5
    assert "\\textbf{6, 4}" in doc
    frag = render_latex(freeze, standalone=False)
    assert "\\documentclass" not in frag and "\\section{Sources}" in frag


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no pdflatex on this machine")
@pytest.mark.parametrize(
    "name",
    ["freeze_for_freeze", "classics/battle_of_the_sexes", "secondary_sanctions", "olympic_truce"],
)
def test_latex_compiles(tmp_path, name):
    try:
        scn = load(resolve(name))
    except ScenarioError:
        pytest.skip(f"{name} is not bundled")
    tex = tmp_path / "handout.tex"
    tex.write_text(render_latex(explain(scn, threshold_time=10)), encoding="utf-8")
    run = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "handout.pdf").stat().st_size > 1000


class _Checker(HTMLParser):
    VOID = {"meta", "img", "br", "link", "input", "hr"}

    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.imgs = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.imgs += 1
            assert dict(attrs)["src"].startswith("data:image/png;base64,")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
        else:
            self.stack.pop()


def test_html_standalone_and_well_formed(freeze):
    page = render_html(freeze, images=[("a chart", b"\x89PNG fake")])
    assert page.startswith("<!DOCTYPE html>")
    assert "http://" not in page and "https://" not in page  # no external resources
    chk = _Checker()
    chk.feed(page)
    assert not chk.errors and not chk.stack
    assert chk.imgs == 1
    assert '<td class="hl">6, 4</td>' in page
    assert "&lt;" not in render_html(freeze).split("<body>")[0]  # head is clean


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "headless_shell"):
        if shutil.which(name):
            return shutil.which(name)
    return None


@pytest.mark.skipif(_chromium() is None, reason="no Chromium on this machine")
def test_html_renders_in_headless_chromium(tmp_path):
    import numpy as np

    page = tmp_path / "freeze.html"
    assert main(["export", "freeze_for_freeze", "--to", "html", "-o", str(page)]) == 0
    shot = tmp_path / "shot.png"
    run = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1000,1400",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shot.exists(), run.stderr[-2000:]
    import matplotlib.image as mpimg

    img = mpimg.imread(str(shot))
    assert img.shape[0] >= 1000 and img.shape[1] >= 900
    gray = img[..., :3].mean(axis=-1)
    # not blank: real text and tables give many dark pixels and a spread of tones
    assert (gray < 0.5).mean() > 0.005
    assert float(np.std(gray)) > 0.05


def test_cli_explain_text_and_markdown(capsys):
    assert main(["explain", "freeze_for_freeze"]) == 0
    out = capsys.readouterr().out
    assert "q = 3/4" in out and "Equilibrium 3 (mixed)" in out
    assert (
        main(
            [
                "explain",
                "freeze_for_freeze",
                "--set",
                "drill_value=4",
                "--format",
                "markdown",
                "--no-thresholds",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("# Freeze-for-freeze") and "drill\\_value = 4" in out
    assert "suspend is strictly dominated by pressure" in out


def test_cli_explain_bad_input(capsys, tmp_path):
    assert main(["explain", "no_such_scenario"]) == 1
    assert "no such file or bundled scenario" in capsys.readouterr().err
    assert main(["explain", "freeze_for_freeze", "--set", "drill_vaule=4"]) == 1
    assert "did you mean" in capsys.readouterr().err
    assert main(["explain", "freeze_for_freeze", "--format", "pdf"]) == 2


@pytest.mark.parametrize(
    "fmt,ext,needle",
    [
        ("markdown", "md", "# Freeze-for-freeze"),
        ("latex", "tex", "\\documentclass"),
        ("html", "html", "<!DOCTYPE html>"),
        ("json", "json", '"negsim_version"'),
    ],
)
def test_cli_export_formats(tmp_path, fmt, ext, needle):
    out = tmp_path / f"freeze.{ext}"
    assert main(["export", "freeze_for_freeze", "-o", str(out), "--no-thresholds"]) == 0
    text = out.read_text(encoding="utf-8")
    assert needle in text
    if fmt == "json":
        data = json.loads(text)
        assert data["kind"] == "normal-form" and "parameters" in data
    out2 = tmp_path / f"again.{ext}"
    assert (
        main(["export", "freeze_for_freeze", "--to", fmt, "-o", str(out2), "--no-thresholds"]) == 0
    )
    if fmt != "json":  # json carries timings; chart files are named after the document

        def steady(doc: str) -> str:
            # the robustness section sizes its draws from a timed pilot: it varies with load
            return re.sub(r"How robust the result is.*?Words used here", "", doc, flags=re.S)

        again = out2.read_text(encoding="utf-8").replace("again-", "freeze-")
        assert steady(again) == steady(text)


def test_cli_export_html_embeds_charts(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "f.html"
    assert main(["export", "freeze_for_freeze", "-o", str(out), "--no-thresholds"]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") >= 1
    out2 = tmp_path / "g.html"
    assert (
        main(["export", "freeze_for_freeze", "-o", str(out2), "--no-charts", "--no-thresholds"])
        == 0
    )
    assert "data:image/png" not in out2.read_text(encoding="utf-8")


def test_cli_export_nfg_or_clear_message(tmp_path, capsys):
    out = tmp_path / "f.nfg"
    code = main(["export", "freeze_for_freeze", "-o", str(out)])
    if code == 0:
        text = out.read_text(encoding="utf-8")
        assert text.startswith("NFG 1 R")
        assert '"US"' in text and '"suspend"' in text
    else:
        assert code == 1 and "nfg" in capsys.readouterr().err


def test_cli_export_needs_a_format(tmp_path, capsys):
    assert main(["export", "freeze_for_freeze", "-o", str(tmp_path / "x.doc")]) == 1
    assert "--to" in capsys.readouterr().err


def test_cli_export_other_kind_markdown(tmp_path, capsys):
    try:
        resolve("olympic_truce")
    except ScenarioError:
        pytest.skip("no repeated-game scenario bundled")
    out = tmp_path / "t.md"
    assert main(["export", "olympic_truce", "-o", str(out)]) == 0
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# ") and "## 1. In brief" in md
    assert "## 2. The scenario in words" in md
    assert re.search(r"^## \d+\. Sources$", md, flags=re.M)
    capsys.readouterr()
    assert main(["export", "olympic_truce", "-o", str(tmp_path / "t.nfg")]) == 1
    assert "its formats: markdown, latex, html, json" in capsys.readouterr().err


def test_exported_nfg_read_by_gambit_has_the_explained_equilibria(tmp_path):
    """Cross-check with the reference oracle: Gambit reads the exported file and finds the same
    equilibria as the explanation (freeze-for-freeze: two pure and the mixed 2/3, 3/4)."""
    gbt = pytest.importorskip("pygambit")
    out = tmp_path / "freeze.nfg"
    if main(["export", "freeze_for_freeze", "-o", str(out)]) != 0:
        pytest.skip("no .nfg writer in this build")
    g = gbt.read_nfg(str(out))
    res = gbt.nash.enummixed_solve(g, rational=True)
    theirs = sorted(
        tuple(str(eq[s]) for s in list(g.players)[0].strategies) for eq in res.equilibria
    )
    e = explain(load(resolve("freeze_for_freeze")), thresholds=False)
    ours = sorted(tuple(q["strategies"]["US"].values()) for q in e.facts["equilibria"])
    assert theirs == ours


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no pdflatex on this machine")
def test_latex_fragment_compiles_inside_a_course_document(tmp_path):
    assert (
        main(
            [
                "export",
                "freeze_for_freeze",
                "--to",
                "latex",
                "--fragment",
                "--no-thresholds",
                "-o",
                str(tmp_path / "freeze.tex"),
            ]
        )
        == 0
    )
    (tmp_path / "course.tex").write_text(
        "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage{array,longtable}\n"
        "\\begin{document}\n\\input{freeze}\n\\end{document}\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "course.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-2000:]


THREE_PLAYER_PENNIES = """\
format: negsim/1
kind: normal-form
title: Three-player pennies
summary: A and B match or mismatch coins; C only watches. B's taste for a mismatch is the parameter.
sources: ["A test game: matching pennies with a bystander"]
parameters:
  spite:
    value: -1
    min: -2
    max: 2
    about: "B's gain from a mismatch (negative: B wants to match)"
players:
  A: {strategies: {heads: Heads, tails: Tails}}
  B: {strategies: {heads: Heads, tails: Tails}}
  C: {strategies: {watch: Watch, shrug: Shrug}}
payoffs:
  A: "A.heads*B.heads + A.tails*B.tails"
  B: "spite*(A.heads*B.tails + A.tails*B.heads)"
  C: "C.watch"
"""


def test_thresholds_say_no_pure_equilibrium_when_only_the_pure_ones_disappear(tmp_path):
    """With three players the scan follows the pure equilibria; where they vanish a mixed one
    remains (Nash, 1950), so the explanation must not say that no equilibrium exists."""
    path = tmp_path / "pennies.yaml"
    path.write_text(THREE_PLAYER_PENNIES, encoding="utf-8")
    expl = explain(load(path), robustness=False)
    text = " ".join(b.text for b in expl.section("thresholds").blocks if hasattr(b, "text"))
    assert "If spite moves above 0 (it is -1 now), the pure equilibria change from" in text
    assert "to no pure equilibrium." in text
    assert "no equilibrium found" not in text
    assert "a mixed one" in text or "players may mix" in text
    table = next(b for b in expl.section("thresholds").blocks if hasattr(b, "rows"))
    assert table.rows[0][0] == "spite" and table.rows[0][5] == "no pure equilibrium"


@pytest.mark.parametrize(
    "name", ["freeze_for_freeze", "freeze_for_freeze_enforcer", "classics/chicken"]
)
def test_equilibria_are_numbered_alike_in_run_explain_and_json(name, capsys):
    """Equilibrium #k of `negsim run` is Equilibrium k of `negsim explain` and the k-th of the
    JSON report (one ordering: sim.labels.reading_order)."""
    from sim import contract

    result = contract.analyse(load(resolve(name)))
    run_text = contract.to_text(result)
    ran = re.findall(r"^#(\d+) \((pure|mixed)\)(?:: (.*))?$", run_text, flags=re.M)
    expl = explain(result=result, thresholds=False, robustness=False)
    said = [
        p.text
        for p in expl.section("equilibria").blocks
        if hasattr(p, "text") and re.match(r"Equilibrium \d+", p.text)
    ]
    data = contract.to_dict(result)["equilibria"]
    assert len(ran) == len(data) >= 2
    for (k, kind, outcome), eq in zip(ran, data):
        line = next(t for t in said if t.startswith(f"Equilibrium {k}"))
        if kind == "pure":
            assert eq["pure"] and eq["outcome"] == outcome
            assert line.startswith(f"Equilibrium {k}: ({outcome})")
        else:
            assert not eq["pure"] and line.startswith(f"Equilibrium {k} (mixed)")
    pure_first = [kind for _, kind, _ in ran]
    assert pure_first == sorted(pure_first, key=lambda x: x != "pure")


def test_latex_keeps_command_line_flags_as_two_hyphens():
    """`--set` must not become an en dash in the PDF: the hyphens are kept apart."""
    assert tex_escape("negsim run x --set a=1") == "negsim run x -{}-set a=1"
    assert tex_escape("2017–2018") == "2017--2018"  # a real en dash stays one
