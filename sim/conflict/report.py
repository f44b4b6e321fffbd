"""The report of a conflict analysis: the text body, the JSON body and the outcome labels
(labels, state numbers and Y/N patterns; the kind contract adds the title block, notes and
sources)."""

from __future__ import annotations

from ..numbers import jsonable
from .analysis import ConflictResult, move_edges
from .explain import explain_state
from .hypergame import text_lines as hypergame_text_lines
from .limited import text_lines as limited_text_lines
from .partition import text_lines as partition_text_lines
from .stability import CONCEPT_NAMES, CONVENTIONS, SIMULTANEOUS

__all__ = ["option_legend", "option_table", "outcomes", "summary_lines", "to_dict", "to_text"]


def _ranking_text(groups) -> str:
    return " > ".join(
        str(g[0]) if len(g) == 1 else "[" + " ".join(map(str, g)) + "]" for g in groups
    )


def _path_text(c, path) -> str:
    if not path:
        return "(already there)"
    steps = [str(path[0][1] + 1)]
    for mover, _a, b in path:
        steps.append(f"-{_mover_text(c, mover)}-> {b + 1}")
    return " ".join(steps)


def _mover_text(c, mover) -> str:
    """``LG`` for a decision maker (index or 1-tuple), ``{MoE, UR}`` for a coalition."""
    if isinstance(mover, tuple):
        if len(mover) == 1:
            return c.dms[mover[0]].id
        return "{" + ", ".join(c.dms[i].id for i in mover) + "}"
    return c.dms[mover].id


def _mover_json(c, mover) -> str | list[str]:
    if isinstance(mover, tuple):
        ids = [c.dms[i].id for i in mover]
        return ids[0] if len(ids) == 1 else ids
    return c.dms[mover].id


MANY = 12  # more equilibria than this: list their numbers only
WIDE = 20  # more states than this: list options once and describe states one per line
LONG = 60  # more states than this: show only equilibria and the status quo in the tableau


def option_legend(c) -> list[str]:
    lines = ["Options (Y/N patterns below follow this order):"]
    for i, opt in enumerate(c.options):
        mark = {
            "taken": " (irreversible once taken)",
            "dropped": " (irreversible once dropped)",
        }.get(opt.irreversible, "")
        lines.append(f"  {i + 1:>2}. {c.dms[opt.dm].id}.{opt.id}: {opt.label}{mark}")
    return lines


def option_table(c) -> list[str]:
    k = c.n_states
    if k > WIDE:
        return option_legend(c)
    w = max(len(str(k)), 1)
    ow = max(len(o.id) for o in c.options)
    dw = max(len(d.id) for d in c.dms)
    lines = [" " * (dw + ow + 3) + " ".join(f"{s + 1:>{w}}" for s in range(k))]
    pats = [c.pattern_text(s) for s in range(k)]
    for d in c.dms:
        for o in d.options:
            opt = c.options[o]
            cells = " ".join(f"{pats[s][o]:>{w}}" for s in range(k))
            mark = {
                "taken": " (irreversible once taken)",
                "dropped": " (irreversible once dropped)",
            }.get(opt.irreversible, "")
            lines.append(f"{d.id:<{dw}}  {opt.id:<{ow}} {cells}   {opt.label}{mark}")
    return lines


def _some(numbers, limit: int = 8) -> str:
    """``1, 2, 3`` or, past ``limit`` numbers, ``1, 2, ... and 40 more``."""
    shown = ", ".join(map(str, numbers[:limit]))
    return shown + (f" and {len(numbers) - limit} more" if len(numbers) > limit else "")


