"""First-level hypergames: each decision maker analyses the conflict as it sees it.

Following Bennett (1977, 1980) and, in the graph model, Wang, Hipel & Fraser (1988), "Modeling
misperceptions in games", *Behavioral Science* 33:207-223 (also Fang, Hipel & Kilgour 1993,
*Interactive Decision Making*, ch. 8): decision maker ``i`` knows its own preferences but may
misperceive the others'.  Its *perceived game* is the conflict with the others' preferences
replaced by ``i``'s view of them.  Then:

* **what ``i`` expects**: the equilibria of its perceived game (stable for everyone as ``i``
  sees them), under each stability concept;
* **what ``i`` does**: ``i`` leaves a state exactly when the state is unstable *for ``i``* in its
  own perceived game (the sanctions it fears are those it believes the others would apply);
* **the hypergame equilibria**: states that every decision maker, acting on its own view, stays
  in: stable for ``i`` in ``i``'s perceived game, for every ``i``.  This is the outcome that
  actually holds, and it may be one nobody expected.

Only preferences are misperceived here (every decision maker sees the same options and states);
a view not given is the true preference.  The file key is ``perceptions`` (``docs/conflict.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..scenario.errors import Problems, did_you_mean
from ..scenario.yamlsrc import Map, Seq, expect
from .model import Conflict
from .stability import CONCEPT_NAMES, Stability, analyse_stability

__all__ = ["Hypergame", "hypergame_analysis", "parse_perceptions", "text_lines"]


@dataclass(frozen=True, eq=False)
class Hypergame:
    """``views[i]``: the stability of decision maker ``i``'s perceived game; ``perceived[i]``:
    its ``(n, k)`` preference matrix (row ``i`` its own; other rows as ``i`` sees them);
    ``misperceives[i]``: the decision makers whose preferences ``i`` sees differently."""

    concepts: tuple[str, ...]
    views: tuple[Stability, ...]
    perceived: tuple[np.ndarray, ...]
    misperceives: tuple[tuple[int, ...], ...]

    def acts_stable(self, concept: str) -> np.ndarray:
        """``(n, k)`` bool: state stable for ``i`` in ``i``'s own perceived game."""
        return np.stack([v.stable[concept][i] for i, v in enumerate(self.views)])

    def equilibria(self, concept: str) -> np.ndarray:
        """0-based states every decision maker stays in, each acting on its own view."""
        return np.flatnonzero(self.acts_stable(concept).all(axis=0))

    def expected(self, i: int, concept: str) -> np.ndarray:
        """0-based states ``i`` expects to be equilibria (those of its perceived game)."""
        return self.views[i].equilibria(concept)

    def to_dict(self, conflict: Conflict) -> dict[str, Any]:
        ids = [d.id for d in conflict.dms]
        return {
            "views": {
                ids[i]: {
                    "misperceives": [ids[j] for j in self.misperceives[i]],
                    "expects": {
                        c: [int(s) + 1 for s in self.expected(i, c)] for c in self.concepts
                    },
                    "perceived_rankings": {
                        ids[j]: conflict.with_preference(self.perceived[i]).ranking(j)
                        for j in self.misperceives[i]
                    },
                }
                for i in range(len(ids))
            },
            "equilibria": {c: [int(s) + 1 for s in self.equilibria(c)] for c in self.concepts},
        }


