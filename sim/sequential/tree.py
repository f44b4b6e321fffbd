"""Game trees: decision, chance and terminal nodes, information sets, payoffs at the leaves.

A :class:`Tree` is frozen.  Its nodes are stored in *pre-order* (a node, then the whole subtree of
its first move, then the subtree of its second move, ...), so ``nodes[0]`` is the root and the
subtree of node ``k`` is the contiguous range ``k .. end(k) - 1``.  Every node has a unique
``name`` (by default the path of move labels from the root, such as ``"transfer/renege"``; the
root is ``"root"``) which reports use instead of indices.

- A **decision** node belongs to a player (index into ``players``) and to an *information set*
  (``infoset``, a label): nodes the player cannot tell apart share the label and must offer the
  same moves.  An unlabelled decision node is alone in its information set, named after the node.
- A **chance** node carries probabilities for its moves (Fractions when exact).
- A **terminal** node carries one payoff per player (Fractions when exact, floats otherwise).

Behaviour strategies are mappings ``{infoset label: (p_move1, p_move2, ...)}``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..numbers import to_number

__all__ = [
    "DECISION",
    "CHANCE",
    "TERMINAL",
    "InfoSet",
    "Tree",
    "TreeNode",
    "tree_from_nested",
]

DECISION = "decision"
CHANCE = "chance"
TERMINAL = "terminal"


@dataclass(frozen=True)
class TreeNode:
    """One node.  ``children[k]`` is the node reached by ``moves[k]``."""

    name: str
    kind: str
    player: int | None = None
    infoset: str | None = None
    moves: tuple[str, ...] = ()
    probs: tuple | None = None
    children: tuple[int, ...] = ()
    parent: int | None = None
    payoffs: tuple | None = None
    label: str = ""  # optional human description

    @property
    def is_terminal(self) -> bool:
        return self.kind == TERMINAL


@dataclass(frozen=True)
class InfoSet:
    label: str
    player: int
    moves: tuple[str, ...]
    members: tuple[int, ...]


@dataclass(frozen=True)
class Tree:
    """A finite extensive-form game (immutable).  Build one with :func:`tree_from_nested`."""

    players: tuple[str, ...]
    nodes: tuple[TreeNode, ...]
    player_names: tuple[str, ...] = ()
    title: str = ""
    infosets: Mapping[str, InfoSet] = field(default_factory=dict, compare=False)
    _end: tuple[int, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "players", tuple(self.players))
        object.__setattr__(self, "player_names", tuple(self.player_names) or self.players)
        nodes = tuple(self.nodes)
        object.__setattr__(self, "nodes", nodes)
        end = [0] * len(nodes)
        for k in reversed(range(len(nodes))):
            end[k] = end[nodes[k].children[-1]] if nodes[k].children else k + 1
        object.__setattr__(self, "_end", tuple(end))
        sets: dict[str, list[int]] = {}
        for k, n in enumerate(nodes):
            if n.kind == DECISION:
                sets.setdefault(n.infoset, []).append(k)
        infos = {}
        for label, members in sets.items():
            first = nodes[members[0]]
            infos[label] = InfoSet(label, first.player, first.moves, tuple(members))
        object.__setattr__(self, "infosets", _FrozenDict(infos))

    # -- structure ------------------------------------------------------------------------
    @property
    def root(self) -> TreeNode:
        return self.nodes[0]

    @property
    def n_players(self) -> int:
        return len(self.players)

    def end(self, k: int) -> int:
        """One past the last pre-order index of the subtree of node ``k``."""
        return self._end[k]

    def in_subtree(self, k: int, j: int) -> bool:
        return k <= j < self._end[k]

    def node_index(self, name: str) -> int:
        for k, n in enumerate(self.nodes):
            if n.name == name:
                return k
        raise KeyError(f"no node named {name!r}")

    def leaves(self) -> list[int]:
        return [k for k, n in enumerate(self.nodes) if n.kind == TERMINAL]

    def path(self, k: int) -> list[tuple[int, int]]:
        """``[(node, move index), ...]`` from the root down to node ``k`` (exclusive)."""
        out = []
        while self.nodes[k].parent is not None:
            p = self.nodes[k].parent
            out.append((p, self.nodes[p].children.index(k)))
            k = p
        return out[::-1]

    def player_infosets(self, i: int) -> list[str]:
        """Information sets of player ``i`` in order of first appearance (pre-order)."""
        return [h for h, s in self.infosets.items() if s.player == i]

    @property
    def is_perfect_information(self) -> bool:
        return all(len(s.members) == 1 for s in self.infosets.values())

    @property
    def is_exact(self) -> bool:
        for n in self.nodes:
            vals = (n.payoffs or ()) + (n.probs or ())
            if any(not isinstance(v, Fraction) for v in vals):
                return False
        return True

    def own_history(self, k: int, i: int) -> tuple[tuple[str, str], ...]:
        """Player ``i``'s experience up to node ``k``: its (infoset, move) pairs in order."""
        out = []
        for p, m in self.path(k):
            n = self.nodes[p]
            if n.kind == DECISION and n.player == i:
                out.append((n.infoset, n.moves[m]))
        return tuple(out)

    def perfect_recall_violations(self) -> list[tuple[str, str]]:
        """``[(infoset, sentence), ...]`` for every information set that breaks perfect recall.

        Perfect recall (Kuhn 1953): all nodes of an information set have the same history of the
        owner's own information sets and moves — nobody forgets what they knew or did.
        """
        bad = []
        for label, s in self.infosets.items():
            hists = {}
            for k in s.members:
                hists.setdefault(self.own_history(k, s.player), k)
            if len(hists) > 1:
                names = [self.nodes[k].name for k in hists.values()]
                who = self.players[s.player]
                bad.append(
                    (
                        label,
                        f"information set '{label}' of {who} joins nodes "
                        f"{', '.join(repr(x) for x in names)} that {who} can tell apart "
                        "from its own earlier moves or information (perfect recall)",
                    )
                )
        return bad

    def subgame_roots(self) -> list[int]:
        """Non-terminal nodes that start a subgame (including the root), in pre-order.

        A node starts a subgame when it is alone in its information set and every information set
        that meets its subtree lies wholly inside it.
        """
        out = []
        for k, n in enumerate(self.nodes):
            if n.kind == TERMINAL:
                continue
            if n.kind == DECISION and len(self.infosets[n.infoset].members) != 1:
                continue
            e = self._end[k]
            ok = True
            for j in range(k, e):
                m = self.nodes[j]
                if m.kind == DECISION and any(
                    not (k <= x < e) for x in self.infosets[m.infoset].members
                ):
                    ok = False
                    break
            if ok:
                out.append(k)
        return out

    # -- values ---------------------------------------------------------------------------
    def expected_payoffs(self, behaviour: Mapping[str, Sequence], start: int = 0) -> tuple:
        """Expected payoffs under a behaviour profile, from node ``start``."""
        n = self.nodes[start]
        if n.kind == TERMINAL:
            return n.payoffs
        probs = n.probs if n.kind == CHANCE else behaviour[n.infoset]
        total = [0] * self.n_players
        for p, c in zip(probs, n.children):
            if p == 0:
                continue
            v = self.expected_payoffs(behaviour, c)
            total = [t + p * x for t, x in zip(total, v)]
        return tuple(total)

    def reach_probabilities(self, behaviour: Mapping[str, Sequence]) -> list:
        """Probability of reaching each node under a behaviour profile (pre-order list)."""
        out = [0] * len(self.nodes)
        out[0] = 1
        for k, n in enumerate(self.nodes):
            if n.kind == TERMINAL or out[k] == 0:
                continue
            probs = n.probs if n.kind == CHANCE else behaviour[n.infoset]
            for p, c in zip(probs, n.children):
                out[c] = out[k] * p
        return out

    # -- surgery --------------------------------------------------------------------------
    def subtree(self, k: int) -> Tree:
        """The game that starts at node ``k`` (names and information-set labels kept)."""
        e = self._end[k]
        nodes = []
        for j in range(k, e):
            n = self.nodes[j]
            nodes.append(_shift(n, -k, None if j == k else n.parent - k))
        return Tree(self.players, tuple(nodes), self.player_names, self.title)

    def with_terminal(self, k: int, payoffs: Sequence) -> Tree:
        """This tree with the subtree at node ``k`` replaced by a leaf paying ``payoffs``."""
        e = self._end[k]
        gap = e - k - 1
        nodes = []
        for j, n in enumerate(self.nodes):
            if k < j < e:
                continue
            if j == k:
                nodes.append(
                    TreeNode(
                        n.name,
                        TERMINAL,
                        parent=n.parent,
                        payoffs=tuple(to_number(x) for x in payoffs),
                        label=n.label,
                    )
                )
                continue
            parent = n.parent
            if parent is not None and parent >= e:
                parent -= gap
            kids = tuple(c - gap if c >= e else c for c in n.children)
            nodes.append(
                TreeNode(
                    n.name,
                    n.kind,
                    n.player,
                    n.infoset,
                    n.moves,
                    n.probs,
                    kids,
                    parent,
                    n.payoffs,
                    n.label,
                )
            )
        return Tree(self.players, tuple(nodes), self.player_names, self.title)


