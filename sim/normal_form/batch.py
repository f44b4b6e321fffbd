"""Normal-form games at many parameter points at once: the normal-form kind's ``sweep_batch``.

:func:`sweep_batch` answers ``K`` parameter points with the batched solvers of
:mod:`sim.solvers.batched` (payoff tensors for all points from
:func:`sim.scenario.payoff_points`/:func:`~sim.scenario.payoff_grid`):

* **2x2 games** in one numpy pass: at a point where neither player has a payoff tie the
  equilibria are the pure profiles of mutual best responses plus, when both players' payoff
  differences change sign, exactly one fully mixed equilibrium in closed form;
* other 2-player games with up to 6 strategies each: batched support enumeration, at the points
  a batched test finds non-degenerate;
* 3-player games with two strategies each: closed form where no payoff difference ties;
* every other point (ties, degenerate games, larger or N-player games) is built exactly with
  :func:`sim.scenario.build` and solved with :func:`sim.solvers.solve` (every equilibrium by
  default), which certifies each one and says when a set is not complete.  Identical payoff
  tensors are solved once.

Each point's answer is a :class:`PointOutcome`: a tuple of outcome labels (as
:func:`sim.labels.equilibrium_label` names them) that also carries the equilibria
(probabilities, payoffs, regret), the status and whether a batched path answered it.  A
:class:`BatchSession` keeps its cache and counts across calls (a sweep's grid, then its
bisection probes); ``sweep_batch.session`` is that class, so a sweep can open one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ..labels import equilibrium_label, ordered_labels, row_order
from ..results import DEFAULT_TOL
from ..scenario.errors import Location, ScenarioError
from ..solvers.batched import (
    batched_path,
    pure_regret,
    solve_2x2_grid,
    solve_2x2x2_grid,
    support_enumeration_grid,
)

__all__ = ["BatchSession", "PointOutcome", "selection_2x2", "sweep_batch"]

#: how each batched path is named in a sweep's ``method``
PATH_NAMES = {
    "2x2": "closed-form 2x2",
    "2x2x2": "closed-form 2x2x2",
    "support-enumeration": "vectorised support enumeration",
}

Row = tuple  # (label, "pure"/"mixed", probabilities per player, payoffs, max regret, exact)


class PointOutcome(tuple):
    """The outcome labels at one point (a tuple of str), with the equilibria behind them.

    ``rows``: ``(label, "pure"/"mixed", probabilities per player, payoffs, max regret, exact)``
    per equilibrium, pure ones first; ``status``: ``"complete"`` when the rows are the whole
    equilibrium set, else ``"partial"``/``"failed"`` (``"degenerate"``: a batched path declined
    and no exact solve was asked for); ``message``: why; ``fast``: a batched path answered.
    """

    rows: tuple[Row, ...]
    status: str
    message: str
    fast: bool

    def __new__(
        cls,
        labels: Sequence[str],
        rows: Sequence[Row] = (),
        status: str = "complete",
        message: str = "",
        fast: bool = False,
    ) -> PointOutcome:
        self = super().__new__(cls, labels)
        self.rows = tuple(rows)
        self.status = status
        self.message = message
        self.fast = fast
        return self

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self)


_DEGENERATE = PointOutcome(("<degenerate>",), (), "degenerate")


class BatchSession:
    """Equilibrium sets of one normal-form scenario at batches of points of parameters ``names``
    (the others at their values after ``overrides``)."""

    def __init__(
        self,
        scenario: Any,
        names: Sequence[str],
        overrides: Mapping | None = None,
        *,
        method: str | None = None,
        tol: float | None = None,
        time_limit: float | None = None,
        objective: str | None = None,
    ) -> None:
        if method in ("correlated", "tom") or objective is not None:
            raise ScenarioError(
                "sweeps and robustness compare Nash equilibria (or, with --method ess, "
                "evolutionarily stable strategies); correlated equilibria (--method correlated, "
                "--objective) and non-myopic equilibria (--method tom) are shown by run, solve "
                "and explain",
                Location("--method"),
            )
        self.scn = scenario
        self.names = list(names)
        self.overrides = dict(overrides or {})
        self.method = method or "auto"
        self.tol = DEFAULT_TOL if tol is None else tol
        self.time_limit = time_limit
        self.shape = tuple(scenario.shape)
        self.strategies = tuple(p.strategies for p in scenario.players)
        self.path = batched_path(self.shape, self.method)
        self.cache: dict[bytes, PointOutcome] = {}
        self.n_fast = 0
        self.n_solved = 0
        self.solve_seconds = 0.0
        self.path_used = False
        self.methods_used: set[str] = set()
        self.messages: set[str] = set()

    # -- what a sweep asks -------------------------------------------------------------------

    @property
    def has_fast_path(self) -> bool:
        return self.path is not None

    def columns(self) -> dict[str, tuple]:
        """The players and strategies the rows' probabilities and payoffs refer to."""
        return player_columns(self.scn)

    def describe(self) -> str:
        """The methods used so far: ``"closed-form 2x2; all"``."""
        methods = ", ".join(sorted(self.methods_used))
        fast = PATH_NAMES[self.path] if self.n_fast and self.path else ""
        return fast + ("; " if fast and methods else "") + methods or self.method

    def stats(self) -> dict[str, int]:
        return {
            "closed_form_points": self.n_fast,
            "solved_points": self.n_solved,
            "distinct_games_solved": len(self.cache),
        }

    def state(self) -> dict[str, Any]:
        """The counts :meth:`absorb` adds to another session (a sweep's chunks on workers)."""
        return {
            "n_fast": self.n_fast,
            "n_solved": self.n_solved,
            "solve_seconds": self.solve_seconds,
            "path_used": self.path_used,
            "methods_used": set(self.methods_used),
            "messages": set(self.messages),
        }

    def absorb(self, state: Mapping[str, Any]) -> None:
        """Count the work of another session of the same scenario as this one's."""
        self.n_fast += state["n_fast"]
        self.n_solved += state["n_solved"]
        self.solve_seconds += state["solve_seconds"]
        self.path_used = self.path_used or state["path_used"]
        self.methods_used |= state["methods_used"]
        self.messages |= state["messages"]

    def iterations(self) -> int:
        """Bisection steps per threshold: to a bracket of about 1e-6 of a grid step (fine
        enough to recognise a short fraction, coarse enough that probes stay outside the tie
        tolerance of a threshold on a grid point, so the batched path answers them); fewer
        when each probe is a full solve, and fewer still when solves are slow."""
        if self.path in ("2x2", "2x2x2"):
            return 20
        if self.path_used:  # batched support enumeration: dearer probes
            return 14
        per_solve = self.solve_seconds / max(1, self.n_solved)
        return 10 if per_solve < 0.02 else (6 if per_solve < 0.2 else 4)

    def evaluate(
        self,
        points: Sequence[Sequence[Fraction]],
        *,
        exact_fallback: bool = True,
        grid: Sequence[Sequence[Fraction]] | None = None,
        progress: Callable[[int, int], Any] | None = None,
    ) -> list[PointOutcome]:
        """Equilibrium sets at ``points`` (exact values of ``names``, in that order).

        ``grid``: the axes when ``points`` is their whole grid in C order (the payoffs are then
        computed in one broadcast pass).  ``exact_fallback=False``: points the batched path
        cannot answer (ties, degenerate games) are not solved but marked ``"degenerate"``
        (bisection only needs to know that they differ from the side it started on).
        ``progress(done, total)`` is called as points are finished.
        """
        from ..scenario import payoff_grid, payoff_points

        K = len(points)
        if grid is not None:
            T = payoff_grid(
                self.scn,
                {n: np.asarray([float(v) for v in ax]) for n, ax in zip(self.names, grid)},
                self.overrides,
            )
            T = T.reshape((K,) + T.shape[len(grid) :])
        else:
            T = payoff_points(self.scn, self.names, points, self.overrides)
        out: list[PointOutcome | None] = [None] * K
        todo = list(range(K))
        if self.path is not None and K:
            todo = {
                "2x2": self._fast_2x2,
                "2x2x2": self._fast_2x2x2,
                "support-enumeration": self._fast_bimatrix,
            }[self.path](T, out)
            self.n_fast += K - len(todo)
            self.path_used = True
            if progress and self.path != "2x2x2":
                progress(K - len(todo), K)
        if not exact_fallback and len(todo) < K:
            for k in todo:
                out[k] = _DEGENERATE
            return out  # type: ignore[return-value]
        done = K - len(todo)
        last = time.perf_counter()
        for k in todo:
            out[k] = self._solve_point(points[k], T[k])
            done += 1
            if progress and time.perf_counter() - last > 0.1:
                progress(done, K)
                last = time.perf_counter()
        if progress and todo:
            progress(done, K)
        return out  # type: ignore[return-value]

    def classify(self, X: np.ndarray) -> tuple[list[tuple[str, ...]], np.ndarray]:
        """Outcome sets at many points, as ``(distinct sets, index of each point's set)``.

        ``X``: one row of float values of ``names`` per point.  For 2x2 games the points are
        classified in whole arrays (the pattern of pure equilibria and whether a mixed one
        exists); points with a payoff tie, and every point of other games, go through
        :meth:`evaluate` (ties solved exactly).  What a robustness analysis counts.
        """
        from ..scenario import payoff_points

        X = np.asarray(X, dtype=float).reshape(len(X), len(self.names))
        K = len(X)
        sets: list[tuple[str, ...]] = []
        index: dict[tuple[str, ...], int] = {}
        ids = np.full(K, -1, dtype=np.int64)
        if self.path == "2x2" and K:
            T = payoff_points(self.scn, self.names, X, self.overrides)
            generic, pure, mixed_ok, *_ = solve_2x2_grid(T, self.tol)
            code = pure.reshape(K, 4).astype(np.int64) @ (1 << np.arange(4, dtype=np.int64))
            code = code + (mixed_ok.astype(np.int64) << 4)
            s0, s1 = self.strategies
            mixed_label = f"mixed ({'/'.join(s0)}, {'/'.join(s1)})"
            for c in np.unique(code[generic]):
                labels = [f"{s0[b // 2]}, {s1[b % 2]}" for b in range(4) if c >> b & 1]
                if c >> 4 & 1:
                    labels.append(mixed_label)
                key = tuple(sorted(labels))
                ids[generic & (code == c)] = index.setdefault(key, len(index))
            self.n_fast += int(generic.sum())
        elif self.path in ("2x2x2", "support-enumeration") and K:
            T = payoff_points(self.scn, self.names, X, self.overrides)
            self._classify_by_support(T, ids, index)
        rest = np.flatnonzero(ids < 0)
        if len(rest):
            for k, got in zip(rest, self.evaluate(X[rest]), strict=True):
                key = tuple(sorted(set(got)))
                ids[k] = index.setdefault(key, len(index))
        sets = list(index)
        return sets, ids

    def _classify_by_support(
        self, T: np.ndarray, ids: np.ndarray, index: dict[tuple[str, ...], int]
    ) -> None:
        """Label sets of the points a batched path (2x2x2, support enumeration) answers, named
        once per distinct pattern of supports (a label depends on the supports alone)."""
        eps = 1e-12
        if self.path == "2x2x2":
            eqs, degenerate = solve_2x2x2_grid(T, self.tol)
            n = 3

            def supports(eq: Any) -> tuple[tuple[bool, ...], ...]:
                p = eq[0]
                return tuple((bool(p[i] > eps), bool(1 - p[i] > eps)) for i in range(n))

        else:
            eqs, degenerate = support_enumeration_grid(T, self.tol)

            def supports(eq: Any) -> tuple[tuple[bool, ...], ...]:
                return (tuple(bool(v > eps) for v in eq[0]), tuple(bool(v > eps) for v in eq[1]))

        named: dict[tuple, int] = {}
        for k in np.flatnonzero(~np.asarray(degenerate, dtype=bool)):
            sig = tuple(sorted({supports(eq) for eq in eqs[k]}))
            got = named.get(sig)
            if got is None:
                labels = {
                    equilibrium_label(
                        self.strategies,
                        [tuple(1.0 if on else 0.0 for on in player) for player in pattern],
                    )
                    for pattern in sig
                }
                got = named[sig] = index.setdefault(tuple(sorted(labels)), len(index))
            ids[k] = got
        self.n_fast += int(len(ids) - np.count_nonzero(degenerate))

    def cooperative_profile(self) -> tuple[int, int] | None:
        """The pure profile with the largest total payoff at the scenario's own values (the
        first in order on a tie): whose strategies a 2x2 game's trust thresholds are about.
        ``None`` unless the game is a 2-player 2x2 game."""
        if self.shape != (2, 2):
            return None
        from ..scenario import payoff_points
        from ..scenario.common import apply_overrides

        values = apply_overrides(self.scn.parameters, self.overrides)
        T = payoff_points(self.scn, self.names, [[values[n] for n in self.names]], self.overrides)
        total = T[0].sum(axis=-1).reshape(4)
        b = int(np.argmax(total))
        return (b // 2, b % 2)

    def selection(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """Equilibrium selection at many points of a 2x2 game (``None`` for other games).

        Returns ``(risk, trust)``: ``risk[k]`` the profile index ``2 * row + column`` of the
        risk-dominant equilibrium at point ``k`` (-1: none, see :func:`selection_2x2`);
        ``trust[k, i]`` player ``i``'s trust threshold for its part of
        :meth:`cooperative_profile` (``inf``: never a best reply)."""
        coop = self.cooperative_profile()
        if coop is None:
            return None
        from ..scenario import payoff_points

        X = np.asarray(X, dtype=float).reshape(len(X), len(self.names))
        T = payoff_points(self.scn, self.names, X, self.overrides)
        return selection_2x2(T, coop, self.tol)

    # -- batched paths -----------------------------------------------------------------------

    def _fast_2x2(self, T: np.ndarray, out: list) -> list[int]:
        generic, pure, mixed_ok, x, y, upay, ureg = solve_2x2_grid(T, self.tol)
        preg = pure_regret(T)
        s0, s1 = self.strategies
        pure_labels = [[f"{s0[i]}, {s1[j]}" for j in range(2)] for i in range(2)]
        mixed_label = f"mixed ({'/'.join(s0)}, {'/'.join(s1)})"
        todo = []
        for k in range(T.shape[0]):
            if not generic[k]:
                todo.append(k)
                continue
            rows = []
            for i in range(2):
                for j in range(2):
                    if pure[k, i, j]:
                        p0 = (1.0, 0.0) if i == 0 else (0.0, 1.0)
                        p1 = (1.0, 0.0) if j == 0 else (0.0, 1.0)
                        rows.append(
                            (
                                pure_labels[i][j],
                                "pure",
                                (p0, p1),
                                (float(T[k, i, j, 0]), float(T[k, i, j, 1])),
                                float(preg[k, i, j]),
                                False,
                            )
                        )
            if mixed_ok[k]:
                xk, yk = float(x[k]), float(y[k])
                rows.append(
                    (
                        mixed_label,
                        "mixed",
                        ((xk, 1 - xk), (yk, 1 - yk)),
                        (float(upay[k, 0]), float(upay[k, 1])),
                        float(ureg[k]),
                        False,
                    )
                )
            out[k] = PointOutcome(tuple(r[0] for r in rows), rows, "complete", fast=True)
        return todo

    def _fast_2x2x2(self, T: np.ndarray, out: list) -> list[int]:
        eqs, degenerate = solve_2x2x2_grid(T, self.tol)
        todo = []
        for k in range(T.shape[0]):
            if degenerate[k]:
                todo.append(k)
                continue
            out[k] = self._fast_point(
                [(tuple((float(p), float(1 - p)) for p in P), pay, reg) for P, pay, reg in eqs[k]]
            )
        return todo

    def _fast_bimatrix(self, T: np.ndarray, out: list) -> list[int]:
        eqs, degenerate = support_enumeration_grid(T, self.tol)
        todo = []
        for k in range(T.shape[0]):
            if degenerate[k]:
                todo.append(k)
                continue
            out[k] = self._fast_point(
                [
                    ((tuple(float(v) for v in x), tuple(float(v) for v in y)), pay, reg)
                    for x, y, pay, reg in eqs[k]
                ]
            )
        return todo

    def _fast_point(self, found) -> PointOutcome:
        """One point's outcome from batched results ``(probs, payoffs, regret)``."""
        rows = []
        for probs, pay, reg in found:
            label = equilibrium_label(self.strategies, probs)
            kind = "mixed" if label.startswith("mixed") else "pure"
            rows.append((label, kind, probs, tuple(float(v) for v in pay), float(reg), False))
        rows.sort(key=lambda r: row_order(r[2]))
        return PointOutcome(ordered_labels(rows), rows, "complete", fast=True)

    # -- one point, exactly ------------------------------------------------------------------

    def _solve_point(self, point: Sequence[Fraction], Tk: np.ndarray) -> PointOutcome:
        key = Tk.tobytes()
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        from ..scenario import build
        from ..solvers import SOLVERS, choose_method, finds_every_equilibrium, solve

        overrides = dict(self.overrides)
        overrides.update({n: v for n, v in zip(self.names, point)})
        game = build(self.scn, overrides)
        t0 = time.perf_counter()
        res = solve(
            game, choose_method(game, self.method), tol=self.tol, time_limit=self.time_limit
        )
        self.solve_seconds += time.perf_counter() - t0
        self.n_solved += 1
        self.methods_used.add(res.method)
        status, message = res.status, res.message
        whole = getattr(
            res, "complete_set", status == "complete" and finds_every_equilibrium(res.method)
        )
        if not whole and status == "complete":
            spec = SOLVERS.get(res.method)
            finds = spec.finds if spec else "some"
            status = "partial"
            message = (
                f"method '{res.method}' finds {finds.replace('-', ' ')} "
                "equilibria, not necessarily all of them"
            )
        if message and status != "complete":
            self.messages.add(message)
        rows = []
        for eq in res.equilibria:
            label = equilibrium_label(game.strategies, eq.strategies)
            rows.append(
                (
                    label,
                    "pure" if eq.is_pure else "mixed",
                    tuple(tuple(float(v) for v in s) for s in eq.strategies),
                    tuple(float(v) for v in eq.payoffs),
                    float(eq.max_regret),
                    eq.exact,
                )
            )
        rows.sort(key=lambda r: row_order(r[2]))
        pe = PointOutcome(ordered_labels(rows), rows, status, message)
        self.cache[key] = pe
        return pe


def player_columns(scn: Any) -> dict[str, tuple]:
    """A normal-form scenario's players and strategies, as a sweep's rows refer to them."""
    ps = scn.players
    return {
        "players": tuple(p.id for p in ps),
        "player_names": tuple(p.name for p in ps),
        "strategies": tuple(p.strategies for p in ps),
        "strategy_names": tuple(p.strategy_names for p in ps),
    }


def selection_2x2(
    T: np.ndarray, coop: tuple[int, int], tol: float = DEFAULT_TOL
) -> tuple[np.ndarray, np.ndarray]:
    """Risk dominance and trust thresholds of ``K`` 2x2 games ``T`` (shape ``(K, 2, 2, 2)``).

    A player's deviation loss at a profile is what it loses by switching alone; a pure
    equilibrium is strict when both losses exceed ``tol``.  ``risk[k]`` is the strict
    equilibrium with the largest product of the two losses (Harsanyi–Selten), as ``2 * row +
    column``; the only strict equilibrium when there is one; -1 when there is none, when the
    products tie, or when a pure equilibrium is not strict (a weak one is not compared).

    ``trust[k, i]``: the smallest probability player ``i`` must put on the other playing its
    part of ``coop`` for its own part of ``coop`` to be a best reply: 0 when it is one whatever
    the other does, ``inf`` when it never is (float32).  With two strict equilibria
    ``coop`` and its opposite this is the loss at the opposite divided by the sum of the losses.
    """
    K = T.shape[0]
    A, B = T[..., 0], T[..., 1]
    L0 = A - A[:, ::-1, :]
    L1 = B - B[:, :, ::-1]
    strict = ((L0 > tol) & (L1 > tol)).reshape(K, 4)
    weak = ((L0 >= -tol) & (L1 >= -tol)).reshape(K, 4) & ~strict
    P = np.where(strict, (L0 * L1).reshape(K, 4), -np.inf)
    order = np.sort(P, axis=1)
    top, second = order[:, -1], order[:, -2]
    tie = np.isfinite(second) & (top - second <= tol * np.maximum(1.0, np.abs(top)))
    ok = strict.any(axis=1) & ~tie & ~weak.any(axis=1)
    risk = np.where(ok, P.argmax(axis=1), -1).astype(np.int8)
    r, c = coop
    gains = (
        (A[:, r, c] - A[:, 1 - r, c], A[:, r, 1 - c] - A[:, 1 - r, 1 - c]),
        (B[:, r, c] - B[:, r, 1 - c], B[:, 1 - r, c] - B[:, 1 - r, 1 - c]),
    )
    trust = np.empty((K, 2), dtype=np.float32)
    with np.errstate(divide="ignore", invalid="ignore"):
        for i, (g1, g0) in enumerate(gains):
            trust[:, i] = np.where(g0 >= 0, 0.0, np.where(g1 >= 0, -g0 / (g1 - g0), np.inf))
    return risk, trust


def sweep_batch(
    scenario: Any,
    points: Sequence[Mapping[str, Any]],
    *,
    method: str | None = None,
    tol: float | None = None,
    time_limit: float | None = None,
) -> list[PointOutcome]:
    """The outcomes (equilibrium labels) of a normal-form scenario at many parameter points.

    ``points``: one mapping ``name → value`` per point (as ``overrides`` to
    :func:`sim.scenario.build`), all with the same names.  Each answer is a
    :class:`PointOutcome`, a tuple of labels that also carries the equilibria.
    """
    points = list(points)
    if not points:
        return []
    names = list(points[0])
    rows = [[p[n] for n in names] for p in points]
    from ..scenario.common import apply_overrides

    for p in points:  # range checks, once per point (the batched payoffs take values as given)
        apply_overrides(scenario.parameters, p)
    session = BatchSession(scenario, names, {}, method=method, tol=tol, time_limit=time_limit)
    return session.evaluate(rows)


sweep_batch.session = BatchSession  # type: ignore[attr-defined]
