"""Sequential scenarios at many parameter points: the kind's ``sweep_batch`` (outcomes only).

A sweep or a robustness run needs each point's outcomes (:func:`~sim.sequential.report.outcomes`:
the subgame-perfect paths, and a signalling game's perfect Bayesian equilibria), not the whole
report.  For a tree of perfect information without a signalling game those outcomes are the
backward-induction paths alone, so this skips what the full analysis adds to the report (the
reduced normal form, its Nash equilibria and their certificates), which is most of its time.
Every other tree gets the full :func:`~sim.sequential.analysis.analyse`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .analysis import analyse
from .backward import backward_induction
from .bayes import signalling_game
from .load import build_tree
from .report import outcomes, path_text

__all__ = ["sweep_batch"]

#: subgame-perfect equilibria listed per point, as the full analysis lists them
LIMIT = 200


def point_outcomes(scenario: Any, point: Mapping[str, Any], **options: Any) -> tuple[str, ...]:
    """The outcome labels at one parameter point (``point``: overrides), sorted, as
    :func:`sim.contract.outcomes` gives them."""
    tree = build_tree(scenario, point)
    if tree.is_perfect_information and signalling_game(tree)[0] is None:
        bi = backward_induction(tree, limit=LIMIT)
        labels = [path_text(tree, eq.path, probs=False) for eq in bi.equilibria]
    else:
        labels = list(outcomes(analyse(scenario, point, **options)))
    return tuple(sorted(set(labels)))


def sweep_batch(
    scenario: Any, points: Sequence[Mapping[str, Any]], **options: Any
) -> list[tuple[str, ...]]:
    """The outcomes at each point (a mapping of parameter values, as ``--set`` gives them)."""
    return [point_outcomes(scenario, p, **options) for p in points]
