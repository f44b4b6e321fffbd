"""Discount-factor thresholds: when is a stage profile sustained by grim trigger or tit-for-tat?

Every condition here is linear in the discount factor δ: ``a + b·δ >= 0``.  A
:class:`Condition` keeps ``a``, ``b`` and the sentence it came from; :func:`solve_conditions`
intersects them over ``δ ∈ [0, 1)`` exactly (Fractions in, Fractions out).

Grim trigger (Friedman 1971; Osborne, *An Introduction to Game Theory*, 2004, §14.7):
play the profile ``a`` until someone deviates, then play a stage equilibrium forever.  Player
``i`` with on-path payoff ``u``, best one-round deviation payoff ``d`` and punishment payoff
``v`` stays iff ``u >= (1-δ)·d + δ·v`` (average discounted payoffs), that is
``(u - d) + δ·(d - v) >= 0``; for ``d > u > v`` this is ``δ >= (d - u)/(d - v)``.

Tit-for-tat in a 2x2 stage game (Axelrod 1984, ch. 3; Osborne 2004, §14.7.3): each player starts
with its part of ``a`` ("cooperate") and then copies what the other did last round.  Against a
tit-for-tat opponent, a player's only candidate best replies are to cooperate forever, to defect
forever, or to alternate defect/cooperate (the opponent has one-round memory, so the player's
problem is a two-state Markov decision problem with these stationary policies).  With
``R, T, S, P`` the player's payoffs at (cooperate, cooperate), (defect, cooperate),
(cooperate, defect), (defect, defect) — own move first — the conditions are
``(R - T) + δ·(T - P) >= 0`` and ``(R - T) + δ·(R - S) >= 0``; in the Prisoner's Dilemma
``δ >= max((T-R)/(T-P), (T-R)/(R-S))``.  This makes tit-for-tat a Nash equilibrium of the
repeated game (Axelrod's "collectively stable"); it is not subgame perfect in general.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..game import Game
from ..numbers import fmt_exact as fmt
from ..numbers import to_number
from .stage import all_profiles, best_deviation, payoff

__all__ = [
    "Condition",
    "DeltaSet",
    "PlayerCheck",
    "Threshold",
    "grim_trigger_threshold",
    "grim_trigger_thresholds",
    "solve_conditions",
    "tit_for_tat_threshold",
]


@dataclass(frozen=True)
class Condition:
    """``a + b·δ >= 0`` with a one-line reason."""

    a: object
    b: object
    reason: str = ""

    def holds(self, delta) -> bool:
        return self.a + self.b * delta >= 0

    def bound(self) -> tuple[str, object] | None:
        """``("min", x)`` for δ >= x, ``("max", x)`` for δ <= x, ``("all", None)`` or
        ``("none", None)``."""
        if self.b > 0:
            return ("min", -self.a / self.b)
        if self.b < 0:
            return ("max", self.a / -self.b)
        return ("all", None) if self.a >= 0 else ("none", None)


@dataclass(frozen=True)
class DeltaSet:
    """The discount factors in ``[0, 1)`` satisfying some conditions: ``[lo, hi]``.

    ``hi is None`` means "every δ from lo up to (not including) 1".  ``empty`` when none.
    """

    lo: object = Fraction(0)
    hi: object = None
    empty: bool = False

    def contains(self, delta) -> bool:
        if self.empty or delta < self.lo or delta >= 1:
            return False
        return self.hi is None or delta <= self.hi

    def describe(self) -> str:
        if self.empty:
            return "for no discount factor δ < 1"
        if self.hi is None:
            return "for every δ" if self.lo == 0 else f"for δ ≥ {fmt(self.lo)}"
        if self.lo == self.hi:
            return f"only at δ = {fmt(self.lo)}"
        return f"for {fmt(self.lo)} ≤ δ ≤ {fmt(self.hi)}"


def fp(x) -> str:
    """A number as a factor in a product: negative numbers in parentheses."""
    s = fmt(x)
    return f"({s})" if s.startswith("-") else s


def solve_conditions(conditions) -> DeltaSet:
    """Intersect linear conditions over δ ∈ [0, 1)."""
    lo, hi = Fraction(0), None
    for c in conditions:
        kind, x = c.bound()
        if kind == "none":
            return DeltaSet(empty=True)
        if kind == "min":
            lo = max(lo, x)
        elif kind == "max":
            hi = x if hi is None else min(hi, x)
    if lo >= 1 or (hi is not None and (hi < lo or hi < 0)):
        return DeltaSet(empty=True)
    if hi is not None and hi >= 1:
        hi = None
    return DeltaSet(lo, hi)


@dataclass(frozen=True)
class PlayerCheck:
    """One player's incentive to stay on the path, with the numbers a student needs."""

    player: int
    on_path: object  # payoff per round while everyone follows the profile
    deviation: int  # the best one-round deviation (strategy index)
    deviation_payoff: object
    punishment: object  # payoff per round after a deviation (grim) — None for tit-for-tat
    conditions: tuple[Condition, ...]
    allowed: DeltaSet
    numbers: dict  # named payoffs used (R, T, S, P for tit-for-tat)


