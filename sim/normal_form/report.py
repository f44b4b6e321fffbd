"""The normal-form report: text (payoff table, dominance, equilibria) and the JSON body.

The title block, parameters, notes and sources are added around these bodies by
:mod:`sim.contract`.  JSON numbers: every probability and payoff is a JSON number; when the
arithmetic was exact the same value is also given as an exact string (``"2/3"``) under
``*_exact`` keys, so tools that need exactness never parse floats.
"""

from __future__ import annotations

from typing import Any

from ..game import Game
from ..labels import equilibrium_label, reading_order
from ..numbers import exact_str, fmt, fmt_prob, is_exact, json_number, jsonable
from ..results import Equilibrium, SolveResult
from ..textlayout import heading, wrap
from .analysis import NormalFormResult
from .continua import (
    continua_json,
    continua_lines,
    one_mixer_lines,
    one_mixer_sets,
    wrap_keeping_intervals,
)
from .report_correlated import correlated_details, correlated_label, correlated_text
from .report_ess import ess_details, ess_text
from .report_tom import tom_details, tom_text
from .tables import payoff_tables, render_text_table

__all__ = [
    "describe_step",
    "dominance_text",
    "dominance_to_json",
    "equilibria_text",
    "equilibrium_to_json",
    "game_text",
    "outcomes",
    "solve_to_json",
    "to_dict",
    "to_text",
]


# -- text ---------------------------------------------------------------------------------------


def game_text(game: Game, result: SolveResult | None = None) -> str:
    """Players, strategies and the payoff table(s), equilibrium cells marked with ``*``."""
    lines = [heading("Players and strategies")]
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
    lines.append(heading("Payoffs"))
    order = ", ".join(game.players)
    lines.append(f"Each cell lists payoffs in player order ({order}).")
    if game.approximate:
        lines.append(
            wrap(
                "Some payoffs are irrational (a fractional power such as 2**0.5): they are "
                "computed in floating point, so the results below hold within a tolerance, "
                "not exactly."
            )
        )
    if marks:
        lines.append("* marks a pure-strategy equilibrium.")
    for t in payoff_tables(game):
        lines.append("")
        lines.append(render_text_table(t, marks))
    return "\n".join(lines)


def _probabilities(game: Game, eq: Equilibrium, i: int) -> str:
    parts = [f"{s} {fmt_prob(x)}" for s, x in zip(game.strategies[i], eq.strategies[i]) if x != 0]
    return ", ".join(parts)


def _finds(method: str) -> str:
    from ..solvers import SOLVERS

    spec = SOLVERS.get(method)
    return spec.finds if spec else ""


