"""Which equilibrium? Payoff dominance, risk dominance (Harsanyi–Selten) and the trust threshold
of a 2x2 game with two strict pure equilibria.

For two strict equilibria ``E = (r, c)`` and ``F = (r', c')`` (``r ≠ r'``, ``c ≠ c'``):

- a player's *deviation loss* at ``E`` is what it loses by switching alone
  (row: ``A[r, c] − A[r', c]``; column: ``B[r, c] − B[r, c']``);
- ``E`` *risk-dominates* ``F`` when the product of the two losses at ``E`` (its Nash product) is
  larger: ``E`` is the safer bet when each is unsure what the other will do;
- ``E`` *payoff-dominates* ``F`` when both players get more at ``E``;
- a player's *trust threshold* for ``E`` is the smallest probability it must put on the other
  playing its part of ``E`` for its own part of ``E`` to be a best reply: the loss at ``F``
  divided by the sum of the losses at ``E`` and ``F``.  It is also the probability the other
  player puts on that strategy in the mixed equilibrium.

All of it is exact when the payoffs are rational.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..explain.model import Block, Derivation, Paragraph, Section
from ..game import Game
from ..numbers import fmt_exact
from ..results import SolveResult
from .explain_words import num

__all__ = ["PairSelection", "deviation_products", "section_selection", "selection_of"]


@dataclass(frozen=True)
class PairSelection:
    """The comparison of two strict equilibria ``profiles[0]`` and ``profiles[1]``.

    ``losses[k] = (row loss, column loss)`` at ``profiles[k]``; ``products[k]`` their Nash
    product; ``thresholds[k] = (row, column)``: the belief each needs that the other plays its
    part of ``profiles[k]``; ``risk_dominant`` and ``payoff_dominant`` index ``profiles`` (or are
    ``None``)."""

    profiles: tuple[tuple[int, int], tuple[int, int]]
    losses: tuple[tuple[Any, Any], tuple[Any, Any]]
    products: tuple[Any, Any]
    thresholds: tuple[tuple[Any, Any], tuple[Any, Any]]
    risk_dominant: int | None
    payoff_dominant: int | None


def _payoffs(game: Game) -> Any:
    return game.exact if game.exact is not None else game.payoffs


def selection_of(game: Game, result: SolveResult) -> PairSelection | None:
    """The comparison, when ``game`` is 2x2 and ``result`` lists two strict pure Nash equilibria
    on a diagonal; else ``None``."""
    if game.n_players != 2 or game.shape != (2, 2) or result.details.get("tom"):
        return None
    pure = sorted({e.pure_profile() for e in result.equilibria if e.is_pure} - {None})
    if len(pure) != 2:
        return None
    (r0, c0), (r1, c1) = pure[0], pure[1]
    if r0 == r1 or c0 == c1:
        return None
    pay = _payoffs(game)
    losses = []
    for r, c in ((r0, c0), (r1, c1)):
        row = pay[r, c, 0] - pay[1 - r, c, 0]
        col = pay[r, c, 1] - pay[r, 1 - c, 1]
        losses.append((row, col))
    if any(x <= 0 for pair in losses for x in pair):
        return None  # not strict: no risk comparison
    products = (losses[0][0] * losses[0][1], losses[1][0] * losses[1][1])
    thresholds = tuple(
        tuple(losses[1 - k][i] / (losses[0][i] + losses[1][i]) for i in range(2)) for k in range(2)
    )
    risk = None if products[0] == products[1] else (0 if products[0] > products[1] else 1)
    a = [tuple(pay[(*p, i)] for i in range(2)) for p in ((r0, c0), (r1, c1))]
    payoff = 0 if all(x > y for x, y in zip(a[0], a[1])) else None
    if payoff is None and all(y > x for x, y in zip(a[0], a[1])):
        payoff = 1
    return PairSelection(
        ((r0, c0), (r1, c1)),
        (losses[0], losses[1]),
        products,
        (thresholds[0], thresholds[1]),  # type: ignore[arg-type]
        risk,
        payoff,
    )


def deviation_products(game: Game, result: SolveResult) -> dict[tuple[int, ...], Any]:
    """For each strict pure equilibrium, the product over players of the smallest loss from
    switching alone (its Nash product).  In a 2x2 game with two strict equilibria this is the
    Harsanyi–Selten comparison; with more players or strategies it is only a guide (their
    definition then runs through the tracing procedure)."""
    pay = _payoffs(game)
    out: dict[tuple[int, ...], Any] = {}
    for eq in result.equilibria:
        prof = eq.pure_profile() if eq.is_pure else None
        if prof is None:
            continue
        product: Any = 1
        for i in range(game.n_players):
            own = pay[prof + (i,)]
            losses = [
                own - pay[prof[:i] + (alt,) + prof[i + 1 :] + (i,)]
                for alt in range(game.shape[i])
                if alt != prof[i]
            ]
            loss = min(losses) if losses else 0
            if loss <= 0:
                break
            product = product * loss
        else:
            out[prof] = product
    return out


def section_selection(game: Game, result: SolveResult) -> Section | None:
    """The teaching section (``None`` when the game is not a 2x2 game with two strict pure
    equilibria)."""
    sel = selection_of(game, result)
    if sel is None:
        return None
    names = [f"({game.profile_label(p)})" for p in sel.profiles]
    row, col = game.players
    blocks: list[Block] = [
        Paragraph(
            f"The game has two strict equilibria, {names[0]} and {names[1]}. Which one will the "
            "players coordinate on? Three classical answers compare them."
        )
    ]
    if sel.payoff_dominant is not None:
        k = sel.payoff_dominant
        blocks.append(
            Paragraph(
                f"Payoff dominance: {names[k]} is better for both players than {names[1 - k]}; "
                "if each trusts the other to aim for the better outcome, that is where they meet."
            )
        )
    else:
        blocks.append(
            Paragraph(
                "Payoff dominance: neither equilibrium is better for both players, so payoffs "
                "alone do not pick one."
            )
        )
    lines = []
    for k in range(2):
        lr, lc = sel.losses[k]
        lines.append(
            f"at {names[k]}: {row} loses {num(lr)} and {col} loses {num(lc)} by switching alone; "
            f"Nash product {num(lr)} × {num(lc)} = {num(sel.products[k])}"
        )
    blocks.append(
        Derivation(
            tuple(lines),
            caption="Risk dominance (Harsanyi–Selten): the product of the deviation losses",
        )
    )
    if sel.risk_dominant is None:
        blocks.append(Paragraph("The products are equal: neither equilibrium is risk-dominant."))
    else:
        k = sel.risk_dominant
        tail = ""
        if sel.payoff_dominant is not None and sel.payoff_dominant != k:
            tail = (
                f" So the better outcome {names[1 - k]} is the riskier one: when the players are "
                f"unsure of each other, risk dominance points to {names[k]}."
            )
        blocks.append(
            Paragraph(
                f"{names[k]} risk-dominates {names[1 - k]} ({num(sel.products[k])} > "
                f"{num(sel.products[1 - k])}): it is the safer bet when each player is unsure "
                f"what the other will do.{tail}"
            )
        )
    items = []
    for k in range(2):
        for i, p in enumerate(game.players):
            mine = game.strategies[i][sel.profiles[k][i]]
            theirs = game.strategies[1 - i][sel.profiles[k][1 - i]]
            items.append(
                f"{p} plays '{mine}' only if at least {fmt_exact(sel.thresholds[k][i])} sure that "
                f"{game.players[1 - i]} plays '{theirs}'"
            )
    blocks.append(
        Derivation(
            tuple(items),
            caption="Trust thresholds: the belief each player needs to play its part",
        )
    )
    blocks.append(
        Paragraph(
            "A player's threshold is its loss at the other equilibrium divided by the sum of its "
            "losses at the two. The risk-dominant equilibrium is the one whose thresholds have "
            "the smaller product: it asks less trust. Each threshold is also the probability "
            "with which the other player plays the strategy in question in the mixed "
            "equilibrium, where both players are exactly indifferent."
        )
    )
    return Section("selection", "Which equilibrium? Risk, payoffs and trust", tuple(blocks))
