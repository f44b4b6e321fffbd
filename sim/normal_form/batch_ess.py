"""Evolutionarily stable strategies at many parameter points: what sweeps and robustness count
with ``--method ess``.

At each point the game is built exactly (:func:`sim.scenario.build`; a robustness draw's float
value is read as the exact binary fraction it is) and every symmetric equilibrium gets the exact
invasion check of :func:`sim.solvers.ess.ess_analysis`.  A point's outcome labels name the
stable strategies by their support (:func:`ess_labels`), so a label stays the same while the
probabilities move: in Hawk-Dove ``ESS: mixed hawk/dove`` holds for every prize below the
injury cost and ``ESS: hawk`` from the cost on.  Identical games are analysed once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ..contract import PointSession
from ..scenario.errors import Location, ScenarioError
from .batch import PointOutcome, player_columns

__all__ = ["NO_ESS", "EssSession", "ess_label", "ess_labels"]

#: the label of a point where no strategy is evolutionarily stable
NO_ESS = "no ESS"


def ess_label(strategies: Sequence[str], support: Sequence[str], stable: bool | None) -> str:
    """``"ESS: hawk"``, ``"ESS: mixed hawk/dove"``; ``"undecided: ..."`` when the exact test
    left the candidate open.  Named by the support, in the game's strategy order."""
    names = [s for s in strategies if s in set(support)]
    body = names[0] if len(names) == 1 else "mixed " + "/".join(names)
    return ("ESS: " if stable else "undecided: ") + body


def ess_labels(strategies: Sequence[str], candidates: Sequence[tuple[Sequence[str], Any]]) -> tuple:
    """The outcome labels of one ESS analysis: one per stable (or undecided) candidate, given
    as ``(support names, stable)``, pure strategies first; ``("no ESS",)`` when none is."""
    kept = [(len(sup), ess_label(strategies, sup, st)) for sup, st in candidates if st is not False]
    if not kept:
        return (NO_ESS,)
    return tuple(lab for _, lab in sorted(kept))


