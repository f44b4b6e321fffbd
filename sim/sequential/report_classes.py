"""The Nash equilibria of a tree as outcome classes (part of the kind's report).

A solver that meets a continuum of equilibria (an indifferent mover, moves off the path of
play) returns sample points of it, such as ``dismantle 146287/546835``.  Listed one by one they
look like many separate predictions; grouped by their path and payoffs they are one class each.
Each class is shown as its exact set (:mod:`sim.sequential.continua`): the exact range of every
probability that varies, and the formula that ties some of them when the set is not a box; the
sample points are left to ``--json``.  ``negsim run`` and ``negsim explain`` number the classes
alike.
"""

from __future__ import annotations

import re
import textwrap

from ..numbers import exact_str, fmt_prob, json_number
from .analysis import SequentialResult
from .continua import ClassSet, Range, class_set
from .report import _onpath, _pay, behaviour_text

__all__ = [
    "class_sets",
    "classes_json",
    "nash_class_lines",
    "nash_classes",
    "range_text",
    "set_lines",
]


def _spe_mark(res: SequentialResult, members: list[int]) -> str:
    if not res.nash_is_spe or (res.spe is not None and not res.spe.subgames):
        return ""
    perfect = sum(1 for k in members if res.nash_is_spe[k])
    if perfect == len(members):
        return "  [subgame perfect]"
    if perfect == 0:
        return "  [not subgame perfect]"
    return "  [some of these equilibria are subgame perfect, others not]"


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


def class_sets(res: SequentialResult) -> list[ClassSet]:
    """Each class's exact set of equilibria (in the order of :func:`nash_classes`)."""
    na = res.nash
    if na is None:
        return []
    return [class_set(res.tree, [na.behaviours[k] for k in c]) for c in nash_classes(res)]


def _and(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _le(formula: str) -> str:
    return formula.replace("<=", "≤").replace(" - ", " − ")


def range_text(r: Range) -> str:
    """``US at 'dismantle' plays reward with probability any value in [0, 1/2] (else
    hold_back)``."""
    who = f"{r.player} at '{r.infoset}'"
    if r.lo is not None and r.lo == r.hi:
        if r.lo in (0, 1):
            return f"{who} plays {r.move if r.lo == 1 else r.other}"
        return f"{who} plays {r.move} with probability {fmt_prob(r.lo)} (else {r.other})"
    if r.is_any and not r.on_path:
        return f"{who}: any mixture of {r.move} and {r.other}"
    if r.symbol:
        where = f"; {r.symbol} lies in {r.interval()}" if r.lo is not None else ""
        return f"{who} plays {r.move} with probability {r.symbol} (else {r.other}){where}"
    return f"{who} plays {r.move} with probability any value in {r.interval()} (else {r.other})"


def set_lines(cs: ClassSet, found: int) -> list[str]:
    """The class's set in words: one bullet per probability that varies, then the formulas
    that tie some of them."""
    if not cs.exact:
        return [
            f"a set of equilibria with this outcome; the solver returned {found} points of "
            f"it (--json lists them); its exact extent was not worked out ({cs.reason})"
        ]
    moving = [r for r in cs.ranges if r.lo is None or r.lo != r.hi]
    pinned = [r for r in cs.ranges if r.lo is not None and r.lo == r.hi]
    lines = [f"- {range_text(r)}" for r in pinned]
    lines.extend(f"- {range_text(r)}" for r in moving)
    lines.extend(f"- {p} at '{h}': any mixture of its moves" for p, h in cs.any_mixture)
    if cs.constraints:
        for formula, who, names in cs.constraints:
            lines.append(
                f"- the values of {_and(names)} together: exactly those with {_le(formula)} "
                f"(beyond it, {who} would gain by switching)"
            )
    elif len(moving) + len(cs.any_mixture) > 1:
        lines.append("- every combination of these is an equilibrium")
    head = (
        "a whole set of equilibria with this outcome, namely every profile below (exact "
        f"end points; the solver returned {found} point{'s' if found != 1 else ''} of the set, "
        "listed in --json):"
    )
    return [head, *lines]


def nash_class_lines(res: SequentialResult) -> list[str]:
    """The report's lines for the Nash equilibria, one numbered entry per class: a class that
    is one equilibrium with its moves, a larger one as its exact set."""
    tree = res.tree
    na = res.nash
    lines: list[str] = []
    for c, (members, cs) in enumerate(zip(nash_classes(res), class_sets(res)), 1):
        eq, beh = na.result.equilibria[members[0]], na.behaviours[members[0]]
        lines.append(f"  {c}. payoffs: {_pay(tree, eq.payoffs)}{_spe_mark(res, members)}")
        if len(members) == 1 and (cs.is_point or not cs.exact):
            lines.append(f"     path: {_onpath(tree, beh)}")
            lines.extend(behaviour_text(tree, beh, "     "))
            continue
        mixing = any(r.on_path for r in cs.ranges)
        lines.append(f"     path: {_onpath(tree, beh, probs=not mixing)}")
        for k, line in enumerate(set_lines(cs, len(members))):
            keep = re.sub(r"([\[(][^\])]*), ", "\\1,\xa0", line)  # an interval stays on one line
            lines.append(
                textwrap.fill(
                    keep,
                    88,
                    initial_indent="     " if k == 0 else "       ",
                    subsequent_indent="     " if k == 0 else "         ",
                ).replace("\xa0", " ")
            )
    return lines


def _range_json(r: Range) -> dict:
    return {
        "infoset": r.infoset,
        "player": r.player,
        "move": r.move,
        "else": r.other,
        "min_exact": None if r.lo is None else exact_str(r.lo),
        "max_exact": None if r.hi is None else exact_str(r.hi),
        "min": None if r.lo is None else float(r.lo),
        "max": None if r.hi is None else float(r.hi),
        "min_included": not r.open_lo,
        "max_included": not r.open_hi,
        "symbol": r.symbol or None,
        "tied": r.joint,
        "on_path": r.on_path,
    }


def classes_json(res: SequentialResult) -> list[dict]:
    """The classes for ``--json``: members (indices into ``equilibria``) and the exact set."""
    tree = res.tree
    out = []
    for members, cs in zip(nash_classes(res), class_sets(res)):
        eq, beh = res.nash.result.equilibria[members[0]], res.nash.behaviours[members[0]]
        out.append(
            {
                "equilibria": list(members),
                "path": _onpath(tree, beh, probs=False),
                "payoffs": {p: json_number(v) for p, v in zip(tree.players, eq.payoffs)},
                "exact": cs.exact,
                "single_equilibrium": cs.is_point,
                "reason": cs.reason or None,
                "ranges": [_range_json(r) for r in cs.ranges],
                "any_mixture": [{"player": p, "infoset": h} for p, h in cs.any_mixture],
                "constraints": [
                    {"formula": f, "keeps_from_switching": w, "symbols": list(names)}
                    for f, w, names in cs.constraints
                ],
                "description": set_lines(cs, len(members)),
            }
        )
    return out
