"""Inverse analysis: which rankings of one decision maker make a desired state an equilibrium?

For a desired state ``e`` and a decision maker ``i`` (the others' preferences kept as given),
:func:`inverse_counts` counts, for each concept, how many of the ``k!`` strict rankings of the
states by ``i`` make ``e`` an equilibrium (stable for every decision maker).  This follows the
idea of inverse GMCR (Kinsara, Kilgour & Hipel 2015, "Inverse approach to the graph model for
conflict resolution", IEEE Trans. SMC: Systems 45(5)): instead of asking what is stable, ask
what preferences would make it so.

Rankings are enumerated as one ``(k!, k)`` integer array and checked vectorised, so this is
for small models (``k <= MAX_STATES``).  Ties are not counted (strict rankings only).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from .coalition import coalition_reach
from .model import Conflict
from .stability import CONCEPTS, analyse_stability

__all__ = ["MAX_STATES", "InverseResult", "inverse_counts"]

MAX_STATES = 8


@dataclass(frozen=True)
class InverseResult:
    dm: int
    state: int
    total: int
    counts: dict  # concept -> number of rankings (None when not computed)
    convention: str
    example: dict  # concept -> one ranking (state numbers, most preferred first) or None


def _reach_from(conflict: Conflict, members, edges_fn, convention) -> np.ndarray:
    from dataclasses import replace

    moves = list(conflict.moves)
    for i in members:
        moves[i] = edges_fn(i)
    c2 = replace(conflict, moves=tuple(moves))
    return coalition_reach(c2, members, convention)


def inverse_counts(conflict: Conflict, dm: int, state: int, concepts=CONCEPTS,
                   convention: str = "sequence", simultaneous: str = "one") -> InverseResult:
    k, n = conflict.n_states, conflict.n_dms
    if k > MAX_STATES:
        raise ValueError(f"inverse analysis enumerates all {k}! rankings; at most "
                         f"{MAX_STATES} states are supported")
    i, e = dm, state
    others = [j for j in range(n) if j != i]
    perms = np.array(list(itertools.permutations(range(k))), dtype=np.int64)  # P[:, s] = value
    Pe = perms[:, e]
    Mi = conflict.move_matrix(i)
    targets = np.flatnonzero(Mi[e])
    base = analyse_stability(conflict, concepts, convention)
    counts: dict = {}
    example: dict = {}
    RH = coalition_reach(conflict, others, convention) if others else np.zeros((k, k), bool)
    RH_ui = _reach_from(conflict, others, lambda j: conflict.improvements(j), convention)
    for c in concepts:
        if c in ("sim", "seqsim"):  # opponents' stability depends on i's ranking: try each one
            if len(perms) > 5040:
                counts[c], example[c] = None, None
                continue
            good = np.zeros(len(perms), dtype=bool)
            for a in range(len(perms)):
                pref = np.array(conflict.preference, copy=True)
                pref[i] = perms[a]
                st = analyse_stability(conflict.with_preference(pref), (c,), convention,
                                       simultaneous)
                good[a] = bool(st.stable[c][:, e].all())
            counts[c] = int(good.sum())
            example[c] = ([int(s) + 1 for s in np.argsort(-perms[int(np.flatnonzero(good)[0])],
                                                           kind="stable")]
                          if good.any() else None)
            continue
        own = np.ones(len(perms), dtype=bool)
        for t in targets:
            worse = perms[:, t] < Pe
            if c == "nash":
                own &= worse
                continue
            reach = RH_ui[t] if c == "seq" else RH[t]
            s2 = np.flatnonzero(reach)
            if s2.size == 0:
                own &= worse
                continue
            ok = perms[:, s2] <= Pe[:, None]
            if c == "smr":
                for a, y in enumerate(s2):
                    esc = np.flatnonzero(Mi[y])
                    if esc.size:
                        ok[:, a] &= (perms[:, esc] <= Pe[:, None]).all(axis=1)
            own &= worse | ok.any(axis=1)
        rest = all(base.stable[c][j, e] for j in others)
        if c != "seq" or not others:
            good = own if rest else np.zeros_like(own)
        elif n == 2:
            j = others[0]
            pj = conflict.preference[j]
            Mj = conflict.move_matrix(j)
            good = own.copy()
            for t in np.flatnonzero(Mj[e]):
                if pj[t] <= pj[e]:
                    continue  # not an improvement for j
                ys = np.flatnonzero(Mi[t] & (pj <= pj[e]))
                if ys.size == 0:
                    good &= False
                    continue
                good &= (perms[:, ys] > perms[:, t][:, None]).any(axis=1)
        else:
            if len(perms) > 5040:
                counts[c], example[c] = None, None
                continue
            good = own.copy()
            for a in np.flatnonzero(own):
                pref = np.array(conflict.preference, copy=True)
                pref[i] = perms[a]
                st = analyse_stability(conflict.with_preference(pref), (c,), convention)
                good[a] = bool(st.stable[c][:, e].all())
        counts[c] = int(good.sum())
        if good.any():
            p = perms[int(np.flatnonzero(good)[0])]
            example[c] = [int(s) + 1 for s in np.argsort(-p, kind="stable")]
        else:
            example[c] = None
    return InverseResult(i, e, math.factorial(k), counts, convention, example)
