"""Dominance steps in a form the explanation can narrate, with the cases that prove each step.

The elimination itself comes from :func:`sim.solvers.dominance.iterated_elimination` (strict or
weak, by pure or mixed strategies).  Here each recorded step is normalised to indices
(:class:`Step`) and replayed on the shrinking game so the explanation can show *why*: the
payoff of the dominated strategy and of what dominates it against every remaining choice of the
others, and the smallest margin.  When the dominance module is not installed, a small
pure-strategy strict elimination stands in (and the explanation says so).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..game import Game

__all__ = ["Case", "Step", "StepProof", "dominance_steps", "prove_steps"]


@dataclass(frozen=True)
class Step:
    """Player ``player`` drops strategy ``strategy`` (original indices), dominated by the
    mixture ``by`` (``{strategy index: probability}``; one entry with probability 1 for a pure
    strategy).  ``strict`` is False for weak dominance."""

    player: int
    strategy: int
    by: tuple[tuple[int, object], ...]
    strict: bool = True


@dataclass(frozen=True)
class Case:
    others: tuple[int, ...]  # the full profile's other entries (original indices), own entry -1
    dominated: object
    dominator: object

    @property
    def margin(self):
        return self.dominator - self.dominated


@dataclass(frozen=True)
class StepProof:
    step: Step
    cases: tuple[Case, ...]
    margin: object  # smallest gain over all cases
    remaining: tuple[tuple[int, ...], ...]  # survivors *before* this step


def _index(game: Game, i: int, s) -> int:
    if isinstance(s, str):
        return game.strategies[i].index(s)
    return int(s)


def _player(game: Game, p) -> int:
    if isinstance(p, str):
        return game.players.index(p)
    return int(p)


def _normalise(game: Game, st) -> Step:
    """A step recorded by :mod:`sim.solvers.dominance` (field names vary a little) → Step."""
    p = next(getattr(st, k) for k in ("player", "who") if hasattr(st, k))
    i = _player(game, p)
    s = next(getattr(st, k) for k in ("strategy", "which", "dominated") if hasattr(st, k))
    by = next((getattr(st, k) for k in ("dominated_by", "by", "dominator") if hasattr(st, k)), None)
    if isinstance(by, dict):
        mix = tuple((_index(game, i, k), v) for k, v in by.items() if v != 0)
    elif isinstance(by, str | int | np.integer):
        mix = ((_index(game, i, by), Fraction(1)),)
    elif isinstance(by, tuple | list):
        if by and isinstance(by[0], tuple | list):  # ((strategy, prob), ...)
            mix = tuple((_index(game, i, k), v) for k, v in by if v != 0)
        else:  # a probability vector over the player's strategies
            mix = tuple((k, v) for k, v in enumerate(by) if v != 0)
    else:
        raise ValueError(f"cannot read dominance step {st!r}")
    strict = bool(getattr(st, "strict", not getattr(st, "weak", False)))
    return Step(i, _index(game, i, s), mix, strict)


def _pure_strict_elimination(game: Game) -> list[Step]:
    """Fallback: iterated elimination of strategies strictly dominated by pure strategies."""
    src = game.exact if game.exact is not None else game.payoffs
    keep = [list(range(k)) for k in game.shape]
    steps: list[Step] = []
    changed = True
    while changed:
        changed = False
        for i in range(game.n_players):
            sub = src[np.ix_(*keep, [i])][..., 0]
            sub = np.moveaxis(sub, i, 0)
            for a_pos, a in enumerate(keep[i]):
                for b_pos, b in enumerate(keep[i]):
                    if a == b or len(keep[i]) == 1:
                        continue
                    if np.all(sub[b_pos] > sub[a_pos]):
                        steps.append(Step(i, a, ((b, Fraction(1)),), True))
                        keep[i].remove(a)
                        changed = True
                        break
                if changed:
                    break
            if changed:
                break
    return steps


#: seconds an explanation spends on an elimination it was not given (the weak-dominance remark)
DOMINANCE_SECONDS = 10.0


def dominance_steps(
    game: Game, result=None, *, weak: bool = False, seconds: float | None = None
) -> tuple[list[Step], str]:
    """Normalised steps and the source (``"module"``, ``"fallback"``, or ``"partial"`` when a
    time limit stopped the elimination before it was done).  Without ``result`` the elimination
    runs here, for at most ``seconds`` and at most :data:`DOMINANCE_SECONDS`."""
    if result is None:
        try:
            from ..solvers.dominance import iterated_elimination
            from ..solvers.registry import Deadline
        except ImportError:
            return _pure_strict_elimination(game), "fallback"
        result = iterated_elimination(
            game,
            weak=weak,
            mixed=True,
            deadline=Deadline(
                DOMINANCE_SECONDS if seconds is None else min(seconds, DOMINANCE_SECONDS)
            ),
        )
    source = "module" if getattr(result, "complete", True) else "partial"
    return [_normalise(game, st) for st in getattr(result, "steps", ())], source


def prove_steps(game: Game, steps: list[Step]) -> list[StepProof]:
    """Replay ``steps`` on the shrinking game and record every case behind each one."""
    src = game.exact if game.exact is not None else game.payoffs
    keep = [list(range(k)) for k in game.shape]
    proofs = []
    for st in steps:
        i = st.player
        before = tuple(tuple(k) for k in keep)
        cases = []
        others = [keep[j] if j != i else [-1] for j in range(game.n_players)]
        for prof in itertools.product(*others):

            def pay(k, prof=prof, i=i):
                full = tuple(k if j == i else s for j, s in enumerate(prof))
                return src[full + (i,)]

            dominated = pay(st.strategy)
            dominator = sum(p * pay(k) for k, p in st.by)
            cases.append(Case(tuple(prof), dominated, dominator))
        margin = min(c.margin for c in cases) if cases else 0
        proofs.append(StepProof(st, tuple(cases), margin, before))
        if st.strategy in keep[i]:
            keep[i].remove(st.strategy)
    return proofs
