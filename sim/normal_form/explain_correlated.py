"""The explanation of a correlated equilibrium as a mediator's recommendation.

A mediator (a trusted third party: a great power guaranteeing a deal, an agreed schedule of
reciprocal steps) draws one profile from the distribution and tells each player only its own
part.  For each recommendation a player can receive, the section shows what the player then
believes about the others and why obeying pays at least as much as any switch, computed exactly
from the game.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..explain.model import Block, Bullets, Paragraph, Section
from ..game import Game
from ..numbers import fmt, fmt_prob
from ..results import SolveResult
from .report_correlated import correlated_details, objective_words, payoff_text

__all__ = ["section_correlated"]


def _distribution(game: Game, ce: dict[str, Any]) -> list[tuple[tuple[int, ...], Any]]:
    out = []
    for d in ce["distribution"]:
        prof = tuple(game.strategy_index(i, d["profile"][p]) for i, p in enumerate(game.players))
        q: Any = Fraction(d["probability_exact"]) if "probability_exact" in d else d["probability"]
        out.append((prof, q))
    return out


def _player_blocks(game: Game, dist: list, i: int, exact: bool) -> list[str]:
    pay = game.exact if exact and game.exact is not None else game.payoffs
    items = []
    for a in range(game.shape[i]):
        told = [(prof, q) for prof, q in dist if prof[i] == a]
        weight = sum((q for _, q in told), Fraction(0) if exact else 0.0)
        if not told:
            continue
        values = []
        for b in range(game.shape[i]):
            v = sum(
                (q * pay[(*prof[:i], b, *prof[i + 1 :], i)] for prof, q in told),
                Fraction(0) if exact else 0.0,
            )
            values.append(v / weight)
        others = "; ".join(
            f"{', '.join(s for j, s in enumerate(game.profile_label(prof).split(', ')) if j != i)}"
            f" with probability {fmt_prob(q / weight)}"
            for prof, q in told
        )
        obey = values[a]
        switches = ", ".join(
            f"'{game.strategies[i][b]}' {fmt(values[b])}" for b in range(game.shape[i]) if b != a
        )
        strict = all(obey > v for k, v in enumerate(values) if k != a)
        verdict = "obeying is strictly better" if strict else "obeying is at least as good"
        who = "the others play" if game.n_players > 2 else f"{game.players[1 - i]} plays"
        items.append(
            f"{game.players[i]} told '{game.strategies[i][a]}' (probability {fmt_prob(weight)}) "
            f"believes {who} {others}. Obeying is worth {fmt(obey)}; switching to {switches}: "
            f"{verdict}."
        )
    return items


def section_correlated(game: Game, result: SolveResult) -> Section:
    """The mediator's recommendation: the distribution, each player's payoff, and why every
    recommendation is obeyed."""
    ce = correlated_details(result)
    assert ce is not None
    exact = bool(ce.get("exact"))
    dist = _distribution(game, ce)
    rows = [
        f"{game.profile_label(prof)}: probability {fmt_prob(q)}"
        for prof, q in sorted(dist, key=lambda t: (-float(t[1]), t[0]))
    ]
    pays = ", ".join(f"{p} {payoff_text(ce, p)}" for p in game.players)
    blocks: list[Block] = [
        Paragraph(
            "A correlated equilibrium is a mediator's recommendation. A mediator everyone "
            "trusts to draw fairly (a guarantor, a third power coordinating reciprocal steps) "
            "draws one outcome from a published distribution and tells each player privately "
            "only what it should do. It is an equilibrium when no player, knowing only its own "
            "recommendation, gains by disobeying it. Because the players' choices are "
            "correlated through the draw, the mediator can avoid outcomes that independent "
            "randomisation cannot, such as a costly clash."
        ),
        Paragraph(
            f"The distribution that maximises {objective_words(ce['objective'])} "
            f"(method '{result.method}'):"
        ),
        Bullets(tuple(rows)),
        Paragraph(f"Expected payoffs: {pays}."),
        Paragraph(
            "Why each recommendation is obeyed"
            + (" (exact arithmetic):" if exact else " (floating point):")
        ),
    ]
    items: list[str] = []
    for i in range(game.n_players):
        items.extend(_player_blocks(game, dist, i, exact))
    blocks.append(Bullets(tuple(items)))
    return Section(
        "correlated", "A mediator's recommendation (correlated equilibrium)", tuple(blocks)
    )
