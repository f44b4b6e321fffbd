"""Moved to :mod:`sim.normal_form.report`; a re-export kept while other modules switch their
imports."""

from __future__ import annotations

from ..normal_form.report import describe_step, dominance_text, equilibria_text, game_text

__all__ = ["analysis_to_text", "describe_step", "dominance_text", "equilibria_text", "game_text",
           "result_to_text"]


def result_to_text(game, result, header: str = "") -> str:
    """A bare game and a solver's result: players, payoffs, equilibria."""
    parts = [header] if header else []
    parts += [game_text(game, result), equilibria_text(game, result)]
    return "\n\n".join(parts) + "\n"


def analysis_to_text(analysis) -> str:
    """The ``negsim run`` report (:func:`sim.contract.to_text`)."""
    from ..contract import to_text

    return to_text(analysis)