def parse_perceptions(
    node: Any, names: dict, conflict: Conflict, problems: Problems, parse_one: Any
) -> dict[tuple[int, int], np.ndarray]:
    """The ``perceptions`` map: ``{viewer: {viewed: preference spec}}`` → ``{(i, j): vector}``.
    ``parse_one(spec, label)`` turns one preference spec (``statements`` or ``ranking``, as under
    ``preferences``) into a vector, or ``None`` after recording problems."""
    ids = [d.id for d in conflict.dms]
    out: dict[tuple[int, int], np.ndarray] = {}
    top = expect(node, Map, "perceptions")
    for key, val in top.items():
        viewer = key.value
        if viewer not in names:
            problems.add(
                key.loc,
                f"perceptions of unknown decision maker '{viewer}'{did_you_mean(viewer, ids)}",
            )
            continue
        inner = expect(val, Map, f"perceptions of {viewer}")
        for k2, spec in inner.items():
            viewed = k2.value
            if viewed not in names:
                problems.add(
                    k2.loc,
                    f"{viewer}'s view of unknown decision maker '{viewed}'"
                    f"{did_you_mean(viewed, ids)}",
                )
                continue
            if viewed == viewer:
                problems.add(
                    k2.loc,
                    f"{viewer} knows its own preferences: give its view of the other decision "
                    "makers only (its own are under 'preferences')",
                )
                continue
            vec = parse_one(spec, f"{viewer}'s view of {viewed}")
            if vec is not None:
                out[(ids.index(viewer), ids.index(viewed))] = vec
    if isinstance(node, (Map, Seq)) and not out and not problems:
        problems.add(top.loc, "'perceptions' is empty; remove it or give a view")
    return out


def hypergame_analysis(
    conflict: Conflict,
    views: dict[tuple[int, int], np.ndarray],
    concepts: tuple[str, ...],
    convention: str,
    simultaneous: str,
    deadline: Any = None,
) -> Hypergame:
    """Each decision maker's perceived game analysed under ``concepts`` (``deadline``: a
    :class:`~sim.solvers.registry.Deadline` the stability engine checks)."""
    n = conflict.n_dms
    stabs, mats, mis = [], [], []
    for i in range(n):
        pref = np.array(conflict.preference, copy=True)
        wrong = []
        for j in range(n):
            if (i, j) in views:
                pref[j] = views[(i, j)]
                if not np.array_equal(_ranks(views[(i, j)]), _ranks(conflict.preference[j])):
                    wrong.append(j)
        mats.append(pref)
        mis.append(tuple(wrong))
        stabs.append(
            analyse_stability(
                conflict.with_preference(pref),
                concepts,
                convention,
                simultaneous,
                deadline=deadline,
            )
        )
    return Hypergame(tuple(concepts), tuple(stabs), tuple(mats), tuple(mis))


def _ranks(v: np.ndarray) -> np.ndarray:
    _, inv = np.unique(v, return_inverse=True)
    return inv


def _grouped(conflict: Conflict, concepts, sets) -> str:
    """``"Nash (R), SEQ: 1, 12; GMR, SMR: 1, 10, 12"`` (or one group for every concept)."""
    groups: dict[tuple[int, ...], list[str]] = {}
    for c, states in zip(concepts, sets):
        groups.setdefault(tuple(int(s) + 1 for s in states), []).append(CONCEPT_NAMES[c])
    if len(groups) == 1:
        ((states, _),) = groups.items()
        return (", ".join(map(str, states)) or "none") + " (under every concept)"
    return "; ".join(
        f"{', '.join(names)}: {', '.join(map(str, states)) or 'none'}"
        for states, names in groups.items()
    )


def text_lines(conflict: Conflict, hg: Hypergame) -> list[str]:
    """The report's lines: each view's expectations, the hypergame equilibria and the
    surprises."""
    ids = [d.id for d in conflict.dms]
    out = [
        "Hypergame (first level): each decision maker acts on its own view of the others' "
        "preferences.",
    ]
    for i, d in enumerate(ids):
        wrong = ", ".join(ids[j] for j in hg.misperceives[i])
        how = f"misreads {wrong}" if wrong else "sees the others as they are"
        exp = _grouped(conflict, hg.concepts, [hg.expected(i, c) for c in hg.concepts])
        out.append(f"  {d} ({how}) expects: {exp}")
    out.append("  What holds when each acts on its own view (stable for each in its own game):")
    for c in hg.concepts:
        eq = hg.equilibria(c)
        text = ", ".join(conflict.describe(int(s)) for s in eq) or "none"
        out.append(f"    {CONCEPT_NAMES[c]:<9} {text}")
    for i, d in enumerate(ids):
        missed = [
            [s for s in hg.expected(i, c) if int(s) not in set(hg.equilibria(c).tolist())]
            for c in hg.concepts
        ]
        if any(len(m) for m in missed):
            out.append(
                f"  Surprise for {d}: it expects states that do not hold: "
                + _grouped(conflict, hg.concepts, missed)
            )
    return out
