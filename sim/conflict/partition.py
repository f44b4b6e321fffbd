"""Stability when decision makers act in coalitions: a partition of the decision makers into
blocks, each block moving and judging as one.

This is the coalition analysis of the GMCR+ program of Hipel's group (Petersons 2013,
github.com/onp/gmcr-py, ``data_02_conflictSolvers.py``: ``RMGenerator(useCoalitions=True)`` and
``LogicalSolver.nash/gmr/smr/seq``), restated here for negsim's engine and conventions.  The
analyst names the coalitions; every decision maker not named acts alone.  For a block ``C``:

* a *joint move* of ``C`` from ``s`` changes any of its members' options at once (one step),
  with the same feasibility and irreversibility rules as a single decision maker's move;
* a *joint improvement* is a joint move to a state **every** member strictly prefers to ``s``;
* a state ``x`` *sanctions* ``C``'s move away from ``s`` when it is **not** a state every member
  strictly prefers to ``s`` (some member is no better off).

The stability concepts then read as for one decision maker, the other blocks being the
opponents (their reach follows ``convention``, as in :mod:`sim.conflict.stability`; GMCR+ counts
one move of one opposing block, the ``single`` convention):

* **Nash**: ``C`` has no joint improvement from ``s``;
* **GMR**: the other blocks can answer every joint improvement ``s1`` by reaching a state that
  sanctions it;
* **SMR**: as GMR, and from that state no joint move of ``C`` reaches a state every member
  strictly prefers to ``s``;
* **SEQ**: as GMR, the other blocks moving only by their own joint improvements.

With every decision maker alone these are the ordinary Nash, GMR, SMR and SEQ (checked in
``tests/test_conflict_partition.py``).  A state is an equilibrium of the partition when it is
stable for every block.  SIM is not defined here.

Dense ``k x k`` boolean matrices, as for :mod:`sim.conflict.coalition` (``k <= MAX_STATES``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..scenario.errors import Location, ScenarioError, did_you_mean
from .coalition import MAX_STATES, reach_matrix
from .model import Conflict
from .stability import CONCEPT_NAMES, CONVENTIONS, code_lookup

__all__ = [
    "PARTITION_CONCEPTS",
    "Partition",
    "joint_moves",
    "parse_partition",
    "partition_blocks",
    "partition_stability",
    "text_lines",
]

PARTITION_CONCEPTS = ("nash", "gmr", "smr", "seq")


def parse_partition(text: str) -> tuple[tuple[str, ...], ...]:
    """``"MoE+UR"`` or ``"A+B,C+D"`` → ``(("MoE", "UR"),)``: the coalitions, by decision maker
    id (checked against a conflict by :func:`partition_blocks`)."""
    blocks = []
    for part in str(text).split(","):
        ids = tuple(x.strip() for x in part.split("+") if x.strip())
        if not ids:
            continue
        blocks.append(ids)
    if not blocks:
        raise ScenarioError(
            f"--partition {text!r}: name coalitions as DM+DM, several separated by commas "
            "(e.g. MoE+UR); decision makers not named act alone",
            Location("--partition"),
        )
    return tuple(blocks)


def partition_blocks(conflict: Conflict, coalitions) -> tuple[tuple[int, ...], ...]:
    """The blocks (DM indices, in decision-maker order) of ``coalitions`` (ids), every
    decision maker not named alone; located errors for unknown or repeated ids."""
    ids = [d.id for d in conflict.dms]
    seen: dict[str, int] = {}
    blocks: list[tuple[int, ...]] = []
    for b, names in enumerate(coalitions):
        members = []
        for name in names:
            if name not in ids:
                raise ScenarioError(
                    f"--partition: unknown decision maker {name!r}{did_you_mean(name, ids)}",
                    Location("--partition"),
                )
            if name in seen:
                raise ScenarioError(
                    f"--partition: {name} is named twice; each decision maker belongs to one "
                    "coalition",
                    Location("--partition"),
                )
            seen[name] = b
            members.append(ids.index(name))
        blocks.append(tuple(sorted(members)))
    blocks.extend((i,) for i, d in enumerate(ids) if d not in seen)
    return tuple(sorted(blocks))


def joint_moves(conflict: Conflict, members) -> np.ndarray:
    """``(k, k)`` bool: the one-step joint moves of ``members`` (every nonempty change of their
    options whose result is a feasible state; irreversible options one way only).  A merged
    state counts every combination of its pattern (``-`` options free), as for SIM."""
    k = conflict.n_states
    lookup = code_lookup(conflict)
    full = np.flatnonzero(lookup >= 0).astype(np.int64)
    opts = [o for i in members for o in conflict.dms[i].options]
    dmask = 0
    for o in opts:
        dmask |= 1 << o
    out = np.zeros((k, k), dtype=bool)
    sub = dmask
    while sub:
        tgt = full ^ sub
        ok = lookup[tgt] >= 0
        for o in opts:
            if not (sub >> o) & 1:
                continue
            if conflict.options[o].irreversible == "taken":
                ok &= ((full >> o) & 1) == 0
            elif conflict.options[o].irreversible == "dropped":
                ok &= ((full >> o) & 1) == 1
        out[lookup[full[ok]], lookup[tgt[ok]]] = True
        sub = (sub - 1) & dmask
    np.fill_diagonal(out, False)
    return out


@dataclass(frozen=True, eq=False)
class Partition:
    """``blocks``: tuples of DM indices; ``stable[concept]``: ``(len(blocks), k)`` bool, stable
    for each block; ``convention``: how the other blocks' answers were counted."""

    blocks: tuple[tuple[int, ...], ...]
    concepts: tuple[str, ...]
    stable: dict
    convention: str

    def equilibria(self, concept: str) -> np.ndarray:
        return np.flatnonzero(self.stable[concept].all(axis=0))

    def names(self, conflict: Conflict) -> list[str]:
        return [_block_name(conflict, b) for b in self.blocks]

    def to_dict(self, conflict: Conflict) -> dict[str, Any]:
        names = self.names(conflict)
        return {
            "blocks": [[conflict.dms[i].id for i in b] for b in self.blocks],
            "convention": self.convention,
            "equilibria": {c: [int(s) + 1 for s in self.equilibria(c)] for c in self.concepts},
            "stable_states": {
                c: {
                    names[b]: [int(s) + 1 for s in np.flatnonzero(self.stable[c][b])]
                    for b in range(len(self.blocks))
                }
                for c in self.concepts
            },
        }