def summary_lines(result: ConflictResult) -> list[str]:
    """A few lines to read first: how many states each concept keeps, the states stable under
    the most concepts, and what happens to the status quo."""
    c = result.conflict
    st = result.stability
    eq = {x: [int(s) for s in st.equilibria(x)] for x in st.concepts}
    counts = ", ".join(f"{CONCEPT_NAMES[x]} {len(eq[x])}" for x in st.concepts)
    out = ["Summary", "-------", f"{c.n_states} feasible states; equilibria: {counts}."]
    score = {}
    for x in st.concepts:
        for s in eq[x]:
            score[s] = score.get(s, 0) + 1
    if score:
        best = max(score.values())
        top = sorted(s for s, k in score.items() if k == best)
        under = (
            "every concept"
            if best == len(st.concepts)
            else f"{best} of the {len(st.concepts)} concepts"
        )
        shown = "; ".join(c.describe(s) for s in top[:4])
        more = f"; and {len(top) - 4} more" if len(top) > 4 else ""
        out.append(f"Stable under {under}: {shown}{more}.")
    else:
        out.append("No state is an equilibrium under any concept computed here.")
    if c.status_quo is not None:
        sq = c.status_quo
        held = [CONCEPT_NAMES[x] for x in st.concepts if sq in eq[x]]
        out.append(
            f"Status quo {c.describe(sq)}: "
            + (
                f"an equilibrium under {', '.join(held)}."
                if held
                else "an equilibrium under no concept."
            )
        )
        if "seq" in st.concepts:
            free = []
            for i, d in enumerate(c.dms):
                tos = [
                    e.to + 1
                    for e in explain_state(c, i, sq, "seq", st.convention, st.simultaneous)
                    if e.sanction is None
                ]
                if tos:
                    free.append(f"{d.id} to {_some(tos)}")
            if free:
                out.append(
                    "  Leaves it without a credible sanction (SEQ): " + "; ".join(free) + "."
                )
        if result.status_quo is not None:
            reach = sorted(
                {
                    s
                    for x in st.concepts
                    for s in eq[x]
                    if s != sq and result.status_quo.reachable(s)
                }
            )
            if reach:
                out.append(
                    "  Unilateral improvements from it reach the equilibria: "
                    + _some([s + 1 for s in reach])
                    + "."
                )
    if "gmr" in st.concepts and "seq" in st.concepts:
        out.append("Read Nash and SEQ first: GMR and SMR count any answer as a sanction,")
        out.append("even one that costs the sanctioner; SEQ counts only credible ones.")
    out.append("")
    return out