def equilibria_text(game: Game, result: SolveResult) -> str:
    if correlated_details(result) is not None:
        return correlated_text(game, result)
    if tom_details(result) is not None:
        return tom_text(game, result)
    if ess_details(result) is not None:
        return ess_text(game, result)
    result = reading_order(result)
    lines = [heading("Equilibria")]
    n = len(result.equilibria)
    if result.status == "complete":
        head = {"all-pure": "every pure-strategy equilibrium"}.get(
            _finds(result.method), "every equilibrium"
        )
        lines.append(wrap(f"Method '{result.method}' found {head}: {n}."))
    elif result.status == "partial":
        lines.append(wrap(f"Method '{result.method}' found {n}; the set may be incomplete."))
    else:
        lines.append(wrap(f"Method '{result.method}' found no certified equilibrium."))
    if result.message:
        lines.append(wrap(result.message))
    tol_note = (
        "each checked in exact fractions: no player gains anything by switching alone"
        if result.equilibria and all(e.exact for e in result.equilibria)
        else "each checked in decimals: no player gains more than "
        f"{result.tol:g} x the largest payoff by switching alone"
    )
    lines.append(f"({tol_note})")
    sets = one_mixer_sets(game, result)
    inside = {k: c for c, st in enumerate(sets, 1) for k in st.samples}
    for k, eq in enumerate(result.equilibria, 1):
        lines.append("")
        kind = "pure" if eq.is_pure else "mixed"
        title = f"#{k} ({kind})"
        if eq.is_pure:
            title += f": {game.profile_label(eq.pure_profile())}"
        lines.append(title)
        width = max(len(p) for p in game.players)
        for i, p in enumerate(game.players):
            lines.append(
                f"  {p.ljust(width)}  plays {_probabilities(game, eq, i)}"
                f"; expected payoff {fmt(eq.payoffs[i])}"
            )
        extra = []
        if k - 1 in inside:
            extra.append(f"a point inside connected set {inside[k - 1]}, not an end point")
        if eq.component is not None and len(result.components) < len(result.equilibria):
            extra.append(f"an end point of connected set {eq.component + 1}")
        extra.append(
            "Pareto-efficient"
            if eq.pareto_efficient
            else "not Pareto-efficient (some outcome is better for all)"
        )
        if not eq.exact:
            extra.append(f"largest gain from switching alone {float(eq.max_regret):.1e} (rounding)")
        lines.append("  " + "; ".join(extra))
    if result.components and len(result.components) < len(result.equilibria):
        for line in continua_lines(game, result):
            lines.append("")
            lines.append(wrap_keeping_intervals(line, wrap))
    for line in one_mixer_lines(game, sets):
        lines.append("")
        lines.append(wrap_keeping_intervals(line, wrap))
    return "\n".join(lines)


def describe_step(st) -> str:
    """One sentence for a dominance step (:class:`sim.solvers.dominance.DominanceStep`)."""
    by = st.dominated_by
    if isinstance(by, dict):
        by_text = "the mixture " + ", ".join(f"{s} {fmt_prob(p)}" for s, p in by.items() if p)
    else:
        by_text = f"'{by}'"
    text = (
        f"{st.player}: '{st.strategy}' is {'strictly' if st.strict else 'weakly'} "
        f"dominated by {by_text}"
    )
    margin = st.margin
    if margin is not None and margin != 0:
        text += f" (by at least {fmt(margin) if is_exact(margin) else f'{float(margin):.4g}'})"
    return text + "; eliminated."


def dominance_text(game: Game, dom) -> str:
    lines = [heading("Dominated strategies")]
    if not getattr(dom, "complete", True):
        done = (
            f"after {len(dom.steps)} step{'s' if len(dom.steps) != 1 else ''}; the steps below "
            "are proved, but more strategies may be dominated"
            if dom.steps
            else "before it found a dominated strategy; some strategies may still be dominated"
        )
        lines.append(wrap(f"The search reached the time limit ({dom.seconds:g} s) {done}."))
    if not dom.steps:
        if getattr(dom, "complete", True):
            lines.append("No strategy is strictly dominated (by a pure or mixed strategy).")
        return "\n".join(lines)
    for k, st in enumerate(dom.steps, 1):
        lines.append(wrap(f"{k}. {describe_step(st)}"))
    remaining = dom.game
    left = "; ".join(
        f"{p}: {', '.join(ss)}" for p, ss in zip(remaining.players, remaining.strategies)
    )
    lines.append(wrap(f"What survives: {left}."))
    return "\n".join(lines)


def to_text(result: NormalFormResult) -> str:
    """The report's body: players and payoffs, the dominance steps, the equilibria."""
    parts = [game_text(result.game, result.solve)]
    if result.dominance is not None:
        parts.append(dominance_text(result.game, result.dominance))
    parts.append(equilibria_text(result.game, result.solve))
    if result.move_order is not None:
        from .move_order_report import move_order_text

        parts.append(move_order_text(result.game, result.solve, result.move_order))
    return "\n\n".join(parts) + "\n"


# -- JSON ---------------------------------------------------------------------------------------


