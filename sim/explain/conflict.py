"""Teaching text for graph-model conflicts: what each stability concept asks, and why each
equilibrium holds, decision maker by decision maker, move by move.

The report (:mod:`sim.conflict.report`) gives the tableau; this adds the reasoning a student
has to reproduce by hand: which improving moves each decision maker has from the state, and
which answer by the others (if any) deters each one under each concept.  Everything comes from
:func:`sim.conflict.explain.explain_state`, the same search the tests check against the
stability engine.
"""

from __future__ import annotations

from ..conflict.explain import explain_state
from ..conflict.stability import CONCEPT_NAMES
from .model import Bullets, Paragraph, Section

__all__ = ["MAX_STATES_EXPLAINED", "conflict_sections", "move_reasons"]

MAX_STATES_EXPLAINED = 6

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
        return (f"{who} moving at the same moment ends it at {outcome + 1}, which "
                f"{dm[focal].id} does not prefer to {start + 1}")
    path = ", then ".join(f"{dm[m].id} {a + 1} → {b + 1}" for m, a, b in steps)
    return (f"answered by {path}, which leaves {dm[focal].id} at {steps[-1][2] + 1}, no better "
            f"than {start + 1}")


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
        return [f"{name} has no move to a state it prefers, so {state + 1} is stable for "
                f"{name} under every concept."]
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


def conflict_sections(result) -> tuple[Section, ...]:
    """The teaching section for a :class:`sim.conflict.ConflictResult`."""
    c, st = result.conflict, result.stability
    concepts = st.concepts
    eq = {x: set(st.equilibria(x).tolist()) for x in concepts}
    states = sorted({s for x in concepts for s in eq[x]},
                    key=lambda s: (-sum(s in eq[x] for x in concepts), s))
    blocks: list = [
        Paragraph("A state is stable for a decision maker when it has no reason to leave it; an "
                  "equilibrium is stable for every decision maker. The concepts differ in what "
                  "counts as a reason:"),
        Bullets(tuple(GLOSSARY[x] for x in concepts)),
    ]
    if not states:
        blocks.append(Paragraph("No state is an equilibrium under any concept computed here."))
        return (Section("conflict-why", "Why the equilibria hold", tuple(blocks)),)
    shown = sorted(states[:MAX_STATES_EXPLAINED])
    intro = ("Each state that is an equilibrium under some concept, taken apart move by move"
             if len(shown) == len(states) else
             f"{len(states)} states are equilibria under some concept; the {len(shown)} "
             f"stable under the most concepts are taken apart move by move, and the tableau "
             f"above has the rest")
    blocks.append(Paragraph(f"{intro}. Sanctions follow the '{st.convention}' convention."))
    for s in shown:
        under = [CONCEPT_NAMES[x] for x in concepts if s in eq[x]]
        not_under = [CONCEPT_NAMES[x] for x in concepts if s not in eq[x]]
        head = f"State {c.describe(s)}: an equilibrium under {', '.join(under)}"
        head += f"; not under {', '.join(not_under)}." if not_under else " (every concept)."
        blocks.append(Paragraph(head))
        lines = []
        for i in range(c.n_dms):
            lines.extend(move_reasons(result, s, i))
        blocks.append(Bullets(tuple(lines)))
    return (Section("conflict-why", "Why the equilibria hold", tuple(blocks)),)
