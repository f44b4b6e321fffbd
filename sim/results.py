"""Frozen, certified results.

Every equilibrium negsim reports goes through :func:`certify`: its maximum regret (the most any
player could gain by switching to a pure strategy) is computed and must be ``<= tol``; with exact
(Fraction) payoffs and probabilities it must be exactly zero.  Solvers produce *candidates*;
only :func:`certify` makes an :class:`Equilibrium`.

A mixed profile is a tuple with one probability vector per player, in player order, each vector
indexed like that player's strategies (see :mod:`sim.game` for the tensor convention).
"""

from __future__ import annotations

import math
import operator
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ._version import __version__
from .game import INTEGER_SOURCE, Game

__all__ = [
    "DEFAULT_TOL",
    "Equilibrium",
    "SolveResult",
    "certify",
    "deviation_payoffs",
    "expected_payoffs",
    "max_regret",
    "pareto_efficient",
    "payoff_scale",
]

DEFAULT_TOL = 1e-9


#: a mixed profile: one probability sequence per player (floats, or Fractions/ints when exact)
Profile = Sequence[Sequence[Any]]


def _contract_others(tensor: np.ndarray, profile: Profile, player: int) -> np.ndarray:
    """Expected payoff vector of ``player``'s pure strategies against the others' mixtures.

    ``tensor`` has shape ``(n_1, ..., n_N)`` (one player's payoffs).  Works for float and object
    (Fraction) arrays alike.
    """
    # every other player pure (one-hot): the payoffs are one line of the tensor, no arithmetic
    line: list[Any] = []
    for j, vec in enumerate(profile):
        if j == player:
            line.append(slice(None))
            continue
        played = [k for k, x in enumerate(vec) if x != 0]
        if len(played) != 1 or vec[played[0]] != 1:
            break
        line.append(played[0])
    else:
        return np.array(tensor[tuple(line)])
    out = tensor
    # contract the highest axes first so that lower axis numbers stay valid
    for j in reversed(range(len(profile))):
        if j == player:
            continue
        p = np.asarray(profile[j], dtype=out.dtype)
        if out.dtype == object:
            # exact arithmetic is slow: skip strategies played with probability zero
            nz = np.flatnonzero(p != 0)
            if nz.size == 1 and p[nz[0]] == 1:
                # a pure strategy: select, no arithmetic at all
                out = np.take(out, int(nz[0]), axis=j)
                continue
            if nz.size < p.size:
                out = np.take(out, nz, axis=j)
                p = p[nz]
            try:
                out = _exact_tensordot(out, p, j)
                continue
            except AttributeError:  # a float among the entries: plain object arithmetic
                pass
        out = np.tensordot(out, p, axes=([j], [0]))
    return out


