"""The ``sequential`` scenario kind: a game tree written as nested YAML.

::

    players:                    # order = order of payoffs everywhere
      DPRK: North Korea
      US: {name: United States}
    tree:                       # a decision node
      player: DPRK
      moves:
        transfer:               # each move leads to a node
          player: US
          moves:
            honour: {payoffs: [3, 1]}            # a leaf: payoffs in player order ...
            renege: {payoffs: {DPRK: -4, US: "3 - cost"}}   # ... or by player, formulas allowed
        keep: {payoffs: [0, 0]}

A chance node is ``player: chance``; each of its moves carries ``prob:`` (a number or a formula
over parameters).  Nodes a player cannot tell apart share an ``infoset:`` label.  ``name:`` gives
a node a readable name (default: the path of moves, such as ``transfer/renege``) and ``about:``
a description.

Validation reports every problem with ``file:line:col``: unknown keys and players, probabilities
that are negative or do not sum to 1, information sets whose nodes differ in player or moves,
chance nodes in information sets, and violations of perfect recall.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..numbers import exact_str, fmt, is_exact
from ..scenario.common import HEADER_KEYS, Meta, Parameter, apply_overrides, parse_parameters
from ..scenario.errors import Location, Problems, ScenarioError, did_you_mean
from ..scenario.expr import Expr, compile_expr
from ..scenario.yamlsrc import Map, Scalar, Seq, expect
from .tree import CHANCE, DECISION, TERMINAL, Tree, TreeNode

__all__ = ["NodeSpec", "SequentialScenario", "build_tree", "load_sequential", "scenario_from_tree"]

TOP_KEYS = ("parameters", "players", "tree")
NODE_KEYS = ("player", "moves", "infoset", "name", "about", "payoffs", "prob")
PLAYER_KEYS = ("name", "about")
CHANCE_PLAYER = "chance"


@dataclass(frozen=True)
class NodeSpec:
    """A validated node of the scenario tree; numbers are still formulas (:func:`build_tree`)."""

    name: str
    loc: Location
    player: str | None = None  # a player id, "chance", or None for a leaf
    infoset: str | None = None
    moves: tuple[tuple[str, NodeSpec], ...] = ()
    prob: Expr | None = None
    payoffs: tuple[Expr, ...] | None = None
    about: str = ""


@dataclass(frozen=True)
class SequentialScenario:
    """A validated ``sequential`` scenario (immutable).  Get its tree with :func:`build_tree`.

    A scenario read from a YAML file holds the tree as formulas (``root``); one that wraps a
    ready tree (a Gambit ``.efg`` file, :func:`scenario_from_tree`) holds it as ``tree`` and has
    no parameters.
    """

    meta: Meta
    parameters: tuple[Parameter, ...]
    players: tuple[str, ...]
    player_names: tuple[str, ...]
    root: NodeSpec | None
    tree: Tree | None = None

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def kind(self) -> str:
        return "sequential"

    def nodes(self) -> list[NodeSpec]:
        out = []

        def walk(n):
            out.append(n)
            for _, c in n.moves:
                walk(c)

        if self.root is not None:
            walk(self.root)
        return out


def scenario_from_tree(
    tree: Tree, file: str = "<tree>", title: str | None = None
) -> SequentialScenario:
    """A scenario wrapping a ready tree (no parameters): a Gambit ``.efg`` file, a tree built in
    Python.  Trees that break perfect recall are refused with a located error."""
    bad = tree.perfect_recall_violations()
    if bad:
        raise ScenarioError(
            "this tree does not have perfect recall, so behaviour strategies and "
            "the reduced normal form do not describe it: "
            + "; ".join(sentence for _, sentence in bad),
            Location(file),
        )
    meta = Meta(file=file, kind="sequential", title=title or tree.title or "Game tree")
    return SequentialScenario(meta, (), tree.players, tree.player_names, None, tree)


# -- loading -----------------------------------------------------------------------------------


def _parse_players(node, problems: Problems) -> tuple[tuple[str, ...], tuple[str, ...]]:
    ids: list[str] = []
    names: list[str] = []
    if isinstance(node, Seq):
        for item in node:
            try:
                ids.append(expect(item, Scalar, "each player").text("player"))
                names.append(ids[-1])
            except ScenarioError as exc:
                problems.extend(exc)
    else:
        m = expect(node, Map, "players")
        for key, val in m.items():
            pid = key.value
            name = pid
            try:
                if isinstance(val, Scalar):
                    if not val.is_null:
                        name = val.value
                else:
                    spec = expect(val, Map, f"player '{pid}'")
                    spec.check_keys(PLAYER_KEYS, where=f"in player '{pid}'")
                    if "name" in spec:
                        name = expect(spec.get("name"), Scalar, "name").text("name")
            except ScenarioError as exc:
                problems.extend(exc)
            ids.append(pid)
            names.append(name)
    if not ids:
        problems.add(node.loc, "'players' is empty; list the players who move or receive payoffs")
    seen = set()
    for pid in ids:
        if pid == CHANCE_PLAYER:
            problems.add(node.loc, "'chance' is reserved for chance nodes; rename this player")
        if pid in seen:
            problems.add(node.loc, f"player '{pid}' is listed twice")
        seen.add(pid)
    return tuple(ids), tuple(names)


class _Parser:
    def __init__(self, players: tuple[str, ...], params: set[str], problems: Problems):
        self.players = players
        self.params = params
        self.problems = problems
        self.names: dict[str, Location] = {}

    def expr(self, node, what: str) -> Expr:
        sc = expect(node, Scalar, what)
        text = sc.text(what)
        loc = sc.loc.shifted(1) if sc.quoted else sc.loc
        return compile_expr(text, loc, self.params, {})

    def node(self, node, name: str, under_chance: bool) -> NodeSpec | None:
        try:
            m = expect(node, Map, f"node '{name}'")
        except ScenarioError as exc:
            self.problems.extend(exc)
            return None
        m.check_keys(NODE_KEYS, self.problems, where=f"in node '{name}'")
        try:
            if "name" in m:
                name = expect(m.get("name"), Scalar, "name").text("name")
            if name in self.names:
                self.problems.add(
                    m.loc,
                    f"two nodes are named '{name}' (the other is at line "
                    f"{self.names[name].line}); give them different names",
                )
            self.names[name] = m.loc
            about = expect(m.get("about"), Scalar, "about").value.strip() if "about" in m else ""
            prob = None
            if under_chance:
                if "prob" not in m:
                    self.problems.add(
                        m.loc,
                        f"move '{name}' of a chance node needs 'prob:' "
                        "(its probability: a number or a formula)",
                    )
                else:
                    prob = self.expr(m.get("prob"), f"prob of '{name}'")
            elif "prob" in m:
                self.problems.add(
                    m.key_node("prob").loc,
                    "'prob:' belongs only to the moves of a "
                    "chance node ('player: chance'); remove it here",
                )
            if "payoffs" in m:
                for k in ("player", "moves", "infoset"):
                    if k in m:
                        self.problems.add(
                            m.key_node(k).loc,
                            f"node '{name}' has payoffs, so it is "
                            f"a leaf: a leaf has no '{k}' (payoffs go on the leaves "
                            "below a decision)",
                        )
                return NodeSpec(
                    name,
                    m.loc,
                    payoffs=self.payoffs(m.get("payoffs"), name),
                    prob=prob,
                    about=about,
                )
            if "player" not in m:
                raise ScenarioError(
                    f"node '{name}' needs either 'payoffs:' (a leaf) or 'player:' "
                    "and 'moves:' (a decision or chance node)",
                    m.loc,
                )
            pnode = expect(m.get("player"), Scalar, "player")
            player = pnode.text("player")
            if player != CHANCE_PLAYER and player not in self.players:
                raise ScenarioError(
                    f"unknown player '{player}' at node '{name}'"
                    f"{did_you_mean(player, list(self.players) + ['chance'])}",
                    pnode.loc,
                )
            infoset = None
            if "infoset" in m:
                inode = expect(m.get("infoset"), Scalar, "infoset")
                if player == CHANCE_PLAYER:
                    raise ScenarioError(
                        "a chance node has no information set; remove 'infoset:'", inode.loc
                    )
                infoset = inode.text("infoset")
            mv = expect(m.require("moves", f"the moves available at '{name}'"), Map, "moves")
            if not mv.entries:
                raise ScenarioError(f"node '{name}' has no moves; give at least one", mv.loc)
            kids = []
            for key, val in mv.items():
                label = key.value
                if not label or "/" in label:
                    self.problems.add(
                        key.loc, f"move {label!r} must be a non-empty label without '/'"
                    )
                child = self.node(
                    val, label if name == "root" else f"{name}/{label}", player == CHANCE_PLAYER
                )
                if child is not None:
                    kids.append((label, child))
            return NodeSpec(name, m.loc, player, infoset, tuple(kids), prob, None, about)
        except ScenarioError as exc:
            self.problems.extend(exc)
            return None

    def payoffs(self, node, name: str) -> tuple[Expr, ...] | None:
        n = len(self.players)
        out: list[Expr | None] = [None] * n
        try:
            if isinstance(node, Seq):
                if len(node) != n:
                    raise ScenarioError(
                        f"leaf '{name}' has {len(node)} payoffs; give {n}, one per "
                        f"player in order ({', '.join(self.players)})",
                        node.loc,
                    )
                for i, item in enumerate(node):
                    out[i] = self.expr(item, f"payoff of {self.players[i]}")
            elif isinstance(node, Map):
                for key, val in node.items():
                    if key.value not in self.players:
                        self.problems.add(
                            key.loc,
                            f"payoff for unknown player '{key.value}'"
                            f"{did_you_mean(key.value, self.players)}",
                        )
                        continue
                    out[self.players.index(key.value)] = self.expr(val, f"payoff of {key.value}")
                missing = [
                    p for p, e in zip(self.players, out) if e is None and node.key_node(p) is None
                ]
                if missing:
                    raise ScenarioError(
                        f"leaf '{name}' has no payoff for {', '.join(missing)}; "
                        "give one payoff per player",
                        node.loc,
                    )
            else:
                raise ScenarioError(
                    f"payoffs of '{name}' must be a list [one per player] or a "
                    "mapping player: payoff",
                    node.loc,
                )
        except ScenarioError as exc:
            self.problems.extend(exc)
            return None
        return tuple(out) if all(e is not None for e in out) else None


def _check_structure(root: NodeSpec, players, problems: Problems) -> None:
    """Information sets: one player, same moves, no chance nodes."""
    first: dict[str, NodeSpec] = {}

    def walk(n: NodeSpec):
        if n.player is not None and n.player != CHANCE_PLAYER:
            label = n.infoset or n.name
            if label in first and first[label] is not n:
                f = first[label]
                if n.infoset is None or f.infoset is None:
                    problems.add(
                        n.loc,
                        f"information set '{label}' is also the name of node "
                        f"'{f.name}'; pick a different infoset label",
                    )
                elif f.player != n.player:
                    problems.add(
                        n.loc,
                        f"information set '{label}' mixes players {f.player} "
                        f"(line {f.loc.line}) and {n.player}; a player's "
                        "information set holds only that player's nodes",
                    )
                else:
                    a = [mv for mv, _ in f.moves]
                    b = [mv for mv, _ in n.moves]
                    if a != b:
                        problems.add(
                            n.loc,
                            f"information set '{label}': this node offers moves "
                            f"{b} but node '{f.name}' (line {f.loc.line}) offers "
                            f"{a}; a player who cannot tell the nodes apart must "
                            "have the same moves, in the same order, at each",
                        )
            else:
                first[label] = n
        for _, c in n.moves:
            walk(c)

    walk(root)


def _value(expr: Expr, values: Mapping) -> Fraction | float:
    v = expr.evaluate(values, exact=True)
    if isinstance(v, np.ndarray):
        v = v.item()
    if isinstance(v, bool | np.bool_):
        return Fraction(int(v))
    if isinstance(v, Fraction):
        return v
    if isinstance(v, int | np.integer):
        return Fraction(int(v))
    f = float(v)
    if not np.isfinite(f):
        raise ScenarioError(f"{expr.text!r} is not a finite number", expr.loc)
    return f


def _tree_from_spec(
    scn_players, names, root: NodeSpec, values: Mapping, title: str, where: Location | None
) -> tuple[Tree, dict[str, NodeSpec]]:
    nodes: list[TreeNode | None] = []
    spec_of: dict[str, NodeSpec] = {}
    problems = Problems()

    def add(n: NodeSpec, parent):
        k = len(nodes)
        nodes.append(None)
        spec_of[n.name] = n
        if n.payoffs is not None:
            pay = tuple(_value(e, values) for e in n.payoffs)
            nodes[k] = TreeNode(n.name, TERMINAL, parent=parent, payoffs=pay, label=n.about)
            return k
        kids = [add(c, k) for _, c in n.moves]
        moves = tuple(mv for mv, _ in n.moves)
        if n.player == CHANCE_PLAYER:
            probs = tuple(_value(c.prob, values) for _, c in n.moves)
            for (mv, c), p in zip(n.moves, probs):
                if p < 0 or p > 1:
                    problems.add(
                        where or c.prob.loc,
                        f"probability of '{mv}' at chance node "
                        f"'{n.name}' is {_show(p)}; probabilities lie in [0, 1]",
                    )
            total = sum(probs)
            if (
                total != 1
                if all(isinstance(p, Fraction) for p in probs)
                else abs(float(total) - 1) > 1e-9
            ):
                problems.add(
                    where or n.loc,
                    f"probabilities at chance node '{n.name}' sum to "
                    f"{_show(total)}, not 1 (moves: {', '.join(moves)}); fix them so "
                    "they add up to 1",
                )
            nodes[k] = TreeNode(
                n.name,
                CHANCE,
                moves=moves,
                probs=probs,
                children=tuple(kids),
                parent=parent,
                label=n.about,
            )
        else:
            nodes[k] = TreeNode(
                n.name,
                DECISION,
                scn_players.index(n.player),
                n.infoset or n.name,
                moves,
                None,
                tuple(kids),
                parent,
                label=n.about,
            )
        return k

    add(root, None)
    problems.raise_if_any()
    return Tree(scn_players, tuple(nodes), names, title), spec_of


def _show(x) -> str:
    return exact_str(x) if is_exact(x) else fmt(x, 6)


def load_sequential(doc: Map, meta: Meta) -> SequentialScenario:
    problems = Problems()
    doc.check_keys(HEADER_KEYS + TOP_KEYS, problems, where="at the top level")
    params = parse_parameters(doc.get("parameters"), problems)
    players: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    try:
        players, names = _parse_players(
            doc.require("players", "who moves and who is paid"), problems
        )
    except ScenarioError as exc:
        problems.extend(exc)
    pnames = {p.name for p in params}
    for pid in players:
        if pid in pnames:
            problems.add(
                doc.get("players").loc, f"'{pid}' is both a player and a parameter; rename one"
            )
    try:
        tnode = doc.require("tree", "the game tree, starting at the first move")
    except ScenarioError as exc:
        problems.extend(exc)
        problems.raise_if_any()
        raise
    root = _Parser(players, pnames, problems).node(tnode, "root", False) if players else None
    if root is not None and not problems:
        if root.payoffs is not None:
            problems.add(
                root.loc, "the tree is a single leaf; start with a decision or chance node"
            )
        _check_structure(root, players, problems)
    problems.raise_if_any()
    scn = SequentialScenario(meta, params, players, names, root)
    # evaluate at the defaults: probabilities, then perfect recall on the built tree
    tree, spec_of = _tree_from_spec(
        players, names, root, {p.name: p.value for p in params}, meta.title, None
    )
    for label, sentence in tree.perfect_recall_violations():
        k = tree.infosets[label].members[-1]
        problems.add(
            spec_of[tree.nodes[k].name].loc,
            sentence + "; split the information set or record what the player knows",
        )
    problems.raise_if_any()
    return scn


def build_tree(scn: SequentialScenario, overrides: Mapping | None = None) -> Tree:
    """The game tree at the scenario's parameter values (``--set`` overrides applied)."""
    values = apply_overrides(scn.parameters, overrides)
    if scn.tree is not None:
        return scn.tree
    tree, _ = _tree_from_spec(
        scn.players,
        scn.player_names,
        scn.root,
        values,
        scn.meta.title,
        Location("--set") if overrides else None,
    )
    return tree
