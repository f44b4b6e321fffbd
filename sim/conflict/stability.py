"""Stability of every state for every decision maker: Nash (R), GMR, SMR, SEQ.

Definitions (Fang, Hipel & Kilgour 1993, *Interactive Decision Making*, ch. 3; Xu, Hipel,
Kilgour & Fang 2018, ch. 4).  For a focal decision maker ``i`` at state ``s``, a *unilateral
improvement* (UI) is a move of ``i`` to a state ``i`` strictly prefers.  ``H`` is everyone else.

* **Nash (R)**: ``i`` has no UI from ``s``.
* **GMR**: every UI ``s1`` of ``i`` can be sanctioned: the opponents can reach from ``s1`` some
  ``s2`` that ``i`` does not prefer to ``s`` (``s2`` ⪯ ``s``).
* **SMR**: as GMR, and from that ``s2`` every move of ``i`` still ends at a state ⪯ ``s``.
* **SEQ**: as GMR, but the opponents may only use moves that are unilateral improvements for
  the opponent making them (credible sanctions).

*How opponents reach ``s2``* matters with 3 or more decision makers.  ``convention``:

* ``"sequence"`` (default, the textbook definition): any legal sequence of unilateral moves by
  members of ``H``, with no decision maker moving twice in a row.
* ``"unrestricted"``: any sequence of moves by members of ``H``, the same one may move again.
* ``"single"``: a single unilateral move by one opponent (what some tools compute).

With 2 decision makers all three coincide.  Every result records the convention it used.

Engine: nothing here enumerates reachable *sets*.  Each concept only needs, for every state
``x``, the smallest preference value (for ``i``) that the opponents can reach from ``x`` — a
min-propagation over the move edges, iterated to a fixed point over (state, last mover) pairs,
vectorised with numpy.  Cost grows with the number of edges, not with ``k**2``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import Conflict

__all__ = [
    "CONCEPTS",
    "CONCEPT_NAMES",
    "CONVENTIONS",
    "Stability",
    "analyse_stability",
    "opponent_min_reach",
]

CONCEPTS = ("nash", "gmr", "smr", "seq")
CONCEPT_NAMES = {
    "nash": "Nash (R)",
    "gmr": "GMR",
    "smr": "SMR",
    "seq": "SEQ",
}
CONVENTIONS = {
    "sequence": "opponents sanction by any legal sequence of unilateral moves, no decision "
                "maker moving twice in a row (textbook definition)",
    "unrestricted": "opponents sanction by any sequence of unilateral moves, the same one may "
                    "move twice in a row",
    "single": "opponents sanction by one unilateral move of one opponent",
}
_INF = np.iinfo(np.int64).max // 4


def _ro(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a)
    a.setflags(write=False)
    return a


class _Edges:
    """Edges sorted by source, ready for ``np.minimum.reduceat``."""

    def __init__(self, src: np.ndarray, dst: np.ndarray, k: int):
        order = np.argsort(src, kind="stable")
        self.src = np.asarray(src)[order]
        self.dst = np.asarray(dst)[order]
        self.k = k
        if self.src.size:
            self.heads, self.starts = np.unique(self.src, return_index=True)
        else:
            self.heads = self.starts = np.zeros(0, dtype=np.int64)

    def min_over_targets(self, value: np.ndarray) -> np.ndarray:
        """``out[x] = min(value[y] for edges x -> y)``, ``_INF`` where ``x`` has no edge."""
        out = np.full(self.k, _INF, dtype=np.int64)
        if self.src.size:
            out[self.heads] = np.minimum.reduceat(value[self.dst], self.starts)
        return out

    def max_over_targets(self, value: np.ndarray, empty: int) -> np.ndarray:
        out = np.full(self.k, empty, dtype=np.int64)
        if self.src.size:
            out[self.heads] = np.maximum.reduceat(value[self.dst], self.starts)
        return out


def opponent_min_reach(edges: list[_Edges], value: np.ndarray, convention: str) -> np.ndarray:
    """For every state ``x``: the least ``value`` over states the opponents can reach from ``x``
    (by at least one move), under ``convention``; ``_INF`` where they cannot move at all."""
    k = value.shape[0]
    if not edges:
        return np.full(k, _INF, dtype=np.int64)
    if convention == "single":
        out = np.full(k, _INF, dtype=np.int64)
        for e in edges:
            out = np.minimum(out, e.min_over_targets(value))
        return out
    if convention == "unrestricted":
        f = np.full(k, _INF, dtype=np.int64)
        while True:
            g = np.minimum(value, f)
            new = f.copy()
            for e in edges:
                new = np.minimum(new, e.min_over_targets(g))
            if np.array_equal(new, f):
                return f
            f = new
    if convention != "sequence":
        raise ValueError(f"unknown convention {convention!r}; use one of {', '.join(CONVENTIONS)}")
    # f[j][x]: least value reachable from x by a legal sequence whose first move is by j
    n = len(edges)
    f = [np.full(k, _INF, dtype=np.int64) for _ in range(n)]
    while True:
        changed = False
        for j, e in enumerate(edges):
            others = value
            for m in range(n):
                if m != j:
                    others = np.minimum(others, f[m])
            new = np.minimum(f[j], e.min_over_targets(others))
            if not np.array_equal(new, f[j]):
                f[j] = new
                changed = True
        if not changed:
            break
    out = f[0]
    for j in range(1, n):
        out = np.minimum(out, f[j])
    return out


@dataclass(frozen=True, eq=False)
class Stability:
    """``stable[concept]``: ``(n_dms, k)`` read-only bool; ``convention`` says how opponents'
    sanctions were counted."""

    concepts: tuple[str, ...]
    stable: dict
    convention: str

    def equilibria(self, concept: str) -> np.ndarray:
        """0-based states stable for every decision maker under ``concept``."""
        return np.flatnonzero(self.stable[concept].all(axis=0))


def analyse_stability(conflict: Conflict, concepts=CONCEPTS, convention: str = "sequence"
                      ) -> Stability:
    """Stability of all states for all decision makers under each concept."""
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown convention {convention!r}; use one of {', '.join(CONVENTIONS)}")
    unknown = [c for c in concepts if c not in CONCEPTS]
    if unknown:
        raise ValueError(f"unknown concept(s) {unknown}; use {', '.join(CONCEPTS)}")
    k, n = conflict.n_states, conflict.n_dms
    pref = conflict.preference
    moves = [_Edges(s, d, k) for s, d in conflict.moves]
    ui_pairs = [conflict.improvements(i) for i in range(n)]
    uis = [_Edges(s, d, k) for s, d in ui_pairs]
    out = {c: np.ones((n, k), dtype=bool) for c in concepts}
    for i in range(n):
        p = pref[i]
        src, dst = ui_pairs[i]
        if "nash" in concepts:
            out["nash"][i, np.unique(src)] = False
        if src.size == 0:
            continue
        others = [j for j in range(n) if j != i]
        for c in concepts:
            if c == "nash":
                continue
            if c == "gmr":
                reach = opponent_min_reach([moves[j] for j in others], p, convention)
            elif c == "smr":
                escape = moves[i].max_over_targets(p, empty=-1)
                reach = opponent_min_reach([moves[j] for j in others], np.maximum(p, escape),
                                           convention)
            else:  # seq
                reach = opponent_min_reach([uis[j] for j in others], p, convention)
            unsanctioned = reach[dst] > p[src]
            out[c][i, np.unique(src[unsanctioned])] = False
    return Stability(tuple(concepts), {c: _ro(v) for c, v in out.items()}, convention)