def equilibrium_to_json(game: Game, eq: Equilibrium) -> dict[str, Any]:
    out: dict[str, Any] = {
        "strategies": {
            p: {s: json_number(x) for s, x in zip(game.strategies[i], eq.strategies[i])}
            for i, p in enumerate(game.players)
        },
        "payoffs": {p: json_number(v) for p, v in zip(game.players, eq.payoffs)},
        "max_regret": json_number(eq.max_regret),
        "exact": eq.exact,
        "pure": eq.is_pure,
        "pareto_efficient": eq.pareto_efficient,
    }
    if eq.is_pure:
        out["outcome"] = game.profile_label(eq.pure_profile())
    if eq.component is not None:
        out["component"] = eq.component
    if eq.exact:
        out["strategies_exact"] = {
            p: {s: exact_str(x) for s, x in zip(game.strategies[i], eq.strategies[i])}
            for i, p in enumerate(game.players)
        }
        out["payoffs_exact"] = {p: exact_str(v) for p, v in zip(game.players, eq.payoffs)}
    return out


def solve_to_json(game: Game, result: SolveResult) -> dict[str, Any]:
    """The players and a solver's equilibria (the JSON body without the dominance steps), the
    equilibria numbered as in every other output (:func:`sim.labels.reading_order`)."""
    result = reading_order(result)
    return {
        "players": {
            p: {
                "name": game.player_names[i],
                "strategies": dict(zip(game.strategies[i], game.strategy_names[i])),
            }
            for i, p in enumerate(game.players)
        },
        "method": result.method,
        "status": result.status,
        "message": result.message,
        "tol": result.tol,
        "seconds": round(result.seconds, 6),
        "equilibria": [equilibrium_to_json(game, e) for e in result.equilibria],
        "components": [list(c) for c in result.components],
        "continua": continua_json(game, result),
        "details": jsonable(result.details),
    }


def dominance_to_json(dom) -> list[dict[str, Any]]:
    """The dominance steps, each ``{player, strategy, dominated_by, strict, margin}``."""
    if dom is None:
        return []
    steps = []
    for st in dom.steps:
        by = st.dominated_by
        steps.append(
            {
                "player": st.player,
                "strategy": st.strategy,
                "dominated_by": (
                    {k: json_number(v) for k, v in by.items()} if isinstance(by, dict) else by
                ),
                "strict": st.strict,
                "margin": exact_str(st.margin) if is_exact(st.margin) else json_number(st.margin),
            }
        )
    return steps


def to_dict(result: NormalFormResult) -> dict[str, Any]:
    """The ``negsim run --json`` body (the envelope is added by :func:`sim.contract.to_dict`)."""
    out = solve_to_json(result.game, result.solve)
    out["dominance"] = dominance_to_json(result.dominance)
    if result.dominance is not None:
        out["dominance_complete"] = bool(getattr(result.dominance, "complete", True))
    if result.move_order is not None:
        from .move_order_report import move_order_json

        out["move_order"] = move_order_json(result.game, result.solve, result.move_order)
    return out


def outcomes(result: NormalFormResult) -> tuple[str, ...]:
    """One label per equilibrium: ``"suspend, freeze"`` or ``"mixed (suspend/pressure, ...)"``
    (with ``--method ess``, one per stable strategy by support: ``"ESS: mixed hawk/dove"``, or
    ``"no ESS"``);
    with ``--move-order``, one per subgame-perfect path of the game played in that order (a
    file's ``move_order:`` adds its reading to the report but leaves these labels alone)."""
    g = result.game
    reading = result.move_order
    if reading is not None and reading.source == "option":
        from .move_order import spe_labels

        return spe_labels(g, reading)
    label = correlated_label(result.solve)
    if label is not None:
        return (label,)
    ess = ess_details(result.solve)
    if ess is not None:
        from .batch_ess import ess_labels

        cands = [(c["support"], c["stable"]) for c in ess["candidates"]]
        return ess_labels(g.strategies[0], cands)
    return tuple(equilibrium_label(g.strategies, e.strategies) for e in result.solve.equilibria)
