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
the combined move is written ``s1 ⊕ s2``).  The book's own text could not be consulted when
this was written; the reading below is the one the GMCR+ program of Hipel's group computes
(Petersons 2013, github.com/onp/gmcr-py, ``LogicalSolver.sim``), which our results match on
its Prisoner's Dilemma test data:

* **Simultaneous outcome** of a move ``s -> s1`` of ``i`` and a move ``s -> s2`` of an opponent
  ``j``, both made from ``s`` at the same time: the state whose options of ``i`` are those of
  ``s1``, whose options of ``j`` are those of ``s2``, and whose other options are those of
  ``s``.  It exists only when that combination is a feasible state (for a merged state: the
  combination matches its pattern, ``-`` options free).
* **SIM**: every UI ``s1`` of ``i`` from ``s`` is sanctioned by some opponent ``j``'s UI
  ``s2`` *from s* whose simultaneous outcome with ``s1`` exists and is not preferred by ``i``
  to ``s``.  ``simultaneous="one"`` (default, as GMCR+): one opponent moves with ``i`` (the
  two-DM definition applied to each opponent).  ``simultaneous="group"``: any nonempty group
  of opponents, each making one UI from ``s``, moves with ``i``; the outcome takes every
  mover's options from its own target (only the full combination has to be feasible).  With 2
  decision makers both coincide.  ``convention`` does not apply to SIM.
* **SEQ&SIM**: stable when SEQ stable or SIM stable (as GMCR+ computes it: a state is SEQ&SIM
  unstable only when it is unstable under both).

Without merged states ``Nash ⊆ SIM ⊆ GMR`` (a simultaneous outcome differs from ``s1`` only
in ``j``'s options, so it is one legal move of ``j`` from ``s1``) and ``SEQ ∪ SIM = SEQ&SIM ⊆
GMR``.  SIM(one) ⊆ SIM(group), but SIM(group) ⊆ GMR fails in general: the group's outcome
must be feasible, the states its movers would pass through one after the other need not be.
SIM is not comparable with SEQ or SMR.

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
    "SIMULTANEOUS",
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
SIMULTANEOUS = {
    "one": "SIM: one opponent's improvement, made at the same time, may sanction",
    "group": "SIM: any group of opponents, each making one improvement at the same time, "
    "may sanction",
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


def _join(src_rows: np.ndarray, js: np.ndarray):
    """Pair every row (by its source state ``src_rows``) with every edge of ``js`` (sorted)
    leaving the same state: returns (row index, edge index) arrays."""
    lo = np.searchsorted(js, src_rows, "left")
    cnt = np.searchsorted(js, src_rows, "right") - lo
    total = int(cnt.sum())
    rows = np.repeat(np.arange(src_rows.shape[0]), cnt)
    start = np.cumsum(cnt) - cnt
    idx = np.repeat(lo, cnt) + (np.arange(total) - np.repeat(start, cnt))
    return rows, idx


def _sim_group(conflict: Conflict, i: int, ui_pairs, lookup: np.ndarray) -> np.ndarray:
    """As :func:`sim_sanctioned` with ``simultaneous="group"``: any nonempty group of opponents,
    each making one UI from ``s``, moves at the same time as ``i``.  Rows (edge, combined code,
    someone moved) are expanded one opponent at a time (stay, or one of its UIs)."""
    src, dst = ui_pairs[i]
    codes = np.asarray(conflict.codes, dtype=np.int64)
    p = conflict.preference[i]
    mi = _dm_mask(conflict, i)
    out = np.zeros(src.shape[0], dtype=bool)
    chunk = 4096
    sorted_uis = {}
    for j in range(conflict.n_dms):
        if j != i and ui_pairs[j][0].size:
            order = np.argsort(ui_pairs[j][0], kind="stable")
            sorted_uis[j] = (ui_pairs[j][0][order], ui_pairs[j][1][order], _dm_mask(conflict, j))
    for a in range(0, src.shape[0], chunk):
        e = np.arange(a, min(a + chunk, src.shape[0]))
        code = (codes[dst[e]] & mi) | (codes[src[e]] & ~mi)
        moved = np.zeros(e.shape[0], dtype=bool)
        for js, jd, mj in sorted_uis.values():
            rows, idx = _join(src[e], js)
            if rows.size == 0:
                continue
            e = np.concatenate([e, e[rows]])
            code = np.concatenate([code, (code[rows] & ~mj) | (codes[jd[idx]] & mj)])
            moved = np.concatenate([moved, np.ones(rows.shape[0], dtype=bool)])
        t = lookup[code[moved]]
        ee = e[moved]
        ok = t >= 0
        ok[ok] = p[t[ok]] <= p[src[ee[ok]]]
        out[np.unique(ee[ok])] = True
    return out


def sim_sanctioned(
    conflict: Conflict, i: int, ui_pairs, lookup: np.ndarray, simultaneous: str = "one"
) -> np.ndarray:
    """For each UI edge ``(s, s1)`` of ``i`` (``ui_pairs[i]``): is it sanctioned by a
    simultaneous UI of one opponent from ``s`` (or of a group, ``simultaneous="group"``)?
    Vectorised join of the edge lists on ``s``."""
    src, dst = ui_pairs[i]
    out = np.zeros(src.shape[0], dtype=bool)
    if src.size == 0:
        return out
    if simultaneous == "group":
        return _sim_group(conflict, i, ui_pairs, lookup)
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
        combined = (codes[dst[e]] & mi) | (codes[jd[idx]] & mj) | (codes[src[e]] & ~(mi | mj))
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
    simultaneous: str = "one"

    def equilibria(self, concept: str) -> np.ndarray:
        """0-based states stable for every decision maker under ``concept``."""
        return np.flatnonzero(self.stable[concept].all(axis=0))


def analyse_stability(
    conflict: Conflict,
    concepts=CONCEPTS,
    convention: str = "sequence",
    simultaneous: str = "one",
    deadline=None,
) -> Stability:
    """Stability of all states for all decision makers under each concept.  ``simultaneous``
    (``"one"`` or ``"group"``, see :data:`SIMULTANEOUS`) only affects SIM and SEQ&SIM.
    ``deadline`` (a :class:`sim.solvers.registry.Deadline`) is checked before each decision
    maker and concept; past it :class:`~sim.solvers.registry.SolverTimeout` is raised."""
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown convention {convention!r}; use one of {', '.join(CONVENTIONS)}")
    if simultaneous not in SIMULTANEOUS:
        raise ValueError(
            f"unknown simultaneous setting {simultaneous!r}; use one of {', '.join(SIMULTANEOUS)}"
        )
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
            if deadline is not None:
                deadline.check()
            if c == "sim":
                unsanctioned = ~sim_sanctioned(conflict, i, ui_pairs, lookup, simultaneous)
                out[c][i, np.unique(src[unsanctioned])] = False
                continue
            if c == "gmr":
                reach = opponent_min_reach([moves[j] for j in others], p, convention)
            elif c == "smr":
                escape = moves[i].max_over_targets(p, empty=-1)
                reach = opponent_min_reach(
                    [moves[j] for j in others], np.maximum(p, escape), convention
                )
            else:  # seq
                reach = opponent_min_reach([uis[j] for j in others], p, convention)
            unsanctioned = reach[dst] > p[src]
            out[c][i, np.unique(src[unsanctioned])] = False
    if "seqsim" in want:
        out["seqsim"] = out["seq"] | out["sim"]
    return Stability(tuple(concepts), {c: _ro(out[c]) for c in concepts}, convention, simultaneous)
