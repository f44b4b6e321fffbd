"""Evolutionarily stable strategies (Maynard Smith and Price) of a symmetric 2-player game.

In a symmetric game (the column player's payoffs are the row player's, transposed) a strategy
``x`` is *evolutionarily stable* when a population playing ``x`` resists every small invasion:
for every other strategy ``y``,

1. ``u(x, x) > u(y, x)`` (``x`` is a strict best reply to itself against ``y``), or
2. ``u(x, x) = u(y, x)`` and ``u(x, y) > u(y, y)`` (``y`` does as well against ``x`` but worse
   against itself than ``x`` does).

Everything here is exact (Fractions).  The candidates are the symmetric Nash equilibria
``(x, x)``, found by support enumeration on one matrix; a support whose indifference system is
singular holds no ESS (a kernel direction ``d`` gives a neutral invader, ``d'Ad = 0``), so only
isolated candidates are examined.  For a candidate with support ``T`` and best replies ``S``
(``T`` within ``S``), the invaders that matter are ``y = x + e z`` with ``z`` summing to 0,
supported on ``S`` and non-negative off ``T``; condition 2 is then ``z'Az < 0`` for every such
``z``.  With one coordinate of ``T`` eliminated this is a quadratic form that must be positive
definite on the free coordinates (checked by an exact LDL' factorisation) and whose Schur
complement must be strictly copositive on the others (checked exactly by the minimum of the
form over the simplex, face by face).  A failed check yields an invader ``y`` that is verified
against the definition in Fractions before it is reported.

The registered method ``ess`` lists the stable strategies as symmetric profiles (each also a
Nash equilibrium, certified as usual) with the invasion checks in ``details["ess"]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Any

from ..game import Game
from ..scenario.errors import Location, ScenarioError
from .registry import Deadline, SolverOutput, register

__all__ = [
    "MAX_STRATEGIES",
    "Candidate",
    "ess_analysis",
    "is_invader",
    "symmetric_matrix",
]

#: the largest symmetric game examined (2**n supports, each an exact linear solve)
MAX_STRATEGIES = 12

Matrix = list[list[Fraction]]
Vector = list[Fraction]


@dataclass(frozen=True)
class Candidate:
    """A symmetric Nash equilibrium ``(x, x)`` and the verdict of the invasion check.

    ``support``: the strategies ``x`` uses; ``best_replies``: every strategy earning the top
    payoff against ``x``; ``stable``: whether ``x`` is an ESS (``None``: undecided, when the
    exact copositivity test met a degenerate face); ``reason``: a sentence for the reader;
    ``invader``: a verified invader when ``x`` is not stable."""

    strategy: tuple[Fraction, ...]
    value: Fraction
    support: tuple[int, ...]
    best_replies: tuple[int, ...]
    stable: bool | None
    reason: str
    invader: tuple[Fraction, ...] | None = None


def symmetric_matrix(game: Game) -> Matrix:
    """The row player's payoff matrix of a symmetric 2-player game (exact).

    A game that is not 2-player, not square or whose column payoffs are not the transposed
    row payoffs is a located user error: evolutionary stability is defined here for one
    population playing a symmetric game."""
    if game.n_players != 2 or game.shape[0] != game.shape[1]:
        dims = " x ".join(str(k) for k in game.shape)
        raise ScenarioError(
            "evolutionary stability (--method ess) needs a symmetric 2-player game (the same "
            f"strategies for both); this one is {game.n_players}-player, {dims}",
            Location("--method"),
        )
    n = game.shape[0]
    if n > MAX_STRATEGIES:
        raise ScenarioError(
            f"evolutionary stability (--method ess) is limited to {MAX_STRATEGIES} strategies "
            f"(2^{MAX_STRATEGIES} supports); this game has {n}",
            Location("--method"),
        )
    pay = game.exact
    if pay is None:
        raise ScenarioError(
            "evolutionary stability (--method ess) needs exact payoffs (numbers or fractions, "
            "not floating-point formulas)",
            Location("--method"),
        )
    A = [[Fraction(pay[r, c, 0]) for c in range(n)] for r in range(n)]
    for r in range(n):
        for c in range(n):
            if Fraction(pay[c, r, 1]) != A[r][c]:
                raise ScenarioError(
                    "evolutionary stability (--method ess) needs a symmetric game: "
                    f"{game.players[1]}'s payoff at ({game.strategies[0][c]}, "
                    f"{game.strategies[1][r]}) is {pay[c, r, 1]}, but {game.players[0]}'s at "
                    f"({game.strategies[0][r]}, {game.strategies[1][c]}) is {A[r][c]}",
                    Location("--method"),
                )
    return A


def _solve(M: Matrix, b: Vector) -> Vector | None:
    """The unique solution of ``M v = b`` (Gauss–Jordan in Fractions), or ``None`` when ``M``
    is singular."""
    n = len(M)
    aug = [list(M[i]) + [b[i]] for i in range(n)]
    for col in range(n):
        piv = next((r for r in range(col, n) if aug[r][col] != 0), None)
        if piv is None:
            return None
        aug[col], aug[piv] = aug[piv], aug[col]
        p = aug[col][col]
        row = [v / p for v in aug[col]]
        aug[col] = row
        for r in range(n):
            if r != col and aug[r][col] != 0:
                f = aug[r][col]
                aug[r] = [a - f * c for a, c in zip(aug[r], row, strict=True)]
    return [aug[i][n] for i in range(n)]


def _payoff(A: Matrix, x: Vector, y: Vector) -> Fraction:
    """``x' A y``: what strategy ``x`` earns against ``y``."""
    return sum((x[i] * A[i][j] * y[j] for i in range(len(x)) for j in range(len(y))), Fraction(0))


