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

A view not given is the true preference.  The file key is ``perceptions`` (``docs/conflict.md``).

**Unaware of an option** (Bennett 1980: a player's game may lack options the others have; Fraser
& Hipel 1984, *Conflict Analysis: Models and Resolutions*, hypergame analysis): a
decision maker ``i`` may be unaware of some options of the others (``unaware_of``).  Its perceived
game is then the conflict restricted to the states where none of those options is taken, with
only the moves between such states (the moves that use an unknown option are not in its game):

* ``i`` cannot foresee a move that uses an option it does not know, so it neither fears it as a
  sanction nor expects it as a reply;
* ``i`` sees any state through the options it knows: a state where an unknown option is taken
  looks to ``i`` like the same state with that option not taken (its *projection*), and ``i``
  acts there as it would at the projection;
* what holds is computed as above (stable for each decision maker, at the state as it sees it, in
  its own perceived game), so it can contain a move some decision maker never foresaw; the
  report names those states.

This reading (the projection for states a decision maker cannot conceive) is negsim's; the
hypergame literature describes the perceived games, not a rule for such states.  A file whose
unawareness leaves some state without a projection (an ``infeasible`` rule removes it) or that
merges states across an unknown option is refused with a located error.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..scenario.errors import Problems, did_you_mean
from ..scenario.yamlsrc import Map, Scalar, Seq, expect
from .model import Conflict
from .stability import CONCEPT_NAMES, Stability, analyse_stability, code_lookup

__all__ = [
    "UNAWARE_KEY",
    "Hypergame",
    "hypergame_analysis",
    "parse_perceptions",
    "text_lines",
    "unaware_problems",
    "view_conflict",
]

#: the key, inside one decision maker's ``perceptions``, that lists the options it does not know
UNAWARE_KEY = "unaware_of"


@dataclass(frozen=True, eq=False)
class Hypergame:
    """``views[i]``: the stability of decision maker ``i``'s perceived game (over its own states,
    ``states[i]``); ``perceived[i]``: its ``(n, k)`` preference matrix over the true states (row
    ``i`` its own; other rows as ``i`` sees them); ``misperceives[i]``: the decision makers whose
    preferences ``i`` sees differently; ``unaware[i]``: the options (global indices) ``i`` does
    not know; ``states[i]``: the true states (0-based) of ``i``'s perceived game, in its order;
    ``seen_as[i]``: ``(k,)``, for every true state the index in ``states[i]`` of the state it
    looks like to ``i``."""

    concepts: tuple[str, ...]
    views: tuple[Stability, ...]
    perceived: tuple[np.ndarray, ...]
    misperceives: tuple[tuple[int, ...], ...]
    unaware: tuple[tuple[int, ...], ...]
    states: tuple[np.ndarray, ...]
    seen_as: tuple[np.ndarray, ...]

    def acts_stable(self, concept: str) -> np.ndarray:
        """``(n, k)`` bool: state stable for ``i`` in ``i``'s own perceived game, at the state
        as ``i`` sees it."""
        return np.stack([v.stable[concept][i][self.seen_as[i]] for i, v in enumerate(self.views)])

    def equilibria(self, concept: str) -> np.ndarray:
        """0-based states every decision maker stays in, each acting on its own view."""
        return np.flatnonzero(self.acts_stable(concept).all(axis=0))

    def expected(self, i: int, concept: str) -> np.ndarray:
        """0-based (true) states ``i`` expects to be equilibria (those of its perceived game)."""
        return self.states[i][self.views[i].equilibria(concept)]

    def unforeseen(self, i: int, concept: str) -> np.ndarray:
        """0-based states that hold under ``concept`` and use an option ``i`` does not know."""
        eq = self.equilibria(concept)
        return eq[~np.isin(eq, self.states[i])]

    def to_dict(self, conflict: Conflict) -> dict[str, Any]:
        ids = [d.id for d in conflict.dms]
        views = {}
        for i in range(len(ids)):
            view: dict[str, Any] = {
                "misperceives": [ids[j] for j in self.misperceives[i]],
                "unaware_of": [_option_name(conflict, o) for o in self.unaware[i]],
                "expects": {c: [int(s) + 1 for s in self.expected(i, c)] for c in self.concepts},
                "perceived_rankings": {
                    ids[j]: _ranking(self.perceived[i][j], self.states[i])
                    for j in self.misperceives[i]
                },
            }
            if self.unaware[i]:
                view["states_seen"] = [int(s) + 1 for s in self.states[i]]
                view["unforeseen"] = {
                    c: [int(s) + 1 for s in self.unforeseen(i, c)] for c in self.concepts
                }
            views[ids[i]] = view
        return {
            "views": views,
            "equilibria": {c: [int(s) + 1 for s in self.equilibria(c)] for c in self.concepts},
        }