def to_text(result: ConflictResult) -> str:
    """The report's body: a summary, options and states, preferences, the stability tableau,
    equilibria, paths from the status quo, coalitions and the inverse analysis."""
    c = result.conflict
    st = result.stability
    out = summary_lines(result)
    out.append(
        "Decision makers: "
        + ", ".join(f"{d.id} ({d.name})" if d.name != d.id else d.id for d in c.dms)
    )
    out.append(
        f"{c.n_states} feasible states (numbered by code rank: in increasing order of the "
        "code, the sum of 2^i over the options taken, i in option order; '-' = merged, "
        "either)"
    )
    out.extend(option_table(c))
    if c.status_quo is not None:
        out.append(f"Status quo: state {c.status_quo + 1}")
    out.append("")
    out.append("Preferences (most preferred first; [a b] = tie):")
    for i, d in enumerate(c.dms):
        if c.n_states <= LONG:
            out.append(f"  {d.id}: {_ranking_text(c.ranking(i))}")
        else:
            top = c.ranking(i)[0]
            out.append(
                f"  {d.id}: ranks {c.n_states} states (--json lists them); most "
                f"preferred: {', '.join(map(str, top[:8]))}{' ...' if len(top) > 8 else ''}"
            )
        if c.statements and c.statements[i]:
            out.append("      from statements: " + "; ".join(c.statements[i]))
    out.append("")
    out.append(f"Stability (convention '{st.convention}': {CONVENTIONS[st.convention]})")
    if "sim" in st.concepts or "seqsim" in st.concepts:
        out.append(
            f"Simultaneous '{st.simultaneous}': {SIMULTANEOUS[st.simultaneous]} "
            "(the convention does not apply to SIM); SEQ&SIM = SEQ or SIM stable"
        )
    cols = [d.id[:5] for d in c.dms]
    group = " ".join(cols)
    width = {x: max(len(CONCEPT_NAMES[x]), len(group) + 2) for x in st.concepts}
    out.append("state  " + "  ".join(f"{CONCEPT_NAMES[x]:<{width[x]}}" for x in st.concepts))
    out.append(
        "       "
        + "  ".join(f"{group:<{width[x]}}" for x in st.concepts)
        + "   (S stable, . not; * equilibrium)"
    )
    shown = range(c.n_states)
    if c.n_states > LONG:
        keep = set()
        for x in st.concepts:
            keep.update(int(v) for v in st.equilibria(x))
        if c.status_quo is not None:
            keep.add(c.status_quo)
        shown = sorted(keep)
    for s in shown:
        cells = []
        for x in st.concepts:
            col = st.stable[x][:, s]
            cell = " ".join(("S" if v else ".").ljust(len(n)) for v, n in zip(col, cols))
            cell += " *" if col.all() else ""
            cells.append(f"{cell:<{width[x]}}")
        extra = f"   {c.pattern_text(s)}"
        if c.n_states > WIDE:
            extra += f"  {c.describe(s)}" + ("  <- status quo" if s == c.status_quo else "")
        out.append(f"{s + 1:>5}  " + "  ".join(cells) + extra)
    if len(shown) < c.n_states:
        out.append(
            f"  ({c.n_states - len(shown)} states that are no equilibrium and not the "
            "status quo are not shown; --json has every state)"
        )
    out.append("")
    out.append("Equilibria (stable for every decision maker):")
    for x in st.concepts:
        eq = st.equilibria(x)
        if not eq.size:
            out.append(f"  {CONCEPT_NAMES[x]:<9} none")
        elif eq.size <= MANY:
            out.append(f"  {CONCEPT_NAMES[x]:<9} " + ", ".join(c.describe(s) for s in eq))
        else:
            out.append(
                f"  {CONCEPT_NAMES[x]:<9} {eq.size} states: " + ", ".join(str(s + 1) for s in eq)
            )
    all_eq = sorted({int(s) for x in st.concepts for s in st.equilibria(x)})
    if result.status_quo is not None:
        sq = result.status_quo
        out.append("")
        out.append(f"From the status quo (state {sq.start + 1}) by unilateral improvements:")
        unreachable = []
        for s in all_eq:
            if sq.reachable(s):
                out.append(f"  state {s + 1}: {_path_text(c, sq.paths[s])}")
            else:
                unreachable.append(s + 1)
        if unreachable:
            out.append(
                "  not reachable by unilateral improvements: " + ", ".join(map(str, unreachable))
            )
            sqc = result.status_quo_coalitions
            if sqc is not None:
                joint = [s - 1 for s in unreachable if sqc.reachable(s - 1)]
                for s in joint:
                    out.append(
                        f"  state {s + 1} once coalitions move too: {_path_text(c, sqc.paths[s])}"
                    )
                rest = [s for s in unreachable if not sqc.reachable(s - 1)]
                if joint and rest:
                    out.append(
                        "  not reachable even with coalition moves: " + ", ".join(map(str, rest))
                    )
        out.append("")
        out.append(f"Why the status quo (state {sq.start + 1}) is or is not stable:")
        for line in _explain_lines(result, sq.start):
            out.append("  " + line)
    if result.coalitions is not None:
        co = result.coalitions
        out.append("")
        out.append(
            "Coalitions (joint moves; a coalition improvement is preferred by every member):"
        )
        multi = {k: v for k, v in co.improvements.items() if len(k) > 1}
        eqs = ", ".join(str(s + 1) for s in co.equilibria) or "none"
        out.append(
            f"  coalition equilibria (no coalition, single DMs included, can improve): {eqs}"
        )
        solo = set()  # improvements one member makes alone are not shown as joint moves
        for pairs in (v for k2, v in co.improvements.items() if len(k2) == 1):
            solo.update(pairs)
        lines = []
        for s in all_eq:
            under = ", ".join(CONCEPT_NAMES[x] for x in st.concepts if st.stable[x][:, s].all())
            for coal, pairs in multi.items():
                tos = sorted({b + 1 for a, b in pairs if a == s and (a, b) not in solo})
                if tos:
                    lines.append(
                        f"  equilibrium {s + 1} ({under}): coalition "
                        f"{{{', '.join(c.dms[i].id for i in coal)}}} can move jointly "
                        f"to {', '.join(map(str, tos))}"
                    )
        if len(lines) <= 3 * MANY:
            out.extend(lines)
        else:
            hit = len({ln.split(":")[0] for ln in lines})
            out.append(
                f"  {hit} of the {len(all_eq)} equilibria can be improved on by a "
                "coalition of two or more (--json lists the joint moves)"
            )
    if result.partition is not None:
        out.append("")
        out.extend(partition_text_lines(c, result.partition))
    if result.hypergame is not None:
        out.append("")
        out.extend(hypergame_text_lines(c, result.hypergame))
    if result.limited is not None:
        out.append("")
        out.extend(limited_text_lines(c, result.limited))
    if result.inverse is not None:
        inv = result.inverse
        out.append("")
        out.append(
            f"Inverse analysis: rankings of {c.dms[inv.dm].id} (of {inv.total} strict "
            f"rankings, others fixed) that make state {inv.state + 1} an equilibrium:"
        )
        for x, n in inv.counts.items():
            out.append(f"  {CONCEPT_NAMES[x]:<9} " + ("not computed" if n is None else str(n)))
    return "\n".join(out) + "\n"


def outcomes(result: ConflictResult) -> tuple[str, ...]:
    """One label per (concept, equilibrium): ``"SEQ: state 5 (MoE: -; UR: delay; LG: insist)"``,
    or ``"SEQ: no equilibrium"``."""
    c = result.conflict
    st = result.stability
    out = []
    for x in st.concepts:
        eq = st.equilibria(x)
        if not eq.size:
            out.append(f"{CONCEPT_NAMES[x]}: no equilibrium")
        out.extend(f"{CONCEPT_NAMES[x]}: state {c.describe(int(s))}" for s in eq)
    return tuple(out)


