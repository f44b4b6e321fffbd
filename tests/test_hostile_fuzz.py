"""Fuzzing every family of hostile input: YAML, formulas, names, numbers, Gambit files, command
lines.  Each generated input must give a result or a located user error (exit 0 or 1, a
message naming the file or the flag), never an internal error (exit 3), and each must answer in
a few seconds.

The examples are derandomised (the same ones on every run, so CI never fails by chance) and few
per family, so this file runs in well under a minute; the CI runs it under a memory cap with the
other ``tests/test_hostile_*.py`` files.
"""

from __future__ import annotations

import os
import random
import re
import time
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.scenario import ScenarioError, build, load, loads

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").rglob("*.yaml"))
SMALL = [
    p
    for p in SCENARIOS
    if p.stem in ("chicken", "prisoners_dilemma", "stag_hunt", "matching_pennies", "dual_track")
]
#: seconds one generated input may take, every stage included
BOUND = 20.0

#: ``NEGSIM_FUZZ_EXAMPLES=500`` explores further (random, not derandomised) on a developer's machine
DEEP = int(os.environ.get("NEGSIM_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=DEEP or 25,
    deadline=None,  # the bound is asserted per example below, with room for a loaded machine
    derandomize=not DEEP,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def located(err: str, name: str) -> bool:
    """Whether every line of a message names the file (``name:``), a flag or negsim."""
    lines = [ln for ln in err.strip().splitlines() if ln.strip()]
    return bool(lines) and all(
        ln.startswith((f"{name}:", "--", "negsim:", "<stdin>")) or ln.startswith("  ")
        for ln in lines
    )


def cli(argv, capsys, name: str | None = None) -> tuple[int, str]:
    start = time.perf_counter()
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    assert time.perf_counter() - start < BOUND, argv
    assert code in (0, 1, 2), (argv, out.err[-2000:])
    assert "Traceback" not in out.err, (argv, out.err[-2000:])
    if code == 1:
        assert out.err.strip(), argv
        if name is not None:
            assert located(out.err, name), (argv, out.err[-2000:])
    return code, out.err


def user_error_or_result(fn, *args):
    """``fn(*args)``; a :class:`ScenarioError` must carry at least one located problem."""
    start = time.perf_counter()
    try:
        return fn(*args)
    except ScenarioError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)
        return exc
    finally:
        assert time.perf_counter() - start < BOUND


# -- YAML: mutated bundled scenarios ----------------------------------------------------------

MUTATIONS = [
    "-",
    ":",
    "[",
    "]",
    "{",
    "}",
    "&a",
    "*a",
    "!!str",
    "!x",
    "|",
    ">",
    "'",
    '"',
    "#",
    "\t",
    "\n",
    "  ",
    "null",
    "~",
    "1e400",
    "-0",
    "1/0",
    "0x10",
    "é",
    "\u202e",
    "\x00",
    "9" * 120,
]


@FUZZ
@given(
    source=st.sampled_from(SCENARIOS),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 6), st.sampled_from(MUTATIONS)),
        min_size=1,
        max_size=4,
    ),
)
def test_mutated_yaml_scenarios_validate_or_give_located_errors(source, edits, tmp_path, capsys):
    text = source.read_text(encoding="utf-8")
    for where, cut, token in edits:
        i = int(where * len(text))
        text = text[:i] + token + text[i + cut :]
    path = tmp_path / "mutant.yaml"
    path.write_text(text, encoding="utf-8")
    cli(["validate", path], capsys, str(path))


# -- formulas ----------------------------------------------------------------------------------

FORMULA_TEMPLATE = """format: negsim/1
title: Formula
parameters:
  n: {{value: 2, min: 0, max: 10}}
players:
  A: {{strategies: [x, y]}}
  B: {{strategies: [l, r]}}
payoffs:
  A: "{formula}"
  B: "n * B.l - A.x"
"""

ATOMS = st.sampled_from(
    ["1", "0", "n", "A.x", "A.y", "B.l", "2.5", "1/3", "1e-90", "1e90", "0.1", "A.z", "m", "True"]
)


