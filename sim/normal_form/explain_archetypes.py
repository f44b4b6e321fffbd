"""Naming the strategic structure of a 2x2 game (Prisoner's Dilemma, Stag Hunt, Chicken, ...).

The classification uses only the order of payoffs within each player (what game theorists call
the ordinal structure) and the equilibria that order implies, so it does not depend on labels:

============================  ===============================================================
archetype                     structure (both players have 2 strategies, no payoff ties)
============================  ===============================================================
prisoners-dilemma             both have a strictly dominant strategy; the unique equilibrium is
                              Pareto-dominated by another outcome
deadlock                      both have a strictly dominant strategy; the unique equilibrium is
                              Pareto-efficient (no dilemma)
dominance-solvable            exactly one player has a dominant strategy; one equilibrium
stag-hunt                     two pure equilibria, one strictly better for both (assurance)
battle-of-the-sexes           two pure equilibria, each preferred by a different player, and
                              both non-equilibrium outcomes worse for both than either equilibrium
chicken                       two pure equilibria, each preferred by a different player, and
                              some non-equilibrium outcome not that bad (a compromise)
pure-coordination             two pure equilibria, equally good for each player
matching-pennies              no pure equilibrium (only a mixed one)
============================  ===============================================================

Sources for the archetypes: Rapoport & Guyer, "A taxonomy of 2x2 games" (General Systems, 1966);
Osborne, *An Introduction to Game Theory* (2004), ch. 2.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from ..game import Game

__all__ = ["ARCHETYPES", "Archetype", "classify_2x2"]


@dataclass(frozen=True)
class Archetype:
    key: str
    name: str
    meaning: str


ARCHETYPES: dict[str, Archetype] = {
    a.key: a
    for a in (
        Archetype(
            "prisoners-dilemma",
            "Prisoner's Dilemma",
            "each side has a dominant strategy, and playing it leaves both worse off than an "
            "outcome they could reach together; the better outcome needs enforcement, "
            "repetition or a change in payoffs",
        ),
        Archetype(
            "deadlock",
            "Deadlock",
            "each side has a dominant strategy and the outcome they reach cannot be improved "
            "for both: there is no dilemma to solve",
        ),
        Archetype(
            "dominance-solvable",
            "a dominance-solvable game",
            "one side has a dominant strategy and the other simply best-responds to it",
        ),
        Archetype(
            "stag-hunt",
            "Stag Hunt (an assurance game)",
            "there are two pure equilibria and one is better for both; the better one is "
            "self-enforcing if each side expects the other to play its part, so the problem "
            "is trust, not incentives",
        ),
        Archetype(
            "battle-of-the-sexes",
            "Battle of the Sexes",
            "there are two pure equilibria, each favoured by a different side, and failing to "
            "coordinate is worse for both than either; the problem is which deal, not whether",
        ),
        Archetype(
            "chicken",
            "Chicken",
            "there are two pure equilibria, each favoured by a different side, and mutual "
            "escalation is the worst outcome; whoever commits first tends to win",
        ),
        Archetype(
            "pure-coordination",
            "a pure coordination game",
            "there are two pure equilibria that are equally good; the sides only need to "
            "agree on one",
        ),
        Archetype(
            "matching-pennies",
            "Matching Pennies",
            "no pure outcome is stable: each side wants to be unpredictable, and only mixing "
            "at the right odds is an equilibrium",
        ),
    )
}


def _pareto_dominates(u, v) -> bool:
    return all(a >= b for a, b in zip(u, v)) and any(a > b for a, b in zip(u, v))


def classify_2x2(game: Game) -> Archetype | None:
    """The archetype of a 2-player 2x2 game, or ``None`` (other shapes, or payoff ties)."""
    if game.n_players != 2 or game.shape != (2, 2):
        return None
    src = game.exact if game.exact is not None else game.payoffs
    A = np.asarray(src[..., 0], dtype=object)
    B = np.asarray(src[..., 1], dtype=object)
    # no ties in any comparison a player makes (each player's best reply is unique)
    if A[0, 0] == A[1, 0] or A[0, 1] == A[1, 1] or B[0, 0] == B[0, 1] or B[1, 0] == B[1, 1]:
        return None
    row_dom = (A[0, 0] > A[1, 0]) == (A[0, 1] > A[1, 1])
    col_dom = (B[0, 0] > B[0, 1]) == (B[1, 0] > B[1, 1])
    cells = list(itertools.product(range(2), range(2)))
    pay = {c: (A[c], B[c]) for c in cells}
    eqs = [c for c in cells if A[c] >= A[1 - c[0], c[1]] and B[c] >= B[c[0], 1 - c[1]]]
    if not eqs:
        return ARCHETYPES["matching-pennies"]
    if row_dom and col_dom:
        (e,) = eqs
        if any(_pareto_dominates(pay[c], pay[e]) for c in cells if c != e):
            return ARCHETYPES["prisoners-dilemma"]
        return ARCHETYPES["deadlock"]
    if row_dom or col_dom:
        return ARCHETYPES["dominance-solvable"]
    e1, e2 = eqs  # no dominant strategy and no ties: exactly two pure equilibria
    u1, u2 = pay[e1], pay[e2]
    if u1 == u2:
        return ARCHETYPES["pure-coordination"]
    if _pareto_dominates(u1, u2) or _pareto_dominates(u2, u1):
        return ARCHETYPES["stag-hunt"]
    others = [c for c in cells if c not in eqs]
    if all(
        _pareto_dominates(pay[e], pay[o]) and all(pay[e][i] > pay[o][i] for i in range(2))
        for e in eqs
        for o in others
    ):
        return ARCHETYPES["battle-of-the-sexes"]
    return ARCHETYPES["chicken"]
