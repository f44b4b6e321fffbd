"""The glossary: one plain-words definition behind every technical term negsim's output uses.

:data:`TERMS` is the one home of these definitions.  Explanations and handouts end with a
glossary section that lists only the terms their text uses (:func:`glossary_section`), and
``docs/glossary.md`` is generated from the same list (:func:`glossary_markdown`;
``python -m sim.explain.glossary --write`` rewrites it, and a test keeps the two in step).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Bullets, Derivation, Explanation, Paragraph, Preformatted, Section, Table

__all__ = ["TERMS", "Term", "glossary_markdown", "glossary_section", "terms_in"]


@dataclass(frozen=True)
class Term:
    """One entry: the ``term`` as the glossary shows it, what it means, and the ``patterns``
    (regular expressions) that find it in a text.  Patterns of all-capital abbreviations are
    matched with their case; the others ignore case."""

    term: str
    meaning: str
    patterns: tuple[str, ...]

    def found_in(self, text: str) -> bool:
        for p in self.patterns:
            flags = 0 if re.fullmatch(r"[A-Z&()\\ ]+", p) else re.IGNORECASE
            if re.search(rf"(?<![\w-]){p}(?![\w-])", text, flags):
                return True
        return False


TERMS: tuple[Term, ...] = (
    Term(
        "best response",
        "The choice that pays a player most, given what the others do.",
        (r"best[- ]respon\w*",),
    ),
    Term(
        "Nash equilibrium",
        "A choice for every player such that no one can do better by changing only their own "
        "choice. Also called an equilibrium.",
        (r"Nash equilibri\w*", r"equilibri(?:um|a)"),
    ),
    Term(
        "pure strategy",
        "Choosing one option for sure. A pure equilibrium has every player choose one option.",
        (r"pure(?:[- ]strateg\w*)?", r"pure equilibri\w*"),
    ),
    Term(
        "mixed strategy",
        "Choosing between options at random with fixed probabilities, for example to keep the "
        "other side guessing. Every game with finitely many options has at least one "
        "equilibrium once mixed strategies are allowed (Nash, 1950), even when it has no pure "
        "one.",
        (r"mixed(?:[- ]strateg\w*)?", r"mixtures?"),
    ),
    Term(
        "support",
        "The options a mixed strategy plays with positive probability.",
        (r"supports?",),
    ),
    Term(
        "dominated strategy",
        "An option that pays less than some other option (or mixture of options) whatever the "
        "others do. No sensible player picks it.",
        (r"dominat\w*",),
    ),
    Term(
        "component",
        "A connected set of equilibria: a whole range of equilibria that blend into one another "
        "(for example, a player may mix with any probability between two end points). A "
        "component is described by its end points, the extreme equilibria.",
        (
            r"components?",
            r"extreme equilibri\w*",
            r"continu(?:um|a)",
            r"connected sets?",
            r"whole sets? of equilibria",
        ),
    ),
    Term(
        "regret",
        "How much a player would gain by switching to another option. An equilibrium has "
        "regret zero for every player; negsim checks each one it reports.",
        (r"regrets?",),
    ),
    Term(
        "certified",
        "Checked after solving: no player gains by switching (regret zero, exactly or within "
        "rounding). A solver only proposes; negsim reports only what passes this check.",
        (r"certif\w*",),
    ),
    Term(
        "exact",
        "Computed with fractions, without rounding: 3/4 is exactly three quarters.",
        (r"exact(?:ly)?",),
    ),
    Term(
        "Pareto efficient",
        "No other outcome is better for someone and worse for no one.",
        (r"Pareto[- ]\w*",),
    ),
    Term(
        "risk-dominant",
        "Of two strict equilibria, the one that is safer when a player is unsure what the "
        "other will do: it has the larger product of the losses from deviating (Harsanyi and "
        "Selten, 1988).",
        (r"risk[- ]dominan\w*",),
    ),
    Term(
        "payoff-dominant",
        "Of two equilibria, the one better for every player.",
        (r"payoff[- ]dominan\w*",),
    ),
    Term(
        "trust threshold",
        "The least confidence a player needs that the other will cooperate before cooperating "
        "pays: the probability at which both choices pay the same.",
        (r"trust threshold\w*", r"trust"),
    ),
    Term(
        "quantal response equilibrium (QRE)",
        "An equilibrium of players who make mistakes, more often the cheaper ones. The "
        "parameter λ measures rationality: at 0 players choose at random, as it grows they "
        "play best responses.",
        (r"QRE", r"quantal[- ]response\w*"),
    ),
    Term(
        "game tree",
        "Moves made in turn: each branch is a move, each leaf an outcome with its payoffs.",
        (r"game tree", r"tree"),
    ),
    Term(
        "backward induction",
        "Solving a game tree from its last moves back to its first: each mover picks the move "
        "that gives it most, given what will follow.",
        (r"backward induction",),
    ),
    Term(
        "subgame-perfect equilibrium",
        "An equilibrium of a game tree in which every plan is a best reply in every part of "
        "the tree, even one that is never reached: it rules out empty threats.",
        (r"subgame[- ]perfect\w*", r"SPE"),
    ),
    Term(
        "information set",
        "Nodes of a tree that the mover cannot tell apart; it must make the same move at each.",
        (r"information sets?",),
    ),
    Term(
        "perfect Bayesian equilibrium (PBE)",
        "An equilibrium of a game with hidden information: each player acts on beliefs about "
        "what it cannot see, and the beliefs follow from the others' strategies by Bayes' rule "
        "wherever they can.",
        (r"PBE", r"perfect Bayesian\w*"),
    ),
    Term(
        "pooling, separating",
        "In a signalling game: pooling, every type sends the same message (the message reveals "
        "nothing); separating, each type sends its own message (the message reveals the type); "
        "semi-separating, in between.",
        (r"pooling", r"separating", r"semi-separating"),
    ),
    Term(
        "discount factor (δ)",
        "How much a player values the next round relative to this one (0 to 1): patience.",
        (r"discount\w*", r"δ"),
    ),
    Term(
        "grim trigger",
        "Cooperate until the other side deviates once, then punish for ever.",
        (r"grim trigger",),
    ),
    Term(
        "tit-for-tat",
        "Cooperate first, then copy what the other side did in the last round.",
        (r"tit[- ]for[- ]tat",),
    ),
    Term(
        "minmax payoff",
        "The least the others can hold a player to when it answers as well as it can.",
        (r"minmax",),
    ),
    Term(
        "stage game",
        "The one-shot game that a repeated game plays round after round.",
        (r"stage game", r"stage equilibri\w*"),
    ),
    Term(
        "Nash bargaining solution",
        "The split that maximises the product of the parties' gains over the disagreement "
        "point (Nash, 1950).",
        (r"Nash bargaining", r"Nash:"),
    ),
    Term(
        "Kalai–Smorodinsky solution",
        "The split that gives each party the same fraction of the most it could hope for "
        "(Kalai and Smorodinsky, 1975).",
        (r"Kalai[–-]Smorodinsky",),
    ),
    Term(
        "Rubinstein bargaining",
        "Alternating offers, where every round of delay shrinks what is left (Rubinstein, "
        "1982); the first proposer's advantage depends on patience.",
        (r"Rubinstein",),
    ),
    Term(
        "disagreement point",
        "What each party gets if bargaining fails.",
        (r"disagreement(?: point| payoffs?)?",),
    ),
    Term(
        "outside option",
        "What a party can walk away to; it will not accept less.",
        (r"outside options?",),
    ),
    Term(
        "Fearon range",
        "The splits both sides prefer to war, which exist because war destroys value "
        "(Fearon, 1995).",
        (r"Fearon",),
    ),
    Term(
        "graph model",
        "A conflict described by its decision makers, their yes/no options, the states these "
        "make, and how each decision maker ranks the states (Fang, Hipel and Kilgour, 1993).",
        (r"graph[- ]model",),
    ),
    Term(
        "state",
        "In a graph model, one combination of every decision maker's options.",
        (r"(?-i:[Ss]tates? \d+)", r"feasible states", r"equilibrium states?"),
    ),
    Term(
        "status quo",
        "The state the conflict starts from.",
        (r"status quo \(state", r"status quo: state"),
    ),
    Term(
        "sanction",
        "In a graph model, the others' answer to a move that leaves the mover no better off "
        "than where it started: the threat that deters the move.",
        (r"(?:un)?sanctioned under", r"sanctions follow"),
    ),
    Term(
        "Nash (R)",
        "Stability in a graph model: the decision maker has no move to a state it prefers "
        "(R: rational).",
        (r"Nash \(R\)",),
    ),
    Term(
        "GMR (general metarationality)",
        "Stable when every move to a preferred state can be answered by the others, with any "
        "moves at all (even costly ones), so that the mover ends up no better off.",
        (r"GMR",),
    ),
    Term(
        "SMR (symmetric metarationality)",
        "As GMR, and after the others' answer the mover has no counter-move of its own to a "
        "state it prefers to the start.",
        (r"SMR",),
    ),
    Term(
        "SEQ (sequential stability)",
        "As GMR, but the others answer only with moves they themselves prefer: the sanction is "
        "credible.",
        (r"SEQ",),
    ),
    Term(
        "SIM (simultaneous sanctioning)",
        "Stable when the others' own improvements, made at the same moment, would turn the move "
        "into a state the mover does not prefer.",
        (r"SIM",),
    ),
    Term(
        "SEQ&SIM",
        "Stable under SEQ or under SIM.",
        (r"SEQ&SIM",),
    ),
    Term(
        "coalition",
        "Several decision makers moving together; a coalition improvement is preferred by "
        "every member.",
        (r"coalitions?",),
    ),
)


def _texts(expl: Explanation) -> Iterable[str]:
    yield expl.title
    yield expl.subtitle
    for sec in expl.sections:
        if sec.key in ("glossary", "sources"):
            continue
        yield sec.title
        for b in sec.blocks:
            if isinstance(b, Paragraph | Preformatted):
                yield b.text
            elif isinstance(b, Bullets):
                yield from b.items
            elif isinstance(b, Table):
                yield b.caption
                for row in (b.header, *b.rows):
                    yield from row
            elif isinstance(b, Derivation):
                yield b.caption
                yield from b.lines


def terms_in(text: str) -> tuple[Term, ...]:
    """The glossary's terms that ``text`` uses, in glossary order."""
    return tuple(t for t in TERMS if t.found_in(text))