def formulas(depth: int = 0):
    if depth > 3:
        return ATOMS
    sub = st.deferred(lambda: formulas(depth + 1))
    return st.one_of(
        ATOMS,
        st.tuples(
            sub, st.sampled_from(["+", "-", "*", "/", "**", "<", "==", " and ", " or "]), sub
        ).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(
            st.sampled_from(["min", "max", "abs", "ifelse", "sqrt", "__import__"]), sub, sub
        ).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        st.tuples(sub, sub, sub).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        sub.map(lambda s: f"-{s}"),
        sub.map(lambda s: f"not {s}"),
    )


@FUZZ
@given(formula=formulas())
def test_random_formulas_build_a_game_or_a_located_error(formula):
    got = user_error_or_result(
        lambda: build(loads(FORMULA_TEMPLATE.format(formula=formula), "f.yaml"))
    )
    if isinstance(got, ScenarioError):
        loc = got.problems[0].location
        assert loc.file == "f.yaml" and loc.line in (9, 10), (formula, str(got))
    else:
        # a built game is finite, and exact unless a fractional power made it approximate
        assert got.exact is not None or got.approximate


# -- names -------------------------------------------------------------------------------------

NAMES = st.one_of(
    st.text(min_size=0, max_size=12),
    st.sampled_from(["if", "True", "A.x", "a,b", "", " ", "x" * 5000, "é", "日本", "-", "1a", "n"]),
)


@FUZZ
@given(player=NAMES, strategy=NAMES, parameter=NAMES, title=NAMES)
def test_random_names_validate_or_give_located_errors(
    player, strategy, parameter, title, tmp_path, capsys
):
    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    text = (
        f"format: negsim/1\ntitle: {q(title)}\nparameters:\n  {q(parameter)}: {{value: 1}}\n"
        f"players:\n  {q(player)}: {{strategies: [{q(strategy)}, other]}}\n"
        "  B: {strategies: [l, r]}\n"
        "payoffs:\n  table:\n"
        + "".join(
            f"    {q(a + ', ' + b)}: [1, 2]\n" for a in (strategy, "other") for b in ("l", "r")
        )
    )
    path = tmp_path / "names.yaml"
    path.write_text(text, encoding="utf-8")
    code, _ = cli(["validate", path], capsys, str(path))
    if code == 0:
        cli(["run", path, "--time-limit", "5"], capsys, str(path))


# -- numbers -----------------------------------------------------------------------------------

NUMBERS = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.fractions(max_denominator=10**40).map(lambda q: f"{q.numerator}/{q.denominator}"),
    st.tuples(st.integers(-99, 99), st.integers(-120, 120)).map(lambda t: f"{t[0]}e{t[1]}"),
    st.tuples(st.integers(0, 10**6), st.integers(1, 10**6), st.integers(1, 40)).map(
        lambda t: f"{t[0]}.{str(t[1]).zfill(t[2])}"
    ),
    st.sampled_from(
        ["1e100", "-1e100", "1e-100", "1e101", "1e-101", "nan", "inf", "0x10", "1_0", "+3"]
    ),
)


@FUZZ
@given(cells=st.lists(NUMBERS, min_size=8, max_size=8))
def test_random_numbers_solve_exactly_or_are_refused(cells):
    from sim.normal_form.analysis import analyse

    rows = "".join(
        f'    {a}, {b}: ["{cells[2 * k]}", "{cells[2 * k + 1]}"]\n'
        for k, (a, b) in enumerate([("x", "l"), ("x", "r"), ("y", "l"), ("y", "r")])
    )
    text = (
        "format: negsim/1\ntitle: N\nplayers:\n  A: {strategies: [x, y]}\n"
        f"  B: {{strategies: [l, r]}}\npayoffs:\n  table:\n{rows}"
    )
    got = user_error_or_result(lambda: analyse(loads(text, "n.yaml"), time_limit=5))
    if isinstance(got, ScenarioError):
        assert got.problems[0].location.file == "n.yaml"
        return
    # every equilibrium reported on an exact game has exactly zero regret
    assert got.solve.status in ("complete", "partial")
    assert got.solve.equilibria
    for eq in got.solve.equilibria:
        assert eq.exact and eq.max_regret == 0
        assert all(sum(p) == 1 and all(x >= 0 for x in p) for p in eq.strategies)
        assert all(isinstance(x, Fraction) for p in eq.strategies for x in p)


