"""The equilibrium sections of a normal-form explanation: each equilibrium and why no one
deviates (deviation payoffs; for mixed equilibria, the payoff of every pure strategy against the
others' mixture and the indifference conditions), and what the result means (archetype,
efficiency, the scenario's claims, notes and assumptions).
"""

from __future__ import annotations

import itertools

from ..explain.model import Block, Bullets, Paragraph, Section, Table
from ..game import Game
from ..results import Equilibrium, SolveResult, deviation_payoffs
from .continua import continua_lines, one_mixer_lines, one_mixer_sets
from .explain_archetypes import classify_2x2
from .explain_mixed import indifference_blocks
from .explain_selection import deviation_products, selection_of
from .explain_words import and_list, eq_label, num, prob

__all__ = ["section_equilibria", "section_meaning"]


def _exact_src(game: Game):
    return game.exact if game.exact is not None else game.payoffs


# -- equilibria -------------------------------------------------------------------------------


def _pure_blocks(game: Game, eq: Equilibrium, k: int) -> list[Block]:
    prof = eq.pure_profile()
    src = _exact_src(game)
    rows = []
    ties = []
    for i, p in enumerate(game.players):
        own = src[prof + (i,)]
        for alt in range(game.shape[i]):
            if alt == prof[i]:
                continue
            dev = prof[:i] + (alt,) + prof[i + 1 :]
            v = src[dev + (i,)]
            rows.append(
                (
                    p,
                    game.strategies[i][prof[i]],
                    num(own),
                    game.strategies[i][alt],
                    num(v),
                    num(v - own),
                )
            )
            if v == own:
                ties.append(f"{p} would do as well with {game.strategies[i][alt]}")
    gets = and_list(f"{p} gets {num(eq.payoffs[i])}" for i, p in enumerate(game.players))
    blocks: list[Block] = [
        Paragraph(
            f"Equilibrium {k}: ({game.profile_label(prof)}). Here {gets}. No player gains by "
            "switching alone: every switch in the table below pays the same or less (a gain of 0 "
            "or below)."
        )
    ]
    blocks.append(
        Table(
            ("player", "plays", "gets", "could switch to", "would get", "gain"),
            tuple(rows),
            caption=f"Equilibrium {k}: deviation payoffs",
        )
    )
    if ties:
        blocks.append(
            Paragraph(
                "A tie: " + and_list(ties) + ", so this equilibrium is not strict "
                "(it holds, but only just)."
            )
        )
    return blocks


def _mixed_blocks(game: Game, eq: Equilibrium, k: int) -> list[Block]:
    devs = deviation_payoffs(game, eq.strategies, exact=bool(eq.exact and game.exact is not None))
    plays = "; ".join(
        f"{p} plays "
        + ", ".join(
            f"{s} with probability {prob(x)}"
            for s, x in zip(game.strategies[i], eq.strategies[i])
            if x != 0
        )
        for i, p in enumerate(game.players)
    )
    blocks: list[Block] = [Paragraph(f"Equilibrium {k} (mixed): {plays}.")]
    rows = []
    hl = set()
    for i, p in enumerate(game.players):
        for s, (x, v) in enumerate(zip(eq.strategies[i], devs[i])):
            if x != 0:
                hl.add((len(rows), 3))
            rows.append((p, game.strategies[i][s], prob(x), num(v)))
    blocks.append(
        Table(
            ("player", "strategy", "probability", "pays against the others' mix"),
            tuple(rows),
            caption=f"Equilibrium {k}: each pure strategy against the others' mixture",
            highlight=frozenset(hl),
        )
    )
    blocks.append(
        Paragraph(
            "Every strategy a player uses pays the same (otherwise it would drop the worse one), "
            "and no unused strategy pays more, so no one gains by deviating. Expected payoffs: "
            + and_list(f"{p} {num(eq.payoffs[i])}" for i, p in enumerate(game.players))
            + "."
        )
    )
    if game.n_players == 2:
        blocks.append(
            Paragraph(
                "Where the probabilities come from: each player's mixture is "
                "chosen to make the other player indifferent."
            )
        )
        blocks.extend(indifference_blocks(game, eq))
    return blocks


