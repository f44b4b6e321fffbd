"""The generic commands, explanation, handouts and facade, on a fixture kind (tests/fixture_kind).

Nothing here knows a real kind: the fixture registers a :class:`sim.contract.KindSpec` and
every command must serve it through the registry alone.
"""

from __future__ import annotations

import json
import os
import pydoc
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import sim
from sim import contract
from sim.cli import main
from tests.fixture_kind import SPEC

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "fixture_kind"
SPLIT = str(DATA / "split.yaml")
PNG = b"\x89PNG"
ENVELOPE = ["scenario", "file", "kind", "sources", "claims", "parameters", "negsim_version"]


def _boom(scenario, overrides=None, **options):
    raise ValueError("a bug inside the kind")


@pytest.fixture(autouse=True)
def kinds(monkeypatch):
    """The toy kind, a twin without options ('plain') and one whose analysis has a bug."""
    monkeypatch.setitem(contract.KINDS, "pie", SPEC)
    monkeypatch.setitem(
        contract.KINDS,
        "plain",
        replace(
            SPEC,
            name="plain",
            options=(),
            readers={},
            exports={},
            charts={},
            default_chart=None,
            explain=lambda result, **o: (),
        ),
    )
    monkeypatch.setitem(
        contract.KINDS, "buggy", replace(SPEC, name="buggy", analyse=_boom, readers={}, exports={})
    )


def _copy(tmp_path, kind: str, name: str = "s.yaml") -> str:
    text = Path(SPLIT).read_text(encoding="utf-8").replace("kind: pie", f"kind: {kind}")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# -- run, solve, readers --------------------------------------------------------------------


def test_run_text_opens_with_the_title_block_and_has_the_body(capsys):
    code, out, err = run(capsys, "run", SPLIT)
    assert code == 0, err
    assert out.startswith("Toy split\n=========\nKind: ")
    assert "A gets 6" in out and "pie = 10 — size of the pie" in out
    assert out.rstrip().endswith("A. Author, A textbook of pies, 2020")


def test_run_json_is_the_envelope_and_the_body(capsys):
    code, out, _ = run(capsys, "run", SPLIT, "--json", "--rule", "equal", "--set", "pie=4")
    assert code == 0
    data = json.loads(out)
    assert list(data)[: len(ENVELOPE)] == ENVELOPE
    assert data == json.loads(
        json.dumps(contract.to_dict(sim.analyse(SPLIT, {"pie": "4"}, rule="equal")))
    )
    assert data["shares"] == {"A": 2, "B": 2} and data["notes"]


def test_kind_flags_come_from_the_registry_and_are_checked(capsys, tmp_path):
    code, _, err = run(capsys, "run", SPLIT, "--rule", "nope")
    assert code == 1 and "use one of fixed, equal" in err
    code, _, err = run(capsys, "run", _copy(tmp_path, "plain"), "--rule", "equal")
    assert code == 1 and "--rule applies to buggy, pie scenarios only" in err
    assert "kind 'plain'" in err and "Traceback" not in err
    code, out, _ = run(capsys, "run", "--help")
    assert code == 0 and "--rule RULE" in out and "[buggy, pie]" in out


def test_solve_and_run_read_files_through_the_kinds_readers(capsys, tmp_path):
    toy = tmp_path / "g.toy"
    toy.write_text("Pie;8;0.25\n", encoding="utf-8")
    for command in ("run", "solve"):
        code, out, err = run(capsys, command, toy, "--json")
        assert code == 0, err
        assert json.loads(out)["shares"] == {"A": 2, "B": 6}
    assert sim.load(toy).meta.title == "Pie"
    bad = tmp_path / "bad.toy"
    bad.write_text("no semicolons", encoding="utf-8")
    code, _, err = run(capsys, "solve", bad)
    assert code == 1 and "bad.toy:1:1: a .toy file is one line" in err


def test_run_writes_o_files_atomically_and_says_so(capsys, tmp_path):
    out = tmp_path / "r.json"
    code, stdout, err = run(capsys, "run", SPLIT, "-o", out)
    assert code == 0 and stdout == ""
    assert f"wrote {out} (json" in err
    assert json.loads(out.read_text())["kind"] == "pie"
    code, _, err = run(capsys, "run", SPLIT, "-o", tmp_path / "r.xyz")
    assert code == 1 and "cannot tell the format" in err
    code, _, err = run(capsys, "run", SPLIT, "-o", tmp_path / "no" / "r.txt")
    assert code == 1 and "does not exist" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]


