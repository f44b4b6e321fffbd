"""YAML -> :class:`~sim.conflict.model.Conflict`, with located errors (kind ``conflict``).

The format is documented in ``docs/conflict.md``.  Every problem is reported with
``file:line:col`` and a sentence saying what to change; all problems of a file at once where
they do not depend on each other.
"""

from __future__ import annotations

import numpy as np

from ..scenario.common import HEADER_KEYS, Meta
from ..scenario.errors import Location, Problems, ScenarioError, did_you_mean
from ..scenario.yamlsrc import Map, Scalar, Seq, expect
from .conditions import Condition, compile_condition
from .model import MAX_OPTIONS, Conflict, DecisionMaker, Option, build_conflict, option_bits
from .preferences import ranking_to_preference, statements_to_preference
from .stability import CONCEPTS, CONVENTIONS, SIMULTANEOUS

__all__ = ["CONFLICT_KEYS", "load_conflict"]

CONFLICT_KEYS = (
    "decision_makers",
    "infeasible",
    "merge",
    "preferences",
    "perceptions",
    "status_quo",
    "settings",
)
DM_KEYS = ("name", "about", "options")
OPTION_KEYS = ("label", "why", "irreversible")
RULE_FORMS = ("condition", "at_most_one", "exactly_one", "at_least_one")
PREF_KEYS = ("statements", "ranking", "why")
SETTING_KEYS = ("convention", "concepts", "simultaneous")
_IRREVERSIBLE = {
    "no": "no",
    "false": "no",
    "False": "no",
    "both": "no",
    "yes": "taken",
    "true": "taken",
    "True": "taken",
    "taken": "taken",
    "dropped": "dropped",
}


def _text(node, what: str) -> str:
    return expect(node, Scalar, what).value.strip()


def _parse_dms(node, problems: Problems):
    m = expect(node, Map, "decision_makers")
    if len(m.entries) < 2:
        raise ScenarioError(
            "a conflict needs at least two decision makers under 'decision_makers'", m.loc
        )
    dms: list[DecisionMaker] = []
    options: list[Option] = []
    names: dict[str, dict[str, int]] = {}
    for key, val in m.items():
        did = key.value
        try:
            if not did.isidentifier():
                raise ScenarioError(
                    f"decision maker id {did!r} must be one word of letters, "
                    "digits and underscores (it is used as DM.option)",
                    key.loc,
                )
            spec = expect(val, Map, f"decision maker '{did}'")
            spec.check_keys(DM_KEYS, where=f"in decision maker '{did}'")
            name = _text(spec.get("name"), "name") if "name" in spec else did
            about = _text(spec.get("about"), "about") if "about" in spec else ""
            onode = expect(
                spec.require("options", f"the yes/no options of {did}"), Map, f"options of {did}"
            )
            if not onode.entries:
                raise ScenarioError(f"{did} has no options; give at least one", onode.loc)
            idx: list[int] = []
            names[did] = {}
            for okey, oval in onode.items():
                oid = okey.value
                if not oid.isidentifier():
                    problems.add(
                        okey.loc,
                        f"option id {oid!r} of {did} must be one word of "
                        "letters, digits and underscores",
                    )
                    continue
                label, why, irr = oid, "", "no"
                if isinstance(oval, Scalar):
                    if not oval.is_null:
                        label = oval.value.strip()
                elif isinstance(oval, Map):
                    oval.check_keys(OPTION_KEYS, problems, where=f"in option '{did}.{oid}'")
                    if "label" in oval:
                        label = _text(oval.get("label"), "label")
                    if "why" in oval:
                        why = _text(oval.get("why"), "why")
                    if "irreversible" in oval:
                        raw = _text(oval.get("irreversible"), "irreversible")
                        if raw not in _IRREVERSIBLE:
                            problems.add(
                                oval.get("irreversible").loc,
                                f"irreversible must be no, yes (= taken: once taken it "
                                f"cannot be undone) or dropped (once dropped it cannot "
                                f"be taken again), not {raw!r}",
                            )
                        else:
                            irr = _IRREVERSIBLE[raw]
                else:
                    problems.add(
                        oval.loc,
                        f"option '{did}.{oid}': write its label as text or "
                        "a mapping with label, why, irreversible",
                    )
                    continue
                names[did][oid] = len(options)
                idx.append(len(options))
                options.append(Option(oid, label, len(dms), irr, why))
            dms.append(DecisionMaker(did, name, tuple(idx), about))
        except ScenarioError as exc:
            problems.extend(exc)
    return dms, options, names


