"""The report of a correlated equilibrium (``--method correlated``): the mediator's distribution
over profiles and each player's expected payoff, from ``SolveResult.details["correlated"]``
(built by :mod:`sim.solvers.correlated`)."""

from __future__ import annotations

from typing import Any

from ..game import Game
from ..results import SolveResult
from ..textlayout import heading, wrap

__all__ = ["correlated_details", "correlated_label", "correlated_text"]

_OBJECTIVE_WORDS = {
    "welfare": "the players' total payoff",
    "egalitarian": "the smallest player's payoff",
}


def correlated_details(result: SolveResult) -> dict[str, Any] | None:
    """The correlated equilibrium a solve carries, or ``None``."""
    found = result.details.get("correlated")
    return found if isinstance(found, dict) else None


def objective_words(objective: str) -> str:
    if objective.startswith("player:"):
        return f"{objective.split(':', 1)[1]}'s payoff"
    return _OBJECTIVE_WORDS.get(objective, objective)


def probability_text(item: dict[str, Any]) -> str:
    return str(item.get("probability_exact") or f"{float(item['probability']):.4f}")


def payoff_text(ce: dict[str, Any], player: str) -> str:
    exact = ce.get("payoffs_exact")
    if exact:
        return str(exact[player])
    return f"{float(ce['payoffs'][player]):.4g}"


def correlated_label(result: SolveResult) -> str | None:
    """One stable outcome label: ``"correlated: a, b 1/2; c, d 1/2"``."""
    ce = correlated_details(result)
    if ce is None:
        return None
    parts = [f"{d['outcome']} {probability_text(d)}" for d in ce["distribution"]]
    return "correlated: " + "; ".join(parts)


def correlated_text(game: Game, result: SolveResult) -> str:
    """The section the report shows instead of the Nash equilibria."""
    ce = correlated_details(result)
    assert ce is not None
    lines = [heading("Correlated equilibrium")]
    lines.append(
        wrap(
            "A mediator draws one profile from the distribution below and tells each player only "
            "its own part; no player gains by disobeying the recommendation it receives. "
            f"This one maximises {objective_words(ce['objective'])}."
        )
    )
    if result.message:
        lines.append(wrap(result.message))
    lines.append("")
    width = max(len(d["outcome"]) for d in ce["distribution"])
    lines.append(f"  {'profile'.ljust(width)}  probability")
    for d in ce["distribution"]:
        lines.append(f"  {d['outcome'].ljust(width)}  {probability_text(d)}")
    lines.append("")
    pw = max(len(p) for p in game.players)
    for p in game.players:
        lines.append(f"  {p.ljust(pw)}  expected payoff {payoff_text(ce, p)}")
    value = ce.get("value_exact") or f"{float(ce['value']):.6g}"
    lines.append(f"  ({ce['objective']}: {value})")
    vertices = ce.get("vertices")
    if vertices:
        lines.append("")
        lines.append(
            wrap(
                f"Every correlated equilibrium is a mixture of these {len(vertices)} vertices of "
                "the correlated-equilibrium polytope (payoffs in player order):"
            )
        )
        for v in vertices:
            dist = "; ".join(f"{o} {q}" for o, q in v["distribution"].items())
            pays = ", ".join(v["payoffs_exact"][p] for p in game.players)
            lines.append(wrap(f"({pays}): {dist}", indent="  ", hang="    "))
    return "\n".join(lines)
