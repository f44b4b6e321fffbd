"""A normal-form game played in turn: the sequential reading of a payoff table.

``--move-order US,China,DPRK`` (or ``move_order:`` in the file) turns the simultaneous game into
the game of perfect information in which the players move one after the other in that order,
each seeing every earlier move.  Its subgame-perfect equilibria (SPE) come from backward
induction on the payoff table itself, in exact arithmetic when the payoffs are exact:

* the last mover picks a best reply to every history it may see;
* each earlier mover picks, at every history, a move whose continuation pays it most.

When a mover is indifferent, every choice it could make starts a different SPE, and what the
earlier movers expect depends on it; :func:`backward_induction` enumerates *all* of them.  It
keeps, at every history, each possible equilibrium path of the subgame with the number of SPE
(strategy profiles) that lead to it: a path from move ``a`` is an SPE path exactly when every other
move ``b`` has *some* SPE continuation that pays the mover no more, so the count is the path's
own count times, for each other move, the number of its continuations the mover does not prefer.

Every player must be in the order exactly once: "the US first, then the others at the same
time" would need the equilibria of every simultaneous subgame (mixed ones included) and a
choice among them, which this reading does not attempt.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..contract import PointSession
from ..game import Game
from ..scenario.errors import Location, ScenarioError, did_you_mean

__all__ = [
    "MAX_PROFILES",
    "MoveOrderReading",
    "OrderedSession",
    "SPEOutcome",
    "Step",
    "backward_induction",
    "parse_move_order",
    "pure_nash_profiles",
    "resolve_order",
]

#: the largest number of strategy profiles whose tree is walked (every history is a node)
MAX_PROFILES = 200_000

#: what ``--move-order`` takes to switch off a file's ``move_order:``
OFF = ("none", "simultaneous")


@dataclass(frozen=True)
class SPEOutcome:
    """One equilibrium path: the profile played (strategy index per player, scenario order),
    its payoffs, how many SPE lead to it and whether it is also an equilibrium of the
    simultaneous game."""

    profile: tuple[int, ...]
    payoffs: tuple[Any, ...]
    count: int
    nash: bool


@dataclass(frozen=True)
class Step:
    """One decision on an equilibrium path: ``mover`` (player index) at ``history`` (the moves
    so far, in move order) chose ``chosen``; ``options`` maps each of its moves to the paths
    (profiles) the rest of the game may take after it in some SPE."""

    mover: int
    history: tuple[int, ...]
    chosen: int
    options: tuple[tuple[int, tuple[tuple[int, ...], ...]], ...]


@dataclass(frozen=True)
class MoveOrderReading:
    """The sequential reading of a normal-form game (see the module docstring).

    ``order``: player indices in move order; ``source``: ``"option"`` (``--move-order``) or
    ``"file"`` (``move_order:``); ``outcomes``: the SPE paths; ``total``: the number of SPE
    (strategy profiles); ``open_nodes``: histories at which the mover's choice differs between
    SPE; ``nodes``: decision nodes of the tree; ``steps``: the decisions along each path.
    """

    order: tuple[int, ...]
    source: str
    outcomes: tuple[SPEOutcome, ...]
    total: int
    open_nodes: int
    nodes: int
    steps: tuple[tuple[Step, ...], ...]
    exact: bool

    def order_ids(self, game: Game) -> tuple[str, ...]:
        return tuple(game.players[i] for i in self.order)


# -- the order ------------------------------------------------------------------------------------


def parse_move_order(text: str) -> tuple[str, ...]:
    """``"US,China,DPRK"`` → ``("US", "China", "DPRK")`` (checked against players later);
    ``"none"`` → ``()``, which switches off a file's ``move_order:``."""
    raw = str(text).strip()
    if raw.lower() in OFF:
        return ()
    parts = tuple(p.strip() for p in raw.replace(">", ",").split(","))
    if not raw or any(not p for p in parts):
        raise ScenarioError(
            f"--move-order {text!r}: list the players in the order they move, separated by "
            "commas, e.g. US,China,DPRK (or 'none' for simultaneous moves only)",
            Location("--move-order"),
        )
    return parts


