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
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..game import Game
from ..numbers import exact_str, fmt_prob, is_exact
from ..results import SolveResult
from ..solvers.exact_linear import solve_rational

__all__ = [
    "OneMixerSet",
    "Piece",
    "component_pieces",
    "continua_json",
    "continua_lines",
    "one_mixer_lines",
    "one_mixer_sets",
    "wrap_keeping_intervals",
]

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
    if game.n_players >= 3:
        sets = one_mixer_sets(game, result)
        for st, line in zip(sets, one_mixer_lines(game, sets)):
            out.append(
                {
                    "mixer": game.players[st.mixer],
                    "pure": {
                        game.players[i]: game.strategies[i][k]
                        for i, k in enumerate(st.pure)
                        if k is not None
                    },
                    "end_points": [
                        dict(zip(game.strategies[st.mixer], map(exact_str, x))) for x in st.vertices
                    ],
                    "equilibria": list(st.members),
                    "samples": list(st.samples),
                    "description": line,
                }
            )
        return out
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


# -- N >= 3 players: sets where one player mixes and the others play pure strategies ------------


@dataclass(frozen=True)
class OneMixerSet:
    """Player ``mixer`` mixes over ``support`` while every other player ``i`` plays
    ``pure[i]`` (``None`` for the mixer): the mixtures that make an equilibrium form a polytope
    (each other player's best reply is a linear condition on the mixture) with exact corners
    ``vertices`` (full-length mixtures); ``members`` are the listed equilibria inside it, of
    which ``samples`` are not corners (points a solver returned from inside the set)."""

    mixer: int
    pure: tuple[int | None, ...]
    support: tuple[int, ...]
    vertices: tuple[tuple, ...]
    members: tuple[int, ...]
    samples: tuple[int, ...]


def one_mixer_set(game: Game, mixer: int, pure: tuple, support: tuple[int, ...]):
    """The corners of ``{x in simplex(support): every other player's pure strategy is a best
    reply}`` in fractions (``None`` when the game is not exact or the support is not all best
    replies of the mixer)."""
    ex = game.exact
    if ex is None:
        return None

    def u(i: int, own: int, k: int):
        prof = tuple(k if p == mixer else (own if p == i else pure[p]) for p in range(len(pure)))
        return ex[prof + (i,)]

    # the mixer's support must be best replies to the others' pure strategies
    best = max(u(mixer, k, k) for k in range(game.shape[mixer]))
    if any(u(mixer, k, k) != best for k in support):
        return None
    ineq: list[list] = []  # a . x >= 0 over the support
    for i in range(len(pure)):
        if i == mixer:
            continue
        for t in range(game.shape[i]):
            if t == pure[i]:
                continue
            row = [u(i, pure[i], k) - u(i, t, k) for k in support]
            if any(v < 0 for v in row):
                ineq.append(row)
    m = len(support)
    bounds = [[int(a == b) for b in range(m)] for a in range(m)] + ineq
    corners = []
    for tight in itertools.combinations(range(len(bounds)), m - 1):
        rows = [bounds[t] for t in tight] + [[1] * m]
        x = solve_rational(
            [[Fraction(v) for v in r] for r in rows], [Fraction(0)] * (m - 1) + [Fraction(1)]
        )
        if x is None or any(v < 0 for v in x):
            continue
        if any(sum(a * v for a, v in zip(r, x)) < 0 for r in ineq):
            continue
        full = [Fraction(0)] * game.shape[mixer]
        for k, v in zip(support, x):
            full[k] = v
        if tuple(full) not in corners:
            corners.append(tuple(full))
    return sorted(corners, reverse=True)


def one_mixer_sets(game: Game, result: SolveResult) -> list[OneMixerSet]:
    """The sets met by the listed equilibria where exactly one player mixes (N >= 3)."""
    if game.n_players < 3 or game.exact is None:
        return []
    keys: dict = {}
    for e in result.equilibria:
        mixing = [i for i, x in enumerate(e.strategies) if sum(1 for p in x if p != 0) > 1]
        if len(mixing) != 1:
            continue
        j = mixing[0]
        pure = tuple(
            None if i == j else next(s for s, p in enumerate(x) if p != 0)
            for i, x in enumerate(e.strategies)
        )
        support = tuple(s for s, p in enumerate(e.strategies[j]) if p != 0)
        keys.setdefault((j, pure, support), None)
    out = []
    for j, pure, support in keys:
        if len(support) > 6:
            continue
        corners = one_mixer_set(game, j, pure, support)
        if corners is None or len(corners) < 2:
            continue
        members, samples = [], []
        for k, e in enumerate(result.equilibria):
            if any(i != j and e.strategies[i][pure[i]] != 1 for i in range(game.n_players)) or any(
                p != 0 and s not in support for s, p in enumerate(e.strategies[j])
            ):
                continue
            members.append(k)
            if tuple(Fraction(p) for p in e.strategies[j]) not in corners:
                samples.append(k)
        out.append(OneMixerSet(j, pure, support, tuple(corners), tuple(members), tuple(samples)))
    return out


def wrap_keeping_intervals(line: str, wrap) -> str:
    """``wrap(line)`` without breaking ``[1/3, 1]`` across lines."""
    kept = re.sub(r"(\[[^\]]*), ", "\\1,\ue000", line)
    return wrap(kept).replace("\ue000", " ")


def _numbers(ks, mark: str) -> str:
    """``#1, #3`` (run) or ``equilibria 1 and 3`` (explain, ``mark`` empty)."""
    if mark:
        return ", ".join(f"{mark}{k + 1}" for k in ks)
    nums = [str(k + 1) for k in ks]
    if len(nums) == 1:
        return f"equilibrium {nums[0]}"
    return f"equilibria {', '.join(nums[:-1])} and {nums[-1]}"


def one_mixer_lines(game: Game, sets: list[OneMixerSet], mark: str = "#") -> list[str]:
    lines = []
    for c, st in enumerate(sets, 1):
        j = st.mixer
        fixed = "; ".join(
            f"{game.players[i]} plays {game.strategies[i][s]}"
            for i, s in enumerate(st.pure)
            if s is not None
        )
        if len(st.support) == 2:
            a, b = st.support
            lo, hi = sorted(x[a] for x in st.vertices)
            mix = (
                f"{game.players[j]} plays {game.strategies[j][a]} with probability any value "
                f"in [{fmt_prob(lo)}, {fmt_prob(hi)}] (else {game.strategies[j][b]})"
            )
        else:
            ends = "; ".join(f"({_mixture(game, j, x)})" for x in st.vertices)
            mix = (
                f"{game.players[j]} plays any mixture of these {len(st.vertices)} end "
                f"points: {ends}"
            )
        listed = [k for k in st.members if k not in st.samples]
        tail = "Every such profile is an equilibrium."
        if listed:
            tail += f" Listed end points: {_numbers(listed, mark)}."
        if st.samples:
            one = len(st.samples) == 1
            said = _numbers(st.samples, mark)
            tail += (
                f" {said[0].upper()}{said[1:]}"
                + (" is a point" if one else " are points")
                + " inside the set that the solver returned, not "
                + ("a separate prediction." if one else "separate predictions.")
            )
        lines.append(f"Connected set {c}: {fixed}; {mix}. {tail}")
    return lines
