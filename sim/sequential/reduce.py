"""Imperfect information: the reduced normal form, behaviour strategies, Nash and subgame-perfect
equilibria.

A *reduced* pure strategy of a player names a move only at the information sets its own earlier
moves do not rule out (Gambit calls this the reduced strategic form): "keep" is one strategy,
not one per plan at nodes that "keep" never reaches.  :func:`reduced_normal_form` builds the
:class:`~sim.game.Game` of those strategies (expected payoffs over chance, exact when the tree
is), :func:`nash_equilibria` solves it through the equilibrium engine and turns every mixed
equilibrium into a behaviour strategy (Kuhn's theorem; perfect recall is checked on loading),
and :func:`subgame_perfect_equilibria` solves the smallest subgames first and substitutes their
equilibrium payoffs (generalised backward induction).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction

import numpy as np

from ..game import Game
from ..results import SolveResult, certify
from ..solvers import SOLVERS, solve
from .tree import CHANCE, TERMINAL, Tree

__all__ = [
    "Behaviour",
    "NashAnalysis",
    "ReducedForm",
    "SubgamePerfectAnalysis",
    "behaviour_from_mixed",
    "certify_behaviour",
    "mixed_from_behaviour",
    "nash_equilibria",
    "nash_method",
    "nash_methods",
    "reduced_normal_form",
    "subgame_perfect_equilibria",
]

NO_MOVE = "(no move)"
MAX_PROFILES = 200_000


@dataclass(frozen=True)
class ReducedForm:
    """The reduced normal form: ``game`` plus, per player and strategy, the plan it stands for.

    ``plans[i][s]`` is a tuple of ``(infoset, move)`` pairs: the moves strategy ``s`` of player
    ``i`` makes at every information set its own moves leave reachable.
    """

    game: Game
    plans: tuple[tuple[tuple[tuple[str, str], ...], ...], ...]


# A behaviour profile: infoset label -> probabilities of its moves (None: never reached by the
# owner's own play, so any behaviour there is part of the same equilibrium).
Behaviour = Mapping[str, tuple | None]


def _reduced_plans(tree: Tree, i: int) -> list[dict[str, int]]:
    """Every reduced pure strategy of player ``i`` as ``{infoset: move index}``."""
    out: list[dict[str, int]] = []

    def first_open(assign: dict[str, int]) -> str | None:
        stack = [0]
        while stack:
            k = stack.pop()
            n = tree.nodes[k]
            if n.kind == TERMINAL:
                continue
            if n.kind != CHANCE and n.player == i:
                if n.infoset not in assign:
                    return n.infoset
                stack.append(n.children[assign[n.infoset]])
            else:
                stack.extend(reversed(n.children))
        return None

    def rec(assign: dict[str, int]):
        h = first_open(assign)
        if h is None:
            out.append(dict(assign))
            if len(out) > MAX_PROFILES:
                raise ValueError(
                    f"{tree.players[i]} has more than {MAX_PROFILES} reduced "
                    "strategies; the reduced normal form is too large to build"
                )
            return
        for m in range(len(tree.infosets[h].moves)):
            assign[h] = m
            rec(assign)
            del assign[h]

    rec({})
    return out


def _plan_label(tree: Tree, i: int, plan: dict[str, int]) -> str:
    order = tree.player_infosets(i)
    items = [(h, tree.infosets[h].moves[plan[h]]) for h in order if h in plan]
    if not items:
        return NO_MOVE
    if len(order) == 1:
        return items[0][1]
    return "; ".join(f"{h}: {mv}" for h, mv in items)


def reduced_strategy_bound(tree: Tree, i: int) -> int:
    """An upper bound on player ``i``'s number of reduced strategies (exact under perfect
    information): its own nodes add their moves' counts, other nodes multiply them."""
    count = [1] * len(tree.nodes)
    for k in reversed(range(len(tree.nodes))):
        n = tree.nodes[k]
        if n.kind == TERMINAL:
            continue
        vals = [count[c] for c in n.children]
        if n.kind != CHANCE and n.player == i:
            count[k] = sum(vals)
        else:
            prod = 1
            for v in vals:
                prod *= v
                if prod > 10**18:
                    break
            count[k] = prod
    return count[0]


