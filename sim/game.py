"""Normal-form games: labels plus one read-only payoff tensor.

The tensor convention, stated once and kept everywhere in negsim
-----------------------------------------------------------------
For an N-player game in which player ``i`` has ``n_i`` pure strategies, the payoff tensor
``payoffs`` has shape ``(n_1, ..., n_N, N)``: ``payoffs[s_1, ..., s_N, i]`` is player ``i``'s
payoff when each player ``j`` plays pure strategy ``s_j``.  Axis ``j`` (for ``j < N``) belongs to
player ``j`` in scenario order; the last axis indexes the receiving player.

A 2-player game's usual bimatrix is therefore ``A = payoffs[..., 0]`` and
``B = payoffs[..., 1]`` (rows = player 0's strategies, columns = player 1's).

When every payoff is rational (integers, decimals written in a scenario, fractions), the game
also carries ``exact``: an object array of :class:`fractions.Fraction` of the same shape.
Exact solvers use it; everything else uses the float ``payoffs``.

A :class:`Game` is immutable: both arrays are read-only, labels are tuples.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["Game", "as_fraction_array"]


def as_fraction_array(values: Any) -> np.ndarray | None:
    """Object array of Fractions from numbers, or ``None`` if any value is not rational.

    A float is read as its shortest decimal representation (``0.1`` → ``1/10``), which is what
    a person who typed it meant; ``nan``/``inf`` or non-numbers make the result ``None``.
    """
    raw = np.asarray(values)
    if raw.dtype.kind in "iub" or (raw.dtype.kind == "f" and raw.size > 64):
        # numeric arrays: convert each distinct value once and share the (immutable) Fractions
        if raw.dtype.kind == "f" and not np.all(np.isfinite(raw)):
            return None
        uniq, inv = np.unique(raw, return_inverse=True)
        conv = as_fraction_array(
            uniq.astype(object)
            if raw.dtype.kind != "f"
            else np.array([float(u) for u in uniq], dtype=object)
        )
        if conv is None:
            return None
        return conv[inv.reshape(-1)].reshape(raw.shape)
    arr = np.asarray(values, dtype=object)
    out = np.empty(arr.shape, dtype=object)
    flat_in = arr.reshape(-1)
    flat_out = out.reshape(-1)
    for k, v in enumerate(flat_in):
        if isinstance(v, Fraction):
            flat_out[k] = v
        elif isinstance(v, bool | np.bool_):
            flat_out[k] = Fraction(int(v))
        elif isinstance(v, int | np.integer):
            flat_out[k] = Fraction(int(v))
        elif isinstance(v, float | np.floating):
            f = float(v)
            if not np.isfinite(f):
                return None
            flat_out[k] = Fraction(repr(f))
        else:
            return None
    return out


#: the integer payoff tensor of a game built from integer arrays (``D = 1``), so exact solvers
#: need not read it back from the Fractions (see :func:`sim.results.integer_payoffs`)
INTEGER_SOURCE: weakref.WeakKeyDictionary[Game, np.ndarray] = weakref.WeakKeyDictionary()


def _remember_integers(game: Game, tensor: np.ndarray) -> Game:
    if tensor.dtype.kind == "i" and (tensor.size == 0 or np.abs(tensor).max() < 2**40):
        ints = tensor.astype(np.int64)
        ints.setflags(write=False)
        INTEGER_SOURCE[game] = ints
    return game


def _numeric_or_object(values: Any) -> np.ndarray:
    """``values`` as a numeric array when numpy reads them as one (ints, floats, bools: their
    exact conversion then runs once per distinct value), else as an object array."""
    raw = np.asarray(values)
    if raw.dtype.kind == "i" or raw.dtype.kind == "f":
        return raw
    if raw.dtype.kind in "ub" and raw.dtype.itemsize < 8:
        return raw.astype(np.int64)  # so that -A does not wrap around
    return np.asarray(values, dtype=object)


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.array(a, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class Game:
    """An N-player normal-form game with labelled players and strategies.

    Parameters
    ----------
    players:
        Player ids in axis order (short identifiers such as ``"US"``).
    strategies:
        For each player, its strategy ids in axis order.
    payoffs:
        Float tensor of shape ``(n_1, ..., n_N, N)`` (see the module docstring).
    exact:
        Optional Fraction tensor of the same shape; derived from ``payoffs`` when omitted and every
        payoff is rational.
    player_names, strategy_names:
        Human labels; default to the ids.
    title:
        A short title for reports.
    approximate:
        The float payoffs are approximations of irrational numbers (a formula with a
        fractional power such as ``2**0.5``): the game then has no ``exact`` tensor, and
        solvers certify within a tolerance instead of exactly.
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    payoffs: np.ndarray
    exact: np.ndarray | None = None
    player_names: tuple[str, ...] = ()
    strategy_names: tuple[tuple[str, ...], ...] = ()
    title: str = ""
    meta: dict[str, Any] = field(default_factory=dict, compare=False)
    approximate: bool = False

    def __post_init__(self) -> None:
        players = tuple(str(p) for p in self.players)
        strategies = tuple(tuple(str(s) for s in ss) for ss in self.strategies)
        n = len(players)
        if n < 1:
            raise ValueError("a game needs at least one player")
        if len(strategies) != n:
            raise ValueError(f"{n} players but {len(strategies)} strategy lists")
        if len(set(players)) != n:
            raise ValueError(f"duplicate player ids in {players}")
        for p, ss in zip(players, strategies):
            if not ss:
                raise ValueError(f"player {p} has no strategies")
            if len(set(ss)) != len(ss):
                raise ValueError(f"duplicate strategy ids for {p}: {ss}")
        shape = tuple(len(ss) for ss in strategies) + (n,)
        pay = np.asarray(self.payoffs, dtype=float)
        if pay.shape != shape:
            raise ValueError(f"payoff tensor has shape {pay.shape}, expected {shape}")
        if not np.all(np.isfinite(pay)):
            raise ValueError("payoffs must be finite numbers")
        exact = self.exact
        if self.approximate:
            exact = None
        elif exact is None:
            exact = as_fraction_array(self.payoffs)
            if exact is not None:
                _remember_integers(self, np.asarray(self.payoffs))
        else:
            exact = np.asarray(exact, dtype=object)
            if exact.shape != shape:
                raise ValueError(f"exact tensor has shape {exact.shape}, expected {shape}")
        pnames = tuple(self.player_names) or players
        snames = tuple(tuple(s) for s in self.strategy_names) or strategies
        if len(pnames) != n or [len(s) for s in snames] != [len(s) for s in strategies]:
            raise ValueError("labels do not match the players and strategies")
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "strategies", strategies)
        object.__setattr__(self, "payoffs", _readonly(pay))
        object.__setattr__(self, "exact", None if exact is None else _readonly(exact))
        object.__setattr__(self, "player_names", pnames)
        object.__setattr__(self, "strategy_names", snames)

    # -- construction helpers -------------------------------------------------------------
    @classmethod
    def from_bimatrix(
        cls,
        A: Any,
        B: Any = None,
        *,
        players: Sequence[str] = ("Row", "Column"),
        strategies: Iterable[Iterable[str]] | None = None,
        title: str = "",
    ) -> Game:
        """A 2-player game from payoff matrices ``A`` (row player) and ``B`` (column player).

        ``B`` defaults to ``-A`` (zero-sum).
        """
        A_arr = _numeric_or_object(A)
        B_arr = -A_arr if B is None else _numeric_or_object(B)
        if A_arr.shape != B_arr.shape or A_arr.ndim != 2:
            raise ValueError("A and B must be matrices of the same shape")
        if A_arr.dtype.kind != B_arr.dtype.kind:  # e.g. large ints beside floats
            A_arr, B_arr = A_arr.astype(object), B_arr.astype(object)
        m, n = A_arr.shape
        if strategies is None:
            strategies = (
                tuple(f"r{i + 1}" for i in range(m)),
                tuple(f"c{j + 1}" for j in range(n)),
            )
        tensor = np.stack([A_arr, B_arr], axis=-1)
        exact = as_fraction_array(tensor)
        game = cls(
            players=tuple(players),
            strategies=tuple(map(tuple, strategies)),
            payoffs=np.asarray(tensor, dtype=float),
            exact=exact,
            title=title,
        )
        return _remember_integers(game, tensor)

    @classmethod
    def from_tensor(
        cls,
        payoffs: Any,
        *,
        players: Sequence[str] | None = None,
        strategies: Iterable[Iterable[str]] | None = None,
        title: str = "",
    ) -> Game:
        """A game from a payoff tensor of shape ``(n_1, ..., n_N, N)``; labels default to
        P1.., s1.."""
        raw = np.asarray(payoffs)
        # numeric arrays stay numeric (fast float and Fraction conversion); anything else
        # (Fractions, mixed Python numbers) goes through an object array
        arr = raw if raw.dtype.kind in "iubf" else np.asarray(payoffs, dtype=object)
        n = arr.ndim - 1
        if n < 1 or arr.shape[-1] != n:
            raise ValueError(f"tensor of shape {arr.shape} is not (n_1, ..., n_N, N)")
        names = tuple(players) if players else tuple(f"P{i + 1}" for i in range(n))
        if strategies is None:
            strategies = tuple(tuple(f"s{k + 1}" for k in range(arr.shape[i])) for i in range(n))
        game = cls(
            players=names,
            strategies=tuple(map(tuple, strategies)),
            payoffs=arr.astype(float),
            exact=as_fraction_array(arr),
            title=title,
        )
        return _remember_integers(game, arr)

    # -- shape ----------------------------------------------------------------------------
    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        """Numbers of strategies ``(n_1, ..., n_N)``."""
        return tuple(self.payoffs.shape[:-1])

    @property
    def n_profiles(self) -> int:
        return int(np.prod(self.shape))

    @property
    def is_rational(self) -> bool:
        return self.exact is not None

    @property
    def is_two_player(self) -> bool:
        return self.n_players == 2

    def bimatrix(self, exact: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """``(A, B)`` for a 2-player game; Fraction object arrays when ``exact``."""
        if self.n_players != 2:
            raise ValueError("bimatrix() needs a 2-player game")
        src = self.exact if exact else self.payoffs
        if src is None:
            raise ValueError("this game has irrational payoffs; no exact bimatrix")
        return src[..., 0], src[..., 1]

    def player_index(self, player: str) -> int:
        try:
            return self.players.index(player)
        except ValueError:
            raise KeyError(f"no player {player!r}; players are {', '.join(self.players)}") from None

    def strategy_index(self, player: str | int, strategy: str) -> int:
        i = player if isinstance(player, int) else self.player_index(player)
        try:
            return self.strategies[i].index(strategy)
        except ValueError:
            raise KeyError(
                f"no strategy {strategy!r} for {self.players[i]}; "
                f"strategies are {', '.join(self.strategies[i])}"
            ) from None

    def profile_label(self, profile: Sequence[int]) -> str:
        """``"suspend, freeze"`` for a pure profile given by indices."""
        return ", ".join(self.strategies[i][s] for i, s in enumerate(profile))

    def restrict(self, keep: Sequence[Sequence[int]]) -> Game:
        """The subgame in which player ``i`` keeps only the strategies ``keep[i]`` (indices)."""
        idx = np.ix_(*[list(k) for k in keep], range(self.n_players))
        return Game(
            players=self.players,
            strategies=tuple(tuple(self.strategies[i][k] for k in ks) for i, ks in enumerate(keep)),
            payoffs=self.payoffs[idx],
            exact=None if self.exact is None else self.exact[idx],
            player_names=self.player_names,
            strategy_names=tuple(
                tuple(self.strategy_names[i][k] for k in ks) for i, ks in enumerate(keep)
            ),
            title=self.title,
            meta=dict(self.meta),
            approximate=self.approximate,
        )

    def __repr__(self) -> str:
        dims = "x".join(str(n) for n in self.shape)
        return f"Game({self.title!r}, {dims}, players={list(self.players)})"

    def _repr_html_(self) -> str:
        from .display import game_html

        return game_html(self)
