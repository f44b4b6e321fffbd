"""`negsim exercise`: deterministic by seed, and every generated game has the promised property.

Cross-checks: equilibria of the 2x2 and mixed exercises against nashpy's support enumeration
(exact on non-degenerate 2x2 games); tree exercises against negsim's sequential backward
induction.
"""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

from sim.cli import main
from sim.explain import classify_2x2
from sim.explain.exercises import KINDS, backward_induction, generate, sheets
from sim.explain.text import render_text
from sim.solvers import solve
from sim.solvers.pure import pure_equilibrium_profiles

SEEDS = range(12)


@pytest.mark.parametrize("kind", KINDS)
def test_same_seed_same_sheet_different_seed_different_sheet(kind):
    a = [render_text(s) for s in sheets(generate(kind, 5, 3))]
    b = [render_text(s) for s in sheets(generate(kind, 5, 3))]
    c = [render_text(s) for s in sheets(generate(kind, 6, 3))]
    assert a == b
    assert a[0] != c[0]


def test_2x2_archetype_promised_and_cycled():
    seen = set()
    for seed in SEEDS:
        for ex in generate("2x2", seed, 6):
            arch = classify_2x2(ex.game)
            assert arch is not None and arch.key == ex.promise, (seed, ex.number)
            seen.add(ex.promise)
    assert seen == {
        "prisoners-dilemma",
        "stag-hunt",
        "chicken",
        "battle-of-the-sexes",
        "matching-pennies",
        "deadlock",
    }
    # a sheet of six covers all six archetypes
    assert {e.promise for e in generate("2x2", 3, 6)} == seen


def test_2x2_equilibria_match_nashpy():
    nash = pytest.importorskip("nashpy")
    for seed in SEEDS:
        for ex in generate("2x2", seed, 6):
            A, B = ex.game.bimatrix()
            ref = sorted(
                tuple(np.round(np.concatenate(e), 9)) for e in nash.Game(A, B).support_enumeration()
            )
            ours = sorted(
                tuple(np.round(np.concatenate(e.as_floats()), 9))
                for e in solve(ex.game, "enumerate").equilibria
            )
            assert ours == ref, (seed, ex.number)


def test_dominance_exercises_are_iterated_dominance_solvable():
    from sim.solvers.dominance import iterated_elimination

    for seed in SEEDS:
        for ex in generate("dominance", seed, 2):
            g = ex.game
            assert g.shape == (3, 3)
            res = iterated_elimination(g, weak=False, mixed=False)
            assert res.solved, (seed, ex.number)
            survivor = tuple(k[0] for k in res.kept) if res.kept else None
            assert pure_equilibrium_profiles(g) == [survivor]
            # iteration matters: some strategy is not dominated in the original game
            from sim.explain.exercises import _initially_dominated

            first = _initially_dominated(g)
            removed = [
                (
                    g.players.index(s.player),
                    g.strategies[g.players.index(s.player)].index(s.strategy),
                )
                for s in res.steps
            ]
            assert any(r not in first for r in removed)


def test_mixed_exercises_have_one_fully_mixed_equilibrium():
    for seed in SEEDS:
        for ex in generate("mixed", seed, 3):
            assert pure_equilibrium_profiles(ex.game) == []
            res = solve(ex.game, "enumerate")
            assert res.complete and len(res.equilibria) == 1
            eq = res.equilibria[0]
            assert eq.exact and all(0 < x < 1 for s in eq.strategies for x in s)
            # the solution derives it from indifference, with the exact probability
            text = "\n".join(
                getattr(b, "text", "") or "\n".join(getattr(b, "lines", ())) for b in ex.solution
            )
            from sim.numbers import fmt_prob

            assert f"with probability {fmt_prob(eq.strategies[1][0])}" in text


def _leaf_and_nodes(node):
    yield node
    for _, c in node.children:
        yield from _leaf_and_nodes(c)


def test_tree_exercises_have_a_unique_backward_induction_outcome():
    for seed in SEEDS:
        for ex in generate("tree", seed, 3):
            tree = ex.tree
            for n in _leaf_and_nodes(tree.root):
                if n.is_leaf:
                    continue
                # no ties for the mover at any node (computed values of the children)
                vals = []
                for _, c in n.children:
                    value, _, _ = backward_induction(type(tree)(tree.players, c))
                    vals.append(value[n.player])
                assert len(set(vals)) == len(vals)


def test_tree_exercises_match_sequential_backward_induction():
    seq = pytest.importorskip("sim.sequential")

    def nested(n):
        if n.is_leaf:
            return {"payoffs": list(n.payoffs), "name": n.name}
        return {
            "player": ["Ann", "Bob"][n.player],
            "name": n.name,
            "moves": {a: nested(c) for a, c in n.children},
        }

    for seed in SEEDS:
        for ex in generate("tree", seed, 2):
            value, choice, _ = backward_induction(ex.tree)
            t = seq.tree_from_nested(("Ann", "Bob"), nested(ex.tree.root))
            bi = seq.backward_induction(t)
            assert bi.unique
            assert tuple(int(x) for x in bi.equilibria[0].payoffs) == tuple(value)
            assert dict(bi.equilibria[0].choices) == choice


