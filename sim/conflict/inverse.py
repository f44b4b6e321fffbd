"""Inverse analysis: which rankings of one decision maker make a desired state an equilibrium?

For a desired state ``e`` and a decision maker ``i`` (the others' preferences kept as given),
:func:`inverse_counts` counts, for each concept, how many of the ``k!`` strict rankings of the
states by ``i`` make ``e`` an equilibrium (stable for every decision maker).  This follows the
idea of inverse GMCR (Kinsara, Kilgour & Hipel 2015, "Inverse approach to the graph model for
conflict resolution", IEEE Trans. SMC: Systems 45(5)): instead of asking what is stable, ask
what preferences would make it so.

Rankings are enumerated as one ``(k!, k)`` array (``k <= MAX_STATES``).  Ties are not counted
(strict rankings only).  Two facts keep the engine runs few, for every concept:

* whether ``e`` is stable *for i* depends on i's ranking only through which states i prefers
  to ``e`` (every test compares a state with ``e``), at most ``2^(k-1)`` patterns;
* whether ``e`` is stable for *another* decision maker depends on i's ranking only through
  i's unilateral improvements (sanctions under SEQ, simultaneous moves under SIM; Nash, GMR and
  SMR do not depend on it at all).

So the rankings are grouped by those two signatures, the engine runs once per distinct
signature on a representative ranking, and a ranking counts when both of its groups are stable.
The brute-force test in ``tests/test_conflict_engine.py`` checks this against one engine run per
ranking.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .model import Conflict
from .stability import CONCEPTS, analyse_stability

__all__ = ["MAX_STATES", "InverseResult", "inverse_counts"]

MAX_STATES = 9


@dataclass(frozen=True)
class InverseResult:
    dm: int
    state: int
    total: int
    counts: dict  # concept -> number of rankings (None when not computed)
    convention: str
    example: dict  # concept -> one ranking (state numbers, most preferred first) or None


def _rankings(k: int) -> np.ndarray:
    """Every strict ranking of ``k`` states as a ``(k!, k)`` int8 array of values (higher =
    preferred), built by inserting one state at a time (no Python tuple per ranking)."""
    perms = np.zeros((1, 1), dtype=np.int8)
    for m in range(1, k):
        parts = [
            np.concatenate(
                [perms[:, :pos], np.full((len(perms), 1), m, np.int8), perms[:, pos:]], axis=1
            )
            for pos in range(m + 1)
        ]
        perms = np.concatenate(parts, axis=0)
    return perms


def _groups(bits: np.ndarray):
    """Rows of a boolean matrix grouped: (index of one row per group, group of every row)."""
    if bits.shape[1] == 0:
        return np.zeros(1, dtype=np.int64), np.zeros(len(bits), dtype=np.int64)
    packed = np.packbits(bits, axis=1)
    _, first, inverse = np.unique(packed, axis=0, return_index=True, return_inverse=True)
    return first, inverse.reshape(-1)


def inverse_counts(
    conflict: Conflict,
    dm: int,
    state: int,
    concepts=CONCEPTS,
    convention: str = "sequence",
    simultaneous: str = "one",
) -> InverseResult:
    k, n = conflict.n_states, conflict.n_dms
    if k > MAX_STATES:
        raise ValueError(
            f"inverse analysis enumerates all {k}! rankings; at most "
            f"{MAX_STATES} states are supported"
        )
    i, e = dm, state
    concepts = tuple(concepts)
    others = [j for j in range(n) if j != i]
    perms = _rankings(k)
    src, dst = conflict.moves[i]
    own_first, own_group = _groups(perms > perms[:, e : e + 1])
    ui_first, ui_group = _groups(perms[:, dst] > perms[:, src])

    def stable_with(ranking, who):
        pref = np.array(conflict.preference, copy=True)
        pref[i] = ranking
        st = analyse_stability(
            conflict.with_preference(pref), concepts, convention, simultaneous
        ).stable
        return {c: bool(st[c][who, e].all()) for c in concepts}

    own = [stable_with(perms[a], [i]) for a in own_first]
    rest = [stable_with(perms[a], others) for a in ui_first] if others else None
    counts: dict = {}
    example: dict = {}
    for c in concepts:
        good = np.array([g[c] for g in own])[own_group]
        if rest is not None:
            good &= np.array([g[c] for g in rest])[ui_group]
        counts[c] = int(good.sum())
        if good.any():
            ranking = perms[int(np.flatnonzero(good)[0])]
            example[c] = [int(s) + 1 for s in np.argsort(-ranking, kind="stable")]
        else:
            example[c] = None
    return InverseResult(i, e, math.factorial(k), counts, convention, example)