def is_invader(A: Matrix, x: Vector, y: Vector) -> bool:
    """Whether ``y`` (not ``x``) can invade ``x`` by the definition: ``y`` does at least as well
    against ``x`` as ``x`` does, and when equal, at least as well against itself."""
    if list(y) == list(x):
        return False
    xx, yx = _payoff(A, x, x), _payoff(A, y, x)
    if yx != xx:
        return yx > xx
    return _payoff(A, y, y) >= _payoff(A, x, y)


def _symmetric_equilibria(A: Matrix, deadline: Deadline) -> list[tuple[Vector, tuple[int, ...]]]:
    """Every isolated symmetric equilibrium ``(x, x)`` with its support: for each support ``T``
    the system ``A_TT x = v 1, sum x = 1``; a singular system is skipped (no ESS there)."""
    n = len(A)
    found = []
    for k in range(1, n + 1):
        for T in combinations(range(n), k):
            deadline.check()
            M = [[A[i][j] for j in T] + [Fraction(-1)] for i in T]
            M.append([Fraction(1)] * k + [Fraction(0)])
            sol = _solve(M, [Fraction(0)] * k + [Fraction(1)])
            if sol is None or any(v <= 0 for v in sol[:k]):
                continue
            x = [Fraction(0)] * n
            for i, v in zip(T, sol[:k], strict=True):
                x[i] = v
            value = sol[k]
            if all(sum(A[i][j] * x[j] for j in range(n)) <= value for i in range(n)):
                found.append((x, T))
    return found


def _ldl_failure(Q: Matrix) -> Vector | None:
    """``None`` when ``Q`` (symmetric) is positive definite, else a vector ``w != 0`` with
    ``w'Qw <= 0`` (from the first non-positive pivot of an exact LDL' factorisation)."""
    n = len(Q)
    L = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    D: list[Fraction] = []
    for j in range(n):
        d = Q[j][j] - sum((L[j][k] ** 2 * D[k] for k in range(j)), Fraction(0))
        if d <= 0:
            # w = L^-T e_j restricted to the leading (j+1) block gives w'Qw = d <= 0
            w = [Fraction(0)] * n
            w[j] = Fraction(1)
            for i in range(j - 1, -1, -1):
                w[i] = -sum((L[k][i] * w[k] for k in range(i + 1, j + 1)), Fraction(0))
            return w
        D.append(d)
        for i in range(j + 1, n):
            s = Q[i][j] - sum((L[i][k] * L[j][k] * D[k] for k in range(j)), Fraction(0))
            L[i][j] = s / d
    return None


