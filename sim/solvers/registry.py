"""One registry for every equilibrium solver, and the single path to a :class:`SolveResult`.

A solver is a plain function ``fn(game, *, tol, deadline, **options) -> SolverOutput`` that
proposes candidate profiles.  :func:`solve` runs it, sends every candidate through
:func:`sim.results.certify`, drops (and counts) the ones that fail, removes duplicates, and
returns one frozen :class:`SolveResult`.  No solver output reaches a user any other way.

Register a solver with the :func:`register` decorator::

    @register("pure", players="N", finds="all-pure", exact=True,
              summary="every pure-strategy Nash equilibrium")
    def pure_equilibria(game, *, tol, deadline): ...
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypeVar

from ..game import Game
from ..results import DEFAULT_TOL, Equilibrium, SolveResult, certify

__all__ = [
    "Deadline",
    "SolverOutput",
    "SolverSpec",
    "SolverTimeout",
    "SOLVERS",
    "choose_method",
    "finds_every_equilibrium",
    "register",
    "solve",
]


class SolverTimeout(Exception):
    """Raised by :meth:`Deadline.check` when a solver runs out of time."""


class Deadline:
    """A cooperative time limit: solvers call :meth:`check` in their loops."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.start = time.perf_counter()
        self.end = None if seconds is None else self.start + seconds

    def expired(self) -> bool:
        return self.end is not None and time.perf_counter() > self.end

    def check(self) -> None:
        if self.expired():
            raise SolverTimeout(f"time limit of {self.seconds:g} s reached")

    def remaining(self) -> float | None:
        return None if self.end is None else max(0.0, self.end - time.perf_counter())


@dataclass
class SolverOutput:
    """What a solver function returns (mutable scratch; :func:`solve` freezes it).

    ``candidates``: profiles (one probability sequence per player; Fractions for exact methods).
    ``complete``: the candidates are every equilibrium the method promises (``finds``).
    ``complete_set``: the candidates are every equilibrium *of the game* (for a degenerate
    2-player game: every extreme equilibrium, ``components`` describing the sets between them).
    Only a whole-set method that finished may say so; every solver sets it explicitly.
    ``components``: optional groups of candidate indices that form connected sets.
    ``message``: a sentence for the user (why incomplete, what was assumed).
    ``details``: method-specific extras (for example a QRE branch), JSON-serialisable.
    """

    candidates: list[Any] = field(default_factory=list)
    complete: bool = True
    complete_set: bool = False
    message: str = ""
    components: list[list[int]] | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SolverSpec:
    name: str
    fn: Callable[..., SolverOutput]
    players: str  # "2" or "N"
    finds: str  # "all", "all-pure", "one", "some", "all-extreme", "correlated", "nme", "ess"
    exact: bool
    summary: str
    #: the check each candidate must pass (default :func:`sim.results.certify`, Nash regret);
    #: a method for another solution concept (non-myopic equilibria) supplies its own
    certify: Callable[..., Equilibrium | None] | None = None


SOLVERS: dict[str, SolverSpec] = {}


SolverFn = TypeVar("SolverFn", bound=Callable[..., SolverOutput])


def register(
    name: str,
    *,
    players: str,
    finds: str,
    exact: bool,
    summary: str,
    certify: Callable[..., Equilibrium | None] | None = None,
) -> Callable[[SolverFn], SolverFn]:
    """Decorator adding a solver function to :data:`SOLVERS` under ``name``."""

    def deco(fn: SolverFn) -> SolverFn:
        if name in SOLVERS:
            raise ValueError(f"solver {name!r} registered twice")
        SOLVERS[name] = SolverSpec(name, fn, players, finds, exact, summary, certify)
        return fn

    return deco


def choose_method(game: Game | int, method: str | None = "auto", *, exact: bool = False) -> str:
    """The solver to run: ``method`` itself unless it is ``"auto"`` (or ``None``).

    ``"auto"`` means every equilibrium the game's size allows: ``all`` (any number of players),
    else ``enumerate`` for two players, else the pure equilibria only.  ``exact=True`` asks for
    an exact and complete method, so that a change in the set is a real change: vertex
    enumeration for two players, the pure equilibria for more.  ``game`` may be a
    :class:`~sim.game.Game` or its number of players.  This is the one place the default is
    chosen; the CLI, sweeps, charts and explanations all ask here.
    """
    from .. import solvers  # noqa: F401  (importing the package registers every solver)

    if method not in (None, "auto"):
        return method
    n_players = game if isinstance(game, int) else game.n_players
    if exact:
        return "enumerate" if n_players == 2 and "enumerate" in SOLVERS else "pure"
    if "all" in SOLVERS:
        return "all"
    if n_players == 2 and "enumerate" in SOLVERS:
        return "enumerate"
    return "pure"


def check_method(method: str | None, n_players: int | None = None, *, what: str = "game") -> None:
    """A located error (``--method``) unless ``method`` is ``None``/``"auto"`` or a registered
    Nash solver that fits a ``what`` of ``n_players`` players.  For the kinds that solve a game
    of their own (a stage game, a disagreement game, a tree's reduced form): the correlated,
    Theory-of-Moves and evolutionary-stability concepts are normal-form analyses, not Nash
    solvers."""
    from ..scenario.errors import Location, ScenarioError, did_you_mean

    if method in (None, "", "auto"):
        return
    if method not in SOLVERS:
        raise ScenarioError(
            f"unknown method {method!r}{did_you_mean(method, sorted(SOLVERS))}",
            Location("--method"),
        )
    if SOLVERS[method].finds in ("correlated", "nme", "ess"):
        raise ScenarioError(
            f"method {method!r} is a solution concept for normal-form games only; "
            f"this kind needs Nash equilibria of its {what}",
            Location("--method"),
        )
    if n_players is not None and SOLVERS[method].players == "2" and n_players != 2:
        raise ScenarioError(
            f"method {method!r} needs a 2-player {what}; this one has {n_players} players",
            Location("--method"),
        )