def _option_name(conflict: Conflict, o: int) -> str:
    opt = conflict.options[o]
    return f"{conflict.dms[opt.dm].id}.{opt.id}"


def _ranking(vec: np.ndarray, states: np.ndarray) -> list[list[int]]:
    """State numbers of ``states`` by ``vec``, most preferred first, ties grouped."""
    v = np.asarray(vec)[states]
    return [
        [int(states[x]) + 1 for x in np.flatnonzero(v == u)] for u in sorted(set(v), reverse=True)
    ]


def _mask(options) -> int:
    return int(sum(1 << int(o) for o in options))


def unaware_problems(conflict: Conflict, options) -> list[str]:
    """Why a decision maker unaware of ``options`` cannot be given a perceived game (empty when
    it can): a merged state varies in an unknown option, or a state has no projection (the same
    options with the unknown ones not taken is not a feasible state)."""
    opts = sorted(int(o) for o in options)
    names = ", ".join(_option_name(conflict, o) for o in opts)
    out = []
    merged = np.flatnonzero(conflict.wildcard[:, opts].any(axis=1))
    if merged.size:
        out.append(
            f"merged state(s) {', '.join(str(int(s) + 1) for s in merged[:6])} vary in {names}; "
            "a decision maker cannot be unaware of an option a merge rule spans"
        )
        return out
    codes = np.asarray(conflict.codes, dtype=np.int64)
    proj = code_lookup(conflict)[codes & ~_mask(opts)]
    lost = np.flatnonzero(proj < 0)
    if lost.size:
        shown = ", ".join(conflict.describe(int(s)) for s in lost[:4])
        more = f" and {lost.size - 4} more" if lost.size > 4 else ""
        out.append(
            f"with {names} not taken, state(s) {shown}{more} would be infeasible, so they look "
            "like nothing the decision maker knows; relax the 'infeasible' rules or drop the "
            "unawareness"
        )
    return out


def view_conflict(
    conflict: Conflict, preference: np.ndarray, unaware=()
) -> tuple[Conflict, np.ndarray, np.ndarray]:
    """A decision maker's perceived game: ``(game, states, seen_as)`` (see :class:`Hypergame`).
    Without unawareness the game is the conflict with ``preference``."""
    k = conflict.n_states
    if not unaware:
        every = np.arange(k)
        return conflict.with_preference(preference), every, every
    problems = unaware_problems(conflict, unaware)
    if problems:
        raise ValueError(problems[0])
    mask = _mask(unaware)
    codes = np.asarray(conflict.codes, dtype=np.int64)
    inside = (codes & mask) == 0  # merged states never vary in an unknown option (checked)
    states = np.flatnonzero(inside)
    remap = np.full(k, -1, dtype=np.int64)
    remap[states] = np.arange(states.size)
    seen_as = remap[code_lookup(conflict)[codes & ~mask]]
    moves = []
    for src, dst in conflict.moves:
        keep = inside[src] & inside[dst]
        moves.append((_ro(remap[src[keep]]), _ro(remap[dst[keep]])))
    game = replace(
        conflict,
        codes=_ro(codes[states]),
        order_codes=_ro(np.asarray(conflict.order_codes)[states]),
        wildcard=_ro(np.asarray(conflict.wildcard)[states]),
        moves=tuple(moves),
        preference=_ro(np.asarray(preference, dtype=np.int64)[:, states]),
        status_quo=None,
        settings={},
    )
    return game, states, _ro(seen_as)


