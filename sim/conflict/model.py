"""Graph-model conflicts (GMCR): decision makers, yes/no options, feasible states, moves.

State numbering (fixed, documented in ``docs/conflict.md``)
-----------------------------------------------------------
Options are ordered by decision maker in file order, then by their order under that decision
maker; option ``i`` (from 0) has weight ``2**i``.  A combination of options has the *code*
``sum(2**i for every option i taken)``.  Feasible states are numbered ``1..k`` in increasing
order of code.  A *merged* state (all feasible combinations satisfying one ``merge`` condition,
shown with ``-`` for the options that vary) takes the largest code of its members for its place
in that order; it shows and is compared by its smallest-code member.

Inside negsim states are 0-based indices ``0..k-1`` (state number minus one); everything a person
reads shows state numbers and Y/N patterns with option labels.

Moves: decision maker ``i`` can move from state ``s`` to state ``t != s`` when some member of
``s`` and some member of ``t`` differ only in options controlled by ``i`` and no irreversible
option is reversed.  Moves are kept as edge lists per decision maker (``src``, ``dst`` arrays),
which is what the stability engine and the charts use.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "MAX_OPTIONS",
    "Conflict",
    "DecisionMaker",
    "Option",
    "build_conflict",
    "option_bits",
]

#: options a scenario file may declare: 2**12 = 4,096 states keep every report of a file (text,
#: JSON, charts) interactive.  The analysis alone, through the API, takes about 2 s of CPU at
#: 14 options and 30 s and 2.3 GB at 16 (3 decision makers; benchmarks/README.md, "Scaling")
MAX_OPTIONS = 12
IRREVERSIBLE = ("no", "taken", "dropped")


def _ro(a) -> np.ndarray:
    a = np.array(a, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class Option:
    """A yes/no course of action of one decision maker.

    ``irreversible``: ``"no"`` (moves both ways), ``"taken"`` (once taken it cannot be undone:
    only N→Y moves), ``"dropped"`` (once dropped it cannot be taken again: only Y→N moves).
    """

    id: str
    label: str
    dm: int
    irreversible: str = "no"
    why: str = ""


@dataclass(frozen=True)
class DecisionMaker:
    id: str
    name: str
    options: tuple[int, ...]  # global option indices
    about: str = ""


def option_bits(m: int, codes: np.ndarray) -> np.ndarray:
    """``(len(codes), m)`` bool matrix: option ``i`` taken in each code."""
    return (
        (np.asarray(codes, dtype=np.int64)[:, None] >> np.arange(m, dtype=np.int64)) & 1
    ).astype(bool)


@dataclass(frozen=True, eq=False)
class Conflict:
    """A frozen graph model.  Arrays are read-only; states are 0-based inside, numbered 1..k
    for people (see the module docstring)."""

    title: str
    dms: tuple[DecisionMaker, ...]
    options: tuple[Option, ...]
    codes: np.ndarray  # (k,) representative (smallest) code of each state
    order_codes: np.ndarray  # (k,) code that places the state in the numbering (largest member)
    wildcard: np.ndarray  # (k, m) bool: option varies inside a merged state (shown as '-')
    moves: tuple[tuple[np.ndarray, np.ndarray], ...]  # per DM: (src, dst) int arrays
    preference: np.ndarray  # (n, k) int: larger = more preferred, equal = tie
    status_quo: int | None = None
    statements: tuple[tuple[str, ...], ...] = ()  # per DM: statements as written (for reports)
    meta: object = None
    settings: dict = field(default_factory=dict)

    # -- sizes and labels ---------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return "conflict"

    @property
    def parameters(self) -> tuple:
        """A conflict has no numeric parameters (preferences are rankings)."""
        return ()

    @property
    def n_dms(self) -> int:
        return len(self.dms)

    @property
    def n_states(self) -> int:
        return int(self.codes.shape[0])

    @property
    def n_options(self) -> int:
        return len(self.options)

    @functools.cached_property
    def patterns(self) -> np.ndarray:
        """``(k, m)`` bool: option taken in the state's representative (computed once: reports
        read it state by state)."""
        bits = option_bits(self.n_options, self.codes)
        bits.flags.writeable = False
        return bits

    def state_number(self, s: int) -> int:
        return int(s) + 1

    def pattern_text(self, s: int) -> str:
        """``"YN-N"``: one letter per option in numbering order."""
        bits = self.patterns[s]
        wild = self.wildcard[s]
        return "".join("-" if w else ("Y" if b else "N") for b, w in zip(bits, wild))

    def describe(self, s: int) -> str:
        """``"3 (US: blockade; USSR: -)"``: number and the options taken, by decision maker."""
        bits = self.patterns[s]
        wild = self.wildcard[s]
        parts = []
        for dm in self.dms:
            taken = [
                self.options[o].id + ("?" if wild[o] else "")
                for o in dm.options
                if bits[o] or wild[o]
            ]
            parts.append(f"{dm.id}: {', '.join(taken) if taken else '-'}")
        return f"{s + 1} ({'; '.join(parts)})"

    def dm_index(self, dm: str | int) -> int:
        if isinstance(dm, int):
            return dm
        for i, d in enumerate(self.dms):
            if d.id == dm:
                return i
        raise KeyError(dm)

    def move_matrix(self, dm: int) -> np.ndarray:
        """Dense ``(k, k)`` bool matrix of ``dm``'s unilateral moves (for small models)."""
        k = self.n_states
        m = np.zeros((k, k), dtype=bool)
        src, dst = self.moves[dm]
        m[src, dst] = True
        return m

    def improvements(self, dm: int) -> tuple[np.ndarray, np.ndarray]:
        """Edges of ``dm``'s unilateral improvements (moves to strictly preferred states)."""
        src, dst = self.moves[dm]
        p = self.preference[dm]
        keep = p[dst] > p[src]
        return src[keep], dst[keep]

    def ranking(self, dm: int) -> list[list[int]]:
        """``dm``'s preference as state numbers, most preferred first, ties grouped."""
        p = self.preference[dm]
        out = []
        for v in sorted(set(p.tolist()), reverse=True):
            out.append([int(s) + 1 for s in np.flatnonzero(p == v)])
        return out

    def with_preference(self, preference: np.ndarray) -> Conflict:
        """The same conflict with another preference matrix (inverse analysis, tests)."""
        from dataclasses import replace

        return replace(self, preference=_ro(np.asarray(preference, dtype=np.int64)))


