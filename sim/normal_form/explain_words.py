"""Small helpers that turn numbers and labels into the words of an explanation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from ..game import Game
from ..numbers import fmt as fmt_number
from ..numbers import fmt_prob
from ..results import Equilibrium

__all__ = [
    "and_list",
    "as_exact",
    "eq_label",
    "fmt_linear",
    "fmt_signed",
    "num",
    "others_label",
    "prob",
    "times",
]

MINUS = "-"


BIG_DENOMINATOR = 10**6


def num(x) -> str:
    """A payoff or value as a person reads it (exact when exact; a fraction whose denominator
    is huge, as from a float payoff such as pi, reads as an approximate decimal)."""
    if isinstance(x, Fraction) and x.denominator > BIG_DENOMINATOR:
        return f"≈{float(x):.6g}"
    return fmt_number(x)


def prob(x) -> str:
    if isinstance(x, Fraction) and x.denominator > BIG_DENOMINATOR:
        return f"≈{float(x):.6g}"
    return fmt_prob(x)


def as_exact(x):
    """Fraction when ``x`` is an int/Fraction, else the float unchanged."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int) and not isinstance(x, bool):
        return Fraction(x)
    return float(x)


def and_list(items: Iterable[str], conj: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    xs = [str(x) for x in items]
    if not xs:
        return ""
    if len(xs) == 1:
        return xs[0]
    return ", ".join(xs[:-1]) + f" {conj} " + xs[-1]


def times(coef, var: str) -> str:
    """``3·q``, ``q``, ``-q``, ``(1/2)·q``; ``coef`` is exact or a float."""
    if coef == 1:
        return var
    if coef == -1:
        return MINUS + var
    s = num(coef)
    if "/" in s:
        s = f"({s})"
    return f"{s}·{var}"


def fmt_signed(x) -> str:
    """`` + 3`` or `` - 3`` for appending a term."""
    if x < 0:
        return f" {MINUS} {num(-x)}"
    return f" + {num(x)}"


def fmt_linear(a, b, var: str) -> str:
    """``a·var + b`` simplified: ``11·q - 4``, ``q``, ``-2``."""
    if a == 0:
        return num(b)
    head = times(a, var)
    if b == 0:
        return head
    return head + fmt_signed(b)


def others_label(game: Game, player: int, profile: Sequence[int]) -> str:
    """``DPRK plays freeze`` (or ``DPRK freeze, China ease``) for the others' part of a profile."""
    parts = []
    for j, s in enumerate(profile):
        if j == player:
            continue
        parts.append((game.players[j], game.strategies[j][s]))
    if len(parts) == 1:
        return f"{parts[0][0]} plays {parts[0][1]}"
    return ", ".join(f"{p} {s}" for p, s in parts)


def eq_label(game: Game, eq: Equilibrium) -> str:
    """An equilibrium in a few words: its profile when pure, else each player's mixture."""
    prof = eq.pure_profile()
    if prof is not None:
        return f"({game.profile_label(prof)})"
    parts = []
    for i, p in enumerate(game.players):
        used = [f"{s} {prob(x)}" for s, x in zip(game.strategies[i], eq.strategies[i]) if x != 0]
        parts.append(f"{p}: {', '.join(used)}")
    return "mixed (" + "; ".join(parts) + ")"
