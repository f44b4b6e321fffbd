"""Outcome labels, once: how an equilibrium of a normal-form game is named wherever it is counted.

A pure profile is ``"suspend, freeze"``; a mixed one ``"mixed (suspend/pressure, freeze/test)"``
(the supports, so the label stays the same while the probabilities move).  Sweeps, the
normal-form kind's ``outcomes``, charts and robustness counts all use these labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["equilibrium_label", "ordered_labels", "row_order", "set_description"]


def equilibrium_label(
    strategies: Sequence[Sequence[str]], probs: Sequence[Sequence[float]], eps: float = 1e-12
) -> str:
    """``"suspend, freeze"`` for a pure profile, ``"mixed (suspend/pressure, freeze/test)"`` for a
    mixed one (the supports, so the label stays the same while the probabilities move)."""
    parts = []
    mixed = False
    for ss, p in zip(strategies, probs):
        supp = [s for s, x in zip(ss, p) if float(x) > eps]
        mixed = mixed or len(supp) > 1
        parts.append("/".join(supp))
    body = ", ".join(parts)
    return f"mixed ({body})" if mixed else body


#: the sort key :func:`row_order` gives: (mixed?, support pattern, minus the probabilities)
RowKey = tuple[bool, tuple[tuple[int, ...], ...], tuple[float, ...]]


def row_order(probs: Sequence[Sequence[float]], eps: float = 1e-12) -> RowKey:
    """Sort key of an equilibrium: pure ones first in profile order, then mixed ones by support."""
    pattern = tuple(tuple(0 if float(x) > eps else 1 for x in s) for s in probs)
    mixed = any(sum(1 for v in s if v == 0) > 1 for s in pattern)
    return (mixed, pattern, tuple(-float(x) for s in probs for x in s))


def ordered_labels(rows: Iterable[Sequence[Any]]) -> tuple[str, ...]:
    """Distinct labels of ``(label, kind, probs, ...)`` rows in :func:`row_order`."""
    best: dict[str, RowKey] = {}
    for r in rows:
        k = row_order(r[2])
        if r[0] not in best or k < best[r[0]]:
            best[r[0]] = k
    return tuple(sorted(best, key=best.__getitem__))


def set_description(labels: Sequence[str]) -> str:
    """An equilibrium set in words, for legends:
    ``"suspend, freeze + pressure, test + mixed (...)"``."""
    if not labels:
        return "no equilibrium found"
    return " + ".join(labels)


def reading_order(result: Any) -> Any:
    """The solve result (a :class:`sim.results.SolveResult`) with its equilibria in the one
    order every output numbers them by (``run``, ``explain``, handouts, the JSON, the web page):
    pure equilibria first, in payoff-table order, then mixed ones by the size and content of
    their supports.  Components are renumbered to match.  The result itself is unchanged when
    it is in that order already."""
    from dataclasses import replace

    eqs = result.equilibria

    def key(k: int) -> tuple:
        eq = eqs[k]
        prof = eq.pure_profile()
        if prof is not None:
            return (0, tuple(prof), (), ())
        sup = eq.support()
        return (1, tuple(len(s) for s in sup), tuple(map(tuple, sup)), row_order(eq.strategies))

    order = sorted(range(len(eqs)), key=key)
    if order == list(range(len(order))):
        return result
    new_index = {old: new for new, old in enumerate(order)}
    comps = tuple(tuple(sorted(new_index[k] for k in comp)) for comp in result.components)
    return replace(result, equilibria=tuple(eqs[k] for k in order), components=comps)
