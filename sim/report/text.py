"""The human-readable report of ``negsim run`` and ``negsim solve`` (plain text, labels only)."""

from __future__ import annotations

import textwrap
from fractions import Fraction

from ..game import Game
from ..results import Equilibrium, SolveResult
from .tables import fmt_number, fmt_prob, payoff_tables, render_text_table

__all__ = ["analysis_to_text", "equilibria_text", "game_text", "result_to_text"]

WIDTH = 88


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent,
                         subsequent_indent=indent)


def _heading(text: str) -> str:
    return f"{text}\n{'-' * len(text)}"


def game_text(game: Game, result: SolveResult | None = None) -> str:
    """Players, strategies and the payoff table(s), equilibrium cells marked with ``*``."""
    lines = [_heading("Players and strategies")]
    for i, p in enumerate(game.players):
        name = game.player_names[i]
        lines.append(f"{p}" + (f" ({name})" if name != p else "") + ":")
        for s, label in zip(game.strategies[i], game.strategy_names[i]):
            lines.append(f"  {s}" + (f": {label}" if label != s else ""))
    marks = {}
    if result is not None:
        for eq in result.equilibria:
            prof = eq.pure_profile()
            if prof is not None:
                marks[prof] = " *"
    lines.append("")
    lines.append(_heading("Payoffs"))
    order = ", ".join(game.players)
    lines.append(f"Each cell lists payoffs in player order ({order}).")
    if marks:
        lines.append("* marks a pure-strategy equilibrium.")
    for t in payoff_tables(game):
        lines.append("")
        lines.append(render_text_table(t, marks))
    return "\n".join(lines)


def _probabilities(game: Game, eq: Equilibrium, i: int) -> str:
    parts = [f"{s} {fmt_prob(x)}" for s, x in zip(game.strategies[i], eq.strategies[i]) if x != 0]
    return ", ".join(parts)


def equilibria_text(game: Game, result: SolveResult) -> str:
    lines = [_heading("Equilibria")]
    n = len(result.equilibria)
    if result.status == "complete":
        head = {"all-pure": "every pure-strategy equilibrium"}.get(
            _finds(result.method), "every equilibrium")
        lines.append(_wrap(f"Method '{result.method}' found {head}: {n}."))
    elif result.status == "partial":
        lines.append(_wrap(f"Method '{result.method}' found {n}; the set may be incomplete."))
    else:
        lines.append(_wrap(f"Method '{result.method}' found no certified equilibrium."))
    if result.message:
        lines.append(_wrap(result.message))
    tol_note = ("exact arithmetic: regret is exactly 0" if result.equilibria and all(
        e.exact for e in result.equilibria) else f"certified: max regret <= {result.tol:g} "
        "(scaled by the largest payoff)")
    lines.append(f"({tol_note})")
    for k, eq in enumerate(result.equilibria, 1):
        lines.append("")
        kind = "pure" if eq.is_pure else "mixed"
        title = f"#{k} ({kind})"
        if eq.is_pure:
            title += f": {game.profile_label(eq.pure_profile())}"
        lines.append(title)
        width = max(len(p) for p in game.players)
        for i, p in enumerate(game.players):
            lines.append(f"  {p.ljust(width)}  plays {_probabilities(game, eq, i)}"
                         f"; expected payoff {fmt_number(eq.payoffs[i])}")
        extra = []
        if eq.component is not None and len(result.components) < len(result.equilibria):
            extra.append(f"component {eq.component + 1}")
        extra.append("Pareto-efficient" if eq.pareto_efficient
                     else "not Pareto-efficient (some outcome is better for all)")
        if not eq.exact:
            extra.append(f"max regret {float(eq.max_regret):.1e}")
        lines.append("  " + "; ".join(extra))
    if result.components and len(result.components) < len(result.equilibria):
        lines.append("")
        lines.append(_wrap("Equilibria in the same component are connected: every mixture "
                           "between them along the component is also an equilibrium."))
    return "\n".join(lines)


def _finds(method: str) -> str:
    from ..solvers import SOLVERS

    spec = SOLVERS.get(method)
    return spec.finds if spec else ""


def dominance_text(game: Game, dom) -> str:
    lines = [_heading("Dominated strategies")]
    steps = list(getattr(dom, "steps", ()))
    if not steps:
        lines.append("No strategy is strictly dominated (by a pure or mixed strategy).")
        return "\n".join(lines)
    for k, st in enumerate(steps, 1):
        lines.append(_wrap(f"{k}. {describe_step(st)}", ""))
    remaining = getattr(dom, "game", None) or getattr(dom, "reduced", None)
    if remaining is not None and hasattr(remaining, "strategies"):
        left = "; ".join(f"{p}: {', '.join(ss)}" for p, ss in zip(remaining.players,
                                                                   remaining.strategies))
        lines.append(_wrap(f"What survives: {left}."))
    return "\n".join(lines)


def describe_step(st) -> str:
    """One sentence for a dominance step (works with the fields the dominance module records)."""
    player = getattr(st, "player", "?")
    strategy = getattr(st, "strategy", "?")
    by = getattr(st, "dominated_by", None)
    if by is None:
        by = getattr(st, "by", None)
    if isinstance(by, dict):
        by_text = "the mixture " + ", ".join(f"{s} {fmt_prob(p)}" for s, p in by.items() if p)
    else:
        by_text = f"'{by}'"
    strict = getattr(st, "strict", True)
    margin = getattr(st, "margin", None)
    text = f"{player}: '{strategy}' is {'strictly' if strict else 'weakly'} dominated by {by_text}"
    if margin is not None and margin != 0:
        text += f" (by at least {fmt_number(margin) if isinstance(margin, Fraction | int) else f'{float(margin):.4g}'})"
    return text + "; eliminated."


def result_to_text(game: Game, result: SolveResult, header: str = "") -> str:
    parts = []
    if header:
        parts.append(header)
    parts.append(game_text(game, result))
    parts.append(equilibria_text(game, result))
    return "\n\n".join(parts) + "\n"


def analysis_to_text(analysis) -> str:
    """The ``negsim run`` report for a normal-form scenario."""
    scn = analysis.scenario
    meta = scn.meta
    head = [meta.title, "=" * len(meta.title)]
    if meta.summary:
        head.append(_wrap(meta.summary))
    if meta.claims:
        head.append(f"Claims encoded: {', '.join(meta.claims)}")
    if analysis.parameters:
        head.append("")
        head.append(_heading("Parameters (modelling assumptions)"))
        for p in scn.parameters:
            v = analysis.parameters[p.name]
            changed = "" if v == p.value else f"  (default {fmt_number(p.value)})"
            about = f" — {p.about}" if p.about else ""
            head.append(_wrap(f"{p.name} = {fmt_number(v)}{changed}{about}", ""))
    parts = ["\n".join(head), game_text(analysis.game, analysis.result)]
    if analysis.dominance is not None:
        parts.append(dominance_text(analysis.game, analysis.dominance))
    parts.append(equilibria_text(analysis.game, analysis.result))
    if meta.sources:
        parts.append(_heading("Sources") + "\n" + "\n".join(
            textwrap.fill(" ".join(s.split()), WIDTH, initial_indent="- ", subsequent_indent="  ")
            for s in meta.sources))
    return "\n\n".join(parts) + "\n"
