"""Subgame-perfect equilibria of perfect-information trees by backward induction (Zermelo, Kuhn).

Working from the leaves up, each player at each node picks a move that gives it the highest
payoff given what will happen later; chance nodes average.  When a player is indifferent
between moves, *each* best move starts a different subgame-perfect equilibrium, and what the
others get can depend on the choice, so :func:`backward_induction` enumerates every pure
subgame-perfect equilibrium (pure: one move at every decision node), up to ``limit``.

(With ties there are also mixed subgame-perfect equilibria, mixing over the tied moves; they are
not listed.  Without ties the pure one found is the unique subgame-perfect equilibrium.)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from .tree import CHANCE, TERMINAL, Tree

__all__ = [
    "BackwardInduction",
    "Step",
    "SubgamePerfect",
    "backward_induction",
    "equilibrium_path",
    "one_shot_deviation_gain",
]


@dataclass(frozen=True)
class Step:
    """Backward induction at one decision node (for the canonical equilibrium).

    ``values[k]`` is the payoff vector the node's ``k``-th move leads to, given the choices
    already made further down; ``best`` lists every move that maximises the mover's payoff.
    """

    node: str
    player: str
    moves: tuple[str, ...]
    values: tuple[tuple, ...]
    best: tuple[str, ...]
    chosen: str


@dataclass(frozen=True)
class SubgamePerfect:
    """One pure subgame-perfect equilibrium: a move at every decision node."""

    choices: tuple[tuple[str, str], ...]  # (node name, move) in pre-order
    payoffs: tuple
    path: tuple[tuple[str, str], ...]  # (node name, move) reached with positive probability

    def move_at(self, node: str) -> str:
        return dict(self.choices)[node]


@dataclass(frozen=True)
class BackwardInduction:
    equilibria: tuple[SubgamePerfect, ...]
    steps: tuple[Step, ...]
    ties: tuple[str, ...]  # nodes where the mover is indifferent between best moves
    truncated: bool = False

    @property
    def unique(self) -> bool:
        return len(self.equilibria) == 1 and not self.truncated


def equilibrium_path(tree: Tree, plan: dict[int, int]) -> tuple[tuple[str, str], ...]:
    """Edges (node name, move) reached with positive probability when play follows ``plan``."""
    out = []
    stack = [0]
    while stack:
        k = stack.pop(0)
        n = tree.nodes[k]
        if n.kind == TERMINAL:
            continue
        if n.kind == CHANCE:
            for mv, p, c in zip(n.moves, n.probs, n.children):
                if p != 0:
                    out.append((n.name, mv))
                    stack.append(c)
        else:
            m = plan[k]
            out.append((n.name, n.moves[m]))
            stack.append(n.children[m])
    return tuple(out)


def backward_induction(tree: Tree, limit: int = 1000, deadline=None) -> BackwardInduction:
    """Every pure subgame-perfect equilibrium of a perfect-information tree (up to ``limit``).

    Raises ``ValueError`` if the tree has an information set with more than one node, and
    :class:`~sim.solvers.registry.SolverTimeout` past ``deadline``.
    """
    if not tree.is_perfect_information:
        bad = [h for h, s in tree.infosets.items() if len(s.members) > 1]
        raise ValueError(
            "backward induction needs perfect information; information sets "
            f"{', '.join(bad)} join several nodes (use subgame_perfect_equilibria)"
        )
    truncated = False

    def solve(k: int) -> list[tuple[dict[int, int], tuple]]:
        nonlocal truncated
        n = tree.nodes[k]
        if n.kind == TERMINAL:
            return [({}, n.payoffs)]
        subs = [solve(c) for c in n.children]
        out: list[tuple[dict[int, int], tuple]] = []
        if deadline is not None:
            deadline.check()
        for combo in itertools.product(*subs):
            if n.kind == CHANCE:
                pay = [0] * tree.n_players
                plan: dict[int, int] = {}
                for p, (pl, v) in zip(n.probs, combo):
                    plan.update(pl)
                    pay = [a + p * b for a, b in zip(pay, v)]
                out.append((plan, tuple(pay)))
            else:
                i = n.player
                best = max(v[i] for _, v in combo)
                for m, (_, v) in enumerate(combo):
                    if v[i] == best:
                        plan = {}
                        for pl, _ in combo:
                            plan.update(pl)
                        plan[k] = m
                        out.append((plan, v))
            if len(out) >= limit:
                truncated = True
                return out[:limit]
        return out

    found = solve(0)
    eqs = []
    for plan, pay in found:
        choices = tuple(
            (tree.nodes[k].name, tree.nodes[k].moves[m]) for k, m in sorted(plan.items())
        )
        eqs.append(SubgamePerfect(choices, tuple(pay), equilibrium_path(tree, plan)))

    # node-by-node account for the first (canonical) equilibrium
    canonical = dict(found[0][0])
    steps: list[Step] = []
    ties: list[str] = []
    value: dict[int, tuple] = {}
    for k in reversed(range(len(tree.nodes))):
        n = tree.nodes[k]
        if n.kind == TERMINAL:
            value[k] = n.payoffs
        elif n.kind == CHANCE:
            value[k] = _expected(n, value, tree.n_players)
        else:
            vals = tuple(value[c] for c in n.children)
            best_v = max(v[n.player] for v in vals)
            best = tuple(mv for mv, v in zip(n.moves, vals) if v[n.player] == best_v)
            if len(best) > 1:
                ties.append(n.name)
            chosen = n.moves[canonical[k]]
            value[k] = vals[canonical[k]]
            steps.append(Step(n.name, tree.players[n.player], n.moves, vals, best, chosen))
    return BackwardInduction(
        tuple(eqs), tuple(steps), tuple(sorted(set(ties), key=tree.node_index)), truncated
    )


def _expected(node, value: dict, n_players: int) -> tuple:
    """A chance node's value: its children's payoff vectors weighted by their probabilities."""
    pay = [0] * n_players
    for p, c in zip(node.probs, node.children):
        pay = [a + p * b for a, b in zip(pay, value[c])]
    return tuple(pay)


def one_shot_deviation_gain(tree: Tree, eq: SubgamePerfect):
    """The largest gain any mover gets by changing its move at a single node (0 for a
    subgame-perfect equilibrium, by the one-shot deviation principle); exact with exact payoffs.

    This certifies a plan as subgame perfect without building the reduced normal form.
    """
    choice = dict(eq.choices)
    value: dict[int, tuple] = {}
    worst = 0
    for k in reversed(range(len(tree.nodes))):
        n = tree.nodes[k]
        if n.kind == TERMINAL:
            value[k] = n.payoffs
        elif n.kind == CHANCE:
            value[k] = _expected(n, value, tree.n_players)
        else:
            m = n.moves.index(choice[n.name])
            value[k] = value[n.children[m]]
            best = max(value[c][n.player] for c in n.children)
            worst = max(worst, best - value[k][n.player])
    return worst