def _block_name(conflict: Conflict, block) -> str:
    ids = [conflict.dms[i].id for i in block]
    return ids[0] if len(ids) == 1 else "{" + ", ".join(ids) + "}"


def partition_stability(
    conflict: Conflict,
    coalitions,
    concepts=PARTITION_CONCEPTS,
    convention: str = "sequence",
    deadline: Any = None,
) -> Partition:
    """Nash, GMR, SMR and SEQ stability of every state for every block (see the module
    docstring).  ``coalitions``: blocks of DM ids or of DM indices; ``deadline`` is checked
    before each block."""
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown convention {convention!r}; use one of {', '.join(CONVENTIONS)}")
    k = conflict.n_states
    if k > MAX_STATES:
        raise ValueError(
            f"coalition stability works on dense k x k matrices; {k} states is more than "
            f"{MAX_STATES}"
        )
    if all(isinstance(x, (int, np.integer)) for b in coalitions for x in b):
        named = {int(i) for b in coalitions for i in b}
        blocks = tuple(
            sorted([tuple(sorted(int(i) for i in b)) for b in coalitions])
            + [(i,) for i in range(conflict.n_dms) if i not in named]
        )
        blocks = tuple(sorted(blocks))
    else:
        blocks = partition_blocks(conflict, coalitions)
    concepts = tuple(c for c in PARTITION_CONCEPTS if c in set(concepts))
    pref = conflict.preference
    moves = [joint_moves(conflict, b) for b in blocks]
    better = []  # better[b][s, x]: every member of block b strictly prefers x to s
    for b in blocks:
        m = np.ones((k, k), dtype=bool)
        for i in b:
            m &= pref[i][None, :] > pref[i][:, None]
        better.append(m)
    uis = [mv & bt for mv, bt in zip(moves, better)]
    stable = {c: np.ones((len(blocks), k), dtype=bool) for c in concepts}
    for b in range(len(blocks)):
        if deadline is not None:
            deadline.check()
        movers = uis[b].any(axis=1)
        if "nash" in stable:
            stable["nash"][b] = ~movers
        if not movers.any():
            continue
        others = [x for x in range(len(blocks)) if x != b]
        not_better = ~better[b]
        wants = {}
        if "gmr" in stable:
            wants["gmr"] = (reach_matrix([moves[x] for x in others], convention, k), not_better)
        if "smr" in stable:
            escape = better[b] | (
                (better[b].astype(np.float32) @ moves[b].T.astype(np.float32)) > 0
            )
            wants["smr"] = (reach_matrix([moves[x] for x in others], convention, k), ~escape)
        if "seq" in stable:
            wants["seq"] = (reach_matrix([uis[x] for x in others], convention, k), not_better)
        src, dst = np.nonzero(uis[b])
        for c, (reach, ok) in wants.items():
            # sanctioned[e]: from the improvement's target the others reach a state ok for s
            sanctioned = (reach[dst] & ok[src]).any(axis=1)
            stable[c][b, np.unique(src[~sanctioned])] = False
    for arr in stable.values():
        arr.setflags(write=False)
    return Partition(blocks, concepts, stable, convention)


def text_lines(conflict: Conflict, part: Partition) -> list[str]:
    """The report's lines: the blocks and the equilibria of the partition under each
    concept."""
    names = part.names(conflict)
    out = [
        "Coalitions acting as one (joint moves; a joint improvement must be preferred by every "
        "member; another block sanctions it by reaching a state some member does not prefer): "
        + ", ".join(names)
        + f" (convention '{part.convention}').",
    ]
    for c in part.concepts:
        eq = part.equilibria(c)
        text = ", ".join(conflict.describe(int(s)) for s in eq) or "none"
        out.append(f"  {CONCEPT_NAMES[c]:<9} {text}")
    return out
