"""Repeated-game strategies as small state machines over "cooperate" and "defect".

A :class:`Machine` has named states.  In each state it cooperates with a fixed probability
(1 or 0 for a deterministic strategy) and, after each round, moves to a next state chosen by
what happened: its own move and the others' move (the others "cooperated" when all of them did).
Outcomes are keyed ``CC``, ``CD``, ``DC``, ``DD``: own move first.  Moves are the *actual*
moves, after any mistake (noise), which is what a player sees.

"Cooperate" and "defect" are labels for one stage strategy of each player, set in the scenario
(``repetition.cooperate`` / ``repetition.defect``), so the same machine can play either seat.

Built-in strategies (:data:`BUILTINS`), with the usual references:

- ``always_cooperate``, ``always_defect``;
- ``grim`` (grim trigger; Friedman 1971): cooperate until the other defects once, then defect;
- ``tit_for_tat`` (Rapoport, in Axelrod 1984): cooperate first, then copy the other's last move;
- ``generous_tit_for_tat`` (Nowak & Sigmund 1992): like tit-for-tat but forgive a defection with
  probability ``generosity`` (default 1/3);
- ``win_stay_lose_shift`` (Pavlov; Nowak & Sigmund 1993): repeat your move after the other
  cooperated, switch after the other defected.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

__all__ = ["BUILTINS", "OUTCOMES", "Machine", "builtin"]

OUTCOMES = ("CC", "CD", "DC", "DD")  # (own move, others' move)


@dataclass(frozen=True)
class Machine:
    """A strategy: ``states`` names, ``cooperate[k]`` = probability of cooperating in state k,
    ``next[k][o]`` = next state index after outcome ``OUTCOMES[o]``, ``start`` the first state."""

    name: str
    states: tuple[str, ...]
    cooperate: tuple[Fraction, ...]
    next: tuple[tuple[int, int, int, int], ...]
    start: int = 0
    description: str = ""

    def __post_init__(self):
        k = len(self.states)
        if k == 0 or len(self.cooperate) != k or len(self.next) != k:
            raise ValueError(f"machine {self.name!r}: states, cooperate and next must match")
        if not 0 <= self.start < k:
            raise ValueError(f"machine {self.name!r}: bad start state")
        for row in self.next:
            if len(row) != 4 or any(not 0 <= s < k for s in row):
                raise ValueError(f"machine {self.name!r}: transitions must name known states")
        for p in self.cooperate:
            if not 0 <= p <= 1:
                raise ValueError(f"machine {self.name!r}: probabilities must be in [0, 1]")

    @property
    def deterministic(self) -> bool:
        return all(p in (0, 1) for p in self.cooperate)


def _by_other(on_c: int, on_d: int) -> tuple[int, int, int, int]:
    """Transitions that look only at the other's move."""
    return (on_c, on_d, on_c, on_d)


def builtin(name: str, generosity: Fraction = Fraction(1, 3)) -> Machine:
    """A built-in strategy by name (see the module docstring)."""
    one, zero = Fraction(1), Fraction(0)
    if name == "always_cooperate":
        return Machine(name, ("C",), (one,), ((0, 0, 0, 0),), 0, "cooperate every round")
    if name == "always_defect":
        return Machine(name, ("D",), (zero,), ((0, 0, 0, 0),), 0, "defect every round")
    if name == "grim":
        return Machine(
            name,
            ("cooperate", "punish"),
            (one, zero),
            (_by_other(0, 1), (1, 1, 1, 1)),
            0,
            "cooperate until the other defects once, then defect forever",
        )
    if name == "tit_for_tat":
        return Machine(
            name,
            ("cooperate", "defect"),
            (one, zero),
            (_by_other(0, 1), _by_other(0, 1)),
            0,
            "cooperate first, then copy the other's last move",
        )
    if name == "generous_tit_for_tat":
        g = Fraction(generosity)
        return Machine(
            name,
            ("cooperate", "forgive?"),
            (one, g),
            (_by_other(0, 1), _by_other(0, 1)),
            0,
            f"tit-for-tat, but after a defection cooperate with probability {g}",
        )
    if name == "win_stay_lose_shift":
        # outcome CC → stay C; CD → shift to D; DC → stay D; DD → shift to C
        row = (0, 1, 1, 0)
        return Machine(
            name,
            ("cooperate", "defect"),
            (one, zero),
            (row, row),
            0,
            "repeat your move after the other cooperated, switch after it defected",
        )
    raise KeyError(name)


BUILTINS = (
    "always_cooperate",
    "always_defect",
    "grim",
    "tit_for_tat",
    "generous_tit_for_tat",
    "win_stay_lose_shift",
)
