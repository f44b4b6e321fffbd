"""The step-by-step explanation of a normal-form game.

Sections, in reading order: the game in words, the payoff table, dominance, best responses,
equilibria (with deviation payoffs and, for mixed equilibria, the indifference conditions
solved step by step), what the result means (archetype, efficiency, the scenario's claims), what
would change it (parameter thresholds), and sources.  The two sections about the equilibria (why
no one deviates, what the result means) are in :mod:`sim.normal_form.explain_equilibria`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from ..explain.model import Block, Bullets, Explanation, Paragraph, Section, Sections, Table
from ..game import Game
from ..results import SolveResult
from .explain_archetypes import classify_2x2
from .explain_dominance import dominance_steps, prove_steps
from .explain_equilibria import section_equilibria, section_meaning
from .explain_thresholds import scan, section_thresholds
from .explain_words import and_list, eq_label, num, others_label, prob
from .inert import inert_parameters
from .tables import payoff_tables

__all__ = ["explain", "explain_game"]

MAX_BR_ROWS = 36  # best-response tables longer than this are summarised


# -- the game in words -----------------------------------------------------------------------


def _section_game(game: Game, scenario, parameters: Mapping | None) -> Section:
    blocks: list[Block] = []
    meta = getattr(scenario, "meta", None)
    if meta is not None and meta.summary:
        blocks.append(Paragraph(" ".join(meta.summary.split())))
    n = game.n_players
    who = and_list(
        f"{game.player_names[i]} ({p})" if game.player_names[i] != p else p
        for i, p in enumerate(game.players)
    )
    blocks.append(
        Paragraph(
            f"{n} players choose at the same time, without seeing each other's choice: {who}."
        )
    )
    specs = {p.id: p for p in getattr(scenario, "players", ())}
    items = []
    for i, p in enumerate(game.players):
        opts = []
        for s, label in zip(game.strategies[i], game.strategy_names[i]):
            opts.append(f"{s} ({label})" if label != s else s)
        line = f"{p} chooses between {and_list(opts, 'or')}."
        about = getattr(specs.get(p), "about", "")
        if about:
            line += " " + " ".join(about.split())
        items.append(line)
    blocks.append(Bullets(tuple(items)))
    formulas = getattr(scenario, "formulas", None)
    if formulas:
        blocks.append(
            Paragraph(
                "What each player cares about (its payoff formula; "
                "Player.strategy is 1 when that player makes that choice, "
                "else 0):"
            )
        )
        blocks.append(Bullets(tuple(f"{p}: {e.text}" for p, e in zip(game.players, formulas))))
    params = getattr(scenario, "parameters", ())
    if params:
        rows = []
        for prm in params:
            v = parameters.get(prm.name, prm.value) if parameters else prm.value
            rng = ""
            if prm.min is not None or prm.max is not None:
                lo = "" if prm.min is None else num(prm.min)
                hi = "" if prm.max is None else num(prm.max)
                rng = f"{lo} to {hi}"
            shown = num(v) if v == prm.value else f"{num(v)} (default {num(prm.value)})"
            rows.append((prm.name, shown, rng, " ".join(prm.about.split())))
        blocks.append(
            Table(
                ("parameter", "value", "range", "meaning"),
                tuple(rows),
                caption="Parameters: every number is a modelling assumption",
            )
        )
    return Section("game", "The game in words", tuple(blocks))


def _section_payoffs(game: Game, result: SolveResult | None) -> Section:
    marks = set()
    if result is not None:
        for eq in result.equilibria:
            prof = eq.pure_profile()
            if prof is not None:
                marks.add(prof)
    blocks: list[Block] = [
        Paragraph(
            f"Each cell lists the payoffs in player order ({', '.join(game.players)}). "
            + ("Highlighted cells are pure-strategy equilibria." if marks else "")
        )
    ]
    for t in payoff_tables(game):
        corner = f"{t.row_player} \\ {t.col_player}" if t.col_player else t.row_player
        rows = tuple((label,) + tuple(cells) for label, cells in zip(t.row_labels, t.cells))
        hl = frozenset(
            (r, c + 1)
            for r in range(len(t.row_labels))
            for c in range(len(t.col_labels))
            if t.profiles[r][c] in marks
        )
        blocks.append(Table((corner,) + tuple(t.col_labels), rows, caption=t.title, highlight=hl))
    return Section("payoffs", "Payoff table", tuple(blocks))


# -- dominance --------------------------------------------------------------------------------


def _section_dominance(game: Game, dominance=None) -> Section:
    try:
        steps, source = dominance_steps(game, dominance)
    except (ValueError, KeyError, StopIteration):
        steps, source = [], "unreadable"
    blocks: list[Block] = [
        Paragraph(
            "A strategy is strictly dominated when some other strategy (or a mixture of "
            "strategies) pays its player more whatever the others do. No sensible player uses it, "
            "so we can cross it out, and then look again: crossing out one player's strategy can "
            "make another player's strategy dominated."
        )
    ]
    if source == "fallback":
        blocks.append(
            Paragraph(
                "(Only domination by pure strategies was checked: the dominance "
                "module is not installed.)"
            )
        )
    if source == "partial":
        blocks.append(
            Paragraph(
                "(The search for dominated strategies reached the time limit "
                + (
                    f"after {len(steps)} step{'s' if len(steps) != 1 else ''}: the steps below "
                    "are proved, but more strategies may be dominated.)"
                    if steps
                    else "before it found a dominated strategy: some may still be dominated.)"
                )
            )
        )
    if not steps and source == "partial":
        return Section("dominance", "Dominated strategies", tuple(blocks))
    if not steps:
        blocks.append(
            Paragraph(
                "Here no strategy is strictly dominated, so dominance alone does "
                "not settle the game; we need best responses and equilibria."
            )
        )
        blocks.extend(_weak_note(game, source, seconds=getattr(dominance, "seconds", None)))
        return Section("dominance", "Dominated strategies", tuple(blocks))
    proofs = prove_steps(game, steps)
    for k, pf in enumerate(proofs, 1):
        st = pf.step
        i = st.player
        p = game.players[i]
        bad = game.strategies[i][st.strategy]
        if len(st.by) == 1:
            by = game.strategies[i][st.by[0][0]]
            by_col = f"{by} pays"
        else:
            by = "the mixture " + " + ".join(f"{prob(q)} {game.strategies[i][s]}" for s, q in st.by)
            by_col = "mixture pays"
        kind = "strictly" if st.strict else "weakly"
        if pf.margin > 0:
            how = f"by at least {num(pf.margin)}"
        else:
            how = "never worse and sometimes better"
        remaining_note = ""
        if k > 1:
            remaining_note = " among the strategies still in play"
        blocks.append(
            Paragraph(
                f"Step {k}: for {p}, {bad} is {kind} dominated by {by}{remaining_note}: whatever "
                f"the others do, {by} pays {p} more ({how}). Cross out {bad}."
            )
        )
        rows = []
        hl = set()
        for r, case in enumerate(pf.cases):
            rows.append(
                (
                    others_label(game, i, case.others),
                    num(case.dominated),
                    num(case.dominator),
                    num(case.margin),
                )
            )
            hl.add((r, 2))
        blocks.append(
            Table(
                ("when", f"{bad} pays", by_col, "difference"),
                tuple(rows),
                caption=f"Step {k}: {p}'s payoffs",
                highlight=frozenset(hl),
            )
        )
    keep = [list(range(n)) for n in game.shape]
    for st in steps:
        if st.strategy in keep[st.player]:
            keep[st.player].remove(st.strategy)
    left = "; ".join(
        f"{p}: {', '.join(game.strategies[i][k] for k in keep[i])}"
        for i, p in enumerate(game.players)
    )
    if all(len(k) == 1 for k in keep):
        prof = tuple(k[0] for k in keep)
        blocks.append(
            Paragraph(
                f"Only one outcome survives: ({game.profile_label(prof)}). The "
                "game is dominance-solvable; that outcome is its only "
                "equilibrium."
            )
        )
    else:
        blocks.append(Paragraph(f"What survives: {left}. Equilibria use only these strategies."))
        blocks.extend(
            _weak_note(game, source, len(steps), seconds=getattr(dominance, "seconds", None))
        )
    return Section("dominance", "Dominated strategies", tuple(blocks))


def _weak_note(
    game: Game, source: str, n_strict: int = 0, seconds: float | None = None
) -> list[Block]:
    """A remark when weak dominance removes more than strict dominance did."""
    if source != "module":
        return []
    try:
        # within the command's time limit (the strict elimination's), if it had one
        weak, weak_source = dominance_steps(game, weak=True, seconds=seconds)
    except (ValueError, KeyError, StopIteration):
        return []
    if weak_source != "module":
        return []
    extra = [st for st in weak if not st.strict]
    if not extra:
        return []
    said = []
    for st in extra[:4]:
        by = (
            game.strategies[st.player][st.by[0][0]]
            if len(st.by) == 1
            else "a mixture of " + and_list(game.strategies[st.player][k] for k, _ in st.by)
        )
        said.append(
            f"{game.players[st.player]}'s {game.strategies[st.player][st.strategy]} "
            f"is weakly dominated by {by} (it never pays more, and sometimes less)"
        )
    more = f" and {len(extra) - 4} more" if len(extra) > 4 else ""
    return [
        Paragraph(
            "Weak dominance goes further: " + and_list(said) + more + ". Crossing out weakly "
            "dominated strategies is a reasonable refinement, but the result can depend on the "
            "order of elimination and it can remove equilibria, so the equilibria below are of the "
            "game without it."
        )
    ]


# -- best responses ---------------------------------------------------------------------------


def _section_best_responses(game: Game) -> Section:
    src = game.exact if game.exact is not None else game.payoffs
    blocks: list[Block] = [
        Paragraph(
            "A best response is the choice that pays a player most, given what the others do. "
            "For each player and each choice of the others:"
        )
    ]
    for i, p in enumerate(game.players):
        others = [range(k) if j != i else [0] for j, k in enumerate(game.shape)]
        profiles = list(itertools.product(*others))
        if len(profiles) > MAX_BR_ROWS or game.shape[i] > 8:
            blocks.append(
                Paragraph(
                    f"{p}: {len(profiles)} combinations of the others' choices; "
                    "too many to list here."
                )
            )
            continue
        rows = []
        hl = set()
        summary = []
        for r, prof in enumerate(profiles):
            vals = [src[prof[:i] + (k,) + prof[i + 1 :] + (i,)] for k in range(game.shape[i])]
            best = max(vals)
            bests = [k for k, v in enumerate(vals) if v == best]
            for k in bests:
                hl.add((r, 1 + k))
            names = and_list((game.strategies[i][k] for k in bests), "or")
            rows.append((others_label(game, i, prof),) + tuple(num(v) for v in vals) + (names,))
            summary.append(bests)
        blocks.append(
            Table(
                ("when",) + tuple(f"{s} pays" for s in game.strategies[i]) + ("best response",),
                tuple(rows),
                caption=f"Best responses of {p}",
                highlight=frozenset(hl),
            )
        )
        first = summary[0]
        if len(first) == 1 and all(b == first for b in summary):
            blocks.append(
                Paragraph(
                    f"{p} has the same best response whatever the others do: "
                    f"{game.strategies[i][first[0]]} (a dominant strategy)."
                )
            )
    return Section("best-responses", "Best responses", tuple(blocks))


def _section_sources(scenario) -> Section | None:
    meta = getattr(scenario, "meta", None)
    if meta is None or not meta.sources:
        return None
    return Section(
        "sources", "Sources", (Bullets(tuple(" ".join(s.split()) for s in meta.sources)),)
    )


# -- entry point ------------------------------------------------------------------------------


def _facts(game: Game, result: SolveResult, scans) -> dict:
    eqs = []
    for eq in result.equilibria:
        eqs.append(
            {
                "label": eq_label(game, eq),
                "pure": eq.is_pure,
                "strategies": {
                    p: {s: prob(x) for s, x in zip(game.strategies[i], eq.strategies[i])}
                    for i, p in enumerate(game.players)
                },
                "payoffs": {p: num(eq.payoffs[i]) for i, p in enumerate(game.players)},
                "exact": eq.exact,
            }
        )
    ths = [
        {
            "parameter": th.parameter,
            "value": num(th.value) if th.exact else float(th.value),
            "exact": th.exact,
            "below": list(th.below),
            "at": list(th.at),
            "above": list(th.above),
        }
        for sc in scans or ()
        for th in sc.thresholds
    ]
    arch = classify_2x2(game)
    return {
        "equilibria": eqs,
        "status": result.status,
        "method": result.method,
        "thresholds": ths,
        "archetype": arch.key if arch else None,
    }


def _reading_order(result: SolveResult) -> SolveResult:
    """The one numbering of equilibria every output uses (:func:`sim.labels.reading_order`)."""
    from ..labels import reading_order

    return reading_order(result)


def explain_game(
    game: Game,
    result: SolveResult,
    *,
    scenario=None,
    parameters: Mapping | None = None,
    dominance=None,
    scans=None,
) -> Explanation:
    """Assemble the explanation of a solved normal-form game.

    ``scenario`` (optional) supplies the words: summary, strategy descriptions, ``about`` lines,
    parameters, claims, notes and sources.  ``dominance`` is a recorded elimination result (from
    :mod:`sim.solvers.dominance`; computed here when omitted).  ``scans`` are parameter scans from
    :func:`sim.explain.thresholds.scan_parameters` (no threshold section when ``None``).
    """
    result = _reading_order(result)
    sections = [
        _section_game(game, scenario, parameters),
        _section_payoffs(game, result),
        _section_dominance(game, dominance),
        _section_best_responses(game),
        section_equilibria(game, result),
        section_meaning(game, result, scenario),
    ]
    if result.details.get("correlated"):
        from .explain_correlated import section_correlated

        sections[4:6] = [section_correlated(game, result)]
    elif result.details.get("tom"):
        from .explain_tom import section_tom

        sections[4:6] = [section_tom(game, result)]
    elif result.details.get("ess"):
        from .explain_ess import section_ess

        sections[4:6] = [section_ess(game, result)]
    else:
        from .explain_selection import section_selection

        selection = section_selection(game, result)
        if selection is None:
            from .explain_basins import section_basins

            selection = section_basins(game, result)
        if selection is not None:
            sections.insert(5, selection)
    if scans is not None:
        inert = inert_parameters(scenario) if scenario is not None else ()
        sections.append(section_thresholds(scans, game.n_players, inert))
    src = _section_sources(scenario)
    if src is not None:
        sections.append(src)
    title = game.title or (scenario.meta.title if scenario is not None else "A game")
    dims = " x ".join(str(k) for k in game.shape)
    subtitle = f"A {game.n_players}-player game ({dims} strategies), explained step by step"
    if parameters:
        changed = {
            k: v
            for k, v in parameters.items()
            if scenario is not None and v != scenario.parameter(k).value
        }
        if changed:
            subtitle += "; with " + ", ".join(f"{k} = {num(v)}" for k, v in changed.items())
    return Explanation(title, tuple(sections), subtitle, _facts(game, result, scans))


def explain(
    result, thresholds: bool = True, *, threshold_time: float | None = None, **options
) -> tuple[Section, ...]:
    """The teaching sections of a normal-form result: the game in words, the payoff table,
    dominance, best responses, the equilibria and why no one deviates, what the result means,
    and (``thresholds``) what would change it.  Sources are added by the generic composer."""
    scans = None
    if thresholds and result.scenario.parameters:
        kw = {} if threshold_time is None else {"time_limit": threshold_time}
        scans = scan(result.scenario, _overrides(result), **kw)
    expl = explain_game(
        result.game,
        result.solve,
        scenario=result.scenario,
        parameters=result.parameters,
        dominance=result.dominance,
        scans=scans,
    )
    sections = [s for s in expl.sections if s.key != "sources"]
    if result.move_order is not None:
        from .move_order_report import move_order_section

        at = next((k for k, s in enumerate(sections) if s.key == "thresholds"), len(sections))
        sections.insert(at, move_order_section(result.game, result.solve, result.move_order))
    return Sections(tuple(sections), expl.facts)


def _overrides(result) -> dict:
    """The parameter values that differ from the scenario's defaults."""
    defaults = {p.name: p.value for p in result.scenario.parameters}
    return {k: v for k, v in result.parameters.items() if defaults.get(k) != v}
