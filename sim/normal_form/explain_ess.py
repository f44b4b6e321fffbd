"""The explanation of evolutionary stability (``--method ess``): what an ESS is, and for each
symmetric equilibrium the invasion check that keeps it or the mutant that breaks it."""

from __future__ import annotations

from ..explain.model import Block, Paragraph, Section
from ..game import Game
from ..results import SolveResult
from .report_ess import ESS_INTRO, ess_candidate_sentence, ess_details

__all__ = ["section_ess"]


def section_ess(game: Game, result: SolveResult) -> Section:
    ess = ess_details(result)
    assert ess is not None
    cands = ess["candidates"]
    stable = [c["label"] for c in cands if c["stable"]]
    blocks: list[Block] = [
        Paragraph(ESS_INTRO),
        Paragraph(
            "The check, for a symmetric equilibrium x: a mutant y that does worse against x "
            "than x does is driven out at once. The mutants that matter are the other best "
            "replies to x; x survives them exactly when x does better against each of them "
            "than they do against themselves."
        ),
        Paragraph(
            f"Of the {len(cands)} symmetric equilibri{'um' if len(cands) == 1 else 'a'}, "
            + (
                f"{len(stable)} {'is' if len(stable) == 1 else 'are'} evolutionarily stable: "
                + "; ".join(stable)
                + "."
                if stable
                else "none is evolutionarily stable: a population can drift away from each."
            )
        ),
    ]
    blocks.extend(Paragraph(ess_candidate_sentence(c)) for c in cands)
    return Section("ess", "Evolutionarily stable strategies", tuple(blocks))
