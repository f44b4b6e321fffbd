"""Payoff terms that cannot change any choice when the players move simultaneously.

In a normal-form game a player's choice depends only on the *differences* between its own
strategies' payoffs, the other players' choices held fixed.  A parameter that enters a player's
payoff only through the other players' choices (``freeze_gain * DPRK.freeze`` in the US payoff)
shifts whole rows of that player's payoffs at once: it changes no difference, so it changes no
best response, no pure or mixed equilibrium and no dominance — only payoff levels (what each side
gets, and so which outcome is Pareto-efficient).

:func:`inert_parameters` finds such parameters by evaluating the payoff tensors at random
parameter points within the declared ranges, each parameter moved alone; :func:`inert_warnings`
says it in words (``negsim validate`` and ``negsim explain`` print them), except for the
parameters the file keeps on purpose under ``inert_terms`` (parameter -> reason, for instance
the term that makes an outcome Pareto-better, or one that matters once moves are observed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..scenario.payoffs import NormalFormScenario, payoff_points

__all__ = ["InertParameter", "inert_parameters", "inert_warnings", "justified"]

#: random parameter points at which each parameter is moved (a term that matters somewhere in the
#: ranges shows up at almost every point; 12 leave a chance below 1e-6 of missing one that matters
#: on half of the range)
POINTS = 12


@dataclass(frozen=True, kw_only=True)
class InertParameter:
    """``parameter`` moves the payoffs of ``players`` but none of their choices."""

    parameter: str
    players: tuple[str, ...]


def _ranges(scenario: NormalFormScenario) -> list[tuple[float, float]]:
    out = []
    for p in scenario.parameters:
        v = float(p.value)
        lo = float(p.min) if p.min is not None else v - max(1.0, abs(v))
        hi = float(p.max) if p.max is not None else v + max(1.0, abs(v))
        out.append((lo, hi) if hi > lo else (v - 1.0, v + 1.0))
    return out


def _own_differences(T: np.ndarray, n_players: int) -> list[np.ndarray]:
    """For each player, its payoff minus its payoff at its first strategy (others fixed)."""
    out = []
    for i in range(n_players):
        u = T[..., i]
        first = np.take(u, [0], axis=1 + i)
        out.append(u - first)
    return out


def inert_parameters(scenario: NormalFormScenario, seed: int = 0) -> tuple[InertParameter, ...]:
    """Parameters that enter some player's payoff yet change no player's payoff differences
    between its own strategies (checked at :data:`POINTS` random points of the ranges)."""
    params = scenario.parameters
    if not params:
        return ()
    names = [p.name for p in params]
    bounds = _ranges(scenario)
    rng = np.random.default_rng(seed)
    lo = np.array([b[0] for b in bounds])
    hi = np.array([b[1] for b in bounds])
    base = lo + (hi - lo) * rng.random((POINTS, len(names)))
    try:
        T0 = payoff_points(scenario, names, base)
    except (ArithmeticError, ValueError):  # a formula undefined somewhere: no verdict
        return ()
    n = len(scenario.players)
    scale = max(1.0, float(np.nanmax(np.abs(T0)))) if T0.size else 1.0
    tol = 1e-9 * scale
    D0 = _own_differences(T0, n)
    ids = [p.id for p in scenario.players]
    out = []
    for j, name in enumerate(names):
        moved = base.copy()
        moved[:, j] = lo[j] + (hi[j] - lo[j]) * rng.random(POINTS)
        try:
            T1 = payoff_points(scenario, names, moved)
        except (ArithmeticError, ValueError):
            continue
        D1 = _own_differences(T1, n)
        level = [bool(np.any(np.abs(T1[..., i] - T0[..., i]) > tol)) for i in range(n)]
        choice = [bool(np.any(np.abs(D1[i] - D0[i]) > tol)) for i in range(n)]
        if any(level) and not any(choice):
            out.append(
                InertParameter(parameter=name, players=tuple(ids[i] for i in range(n) if level[i]))
            )
    return tuple(out)


def _and(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def justified(scenario: NormalFormScenario) -> dict[str, str]:
    """The inert terms the file keeps on purpose (its ``inert_terms`` key): name -> reason."""
    return dict(getattr(scenario, "inert_terms", ()))


def inert_warnings(scenario: NormalFormScenario) -> tuple[str, ...]:
    """One sentence per inert parameter the file does not justify (empty when every parameter
    can matter or is kept with a reason under ``inert_terms``)."""
    out = []
    kept = justified(scenario)
    for t in inert_parameters(scenario):
        if t.parameter in kept:
            continue
        whose = _and(t.players)
        out.append(
            f"parameter '{t.parameter}' enters {whose}'s payoff only through the other "
            "players' choices: with simultaneous moves it cannot change any best response, so "
            "every equilibrium (pure and mixed) and every dominance step stay as they are; it "
            "moves payoff levels only (what each side gets, which outcome is Pareto-efficient)"
        )
    return tuple(out)