def _ro(a) -> np.ndarray:
    a = np.array(a, copy=True)
    a.setflags(write=False)
    return a


def _option_ref(item: Any, names: dict, viewer: str, problems: Problems) -> int | None:
    """One entry of ``unaware_of`` (``DM.option``) → the global option index, or ``None`` after
    recording a problem."""
    if not isinstance(item, Scalar) or item.is_null:
        problems.add(item.loc, f"{viewer}'s {UNAWARE_KEY}: write each option as DM.option")
        return None
    text = item.value.strip()
    dm, dot, opt = text.partition(".")
    if not dot or not dm or not opt:
        problems.add(
            item.loc, f"{viewer}'s {UNAWARE_KEY}: write each option as DM.option, not {text!r}"
        )
        return None
    if dm not in names:
        problems.add(
            item.loc,
            f"{viewer}'s {UNAWARE_KEY}: unknown decision maker '{dm}'"
            f"{did_you_mean(dm, list(names))}",
        )
        return None
    if opt not in names[dm]:
        problems.add(
            item.loc,
            f"{viewer}'s {UNAWARE_KEY}: unknown option '{opt}' of {dm}"
            f"{did_you_mean(opt, list(names[dm]))}",
        )
        return None
    if dm == viewer:
        problems.add(
            item.loc,
            f"{viewer} knows its own options; {UNAWARE_KEY} lists options of the other "
            "decision makers",
        )
        return None
    return int(names[dm][opt])


def _parse_unaware(node: Any, names: dict, viewer: str, conflict: Conflict, problems: Problems):
    seq = expect(node, Seq, f"{viewer}'s {UNAWARE_KEY}")
    found: dict[int, Any] = {}
    before = len(problems.items)
    for item in seq:
        o = _option_ref(item, names, viewer, problems)
        if o is None:
            continue
        if o in found:
            first = found[o].loc
            problems.add(
                item.loc,
                f"{viewer}'s {UNAWARE_KEY} lists {_option_name(conflict, o)} twice (first at "
                f"line {first.line}, column {first.col})",
            )
            continue
        found[o] = item
    if not len(seq):
        problems.add(seq.loc, f"{viewer}'s {UNAWARE_KEY} is empty; list options or remove it")
    if len(problems.items) > before or not found:
        return None
    for message in unaware_problems(conflict, found):
        problems.add(seq.loc, f"{viewer}'s {UNAWARE_KEY}: {message}")
    return tuple(sorted(found))


def parse_perceptions(
    node: Any,
    names: dict,
    conflict: Conflict,
    problems: Problems,
    parse_one: Any,
    uses: Any = None,
) -> tuple[dict[tuple[int, int], np.ndarray], dict[int, tuple[int, ...]]]:
    """The ``perceptions`` map: ``{viewer: {viewed: preference spec, unaware_of: [DM.option]}}``
    → ``({(i, j): vector}, {i: unknown option indices})``.  ``parse_one(spec, label)`` turns
    one preference spec (``statements`` or ``ranking``, as under ``preferences``) into a vector,
    or ``None`` after recording problems; ``uses(spec)`` lists ``(location, option indices)``
    for each statement of a spec (to refuse a view that mentions an option the viewer does not
    know)."""
    ids = [d.id for d in conflict.dms]
    out: dict[tuple[int, int], np.ndarray] = {}
    unaware: dict[int, tuple[int, ...]] = {}
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
        unknown: tuple[int, ...] = ()
        if UNAWARE_KEY in inner:
            got = _parse_unaware(inner.get(UNAWARE_KEY), names, viewer, conflict, problems)
            if got:
                unknown = got
                unaware[ids.index(viewer)] = got
        for k2, spec in inner.items():
            viewed = k2.value
            if viewed == UNAWARE_KEY:
                continue
            if viewed not in names:
                problems.add(
                    k2.loc,
                    f"{viewer}'s view of unknown decision maker '{viewed}'"
                    f"{did_you_mean(viewed, ids + [UNAWARE_KEY])}",
                )
                continue
            if viewed == viewer:
                problems.add(
                    k2.loc,
                    f"{viewer} knows its own preferences: give its view of the other decision "
                    "makers only (its own are under 'preferences')",
                )
                continue
            if unknown and uses is not None:
                for loc, opts in uses(spec):
                    hidden = sorted(set(opts) & set(unknown))
                    if hidden:
                        problems.add(
                            loc,
                            f"{viewer}'s view of {viewed} mentions "
                            f"{', '.join(_option_name(conflict, o) for o in hidden)}, an option "
                            f"{viewer} is unaware of ({UNAWARE_KEY})",
                        )
            vec = parse_one(spec, f"{viewer}'s view of {viewed}")
            if vec is not None:
                out[(ids.index(viewer), ids.index(viewed))] = vec
    if isinstance(node, (Map, Seq)) and not out and not unaware and not problems:
        problems.add(top.loc, "'perceptions' is empty; remove it or give a view")
    return out, unaware


