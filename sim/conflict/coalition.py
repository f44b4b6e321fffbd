"""Coalitions: joint moves and coalition (Nash) stability.

Following Kilgour, Hipel, Fang & Peng (2001), "Coalition analysis in group decision support",
*Group Decision and Negotiation* 10:159-175: a coalition ``C`` reaches from ``s`` every state
of a legal sequence of unilateral moves by its members (no member moving twice in a row; the
``convention`` setting changes this exactly as for sanctions).  A *coalition improvement* is a
reachable state that every member strictly prefers to ``s``.  A state is *coalition stable* for
a decision maker when no coalition containing it (itself alone included) has an improvement,
and a *coalition equilibrium* when that holds for everyone.

Reachable sets are needed here (not only the best value), so this works on dense ``k x k``
boolean matrices and is meant for teaching-sized models (``k <= MAX_STATES``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from .model import Conflict

__all__ = [
    "MAX_STATES",
    "CoalitionResult",
    "coalition_analysis",
    "coalition_reach",
    "reach_matrix",
]

MAX_STATES = 600


def coalition_reach(conflict: Conflict, members, convention: str = "sequence") -> np.ndarray:
    """``(k, k)`` bool: ``R[s, t]`` when coalition ``members`` can move from ``s`` to ``t``."""
    k = conflict.n_states
    mats = []
    for i in members:
        src, dst = conflict.moves[i]
        m = np.zeros((k, k), dtype=bool)
        m[src, dst] = True
        mats.append(m)
    return reach_matrix(mats, convention, k)


def reach_matrix(mats, convention: str = "sequence", k: int | None = None) -> np.ndarray:
    """``(k, k)`` bool: the states reachable (by at least one move) by movers whose one-step
    moves are the ``(k, k)`` bool matrices ``mats``, under ``convention`` (``sequence``: no
    mover twice in a row; ``unrestricted``: any sequence; ``single``: one move of one mover).
    No movers: nothing is reachable."""
    from scipy import sparse

    if not mats:
        return np.zeros((k or 0, k or 0), dtype=bool)
    k = mats[0].shape[0]
    # moves are sparse: dense (k x k) @ sparse costs k * edges, not k**3
    sp = [sparse.csr_matrix(np.asarray(m, dtype=np.float32)) for m in mats]
    if convention == "single":
        out = np.zeros((k, k), dtype=bool)
        for m in mats:
            out |= np.asarray(m, dtype=bool)
        return out
    if convention == "unrestricted" or len(sp) == 1:
        union_sp = sp[0]
        for m in sp[1:]:
            union_sp = union_sp + m
        union = union_sp.toarray() > 0
        if len(sp) == 1 and convention != "unrestricted":
            # one mover alone cannot move twice in a row
            return union
        r = union.copy()
        while True:
            new = r | (np.asarray(r.astype(np.float32) @ union_sp) > 0)
            if np.array_equal(new, r):
                return r
            r = new
    # last-mover reachability: R[j] = states reachable by a legal sequence ending with j
    R = [np.asarray(m, dtype=bool).copy() for m in mats]
    while True:
        changed = False
        for j, m in enumerate(sp):
            prev = np.zeros((k, k), dtype=bool)
            for l2, r in enumerate(R):
                if l2 != j:
                    prev |= r
            new = R[j] | (np.asarray(prev.astype(np.float32) @ m) > 0)
            if not np.array_equal(new, R[j]):
                R[j] = new
                changed = True
        if not changed:
            break
    out = np.zeros((k, k), dtype=bool)
    for r in R:
        out |= r
    return out


@dataclass(frozen=True, eq=False)
class CoalitionResult:
    """``improvements``: coalition (tuple of DM indices) -> list of (from state, to state),
    0-based; ``stable``: ``(n, k)`` bool coalition stability per DM; ``equilibria``: 0-based."""

    improvements: dict
    stable: np.ndarray
    equilibria: tuple[int, ...]
    convention: str


def coalition_analysis(
    conflict: Conflict, convention: str = "sequence", max_size: int | None = None, deadline=None
) -> CoalitionResult:
    """Coalition improvements and stability (see the module docstring).  ``deadline`` is
    checked before each coalition; past it :class:`~sim.solvers.registry.SolverTimeout`."""
    n, k = conflict.n_dms, conflict.n_states
    if k > MAX_STATES:
        raise ValueError(
            f"coalition analysis works on dense k x k matrices; {k} states is "
            f"more than {MAX_STATES}"
        )
    pref = conflict.preference
    stable = np.ones((n, k), dtype=bool)
    improvements: dict = {}
    top = n if max_size is None else min(max_size, n)
    for i in range(n):  # a coalition of one improves exactly by its unilateral improvements
        src, dst = conflict.improvements(i)
        if src.size:
            improvements[(i,)] = sorted({(int(a), int(b)) for a, b in zip(src, dst)})
            stable[i, np.unique(src)] = False
    for size in range(2, top + 1):
        for coal in itertools.combinations(range(n), size):
            if deadline is not None:
                deadline.check()
            reach = coalition_reach(conflict, coal, convention)
            better = np.ones((k, k), dtype=bool)
            for i in coal:
                better &= pref[i][None, :] > pref[i][:, None]
            hit = reach & better
            rows = np.flatnonzero(hit.any(axis=1))
            if rows.size:
                improvements[coal] = [
                    (int(s), int(t)) for s in rows for t in np.flatnonzero(hit[s])
                ]
                for i in coal:
                    stable[i, rows] = False
    stable.setflags(write=False)
    eq = tuple(int(s) for s in np.flatnonzero(stable.all(axis=0)))
    return CoalitionResult(improvements, stable, eq, convention)
