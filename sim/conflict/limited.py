"""Limited-move stability ``L_h`` and non-myopic stability (NM) for two decision makers.

Following Kilgour, Hipel & Fang (1987), "The graph model for conflicts", *Automatica* 23:41-55,
and Fang, Hipel & Kilgour (1993), *Interactive Decision Making*, ch. 3: decision makers take
turns, each looking ``h`` moves ahead (its own and the other's replies).  For the decision maker
``i`` about to move at state ``s`` with ``h`` moves left, the *anticipated final state*
``G_h(s, i)`` is

* ``G_0(s, i) = s``;
* for ``h >= 1``: ``i`` considers each of its unilateral moves ``s -> t`` and what follows,
  ``G_{h-1}(t, j)`` with the other decision maker ``j`` to move.  If none of those ends at a
  state ``i`` strictly prefers to ``s``, ``i`` stays and ``G_h(s, i) = s``; otherwise ``i``
  makes the move whose anticipated end it likes best, and ``G_h(s, i)`` is that end.

A state is ``L_h`` stable for ``i`` when ``i`` stays (``G_h(s, i) = s``), and an ``L_h``
equilibrium when it is stable for both.  ``L_1`` is Nash stability.  **Non-myopic** stability is
the limit as ``h`` grows: ``G_h`` depends only on ``G_{h-1}``, so once two successive horizons
give the same function every larger one does too; the NM verdicts are those of that fixed point.
When the anticipated states cycle instead (no limit), NM is reported as undefined.

Ties: when several moves end at states ``i`` likes equally (different states of the same
rank), ``i`` takes the one with the lowest state number; the result says when a tie was broken
this way, since another choice could change the other decision maker's anticipation.

The definitions are for two decision makers; a conflict with more is refused with a message.
Each horizon is one pass over the move edges (vectorised), so a horizon of ``h`` costs ``h``
passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..scenario.errors import Location, ScenarioError
from .model import Conflict

__all__ = [
    "MAX_HORIZON",
    "LimitedMove",
    "anticipated",
    "limited_move",
    "parse_horizon",
]

#: the longest horizon computed (and the search bound for the non-myopic fixed point)
MAX_HORIZON = 10_000


@dataclass(frozen=True, eq=False)
class LimitedMove:
    """``stable``: ``(2, k)`` bool, stable for each decision maker; ``horizon``: the ``h``
    computed (for NM: the horizon at which the fixed point was reached, or ``None`` when the
    anticipations cycle); ``nm``: whether this is the non-myopic limit; ``final``: ``(2, k)``
    int, ``G_h(s, i)``; ``ties``: whether a tie between equally liked ends was broken."""

    horizon: int | None
    nm: bool
    stable: np.ndarray
    final: np.ndarray
    ties: bool

    def equilibria(self) -> np.ndarray:
        """0-based states stable for both decision makers."""
        return np.flatnonzero(self.stable.all(axis=0))

    @property
    def defined(self) -> bool:
        return not (self.nm and self.horizon is None)

    def to_dict(self, conflict: Conflict) -> dict[str, Any]:
        return {
            "concept": "nm" if self.nm else "lh",
            "horizon": self.horizon,
            "defined": self.defined,
            "ties_broken": self.ties,
            "equilibria": [int(s) + 1 for s in self.equilibria()] if self.defined else [],
            "stable": {
                d.id: [int(s) + 1 for s in np.flatnonzero(self.stable[i])]
                for i, d in enumerate(conflict.dms)
            },
            "anticipated": {
                d.id: [int(s) + 1 for s in self.final[i]] for i, d in enumerate(conflict.dms)
            },
        }


def parse_horizon(text: str | int) -> int | str:
    """``"3"`` → 3, ``"nm"`` → ``"nm"`` (the non-myopic limit); else a located error."""
    word = str(text).strip().lower()
    if word in ("nm", "non-myopic", "nonmyopic", "inf"):
        return "nm"
    try:
        h = int(word)
    except ValueError:
        h = 0
    if not 1 <= h <= MAX_HORIZON:
        raise ScenarioError(
            f"--limited-move {text!r}: give a horizon from 1 to {MAX_HORIZON:,} "
            "(moves looked ahead), or 'nm' for non-myopic stability",
            Location("--limited-move"),
        )
    return h


def _check(conflict: Conflict) -> None:
    if conflict.n_dms != 2:
        raise ScenarioError(
            "limited-move and non-myopic stability are defined for two decision makers "
            f"(Kilgour, Hipel & Fang 1987); this conflict has {conflict.n_dms}",
            Location("--limited-move"),
        )


def _step(conflict: Conflict, prev: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
    """One horizon more: ``G_h`` from ``G_{h-1}`` (``prev``, ``(2, k)``), the stays, and
    whether a tie was broken."""
    k = conflict.n_states
    pref = conflict.preference
    final = np.tile(np.arange(k), (2, 1))
    stays = np.ones((2, k), dtype=bool)
    tie = False
    for i in range(2):
        j = 1 - i
        src, dst = conflict.moves[i]
        if src.size == 0:
            continue
        end = prev[j][dst]
        gain = pref[i][end] > pref[i][src]
        if not gain.any():
            continue
        s, e = src[gain], end[gain]
        value = pref[i][e]
        # per source: the best value, then the lowest-numbered end among those of that value
        best = np.full(k, np.iinfo(np.int64).min, dtype=np.int64)
        np.maximum.at(best, s, value)
        top = value == best[s]
        s_top, e_top = s[top], e[top]
        choice = np.full(k, k, dtype=np.int64)
        np.minimum.at(choice, s_top, e_top)
        alt = np.full(k, -1, dtype=np.int64)
        np.maximum.at(alt, s_top, e_top)
        movers = np.flatnonzero(choice < k)
        tie = tie or bool(np.any(alt[movers] != choice[movers]))
        final[i, movers] = choice[movers]
        stays[i, movers] = False
    return final, stays, tie


def anticipated(conflict: Conflict, horizon: int) -> tuple[np.ndarray, np.ndarray, bool]:
    """``(G_h, stays, ties)`` for ``h = horizon`` (``stays[i, s]``: ``i`` does not move)."""
    _check(conflict)
    final = np.tile(np.arange(conflict.n_states), (2, 1))
    stays = np.ones((2, conflict.n_states), dtype=bool)
    ties = False
    for _ in range(horizon):
        final, stays, tie = _step(conflict, final)
        ties = ties or tie
    return final, stays, ties


def limited_move(conflict: Conflict, horizon: int | str, deadline: Any = None) -> LimitedMove:
    """``L_h`` stability for an integer ``horizon``, or the non-myopic limit for ``"nm"``.
    ``deadline`` (optional, with ``check()``) is consulted between horizons."""
    _check(conflict)
    k = conflict.n_states
    final = np.tile(np.arange(k), (2, 1))
    stays = np.ones((2, k), dtype=bool)
    ties = False
    if horizon != "nm":
        for _ in range(int(horizon)):
            if deadline is not None:
                deadline.check()
            final, stays, tie = _step(conflict, final)
            ties = ties or tie
        return LimitedMove(int(horizon), False, stays, final, ties)
    seen: dict[bytes, int] = {}
    for h in range(1, MAX_HORIZON + 1):
        if deadline is not None:
            deadline.check()
        new, stays, tie = _step(conflict, final)
        ties = ties or tie
        if np.array_equal(new, final):
            # G_h = G_{h-1}: every longer horizon gives the same anticipations and verdicts
            return LimitedMove(h, True, stays, new, ties)
        key = new.tobytes()
        if key in seen:
            break  # the anticipations cycle: no limit
        seen[key] = h
        final = new
    return LimitedMove(None, True, stays, final, ties)


def text_lines(conflict: Conflict, lm: LimitedMove) -> list[str]:
    """The report's lines: what was computed, the equilibria and each decision maker's stable
    states."""
    if lm.nm:
        head = "Non-myopic stability (limited-move stability as the horizon grows)"
        if not lm.defined:
            return [
                f"{head}: undefined here: the anticipated end states keep cycling as the "
                "horizon grows, so there is no limit."
            ]
        head += f": the verdicts settle from a horizon of {lm.horizon} moves on"
    else:
        head = (
            f"Limited-move stability L_{lm.horizon}: each decision maker looks {lm.horizon} "
            f"move{'s' if lm.horizon != 1 else ''} ahead (its own and the other's replies)"
        )
    eq = ", ".join(str(int(s) + 1) for s in lm.equilibria()) or "none"
    out = [head + ".", f"  equilibria (stable for both): {eq}"]
    for i, d in enumerate(conflict.dms):
        st = ", ".join(str(int(s) + 1) for s in np.flatnonzero(lm.stable[i])) or "none"
        out.append(f"  stable for {d.id}: {st}")
    if lm.ties:
        out.append(
            "  (a decision maker was indifferent between two end states; it was taken to pick "
            "the lower-numbered one)"
        )
    return out