def hypergame_analysis(
    conflict: Conflict,
    views: dict[tuple[int, int], np.ndarray],
    concepts: tuple[str, ...],
    convention: str,
    simultaneous: str,
    deadline: Any = None,
    unaware: dict[int, tuple[int, ...]] | None = None,
) -> Hypergame:
    """Each decision maker's perceived game analysed under ``concepts`` (``deadline``: a
    :class:`~sim.solvers.registry.Deadline` the stability engine checks).  ``unaware``: for a
    decision maker (index), the options (global indices) it does not know."""
    n = conflict.n_dms
    unaware = unaware or {}
    stabs, mats, mis, gone, states, seen = [], [], [], [], [], []
    for i in range(n):
        pref = np.array(conflict.preference, copy=True)
        hidden = tuple(sorted(unaware.get(i, ())))
        inside = np.flatnonzero((np.asarray(conflict.codes, dtype=np.int64) & _mask(hidden)) == 0)
        wrong = []
        for j in range(n):
            if (i, j) in views:
                pref[j] = views[(i, j)]
                if not np.array_equal(
                    _ranks(views[(i, j)][inside]), _ranks(conflict.preference[j][inside])
                ):
                    wrong.append(j)
        game, inside, seen_as = view_conflict(conflict, pref, hidden)
        mats.append(pref)
        mis.append(tuple(wrong))
        gone.append(hidden)
        states.append(inside)
        seen.append(seen_as)
        stabs.append(analyse_stability(game, concepts, convention, simultaneous, deadline=deadline))
    return Hypergame(
        tuple(concepts),
        tuple(stabs),
        tuple(mats),
        tuple(mis),
        tuple(gone),
        tuple(states),
        tuple(seen),
    )


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
    blind = any(hg.unaware)
    out = [
        "Hypergame (first level): each decision maker acts on its own view of the others' "
        + ("preferences and options." if blind else "preferences."),
    ]
    for i, d in enumerate(ids):
        wrong = ", ".join(ids[j] for j in hg.misperceives[i])
        how = [f"misreads {wrong}"] if wrong else []
        if hg.unaware[i]:
            unknown = ", ".join(_option_name(conflict, o) for o in hg.unaware[i])
            how.append(f"unaware of {unknown}; sees {len(hg.states[i])} states")
        text = "; ".join(how) or "sees the others as they are"
        exp = _grouped(conflict, hg.concepts, [hg.expected(i, c) for c in hg.concepts])
        out.append(f"  {d} ({text}) expects: {exp}")
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
        unseen = [hg.unforeseen(i, c) for c in hg.concepts]
        if any(len(u) for u in unseen):
            unknown = ", ".join(_option_name(conflict, o) for o in hg.unaware[i])
            out.append(
                f"  Unforeseen by {d}: states that hold use an option it does not know "
                f"({unknown}): " + _grouped(conflict, hg.concepts, unseen)
            )
    return out