# -- Gambit files ------------------------------------------------------------------------------

NFG_VALID = (
    'NFG 1 R "g" { "A" "B" }\n{ { "x" "y" } { "l" "r" } }\n""\n\n'
    '{ "" 1, 0 }\n{ "" 0, 1 }\n{ "" 0, 1 }\n{ "" 1, 0 }\n1 2 3 4\n'
)
NFG_PAYOFFS = 'NFG 1 R "g" { "A" "B" } { 2 2 }\n\n1 0 0 1 0 1 1 0\n'
EFG_VALID = (
    'EFG 2 R "g" { "A" "B" }\n""\n'
    'p "" 1 1 "" { "a" "b" } 0\n'
    'c "" 1 "" { "h" 1/2 "t" 1/2 } 0\n'
    't "" 1 "" { 1, -1 }\n'
    't "" 2 "" { -1, 1 }\n'
    'p "" 2 1 "" { "l" "r" } 0\n'
    't "" 3 "" { 2, 0 }\n'
    't "" 4 "" { 0, 2 }\n'
)
GAMBIT_TOKENS = [
    "{",
    "}",
    '"',
    '""',
    "1e300",
    "1e-300",
    "nan",
    "inf",
    "-1/2",
    "3/2",
    "0",
    "99999999999",
    "p",
    "c",
    "t",
    "\n",
    " ",
    ",",
    "{ }",
    "é",
]


@FUZZ
@given(
    base=st.sampled_from([("g.nfg", NFG_VALID), ("g.nfg", NFG_PAYOFFS), ("g.efg", EFG_VALID)]),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 4), st.sampled_from(GAMBIT_TOKENS)),
        min_size=0,
        max_size=4,
    ),
)
def test_mutated_gambit_files_load_or_give_located_errors(base, edits, tmp_path, capsys):
    name, text = base
    for where, cut, token in edits:
        i = int(where * len(text))
        text = text[:i] + token + text[i + cut :]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    got = user_error_or_result(load, path)
    if isinstance(got, ScenarioError):
        assert got.problems[0].location.file == str(path), str(got)
    else:
        cli(["run", path, "--time-limit", "5"], capsys, str(path))


# -- command lines -----------------------------------------------------------------------------

VALUES = [
    "",
    "-",
    "0",
    "-1",
    "nan",
    "inf",
    "1e400",
    "x=1",
    "x=1:2:3",
    "=",
    "a" * 300,
    "é",
    "2",
    "all",
]
FLAGS = [
    "--json",
    "--tol",
    "--time-limit",
    "--method",
    "--set",
    "--vary",
    "--points",
    "--to",
    "--format",
    "--dpi",
    "--draws",
    "--seed",
    "--spread",
    "--count",
    "--kind",
    "--chart",
    "--objective",
    "--no-sensitivity",
]