def reduced_normal_form(tree: Tree, deadline=None) -> ReducedForm:
    """The reduced normal form of ``tree`` as a :class:`Game` (exact when the tree is).

    Each leaf adds its payoffs to the profiles that reach it only (a sub-block of the table),
    and ``deadline`` (a :class:`~sim.solvers.registry.Deadline`) is checked between leaves."""
    if tree.is_perfect_information:
        bounds = [reduced_strategy_bound(tree, i) for i in range(tree.n_players)]
        total = 1
        for b in bounds:
            total *= b
        if total > MAX_PROFILES:
            raise ValueError(
                f"the reduced normal form has {total} profiles, more than "
                f"{MAX_PROFILES}; too large to build"
            )
    plans = [_reduced_plans(tree, i) for i in range(tree.n_players)]
    shape = tuple(len(p) for p in plans)
    if int(np.prod(shape)) > MAX_PROFILES:
        raise ValueError(
            f"the reduced normal form has {' x '.join(map(str, shape))} profiles, "
            f"more than {MAX_PROFILES}; too large to build"
        )
    exact = tree.is_exact
    N = tree.n_players
    contributions = []  # per leaf: the plans of each player that reach it, its weighted payoffs
    for count, leaf in enumerate(tree.leaves()):
        if deadline is not None and count % 64 == 0:
            deadline.check()
        weight = 1 if exact else 1.0
        need: dict[int, list[tuple[str, int]]] = {}
        for k, m in tree.path(leaf):
            n = tree.nodes[k]
            if n.kind == CHANCE:
                weight = weight * n.probs[m]
            else:
                need.setdefault(n.player, []).append((n.infoset, m))
        if weight == 0:
            continue
        reach = []
        for i in range(N):
            req = need.get(i, [])
            reach.append(
                [k for k, pl in enumerate(plans[i]) if all(pl.get(h) == m for h, m in req)]
            )
        if all(reach):
            contributions.append(
                (np.ix_(*reach, range(N)), [weight * x for x in tree.nodes[leaf].payoffs])
            )
    tensor: np.ndarray
    if exact:
        # sum integer numerators over one common denominator (int64 when the sums fit), and
        # make the Fractions once at the end
        den = math.lcm(1, *(Fraction(v).denominator for _, pay in contributions for v in pay))
        nums = [[int(Fraction(v) * den) for v in pay] for _, pay in contributions]
        big = sum(max((abs(v) for v in n), default=0) for n in nums) >= 2**62
        acc = np.zeros(shape + (N,), dtype=object if big else np.int64)
        if big:
            acc[...] = 0
        for (block, _), n in zip(contributions, nums):
            if deadline is not None:
                deadline.check()
            acc[block] += np.array(n, dtype=acc.dtype)
        tensor = np.frompyfunc(lambda v: Fraction(int(v), den), 1, 1)(acc)
    else:
        tensor = np.zeros(shape + (N,))
        for block, pay in contributions:
            tensor[block] += np.array(pay, dtype=float)
    labels = tuple(tuple(_plan_label(tree, i, pl) for pl in plans[i]) for i in range(N))
    game = Game(
        players=tree.players,
        strategies=labels,
        payoffs=np.asarray(tensor, dtype=float),
        exact=tensor if exact else None,
        player_names=tree.player_names,
        title=tree.title,
    )
    plan_pairs = tuple(
        tuple(tuple((h, tree.infosets[h].moves[m]) for h, m in pl.items()) for pl in plans[i])
        for i in range(N)
    )
    return ReducedForm(game, plan_pairs)