#: how to read a mixed equilibrium (said once per explanation)
MIXED_READING = (
    "How to read a mixed equilibrium: it is not a forecast that the players will take turns over "
    "time, nor that each will toss a coin. Each player's probabilities are the belief about it "
    "at which the other players are exactly indifferent: if each side expects the other to "
    "play with these probabilities, no one has a reason to change its plan. The probabilities "
    "use the payoffs as cardinal (von Neumann–Morgenstern) utilities, so the sizes of the "
    "numbers matter, not only their order."
)


def section_equilibria(game: Game, result: SolveResult) -> Section:
    eqs = result.equilibria
    n = len(eqs)
    npure = sum(1 for e in eqs if e.is_pure)
    from ..solvers import SOLVERS

    finds = getattr(SOLVERS.get(result.method), "finds", "")
    intro = (
        "An equilibrium (Nash equilibrium) is a choice for every player such that no one "
        "can do better by changing only their own choice. "
    )
    if finds == "all-pure":
        intro += (
            f"Method '{result.method}' looks for pure equilibria only (mixed ones were not "
            f"searched for this game's size) and found {n}."
        )
    else:
        intro += (
            f"Method '{result.method}' found {n} equilibri{'um' if n == 1 else 'a'}: "
            f"{npure} pure and {n - npure} mixed."
        )
    if result.status != "complete":
        intro += (
            " The list may be incomplete: "
            + (result.message or "the method cannot promise every equilibrium")
            + "."
        )
    blocks: list[Block] = [Paragraph(intro)]
    if eqs and all(e.exact for e in eqs):
        blocks.append(
            Paragraph(
                "All arithmetic below is exact (fractions, not decimals); each "
                "equilibrium was checked to have regret exactly 0."
            )
        )
    for k, eq in enumerate(eqs, 1):
        if eq.is_pure:
            blocks.extend(_pure_blocks(game, eq, k))
        else:
            blocks.extend(_mixed_blocks(game, eq, k))
    if any(not e.is_pure for e in eqs):
        blocks.append(Paragraph(MIXED_READING))
    if result.components and len(result.components) < len(eqs):
        blocks.append(
            Paragraph(
                "Some equilibria above are the end points of a connected set: players are "
                "indifferent enough that every profile in between is an equilibrium too."
            )
        )
        blocks.extend(Paragraph(line) for line in continua_lines(game, result, mark=""))
    sets = one_mixer_sets(game, result)
    if sets:
        blocks.append(
            Paragraph(
                "With three or more players a solver can meet a whole range of equilibria and "
                "return points from inside it. Where one player mixes and the others do not, "
                "the range is worked out exactly:"
            )
        )
        blocks.extend(Paragraph(line) for line in one_mixer_lines(game, sets, mark=""))
    return Section("equilibria", "Equilibria, and why no one deviates", tuple(blocks))


# -- meaning ----------------------------------------------------------------------------------


def _dominating_outcome(game: Game, eq: Equilibrium):
    src = _exact_src(game)
    v = eq.payoffs
    best = None
    for prof in itertools.product(*[range(k) for k in game.shape]):
        u = [src[prof + (i,)] for i in range(game.n_players)]
        if all(a >= b for a, b in zip(u, v)) and any(a > b for a, b in zip(u, v)):
            gain = sum(a - b for a, b in zip(u, v))
            if best is None or gain > best[0]:
                best = (gain, prof, u)
    return best


def _says_ordinal(meta) -> bool:
    text = " ".join((*meta.assumptions, meta.notes)).lower()
    return "ordinal" in text and "cardinal" not in text


