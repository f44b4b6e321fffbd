"""Status-quo analysis: where can the conflict go from the status quo by unilateral improvements?

A path is a sequence of unilateral improvements (each move is an improvement for the decision
maker making it), no decision maker moving twice in a row.  :func:`status_quo_paths` returns,
for every state, whether it can be reached from the status quo that way and one shortest path
(breadth-first search over (state, last mover) pairs).  Charts use the paths as data.

:func:`coalition_paths` does the same when coalitions may move too: a step is a unilateral
improvement or a coalition improvement (a joint move every member of the coalition prefers,
from :func:`sim.conflict.coalition.coalition_analysis`), and the same mover (a decision maker
or a coalition) never makes two steps in a row.  This is how the Elmira dispute was resolved:
the local government's insistence (1 -> 5), then the Ministry and Uniroyal together (5 -> 8).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from .model import Conflict

__all__ = ["StatusQuoResult", "coalition_paths", "status_quo_paths"]


@dataclass(frozen=True, eq=False)
class StatusQuoResult:
    """``paths[t]``: tuple of ``(mover, from_state, to_state)`` steps (0-based) of one shortest
    path from ``start`` to ``t``, for every reachable ``t`` (``paths[start] == ()``)."""

    start: int
    paths: dict

    def reachable(self, t: int) -> bool:
        return t in self.paths


def status_quo_paths(conflict: Conflict, start: int | None = None) -> StatusQuoResult:
    s0 = conflict.status_quo if start is None else start
    if s0 is None:
        raise ValueError("this conflict has no status quo")
    out_edges: dict[int, list] = {}
    for i in range(conflict.n_dms):
        src, dst = conflict.improvements(i)
        for a, b in zip(src.tolist(), dst.tolist()):
            out_edges.setdefault(a, []).append((i, b))
    return _shortest_paths(s0, out_edges)


def coalition_paths(conflict: Conflict, coalitions, start: int | None = None) -> StatusQuoResult:
    """As :func:`status_quo_paths`, with the joint moves of ``coalitions`` (a
    :class:`~sim.conflict.coalition.CoalitionResult`) as steps too.  A step's mover is a tuple
    of decision-maker indices (one index for a unilateral improvement)."""
    s0 = conflict.status_quo if start is None else start
    if s0 is None:
        raise ValueError("this conflict has no status quo")
    out_edges: dict[int, list] = {}
    for coal, pairs in coalitions.improvements.items():
        for a, b in pairs:
            out_edges.setdefault(a, []).append((tuple(coal), b))
    return _shortest_paths(s0, out_edges)


def _shortest_paths(s0: int, out_edges: dict) -> StatusQuoResult:
    """Breadth-first search over (state, last mover); no mover steps twice in a row."""
    paths = {s0: ()}
    seen = {(s0, None)}
    queue = deque([(s0, None, ())])
    while queue:
        s, last, path = queue.popleft()
        for i, t in out_edges.get(s, ()):
            if i == last or (t, i) in seen:
                continue
            seen.add((t, i))
            p = path + ((i, s, t),)
            if t not in paths:
                paths[t] = p
            queue.append((t, i, p))
    return StatusQuoResult(s0, paths)