def _cond(node, names, what: str) -> Condition:
    sc = expect(node, Scalar, what)
    loc = sc.loc.shifted(1) if sc.quoted else sc.loc
    return compile_condition(sc.text(what), loc, names, what)


def _option_list(node, names, what: str) -> list[int]:
    seq = expect(node, Seq, what)
    out = []
    for item in seq:
        c = _cond(item, names, f"entry of {what}")
        if len(c.options) != 1 or c.text.lstrip().startswith(("-", "not", "!")):
            raise ScenarioError(
                f"each entry of {what} names one option (DM.option), not {c.text!r}", item.loc
            )
        out.append(next(iter(c.options)))
    if len(out) < 2:
        raise ScenarioError(f"{what} needs at least two options", seq.loc)
    return out


def _rule(node, names, bits: np.ndarray, what: str) -> np.ndarray:
    """Bool over all codes: where the rule *removes* (infeasible) or *selects* (merge)."""
    if isinstance(node, Scalar):
        return _cond(node, names, what)(bits)
    m = expect(node, Map, what)
    m.check_keys(RULE_FORMS + ("why",), where=f"in this {what}")
    forms = [f for f in RULE_FORMS if f in m]
    if len(forms) != 1:
        raise ScenarioError(
            f"each {what} has exactly one of: {', '.join(RULE_FORMS)} (plus an optional 'why')",
            m.loc,
        )
    form = forms[0]
    if form == "condition":
        return _cond(m.get(form), names, what)(bits)
    opts = _option_list(m.get(form), names, form)
    count = bits[:, opts].sum(axis=1)
    if form == "at_most_one":
        return count > 1
    if form == "exactly_one":
        return count != 1
    return count < 1


def _parse_ranking(node, k: int, dm: str, conflict: Conflict, problems: Problems):
    seq = expect(node, Seq, f"ranking of {dm}")
    groups: list[list[int]] = []
    seen: dict[int, Location] = {}
    ok = True
    for item in seq:
        members = list(item) if isinstance(item, Seq) else [item]
        group = []
        for mnode in members:
            if not isinstance(mnode, Scalar):
                problems.add(
                    mnode.loc,
                    f"ranking of {dm}: write state numbers, or a list of state numbers for a tie",
                )
                ok = False
                continue
            raw = mnode.value.strip()
            if not raw.isdigit():
                problems.add(mnode.loc, f"ranking of {dm}: {raw!r} is not a state number (1..{k})")
                ok = False
                continue
            s = int(raw)
            if not 1 <= s <= k:
                problems.add(
                    mnode.loc,
                    f"ranking of {dm}: state {s} does not exist; this conflict has states 1..{k}",
                )
                ok = False
                continue
            if s in seen:
                problems.add(
                    mnode.loc,
                    f"ranking of {dm}: state {s} appears twice (first at "
                    f"line {seen[s].line}, column {seen[s].col}); list each "
                    "state once",
                )
                ok = False
                continue
            seen[s] = mnode.loc
            group.append(s - 1)
        if group:
            groups.append(group)
    missing = [s for s in range(1, k + 1) if s not in seen]
    if missing:
        shown = ", ".join(conflict.describe(s - 1) for s in missing[:6])
        more = f" and {len(missing) - 6} more" if len(missing) > 6 else ""
        problems.add(
            seq.loc,
            f"ranking of {dm} misses state(s) {shown}{more}; rank all {k} "
            "feasible states (a nested list is a tie)",
        )
        ok = False
    return ranking_to_preference(groups, k) if ok else None


def _parse_status_quo(node, names, problems: Problems, k: int):
    if isinstance(node, Scalar) and node.value.strip().isdigit():
        s = int(node.value.strip())
        if not 1 <= s <= k:
            problems.add(node.loc, f"status_quo: state {s} does not exist; states are 1..{k}")
            return None
        return ("state", s - 1)
    if isinstance(node, Scalar) and node.is_null:
        return None
    seq = expect(node, Seq, "status_quo")
    code = 0
    first: dict[int, int] = {}
    for item in seq:
        c = _cond(item, names, "status_quo entry")
        if len(c.options) != 1 or c.text.lstrip().startswith(("-", "not", "!")):
            problems.add(
                item.loc, "status_quo lists the options taken (DM.option), or is one state number"
            )
            return None
        opt = next(iter(c.options))
        if opt in first:
            problems.add(
                item.loc,
                f"status_quo lists {item.value.strip() if isinstance(item, Scalar) else opt} "
                f"twice (first at line {first[opt]}); list each option taken once",
            )
            return None
        first[opt] = item.loc.line
        code |= 1 << opt
    return ("code", code)