def glossary_section(expl: Explanation, extra: str = "") -> Section | None:
    """A "Words used here" section listing the terms the explanation (and ``extra`` text, such
    as an embedded report) uses; ``None`` when it uses none."""
    text = "\n".join(_texts(expl)) + "\n" + extra
    used = terms_in(text)
    if not used:
        return None
    items = tuple(f"{t.term}: {t.meaning}" for t in used)
    return Section("glossary", "Words used here", (Bullets(items),))


def with_glossary(expl: Explanation, extra: str = "") -> Explanation:
    """``expl`` with its glossary section (before the sources, when it has some)."""
    sec = glossary_section(expl, extra)
    if sec is None or expl.has_section("glossary"):
        return expl
    sections = list(expl.sections)
    at = next((k for k, s in enumerate(sections) if s.key == "sources"), len(sections))
    sections.insert(at, sec)
    return Explanation(expl.title, tuple(sections), expl.subtitle, expl.facts)


def glossary_markdown() -> str:
    """``docs/glossary.md``: every term, alphabetically."""
    out = [
        "# Glossary",
        "",
        "<!-- generated by `python -m sim.explain.glossary --write` from sim/explain/glossary.py;"
        " edit the definitions there -->",
        "",
        "The words negsim's reports, explanations and handouts use, in plain words. A handout "
        "ends with the entries its own text uses.",
        "",
    ]
    for t in sorted(TERMS, key=lambda t: t.term.casefold()):
        out += [f"**{t.term}**: {t.meaning}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    import sys
    from pathlib import Path

    args = sys.argv[1:] if argv is None else argv
    text = glossary_markdown()
    if "--write" in args:
        path = Path(__file__).resolve().parents[2] / "docs" / "glossary.md"
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
