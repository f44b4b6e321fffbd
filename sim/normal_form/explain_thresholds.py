"""The "what would change the result" section: where each parameter's thresholds lie.

The scan itself (exact thresholds from the payoff formulas, checked by solving around each) is
:func:`sim.explain.thresholds.scan_parameters`; here its findings become sentences and a table.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..explain.model import Block, Paragraph, Section, Table
from ..scenario.payoffs import NormalFormScenario
from .explain_words import and_list, num

__all__ = ["scan", "section_thresholds"]

#: seconds the parameter scan may take
SCAN_SECONDS = 30.0


def scan(
    scenario: NormalFormScenario,
    overrides: Mapping | None = None,
    *,
    time_limit: float = SCAN_SECONDS,
):
    """Each parameter's thresholds (a tuple of scans; empty when the scenario has none)."""
    if not scenario.parameters:
        return ()
    from ..explain.thresholds import scan_parameters

    return scan_parameters(scenario, overrides, time_limit=time_limit)


def _words(sig: tuple[str, ...], pure_only: bool = False) -> str:
    """An equilibrium set in words.  When the scan follows the pure equilibria only, an empty
    set is no *pure* equilibrium: every finite game has a mixed one (Nash, 1950)."""
    if not sig:
        return "no pure equilibrium" if pure_only else "no equilibrium found"
    return and_list(sig)


def section_thresholds(scans, n_players: int = 2, inert=()) -> Section:
    if not scans:
        return Section(
            "thresholds",
            "What would change the result",
            (
                Paragraph(
                    "This game has too many outcomes for a parameter scan here; `negsim sweep` "
                    "maps the equilibria over a grid of parameter values instead."
                ),
            ),
        )
    blocks: list[Block] = [
        Paragraph(
            "Each parameter was varied over its range with the others held fixed. Thresholds come "
            "from the payoff formulas (where a player's comparison between two choices flips) and "
            "are exact; each was checked by solving the game just below, at, and just above it."
        )
    ]
    if n_players > 2:
        blocks.append(
            Paragraph(
                f"With {n_players} players the scan follows the pure equilibria (an exact and "
                "complete computation); where the mixed equilibria change is not tracked here. "
                "`negsim sweep SCENARIO --vary NAME=FROM:TO:POINTS` follows every equilibrium, "
                "mixed ones included, and locates those changes too."
            )
        )
    rows = []
    quiet = []
    mixed_note = False
    for sc in scans:
        if not sc.thresholds:
            quiet.append(sc.parameter)
            continue
        pure = getattr(sc, "pure_only", False)
        eqs = "pure equilibria" if pure else "equilibria"

        def _set_text(sig: tuple[str, ...], _pure: bool = pure) -> str:
            return _words(sig, _pure)

        for th in sc.thresholds:
            if pure and not all((th.below, th.at, th.above, sc.current_set)):
                mixed_note = True
            value = num(th.value) if th.exact else f"{float(th.value):.6g}"
            eq_sign = "=" if th.exact else "≈"
            side = "above" if th.value > sc.current else "below"
            rows.append(
                (
                    sc.parameter,
                    num(sc.current),
                    value if th.exact else f"≈ {value}",
                    _set_text(th.below),
                    _set_text(th.at),
                    _set_text(th.above),
                )
            )
            why = ""
            if th.flips:
                why = (
                    " At that value "
                    + and_list(
                        f"{f.player} is indifferent between {f.a} and {f.b} when {f.others} "
                        f"(both pay {num(f.value)})"
                        for f in th.flips
                    )
                    + "."
                )
            change = (
                f"If {sc.parameter} moves {side} {'about ' if not th.exact else ''}{value} "
                f"(it is {num(sc.current)} now), "
                f"the {eqs} change from {_set_text(sc.current_set)} to "
                f"{_set_text(th.above if side == 'above' else th.below)}."
            )
            if side == "above" and th.below != sc.current_set:
                change = (
                    f"At {sc.parameter} {eq_sign} {value} the {eqs} change from "
                    f"{_set_text(th.below)} to {_set_text(th.above)}."
                )
            if side == "below" and th.above != sc.current_set:
                change = (
                    f"At {sc.parameter} {eq_sign} {value} the {eqs} change from "
                    f"{_set_text(th.below)} to {_set_text(th.above)}."
                )
            if th.exact and th.value == sc.current:
                change = (
                    f"{sc.parameter} = {value} is exactly at a threshold now (a knife "
                    f"edge): just below it the {eqs} are {_set_text(th.below)}; just "
                    f"above it, {_set_text(th.above)}."
                )
            blocks.append(Paragraph(change + why))
        if sc.note:
            blocks.append(Paragraph(f"{sc.parameter}: {sc.note}."))
    if mixed_note:
        blocks.append(
            Paragraph(
                "Where no pure equilibrium is left the game still has an equilibrium: every "
                "game with finitely many choices has at least one once players may mix (Nash, "
                "1950). This scan follows the pure ones; `negsim run` at that value lists the "
                "mixed ones."
            )
        )
    if rows:
        blocks.append(
            Table(
                ("parameter", "now", "threshold", "below it", "exactly at it", "above it"),
                tuple(rows),
                caption="Parameter thresholds",
            )
        )
    inert_names = [t.parameter for t in inert if t.parameter in quiet]
    quiet = [q for q in quiet if q not in inert_names]
    if quiet:
        blocks.append(
            Paragraph(
                f"Changing {and_list(quiet, 'or')} alone, anywhere in "
                f"{'its' if len(quiet) == 1 else 'their'} "
                "range, leaves the equilibria as they are (the probabilities of a mixed "
                "equilibrium may still move)."
            )
        )
    if inert_names:
        owners = {t.parameter: t.players for t in inert}
        parts = [f"{name} ({and_list(list(owners[name]))}'s payoff)" for name in inert_names]
        blocks.append(
            Paragraph(
                f"{and_list(parts)} cannot change the result at any value: "
                f"{'it enters' if len(parts) == 1 else 'each enters'} a payoff only through "
                "the other players' choices, so it shifts a whole row of that player's payoffs "
                "at once and changes none of the differences a choice depends on. With "
                "simultaneous moves no best response, no equilibrium (pure or mixed) and no "
                "dominance step depends on it; it moves payoff levels only (what each side "
                "gets, and so which outcome is Pareto-efficient). Such a term matters only in a "
                "form where it can: when a player moves after seeing the others' choice."
            )
        )
    undeclared = [sc.parameter for sc in scans if not sc.declared_range]
    if undeclared:
        blocks.append(
            Paragraph(
                f"No range is declared for {and_list(undeclared)}; the scan used "
                "the value ± (|value| + 5)."
            )
        )
    return Section("thresholds", "What would change the result", tuple(blocks))