def load_conflict(doc: Map, meta: Meta) -> Conflict:
    problems = Problems()
    doc.check_keys(HEADER_KEYS + CONFLICT_KEYS, problems, where="at the top level")
    try:
        dms, options, names = _parse_dms(
            doc.require("decision_makers", "who takes part and their yes/no options"), problems
        )
    except ScenarioError as exc:
        problems.extend(exc)
        problems.raise_if_any()
        raise
    problems.raise_if_any()
    m = len(options)
    if m > MAX_OPTIONS:
        raise ScenarioError(
            f"{m} options give 2^{m} combinations; negsim handles at most "
            f"{MAX_OPTIONS} options in one conflict",
            doc.get("decision_makers").loc,
        )
    bits = option_bits(m, np.arange(1 << m, dtype=np.int64))
    feasible = np.ones(1 << m, dtype=bool)
    if "infeasible" in doc and not (
        isinstance(doc.get("infeasible"), Scalar) and doc.get("infeasible").is_null
    ):
        for item in expect(doc.get("infeasible"), Seq, "infeasible"):
            try:
                feasible &= ~_rule(item, names, bits, "infeasible rule")
            except ScenarioError as exc:
                problems.extend(exc)
    merges = []
    if "merge" in doc and not (isinstance(doc.get("merge"), Scalar) and doc.get("merge").is_null):
        for item in expect(doc.get("merge"), Seq, "merge"):
            try:
                merges.append(_rule(item, names, bits, "merge rule"))
            except ScenarioError as exc:
                problems.extend(exc)
    problems.raise_if_any()
    if not feasible.any():
        raise ScenarioError(
            "the 'infeasible' rules remove every state; relax them", doc.get("infeasible").loc
        )

    settings = {"convention": "sequence", "concepts": CONCEPTS}
    if "settings" in doc:
        sm = expect(doc.get("settings"), Map, "settings")
        sm.check_keys(SETTING_KEYS, problems, where="in settings")
        if "convention" in sm:
            conv = _text(sm.get("convention"), "convention")
            if conv not in CONVENTIONS:
                problems.add(
                    sm.get("convention").loc,
                    f"unknown convention {conv!r}{did_you_mean(conv, list(CONVENTIONS))}",
                )
            settings["convention"] = conv
        if "simultaneous" in sm:
            simul = _text(sm.get("simultaneous"), "simultaneous").lower()
            if simul not in SIMULTANEOUS:
                problems.add(
                    sm.get("simultaneous").loc,
                    f"unknown simultaneous setting {simul!r}"
                    f"{did_you_mean(simul, list(SIMULTANEOUS))}; use one of "
                    f"{', '.join(SIMULTANEOUS)}",
                )
            settings["simultaneous"] = simul
        if "concepts" in sm:
            cs = []
            for item in expect(sm.get("concepts"), Seq, "concepts"):
                c = _text(item, "concept").lower()
                if c not in CONCEPTS:
                    problems.add(
                        item.loc,
                        f"unknown stability concept {c!r}{did_you_mean(c, list(CONCEPTS))}",
                    )
                cs.append(c)
            settings["concepts"] = tuple(c for c in CONCEPTS if c in cs)

    conflict = build_conflict(
        meta.title,
        tuple(dms),
        tuple(options),
        feasible,
        tuple(merges),
        meta=meta,
        settings=settings,
    )
    k = conflict.n_states

    # preferences, one entry per decision maker
    pnode = expect(
        doc.require("preferences", "how each decision maker ranks the states"), Map, "preferences"
    )
    ids = [d.id for d in dms]
    prefs: dict[str, np.ndarray] = {}
    texts: dict[str, tuple[str, ...]] = {}
    for key, val in pnode.items():
        did = key.value
        if did not in names:
            problems.add(
                key.loc, f"preferences for unknown decision maker '{did}'{did_you_mean(did, ids)}"
            )
            continue
        try:
            got = _preference_spec(val, did, names, conflict, problems)
        except ScenarioError as exc:
            problems.extend(exc)
            continue
        if got is not None:
            prefs[did], texts[did] = got
    missing = [d for d in ids if d not in prefs and pnode.key_node(d) is None]
    if missing:
        problems.add(
            pnode.loc,
            "no preferences for " + ", ".join(missing) + "; give "
            "'statements' or a 'ranking' for every decision maker",
        )
    sq = None
    if "status_quo" in doc:
        try:
            got = _parse_status_quo(doc.get("status_quo"), names, problems, k)
            if got is not None and got[0] == "state":
                sq = got[1]
            elif got is not None:
                sq = _state_of_code(conflict, feasible, merges, got[1])
                if sq is None:
                    problems.add(
                        doc.get("status_quo").loc,
                        "status_quo is not a feasible state (an 'infeasible' rule "
                        "removes it); check the options listed",
                    )
        except ScenarioError as exc:
            problems.extend(exc)
    views: dict = {}
    unaware: dict = {}
    if "perceptions" in doc:
        views, unaware = _perceptions(doc.get("perceptions"), names, conflict, problems)
    problems.raise_if_any()
    pref = np.stack([prefs[d] for d in ids])
    from dataclasses import replace

    out = conflict.with_preference(pref)
    if views or unaware:
        out = replace(out, settings={**out.settings, "perceptions": views, "unaware": unaware})
    return replace(out, status_quo=sq, statements=tuple(texts[d] for d in ids))


