"""Status-quo analysis: where can the conflict go from the status quo by unilateral improvements?

A path is a sequence of unilateral improvements (each move is an improvement for the decision
maker making it), no decision maker moving twice in a row.  :func:`status_quo_paths` returns,
for every state, whether it can be reached from the status quo that way and one shortest path
(breadth-first search over (state, last mover) pairs).  Charts use the paths as data.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from .model import Conflict

__all__ = ["StatusQuoResult", "status_quo_paths"]


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
    n = conflict.n_dms
    out_edges: dict[int, list[tuple[int, int]]] = {}
    for i in range(n):
        src, dst = conflict.improvements(i)
        for a, b in zip(src.tolist(), dst.tolist()):
            out_edges.setdefault(a, []).append((i, b))
    paths = {s0: ()}
    seen = {(s0, -1)}
    queue = deque([(s0, -1, ())])
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
