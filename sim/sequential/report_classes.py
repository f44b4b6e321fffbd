"""The Nash equilibria of a tree as outcome classes (part of the kind's report).

A solver that meets a continuum of equilibria (an indifferent mover, moves off the path of
play) returns sample points of it, such as ``dismantle 146287/546835``.  Listed one by one they
look like many separate predictions; grouped by their path and payoffs they are one class each,
shown with the range of probabilities found.  ``negsim run`` and ``negsim explain`` number the
classes alike.
"""

from __future__ import annotations

import textwrap

from ..numbers import fmt_prob
from .analysis import SequentialResult
from .report import _onpath, _pay, behaviour_text
from .tree import Tree

__all__ = ["nash_class_lines", "nash_classes"]


def _spe_mark(res: SequentialResult, members: list[int]) -> str:
    if not res.nash_is_spe or (res.spe is not None and not res.spe.subgames):
        return ""
    perfect = sum(1 for k in members if res.nash_is_spe[k])
    if perfect == len(members):
        return "  [subgame perfect]"
    if perfect == 0:
        return "  [not subgame perfect]"
    return f"  [{perfect} of the {len(members)} found subgame perfect]"


def nash_classes(res: SequentialResult) -> list[list[int]]:
    """The Nash equilibria found, grouped into outcome classes: the same moves along the path
    of play and the same payoffs.  Members of one class differ only in probabilities (off the
    path, or between moves that pay the same); a solver that samples a continuum of equilibria
    returns several points of one class, which are not separate predictions."""
    na = res.nash
    if na is None:
        return []
    groups: dict[tuple, list[int]] = {}
    for k, (eq, beh) in enumerate(zip(na.result.equilibria, na.behaviours)):
        key = (_onpath(res.tree, beh, probs=False), tuple(str(v) for v in eq.payoffs))
        groups.setdefault(key, []).append(k)
    return list(groups.values())


def _varying(tree: Tree, behs: list) -> list[str]:
    """The information sets whose moves differ among ``behs``, in words with the range of
    probabilities found."""
    out = []
    for h in tree.infosets:
        seen = {tuple(b.get(h) or ()) for b in behs}
        if len(seen) < 2:
            continue
        moves = tree.infosets[h].moves if hasattr(tree.infosets[h], "moves") else None
        player = tree.players[tree.infosets[h].player]
        probs = [b.get(h) for b in behs if b.get(h) is not None]
        if moves and probs and len(moves) == 2:
            first = [p[0] for p in probs]
            lo, hi = min(first), max(first)
            out.append(
                f"{player} at '{h}' plays {moves[0]} with probability from {fmt_prob(lo)} "
                f"to {fmt_prob(hi)} (else {moves[1]})"
            )
        else:
            out.append(f"{player} at '{h}' moves differently")
    return out


def nash_class_lines(res: SequentialResult) -> list[str]:
    """The report's lines for the Nash equilibria, one numbered entry per class."""
    tree = res.tree
    na = res.nash
    lines: list[str] = []
    for c, members in enumerate(nash_classes(res), 1):
        eq, beh = na.result.equilibria[members[0]], na.behaviours[members[0]]
        lines.append(f"  {c}. payoffs: {_pay(tree, eq.payoffs)}{_spe_mark(res, members)}")
        if len(members) == 1:
            lines.append(f"     path: {_onpath(tree, beh)}")
            lines.extend(behaviour_text(tree, beh, "     "))
            continue
        lines.append(f"     path: {_onpath(tree, beh, probs=False)}")
        behs = [na.behaviours[k] for k in members]
        varying = _varying(tree, behs)
        lines.append(
            textwrap.fill(
                f"a class of equilibria with one outcome: {len(members)} found, with the same "
                "moves along the path and the same payoffs. They differ only in the "
                "probabilities below (the range found); the class can be a continuum, of which "
                "the solver returned sample points (--json lists each).",
                88,
                initial_indent="     ",
                subsequent_indent="     ",
            )
        )
        lines.extend(f"       - {v}" for v in varying)
    return lines