@FUZZ
@given(
    command=st.sampled_from(
        [
            "run",
            "solve",
            "validate",
            "explain",
            "export",
            "sweep",
            "robust",
            "plot",
            "list",
            "schema",
            "exercise",
        ]
    ),
    scenario=st.sampled_from(
        [str(p) for p in SMALL] + ["freeze_for_freeze", "-x", "nope", "../x", ""]
    ),
    rest=st.lists(st.one_of(st.sampled_from(FLAGS), st.sampled_from(VALUES)), max_size=5),
    output=st.booleans(),
)
def test_random_command_lines_never_crash(
    command, scenario, rest, output, tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    argv = [command, scenario, *rest]
    if command == "robust":
        argv += ["--draws", "40", "--no-sensitivity"]
    if output and command in ("export", "plot", "robust", "sweep"):
        argv += ["-o", str(tmp_path / "out.png")]
    before = sorted(p.name for p in ROOT.joinpath("scenarios").rglob("*"))
    cli(argv, capsys)
    # nothing outside the temporary folder was written
    assert sorted(p.name for p in ROOT.joinpath("scenarios").rglob("*")) == before


# -- a fixed-seed smoke of the whole pipeline on random small games -----------------------------


@pytest.mark.parametrize("seed", range(3))
def test_random_small_games_run_through_every_command(seed, tmp_path, capsys):
    rng = random.Random(seed)
    n, m = rng.randint(1, 4), rng.randint(1, 4)
    rows = "".join(
        f"    r{i}, c{j}: [{rng.randint(-9, 9)}, {rng.randint(-9, 9)}]\n"
        for i in range(n)
        for j in range(m)
    )
    text = (
        "format: negsim/1\ntitle: R\nplayers:\n"
        f"  A: {{strategies: [{', '.join(f'r{i}' for i in range(n))}]}}\n"
        f"  B: {{strategies: [{', '.join(f'c{j}' for j in range(m))}]}}\n"
        f"payoffs:\n  table:\n{rows}"
    )
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    for argv in (
        ["validate", path],
        ["run", path, "--json"],
        ["solve", path, "--method", "all"],
        ["explain", path],
        ["export", path, "--to", "nfg"],
    ):
        code, err = cli(argv, capsys, str(path))
        assert code == 0, (argv, err)
    assert re.search(r"r\d", path.read_text(encoding="utf-8"))


# -- sizes -------------------------------------------------------------------------------------


@FUZZ
@given(counts=st.lists(st.integers(1, 40), min_size=1, max_size=9))
def test_random_game_sizes_build_or_are_refused_with_the_size(counts):
    from sim.scenario.payoffs import MAX_PAYOFF_CELLS

    players = "".join(
        f"  P{i}: {{strategies: [{', '.join(f's{k}' for k in range(c))}]}}\n"
        for i, c in enumerate(counts)
    )
    payoffs = "".join(
        f'  P{i}: "P{i}.s0 - P{(i + 1) % len(counts)}.s0"\n' for i in range(len(counts))
    )
    text = f"format: negsim/1\ntitle: S\nplayers:\n{players}payoffs:\n{payoffs}"
    cells = len(counts)
    for c in counts:
        cells *= c
    got = user_error_or_result(loads, text, "s.yaml")
    if cells > MAX_PAYOFF_CELLS:
        # refused before any payoff is computed, at 'players:', with the size
        assert isinstance(got, ScenarioError) and f"{MAX_PAYOFF_CELLS:,}" in str(got)
        assert got.problems[0].location.path == "players"
    else:
        assert not isinstance(got, ScenarioError), str(got)
        if cells <= 20_000:  # small enough to build in a fuzz example
            assert build(got).shape == tuple(counts)


# -- the file system: where an output goes ----------------------------------------------------

TARGETS = ["new.md", "input", "link-to-input", "folder", "existing.md", "x" * 300, "missing/a.md"]


@FUZZ
@given(target=st.sampled_from(TARGETS), flag=st.sampled_from(["-o", "--solutions"]))
def test_outputs_never_damage_an_input_or_crash(target, flag, tmp_path, capsys):
    src = tmp_path / "input.yaml"
    src.write_text(SMALL[0].read_text(encoding="utf-8"), encoding="utf-8")
    before = src.read_bytes()
    (tmp_path / "folder").mkdir(exist_ok=True)
    (tmp_path / "existing.md").write_text("old", encoding="utf-8")
    link = tmp_path / "link-to-input"
    if not link.exists():
        link.symlink_to(src)
    path = {"input": src}.get(target, tmp_path / target)
    if flag == "-o":
        argv = ["export", src, "--to", "markdown", "-o", path, "--no-thresholds"]
    else:
        argv = ["exercise", "--kind", "2x2", "--count", "1", "--solutions", path]
    code, err = cli(argv, capsys)
    assert code in (0, 1), err
    if flag == "-o":  # the scenario is this command's input (exercise reads none)
        assert src.read_bytes() == before
    if code == 1:
        assert err.strip() and "Traceback" not in err
