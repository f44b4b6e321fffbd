"""Preferences of a decision maker over states.

Two ways to say them (``docs/conflict.md``):

* **Option prioritization** (Fang, Hipel, Kilgour & Peng 2003): statements about options, most
  important first.  A state is preferred to another when it satisfies the more important of the
  statements on which they differ: its score is ``sum(2**(L-1-j))`` over the statements ``j`` it
  satisfies (``L`` statements).  Equal scores are ties.
* **An explicit ranking** of state numbers, most preferred first; a nested list is a tie.

Either way the result is an integer vector over states, larger = more preferred (dense ranks:
the least preferred states get 0).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .conditions import Condition

__all__ = ["dense_ranks", "ranking_to_preference", "statements_to_preference"]


def dense_ranks(score: np.ndarray) -> np.ndarray:
    """0 for the lowest score, then 1, 2, ...; equal scores share a rank."""
    _, inv = np.unique(np.asarray(score), return_inverse=True)
    return inv.astype(np.int64).reshape(np.shape(score))


def statements_to_preference(statements: Sequence[Condition], bits: np.ndarray) -> np.ndarray:
    """Scores of states (rows of ``bits``) under prioritized statements, as dense ranks."""
    n = bits.shape[0]
    score = np.zeros(n, dtype=object if len(statements) > 62 else np.int64)
    L = len(statements)
    for j, st in enumerate(statements):
        w = 1 << (L - 1 - j)
        score = score + st(bits).astype(np.int64 if L <= 62 else object) * w
    return dense_ranks(np.asarray(score, dtype=np.int64) if L <= 62 else score)


def ranking_to_preference(groups: Sequence[Sequence[int]], k: int) -> np.ndarray:
    """``[[3], [1, 2], [4]]`` (0-based states, most preferred group first) -> preference vector.

    Every state must appear exactly once (the loader checks and reports this with locations).
    """
    pref = np.full(k, -1, dtype=np.int64)
    for g, group in enumerate(groups):
        for s in group:
            pref[s] = len(groups) - 1 - g
    if (pref < 0).any():
        raise ValueError("ranking misses states")
    return pref
