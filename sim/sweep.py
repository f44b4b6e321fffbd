"""Parameter sweeps: the full equilibrium set at every point of a parameter grid, and its regions.

``sweep(scenario, {"drill_value": values, "test_value": values})`` builds the payoff tensors for
the whole grid at once (:func:`sim.scenario.payoff_grid`, shape ``(*grid, n_1, ..., n_N, N)``) and
finds every equilibrium at every point:

* **2x2 games** (the common teaching case) are solved for the whole grid in one numpy pass.  At a
  point where neither player has a payoff tie (a *non-degenerate* 2x2 game) the equilibria are
  the pure profiles in which both play a best response plus, when both players' payoff
  differences change sign, exactly one fully mixed equilibrium in closed form
  (``y = dA_1 / (dA_1 - dA_0)`` and likewise ``x``); no partially mixed equilibrium exists there.
  Every one is certified by its regret, computed vectorised exactly as
  :func:`sim.results.certify` does it (regret <= ``tol`` times the payoff scale).
* Other 2-player games with up to 6 strategies each: batched support enumeration over the whole
  grid (:func:`support_enumeration_grid`), at the points a batched test finds non-degenerate.
* 3-player games with two strategies each: closed form over the whole grid
  (:func:`solve_2x2x2_grid`) where no payoff difference ties.
* Every other point (ties, degenerate games, larger or N-player games) is built exactly from the
  scenario with :func:`sim.scenario.build` at that point's exact parameter values and solved with
  :func:`sim.solvers.solve` (method ``"all"`` by default), which certifies every equilibrium and
  says when a set is not complete.  Identical payoff tensors are solved once.

Neighbouring grid points with the same equilibrium set (compared by *outcome labels*: the pure
profile ``"suspend, freeze"`` or the supports of a mixed one ``"mixed (suspend/pressure,
freeze/test)"``) form a region; the boundaries between regions are refined by bisection on the
parameter and reported as thresholds, snapped to a short fraction when one fits.

The result is a frozen :class:`SweepResult` with one row per point and equilibrium; :func:`to_csv`
and :func:`to_json` turn it into text (pure functions, no I/O).  Nothing here prints or plots.
"""

from __future__ import annotations

import csv
import io
import json
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

import numpy as np

from ._version import __version__
from .labels import equilibrium_label, ordered_labels, row_order, set_description
from .results import DEFAULT_TOL
from .scenario.yamlsrc import MAX_MAGNITUDE

__all__ = [
    "Region",
    "SweepResult",
    "SweepRow",
    "Threshold",
    "equilibrium_label",
    "grid_values",
    "parse_vary",
    "set_description",
    "sweep",
    "to_csv",
    "to_json",
]

Progress = Callable[[int, int], None]


# -- grid specifications -----------------------------------------------------------------------

def _number(text: str, what: str) -> Fraction:
    t = text.strip()
    try:
        if "/" in t:
            num, den = t.split("/", 1)
            value = Fraction(int(num.strip()), int(den.strip()))
        else:
            value = Fraction(t)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{what}: {text!r} is not a number (like 3, -1.5 or 2/3)") from None
    if abs(value) > MAX_MAGNITUDE:
        raise ValueError(f"{what}: {text!r} is too large to compute with (more than 1e100); "
                         "rescale its unit")
    return value


def grid_values(lo, hi, n: int) -> tuple[Fraction, ...]:
    """``n`` evenly spaced exact values from ``lo`` to ``hi`` inclusive."""
    lo, hi = Fraction(lo), Fraction(hi)
    if n < 1:
        raise ValueError("a grid needs at least one point")
    if n == 1:
        return (lo,)
    step = (hi - lo) / (n - 1)
    return tuple(lo + k * step for k in range(n))


def parse_vary(text: str) -> tuple[str, tuple[Fraction, ...]]:
    """``"p=0:10:101"`` (from, to, number of points) or ``"p=1,2,5"`` → ``("p", values)``.

    ``"p=0:10"`` means 51 points.  Values are exact Fractions.  Raises ``ValueError`` with a
    sentence saying what to write instead.
    """
    if "=" not in text:
        raise ValueError(f"--vary expects name=from:to:points or name=v1,v2,..., got {text!r}")
    name, _, spec = text.partition("=")
    name, spec = name.strip(), spec.strip()
    if not name or not spec:
        raise ValueError(f"--vary expects name=from:to:points or name=v1,v2,..., got {text!r}")
    if ":" in spec:
        parts = spec.split(":")
        if len(parts) not in (2, 3):
            raise ValueError(f"--vary {name}: write from:to:points, e.g. {name}=0:10:101")
        lo = _number(parts[0], f"--vary {name}")
        hi = _number(parts[1], f"--vary {name}")
        if len(parts) == 3:
            try:
                n = int(parts[2])
            except ValueError:
                raise ValueError(f"--vary {name}: the number of points must be a whole number, "
                                 f"got {parts[2]!r}") from None
        else:
            n = 51
        if n < 2 or n > 100_000:
            raise ValueError(f"--vary {name}: use between 2 and 100000 points, got {n}")
        if hi <= lo:
            raise ValueError(f"--vary {name}: 'to' ({hi}) must be larger than 'from' ({lo})")
        return name, grid_values(lo, hi, n)
    vals = tuple(_number(v, f"--vary {name}") for v in spec.split(",") if v.strip())
    if not vals:
        raise ValueError(f"--vary {name}: give at least one value")
    if len(set(vals)) != len(vals):
        raise ValueError(f"--vary {name}: a value is listed twice")
    return name, tuple(sorted(vals))


def _exact(v) -> Fraction:
    if isinstance(v, Fraction):
        return v
    if isinstance(v, int | np.integer):
        return Fraction(int(v))
    f = float(v)
    if not math.isfinite(f):
        raise ValueError(f"parameter value {v!r} is not a finite number")
    return Fraction(repr(f))


# -- result types ------------------------------------------------------------------------------

@dataclass(frozen=True)
class SweepRow:
    """One equilibrium at one grid point.

    ``point`` are the grid indices, ``values`` the parameter values there (in the order of
    :attr:`SweepResult.parameters`), ``strategies[i][k]`` player ``i``'s probability on its
    ``k``-th strategy, ``payoffs[i]`` its expected payoff.  ``exact`` says whether the numbers were
    computed (and certified) in exact arithmetic.
    """

    point: tuple[int, ...]
    values: tuple[float, ...]
    label: str
    kind: str  # "pure" or "mixed"
    strategies: tuple[tuple[float, ...], ...]
    payoffs: tuple[float, ...]
    max_regret: float
    exact: bool = False


@dataclass(frozen=True)
class Region:
    """A connected set of grid points with the same equilibrium set."""

    id: int
    labels: tuple[str, ...]
    description: str
    n_points: int
    bounds: tuple[tuple[float, float], ...]  # per parameter: smallest and largest value in it
    representative: tuple[int, ...]  # grid indices of one point in the region