def _explain(result: ConflictResult, state: int) -> dict:
    """Per DM and concept: improvements from ``state`` and their shortest sanctions."""
    c = result.conflict
    st = result.stability
    out: dict = {}
    for i, d in enumerate(c.dms):
        out[d.id] = {}
        for x in st.concepts:
            if result.out_of_time():  # the rest is left out; the caller says so
                continue
            out[d.id][x] = [
                {
                    "to": e.to + 1,
                    "sanction": None
                    if e.sanction is None
                    else [
                        {"mover": c.dms[m].id, "from": a + 1, "to": b + 1} for m, a, b in e.sanction
                    ],
                }
                for e in explain_state(c, i, state, x, st.convention, st.simultaneous)
            ]
    return out


def _explain_lines(result: ConflictResult, state: int) -> list[str]:
    c = result.conflict
    st = result.stability
    lines = []
    data = _explain(result, state)
    for d in c.dms:
        per = data[d.id]
        if len(per) < len(st.concepts):
            lines.append(
                f"{d.id}: not explained (the time limit ran out; the stability results "
                "above are complete)"
            )
            continue
        targets = sorted({e["to"] for x in st.concepts for e in per[x]})
        if not targets:
            lines.append(f"{d.id}: no unilateral improvement (stable under every concept)")
            continue
        for t in targets:
            free = [
                CONCEPT_NAMES[x]
                for x in st.concepts
                if any(e["to"] == t and e["sanction"] is None for e in per[x])
            ]
            blocked = []
            for x in st.concepts:
                for e in per[x]:
                    if e["to"] == t and e["sanction"]:
                        path = f"{t}" + "".join(
                            f" -{m['mover']}-> {m['to']}" for m in e["sanction"]
                        )
                        blocked.append(f"{CONCEPT_NAMES[x]}: {path}")
            text = f"{d.id} can improve to {t}"
            if free:
                text += f"; unsanctioned under {', '.join(free)}"
            if blocked:
                text += "; sanctioned (" + "; ".join(blocked) + ")"
            lines.append(text)
    return lines


def to_dict(result: ConflictResult) -> dict:
    """The JSON body (plain JSON types; the contract adds the envelope and the notes)."""
    c = result.conflict
    st = result.stability
    data = {
        "convention": st.convention,
        "convention_text": CONVENTIONS[st.convention],
        "simultaneous": st.simultaneous,
        "simultaneous_text": SIMULTANEOUS[st.simultaneous],
        "decision_makers": [
            {
                "id": d.id,
                "name": d.name,
                "options": [
                    {
                        "id": c.options[o].id,
                        "label": c.options[o].label,
                        "irreversible": c.options[o].irreversible,
                    }
                    for o in d.options
                ],
            }
            for d in c.dms
        ],
        "states": [
            {
                "number": s + 1,
                "code": int(c.codes[s]),
                "pattern": c.pattern_text(s),
                "description": c.describe(s),
            }
            for s in range(c.n_states)
        ],
        "preferences": {d.id: c.ranking(i) for i, d in enumerate(c.dms)},
        "status_quo": None if c.status_quo is None else c.status_quo + 1,
        "equilibria": {x: [int(s) + 1 for s in st.equilibria(x)] for x in st.concepts},
        "stable_states": {
            x: {
                d.id: [int(s) + 1 for s in range(c.n_states) if st.stable[x][i, s]]
                for i, d in enumerate(c.dms)
            }
            for x in st.concepts
        },
        "moves": move_edges(c),
    }
    if result.status_quo is not None:
        sq = result.status_quo
        data["status_quo_paths"] = {
            str(t + 1): [{"mover": c.dms[m].id, "from": a + 1, "to": b + 1} for m, a, b in p]
            for t, p in sorted(sq.paths.items())
        }
        data["status_quo_explained"] = _explain(result, sq.start)
        if result.out_of_time():
            data["status_quo_explained_partial"] = True
    if result.status_quo_coalitions is not None:
        data["status_quo_paths_with_coalitions"] = {
            str(t + 1): [{"mover": _mover_json(c, m), "from": a + 1, "to": b + 1} for m, a, b in p]
            for t, p in sorted(result.status_quo_coalitions.paths.items())
        }
    if result.coalitions is not None:
        co = result.coalitions
        data["coalitions"] = {
            "equilibria": [s + 1 for s in co.equilibria],
            "improvements": [
                {
                    "coalition": [c.dms[i].id for i in coal],
                    "moves": [[a + 1, b + 1] for a, b in pairs],
                }
                for coal, pairs in co.improvements.items()
            ],
        }
    if result.partition is not None:
        data["partition"] = result.partition.to_dict(c)
    if result.hypergame is not None:
        data["hypergame"] = result.hypergame.to_dict(c)
    if result.limited is not None:
        data["limited_move"] = result.limited.to_dict(c)
    if result.inverse is not None:
        inv = result.inverse
        data["inverse"] = {
            "decision_maker": c.dms[inv.dm].id,
            "state": inv.state + 1,
            "rankings": inv.total,
            "counts": inv.counts,
            "examples": inv.example,
        }
    return jsonable(data)
