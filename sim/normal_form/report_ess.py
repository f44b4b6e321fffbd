"""The report of evolutionary stability (``--method ess``): every symmetric equilibrium of a
symmetric game, whether it is an evolutionarily stable strategy, and the invasion check that
decides it, from ``SolveResult.details["ess"]`` (built by :mod:`sim.solvers.ess`)."""

from __future__ import annotations

from typing import Any

from ..game import Game
from ..results import SolveResult
from ..textlayout import heading, wrap

__all__ = ["ESS_INTRO", "ess_candidate_sentence", "ess_details", "ess_text"]

ESS_INTRO = (
    "One population plays the game against itself. A strategy is evolutionarily stable (an "
    "ESS) when, once everyone plays it, a small group of mutants playing anything else does "
    "worse: either the mutants earn less against the residents, or they earn the same against "
    "the residents but less against each other. Every ESS is a symmetric Nash equilibrium, so "
    "the candidates are the symmetric equilibria (x, x); each is checked against every "
    "possible mutant, exactly."
)


def ess_details(result: SolveResult) -> dict[str, Any] | None:
    found = result.details.get("ess")
    return found if isinstance(found, dict) else None


def _mix(d: dict[str, str]) -> str:
    return ", ".join(k if v == "1" else f"{k} {v}" for k, v in d.items())


def ess_candidate_sentence(c: dict[str, Any]) -> str:
    """One candidate in words: the strategy, the verdict and why."""
    verdict = {True: "evolutionarily stable", False: "not stable", None: "undecided"}[c["stable"]]
    text = f"{c['label']} (each earns {c['payoff']} against itself): {verdict}; {c['reason']}"
    if c["best_replies"] != c["support"]:
        alt = [s for s in c["best_replies"] if s not in c["support"]]
        text += f" (also a best reply to it, though unused: {', '.join(alt)})"
    if c["invader"] is not None:
        text += f". For example, mutants playing {_mix(c['invader'])}"
        text += " do as well against the residents and at least as well against each other"
    return text + "."


def ess_text(game: Game, result: SolveResult) -> str:
    """The section the report shows instead of the Nash equilibria."""
    ess = ess_details(result)
    assert ess is not None
    lines = [heading("Evolutionarily stable strategies")]
    lines.append(wrap(ESS_INTRO))
    stable = [c["label"] for c in ess["candidates"] if c["stable"]]
    lines.append(
        wrap(
            f"Evolutionarily stable ({len(stable)}): "
            + ("; ".join(stable) if stable else "none")
            + "."
        )
    )
    if result.message:
        lines.append(wrap(result.message))
    for k, c in enumerate(ess["candidates"], 1):
        lines.append("")
        lines.append(wrap(f"{k}. " + ess_candidate_sentence(c)))
    return "\n".join(lines)