# -- errors ---------------------------------------------------------------------------------


def test_a_bug_exits_3_with_the_traceback_and_a_request_to_report(capsys, tmp_path):
    code, _, err = run(capsys, "run", _copy(tmp_path, "buggy"))
    assert code == 3
    assert "Traceback" in err and "ValueError: a bug inside the kind" in err
    assert "internal error — please report it with the command you ran" in err


def test_user_errors_exit_1_located(capsys, tmp_path):
    for argv, needle in [
        (["run", SPLIT, "--set", "pie"], "--set: --set expects name=value"),
        (["run", SPLIT, "--set", "pei=3"], "did you mean 'pie'"),
        (["run", SPLIT, "--set", "pie=300"], "above its maximum"),
        (["run", "no_such_scenario"], "no such file or bundled scenario"),
        (["run", tmp_path], "this is a folder"),
        (["run", tmp_path / "missing.yaml"], "no such file"),
    ]:
        code, _, err = run(capsys, *argv)
        assert code == 1, (argv, err)
        assert needle in err and "Traceback" not in err, (argv, err)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions")
def test_unreadable_and_unwritable_files_exit_1(capsys, tmp_path):
    locked = Path(_copy(tmp_path, "pie", "locked.yaml"))
    locked.chmod(0)
    code, _, err = run(capsys, "run", locked)
    assert code == 1 and "permission denied" in err
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        code, _, err = run(capsys, "run", SPLIT, "-o", folder / "x.txt")
        assert code == 1 and "ermission denied" in err and "Traceback" not in err
    finally:
        folder.chmod(0o700)


def test_validate_checks_every_file_and_goes_on_after_a_bad_one(capsys, tmp_path):
    code, out, err = run(
        capsys,
        "validate",
        DATA / "bad.yaml",
        SPLIT,
        DATA / "empty.yaml",
        "no_such_file",
        tmp_path,
        _copy(tmp_path, "pie"),
    )
    assert code == 1
    assert out.count(": ok (pie: Toy split)") == 2
    assert "bad.yaml:4:8: split must be between 0 and 1" in err
    assert "empty.yaml: the pie is empty at the defaults" in err  # the kind's check
    assert "4 of 6 file(s) have problems" in err and "Traceback" not in err


# -- explain and export ---------------------------------------------------------------------


def test_explain_composes_words_kind_sections_notes_and_sources(capsys):
    expl = sim.explain(SPLIT)
    assert [s.key for s in expl.sections] == ["scenario", "split", "meaning", "sources"]
    assert expl.facts["kind"] == "pie" and expl.facts["outcomes"] == ["A gets more"]
    equal = sim.explain(sim.load(SPLIT), {"pie": 2}, rule="equal")
    assert "A takes 1 and B takes 1 under the equal rule." in str(equal.section("split"))
    assert "split equally" in str(equal.section("meaning"))
    code, out, _ = run(capsys, "explain", SPLIT)
    assert code == 0 and "2. How the pie is split" in out and "4. Sources" in out
    code, out, _ = run(capsys, "explain", SPLIT, "--format", "markdown", "--no-thresholds")
    assert code == 0 and out.startswith("# Toy split") and "## 2. How the pie is split" in out


def test_explain_without_kind_sections_uses_the_report_body(capsys, tmp_path):
    code, out, _ = run(capsys, "explain", _copy(tmp_path, "plain"))
    assert code == 0 and "Analysis, step by step" in out and "A gets 6" in out


@pytest.mark.parametrize(
    "ext,needle",
    [
        ("md", "# Toy split"),
        ("tex", "\\documentclass"),
        ("html", "<!DOCTYPE html>"),
        ("json", '"kind": "pie"'),
        ("toy", "Toy split;10.0;0.6"),
    ],
)
def test_export_every_format_of_the_kind(tmp_path, capsys, ext, needle):
    out = tmp_path / f"split.{ext}"
    code, _, err = run(capsys, "export", SPLIT, "-o", out)
    assert code == 0, err
    assert needle in out.read_text(encoding="utf-8")
    assert f"wrote {out}" in err