def _shift(n: TreeNode, d: int, parent: int | None) -> TreeNode:
    return TreeNode(
        n.name,
        n.kind,
        n.player,
        n.infoset,
        n.moves,
        n.probs,
        tuple(c + d for c in n.children),
        parent,
        n.payoffs,
        n.label,
    )


class _FrozenDict(dict):
    """A read-only dict (information sets of a frozen tree)."""

    def _ro(self, *a, **k):
        raise TypeError("a Tree is immutable")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _ro

    def __hash__(self):  # pragma: no cover - trees are compared by nodes
        return hash(tuple(self.items()))


def tree_from_nested(
    players: Sequence[str],
    root: Mapping[str, Any],
    *,
    title: str = "",
    player_names: Sequence[str] = (),
) -> Tree:
    """Build a :class:`Tree` from nested dicts (the shape of the YAML format).

    A node is ``{"payoffs": [...]}`` (terminal), ``{"chance": {move: (prob, node), ...}}`` or
    ``{"player": id, "moves": {move: node, ...}, "infoset": label?, "name": str?}``.
    Payoffs may be a list in player order or a mapping by player id.  No validation beyond
    structure: loaders check first (see :mod:`sim.sequential.load`).
    """
    players = tuple(players)
    nodes: list[TreeNode | None] = []

    def add(spec, name: str, parent: int | None) -> int:
        k = len(nodes)
        nodes.append(None)
        name = spec.get("name") or name
        label = spec.get("label", "")
        if "payoffs" in spec and "moves" not in spec and "chance" not in spec:
            pay = spec["payoffs"]
            if isinstance(pay, Mapping):
                pay = [pay[p] for p in players]
            nodes[k] = TreeNode(
                name, TERMINAL, parent=parent, payoffs=tuple(to_number(x) for x in pay), label=label
            )
            return k
        kids = []
        if "chance" in spec:
            moves, probs = [], []
            for mv, (p, child) in spec["chance"].items():
                moves.append(mv)
                probs.append(to_number(p))
                kids.append(add(child, _child_name(name, mv), k))
            nodes[k] = TreeNode(
                name,
                CHANCE,
                moves=tuple(moves),
                probs=tuple(probs),
                children=tuple(kids),
                parent=parent,
                label=label,
            )
            return k
        player = players.index(spec["player"])
        moves = tuple(spec["moves"])
        for mv in moves:
            kids.append(add(spec["moves"][mv], _child_name(name, mv), k))
        nodes[k] = TreeNode(
            name,
            DECISION,
            player,
            spec.get("infoset") or name,
            moves,
            None,
            tuple(kids),
            parent,
            label=label,
        )
        return k

    add(root, "root", None)
    return Tree(players, tuple(nodes), tuple(player_names), title)


def _child_name(parent: str, move: str) -> str:
    return move if parent == "root" else f"{parent}/{move}"
