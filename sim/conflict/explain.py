"""Why is a state stable or not?  One decision maker, one state, one concept, in words-ready data.

:func:`explain_state` lists the focal decision maker's unilateral improvements from the state
and, for each, the shortest sanction the opponents have under the concept and convention (a
sequence of moves ending at a state the focal decision maker does not prefer to the start), or
``None`` when there is none — which is exactly why the state is unstable.  Breadth-first search
over (state, last mover) from each improvement; meant for single states, not whole tableaux.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from .model import Conflict

__all__ = ["Improvement", "explain_state"]


@dataclass(frozen=True)
class Improvement:
    """``to``: the improved state (0-based); ``sanction``: ``None`` (unsanctioned) or a tuple of
    ``(mover, from, to)`` steps (0-based) ending at a state the focal DM does not prefer."""

    to: int
    sanction: tuple | None


def _adjacency(conflict: Conflict, movers, improvements_only: bool):
    adj = {}
    for j in movers:
        src, dst = conflict.improvements(j) if improvements_only else conflict.moves[j]
        for a, b in zip(src.tolist(), dst.tolist()):
            adj.setdefault(a, []).append((j, b))
    return adj


def _sanction(conflict, i, s, s1, adj, concept, convention):
    p = conflict.preference[i]
    own = {}
    if concept == "smr":
        src, dst = conflict.moves[i]
        for a, b in zip(src.tolist(), dst.tolist()):
            own.setdefault(a, []).append(b)

    def ok(x):
        if p[x] > p[s]:
            return False
        if concept == "smr":
            return all(p[z] <= p[s] for z in own.get(x, ()))
        return True

    start = (s1, None)
    parent = {start: None}
    queue = deque([start])
    while queue:
        x, last = queue.popleft()
        if convention == "single" and last is not None:
            continue
        for j, y in adj.get(x, ()):
            if convention == "sequence" and j == last:
                continue
            key = (y, j if convention != "unrestricted" else None)
            if key in parent:
                continue
            parent[key] = ((x, last), j)
            if ok(y):
                steps = []
                node = key
                while parent[node] is not None:
                    (px, plast), mover = parent[node]
                    steps.append((mover, px, node[0]))
                    node = (px, plast)
                return tuple(reversed(steps))
            queue.append(key)
    return None


def _sim_sanction(conflict, i, s, s1, simultaneous="one"):
    """Opponents' UIs from ``s`` whose simultaneous outcome with ``s -> s1`` is not preferred
    by ``i`` to ``s``; ``None`` if there are none.  One opponent: ``((j, s1, outcome),)``.  A
    group (``simultaneous="group"``, fewest movers first) is shown as the movers in order,
    ``((j1, s1, outcome), (j2, outcome, outcome), ...)``: they all move at once."""
    from itertools import combinations, product

    from .stability import _dm_mask, code_lookup

    lookup = code_lookup(conflict)
    codes = [int(c) for c in conflict.codes]
    p = conflict.preference[i]
    masks = [_dm_mask(conflict, j) for j in range(conflict.n_dms)]
    others = [j for j in range(conflict.n_dms) if j != i]
    targets = {}
    for j in others:
        src, dst = conflict.improvements(j)
        targets[j] = [b for a, b in zip(src.tolist(), dst.tolist()) if a == s]
    sizes = [1] if simultaneous == "one" else range(1, len(others) + 1)
    for size in sizes:
        for group in combinations(others, size):
            for pick in product(*[targets[j] for j in group]):
                code = (codes[s1] & masks[i]) | (codes[s] & ~masks[i])
                for j, b in zip(group, pick):
                    code = (code & ~masks[j]) | (codes[b] & masks[j])
                t = int(lookup[code])
                if t >= 0 and p[t] <= p[s]:
                    return ((group[0], s1, t),) + tuple((j, t, t) for j in group[1:])
    return None


def explain_state(conflict: Conflict, dm: int, state: int, concept: str,
                  convention: str = "sequence", simultaneous: str = "one") -> list[Improvement]:
    """Every unilateral improvement of ``dm`` from ``state`` with its shortest sanction (or None).

    For ``nash`` no sanction counts, so every improvement comes back with ``sanction=None``.
    For ``sim`` a sanction is one step ``(j, s1, outcome)``: opponent ``j``'s improvement from
    ``state``, made at the same time, turns ``s1`` into ``outcome``.  For ``seqsim`` the SEQ
    sanctions are shown when the state is SEQ stable, else the SIM ones.
    The state is stable under the concept iff no entry has ``sanction is None``.
    """
    i, s = dm, state
    src, dst = conflict.improvements(i)
    targets = sorted(int(b) for a, b in zip(src.tolist(), dst.tolist()) if a == s)
    if concept == "nash":
        return [Improvement(t, None) for t in targets]
    if concept == "sim":
        return [Improvement(t, _sim_sanction(conflict, i, s, t, simultaneous)) for t in targets]
    if concept == "seqsim":  # SEQ stable or SIM stable: show the concept that holds, if any
        seq = explain_state(conflict, i, s, "seq", convention)
        if all(e.sanction is not None for e in seq):
            return seq
        return explain_state(conflict, i, s, "sim", convention, simultaneous)
    others = [j for j in range(conflict.n_dms) if j != i]
    adj = _adjacency(conflict, others, improvements_only=(concept == "seq"))
    return [Improvement(t, _sanction(conflict, i, s, t, adj, concept, convention))
            for t in targets]