def behaviour_from_mixed(tree: Tree, rf: ReducedForm, strategies) -> dict[str, tuple | None]:
    """Kuhn's translation of a mixed profile of the reduced form into behaviour strategies."""
    out: dict[str, tuple | None] = {}
    for h, s in tree.infosets.items():
        i = s.player
        reach = 0
        per_move = [0] * len(s.moves)
        for prob, plan in zip(strategies[i], rf.plans[i]):
            d = dict(plan)
            if h in d:
                reach += prob
                per_move[s.moves.index(d[h])] += prob
        out[h] = None if reach == 0 else tuple(x / reach for x in per_move)
    return out


def mixed_from_behaviour(tree: Tree, rf: ReducedForm, behaviour: Behaviour) -> tuple:
    """The reduced form's mixed profile that plays ``behaviour`` (unreached sets: first move)."""
    out = []
    for i in range(tree.n_players):
        vec = []
        for plan in rf.plans[i]:
            p = 1
            for h, mv in plan:
                b = behaviour.get(h)
                if b is None:
                    b = tuple(1 if k == 0 else 0 for k in range(len(tree.infosets[h].moves)))
                p = p * b[tree.infosets[h].moves.index(mv)]
            vec.append(p)
        out.append(tuple(vec))
    return tuple(out)


def certify_behaviour(tree: Tree, rf: ReducedForm, behaviour: Behaviour, tol: float = 1e-9):
    """Certify a behaviour profile as a Nash equilibrium of the reduced normal form."""
    return certify(rf.game, mixed_from_behaviour(tree, rf, behaviour), tol=tol)


def nash_methods(game: Game) -> list[str]:
    """Registered methods for this game, most complete first: ``all``, 2-player ``enumerate``,
    ``pure`` (always last, as the fallback)."""
    out = []
    for name in ("all", "enumerate", "pure"):
        spec = SOLVERS.get(name)
        if spec is None or (spec.players == "2" and game.n_players != 2):
            continue
        out.append(name)
    return out or ["pure"]


def nash_method(game: Game) -> str:
    """The most complete registered method for this game (see :func:`nash_methods`)."""
    return nash_methods(game)[0]


@dataclass(frozen=True)
class NashAnalysis:
    """Nash equilibria of a tree through its reduced normal form."""

    reduced: ReducedForm
    result: SolveResult
    behaviours: tuple[dict, ...]  # one behaviour profile per equilibrium, in the same order

    @property
    def method(self) -> str:
        return self.result.method


def nash_equilibria(
    tree: Tree,
    method: str | None = None,
    *,
    tol: float = 1e-9,
    time_limit: float | None = None,
    rf: ReducedForm | None = None,
    deadline=None,
) -> NashAnalysis:
    """Nash equilibria of the reduced normal form, as mixed strategies and behaviour strategies.

    Without ``method`` the most complete registered solver is used; if it refuses the game
    (too large for it), the next one is tried and the result's message says so.  ``rf``: the
    tree's reduced normal form when the caller has it.  ``deadline``: the command's time limit
    (the solver gets what is left of it; none left raises
    :class:`~sim.solvers.registry.SolverTimeout`).
    """
    if rf is None:
        rf = reduced_normal_form(tree, deadline)
    chain = [method] if method else nash_methods(rf.game)
    skipped = []
    for k, m in enumerate(chain):
        if deadline is not None:
            deadline.check()
            left = deadline.remaining()
            time_limit = left if time_limit is None else min(time_limit, left)
        try:
            res = solve(rf.game, m, tol=tol, time_limit=time_limit)
        except ValueError as exc:
            if k == len(chain) - 1:
                raise
            skipped.append(f"method '{m}' could not be used ({exc})")
            continue
        break
    if skipped:
        res = replace(res, message=" ".join(skipped + [res.message]).strip())
    beh = tuple(behaviour_from_mixed(tree, rf, eq.strategies) for eq in res.equilibria)
    return NashAnalysis(rf, res, beh)