@dataclass(frozen=True)
class Threshold:
    """Where the equilibrium set changes as ``parameter`` crosses ``value``.

    ``below``/``above``: the equilibrium sets (labels) on either side; ``at``: the set at the
    threshold itself when it was computed (``None`` otherwise).  For a 2-parameter sweep,
    ``along`` names the other parameter and ``span`` the range of its grid values over which this
    threshold holds; when the boundary is not a straight line ``value`` is ``None`` and
    ``points`` lists ``(other value, refined value)`` pairs.  ``exact`` is a short fraction
    (``"3"``, ``"7/2"``) when the refined value snaps to one.
    """

    parameter: str
    value: float | None
    below: tuple[str, ...]
    above: tuple[str, ...]
    at: tuple[str, ...] | None = None
    exact: str | None = None
    along: str | None = None
    span: tuple[float, float] | None = None
    points: tuple[tuple[float, float], ...] = ()
    line: str | None = None  # "drill_value" or "2*drill_value - 1" when the boundary is a line

    @property
    def text(self) -> str:
        """``"drill_value = 3"``, ``"deal_bonus = drill_value"`` (a sloping line) or
        ``"drill_value ≈ 2.1–4.5 (curve)"``."""
        if self.value is not None:
            v = self.exact if self.exact is not None else f"{self.value:.4g}"
            return f"{self.parameter} = {v}"
        if self.line is not None:
            return f"{self.parameter} = {self.line}"
        vs = [v for _, v in self.points]
        return f"{self.parameter} ≈ {min(vs):.3g}–{max(vs):.3g} (curve)"


@dataclass(frozen=True)
class SweepResult:
    """Every equilibrium at every point of a parameter grid (frozen)."""

    title: str
    file: str
    players: tuple[str, ...]
    player_names: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    strategy_names: tuple[tuple[str, ...], ...]
    parameters: tuple[str, ...]
    axes: tuple[tuple[float, ...], ...]
    axes_exact: tuple[tuple[str, ...], ...]
    fixed: tuple[tuple[str, str], ...]  # the other parameters' values (as exact text)
    rows: tuple[SweepRow, ...]
    point_labels: tuple[tuple[str, ...], ...]  # equilibrium set per point, C order of the grid
    point_status: tuple[str, ...]  # "complete" / "partial" / "failed" per point
    point_region: tuple[int, ...]
    regions: tuple[Region, ...]
    thresholds: tuple[Threshold, ...]
    method: str
    tol: float
    seconds: float
    notes: tuple[str, ...] = ()
    stats: dict = field(default_factory=dict, compare=False)
    negsim_version: str = __version__

    @property
    def grid_shape(self) -> tuple[int, ...]:
        return tuple(len(a) for a in self.axes)

    @property
    def n_points(self) -> int:
        return int(np.prod(self.grid_shape))

    def flat_index(self, point: Sequence[int]) -> int:
        return int(np.ravel_multi_index(tuple(point), self.grid_shape))

    def labels_at(self, point: Sequence[int]) -> tuple[str, ...]:
        return self.point_labels[self.flat_index(point)]

    def rows_at(self, point: Sequence[int]) -> list[SweepRow]:
        p = tuple(int(x) for x in point)
        return [r for r in self.rows if r.point == p]

    def outcome_labels(self) -> tuple[str, ...]:
        """Every outcome label that is an equilibrium somewhere on the grid (pure ones first)."""
        return ordered_labels([(r.label, r.kind, r.strategies) for r in self.rows])

    def region_of(self, point: Sequence[int]) -> Region:
        return self.regions[self.point_region[self.flat_index(point)]]


# -- numerical core ----------------------------------------------------------------------------

@dataclass
class _PointEqs:
    labels: tuple[str, ...]
    rows: list  # (label, kind, probs, payoffs, regret, exact)
    status: str
    message: str = ""
    fast: bool = False  # answered by a vectorised path (not solved exactly)


def _scale(T: np.ndarray) -> np.ndarray:
    """Per-point payoff scale ``max(1, max |payoff|)`` (as in :func:`sim.results.certify`)."""
    K = T.shape[0]
    return np.maximum(1.0, np.abs(T.reshape(K, -1)).max(axis=1))


def pure_equilibrium_mask(T: np.ndarray, tol: float = DEFAULT_TOL) -> np.ndarray:
    """Boolean ``(K, n_1, ..., n_N)``: pure Nash equilibria of ``K`` games at once.

    ``T`` has shape ``(K, n_1, ..., n_N, N)``.  A profile qualifies when no player gains more
    than ``tol`` times the point's payoff scale by a unilateral switch (the certify test).
    """
    K = T.shape[0]
    N = T.shape[-1]
    slack = (tol * _scale(T)).reshape((K,) + (1,) * N)
    ok = np.ones(T.shape[:-1], dtype=bool)
    for i in range(N):
        Ti = T[..., i]
        ok &= Ti >= Ti.max(axis=1 + i, keepdims=True) - slack
    return ok


def _pure_regret(T: np.ndarray) -> np.ndarray:
    """Max regret of every pure profile, shape ``(K, n_1, ..., n_N)``."""
    N = T.shape[-1]
    reg = np.zeros(T.shape[:-1])
    for i in range(N):
        Ti = T[..., i]
        reg = np.maximum(reg, Ti.max(axis=1 + i, keepdims=True) - Ti)
    return reg


