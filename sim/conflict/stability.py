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

Simultaneous sanctioning (Fraser & Hipel 1979, 1984; Fang, Hipel & Kilgour 1993, ch. 3, where
the combined move is written ``s1 ⊕ s2``; the GMCR+ program of Hipel's group, Petersons 2013,
computes it the same way):

* **Simultaneous outcome** of a move ``s -> s1`` of ``i`` and a move ``s -> s2`` of an opponent
  ``j``, both made from ``s`` at the same time: the state whose options of ``i`` are those of
  ``s1``, whose options of ``j`` are those of ``s2``, and whose other options are those of
  ``s``.  It exists only when that combination is a feasible state (for a merged state: the
  combination matches its pattern, ``-`` options free).
* **SIM**: every UI ``s1`` of ``i`` from ``s`` is sanctioned by some opponent ``j``'s UI
  ``s2`` *from s* whose simultaneous outcome with ``s1`` exists and is not preferred by ``i``
  to ``s``.  One opponent moves with ``i`` (the two-DM definition applied to each opponent);
  simultaneous moves of several opponents at once are not considered, and ``convention`` does
  not apply.
* **SEQ&SIM**: stable when SEQ stable or SIM stable (as GMCR+ computes it: a state is SEQ&SIM
  unstable only when it is unstable under both).

Without merged states ``Nash ⊆ SIM ⊆ GMR`` (a simultaneous outcome differs from ``s1`` only
in ``j``'s options, so it is one legal move of ``j`` from ``s1``) and ``SEQ ∪ SIM = SEQ&SIM ⊆
GMR``.  SIM is not comparable with SEQ or SMR.

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
    "code_lookup",
    "opponent_min_reach",
    "sim_sanctioned",
]

CONCEPTS = ("nash", "gmr", "smr", "seq", "sim", "seqsim")
CONCEPT_NAMES = {
    "nash": "Nash (R)",
    "gmr": "GMR",
    "smr": "SMR",
    "seq": "SEQ",
    "sim": "SIM",
    "seqsim": "SEQ&SIM",
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


def code_lookup(conflict: Conflict) -> np.ndarray:
    """``lookup[code]``: the state (0-based) an option combination belongs to, ``-1`` if none.
    A merged state claims every combination matching its pattern (``-`` options free)."""
    m = conflict.n_options
    lookup = np.full(1 << m, -1, dtype=np.int64)
    lookup[np.asarray(conflict.codes, dtype=np.int64)] = np.arange(conflict.n_states)
    for s in np.flatnonzero(conflict.wildcard.any(axis=1)):
        wmask = int(sum(1 << int(o) for o in np.flatnonzero(conflict.wildcard[s])))
        base = int(conflict.codes[s]) & ~wmask
        sub = wmask
        while True:
            if lookup[base | sub] < 0:
                lookup[base | sub] = s
            if sub == 0:
                break
            sub = (sub - 1) & wmask
    return lookup


def _dm_mask(conflict: Conflict, j: int) -> int:
    return int(sum(1 << int(o) for o in conflict.dms[j].options))


def sim_sanctioned(conflict: Conflict, i: int, ui_pairs, lookup: np.ndarray) -> np.ndarray:
    """For each UI edge ``(s, s1)`` of ``i`` (``ui_pairs[i]``): is it sanctioned by a
    simultaneous UI of one opponent from ``s``?  Vectorised join of the edge lists on ``s``."""
    src, dst = ui_pairs[i]
    out = np.zeros(src.shape[0], dtype=bool)
    if src.size == 0:
        return out
    codes = np.asarray(conflict.codes, dtype=np.int64)
    p = conflict.preference[i]
    mi = _dm_mask(conflict, i)
    for j in range(conflict.n_dms):
        if j == i:
            continue
        js, jd = ui_pairs[j]
        if js.size == 0:
            continue
        order = np.argsort(js, kind="stable")
        js, jd = js[order], jd[order]
        lo = np.searchsorted(js, src, "left")
        cnt = np.searchsorted(js, src, "right") - lo
        total = int(cnt.sum())
        if total == 0:
            continue
        e = np.repeat(np.arange(src.shape[0]), cnt)
        start = np.cumsum(cnt) - cnt
        idx = np.repeat(lo, cnt) + (np.arange(total) - np.repeat(start, cnt))
        mj = _dm_mask(conflict, j)
        combined = ((codes[dst[e]] & mi) | (codes[jd[idx]] & mj)
                    | (codes[src[e]] & ~(mi | mj)))
        t = lookup[combined]
        ok = t >= 0
        ok[ok] = p[t[ok]] <= p[src[e[ok]]]
        out |= np.bincount(e[ok], minlength=src.shape[0]) > 0
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
    want = set(concepts)
    if "seqsim" in want:
        want |= {"seq", "sim"}
    out = {c: np.ones((n, k), dtype=bool) for c in want}
    lookup = code_lookup(conflict) if "sim" in want else None
    for i in range(n):
        p = pref[i]
        src, dst = ui_pairs[i]
        if "nash" in concepts:
            out["nash"][i, np.unique(src)] = False
        if src.size == 0:
            continue
        others = [j for j in range(n) if j != i]
        for c in want:
            if c in ("nash", "seqsim"):
                continue
            if c == "sim":
                unsanctioned = ~sim_sanctioned(conflict, i, ui_pairs, lookup)
                out[c][i, np.unique(src[unsanctioned])] = False
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
    if "seqsim" in want:
        out["seqsim"] = out["seq"] | out["sim"]
    return Stability(tuple(concepts), {c: _ro(out[c]) for c in concepts}, convention)
