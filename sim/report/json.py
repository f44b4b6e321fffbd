"""Stable JSON output (documented in README.md, "JSON output").

Numbers: every probability and payoff is a JSON number; when the arithmetic was exact the same
value is also given as an exact string (``"2/3"``) under ``*_exact`` keys, so tools that need
exactness never parse floats.  Keys are never removed within format version ``negsim/1``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .._version import __version__
from ..game import Game
from ..results import Equilibrium, SolveResult

__all__ = ["equilibrium_to_json", "number", "result_to_json", "exact_str", "analysis_to_json"]


def number(x) -> float | int:
    if isinstance(x, Fraction):
        return int(x) if x.denominator == 1 else float(x)
    if isinstance(x, int):
        return x
    return float(x)


def exact_str(x) -> str:
    q = Fraction(x)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def equilibrium_to_json(game: Game, eq: Equilibrium) -> dict[str, Any]:
    out: dict[str, Any] = {
        "strategies": {p: {s: number(x) for s, x in zip(game.strategies[i], eq.strategies[i])}
                       for i, p in enumerate(game.players)},
        "payoffs": {p: number(v) for p, v in zip(game.players, eq.payoffs)},
        "max_regret": number(eq.max_regret),
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
            for i, p in enumerate(game.players)}
        out["payoffs_exact"] = {p: exact_str(v) for p, v in zip(game.players, eq.payoffs)}
    return out


def result_to_json(game: Game, result: SolveResult) -> dict[str, Any]:
    prov = result.provenance
    return {
        "scenario": prov.get("scenario", game.title),
        "file": prov.get("file"),
        "kind": prov.get("kind", "normal-form"),
        "sources": prov.get("sources", []),
        "claims": prov.get("claims", []),
        "parameters": {k: number(v) for k, v in prov.get("parameters", {}).items()},
        "players": {p: {"name": game.player_names[i],
                        "strategies": dict(zip(game.strategies[i], game.strategy_names[i]))}
                    for i, p in enumerate(game.players)},
        "method": result.method,
        "status": result.status,
        "message": result.message,
        "tol": result.tol,
        "seconds": round(result.seconds, 6),
        "equilibria": [equilibrium_to_json(game, e) for e in result.equilibria],
        "components": [list(c) for c in result.components],
        "details": _jsonable(result.details),
        "negsim_version": __version__,
    }


def _jsonable(x):
    """Method-specific extras (e.g. the logit-QRE branch) as plain JSON values."""
    import numpy as np

    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_jsonable(v) for v in x]
    if isinstance(x, Fraction):
        return exact_str(x)
    if isinstance(x, np.ndarray):
        return _jsonable(x.tolist())
    if isinstance(x, np.generic):
        return x.item()
    if x is None or isinstance(x, bool | int | float | str):
        return x
    return str(x)


def dominance_to_json(dom) -> list[dict[str, Any]]:
    if dom is None:
        return []
    steps = []
    for st in getattr(dom, "steps", ()):
        d = {k: v for k, v in vars(st).items()} if hasattr(st, "__dict__") else dict(st)
        steps.append({k: (exact_str(v) if isinstance(v, Fraction) else
                          {kk: number(vv) for kk, vv in v.items()} if isinstance(v, dict) else v)
                      for k, v in d.items()})
    return steps


def analysis_to_json(analysis) -> dict[str, Any]:
    """The whole ``negsim run --json`` object for a normal-form analysis."""
    out = result_to_json(analysis.game, analysis.result)
    out["dominance"] = dominance_to_json(analysis.dominance)
    return out
