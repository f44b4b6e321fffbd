"""The explanation of the Theory of Moves (``--method tom``): what a non-myopic equilibrium is,
which outcomes are ones, and, for each initial state, the backward induction that decides whether
a player moves (from ``SolveResult.details["tom"]``)."""

from __future__ import annotations

from ..explain.model import Block, Paragraph, Preformatted, Section
from ..game import Game
from ..results import SolveResult
from .report_tom import tom_details, tom_table_lines

__all__ = ["section_tom"]


def _why(state: dict) -> str:
    start = state["initial"]
    if state["nme"]:
        return (
            f"From {start}, neither player gains by switching: whoever switches first sets off "
            "countermoves that end at an outcome it likes no better, so play stays."
        )
    parts = []
    for p, t in state["players"].items():
        if t["moves"]:
            parts.append(f"{p} switches, because the moves and countermoves end at {t['induced']}")
    text = f"From {start}, " + "; ".join(parts) + ", which it prefers."
    if len(parts) == 2:
        text += " Both would move, so the outcome depends on who moves first."
    return text


def section_tom(game: Game, result: SolveResult) -> Section:
    tom = tom_details(result)
    assert tom is not None
    nme = tom["nme"]
    blocks: list[Block] = [
        Paragraph(
            "The Theory of Moves (Brams) asks where play ends when it starts at an outcome and "
            "the players may switch their strategies in turn, each thinking ahead to the other's "
            "countermoves. A player switches only if the chain of moves and countermoves, "
            "worked out backwards from the last possible switch (the fourth, which returns play "
            "to the start), ends at an outcome it strictly prefers. An outcome from which "
            "neither player would switch is a non-myopic equilibrium. Only the players' "
            "rankings of the outcomes count (4 best, 1 worst, written (row, column))."
        ),
        Paragraph(
            f"Non-myopic equilibria: {'; '.join(nme) if nme else 'none'}. They need not be Nash "
            "equilibria: a player may forgo a gain now because of what the other would do next."
        ),
    ]
    for state in tom["states"]:
        blocks.append(Paragraph(_why(state)))
        lines = []
        for p, t in state["players"].items():
            lines.append(f"{p} moving first:")
            lines.extend(tom_table_lines(game, t["table"]))
        blocks.append(Preformatted("\n".join(lines)))
    return Section("tom", "Theory of Moves: non-myopic equilibria", tuple(blocks))