def resolve_order(names: Sequence[str], players: Sequence[str], loc: Location) -> tuple[int, ...]:
    """Player indices of ``names``; every player exactly once (ids, case-insensitive when
    unambiguous).  Anything else is a located error that lists the players."""
    listing = ", ".join(players)
    lower: dict[str, list[int]] = {}
    for i, p in enumerate(players):
        lower.setdefault(p.lower(), []).append(i)
    out: list[int] = []
    for name in names:
        if name in players:
            out.append(players.index(name))
        elif len(lower.get(name.lower(), [])) == 1:
            out.append(lower[name.lower()][0])
        else:
            hint = did_you_mean(name, list(players))
            hint = "" if hint.startswith("; expected") else hint
            raise ScenarioError(
                f"move order: unknown player '{name}'{hint}; the players are {listing}", loc
            )
    seen: set[int] = set()
    for i in out:
        if i in seen:
            raise ScenarioError(
                f"move order: {players[i]} is listed twice; name every player once ({listing})",
                loc,
            )
        seen.add(i)
    missing = [p for i, p in enumerate(players) if i not in seen]
    if missing:
        raise ScenarioError(
            f"move order: {', '.join(missing)} missing; name every player exactly once, in the "
            f"order they move ({listing}): moving some players first and the rest at the same "
            "time is not supported",
            loc,
        )
    return tuple(out)


# -- backward induction ---------------------------------------------------------------------------


def _values(game: Game) -> tuple[np.ndarray, bool]:
    if game.exact is not None:
        return game.exact, True
    return game.payoffs, False


def pure_nash_profiles(game: Game) -> list[tuple[int, ...]]:
    """Every pure-strategy Nash equilibrium of the simultaneous game (exact when it can be)."""
    vals, _ = _values(game)
    return [
        prof
        for prof in itertools.product(*[range(k) for k in game.shape])
        if _is_nash(vals, game.shape, prof)
    ]


def _is_nash(vals: np.ndarray, shape: tuple[int, ...], prof: tuple[int, ...]) -> bool:
    for i, k in enumerate(shape):
        here = vals[prof + (i,)]
        for s in range(k):
            if s != prof[i] and vals[prof[:i] + (s,) + prof[i + 1 :] + (i,)] > here:
                return False
    return True


def _check_size(game: Game) -> None:
    profiles = math.prod(game.shape)
    if profiles > MAX_PROFILES:
        raise ScenarioError(
            f"the move order's game tree would have {profiles:,} end points; the sequential "
            f"reading handles at most {MAX_PROFILES:,}",
            Location("--move-order"),
        )


def _subgame_paths(
    game: Game, order: tuple[int, ...]
) -> tuple[dict[tuple[int, ...], dict[tuple[int, ...], int]], int]:
    """For every history (moves in order), each SPE path of its subgame with its SPE count;
    and the number of histories where the mover's choice is not pinned down."""
    vals, _ = _values(game)
    n = game.n_players
    sizes = [game.shape[i] for i in order]
    paths: dict[tuple[int, ...], dict[tuple[int, ...], int]] = {}
    open_nodes = 0

    def profile_of(history: tuple[int, ...]) -> tuple[int, ...]:
        prof = [0] * n
        for pos, a in enumerate(history):
            prof[order[pos]] = a
        return tuple(prof)

    for h in itertools.product(*[range(k) for k in sizes]):
        paths[h] = {profile_of(h): 1}
    for depth in range(n - 1, -1, -1):
        mover = order[depth]
        for h in itertools.product(*[range(k) for k in sizes[:depth]]):
            children = [paths[h + (a,)] for a in range(sizes[depth])]
            by_value: list[dict[Any, int]] = []
            for ch in children:
                d: dict[Any, int] = {}
                for p, c in ch.items():
                    v = vals[p + (mover,)]
                    d[v] = d.get(v, 0) + c
                by_value.append(d)

            here: dict[tuple[int, ...], int] = {}
            chosen: set[int] = set()
            for a, ch in enumerate(children):
                for p, c in ch.items():
                    v = vals[p + (mover,)]
                    mult = c
                    for b in range(len(children)):
                        if b != a:
                            mult *= sum(c for w, c in by_value[b].items() if w <= v)
                            if not mult:
                                break
                    if mult:
                        here[p] = here.get(p, 0) + mult
                        chosen.add(a)
            if len(chosen) > 1:
                open_nodes += 1
            paths[h] = here
    return paths, open_nodes


