"""Why is a state stable or not?  The search behind the answer, and the teaching sections.

:func:`explain_state` (one decision maker, one state, one concept, in words-ready data) lists
the focal decision maker's unilateral improvements from the state and, for each, the shortest
sanction the opponents have under the concept and convention (a sequence of moves ending at a
state the focal decision maker does not prefer to the start), or ``None`` when there is none —
which is exactly why the state is unstable.  Breadth-first search over (state, last mover) from
each improvement; meant for single states, not whole tableaux.

:func:`explain` is the kind's teaching section: what each stability concept asks, and why each
equilibrium holds, decision maker by decision maker, move by move (:func:`move_reasons`) —
the reasoning a student has to reproduce by hand from the report's tableau.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from ..explain.model import Bullets, Paragraph, Section
from .model import Conflict
from .stability import CONCEPT_NAMES

__all__ = [
    "MAX_STATES_EXPLAINED",
    "Improvement",
    "conflict_sections",
    "explain",
    "explain_state",
    "move_reasons",
    "substantive_order",
]

MAX_STATES_EXPLAINED = 6


@dataclass(frozen=True)
class Improvement:
    """``to``: the improved state (0-based); ``sanction``: ``None`` (unsanctioned) or a tuple of
    ``(mover, from, to)`` steps (0-based) ending at a state the focal DM does not prefer."""

    to: int
    sanction: tuple | None


def _adjacency(conflict: Conflict, movers, improvements_only: bool):
    adj = {}
    for j in movers:
        src, dst = conflict.improvements(j) if improvements_only else conflict.moves[j]
        for a, b in zip(src.tolist(), dst.tolist()):
            adj.setdefault(a, []).append((j, b))
    return adj


def _sanction(conflict, i, s, s1, adj, concept, convention):
    p = conflict.preference[i]
    own = {}
    if concept == "smr":
        src, dst = conflict.moves[i]
        for a, b in zip(src.tolist(), dst.tolist()):
            own.setdefault(a, []).append(b)

    def ok(x):
        if p[x] > p[s]:
            return False
        if concept == "smr":
            return all(p[z] <= p[s] for z in own.get(x, ()))
        return True

    start = (s1, None)
    parent = {start: None}
    queue = deque([start])
    while queue:
        x, last = queue.popleft()
        if convention == "single" and last is not None:
            continue
        for j, y in adj.get(x, ()):
            if convention == "sequence" and j == last:
                continue
            key = (y, j if convention != "unrestricted" else None)
            if key in parent:
                continue
            parent[key] = ((x, last), j)
            if ok(y):
                steps = []
                node = key
                while parent[node] is not None:
                    (px, plast), mover = parent[node]
                    steps.append((mover, px, node[0]))
                    node = (px, plast)
                return tuple(reversed(steps))
            queue.append(key)
    return None


def _sim_sanction(conflict, i, s, s1, simultaneous="one"):
    """Opponents' UIs from ``s`` whose simultaneous outcome with ``s -> s1`` is not preferred
    by ``i`` to ``s``; ``None`` if there are none.  One opponent: ``((j, s1, outcome),)``.  A
    group (``simultaneous="group"``, fewest movers first) is shown as the movers in order,
    ``((j1, s1, outcome), (j2, outcome, outcome), ...)``: they all move at once."""
    from itertools import combinations, product

    from .stability import _dm_mask, code_lookup

    lookup = code_lookup(conflict)
    codes = [int(c) for c in conflict.codes]
    p = conflict.preference[i]
    masks = [_dm_mask(conflict, j) for j in range(conflict.n_dms)]
    others = [j for j in range(conflict.n_dms) if j != i]
    targets = {}
    for j in others:
        src, dst = conflict.improvements(j)
        targets[j] = [b for a, b in zip(src.tolist(), dst.tolist()) if a == s]
    sizes = [1] if simultaneous == "one" else range(1, len(others) + 1)
    for size in sizes:
        for group in combinations(others, size):
            for pick in product(*[targets[j] for j in group]):
                code = (codes[s1] & masks[i]) | (codes[s] & ~masks[i])
                for j, b in zip(group, pick):
                    code = (code & ~masks[j]) | (codes[b] & masks[j])
                t = int(lookup[code])
                if t >= 0 and p[t] <= p[s]:
                    return ((group[0], s1, t),) + tuple((j, t, t) for j in group[1:])
    return None


def explain_state(
    conflict: Conflict,
    dm: int,
    state: int,
    concept: str,
    convention: str = "sequence",
    simultaneous: str = "one",
) -> list[Improvement]:
    """Every unilateral improvement of ``dm`` from ``state`` with its shortest sanction (or None).

    For ``nash`` no sanction counts, so every improvement comes back with ``sanction=None``.
    For ``sim`` a sanction is one step ``(j, s1, outcome)``: opponent ``j``'s improvement from
    ``state``, made at the same time, turns ``s1`` into ``outcome``.  For ``seqsim`` the SEQ
    sanctions are shown when the state is SEQ stable, else the SIM ones.
    The state is stable under the concept iff no entry has ``sanction is None``.
    """
    i, s = dm, state
    src, dst = conflict.improvements(i)
    targets = sorted(int(b) for a, b in zip(src.tolist(), dst.tolist()) if a == s)
    if concept == "nash":
        return [Improvement(t, None) for t in targets]
    if concept == "sim":
        return [Improvement(t, _sim_sanction(conflict, i, s, t, simultaneous)) for t in targets]
    if concept == "seqsim":  # SEQ stable or SIM stable: show the concept that holds, if any
        seq = explain_state(conflict, i, s, "seq", convention)
        if all(e.sanction is not None for e in seq):
            return seq
        return explain_state(conflict, i, s, "sim", convention, simultaneous)
    others = [j for j in range(conflict.n_dms) if j != i]
    adj = _adjacency(conflict, others, improvements_only=(concept == "seq"))
    return [Improvement(t, _sanction(conflict, i, s, t, adj, concept, convention)) for t in targets]


GLOSSARY = {
    "nash": "Nash (R): the decision maker has no move to a state it prefers.",
    "gmr": "GMR: every such move can be answered by the others, with any moves at all (even "
    "ones that cost them), so that it ends up no better off than where it started.",
    "smr": "SMR: as GMR, and after that answer it has no move of its own to a state it "
    "prefers to the start.",
    "seq": "SEQ: as GMR, but the others answer only with moves they themselves prefer: the "
    "sanction is credible.",
    "sim": "SIM: the others' own improvements, made at the same moment, turn the move into "
    "a state it does not prefer.",
    "seqsim": "SEQ&SIM: stable under SEQ or under SIM.",
}


def _sanction_text(conflict, focal: int, start: int, concept: str, steps) -> str:
    dm = conflict.dms
    if concept == "sim":
        mover, _, outcome = steps[0]
        who = " and ".join(dm[m].id for m, _, _ in steps)
        return (
            f"{who} moving at the same moment ends it at {outcome + 1}, which "
            f"{dm[focal].id} does not prefer to {start + 1}"
        )
    path = ", then ".join(f"{dm[m].id} {a + 1} → {b + 1}" for m, a, b in steps)
    return (
        f"answered by {path}, which leaves {dm[focal].id} at {steps[-1][2] + 1}, no better "
        f"than {start + 1}"
    )


def move_reasons(result, state: int, i: int) -> list[str]:
    """Sentences: each improving move of decision maker ``i`` from ``state`` and, per concept,
    the answer that deters it (or that nothing does)."""
    c, st = result.conflict, result.stability
    concepts = st.concepts
    per = {x: explain_state(c, i, state, x, st.convention, st.simultaneous) for x in concepts}
    # the form of a sanction: sequential moves, or moves made at the same moment (SIM; SEQ&SIM
    # shows SIM's when the state is not SEQ stable, as explain_state does)
    form = {x: "sim" if x == "sim" else "seq" for x in concepts}
    if "seqsim" in concepts:
        seq = per["seq"] if "seq" in per else explain_state(c, i, state, "seq", st.convention)
        form["seqsim"] = "seq" if all(e.sanction is not None for e in seq) else "sim"
    targets = sorted({e.to for x in concepts for e in per[x]})
    name = c.dms[i].id
    if not targets:
        return [
            f"{name} has no move to a state it prefers, so {state + 1} is stable for "
            f"{name} under every concept."
        ]
    lines = []
    for t in targets:
        deterred: dict[str, list[str]] = {}
        free = []
        for x in concepts:
            for e in per[x]:
                if e.to != t:
                    continue
                if e.sanction is None:
                    free.append(CONCEPT_NAMES[x])
                else:
                    why = _sanction_text(c, i, state, form[x], e.sanction)
                    deterred.setdefault(why, []).append(CONCEPT_NAMES[x])
        text = f"{name} prefers {t + 1} to {state + 1} and can move there."
        for why, names in deterred.items():
            text += f" Deterred under {', '.join(names)}: {why}."
        if free:
            text += f" Not deterred under {', '.join(free)}."
        lines.append(text)
    return lines


def substantive_order(result) -> list[int]:
    """The states that are equilibria under some concept, most substantive first: the Nash
    equilibria, then the status quo (when it is one), then the SEQ equilibria, then by how
    many concepts keep the state, and only then by number."""
    c, st = result.conflict, result.stability
    concepts = st.concepts
    eq = {x: set(st.equilibria(x).tolist()) for x in concepts}
    states = {s for x in concepts for s in eq[x]}

    def key(s: int) -> tuple:
        return (
            -(s in eq.get("nash", ())),
            s != c.status_quo,
            -(s in eq.get("seq", ())),
            -sum(s in eq[x] for x in concepts),
            s,
        )

    return sorted(states, key=key)


def conflict_sections(result) -> tuple[Section, ...]:
    """The teaching section for a :class:`sim.conflict.ConflictResult`: the status quo first
    when it is no equilibrium, then the equilibria, most substantive first
    (:func:`substantive_order`)."""
    c, st = result.conflict, result.stability
    concepts = st.concepts
    eq = {x: set(st.equilibria(x).tolist()) for x in concepts}
    states = substantive_order(result)
    blocks: list = [
        Paragraph(
            "A state is stable for a decision maker when it has no reason to leave it; an "
            "equilibrium is stable for every decision maker. The concepts differ in what "
            "counts as a reason:"
        ),
        Bullets(tuple(GLOSSARY[x] for x in concepts)),
    ]
    sq = c.status_quo
    if sq is not None and sq not in states:
        blocks.append(
            Paragraph(
                f"The status quo, state {c.describe(sq)}, is an equilibrium under no concept "
                "computed here. Who leaves it, and whether anything deters the move:"
            )
        )
        lines = []
        for i in range(c.n_dms):
            lines.extend(move_reasons(result, sq, i))
        blocks.append(Bullets(tuple(lines)))
    if not states:
        blocks.append(Paragraph("No state is an equilibrium under any concept computed here."))
        return (Section("conflict-why", "Why the equilibria hold", tuple(blocks)),)
    shown = states[:MAX_STATES_EXPLAINED]
    intro = (
        "Each state that is an equilibrium under some concept, taken apart move by move, "
        "the most substantive first (the Nash equilibria, the status quo, the SEQ "
        "equilibria, then the states stable under the most concepts)"
        if len(shown) == len(states)
        else f"{len(states)} states are equilibria under some concept; the {len(shown)} most "
        "substantive (the Nash equilibria, the status quo, the SEQ equilibria, then the "
        "states stable under the most concepts) are taken apart move by move; the stability "
        "table of `negsim run` (the full report, in a handout) has the rest"
    )
    blocks.append(Paragraph(f"{intro}. Sanctions follow the '{st.convention}' convention."))
    for k, s in enumerate(shown):
        out_of_time = getattr(result, "out_of_time", None)
        if out_of_time is not None and out_of_time():
            blocks.append(
                Paragraph(
                    f"The time limit ran out here: {len(shown) - k} more state"
                    f"{'s are' if len(shown) - k != 1 else ' is'} not taken apart (give more "
                    "time with --time-limit)."
                )
            )
            break
        under = [CONCEPT_NAMES[x] for x in concepts if s in eq[x]]
        not_under = [CONCEPT_NAMES[x] for x in concepts if s not in eq[x]]
        here = ", the status quo" if s == sq else ""
        head = f"State {c.describe(s)}{here}: an equilibrium under {', '.join(under)}"
        head += f"; not under {', '.join(not_under)}." if not_under else " (every concept)."
        blocks.append(Paragraph(head))
        lines = []
        for i in range(c.n_dms):
            lines.extend(move_reasons(result, s, i))
        blocks.append(Bullets(tuple(lines)))
    return (Section("conflict-why", "Why the equilibria hold", tuple(blocks)),)


def hypergame_section(result) -> Section | None:
    """What each decision maker expects from its own view, what holds, and what surprises whom
    (a file with ``perceptions``), or ``None``."""
    hg = getattr(result, "hypergame", None)
    if hg is None:
        return None
    from .hypergame import text_lines

    c = result.conflict
    lines = text_lines(c, hg)[1:]
    blind = [i for i in range(c.n_dms) if hg.unaware[i]]
    intro = (
        "Each decision maker analyses the conflict as it sees it: with its own reading of the "
        "others' preferences"
    )
    if blind:
        intro += (
            " and without the options it does not know of. A decision maker unaware of an "
            "option cannot foresee a move that uses it, and it sees a state where that option "
            "is taken as the same state without it"
        )
    intro += (
        ". It expects the equilibria of its own game. What holds is a state where each one, "
        "acting on its own view, stays."
    )
    return Section(
        "conflict-hypergame",
        "Each side's own view (hypergame)",
        (Paragraph(intro), Bullets(tuple(line.strip() for line in lines if line.strip()))),
    )


def partition_section(result) -> Section | None:
    """Which equilibria survive when the named coalitions act as one (``--partition``)."""
    part = getattr(result, "partition", None)
    if part is None:
        return None
    c, st = result.conflict, result.stability
    names = ", ".join(n for n in part.names(c) if n.startswith("{"))
    lines = []
    for x in part.concepts:
        alone = set(st.equilibria(x).tolist()) if x in st.concepts else set()
        joint = set(part.equilibria(x).tolist())
        lost = ", ".join(str(s + 1) for s in sorted(alone - joint)) or "none"
        new = ", ".join(str(s + 1) for s in sorted(joint - alone)) or "none"
        lines.append(
            f"{CONCEPT_NAMES[x]}: equilibria lost when the coalitions act together: {lost}; "
            f"gained: {new}"
        )
    several = names.count("{") > 1
    intro = (
        f"The coalition{'s' if several else ''} {names} act{'' if several else 's'} as one: "
        "a joint "
        "move counts as an improvement only if every member prefers where it ends, and the "
        "others deter it by reaching a state that some member does not prefer to the start."
    )
    return Section(
        "conflict-partition",
        "When coalitions act as one",
        (Paragraph(intro), Bullets(tuple(lines))),
    )


def explain(result, **options) -> tuple[Section, ...]:
    """The kind's teaching sections (the contract's ``explain``)."""
    extra = tuple(
        x for x in (partition_section(result), hypergame_section(result)) if x is not None
    )
    return conflict_sections(result) + extra