def _solve_2x2_grid(T: np.ndarray, tol: float):
    """Closed-form equilibria of ``K`` 2x2 games.  Returns ``(generic, pure_mask, mixed_ok, x, y,
    mixed_payoffs, mixed_regret)``; only the ``generic`` points are answered."""
    scale = _scale(T)
    slack = tol * scale
    A, B = T[..., 0], T[..., 1]
    dA = A[:, 0, :] - A[:, 1, :]  # row 0 minus row 1, against each column: (K, 2)
    dB = B[:, :, 0] - B[:, :, 1]  # column 0 minus column 1, against each row:  (K, 2)
    generic = (np.abs(dA) > slack[:, None]).all(axis=1) & (np.abs(dB) > slack[:, None]).all(axis=1)
    pure = pure_equilibrium_mask(T, tol)
    cross = (np.sign(dA[:, 0]) != np.sign(dA[:, 1])) & (np.sign(dB[:, 0]) != np.sign(dB[:, 1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.where(cross, dA[:, 1] / (dA[:, 1] - dA[:, 0]), 0.5)  # P(column 0)
        x = np.where(cross, dB[:, 1] / (dB[:, 1] - dB[:, 0]), 0.5)  # P(row 0)
    X = np.stack([x, 1 - x], axis=1)
    Y = np.stack([y, 1 - y], axis=1)
    rowpay = np.einsum("kij,kj->ki", A, Y)  # each row's payoff against y
    colpay = np.einsum("kij,ki->kj", B, X)
    u_row = (X * rowpay).sum(axis=1)
    u_col = (Y * colpay).sum(axis=1)
    regret = np.maximum(rowpay.max(axis=1) - u_row, colpay.max(axis=1) - u_col)
    mixed_ok = generic & cross & (regret <= slack)
    return generic, pure, mixed_ok, x, y, np.stack([u_row, u_col], axis=1), np.maximum(regret, 0)


MAX_VECTORISED_STRATEGIES = 6


def _batched_indifference(M: np.ndarray, margin: np.ndarray, hadamard_min: float = 1e-7):
    """Solve ``M z = w 1, sum z = 1`` for each of ``K`` square matrices ``M`` (K, k, k).

    Returns ``(z (K, k), w (K,), unique (K,), continuum (K,))``: ``unique`` where the system
    is well-conditioned (``z`` is its solution), ``continuum`` where it is singular but
    consistent (a whole line of solutions, within ``margin``); elsewhere there is no solution.
    Conditioning is judged by the Hadamard ratio ``|det S| / prod(row norms)`` (1 for orthogonal
    rows, 0 for singular ones).
    """
    K, k, _ = M.shape
    S = np.zeros((K, k + 1, k + 1))
    S[:, :k, :k] = M
    S[:, :k, k] = -1.0
    S[:, k, :k] = 1.0
    ratio = np.abs(np.linalg.det(S)) / np.linalg.norm(S, axis=2).prod(axis=1)
    unique = ratio > hadamard_min
    rhs = np.zeros((K, k + 1, 1))
    rhs[:, k, 0] = 1.0
    safe = S.copy()
    safe[~unique] = np.eye(k + 1)
    sol = np.linalg.solve(safe, rhs)[..., 0]
    continuum = np.zeros(K, dtype=bool)
    bad = np.flatnonzero(~unique)
    if bad.size:
        # least-squares solutions of the singular systems (Tikhonov-regularised normal
        # equations: as cheap as a solve, unlike a batched SVD), and whether they solve them
        Sb = S[bad]
        St = np.swapaxes(Sb, 1, 2)
        eps = 1e-12 * (Sb ** 2).sum(axis=(1, 2))
        N = St @ Sb + eps[:, None, None] * np.eye(k + 1)
        z = np.linalg.solve(N, St[:, :, k:k + 1])[..., 0]
        resid = np.abs(np.einsum("kij,kj->ki", Sb, z) - np.eye(k + 1)[k]).max(axis=1)
        continuum[bad] = resid <= margin[bad]
        sol[bad] = z
    return sol[:, :k], sol[:, k], unique, continuum


def support_enumeration_grid(T: np.ndarray, tol: float = DEFAULT_TOL):
    """Every equilibrium of ``K`` small bimatrix games at once, where that is safe.

    ``T``: ``(K, m, n, 2)``.  Returns ``(equilibria, degenerate)``: ``equilibria[k]`` is a list of
    ``(x, y, payoffs, regret)`` for game ``k``; ``degenerate[k]`` says the game may be degenerate,
    so its list is not to be trusted (solve it exactly instead).

    Method: in a non-degenerate game every equilibrium has supports of equal size ``k`` on which
    the opponent is indifferent, so solving the indifference systems of every pair of supports
    ``(I, J)`` with ``|I| = |J|`` and keeping the feasible, certified solutions finds them all
    (support enumeration; von Stengel, *Handbook of Game Theory* vol. 3, ch. 45, 2002, Thm 2.10
    and §3.2).  All ``K`` games are solved together, one batched linear solve per support pair.
    A game is non-degenerate when no mixed strategy with ``k`` strategies in its support has
    more than ``k`` pure best responses; the test looks for such a strategy with every support
    ``I`` and ``k + 1`` best responses ``J`` (one batched solve per pair), within a margin well
    above the certification tolerance.  A game that fails, or whose systems are ill-conditioned,
    is flagged as degenerate.
    """
    from itertools import combinations

    K, m, n, _ = T.shape
    A = T[..., 0]
    B = T[..., 1]
    scale = _scale(T)
    slack = tol * scale
    margin = max(10 * tol, 1e-8) * scale  # (K,); well above float error at Hadamard ratio > 1e-7
    margin_col = margin[:, None]
    degenerate = np.zeros(K, dtype=bool)
    eqs: list[list] = [[] for _ in range(K)]
    Bt = np.swapaxes(B, 1, 2)  # (K, n, m): column player's payoffs, its strategies first

    # degeneracy: a mix on rows I making k+1 columns J best responses (and the same for columns)
    for P, Q, p_n, q_n in ((Bt, Bt, m, n), (A, A, n, m)):
        # P[:, j, i] = payoff to the responding side's strategy j against the mixer's i
        for k in range(1, min(p_n, q_n - 1) + 1):
            for I_ in combinations(range(p_n), k):
                for J in combinations(range(q_n), k + 1):
                    M = P[:, list(J[:k])][:, :, list(I_)]  # (K, k, k)
                    z, w, unique, continuum = _batched_indifference(M, margin)
                    extra = P[:, J[k]][:, list(I_)]  # (K, k)
                    resid = np.abs(np.einsum("ki,ki->k", extra, z) - w)
                    best = np.einsum("kji,ki->kj", Q[:, :, list(I_)], z).max(axis=1)
                    hit = unique & (resid <= margin) & (z >= -margin_col).all(axis=1) & \
                        (w >= best - margin)
                    degenerate |= continuum | hit
    # equal-size supports
    for k in range(1, min(m, n) + 1):
        for I_ in combinations(range(m), k):
            for J in combinations(range(n), k):
                y, v, uniq_y, cont_y = _batched_indifference(A[:, list(I_)][:, :, list(J)],
                                                             margin)
                x, u, uniq_x, cont_x = _batched_indifference(Bt[:, list(J)][:, :, list(I_)],
                                                             margin)
                # a line of indifferent mixtures: equilibria there would form a continuum
                degenerate |= cont_y | cont_x
                ok = uniq_y & uniq_x & (y >= -slack[:, None]).all(axis=1) & \
                    (x >= -slack[:, None]).all(axis=1)
                if not ok.any():
                    continue
                X = np.zeros((K, m))
                Y = np.zeros((K, n))
                X[:, list(I_)] = np.clip(x, 0.0, None)
                Y[:, list(J)] = np.clip(y, 0.0, None)
                X /= np.where(X.sum(axis=1, keepdims=True) > 0, X.sum(axis=1, keepdims=True), 1)
                Y /= np.where(Y.sum(axis=1, keepdims=True) > 0, Y.sum(axis=1, keepdims=True), 1)
                rowpay = np.einsum("kij,kj->ki", A, Y)
                colpay = np.einsum("kij,ki->kj", B, X)
                u_row = (X * rowpay).sum(axis=1)
                u_col = (Y * colpay).sum(axis=1)
                regret = np.maximum(rowpay.max(axis=1) - u_row, colpay.max(axis=1) - u_col)
                good = ok & (regret <= slack)
                # a certified profile with a (near-)zero probability inside its support belongs
                # to a smaller support: only possible in a degenerate game
                thin = good & ((x <= margin_col).any(axis=1) | (y <= margin_col).any(axis=1)) \
                    & (k > 1)
                degenerate |= thin
                for kk in np.flatnonzero(good & ~thin):
                    eqs[kk].append((X[kk].copy(), Y[kk].copy(), (u_row[kk], u_col[kk]),
                                    max(float(regret[kk]), 0.0)))
    return eqs, degenerate


def _coefficients_2x2x2(T: np.ndarray):
    """For each player ``i`` of ``K`` 2x2x2 games, ``D_i = a + b p_j + c p_k + d p_j p_k``: the
    payoff advantage of its first strategy over its second when the others ``j < k`` play their
    first strategies with probabilities ``p_j``, ``p_k``.  Returns ``[(j, k, a, b, c, d)]``."""
    E = [T[:, 0, :, :, 0] - T[:, 1, :, :, 0],   # player 0: axes (s1, s2)
         T[:, :, 0, :, 1] - T[:, :, 1, :, 1],   # player 1: axes (s0, s2)
         T[:, :, :, 0, 2] - T[:, :, :, 1, 2]]   # player 2: axes (s0, s1)
    others = [(1, 2), (0, 2), (0, 1)]
    out = []
    for i in range(3):
        e = E[i]
        e00, e01, e10, e11 = e[:, 0, 0], e[:, 0, 1], e[:, 1, 0], e[:, 1, 1]
        j, k = others[i]
        out.append((j, k, e11, e01 - e11, e10 - e11, e00 - e01 - e10 + e11))
    return out, E


def _regret_2x2x2(T: np.ndarray, P: np.ndarray):
    """Max regret and expected payoffs of mixed profiles ``P`` (K, 3) (first-strategy
    probabilities) in ``K`` 2x2x2 games."""
    X = [np.stack([P[:, i], 1 - P[:, i]], axis=1) for i in range(3)]
    u0 = np.einsum("kabc,kb,kc->ka", T[..., 0], X[1], X[2])
    u1 = np.einsum("kabc,ka,kc->kb", T[..., 1], X[0], X[2])
    u2 = np.einsum("kabc,ka,kb->kc", T[..., 2], X[0], X[1])
    pays, regs = [], []
    for x, u in zip(X, (u0, u1, u2)):
        v = (x * u).sum(axis=1)
        pays.append(v)
        regs.append(u.max(axis=1) - v)
    return np.max(regs, axis=0), np.stack(pays, axis=1)


def solve_2x2x2_grid(T: np.ndarray, tol: float = DEFAULT_TOL):
    """Every equilibrium of ``K`` three-player games with two strategies each, where that is safe.

    ``T``: ``(K, 2, 2, 2, 3)``.  Returns ``(equilibria, degenerate)`` like
    :func:`support_enumeration_grid`; each equilibrium is ``(P, payoffs, regret)`` with ``P``
    the three first-strategy probabilities.

    With every player's payoff difference ``D_i`` non-zero at each pure profile of the others
    (no ties: checked), nobody mixes alone, so the equilibria are: pure profiles of best
    responses; two players mixing while the third plays a pure strategy (each mixer's ``D`` is
    linear in the other mixer's probability: one solution); all three mixing (eliminating two
    probabilities leaves a quadratic in the third: at most two solutions, as McKelvey and
    McLennan 1997 note for 2x2x2 games).  Every candidate is certified by its regret.  A game
    with a tie, a zero or repeated root, a vanishing denominator or a solution on the boundary of
    the square is flagged as degenerate (solve it exactly instead).
    """
    K = T.shape[0]
    scale = _scale(T)
    slack = tol * scale
    margin = max(10 * tol, 1e-8) * scale
    coef, E = _coefficients_2x2x2(T)
    degenerate = np.zeros(K, dtype=bool)
    for e in E:
        degenerate |= (np.abs(e) <= margin[:, None, None]).any(axis=(1, 2))
    eqs: list[list] = [[] for _ in range(K)]

    def accept(P, ok):
        reg, pay = _regret_2x2x2(T, P)
        good = ok & (reg <= slack)
        for kk in np.flatnonzero(good):
            eqs[kk].append((P[kk].copy(), pay[kk].copy(), max(float(reg[kk]), 0.0)))

    # pure
    pure = pure_equilibrium_mask(T, tol)
    for s0 in range(2):
        for s1 in range(2):
            for s2 in range(2):
                P = np.tile([1.0 - s0, 1.0 - s1, 1.0 - s2], (K, 1))
                accept(P, pure[:, s0, s1, s2])

    def D(i, P):
        j, k, a, b, c, d = coef[i]
        return a + b * P[:, j] + c * P[:, k] + d * P[:, j] * P[:, k]

    inside = lambda v: (v > margin_u) & (v < 1 - margin_u)  # noqa: E731
    edge = lambda v: (np.abs(v) <= margin_u) | (np.abs(1 - v) <= margin_u)  # noqa: E731
    margin_u = 1e-7
    # two players mixing, the third pure
    for m in range(3):  # the pure player
        i, j = [q for q in range(3) if q != m]
        for sm in (1.0, 0.0):  # its first-strategy probability
            # D_i as a function of p_j with p_m fixed: alpha_i + beta_i p_j, and likewise D_j
            sols = []
            for me, other in ((i, j), (j, i)):
                jj, kk, a, b, c, d = coef[me]
                if jj == other:  # D = a + b p_other + c p_m + d p_other p_m
                    alpha, beta = a + c * sm, b + d * sm
                else:
                    alpha, beta = a + b * sm, c + d * sm
                flat = np.abs(beta) <= margin
                degenerate |= flat & (np.abs(alpha) <= margin)
                with np.errstate(divide="ignore", invalid="ignore"):
                    sols.append((np.where(flat, np.nan, -alpha / np.where(flat, 1, beta)),
                                 other))
            P = np.empty((K, 3))
            P[:, m] = sm
            for val, who in sols:
                P[:, who] = val
            ok = np.isfinite(P).all(axis=1) & inside(P[:, i]) & inside(P[:, j])
            degenerate |= np.isfinite(P).all(axis=1) & (edge(P[:, i]) | edge(P[:, j])) & \
                (inside(P[:, i]) | inside(P[:, j]) | (edge(P[:, i]) & edge(P[:, j])))
            Pc = np.where(np.isfinite(P), P, 0.5)
            dm = D(m, Pc)
            degenerate |= ok & (np.abs(dm) <= margin)
            accept(Pc, ok)
    # all three mixing: p0 = N0/M0 and p1 = N1/M1 as functions of t = p2, into D_2 = 0
    _, _, a0, b0, c0, d0 = coef[0]  # D_0(p1, p2)
    _, _, a1, b1, c1, d1 = coef[1]  # D_1(p0, p2)
    _, _, a2, b2, c2, d2 = coef[2]  # D_2(p0, p1)
    N0, M0 = (-a1, -c1), (b1, d1)  # p0 = (-a1 - c1 t) / (b1 + d1 t)
    N1, M1 = (-a0, -c0), (b0, d0)  # p1 = (-a0 - c0 t) / (b0 + d0 t)

    def mul(f, g):
        return (f[0] * g[0], f[0] * g[1] + f[1] * g[0], f[1] * g[1])

    terms = [(a2, mul(M0, M1)), (b2, mul(N0, M1)), (c2, mul(N1, M0)), (d2, mul(N0, N1))]
    q = [sum(w * t[n] for w, t in terms) for n in range(3)]  # q0 + q1 t + q2 t^2
    qs = np.maximum.reduce([np.abs(x) for x in q]) + 0.0
    tiny = 1e-9 * np.maximum(qs, 1e-300)
    identically = qs <= margin * np.maximum(1.0, scale)  # a continuum of solutions
    degenerate |= identically
    quad = np.abs(q[2]) > tiny
    with np.errstate(divide="ignore", invalid="ignore"):
        disc = q[1] ** 2 - 4 * q[2] * q[0]
        degenerate |= quad & (np.abs(disc) <= 1e-9 * np.maximum(q[1] ** 2, 1e-300))
        sq = np.sqrt(np.where(disc > 0, disc, 0.0))
        r1 = np.where(quad, (-q[1] + sq) / (2 * q[2]),
                      np.where(np.abs(q[1]) > tiny, -q[0] / q[1], np.nan))
        r2 = np.where(quad, (-q[1] - sq) / (2 * q[2]), np.nan)
        real = ~quad | (disc > 0)
        for r in (r1, r2):
            t = np.where(real, r, np.nan)
            m0 = M0[0] + M0[1] * t
            m1 = M1[0] + M1[1] * t
            p0 = (N0[0] + N0[1] * t) / m0
            p1 = (N1[0] + N1[1] * t) / m1
            P = np.stack([p0, p1, t], axis=1)
            fin = np.isfinite(P).all(axis=1)
            # a vanishing denominator: one player indifferent whatever another does at this t
            small_den = np.isfinite(t) & ((np.abs(m0) <= margin) | (np.abs(m1) <= margin))
            degenerate |= small_den & (t > -margin_u) & (t < 1 + margin_u)
            ok = fin & ~small_den & inside(p0) & inside(p1) & inside(t)
            degenerate |= fin & ~small_den & (edge(p0) | edge(p1) | edge(t)) & \
                ((p0 > -margin_u) & (p0 < 1 + margin_u) & (p1 > -margin_u) & (p1 < 1 + margin_u)
                 & (t > -margin_u) & (t < 1 + margin_u))
            accept(np.where(np.isfinite(P), P, 0.5), ok)
    return eqs, degenerate


class _Solver:
    """Classifies batches of parameter points (exact values + float payoff tensors)."""

    def __init__(self, scn, names, overrides, method, tol, time_limit, progress):
        self.scn = scn
        self.names = list(names)
        self.overrides = dict(overrides or {})
        self.method = method
        self.tol = tol
        self.time_limit = time_limit
        self.progress = progress
        self.shape = tuple(scn.shape)
        self.N = len(self.shape)
        self.strategies = tuple(p.strategies for p in scn.players)
        self.cache: dict[bytes, _PointEqs] = {}
        self.n_fast = 0
        self.fast_name = "closed-form 2x2"
        self.n_solved = 0
        self.solve_seconds = 0.0
        self.methods_used: set[str] = set()
        self.messages: set[str] = set()

    # payoffs at arbitrary points (not a grid): K x G exact values -> (K, *shape, N) floats
    def payoffs_at(self, points: Sequence[Sequence[Fraction]]) -> np.ndarray:
        from .scenario.normal_form import payoff_points

        return payoff_points(self.scn, self.names, points, self.overrides)

    @property
    def has_fast_path(self) -> bool:
        return self.method in ("auto", "all", "enumerate") and (
            self.shape in ((2, 2), (2, 2, 2))
            or (self.N == 2 and max(self.shape) <= MAX_VECTORISED_STRATEGIES))

    def classify(self, points: Sequence[Sequence[Fraction]], T: np.ndarray,
                 done_offset: int = 0, total: int | None = None,
                 exact_fallback: bool = True) -> list[_PointEqs]:
        """Equilibrium sets at ``points`` (exact values) whose payoffs are ``T``.

        ``exact_fallback=False``: points the vectorised path cannot answer (ties, degenerate
        games) are not solved but marked ``status="degenerate"`` with no labels (bisection only
        needs to know that they differ from the side it started on)."""
        K = len(points)
        total = K if total is None else total
        out: list[_PointEqs | None] = [None] * K
        todo = list(range(K))
        fast_ok = self.method in ("auto", "all", "enumerate")
        if self.shape == (2, 2) and fast_ok:
            todo = self._fast_2x2(T, out)
            self.n_fast += K - len(todo)
            if self.progress:
                self.progress(done_offset + K - len(todo), total)
        elif self.shape == (2, 2, 2) and fast_ok and K:
            todo = self._fast_2x2x2(T, out)
            self.n_fast += K - len(todo)
            self.fast_name = "closed-form 2x2x2"
        elif self.N == 2 and max(self.shape) <= MAX_VECTORISED_STRATEGIES and fast_ok and K:
            todo = self._fast_bimatrix(T, out)
            self.n_fast += K - len(todo)
            self.fast_name = "vectorised support enumeration"
            if self.progress:
                self.progress(done_offset + K - len(todo), total)
        if not exact_fallback and len(todo) < K:
            for k in todo:
                out[k] = _PointEqs(("<degenerate>",), [], "degenerate")
            return out  # type: ignore[return-value]
        done = done_offset + K - len(todo)
        last = time.perf_counter()
        for k in todo:
            out[k] = self._solve_point(points[k], T[k])
            done += 1
            if self.progress and time.perf_counter() - last > 0.1:
                self.progress(done, total)
                last = time.perf_counter()
        if self.progress and todo:
            self.progress(done, total)
        return out  # type: ignore[return-value]

    def _fast_2x2(self, T: np.ndarray, out: list) -> list[int]:
        generic, pure, mixed_ok, x, y, upay, ureg = _solve_2x2_grid(T, self.tol)
        preg = _pure_regret(T)
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
                        rows.append((pure_labels[i][j], "pure", (p0, p1),
                                     (float(T[k, i, j, 0]), float(T[k, i, j, 1])),
                                     float(preg[k, i, j]), False))
            if mixed_ok[k]:
                xk, yk = float(x[k]), float(y[k])
                rows.append((mixed_label, "mixed", ((xk, 1 - xk), (yk, 1 - yk)),
                             (float(upay[k, 0]), float(upay[k, 1])), float(ureg[k]), False))
            out[k] = _PointEqs(tuple(r[0] for r in rows), rows, "complete", fast=True)
        return todo

    def _fast_2x2x2(self, T: np.ndarray, out: list) -> list[int]:
        eqs, degenerate = solve_2x2x2_grid(T, self.tol)
        todo = []
        for k in range(T.shape[0]):
            if degenerate[k]:
                todo.append(k)
                continue
            out[k] = self._fast_point([(tuple((float(p), float(1 - p)) for p in P), pay, reg)
                                       for P, pay, reg in eqs[k]])
        return todo

    def _fast_bimatrix(self, T: np.ndarray, out: list) -> list[int]:
        eqs, degenerate = support_enumeration_grid(T, self.tol)
        todo = []
        for k in range(T.shape[0]):
            if degenerate[k]:
                todo.append(k)
                continue
            out[k] = self._fast_point([((tuple(float(v) for v in x), tuple(float(v) for v in y)),
                                        pay, reg) for x, y, pay, reg in eqs[k]])
        return todo

    def _fast_point(self, found) -> _PointEqs:
        """Rows of one grid point from closed-form or batched results ``(probs, payoffs, regret)``."""
        rows = []
        for probs, pay, reg in found:
            label = equilibrium_label(self.strategies, probs)
            kind = "mixed" if label.startswith("mixed") else "pure"
            rows.append((label, kind, probs, tuple(float(v) for v in pay), float(reg), False))
        rows.sort(key=lambda r: row_order(r[2]))
        return _PointEqs(ordered_labels(rows), rows, "complete", fast=True)

    def _solve_point(self, point: Sequence[Fraction], Tk: np.ndarray) -> _PointEqs:
        key = Tk.tobytes()
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        from .scenario import build
        from .solvers import solve

        overrides = dict(self.overrides)
        overrides.update({n: v for n, v in zip(self.names, point)})
        game = build(self.scn, overrides)
        method = _pick_method(self.method, game.n_players)
        t0 = time.perf_counter()
        res = solve(game, method, tol=self.tol, time_limit=self.time_limit)
        self.solve_seconds += time.perf_counter() - t0
        self.n_solved += 1
        self.methods_used.add(res.method)
        status, message = res.status, res.message
        if _finds(res.method) not in ("all", "all-extreme") and status == "complete":
            status = "partial"
            message = (f"method '{res.method}' finds {_finds(res.method).replace('-', ' ')} "
                       "equilibria, not necessarily all of them")
        if message and status != "complete":
            self.messages.add(message)
        rows = []
        for eq in res.equilibria:
            label = equilibrium_label(game.strategies, eq.strategies)
            rows.append((label, "pure" if eq.is_pure else "mixed",
                         tuple(tuple(float(v) for v in s) for s in eq.strategies),
                         tuple(float(v) for v in eq.payoffs), float(eq.max_regret), eq.exact))
        rows.sort(key=lambda r: row_order(r[2]))
        labels = ordered_labels(rows)
        pe = _PointEqs(labels, rows, status, message)
        self.cache[key] = pe
        return pe


def _pick_method(method: str, n_players: int) -> str:
    """``"auto"``: every equilibrium (``all``; for two players ``enumerate`` if ``all`` is not
    registered), else pure equilibria only (flagged as partial)."""
    from .solvers import SOLVERS

    if method != "auto":
        return method
    if "all" in SOLVERS:
        return "all"
    if n_players == 2 and "enumerate" in SOLVERS:
        return "enumerate"
    return "pure"


def _finds(method: str) -> str:
    from .solvers import SOLVERS

    spec = SOLVERS.get(method)
    return spec.finds if spec else "some"


def _connected_regions(keys: np.ndarray) -> np.ndarray:
    """Label connected components of equal integer keys on a grid (neighbours include
    diagonals, so a set that holds on a sloping threshold line is one region)."""
    from scipy import ndimage

    out = np.full(keys.shape, -1, dtype=np.int64)
    nxt = 0
    structure = np.ones((3,) * keys.ndim, dtype=bool)
    for val in np.unique(keys):
        lab, n = ndimage.label(keys == val, structure=structure)
        mask = lab > 0
        out[mask] = lab[mask] - 1 + nxt
        nxt += n
    # renumber in order of first appearance (C order) so region ids are stable
    flat = out.reshape(-1)
    order: dict[int, int] = {}
    for v in flat:
        if int(v) not in order:
            order[int(v)] = len(order)
    return np.vectorize(order.__getitem__)(out) if flat.size else out


def _snap(value: Fraction, width: Fraction) -> Fraction:
    """A short fraction within ``width`` of ``value`` if there is one, else ``value``."""
    for den in (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 25, 50, 100, 1000):
        q = Fraction(round(value * den), den)
        if abs(q - value) <= width:
            return q
    return value


def _fmt_fraction(q: Fraction) -> str:
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def _refine(solver: _Solver, edges: list[tuple], iterations: int
            ) -> list[tuple[Fraction, Fraction]]:
    """Bisect each edge (lo point, hi point, axis, set at lo, exact) on its axis; returns the
    final ``(lo, hi)`` bracket of the axis value for each edge.

    Edges whose end points the vectorised path answered are probed with it alone: near a
    threshold it sees a (near-)tie and declines, and that probe counts as past the threshold
    (the bracket is then already within the tie margin).  Edges with an end point that needed
    the exact solver (a whole line of ties, say) are probed exactly.
    """
    lo = [e[0][e[2]] for e in edges]
    hi = [e[1][e[2]] for e in edges]
    fast = [k for k, e in enumerate(edges) if not e[4] and solver.has_fast_path]
    slow = [k for k, e in enumerate(edges) if e[4] or not solver.has_fast_path]
    done: set[int] = set()
    if iterations and slow:
        # an exactly solved end point is often itself on the threshold (a line of ties through
        # grid points): look just inside each end first, which settles those edges at once
        probes = []
        for k in slow:
            p_lo, _p_hi, axis, _key, _ex = edges[k]
            tiny = (hi[k] - lo[k]) / 10**6
            for v in (lo[k] + tiny, hi[k] - tiny):
                q = list(p_lo)
                q[axis] = v
                probes.append(q)
        res = solver.classify(probes, solver.payoffs_at(probes))
        for j, k in enumerate(slow):
            near_lo, near_hi = res[2 * j], res[2 * j + 1]
            tiny = (hi[k] - lo[k]) / 10**6
            if near_lo.labels != edges[k][3]:
                hi[k] = lo[k] + tiny
                done.add(k)
            elif near_hi.labels == edges[k][3]:
                lo[k] = hi[k] - tiny
                done.add(k)
        slow = [k for k in slow if k not in done]
    for _ in range(iterations):
        pts = []
        for (p_lo, _p_hi, axis, _key, _ex), a, b in zip(edges, lo, hi):
            p = list(p_lo)
            p[axis] = (a + b) / 2
            pts.append(p)
        if not pts:
            break
        res: list = [None] * len(pts)
        if not fast and not slow:
            break
        for group, exact in ((fast, False), (slow, True)):
            if group:
                sub = [pts[k] for k in group]
                for k, r in zip(group, solver.classify(sub, solver.payoffs_at(sub),
                                                        exact_fallback=exact)):
                    res[k] = r
        for k, (e, r) in enumerate(zip(edges, res)):
            if r is None:  # settled before the loop
                continue
            mid = (lo[k] + hi[k]) / 2
            if r.labels == e[3]:
                lo[k] = mid
            else:
                hi[k] = mid
    return list(zip(lo, hi))


def _thresholds(solver: _Solver, axes_exact, keys: np.ndarray, key_list, refine: bool,
                fast: np.ndarray | None = None) -> list[Threshold]:
    G = len(axes_exact)
    names = solver.names
    edges = []
    for a in range(G):
        n_a = keys.shape[a]
        if n_a < 2:
            continue
        sl_lo = [slice(None)] * G
        sl_hi = [slice(None)] * G
        sl_lo[a] = slice(0, n_a - 1)
        sl_hi[a] = slice(1, n_a)
        diff = keys[tuple(sl_lo)] != keys[tuple(sl_hi)]
        for idx in np.argwhere(diff):
            i_lo = tuple(int(v) for v in idx)
            i_hi = tuple(v + 1 if j == a else v for j, v in enumerate(i_lo))
            p_lo = [axes_exact[j][i_lo[j]] for j in range(G)]
            p_hi = [axes_exact[j][i_hi[j]] for j in range(G)]
            exact = fast is None or not (fast[i_lo] and fast[i_hi])
            edges.append((p_lo, p_hi, a, key_list[keys[i_lo]], key_list[keys[i_hi]], exact))
    if not edges:
        return []
    # bisect to a bracket of about 1e-6 of a grid step: fine enough to recognise a short fraction
    # (checked below), coarse enough that probes stay outside the tie tolerance of a threshold
    # that sits on a grid point, so the closed-form path answers them
    if solver.shape in ((2, 2), (2, 2, 2)):
        iters = 20
    elif solver.fast_name != "closed-form 2x2":  # batched support enumeration: dearer probes
        iters = 14
    else:  # each probe is a full solve: fewer halvings when solves are slow
        per_solve = solver.solve_seconds / max(1, solver.n_solved)
        iters = 10 if per_solve < 0.02 else (6 if per_solve < 0.2 else 4)
    iters = iters if refine else 0
    brackets = _refine(solver, [(e[0], e[1], e[2], e[3], e[5]) for e in edges], iters)
    groups: dict[tuple, list] = {}
    for e, (b_lo, b_hi) in zip(edges, brackets):
        groups.setdefault((e[2], e[3], e[4]), []).append((e, (b_lo + b_hi) / 2, b_hi - b_lo))
    out: list[tuple] = []  # (threshold, a grid point on it, axis, exact value) per threshold
    for (a, below, above), items in groups.items():
        other = [j for j in range(G) if j != a]
        along = names[other[0]] if other else None
        items.sort(key=lambda t: t[1])
        width = max(w for _, _, w in items)
        step = min(e[1][a] - e[0][a] for e, _, _ in items)
        # refined values carry the bracket width, or (when the vectorised path declined near a
        # tie) an error of up to its tie margin (1e-6 of the payoff scale, which can be 1e-4
        # of a grid step on the parameter); snapped values are verified exactly below
        fuzz = 4 * width + step * Fraction(1, 10**3)
        gap = fuzz
        clusters: list[list] = [[items[0]]]
        for it in items[1:]:
            if it[1] - clusters[-1][-1][1] <= gap:
                clusters[-1].append(it)
            else:
                clusters.append([it])
        curve = []
        for cl in clusters:
            if len(cl) == 1 and len(items) > 1 and other:
                curve.extend(cl)
                continue
            vals = [v for _, v, _ in cl]
            mid = sum(vals) / len(vals)
            exact = None
            if refine:
                snapped = _snap(mid, fuzz)
                if snapped != mid or snapped.denominator <= 1000:
                    if _snap_holds(solver, cl[0][0], a, snapped, width, below, above):
                        mid = snapped
                        exact = _fmt_fraction(mid) if mid.denominator <= 1000 else None
            span = None
            if other:
                ov = [float(e[0][other[0]]) for e, _, _ in cl]
                span = (min(ov), max(ov))
            out.append((Threshold(parameter=names[a], value=float(mid), below=below,
                                  above=above, exact=exact, along=along, span=span),
                        list(cl[0][0][0]), a, mid))
        if curve:
            ov = [float(e[0][other[0]]) for e, _, _ in curve]
            pts = tuple(sorted((float(e[0][other[0]]), float(v)) for e, v, _ in curve))
            line = _fit_line([(e[0][other[0]], v) for e, v, _ in curve], fuzz, along) \
                if refine else None
            out.append((Threshold(parameter=names[a], value=None, below=below, above=above,
                                  along=along, span=(min(ov), max(ov)), points=pts, line=line),
                        None, a, None))
    # the equilibrium set exactly at each straight threshold
    probes = [(k, pt, a, v) for k, (_, pt, a, v) in enumerate(out) if pt is not None]
    at: dict[int, tuple[str, ...]] = {}
    if refine and probes:
        pts = []
        for _, pt, a, v in probes:
            q = list(pt)
            q[a] = v
            pts.append(q)
        for (k, *_), r in zip(probes, solver.classify(pts, solver.payoffs_at(pts))):
            at[k] = r.labels
    final = []
    for k, (t, *_rest) in enumerate(out):
        if k in at:
            t = replace(t, at=at[k])
        final.append(t)
    return _merge_through_points(final)


def _fit_line(pts: list[tuple[Fraction, Fraction]], fuzz: Fraction, x_name: str | None
              ) -> str | None:
    """``"2*x - 1"`` when the refined boundary points lie on a line with a short-fraction slope
    and intercept (within ``fuzz``, the precision of the refined points), else ``None``."""
    if len(pts) < 3 or x_name is None:
        return None
    (x0, y0), (x1, y1) = min(pts), max(pts)
    if x1 == x0:
        return None
    slope = _snap((y1 - y0) / (x1 - x0), Fraction(1, 10**4))
    icept = _snap(y0 - slope * x0, Fraction(1, 10**4))
    if slope.denominator > 100 or icept.denominator > 100:
        return None
    if any(abs(y - (slope * x + icept)) > fuzz for x, y in pts):
        return None
    if slope == 0:
        return _fmt_fraction(icept)
    term = x_name if slope == 1 else (f"-{x_name}" if slope == -1
                                      else f"{_fmt_fraction(slope)}*{x_name}")
    if icept == 0:
        return term
    sign = "+" if icept > 0 else "-"
    return f"{term} {sign} {_fmt_fraction(abs(icept))}"


def _snap_holds(solver: _Solver, edge, axis: int, value: Fraction, width: Fraction,
                below: tuple, above: tuple) -> bool:
    """Whether the sets just below and just above ``value`` (within a thousandth of the
    bisection bracket) are ``below`` and ``above``: the snapped threshold is then right to that
    precision, not just close to the bracket."""
    eps = width / 1000
    pts = []
    for v in (max(value - eps, edge[0][axis]), min(value + eps, edge[1][axis])):
        q = list(edge[0])
        q[axis] = v
        pts.append(q)
    lo, hi = solver.classify(pts, solver.payoffs_at(pts))
    return lo.labels == below and hi.labels == above


def _merge_through_points(ts: list[Threshold]) -> list[Threshold]:
    """``X -> Y`` and ``Y -> Z`` at the same value, where ``Y`` is the set *at* the threshold (a
    grid point that sits exactly on it), become one threshold ``X -> Z`` with ``at = Y``."""
    ts = list(ts)
    changed = True
    while changed:
        changed = False
        for i, t in enumerate(ts):
            if t.value is None:
                continue
            for j, u in enumerate(ts):
                if (j != i and u.value is not None and u.parameter == t.parameter
                        and u.along == t.along and u.span == t.span
                        and abs(u.value - t.value) <= 1e-9 * max(1.0, abs(t.value))
                        and t.above == u.below and t.at == t.above and u.at == u.below):
                    merged = replace(t, above=u.above, at=t.above)
                    ts = [x for k, x in enumerate(ts) if k not in (i, j)] + [merged]
                    changed = True
                    break
            if changed:
                break
    ts.sort(key=lambda t: (t.parameter, t.value if t.value is not None else math.inf,
                           t.span or (0.0, 0.0)))
    return ts


def sweep(scenario, vary: Mapping[str, Sequence], *, overrides: Mapping | None = None,
          method: str = "auto", tol: float = DEFAULT_TOL, time_limit: float | None = None,
          refine: bool = True, progress: Progress | None = None) -> SweepResult:
    """Every equilibrium of a normal-form scenario at every point of a parameter grid.

    ``vary`` maps up to a few parameter names to their values (numbers or Fractions; the grid is
    their Cartesian product, in mapping order).  ``overrides`` fixes other parameters (as
    ``--set`` does).  ``method`` is the solver used at points the vectorised 2x2 path does not
    answer (``"auto"``: every equilibrium).  ``time_limit`` applies per solved point.
    ``refine`` bisects region boundaries into thresholds.  ``progress(done, total)`` is called
    as points are finished.
    """
    from .scenario import payoff_grid

    if getattr(scenario, "kind", None) != "normal-form":
        raise ValueError(f"sweeps need a normal-form scenario, not {getattr(scenario, 'kind', '?')}")
    if not vary:
        raise ValueError("give at least one parameter to vary")
    t0 = time.perf_counter()
    names = list(vary)
    for n in names:
        if n in (overrides or {}):
            raise ValueError(f"parameter '{n}' is both varied and fixed with --set; drop one")
    axes_exact = tuple(tuple(_exact(v) for v in vary[n]) for n in names)
    for n, ax in zip(names, axes_exact):
        if not ax:
            raise ValueError(f"no values given for '{n}'")
    grid = {n: np.asarray([float(v) for v in ax]) for n, ax in zip(names, axes_exact)}
    T = payoff_grid(scenario, grid, overrides)
    gshape = tuple(len(a) for a in axes_exact)
    K = int(np.prod(gshape))
    flatT = T.reshape((K,) + T.shape[len(gshape):])
    points = [tuple(axes_exact[j][i] for j, i in enumerate(idx)) for idx in np.ndindex(*gshape)]
    solver = _Solver(scenario, names, overrides, method, tol, time_limit, progress)
    results = solver.classify(points, flatT)
    solver.progress = None  # progress covers the grid; refinement is quick and not counted
    grid_stats = {"points": K, "closed_form_points": solver.n_fast,
                  "solved_points": solver.n_solved, "distinct_games_solved": len(solver.cache)}

    # rows, keys
    rows = []
    key_index: dict[tuple, int] = {}
    key_list: list[tuple] = []
    keys = np.empty(K, dtype=np.int64)
    fvals = [tuple(float(v) for v in p) for p in points]
    for k, (idx, r) in enumerate(zip(np.ndindex(*gshape), results)):
        if r.labels not in key_index:
            key_index[r.labels] = len(key_list)
            key_list.append(r.labels)
        keys[k] = key_index[r.labels]
        for lab, kind, probs, pay, reg, ex in r.rows:
            rows.append(SweepRow(tuple(int(i) for i in idx), fvals[k], lab, kind, probs, pay,
                                 reg, ex))
    keys = keys.reshape(gshape)
    regions_grid = _connected_regions(keys)
    regions = []
    for rid in range(int(regions_grid.max()) + 1 if K else 0):
        where = np.argwhere(regions_grid == rid)
        labels = key_list[keys[tuple(where[0])]]
        bounds = tuple((float(axes_exact[j][where[:, j].min()]),
                        float(axes_exact[j][where[:, j].max()])) for j in range(len(gshape)))
        regions.append(Region(rid, labels, set_description(labels), len(where), bounds,
                              tuple(int(v) for v in where[0])))
    fast = np.asarray([r.fast for r in results], dtype=bool).reshape(gshape)
    thresholds = _thresholds(solver, axes_exact, keys, key_list, refine, fast)

    values = _fixed_values(scenario, overrides, names)
    notes = []
    statuses = tuple(r.status for r in results)
    n_incomplete = sum(1 for s in statuses if s != "complete")
    if n_incomplete:
        notes.append(f"at {n_incomplete} of {K} points the equilibrium set may not be complete")
        notes.extend(sorted(solver.messages))
    methods = sorted(solver.methods_used)
    used = (solver.fast_name if solver.n_fast else "") + \
        ("; " if solver.n_fast and methods else "") + ", ".join(methods)
    return SweepResult(
        title=scenario.meta.title,
        file=scenario.meta.file,
        players=tuple(p.id for p in scenario.players),
        player_names=tuple(p.name for p in scenario.players),
        strategies=tuple(p.strategies for p in scenario.players),
        strategy_names=tuple(p.strategy_names for p in scenario.players),
        parameters=tuple(names),
        axes=tuple(tuple(float(v) for v in ax) for ax in axes_exact),
        axes_exact=tuple(tuple(_fmt_fraction(v) for v in ax) for ax in axes_exact),
        fixed=tuple((k, _fmt_value(v)) for k, v in values.items()),
        rows=tuple(rows),
        point_labels=tuple(r.labels for r in results),
        point_status=statuses,
        point_region=tuple(int(v) for v in regions_grid.reshape(-1)),
        regions=tuple(regions),
        thresholds=tuple(thresholds),
        method=used or method,
        tol=tol,
        seconds=time.perf_counter() - t0,
        notes=tuple(notes),
        stats=dict(grid_stats, refinement_probes=solver.n_fast + solver.n_solved
                   - grid_stats["closed_form_points"] - grid_stats["solved_points"]),
    )


def _fixed_values(scenario, overrides, names) -> dict:
    from .scenario.common import apply_overrides

    vals = apply_overrides(scenario.parameters, overrides)
    return {k: v for k, v in vals.items() if k not in names}


def _fmt_value(v) -> str:
    if isinstance(v, Fraction):
        return _fmt_fraction(v)
    return repr(float(v))


# -- serialisers -------------------------------------------------------------------------------

def _num(x: float) -> float | int:
    xf = float(x)
    if xf == 0:
        return 0
    return int(xf) if xf.is_integer() and abs(xf) < 2**53 else round(xf, 12)


def to_csv(result: SweepResult) -> str:
    """One line per grid point and equilibrium (a point with none found gets one line saying so).

    Columns: the varied parameters, ``equilibrium`` (outcome label), ``kind``, ``region``,
    ``status``, one probability column per ``player:strategy``, one ``payoff:player`` column per
    player, ``max_regret``.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    prob_cols = [f"{p}:{s}" for p, ss in zip(result.players, result.strategies) for s in ss]
    header = list(result.parameters) + ["equilibrium", "kind", "region", "status"] + prob_cols + \
        [f"payoff:{p}" for p in result.players] + ["max_regret"]
    w.writerow(header)
    by_point: dict[tuple, list[SweepRow]] = {}
    for r in result.rows:
        by_point.setdefault(r.point, []).append(r)
    for k, idx in enumerate(np.ndindex(*result.grid_shape)):
        vals = [_num(result.axes[j][i]) for j, i in enumerate(idx)]
        region = result.point_region[k]
        status = result.point_status[k]
        rows = by_point.get(tuple(int(i) for i in idx), [])
        if not rows:
            w.writerow(vals + ["", "", region, status] + [""] * (len(prob_cols) +
                                                              len(result.players) + 1))
        for r in rows:
            probs = [_num(x) for s in r.strategies for x in s]
            pays = [_num(x) for x in r.payoffs]
            w.writerow(vals + [r.label, r.kind, region, status] + probs + pays +
                       [f"{r.max_regret:.3g}"])
    return buf.getvalue()


def to_dict(result: SweepResult) -> dict:
    """The JSON-ready form of a sweep (documented in ``docs/charts.md``)."""
    rows = []
    for r in result.rows:
        k = result.flat_index(r.point)
        rows.append({
            "point": list(r.point),
            "parameters": {n: _num(v) for n, v in zip(result.parameters, r.values)},
            "equilibrium": r.label,
            "kind": r.kind,
            "region": result.point_region[k],
            "strategies": {p: {s: _num(x) for s, x in zip(ss, probs)}
                           for p, ss, probs in zip(result.players, result.strategies,
                                                   r.strategies)},
            "payoffs": {p: _num(x) for p, x in zip(result.players, r.payoffs)},
            "max_regret": float(r.max_regret),
            "exact": r.exact,
        })
    return {
        "scenario": result.title,
        "file": result.file,
        "kind": "sweep",
        "negsim_version": result.negsim_version,
        "parameters": dict(result.fixed),
        "vary": {n: list(ax) for n, ax in zip(result.parameters, result.axes_exact)},
        "players": {p: {"name": nm, "strategies": list(ss)}
                    for p, nm, ss in zip(result.players, result.player_names,
                                         result.strategies)},
        "method": result.method,
        "tol": result.tol,
        "seconds": round(result.seconds, 4),
        "points": result.n_points,
        "incomplete_points": sum(1 for s in result.point_status if s != "complete"),
        "notes": list(result.notes),
        "regions": [{"id": g.id, "equilibria": list(g.labels), "description": g.description,
                     "points": g.n_points,
                     "bounds": {n: [_num(lo), _num(hi)]
                                for n, (lo, hi) in zip(result.parameters, g.bounds)}}
                    for g in result.regions],
        "thresholds": [{"parameter": t.parameter,
                        "value": None if t.value is None else _num(t.value),
                        "exact": t.exact, "text": t.text,
                        "below": list(t.below), "above": list(t.above),
                        "at": None if t.at is None else list(t.at),
                        "along": t.along, "span": None if t.span is None else list(t.span),
                        "points": [list(p) for p in t.points]}
                       for t in result.thresholds],
        "rows": rows,
    }


def to_json(result: SweepResult, indent: int | None = 2) -> str:
    """:func:`to_dict` as JSON text."""
    return json.dumps(to_dict(result), indent=indent, ensure_ascii=False)


def summary_text(result: SweepResult) -> str:
    """A few lines for a terminal: regions and thresholds in words."""
    lines = [f"{result.title}: {result.n_points} points over "
             + " x ".join(f"{n} [{ax[0]}..{ax[-1]}]" for n, ax in
                          zip(result.parameters, result.axes_exact))
             + f" in {result.seconds:.2f} s ({result.method})"]
    lines.append(f"{len(result.regions)} region(s):")
    by_set: dict[tuple, list[Region]] = {}
    for g in result.regions:
        by_set.setdefault(g.labels, []).append(g)
    for labels, gs in sorted(by_set.items(), key=lambda kv: kv[1][0].id):
        if len(gs) <= 3:
            for g in gs:
                b = ", ".join(f"{n} {lo:g}..{hi:g}"
                              for n, (lo, hi) in zip(result.parameters, g.bounds))
                lines.append(f"  [{g.id}] {g.description}  ({g.n_points} points; {b})")
        else:
            n_pts = sum(g.n_points for g in gs)
            lines.append(f"  [{gs[0].id}, ... {len(gs)} regions] {set_description(labels)}  "
                         f"({n_pts} points in {len(gs)} separate pieces)")
    if result.thresholds:
        lines.append("thresholds:")
        for t in result.thresholds:
            where = ""
            if t.along and t.span:
                where = f" (for {t.along} {t.span[0]:g}..{t.span[1]:g})"
            at = f"; at the threshold: {set_description(t.at)}" if t.at is not None else ""
            lines.append(f"  {t.text}{where}: {set_description(t.below)}  ->  "
                         f"{set_description(t.above)}{at}")
    for n in result.notes:
        lines.append(f"note: {n}")
    return "\n".join(lines)