class EssSession(PointSession):
    """The ESS labels of one symmetric normal-form scenario at batches of points of parameters
    ``names`` (the others at their values after ``overrides``); the sweep and robustness engines'
    session interface (see :mod:`sim.sweep.engine`)."""

    def __init__(
        self,
        scenario: Any,
        names: Sequence[str],
        overrides: Mapping | None = None,
        *,
        method: str | None = "ess",
        tol: float | None = None,
        time_limit: float | None = None,
        objective: str | None = None,
    ) -> None:
        if objective is not None:
            raise ScenarioError(
                "applies only with --method correlated (the method here is 'ess')",
                Location("--objective"),
            )
        super().__init__()
        self.scn = scenario
        self.names = list(names)
        self.overrides = dict(overrides or {})
        self.time_limit = time_limit
        self.strategies = tuple(p.strategies for p in scenario.players)
        self.cache: dict[tuple, PointOutcome] = {}

    # -- what a sweep asks -------------------------------------------------------------------

    def describe(self) -> str:
        return "evolutionarily stable strategies (exact invasion check) at each point"

    def stats(self) -> dict[str, int]:
        return {"analysed_points": self.points, "distinct_games_solved": len(self.cache)}

    def columns(self) -> dict[str, tuple]:
        return player_columns(self.scn)

    def classify(self, X: np.ndarray) -> tuple[list[tuple[str, ...]], np.ndarray]:
        """ESS label sets at many points (what robustness counts), as ``(distinct sets, index of
        each point's set)``; ``X`` holds one row of float values of ``names`` per point.

        A symmetric 2x2 game ``[[a, b], [c, d]]`` (row payoffs) with ``a != c`` and ``b != d`` is
        classified in whole arrays: the first strategy is an ESS when ``a > c`` (a strict
        equilibrium), the second when ``d > b``, and the mixed equilibrium when ``a < c`` and
        ``d < b`` (each pure strategy is then invaded by the other); a mixed equilibrium with
        ``a > c`` and ``d > b`` is invaded by either pure strategy.  This follows from the
        definition (a strict symmetric equilibrium is stable; an interior one is stable exactly
        when ``a - c + d - b < 0``) and is checked against the exact test on random games.
        Every other point (a tie, a larger game) goes through the exact analysis."""
        from ..scenario import payoff_points

        X = np.asarray(X, dtype=float).reshape(len(X), len(self.names))
        index: dict[tuple[str, ...], int] = {}
        ids = np.full(len(X), -1, dtype=np.int64)
        if self.scn.shape == (2, 2) and len(X):
            T = payoff_points(self.scn, self.names, X, self.overrides)
            A, B = T[..., 0], T[..., 1]
            a, b, c, d = A[:, 0, 0], A[:, 0, 1], A[:, 1, 0], A[:, 1, 1]
            symmetric = np.all(A == np.swapaxes(B, 1, 2), axis=(1, 2))
            generic = symmetric & (a != c) & (b != d)
            first, second = a > c, d > b
            mixed = (a < c) & (d < b)
            code = first.astype(np.int64) + 2 * second + 4 * mixed
            names = self.strategies[0]
            for k in np.unique(code[generic]):
                cands = [((names[0],), bool(k & 1)), ((names[1],), bool(k & 2))]
                cands.append((tuple(names), bool(k & 4)))
                ids[generic & (code == k)] = index.setdefault(ess_labels(names, cands), len(index))
        rest = np.flatnonzero(ids < 0)
        for k, got in zip(rest, self.evaluate(X[rest]), strict=True):
            ids[k] = index.setdefault(tuple(got), len(index))
        return list(index), ids

    def cooperative_profile(self) -> None:
        """No risk-dominance or trust thresholds: those are about Nash equilibria."""
        return None

    def evaluate(
        self,
        points: Sequence[Sequence[Any]],
        *,
        exact_fallback: bool = True,
        grid: Any = None,
        progress: Callable[[int, int], Any] | None = None,
    ) -> list[PointOutcome]:
        """The ESS labels at ``points`` (values of ``names``, in that order)."""
        out = []
        last = time.perf_counter()
        for k, point in enumerate(points):
            out.append(self._point(point))
            if progress and (time.perf_counter() - last > 0.1 or k + 1 == len(points)):
                progress(k + 1, len(points))
                last = time.perf_counter()
        return out

    # -- one point ---------------------------------------------------------------------------

    def _point(self, point: Sequence[Any]) -> PointOutcome:
        from ..scenario import build
        from ..solvers.ess import ess_analysis
        from ..solvers.registry import Deadline

        t0 = time.perf_counter()
        values = dict(self.overrides)
        values.update(
            (n, v if isinstance(v, Fraction | int) else Fraction(float(v)))
            for n, v in zip(self.names, point, strict=True)
        )
        game = build(self.scn, values)
        # a game without exact payoffs is refused by the analysis (it needs exact arithmetic)
        key = None if game.exact is None else (game.exact.shape, tuple(game.exact.flat))
        got = None if key is None else self.cache.get(key)
        if got is None:
            candidates = ess_analysis(game, Deadline(self.time_limit))
            got = self._outcome(candidates)
            if key is not None:
                self.cache[key] = got
        self.points += 1
        self.seconds += time.perf_counter() - t0
        return got

    def _outcome(self, candidates: Sequence[Any]) -> PointOutcome:
        names = self.strategies[0]
        rows = []
        for c in sorted(candidates, key=lambda c: (len(c.support), c.support)):
            if c.stable is False:
                continue
            x = tuple(float(v) for v in c.strategy)
            label = ess_label(names, [names[i] for i in c.support], c.stable)
            kind = "pure" if len(c.support) == 1 else "mixed"
            rows.append((label, kind, (x, x), (float(c.value), float(c.value)), 0.0, True))
        if any(c.stable is None for c in candidates):
            self.messages.add(
                "At some points the exact invasion test met a degenerate case and left a "
                "candidate undecided (labelled 'undecided')."
            )
        labels = ess_labels(names, [([names[i] for i in c.support], c.stable) for c in candidates])
        status = "partial" if any(c.stable is None for c in candidates) else "complete"
        return PointOutcome(labels, rows, status)