def _efficient_paragraph(game: Game, result: SolveResult, eff_pure) -> Paragraph:
    """Efficient and self-enforcing, and, when another equilibrium is the safer bet, which one
    and by how much (never "the question is how to get there" alone)."""
    text = (
        "Efficient and self-enforcing: "
        + and_list(eq_label(game, e) for e in eff_pure)
        + ". Once there, no one wants to leave."
    )
    products = deviation_products(game, result)
    two_by_two = selection_of(game, result) is not None
    notes = []
    for e in eff_pure:
        mine = products.get(e.pure_profile())
        if mine is None:
            continue
        rivals = [(v, p) for p, v in products.items() if p != e.pure_profile() and v > mine]
        if not rivals:
            continue
        v, p = max(rivals)
        if two_by_two:
            how = f"risk-dominates it (Nash products {num(v)} > {num(mine)})"
            trust = "the trust the thresholds above measure"
        else:
            how = (
                "is the safer bet by the product of each player's deviation losses "
                f"({num(v)} > {num(mine)}; with more than two players or strategies this is only "
                "a guide)"
            )
            trust = "each side's confidence that the others will play their part"
        notes.append(
            f" But ({game.profile_label(p)}) {how}: when each side is unsure of the others, "
            f"{eq_label(game, e)} is the riskier choice, and getting there takes {trust}."
        )
    if not notes:
        return Paragraph(text + " The question is how to get there.")
    return Paragraph(text + "".join(notes))


def section_meaning(game: Game, result: SolveResult, scenario) -> Section:
    blocks: list[Block] = []
    eqs = result.equilibria
    arch = classify_2x2(game)
    if arch is not None:
        blocks.append(Paragraph(f"The game has the structure of {arch.name}: {arch.meaning}."))
    if len(eqs) == 1:
        blocks.append(Paragraph(f"The prediction is unique: {eq_label(game, eqs[0])}."))
    elif len(eqs) > 1:
        blocks.append(
            Paragraph(
                f"There are {len(eqs)} equilibria, so the game alone does not say which will "
                "happen: expectations, communication, precedent or a mediator decide which one the "
                "players coordinate on."
            )
        )
    for eq in eqs:
        if eq.pareto_efficient:
            continue
        dom = _dominating_outcome(game, eq)
        if dom is None:
            continue
        _, prof, u = dom
        better = [i for i in range(game.n_players) if u[i] != eq.payoffs[i]]
        same = [i for i in range(game.n_players) if u[i] == eq.payoffs[i]]
        pays = and_list(
            f"{game.players[i]} {num(u[i])} instead of {num(eq.payoffs[i])}" for i in better
        )
        if same:
            pays += " (" + and_list(f"{game.players[i]} the same, {num(u[i])}" for i in same) + ")"
        blocks.append(
            Paragraph(
                f"The equilibrium {eq_label(game, eq)} is not efficient: the outcome "
                f"({game.profile_label(prof)}) would give {pays}."
            )
        )
    eff_pure = [e for e in eqs if e.is_pure and e.pareto_efficient]
    if eff_pure and len(eqs) > 1:
        blocks.append(_efficient_paragraph(game, result, eff_pure))
    meta = getattr(scenario, "meta", None)
    if meta is not None and any(not e.is_pure for e in eqs) and _says_ordinal(meta):
        blocks.append(
            Paragraph(
                "Caution: the file describes its payoffs as ordinal (only their order is meant), "
                "but the mixed equilibrium's probabilities depend on their sizes; read those "
                "probabilities as an illustration, not a finding."
            )
        )
    if meta is not None:
        if meta.claims:
            blocks.append(
                Paragraph(
                    f"This scenario models claim{'s' if len(meta.claims) > 1 else ''} "
                    f"{and_list(meta.claims)} of its source (see the sources below)."
                )
            )
        if meta.notes:
            blocks.append(
                Paragraph(
                    "The scenario author's note (written for the default "
                    "parameters): " + " ".join(meta.notes.split())
                )
            )
        kept = getattr(scenario, "inert_terms", ())
        if kept:
            blocks.append(
                Paragraph(
                    "Terms the file keeps on purpose although no simultaneous choice depends "
                    "on them:"
                )
            )
            blocks.append(Bullets(tuple(f"{name}: {why}" for name, why in kept)))
        if meta.assumptions:
            blocks.append(Paragraph("The result rests on these assumptions:"))
            blocks.append(Bullets(tuple(" ".join(a.split()) for a in meta.assumptions)))
    if not blocks:
        blocks.append(Paragraph("No further interpretation is available for this game."))
    return Section("meaning", "What the result says", tuple(blocks))
