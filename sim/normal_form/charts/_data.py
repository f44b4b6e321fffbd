"""Data helpers shared by the charts (no drawing here)."""

from __future__ import annotations

from ...game import Game
from ...results import SolveResult


def equilibria_of(game: Game, result: SolveResult | None = None) -> SolveResult:
    """``result`` if given, else every equilibrium the default analysis finds for ``game``."""
    if result is not None:
        return result
    from ...solvers import solve

    return solve(game, "auto")


def mixed_text(game: Game, eq, fmt) -> str:
    """``"United States: suspend 2/3, pressure 1/3; North Korea: freeze 3/4, test 1/4"``."""
    parts = []
    for i, probs in enumerate(eq.strategies):
        items = [f"{s} {fmt(p)}" for s, p in zip(game.strategies[i], probs) if float(p) > 1e-12]
        parts.append(f"{game.player_names[i]}: {', '.join(items)}")
    return "; ".join(parts)


def outcome_label(game: Game, eq) -> str:
    from ...labels import equilibrium_label

    return equilibrium_label(game.strategies, eq.strategies)


def coverage_note(res: SolveResult) -> str:
    """A sentence when ``res`` may not hold every equilibrium, else ``""``."""
    from ...solvers import SOLVERS

    spec = SOLVERS.get(res.method)
    if spec is not None and spec.finds not in ("all", "all-extreme"):
        return f"only {spec.finds.replace('-', ' ')} equilibria were searched (method {res.method})"
    if res.status != "complete" and res.equilibria:
        return f"the equilibrium set may be incomplete: {res.message}"
    return ""