@dataclass(frozen=True)
class Threshold:
    """Whether (and for which δ) the pure profile ``profile`` is sustained by ``strategy``."""

    profile: tuple[int, ...]
    strategy: str  # "grim trigger" or "tit-for-tat"
    allowed: DeltaSet
    checks: tuple[PlayerCheck, ...]
    stage_equilibrium: bool
    punishment_profile: str = ""  # how punishment is played (labels)
    note: str = ""

    @property
    def delta_min(self):
        """The smallest sustaining δ, or ``None`` when no δ < 1 sustains the profile."""
        return None if self.allowed.empty else self.allowed.lo


def grim_trigger_threshold(
    game: Game, profile, punishment_payoffs, punishment_label: str = ""
) -> Threshold:
    """The δ for which grim trigger sustains ``profile`` (indices), given per-player punishment
    payoffs (``punishment_payoffs[i]``: what player ``i`` gets each round once punishment starts).

    A profile that is itself a stage equilibrium is sustained for every δ (repeat it whatever
    happens); its grim-trigger conditions are still reported.
    """
    profile = tuple(int(s) for s in profile)
    checks = []
    is_eq = True
    for i in range(game.n_players):
        u = payoff(game, profile, i)
        s, d = best_deviation(game, profile, i)
        if d > u:
            is_eq = False
        v = to_number(punishment_payoffs[i])
        cond = Condition(u - d, d - v, f"{fmt(u)} ≥ (1−δ)·{fp(d)} + δ·{fp(v)}")
        checks.append(PlayerCheck(i, u, s, d, v, (cond,), solve_conditions([cond]), {}))
    if is_eq:
        allowed = DeltaSet(Fraction(0), None)
        note = "a stage equilibrium: repeating it every round needs no threat"
    else:
        allowed = solve_conditions([c for ch in checks for c in ch.conditions])
        note = ""
    return Threshold(profile, "grim trigger", allowed, tuple(checks), is_eq, punishment_label, note)


def grim_trigger_thresholds(
    game: Game, punishment_payoffs, punishment_label: str = ""
) -> list[Threshold]:
    """:func:`grim_trigger_threshold` for every pure profile of the stage game."""
    return [
        grim_trigger_threshold(game, p, punishment_payoffs, punishment_label)
        for p in all_profiles(game)
    ]


def tit_for_tat_threshold(game: Game, profile) -> Threshold:
    """The δ for which mutual tit-for-tat (cooperating = playing ``profile``) is an equilibrium.

    Needs a 2-player game with two strategies each; "defect" is a player's other strategy.
    """
    if game.n_players != 2 or game.shape != (2, 2):
        raise ValueError("tit-for-tat thresholds are defined here for 2x2 stage games")
    profile = tuple(int(s) for s in profile)
    checks = []
    for i in range(2):
        j = 1 - i
        c_i, c_j = profile[i], profile[j]
        d_i, d_j = 1 - c_i, 1 - c_j

        def u(mine, theirs, i=i, j=j):
            prof = [0, 0]
            prof[i], prof[j] = mine, theirs
            return payoff(game, prof, i)

        R, T, S, P = u(c_i, c_j), u(d_i, c_j), u(c_i, d_j), u(d_i, d_j)
        conds = (
            Condition(R - T, T - P, f"defect forever: {fmt(R)} ≥ (1−δ)·{fp(T)} + δ·{fp(P)}"),
            Condition(
                R - T, R - S, f"alternate defect/cooperate: (1+δ)·{fp(R)} ≥ {fmt(T)} + δ·{fp(S)}"
            ),
        )
        checks.append(
            PlayerCheck(
                i, R, d_i, T, None, conds, solve_conditions(conds), {"R": R, "T": T, "S": S, "P": P}
            )
        )
    allowed = solve_conditions([c for ch in checks for c in ch.conditions])
    is_eq = all(ch.deviation_payoff <= ch.on_path for ch in checks)
    note = (
        "tit-for-tat is a Nash equilibrium of the repeated game for these δ; it is not "
        "subgame perfect in general (after a mistake the players can lock into alternation)"
    )
    return Threshold(profile, "tit-for-tat", allowed, tuple(checks), is_eq, "", note)