def test_stability_exercises_keep_their_promise():
    """Every stability exercise has a state held only by a credible sanction (SEQ, not Nash)
    and one held only by a sanction that hurts the sanctioner (GMR, not SEQ); the solution's
    table and reasons agree with the engine, and both sizes (4 and 6 states) occur."""
    from sim.conflict import analyse_stability

    sizes = set()
    for seed in SEEDS:
        for e in generate("stability", seed, 2):
            c = e.conflict
            sizes.add(c.n_states)
            s = analyse_stability(c, ("nash", "gmr", "smr", "seq")).stable
            assert (s["seq"] & ~s["nash"]).any() and (s["gmr"] & ~s["seq"]).any()
            solution = render_text(sheets((e,))[1])
            for x, name in (("nash", "Nash (R)"), ("seq", "SEQ")):
                eq = [str(v + 1) for v in np.flatnonzero(s[x].all(axis=0))]
                assert f"{name} equilibria: {', '.join(eq) or 'none'}" in solution
            question = render_text(sheets((e,))[0])
            assert "ranks the states" in question and "S = stable" not in question
    assert sizes == {4, 6}


def test_cli_exercise_writes_solutions(tmp_path, capsys):
    sol = tmp_path / "answers.md"
    assert (
        main(["exercise", "--kind", "2x2", "--seed", "4", "--count", "2", "--solutions", str(sol)])
        == 0
    )
    out = capsys.readouterr().out
    assert "Exercise 1" in out and "Exercise 2" in out and "Structure:" not in out
    text = sol.read_text(encoding="utf-8")
    assert text.startswith("# 2x2 games") and "Structure:" in text
    assert (
        main(["exercise", "--kind", "tree", "--seed", "1", "--count", "1", "--show-solutions"]) == 0
    )
    assert "Backward induction starts" in capsys.readouterr().out
    assert main(["exercise", "--kind", "nope"]) == 2
    assert main(["exercise", "--kind", "mixed", "--count", "0"]) == 1


def test_exercises_on_a_sheet_differ():
    from sim.explain.exercises import tree_text

    for kind in KINDS:
        exs = generate(kind, 9, 4)
        keys = [
            tree_text(e.tree)
            if e.tree
            else str(e.conflict.preference.tolist()) + str(e.conflict.n_states)
            if e.conflict
            else str(e.game.payoffs.tolist())
            for e in exs
        ]
        assert len(set(keys)) == len(keys), kind


def test_exercise_sheets_as_latex_and_html(tmp_path, capsys):
    """--format latex|html: one standalone document (with --show-solutions, the exercises and
    then the solutions); --solutions picks the format from the file's extension."""
    assert (
        main(
            [
                "exercise",
                "--kind",
                "stability",
                "--seed",
                "2",
                "--count",
                "2",
                "--format",
                "latex",
                "--show-solutions",
            ]
        )
        == 0
    )
    tex = capsys.readouterr().out
    assert tex.count("\\documentclass") == 1 and tex.count("\\end{document}") == 1
    assert "Exercise 2" in tex and "Solution 2" in tex
    sol = tmp_path / "answers.html"
    assert (
        main(
            [
                "exercise",
                "--kind",
                "tree",
                "--seed",
                "1",
                "--format",
                "html",
                "--solutions",
                str(sol),
            ]
        )
        == 0
    )
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and "Solution 1" not in page
    assert sol.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    if shutil.which("pdflatex"):
        (tmp_path / "sheet.tex").write_text(tex, encoding="utf-8")
        run = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "sheet.tex"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stdout[-2000:]


def test_the_command_offers_every_kind_of_exercise():
    from sim.cli.exercise import KINDS as OFFERED

    assert OFFERED == KINDS


def test_dominance_solutions_remove_each_strategy_by_a_pure_one():
    """A dominance exercise is built to be solvable by pure dominance, so its solution never
    removes a strategy by a mixture (a student checks a pure comparison cell by cell)."""
    import re

    from sim.explain.exercises import dominance_preferring_pure
    from sim.solvers.dominance import iterated_elimination

    for seed in range(11):
        (ex,) = generate("dominance", seed)
        steps = dominance_preferring_pure(ex.game).steps
        assert len(steps) == 4 and all(isinstance(st.dominated_by, str) for st in steps)
        text = " ".join(getattr(b, "text", "") for b in ex.solution)
        said = re.findall(r"Step \d: for (\w+), (\w+) is strictly dominated by (\w+)", text)
        assert said == [(st.player, st.strategy, st.dominated_by) for st in steps]
        # the general rule ends where the pure one does (it tries pure dominance first)
        assert iterated_elimination(ex.game).kept == dominance_preferring_pure(ex.game).kept