def build_conflict(
    title: str,
    dms: tuple[DecisionMaker, ...],
    options: tuple[Option, ...],
    feasible: np.ndarray,
    merges: tuple[np.ndarray, ...] = (),
    preference_fn=None,
    status_quo_code: int | None = None,
    statements: tuple[tuple[str, ...], ...] = (),
    meta=None,
    settings: dict | None = None,
) -> Conflict:
    """Enumerate states and moves.

    ``feasible``: bool array over all ``2**m`` codes.  ``merges``: bool arrays over codes; the
    feasible codes where one is true form one state.  ``preference_fn(codes) -> (n, k) int``
    scores states from their representative codes (larger = preferred).
    """
    m = len(options)
    ncodes = 1 << m
    feasible = np.asarray(feasible, dtype=bool).reshape(ncodes)
    full = np.flatnonzero(feasible).astype(np.int64)  # feasible codes, increasing
    # class of every feasible code: merged classes first, the rest singletons
    cls_key = full.copy()  # key identifying the class: the code itself, or -(merge index + 1)
    for g, mask in enumerate(merges):
        sel = np.asarray(mask, dtype=bool)[full] & (cls_key >= 0)
        cls_key[sel] = -(g + 1)
    keys = np.unique(cls_key)  # merged classes (negative keys) first, then codes in order
    rep = keys.copy()
    top = keys.copy()
    wild = np.zeros((len(keys), m), dtype=bool)
    for a in np.flatnonzero(keys < 0):  # only merged classes need a look at their members
        members = full[cls_key == keys[a]]
        rep[a] = members.min()
        top[a] = members.max()
        bits = option_bits(m, members)
        wild[a] = bits.any(axis=0) & ~bits.all(axis=0)
    order = np.argsort(top, kind="stable")
    rep, top, wild, keys = rep[order], top[order], wild[order], keys[order]
    lookup = np.full(ncodes, -1, dtype=np.int64)
    sorter = np.argsort(keys, kind="stable")
    lookup[full] = sorter[np.searchsorted(keys, cls_key, sorter=sorter)]
    k = len(keys)

    moves = []
    for d in dms:
        srcs, dsts = [], []
        dmask = 0
        for o in d.options:
            dmask |= 1 << o
        # every nonempty subset of the DM's option bits is one possible change
        sub = dmask
        while sub:
            tgt = full ^ sub
            ok = lookup[tgt] >= 0
            for o in d.options:
                if not (sub >> o) & 1:
                    continue
                if options[o].irreversible == "taken":  # no Y -> N
                    ok &= ((full >> o) & 1) == 0
                elif options[o].irreversible == "dropped":  # no N -> Y
                    ok &= ((full >> o) & 1) == 1
            srcs.append(lookup[full[ok]])
            dsts.append(lookup[tgt[ok]])
            sub = (sub - 1) & dmask
        src = np.concatenate(srcs) if srcs else np.zeros(0, dtype=np.int64)
        dst = np.concatenate(dsts) if dsts else np.zeros(0, dtype=np.int64)
        keep = src != dst
        pair = np.unique(src[keep] * k + dst[keep])
        moves.append((_ro(pair // k), _ro(pair % k)))

    if preference_fn is None:
        pref = np.zeros((len(dms), k), dtype=np.int64)
    else:
        pref = np.asarray(preference_fn(rep, lookup), dtype=np.int64)
    sq = None
    if status_quo_code is not None:
        sq = int(lookup[status_quo_code]) if lookup[status_quo_code] >= 0 else None
    return Conflict(
        title=title,
        dms=tuple(dms),
        options=tuple(options),
        codes=_ro(rep),
        order_codes=_ro(top),
        wildcard=_ro(wild),
        moves=tuple(moves),
        preference=_ro(pref),
        status_quo=sq,
        statements=tuple(statements),
        meta=meta,
        settings=dict(settings or {}),
    )