@dataclass(frozen=True)
class SubgamePerfectAnalysis:
    """Subgame-perfect equilibria found by solving subgames bottom-up.

    ``equilibria`` are ``(behaviour, payoffs)`` pairs; ``complete`` is False when a subgame's
    solver could not promise every equilibrium, or ``limit`` cut the list.
    """

    equilibria: tuple[tuple[dict, tuple], ...]
    subgames: tuple[str, ...]  # names of the proper subgame roots, in pre-order
    complete: bool
    methods: tuple[str, ...]
    message: str = ""


def subgame_perfect_equilibria(
    tree: Tree,
    method: str | None = None,
    *,
    tol: float = 1e-9,
    limit: int = 200,
    time_limit: float | None = None,
    deadline=None,
) -> SubgamePerfectAnalysis:
    """Subgame-perfect equilibria (behaviour strategies) by solving the smallest subgames first.

    Each subgame without proper subgames is solved for its Nash equilibria (``method``, default:
    the most complete available); each equilibrium's payoffs replace the subgame and the rest of
    the tree is solved again, so every combination is an equilibrium in every subgame.  The
    combined profiles are certified on the whole tree's reduced normal form.  Past ``deadline``
    :class:`~sim.solvers.registry.SolverTimeout` is raised.
    """
    roots = [k for k in tree.subgame_roots() if k != 0]
    complete = True
    methods: set[str] = set()
    messages: list[str] = []

    def rec(t: Tree) -> list[tuple[dict, tuple]]:
        nonlocal complete
        proper = [k for k in t.subgame_roots() if k != 0]
        minimal = [k for k in proper if not any(j != k and t.in_subtree(k, j) for j in proper)]
        if not minimal:
            na = nash_equilibria(t, method, tol=tol, time_limit=time_limit, deadline=deadline)
            methods.add(na.method)
            if not na.result.complete:
                complete = False
                if na.result.message:
                    messages.append(na.result.message)
            return [
                (dict(b), tuple(eq.payoffs)) for b, eq in zip(na.behaviours, na.result.equilibria)
            ]
        k = minimal[0]
        out = []
        for beh, pay in rec(t.subtree(k)):
            for beh2, pay2 in rec(t.with_terminal(k, pay)):
                merged = dict(beh2)
                merged.update(beh)
                out.append((merged, pay2))
                if len(out) >= limit:
                    complete = False
                    messages.append(f"stopped after {limit} subgame-perfect equilibria")
                    return out
        return out

    found = rec(tree)
    rf = reduced_normal_form(tree, deadline)
    certified = []
    for beh, _ in found:
        if deadline is not None:
            deadline.check()
        full = {h: beh.get(h) for h in tree.infosets}
        eq = certify_behaviour(tree, rf, full, tol)
        if eq is None:  # pragma: no cover - the construction guarantees equilibrium
            complete = False
            messages.append("a combined profile failed certification and was dropped")
            continue
        certified.append((full, tuple(eq.payoffs)))
    uniq = []
    seen = set()
    for beh, pay in certified:
        key = tuple((h, None if v is None else tuple(v)) for h, v in sorted(beh.items()))
        if key not in seen:
            seen.add(key)
            uniq.append((beh, pay))
    return SubgamePerfectAnalysis(
        tuple(uniq),
        tuple(tree.nodes[k].name for k in roots),
        complete,
        tuple(sorted(methods)),
        " ".join(dict.fromkeys(messages)),
    )


def pure_behaviour(tree: Tree, choices: Mapping[str, str]) -> dict[str, tuple]:
    """Behaviour profile from ``{infoset: move}`` (every infoset must be named)."""
    out = {}
    for h, s in tree.infosets.items():
        mv = choices[h]
        out[h] = tuple(1 if m == mv else 0 for m in s.moves)
    return out