def test_export_html_embeds_the_default_chart(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    out = tmp_path / "s.html"
    assert run(capsys, "export", SPLIT, "-o", out)[0] == 0
    page = out.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 1 and "The shares as bars" in page
    assert run(capsys, "export", SPLIT, "-o", out, "--no-charts")[0] == 0
    assert "data:image/png" not in out.read_text(encoding="utf-8")


def test_export_json_is_the_run_json(capsys):
    _, run_json, _ = run(capsys, "run", SPLIT, "--json")
    _, export_json, _ = run(capsys, "export", SPLIT, "--to", "json")
    assert json.loads(run_json) == json.loads(export_json)


def test_export_a_format_the_kind_lacks_names_the_ones_it_has(capsys, tmp_path):
    code, _, err = run(capsys, "export", SPLIT, "--to", "efg")
    assert code == 1
    assert "cannot be exported as 'efg'; its formats: markdown, latex, html, json, toy" in err
    code, _, err = run(capsys, "export", _copy(tmp_path, "plain"), "-o", tmp_path / "x.toy")
    assert code == 1 and "markdown, latex, html, json" in err and "toy)" not in err


# -- plot -----------------------------------------------------------------------------------


def test_plot_draws_the_default_chart_and_says_what_it_wrote(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "a.png"
    code, _, err = run(capsys, "plot", SPLIT, "-o", out)
    assert code == 0, err
    assert out.read_bytes().startswith(PNG)
    assert f"wrote {out} (png, 600x450 px" in err
    svg = tmp_path / "b.svg"
    assert run(capsys, "plot", SPLIT, "--chart", "slices", "--colour", "red", "-o", svg)[0] == 0
    assert svg.read_text().lstrip().startswith("<?xml")


def test_plot_errors(capsys, tmp_path):
    code, _, err = run(capsys, "plot", SPLIT, "--colour", "red", "-o", tmp_path / "a.png")
    assert code == 1 and "--colour does not apply to the 'bars' chart" in err
    code, _, err = run(capsys, "plot", SPLIT, "-o", tmp_path / "a.gif")
    assert code == 1 and "end the file name with one of .pdf, .png, .svg" in err
    code, _, err = run(capsys, "plot", _copy(tmp_path, "plain"), "-o", tmp_path / "a.png")
    assert code == 1 and "a 'plain' scenario has no charts" in err
    code, _, err = run(capsys, "plot", SPLIT, "--vary", "pie=1,2", "-o", tmp_path / "a.png")
    assert code == 1 and "--vary applies to charts over parameters" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]


# -- the facade -----------------------------------------------------------------------------

PUBLIC = [
    "SOLVERS",
    "Equilibrium",
    "Game",
    "ScenarioError",
    "SolveResult",
    "__version__",
    "analyse",
    "build",
    "certify",
    "explain",
    "load",
    "solve",
    "sweep",
    "to_dict",
    "to_text",
]


def test_the_facade_shows_exactly_its_public_names():
    assert sorted(sim.__all__) == sorted(PUBLIC)
    assert dir(sim) == sorted(PUBLIC)
    for name in PUBLIC:
        assert getattr(sim, name) is not None
    assert callable(sim.explain) and callable(sim.sweep)
    with pytest.raises(AttributeError):
        sim.no_such_name  # noqa: B018


def test_help_advertises_only_what_exists():
    text = pydoc.render_doc(sim, renderer=pydoc.plaintext)
    import re

    for name in set(re.findall(r"\bsim\.([a-z_]+)\(", text)):
        assert hasattr(sim, name), f"help(sim) advertises sim.{name}, which does not exist"
    assert "sim.load(" in text and "sim.build(" in text


def test_facade_load_analyse_explain_any_kind(tmp_path):
    scenario = sim.load(SPLIT)
    result = sim.analyse(scenario, {"pie": 20})
    assert result.shares == (12, 8)
    assert "A gets 12" in sim.to_text(result)
    assert sim.to_dict(result)["kind"] == "pie"
    assert sim.explain(scenario).title == "Toy split"
    with pytest.raises(sim.ScenarioError):
        sim.load("no_such_bundled_name")


def test_facade_is_light_and_the_explanation_model_imports_no_renderer():
    code = (
        "import sys, sim, sim.explain, sim.explain.text, sim.report.markdown, "
        "sim.report.latex, sim.report.html\n"
        "heavy = [m for m in ('matplotlib', 'scipy', 'sim.sweep', 'sim.solvers', "
        "'sim.report.tables', 'sim.report.text') if m in sys.modules]\n"
        "print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_cold_start_imports_no_matplotlib_or_scipy():
    code = (
        "import sys, time\nt = time.perf_counter()\nfrom sim.cli import build_parser\n"
        "build_parser()\nprint([m for m in ('matplotlib', 'scipy', 'tqdm') "
        "if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# -- progress -------------------------------------------------------------------------------


class _Stream:
    def __init__(self, tty: bool):
        self.tty, self.text = tty, ""

    def isatty(self):
        return self.tty

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def test_progress_bar_is_drawn_by_tqdm_only_on_a_terminal():
    from sim.cli._progress import ProgressBar

    term = _Stream(True)
    with ProgressBar("sweep", delay=0.0, stream=term) as bar:
        bar(1, 4)
        bar(4, 4)
    assert "1/4 points" in term.text and "4/4 points" in term.text
    pipe = _Stream(False)
    with ProgressBar("sweep", delay=0.0, stream=pipe) as bar:
        bar(2, 4)
    assert pipe.text == ""


def test_schema_carries_every_registered_kinds_fragment(capsys, monkeypatch):
    fragment = {"properties": {"split": {"type": "number"}}}
    monkeypatch.setitem(contract.KINDS, "pie", replace(SPEC, schema=fragment))
    code, out, _ = run(capsys, "schema")
    assert code == 0
    branches = json.loads(out)["allOf"]
    assert {
        "if": {"properties": {"kind": {"const": "pie"}}, "required": ["kind"]},
        "then": fragment,
    } in branches


def test_explain_keeps_a_kinds_facts_and_does_not_say_things_twice(monkeypatch):
    from sim.explain.model import Bullets, Explanation, Paragraph, Section, Sections

    def teach(result, **options):
        words = Section(
            "game",
            "The game in words",
            (
                Paragraph(result.meta.summary),
                Bullets(("pie: how big it is",)),
                Paragraph(f"Note: {result.meta.notes}"),
            ),
        )
        return Sections((words,), {"favourite": "A"})

    monkeypatch.setitem(contract.KINDS, "pie", replace(SPEC, explain=teach))
    assert contract.explain_sections(sim.analyse(SPLIT))[0].key == "game"
    expl = sim.explain(SPLIT, {"pie": 20})
    assert expl.facts["favourite"] == "A" and expl.facts["shares"] == {"A": 12, "B": 8}
    monkeypatch.setitem(
        contract.KINDS,
        "pie",
        replace(
            SPEC, explain=lambda r, **o: Explanation("ignored", teach(r), "", {"favourite": "B"})
        ),
    )
    assert sim.explain(SPLIT).facts["favourite"] == "B"
    assert [s.key for s in expl.sections] == ["scenario", "game", "sources"]
    words = expl.section("scenario")  # only the assumptions were not said by the kind
    assert [b.text for b in words.blocks if isinstance(b, Paragraph)] == ["Assumptions:"]
    assert expl.subtitle.endswith("; with pie = 20")


def test_no_command_writes_over_its_own_input(capsys, tmp_path):
    scenario = Path(_copy(tmp_path, "pie"))
    before = scenario.read_bytes()
    for argv in (["run", scenario, "-o", tmp_path / "s.txt"],):
        assert run(capsys, *argv)[0] == 0
    (tmp_path / "s.txt").unlink()
    text = scenario.with_suffix(".md")
    scenario.rename(text)  # an input named like an output: refused before any work
    for argv in (
        ["export", text, "--to", "markdown", "-o", text],
        ["explain", text, "--format", "markdown", "-o", text],
    ):
        code, _, err = run(capsys, *argv)
        assert code == 1 and "this is an input of the command" in err, (argv, err)
    assert text.read_bytes() == before
