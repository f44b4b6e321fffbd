"""``negsim exercise``: practice games with a solutions sheet, deterministic by seed."""

from __future__ import annotations

import sys
from dataclasses import replace

from .common import EXAMPLE_FORMATTER, check_output, write_output

#: the kinds of exercise (the generator's ``KINDS``; kept here so that building the parser does
#: not import the generator and the game kinds it draws on)
KINDS = ("2x2", "dominance", "mixed", "tree", "stability")


def add_parser(sub):
    p = sub.add_parser(
        "exercise",
        help="generate practice games with a solutions sheet",
        formatter_class=EXAMPLE_FORMATTER,
        description="Generate practice games for a seminar. Kinds: 2x2 (find the equilibria and "
        "name the archetype: Prisoner's Dilemma, Stag Hunt, Chicken, Battle of the "
        "Sexes, Matching Pennies, Deadlock), dominance (a 3x3 game solvable by "
        "iterated elimination of dominated strategies), mixed (a 2x2 game whose only "
        "equilibrium is mixed), tree (backward induction in a small game tree), "
        "stability (Nash, GMR, SMR and SEQ in a small graph-model conflict). The "
        "same --seed always gives the same sheet. The exercises go to standard "
        "output; the solutions to --solutions FILE.\n\n"
        "examples:\n"
        "  negsim exercise --kind 2x2 --seed 1 --count 6 --solutions answers.md\n"
        "  negsim exercise --kind mixed --seed 42 --format markdown > sheet.md\n"
        "  negsim exercise --kind tree --seed 3 --show-solutions\n"
        "  negsim exercise --kind stability --seed 1 --count 2 --show-solutions",
    )
    p.add_argument("--kind", choices=KINDS, required=True, help="what to practise")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--count", type=int, default=3, help="number of exercises (default 3)")
    p.add_argument(
        "--solutions",
        metavar="FILE",
        help="write the solutions sheet here (Markdown for .md, LaTeX for .tex, HTML "
        "for .html, else text)",
    )
    p.add_argument(
        "--show-solutions",
        action="store_true",
        help="print the solutions after the exercises (in the same document)",
    )
    p.add_argument(
        "--format",
        choices=("text", "markdown", "latex", "html"),
        default="text",
        help="format of the exercises on standard output (default: text); latex "
        "and html are standalone documents that compile or open as they are",
    )
    p.set_defaults(handler=run_command)
    return p


def _render(expl, fmt: str) -> str:
    from .explain import render

    return render(expl, fmt)


def _format_of(path: str) -> str:
    low = path.lower()
    if low.endswith((".md", ".markdown")):
        return "markdown"
    if low.endswith(".tex"):
        return "latex"
    if low.endswith((".html", ".htm")):
        return "html"
    return "text"


def run_command(args) -> int:
    from ..explain.exercises import generate, sheets

    if args.solutions:
        check_output(args.solutions)
    exercises = generate(args.kind, args.seed, args.count)
    questions, solutions = sheets(exercises)
    if args.show_solutions and args.format in ("latex", "html"):
        # one standalone document: the exercises, then the solutions
        out = _render(
            replace(questions, sections=questions.sections + solutions.sections), args.format
        )
    else:
        out = _render(questions, args.format)
        if args.show_solutions:
            out += "\n" + _render(solutions, args.format)
    sys.stdout.write(out)
    if args.solutions:
        fmt = _format_of(args.solutions)
        write_output(args.solutions, _render(solutions, fmt), f"the solutions, {fmt}")
    return 0
