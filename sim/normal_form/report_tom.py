"""The report of the Theory of Moves (``--method tom``): the non-myopic equilibria and, for
every initial state, where play ends and the backward-induction tables that justify it, from
``SolveResult.details["tom"]`` (built by :mod:`sim.solvers.tom`)."""

from __future__ import annotations

from typing import Any

from ..game import Game
from ..results import SolveResult
from ..textlayout import heading, wrap

__all__ = ["tom_details", "tom_table_lines", "tom_text"]


def tom_details(result: SolveResult) -> dict[str, Any] | None:
    found = result.details.get("tom")
    return found if isinstance(found, dict) else None


def _ranks(r: list[int]) -> str:
    return f"({r[0]},{r[1]})"


def tom_table_lines(game: Game, table: list[dict[str, Any]]) -> list[str]:
    """One backward-induction table as aligned text rows: at each state, whose turn it is,
    whether it stays or switches (to the survivor of the next row) and the survivor."""
    width = max(len(row["state"]) for row in table + [{"state": "state"}])
    mw = max(len(p) for p in game.players + ("mover",))
    lines = [f"    {'state'.ljust(width)}  ranks  {'mover'.ljust(mw)}  choice  survivor"]
    for row in table:
        lines.append(
            f"s{row['step']}  {row['state'].ljust(width)}  {_ranks(row['ranks'])}  "
            f"{row['mover'].ljust(mw)}  {row['choice']:<6}  {row['survivor']}"
        )
    return lines


def _outcome_sentence(state: dict[str, Any]) -> str:
    if state["nme"]:
        return "neither player switches: a non-myopic equilibrium."
    movers = [p for p, t in state["players"].items() if t["moves"]]
    if len(movers) == 2:
        parts = [f"{p} first: {state['players'][p]['induced']}" for p in movers]
        return (
            "both would switch; the outcome depends on who moves first (" + "; ".join(parts) + ")."
        )
    p = movers[0]
    return f"{p} switches and play ends at {state['players'][p]['induced']}."


def tom_text(game: Game, result: SolveResult) -> str:
    """The section the report shows instead of the Nash equilibria."""
    tom = tom_details(result)
    assert tom is not None
    lines = [heading("Theory of Moves: non-myopic equilibria")]
    lines.append(
        wrap(
            "Play starts at an outcome; the players may switch strategies in turn, each looking "
            "ahead to the countermoves (backward induction over at most four switches, after "
            "which play is back where it started). Only each player's ranking of the four "
            "outcomes matters (4 best, 1 worst, shown as (row, column)). In each table a player "
            "who switches gets the survivor of the next row (after s4, the initial state)."
        )
    )
    nme = tom["nme"]
    lines.append(
        wrap(f"Non-myopic equilibria ({len(nme)}): " + ("; ".join(nme) if nme else "none") + ".")
    )
    if result.message:
        lines.append(wrap(result.message))
    for state in tom["states"]:
        lines.append("")
        lines.append(
            wrap(f"From {state['initial']} {_ranks(state['ranks'])}: " + _outcome_sentence(state))
        )
        for p, t in state["players"].items():
            lines.append(f"  {p} moving first:")
            lines.extend("    " + row for row in tom_table_lines(game, t["table"]))
    return "\n".join(lines)