def backward_induction(
    game: Game, order: Sequence[int], source: str = "option"
) -> MoveOrderReading:
    """Every subgame-perfect equilibrium of ``game`` played in ``order`` (player indices, each
    once), each mover seeing all earlier moves."""
    order = tuple(order)
    if sorted(order) != list(range(game.n_players)):
        raise ValueError(f"order {order} must list each of the {game.n_players} players once")
    _check_size(game)
    vals, exact = _values(game)
    paths, open_nodes = _subgame_paths(game, order)
    root = paths[()]
    outcomes = []
    steps = []
    for prof in sorted(root):
        outcomes.append(
            SPEOutcome(
                prof,
                tuple(vals[prof + (i,)] for i in range(game.n_players)),
                root[prof],
                _is_nash(vals, game.shape, prof),
            )
        )
        path = []
        for depth, mover in enumerate(order):
            h = tuple(prof[order[j]] for j in range(depth))
            options = tuple((a, tuple(sorted(paths[h + (a,)]))) for a in range(game.shape[mover]))
            path.append(Step(mover, h, prof[mover], options))
        steps.append(tuple(path))
    nodes = sum(math.prod(game.shape[order[j]] for j in range(d)) for d in range(game.n_players))
    return MoveOrderReading(
        order=order,
        source=source,
        outcomes=tuple(outcomes),
        total=sum(root.values()),
        open_nodes=open_nodes,
        nodes=nodes,
        steps=tuple(steps),
        exact=exact,
    )


def reading_of(
    game: Game, scenario: Any, move_order: Any, *, loc: Location | None = None
) -> MoveOrderReading | None:
    """The sequential reading an analysis asked for: ``move_order`` (names or text, from
    ``--move-order``) wins over the file's ``move_order:``; ``()``/``"none"`` means none."""
    if move_order is not None:
        names = parse_move_order(move_order) if isinstance(move_order, str) else tuple(move_order)
        if not names:
            return None
        order = resolve_order(names, game.players, loc or Location("--move-order"))
        return backward_induction(game, order, "option")
    declared = getattr(scenario, "move_order", ())
    if not declared:
        return None
    where = getattr(scenario, "move_order_loc", None) or Location(scenario.meta.file)
    order = resolve_order(declared, game.players, where)
    return backward_induction(game, order, "file")


def spe_labels(game: Game, reading: MoveOrderReading) -> tuple[str, ...]:
    """The SPE paths as outcome labels (``"none, pressure, freeze"``), the labels sweeps count."""
    return tuple(game.profile_label(o.profile) for o in reading.outcomes)


# -- sweeps and robustness ------------------------------------------------------------------------


class OrderedSession(PointSession):
    """A sweep or robustness session that counts the SPE paths of the sequential reading at each
    parameter point (each point's game built exactly, so ties at a threshold are found)."""

    def __init__(
        self,
        scenario: Any,
        names: Sequence[str],
        overrides: Mapping | None = None,
        *,
        move_order: Any,
    ) -> None:
        from ..scenario.payoffs import build

        super().__init__()
        self.scenario = scenario
        self.names = list(names)
        self.overrides = dict(overrides or {})
        self.build = build
        game = build(scenario, self.overrides)
        text = move_order
        names_ = parse_move_order(text) if isinstance(text, str) else tuple(text)
        self.order = resolve_order(names_, game.players, Location("--move-order"))
        self.cache: dict[tuple, tuple[str, ...]] = {}

    def describe(self) -> str:
        return "subgame-perfect paths of the game played in turn, by backward induction"

    def iterations(self) -> int:
        return 20

    def evaluate(
        self,
        points: Sequence[Sequence[Any]],
        *,
        exact_fallback: bool = True,
        grid: Any = None,
        progress: Any = None,
    ) -> list[tuple[str, ...]]:
        out = []
        for k, point in enumerate(points):
            key = tuple(point)
            if key not in self.cache:
                t0 = time.perf_counter()
                game = self.build(self.scenario, {**self.overrides, **dict(zip(self.names, key))})
                self.cache[key] = spe_labels(game, backward_induction(game, self.order))
                self.seconds += time.perf_counter() - t0
                self.points += 1
            out.append(self.cache[key])
            if progress and k + 1 == len(points):
                progress(k + 1, len(points))
        return out