def _exact_tensordot(tensor: np.ndarray, p: np.ndarray, axis: int) -> np.ndarray:
    """``tensordot(tensor, p, axis)`` for exact (Fraction or int) entries, in integers.

    Both sides are scaled to integers by their common denominators, contracted (in int64 when
    no partial sum can overflow, else in Python ints), and divided back once per entry: the same
    exact result as Fraction arithmetic, without a gcd per multiplication.
    """
    den_p = math.lcm(*(x.denominator for x in p))
    num_p = [x.numerator * (den_p // x.denominator) for x in p]
    flat = tensor.ravel()
    den_t = math.lcm(*{x.denominator for x in flat})
    num_t = [x.numerator * (den_t // x.denominator) for x in flat]
    bound = max(map(abs, num_t), default=0) * sum(map(abs, num_p))
    dtype = np.int64 if bound < 2**62 else object
    ints = np.array(num_t, dtype=dtype).reshape(tensor.shape)
    summed = np.tensordot(ints, np.array(num_p, dtype=dtype), axes=([axis], [0]))
    den = den_t * den_p
    values = [Fraction(int(v), den) for v in np.ravel(summed).tolist()]
    return np.array(values, dtype=object).reshape(np.shape(summed))


def deviation_payoffs(game: Game, profile: Profile, exact: bool = False) -> list[np.ndarray]:
    """For each player, the expected payoff of each of its pure strategies against the profile."""
    src = game.exact if exact else game.payoffs
    if src is None:
        raise ValueError("this game has irrational payoffs; no exact deviation payoffs")
    return [_contract_others(src[..., i], profile, i) for i in range(game.n_players)]


def expected_payoffs(game: Game, profile: Profile, exact: bool = False) -> tuple[Any, ...]:
    """Expected payoff of each player under a mixed profile."""
    devs = deviation_payoffs(game, profile, exact=exact)
    dtype = object if exact else float
    return tuple(np.dot(devs[i], np.asarray(profile[i], dtype=dtype)) for i in range(len(devs)))


def max_regret(game: Game, profile: Profile, exact: bool = False) -> Any:
    """The largest gain any player gets by deviating to a pure strategy (0 at an equilibrium)."""
    devs = deviation_payoffs(game, profile, exact=exact)
    dtype = object if exact else float
    regrets = [max(d) - np.dot(d, np.asarray(profile[i], dtype=dtype)) for i, d in enumerate(devs)]
    return max(regrets)


def payoff_scale(game: Game) -> float:
    """``max(1, max |payoff|)``: float tolerances are relative to this, so that a game in units
    of a trillion is judged as a game in units of one.  Computed once per game."""
    scale = _SCALES.get(game)
    if scale is None:
        P = game.payoffs
        scale = max(1.0, float(max(P.max(), -P.min()))) if P.size else 1.0
        _SCALES[game] = scale
    return scale


#: payoff scale per game (see :func:`payoff_scale`); games are immutable, compared by identity
_SCALES: weakref.WeakKeyDictionary[Game, float] = weakref.WeakKeyDictionary()

#: outcomes compared per block when looking for one that Pareto-dominates
_PARETO_BLOCK = 1 << 16


def pareto_efficient(game: Game, payoffs: Sequence[float], tol: float = DEFAULT_TOL) -> bool:
    """Whether no pure outcome of the game Pareto-dominates ``payoffs``.

    "Dominates" means every player gets at least as much and someone strictly more, with a
    slack of ``tol`` times :func:`payoff_scale` (the scaling :func:`certify` uses for regret).
    This is the test a negotiation analyst means by "efficient outcome"; reports say that the
    comparison is with the game's pure outcomes.
    """
    flat = game.payoffs.reshape(-1, game.n_players)
    v = [float(x) for x in payoffs]
    tol = tol * payoff_scale(game)
    # block by block, stopping at the first dominating outcome (an inefficient profile is
    # usually dominated by many); one player at a time on column views within a block
    for start in range(0, flat.shape[0], _PARETO_BLOCK):
        block = flat[start : start + _PARETO_BLOCK]
        geq = block[:, 0] >= v[0] - tol
        gt = block[:, 0] > v[0] + tol
        for i in range(1, game.n_players):
            col = block[:, i]
            geq &= col >= v[i] - tol
            gt |= col > v[i] + tol
        if np.any(geq & gt):
            return False
    return True


def _to_probability_vector(p: Sequence[Any], n: int, exact: bool) -> tuple[Any, ...]:
    if len(p) != n:
        raise ValueError(f"probability vector of length {len(p)} for {n} strategies")
    if exact:
        return tuple(Fraction(x) if not isinstance(x, Fraction) else x for x in p)
    return tuple(float(x) for x in p)


@dataclass(frozen=True)
class Equilibrium:
    """One certified equilibrium.

    ``strategies[i][k]`` is the probability player ``i`` puts on its ``k``-th strategy (Fractions
    when ``exact``), ``payoffs[i]`` player ``i``'s expected payoff, ``max_regret`` the certified
    regret (``Fraction(0)`` when exact).
    """

    strategies: tuple[tuple[Any, ...], ...]
    payoffs: tuple[Any, ...]
    max_regret: Any
    exact: bool
    pareto_efficient: bool
    component: int | None = None

    @property
    def is_pure(self) -> bool:
        return all(sum(1 for x in s if x != 0) == 1 for s in self.strategies)

    def pure_profile(self) -> tuple[int, ...] | None:
        """Strategy indices if the equilibrium is pure, else ``None``."""
        if not self.is_pure:
            return None
        return tuple(next(k for k, x in enumerate(s) if x != 0) for s in self.strategies)

    def as_floats(self) -> tuple[np.ndarray, ...]:
        return tuple(np.asarray([float(x) for x in s]) for s in self.strategies)

    def support(self) -> tuple[tuple[int, ...], ...]:
        return tuple(tuple(k for k, x in enumerate(s) if x != 0) for s in self.strategies)

    def __repr__(self) -> str:
        from .display import equilibrium_repr

        return equilibrium_repr(self)

    def labelled(self, game: Game) -> dict[str, dict[str, Any]]:
        """``{player: {strategy: probability}}`` with labels (ids) instead of indices."""
        return {
            p: dict(zip(game.strategies[i], self.strategies[i])) for i, p in enumerate(game.players)
        }


_NUM = operator.attrgetter("numerator")
_DEN = operator.attrgetter("denominator")

#: integer payoffs per game (see :func:`integer_payoffs`); games are immutable, compared by identity
_INTEGER_PAYOFFS: weakref.WeakKeyDictionary[Game, tuple[int, np.ndarray] | None] = (
    weakref.WeakKeyDictionary()
)


def integer_payoffs(game: Game, limit: int = 10**6) -> tuple[int, np.ndarray] | None:
    """``(D, ints)``: the exact payoffs times their common denominator ``D``, as an int64 array,
    or ``None`` when the game has no exact payoffs, a denominator exceeds ``limit`` (float
    payoffs such as 0.1234567 have denominators of 2^50 and more) or an integer reaches 2^40.
    Computed once per game."""
    if game in _INTEGER_PAYOFFS:
        return _INTEGER_PAYOFFS[game]
    out: tuple[int, np.ndarray] | None = None
    source = INTEGER_SOURCE.get(game)
    if source is not None and game.exact is not None:
        out = 1, source
    elif game.exact is not None:
        flat = game.exact.reshape(-1).tolist()
        try:
            # whole passes with C-level attribute getters (a loop over Fractions in Python costs
            # ~1 us an entry); the first entry alone settles float payoffs (huge denominators)
            dens = set(map(_DEN, flat[:1]))
            if max(dens, default=1) <= limit:
                dens = set(map(_DEN, flat))
            if max(dens, default=1) <= limit:
                D = math.lcm(*map(int, dens))
                nums: Iterable[Any] = map(_NUM, flat)
                if D != 1:
                    nums = (int(q) * (D // int(d)) for q, d in zip(nums, map(_DEN, flat)))
                vals = np.fromiter(nums, dtype=np.int64, count=len(flat))
                if not vals.size or (int(vals.max()) < 2**40 and int(vals.min()) > -(2**40)):
                    out = D, vals.reshape(game.exact.shape)
        except AttributeError:  # an entry that is not a rational number type
            out = None
        except OverflowError:  # an integer beyond int64
            out = None
    _INTEGER_PAYOFFS[game] = out
    return out


def _scaled(p: Sequence[Any], L: int, dtype: Any = np.int64) -> np.ndarray:
    """The exact probabilities ``p`` times their common denominator ``L``, as integers."""
    return np.array([q.numerator * (L // q.denominator) for q in p], dtype=dtype)


def _integer_deviations(game: Game, probs: Profile) -> list[tuple[np.ndarray, int]] | None:
    """Each player's deviation payoffs against the exact profile ``probs`` as ``(ints, den)``
    (value = ints / den) when the game's payoffs are small integers over a common denominator:
    in int64 when no sum can overflow, else in Python integers (still no gcd per product);
    ``None`` otherwise (use Fractions)."""
    ints = integer_payoffs(game)
    if ints is None:
        return None
    D, T = ints
    Ls = [math.lcm(*(q.denominator for q in p)) for p in probs]
    top = int(np.abs(T).max()) if T.size else 0
    wide = top * math.prod(Ls) >= 2**62
    if wide:
        T = T.astype(object)
    w = [_scaled(p, L, object if wide else np.int64) for p, L in zip(probs, Ls)]
    if any((v < 0).any() for v in w):  # the overflow bound assumes probabilities >= 0
        return None
    out = []
    for i in range(game.n_players):
        dev = T[..., i]
        for j in reversed(range(game.n_players)):
            if j != i:
                dev = np.tensordot(dev, w[j], axes=([j], [0]))
        out.append((dev, D * math.prod(L for j, L in enumerate(Ls) if j != i)))
    return out


def integer_certificate(game: Game, probs: Profile) -> tuple[bool, tuple[Fraction, ...]] | None:
    """``(zero regret?, payoffs)`` of an exact profile (Fractions) by
    :func:`_integer_deviations`, or ``None`` when that path does not apply."""
    devs = _integer_deviations(game, probs)
    if devs is None:
        return None
    pays = []
    ok = True
    for (dev, den), p in zip(devs, probs):
        L = math.lcm(*(q.denominator for q in p))
        w = _scaled(p, L, dev.dtype if dev.dtype == object else np.int64)
        total = int(np.dot(dev, w))  # the payoff times den * L
        ok = ok and int(dev.max()) * L == total
        pays.append(Fraction(total, den * L))
    return ok, tuple(pays)


def _sums_to_one(p: Sequence[Fraction]) -> bool:
    """Whether the Fractions ``p`` add up to exactly 1."""
    L = math.lcm(*(q.denominator for q in p))
    return sum(q.numerator * (L // q.denominator) for q in p) == L


def certify(game: Game, profile: Profile, tol: float = DEFAULT_TOL) -> Equilibrium | None:
    """Return an :class:`Equilibrium` if ``profile`` is one (regret within ``tol``), else ``None``.

    The profile is exact when the game has exact payoffs and every probability is a Fraction or
    an int; then regret must be exactly zero.  Otherwise it is checked in floating point against
    ``tol`` (probabilities are first clipped to ``[0, 1]`` and renormalised; a vector that is
    far from the simplex is rejected).
    """
    n = game.shape
    exact = game.exact is not None and all(
        isinstance(x, Fraction | int) and not isinstance(x, bool) for p in profile for x in p
    )
    if exact:
        probs = tuple(_to_probability_vector(p, n[i], True) for i, p in enumerate(profile))
        # signs and sums on numerators over a common denominator: Fraction sums cost more
        if any(x.numerator < 0 for p in probs for x in p) or not all(map(_sums_to_one, probs)):
            return None
        # a pure profile needs no arithmetic on the Fraction path (it selects payoffs); a mixed
        # one is cheaper in integers
        pure = all(sum(1 for x in p if x.numerator) == 1 for p in probs)
        fast = None if pure else integer_certificate(game, probs)
        if fast is not None:
            zero, pay = fast
            if not zero:
                return None
        else:
            # one contraction per player serves both the regret and the expected payoffs
            devs = deviation_payoffs(game, probs, exact=True)
            pay = tuple(
                np.dot(devs[i], np.asarray(probs[i], dtype=object)) for i in range(len(devs))
            )
            if any(max(d) != v for d, v in zip(devs, pay)):
                return None
        return Equilibrium(
            strategies=probs,
            payoffs=tuple(Fraction(v) for v in pay),
            max_regret=Fraction(0),
            exact=True,
            pareto_efficient=pareto_efficient(game, [float(v) for v in pay]),
        )
    vecs = []
    for i, p in enumerate(profile):
        v = np.asarray([float(x) for x in p], dtype=float)
        if v.shape != (n[i],) or not np.all(np.isfinite(v)):
            return None
        if np.any(v < -1e-6) or abs(v.sum() - 1) > 1e-6:
            return None
        v = np.clip(v, 0.0, None)
        v = v / v.sum()
        vecs.append(v)
    regret = float(max_regret(game, vecs))
    if regret > tol * payoff_scale(game):
        return None
    pay = expected_payoffs(game, vecs)
    return Equilibrium(
        strategies=tuple(tuple(float(x) for x in v) for v in vecs),
        payoffs=tuple(float(x) for x in pay),
        max_regret=max(regret, 0.0),
        exact=False,
        pareto_efficient=pareto_efficient(game, [float(x) for x in pay]),
    )


@dataclass(frozen=True)
class SolveResult:
    """What a solver found, and how.

    ``status`` is one of ``"complete"`` (every equilibrium the method promises: one for
    Lemke–Howson, every pure one for ``pure``, all of them for ``all``), ``"partial"`` (some
    found; the method stopped early or a candidate failed certification), ``"failed"`` (nothing
    certified).  ``complete_set`` says, separately, whether ``equilibria`` is the game's whole
    equilibrium set: True only for a whole-set method (``all``, ``enumerate``) that finished;
    for a degenerate 2-player game the set is then given by its extreme equilibria and
    ``components``.  So Lemke–Howson is ``status == "complete"`` with ``complete_set`` False.
    ``message`` says why in words.  ``rejected`` counts candidate profiles that failed
    certification and were dropped.
    """

    method: str
    equilibria: tuple[Equilibrium, ...]
    status: str
    complete_set: bool = False
    message: str = ""
    tol: float = DEFAULT_TOL
    options: dict[str, Any] = field(default_factory=dict)
    rejected: int = 0
    seconds: float = 0.0
    components: tuple[tuple[int, ...], ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)
    negsim_version: str = __version__

    @property
    def complete(self) -> bool:
        return self.status == "complete"

    def __len__(self) -> int:
        return len(self.equilibria)

    def __repr__(self) -> str:
        from .display import solve_repr

        return solve_repr(self)

    def _repr_html_(self) -> str:
        from .display import solve_html

        return solve_html(self)
