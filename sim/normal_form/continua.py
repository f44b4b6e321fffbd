"""Connected sets (continua) of equilibria of a 2-player game, described by their end points.

The vertex enumeration returns every extreme equilibrium of a 2-player game and groups them into
connected components.  A component is a union of *maximal Nash subsets*: sets ``conv(X) x
conv(Y)`` where every pairing of an extreme strategy in ``X`` with one in ``Y`` is an extreme
equilibrium (Winkels 1979; Avis, Rosenberg, Savani and von Stengel 2010, section 3).  The end
points of a continuum are therefore exact already; this module finds the maximal subsets and
says, per player, which strategies the set allows: one mixture, or any value in an exact range.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from ..game import Game
from ..numbers import exact_str, fmt_prob, is_exact
from ..results import SolveResult

__all__ = ["Piece", "component_pieces", "continua_json", "continua_lines"]

MAX_VERTICES = 16  # per player and component: the maximal subsets are found by brute force


@dataclass(frozen=True)
class Piece:
    """One maximal Nash subset: ``mixtures[i]`` the extreme strategies of player ``i`` (any
    mixture of them is part of the set), ``equilibria`` the extreme equilibria it spans
    (indices into the result)."""

    mixtures: tuple[tuple[tuple, ...], ...]
    equilibria: tuple[int, ...]


def component_pieces(result: SolveResult, comp: tuple[int, ...]) -> list[Piece] | None:
    """The maximal Nash subsets of one component (``None`` when it is too large to search)."""
    eqs = [result.equilibria[k] for k in comp]
    xs = list(dict.fromkeys(e.strategies[0] for e in eqs))
    ys = list(dict.fromkeys(e.strategies[1] for e in eqs))
    if len(xs) > MAX_VERTICES or len(ys) > MAX_VERTICES:
        return None
    index = {(e.strategies[0], e.strategies[1]): k for k, e in zip(comp, eqs)}
    pieces: list[tuple[frozenset, frozenset]] = []
    for r in range(len(xs), 0, -1):
        for sub in itertools.combinations(range(len(xs)), r):
            cols = frozenset(j for j in range(len(ys)) if all((xs[i], ys[j]) in index for i in sub))
            if not cols:
                continue
            rows = frozenset(
                i for i in range(len(xs)) if all((xs[i], ys[j]) in index for j in cols)
            )
            if any(rows <= a and cols <= b for a, b in pieces):
                continue
            pieces.append((rows, cols))
    out = []
    for rows, cols in pieces:
        members = sorted(index[(xs[i], ys[j])] for i in rows for j in cols)
        out.append(
            Piece(
                (tuple(xs[i] for i in sorted(rows)), tuple(ys[j] for j in sorted(cols))),
                tuple(members),
            )
        )
    return sorted(out, key=lambda p: p.equilibria)


def _mixture(game: Game, i: int, x) -> str:
    pure = [s for s, p in zip(game.strategies[i], x) if p == 1]
    if pure:
        return pure[0]
    return ", ".join(f"{s} {fmt_prob(p)}" for s, p in zip(game.strategies[i], x) if p != 0)


def _player_text(game: Game, i: int, mixtures) -> str:
    """``Incumbent plays fight with probability any value in [1/2, 1] (else accommodate)``."""
    p = game.players[i]
    if len(mixtures) == 1:
        return f"{p} plays {_mixture(game, i, mixtures[0])}"
    used = [k for k in range(len(game.strategies[i])) if any(x[k] != 0 for x in mixtures)]
    if len(mixtures) == 2 and len(used) == 2:
        a, b = used
        lo, hi = sorted((mixtures[0][a], mixtures[1][a]))
        return (
            f"{p} plays {game.strategies[i][a]} with probability any value in "
            f"[{fmt_prob(lo)}, {fmt_prob(hi)}] (else {game.strategies[i][b]})"
        )
    ends = "; ".join(f"({_mixture(game, i, x)})" for x in mixtures)
    return f"{p} plays any mixture of these {len(mixtures)} strategies: {ends}"


def continua_lines(game: Game, result: SolveResult, mark: str = "#") -> list[str]:
    """One paragraph per component with more than one extreme equilibrium (``result`` in the
    reading order of the report, so the numbers match; ``mark`` before each number)."""
    lines: list[str] = []
    for c, comp in enumerate(result.components):
        if len(comp) < 2 or game.n_players != 2:
            continue
        ends = ", ".join(f"{mark}{k + 1}" for k in comp)
        pieces = component_pieces(result, comp)
        if pieces is None:
            lines.append(
                f"Connected set {c + 1} (end points {ends}): too many end points to describe "
                "piece by piece; every mixture of end points that pair up is an equilibrium."
            )
            continue
        parts = [
            "; ".join(_player_text(game, i, pc.mixtures[i]) for i in range(2)) for pc in pieces
        ]
        if len(parts) == 1:
            lines.append(
                f"Connected set {c + 1} (its end points are equilibria {ends}): {parts[0]}. "
                "Every such profile is an equilibrium."
            )
        else:
            lines.append(
                f"Connected set {c + 1} (its end points are equilibria {ends}) is made of "
                f"{len(parts)} pieces that meet; each is a set where every profile is an "
                "equilibrium: " + " ".join(f"({chr(97 + k)}) {t}." for k, t in enumerate(parts))
            )
    return lines


def continua_json(game: Game, result: SolveResult) -> list[dict[str, Any]]:
    """The components with more than one extreme equilibrium, piece by piece."""
    out: list[dict[str, Any]] = []
    if game.n_players != 2:
        return out
    text = continua_lines(game, result)
    n = 0
    for comp in result.components:
        if len(comp) < 2:
            continue
        pieces = component_pieces(result, comp)

        def mix(i, x):
            return {
                s: (exact_str(p) if is_exact(p) else float(p))
                for s, p in zip(game.strategies[i], x)
            }

        out.append(
            {
                "end_points": list(comp),
                "pieces": None
                if pieces is None
                else [
                    {
                        "equilibria": list(pc.equilibria),
                        "mixtures": {
                            game.players[i]: [mix(i, x) for x in pc.mixtures[i]] for i in range(2)
                        },
                    }
                    for pc in pieces
                ],
                "description": text[n],
            }
        )
        n += 1
    return out