def _copositive_failure(R: Matrix) -> tuple[Vector | None, bool]:
    """Whether ``R`` (symmetric) is strictly copositive: ``v'Rv > 0`` for every ``v >= 0``,
    ``v != 0``.  Returns ``(witness, decided)``: a ``v >= 0`` with ``v'Rv <= 0`` (or ``None``),
    and ``False`` when a degenerate face left the question open.

    The minimum of ``v'Rv`` over the simplex is attained in the relative interior of some face
    ``J`` where ``R_JJ v = l 1, sum v = 1`` and equals ``l``; every face is examined."""
    m = len(R)
    undecided = False
    for k in range(1, m + 1):
        for J in combinations(range(m), k):
            M = [[R[i][j] for j in J] + [Fraction(-1)] for i in J]
            M.append([Fraction(1)] * k + [Fraction(0)])
            sol = _solve(M, [Fraction(0)] * k + [Fraction(1)])
            if sol is None:
                # a singular face: its minimisers form a line; the vertices and smaller faces
                # are examined anyway, but the face's interior cannot be ruled out exactly
                if k > 1:
                    undecided = True
                continue
            if any(v <= 0 for v in sol[:k]):
                continue
            if sol[k] <= 0:
                v = [Fraction(0)] * m
                for i, val in zip(J, sol[:k], strict=True):
                    v[i] = val
                return v, True
    return None, not undecided


def _check(A: Matrix, x: Vector, T: tuple[int, ...]) -> Candidate:
    """The invasion check of the symmetric equilibrium ``(x, x)`` with support ``T``."""
    n = len(A)
    Ax = [sum(A[i][j] * x[j] for j in range(n)) for i in range(n)]
    value = max(Ax)
    S = tuple(i for i in range(n) if Ax[i] == value)
    strategy = tuple(x)
    if S == T and len(T) == 1:
        return Candidate(
            strategy,
            value,
            T,
            S,
            True,
            "a strict equilibrium: every other strategy does worse "
            "against it, so no mutant can invade",
        )
    k, free = T[0], list(T[1:])
    extra = [i for i in S if i not in T]
    cols = free + extra
    # z = P w: z_c = w_c for c in cols, z_k = -sum(w); M = -(A + A')/2 on S
    P = [[Fraction(0)] * len(cols) for _ in range(n)]
    for c_idx, c in enumerate(cols):
        P[c][c_idx] = Fraction(1)
        P[k][c_idx] = Fraction(-1)
    Msym = [[-(A[i][j] + A[j][i]) / 2 for j in range(n)] for i in range(n)]
    MP = [[sum(Msym[i][r] * P[r][c] for r in range(n)) for c in range(len(cols))] for i in range(n)]
    Q = [
        [sum(P[r][a] * MP[r][b] for r in range(n)) for b in range(len(cols))]
        for a in range(len(cols))
    ]
    nf = len(free)
    Qff = [row[:nf] for row in Q[:nf]]
    w: Vector | None = None
    decided = True
    bad_free = _ldl_failure(Qff) if nf else None
    if bad_free is not None:
        w = bad_free + [Fraction(0)] * len(extra)
    elif extra:
        Qfv = [row[nf:] for row in Q[:nf]]
        Qvv = [row[nf:] for row in Q[nf:]]
        if nf:
            # Schur complement R = Qvv - Qvf Qff^-1 Qfv, column by column
            cols_inv = [_solve(Qff, [Qfv[i][j] for i in range(nf)]) for j in range(len(extra))]
            R = [
                [
                    Qvv[a][b] - sum((Qfv[i][a] * cols_inv[b][i] for i in range(nf)), Fraction(0))  # type: ignore[index]
                    for b in range(len(extra))
                ]
                for a in range(len(extra))
            ]
        else:
            cols_inv, R = [], Qvv
        v, decided = _copositive_failure(R)
        if v is not None:
            wf = [
                -sum((cols_inv[b][i] * v[b] for b in range(len(extra))), Fraction(0))  # type: ignore[index]
                for i in range(nf)
            ]
            w = wf + v
    if w is None:
        if not decided:
            return Candidate(
                strategy,
                value,
                T,
                S,
                None,
                "undecided: the exact test met a degenerate face "
                "among the alternative best replies",
            )
        reason = (
            "every mutant that does as well against it does worse against itself than it does"
            if len(S) > 1
            else "a strict equilibrium: every other strategy does worse against it"
        )
        return Candidate(strategy, value, T, S, True, reason)
    z = [sum(P[r][c] * w[c] for c in range(len(cols))) for r in range(n)]
    neg = [x[r] / -z[r] for r in range(n) if z[r] < 0]
    eps = min(neg) / 2 if neg else Fraction(1)
    y = [x[r] + eps * z[r] for r in range(n)]
    total = sum(y)
    y = [v / total for v in y]
    assert all(v >= 0 for v in y) and is_invader(A, x, y), "invader failed its exact check"
    return Candidate(
        strategy,
        value,
        T,
        S,
        False,
        "a mutant that does as well against it and at least as well against itself can invade",
        tuple(y),
    )