def _preference_spec(val, did: str, names, conflict: Conflict, problems: Problems):
    """One preference spec (``statements`` or ``ranking``) → ``(vector, statement texts)``, or
    ``None`` after recording problems.  ``did`` names whose preferences these are (or whose
    view of whom, for ``perceptions``)."""
    k = conflict.n_states
    spec = expect(val, Map, f"preferences of {did}")
    spec.check_keys(PREF_KEYS, where=f"in preferences of {did}")
    has_s, has_r = "statements" in spec, "ranking" in spec
    if has_s == has_r:
        raise ScenarioError(
            f"preferences of {did}: give either 'statements' (option "
            "prioritization, most important first) or 'ranking' (state "
            "numbers, most preferred first), not "
            f"{'both' if has_s else 'neither'}",
            spec.loc,
        )
    if has_r:
        pv = _parse_ranking(spec.get("ranking"), k, did, conflict, problems)
        return None if pv is None else (pv, ())
    stmts: list[Condition] = []
    snode = expect(spec.get("statements"), Seq, f"statements of {did}")
    for item in snode:
        try:
            if isinstance(item, Map):
                item.check_keys(("statement", "why"), where="in this statement")
                item = item.require("statement", "the condition, e.g. -DPRK.test")
            stmts.append(_cond(item, names, f"statement of {did}"))
        except ScenarioError as exc:
            problems.extend(exc)
    if not len(snode):
        raise ScenarioError(
            f"preferences of {did}: 'statements' is empty", spec.get("statements").loc
        )
    if len(stmts) < len(snode):
        return None
    return statements_to_preference(stmts, conflict.patterns), tuple(s.text for s in stmts)


def _perceptions(node, names, conflict: Conflict, problems: Problems) -> dict:
    """The ``perceptions`` key (first-level hypergame views), see :mod:`.hypergame`."""
    from .hypergame import parse_perceptions

    def one(spec, label):
        try:
            got = _preference_spec(spec, label, names, conflict, problems)
        except ScenarioError as exc:
            problems.extend(exc)
            return None
        return None if got is None else got[0]

    def uses(spec):
        """``(location, option indices)`` of each statement of a spec that compiles."""
        out = []
        snode = spec.get("statements") if isinstance(spec, Map) else None
        if not isinstance(snode, Seq):
            return out
        for item in snode:
            if isinstance(item, Map):
                item = item.get("statement")
            if item is None:
                continue
            try:
                out.append((item.loc, set(_cond(item, names, "statement").options)))
            except ScenarioError:
                continue  # reported by parse_one
        return out

    return parse_perceptions(node, names, conflict, problems, one, uses)


def _state_of_code(conflict: Conflict, feasible: np.ndarray, merges, code: int) -> int | None:
    """The state (0-based) that contains the option combination ``code``, or None."""
    if not feasible[code]:
        return None
    rep = code
    taken = np.zeros_like(feasible)
    for mask in merges:
        mask = np.asarray(mask, dtype=bool) & feasible & ~taken
        if mask[code]:
            rep = int(np.flatnonzero(mask).min())
            break
        taken |= mask
    hit = np.flatnonzero(conflict.codes == rep)
    return int(hit[0]) if hit.size else None