def finds_every_equilibrium(method: str) -> bool:
    """Whether solver ``method`` promises the whole equilibrium set (``finds`` is ``all`` or
    ``all-extreme``), so that a ``"complete"`` run of it is the whole set."""
    spec = SOLVERS.get(method)
    return spec is not None and spec.finds in ("all", "all-extreme")


def _key(eq: Equilibrium, digits: int = 9) -> tuple[tuple[Any, ...], ...]:
    if eq.exact:
        # (numerator, denominator) pairs: equal for equal numbers, and hashing them is cheap
        # where hashing a Fraction with a large denominator costs a modular inverse
        return tuple(tuple((x.numerator, x.denominator) for x in s) for s in eq.strategies)
    return tuple(tuple(round(float(x), digits) + 0.0 for x in s) for s in eq.strategies)


def solve(
    game: Game,
    method: str = "auto",
    *,
    tol: float = DEFAULT_TOL,
    time_limit: float | None = None,
    provenance: dict[str, Any] | None = None,
    **options: Any,
) -> SolveResult:
    """Run solver ``method`` on ``game`` and return a certified, frozen result.

    ``method="auto"`` picks every equilibrium where the game's size allows it (see
    :func:`choose_method`).
    """
    method = choose_method(game, method)
    if method not in SOLVERS:
        known = ", ".join(sorted(SOLVERS))
        raise KeyError(f"unknown method {method!r}; available: {known}")
    spec = SOLVERS[method]
    if spec.players == "2" and game.n_players != 2:
        raise ValueError(f"method {method!r} needs a 2-player game; this one has {game.n_players}")
    deadline = Deadline(time_limit)
    t0 = time.perf_counter()
    try:
        out = spec.fn(game, tol=tol, deadline=deadline, **options)
    except SolverTimeout as exc:
        out = SolverOutput(
            candidates=[], complete=False, complete_set=False, message=f"gave up: {exc}"
        )
    seconds = time.perf_counter() - t0
    return finalize(
        game,
        spec.name,
        out,
        tol=tol,
        options=options,
        seconds=seconds,
        provenance=provenance,
        deadline=deadline,
    )


def finalize(
    game: Game,
    method: str,
    out: SolverOutput,
    *,
    tol: float,
    options: dict[str, Any],
    seconds: float = 0.0,
    provenance: dict[str, Any] | None = None,
    deadline: Deadline | None = None,
) -> SolveResult:
    """Certify ``out.candidates`` (with the method's own check when it registered one) and freeze
    them into a :class:`SolveResult`.  Past ``deadline`` the candidates not yet certified (all
    but the first) are left out and the result says so (it is then incomplete)."""
    spec = SOLVERS.get(method)
    check = spec.certify if spec is not None and spec.certify is not None else certify
    eqs: list[Equilibrium] = []
    index_of: dict[tuple[tuple[Any, ...], ...], int] = {}
    cand_to_eq: dict[int, int] = {}
    rejected = 0
    unchecked = 0
    for c, cand in enumerate(out.candidates):
        if c and deadline is not None and deadline.expired():
            unchecked = len(out.candidates) - c
            break
        eq = check(game, cand, tol=tol)
        if eq is None:
            rejected += 1
            continue
        k = _key(eq)
        if k not in index_of:
            index_of[k] = len(eqs)
            eqs.append(eq)
        cand_to_eq[c] = index_of[k]
    components: tuple[tuple[int, ...], ...] = ()
    if out.components:
        comps: list[tuple[int, ...]] = []
        for group in out.components:
            found = sorted({cand_to_eq[c] for c in group if c in cand_to_eq})
            if found:
                comps.append(tuple(found))
        components = tuple(comps)
        labelled = []
        for ci, members in enumerate(components):
            for m in members:
                labelled.append((m, ci))
        comp_of = dict(labelled)
        eqs = [
            Equilibrium(
                e.strategies, e.payoffs, e.max_regret, e.exact, e.pareto_efficient, comp_of.get(k)
            )
            for k, e in enumerate(eqs)
        ]
    whole = out.complete and rejected == 0 and unchecked == 0
    if eqs:
        status = "complete" if whole else "partial"
    else:
        status = "complete" if whole else "failed"
    complete_set = out.complete_set and whole
    message = out.message
    if unchecked:
        note = (
            f"{unchecked} more candidate profile(s) were not certified within the time limit "
            "and are left out."
        )
        message = f"{message} {note}".strip()
    if rejected:
        note = (
            f"{rejected} candidate profile(s) failed certification (regret > tol) and were dropped."
        )
        message = f"{message} {note}".strip()
    return SolveResult(
        method=method,
        equilibria=tuple(eqs),
        status=status,
        complete_set=complete_set,
        message=message,
        tol=tol,
        options=dict(options),
        rejected=rejected,
        seconds=seconds,
        components=components,
        details=dict(out.details),
        provenance=dict(provenance or {}),
    )


def pure_profile_vectors(
    game: Game, profile: Sequence[int]
) -> tuple[tuple[Fraction | int, ...], ...]:
    """Exact 0/1 probability vectors for a pure profile (indices)."""
    return tuple(
        tuple(1 if k == s else 0 for k in range(game.shape[i])) for i, s in enumerate(profile)
    )