def ess_analysis(game: Game, deadline: Deadline | None = None) -> tuple[Candidate, ...]:
    """Every isolated symmetric Nash equilibrium of ``game`` with its invasion check."""
    A = symmetric_matrix(game)
    deadline = deadline or Deadline(None)
    return tuple(_check(A, x, T) for x, T in _symmetric_equilibria(A, deadline))


def _mix_label(game: Game, x: tuple[Fraction, ...]) -> str:
    names = game.strategies[0]
    parts = [f"{names[i]} {v}" if v != 1 else names[i] for i, v in enumerate(x) if v]
    return ", ".join(parts)


def details_of(game: Game, candidates: tuple[Candidate, ...]) -> dict[str, Any]:
    """The analysis as JSON-ready data (``details["ess"]``)."""
    names = game.strategies[0]
    return {
        "candidates": [
            {
                "strategy": {names[i]: str(v) for i, v in enumerate(c.strategy) if v},
                "label": _mix_label(game, c.strategy),
                "payoff": str(c.value),
                "support": [names[i] for i in c.support],
                "best_replies": [names[i] for i in c.best_replies],
                "stable": c.stable,
                "reason": c.reason,
                "invader": (
                    None
                    if c.invader is None
                    else {names[i]: str(v) for i, v in enumerate(c.invader) if v}
                ),
            }
            for c in candidates
        ]
    }


@register(
    "ess",
    players="2",
    finds="ess",
    exact=True,
    summary="evolutionarily stable strategies of a symmetric 2-player game, with invasion checks",
)
def ess(game: Game, *, tol: float, deadline: Deadline) -> SolverOutput:
    candidates = ess_analysis(game, deadline)
    stable = [c for c in candidates if c.stable]
    undecided = [c for c in candidates if c.stable is None]
    message = (
        f"{len(stable)} evolutionarily stable strateg{'y' if len(stable) == 1 else 'ies'} "
        f"among {len(candidates)} symmetric equilibri{'um' if len(candidates) == 1 else 'a'}"
    )
    if undecided:
        message += f"; {len(undecided)} left undecided (a degenerate case of the exact test)"
    return SolverOutput(
        candidates=[(c.strategy, c.strategy) for c in stable],
        complete=not undecided,
        complete_set=False,
        message=message,
        details={"ess": details_of(game, candidates)},
    )
