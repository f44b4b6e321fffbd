"""Gambit extensive-form files (``.efg``, format version 2): read into a :class:`Tree`, write back.

The format (Gambit documentation, "Game representation formats"): a header
``EFG 2 R "title" { "Player 1" "Player 2" }``, an optional comment string, then one line per node
in pre-order::

    p "name" player infoset "infoset name" { "move" "move" } outcome "outcome name" { 1, 2 }
    c "name" infoset "infoset name" { "move" 1/2 "move" 1/2 } outcome
    t "name" outcome "outcome name" { 1, 2 }

Outcome 0 means none.  The move list (and an outcome's payoffs) may be left out after the first
occurrence of the same information set (outcome).  Outcomes on non-terminal nodes add to every
payoff below them; :func:`parse_efg` folds them into the leaves.  Numbers are kept exact
(integers, decimals and ``p/q`` as Fractions).

:func:`read` is the sequential kind's reader for ``.efg`` files: it wraps the tree in a scenario
without parameters, so ``negsim run``/``solve`` treat it like a YAML tree.  Malformed files raise
:class:`EFGError`, a located :class:`~sim.scenario.errors.ScenarioError`.
"""

from __future__ import annotations

import bisect
import re
from fractions import Fraction
from pathlib import Path

from ..scenario.errors import Location, ScenarioError
from ..scenario.yamlsrc import exact_number
from .tree import CHANCE, DECISION, TERMINAL, Tree, TreeNode

__all__ = ["EFGError", "export_efg", "format_efg", "parse_efg", "read", "read_efg", "write_efg"]


class EFGError(ScenarioError):
    """A malformed ``.efg`` file, located at its line when known."""

    def __init__(self, message: str, line: int = 0, file: str = "<efg>"):
        self.line = line
        self.detail = message
        super().__init__(message, Location(file, max(line, 0), 1 if line > 0 else 0))


_TOKEN = re.compile(r'\s*(?:"((?:[^"\\]|\\.)*)"|([{}])|([^\s{}"]+))', re.S)


def _tokens(text: str):
    newlines = [k for k, ch in enumerate(text) if ch == "\n"]
    pos = 0
    while True:
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            rest = text[pos:].strip()
            if rest:
                raise EFGError(f"cannot read {rest[:20]!r}", bisect.bisect(newlines, pos) + 1)
            return
        line = bisect.bisect(newlines, m.start(0) + len(m.group(0)) - len(m.group(0).lstrip())) + 1
        if m.group(1) is not None:
            yield ("str", re.sub(r"\\(.)", r"\1", m.group(1)), line)
        elif m.group(2) is not None:
            yield (m.group(2), m.group(2), line)
        else:
            yield ("word", m.group(3), line)
        pos = m.end()


#: the longest path from the root to a leaf an ``.efg`` file may have, in moves
MAX_EFG_DEPTH = 100


def _number(tok, what: str = "a number") -> Fraction:
    kind, val, line = tok
    if kind != "word":
        raise EFGError(f"expected {what}, got {val!r}", line)
    v = val.rstrip(",")
    try:
        return exact_number(v)
    except ValueError as exc:
        shown = v if len(v) <= 40 else v[:30] + "..."
        if str(exc):
            raise EFGError(f"{what} {shown!r} {exc}", line) from None
        raise EFGError(f"expected {what}, got {shown!r}", line) from None


class _Stream:
    def __init__(self, text: str):
        self.toks = [t for t in _tokens(text) if not (t[0] == "word" and t[1] == ",")]
        self.i = 0
        self.end_line = self.toks[-1][2] if self.toks else 1

    @property
    def line(self) -> int:
        """The line of the last token read (of the first, before any is read)."""
        if not self.toks:
            return 1
        if self.i >= len(self.toks):
            return self.end_line
        return self.toks[max(self.i - 1, 0)][2]

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else ("eof", "", -1)

    def next(self):
        t = self.peek()
        if t[0] == "eof":
            raise EFGError("the file ends in the middle of the tree")
        self.i += 1
        return t

    def expect(self, kind: str):
        t = self.next()
        if t[0] != kind:
            raise EFGError(f"expected {kind!r}, got {t[1]!r}", t[2])
        return t[1]

    def int(self) -> int:
        t = self.next()
        try:
            return int(t[1])
        except ValueError:
            raise EFGError(f"expected a whole number, got {t[1]!r}", t[2]) from None


def parse_efg(text: str, file: str = "<efg>") -> Tree:
    """Read ``.efg`` text into a :class:`Tree` (node outcomes folded into the leaves); ``file``
    names the text in error locations."""
    s = None
    try:
        s = _Stream(text)
        return _parse(s)
    except EFGError as exc:
        line = exc.line if exc.line > 0 or s is None else s.line
        raise EFGError(exc.detail, line, file) from None


def _parse(s: _Stream) -> Tree:
    head = s.next()
    if head[1] != "EFG":
        raise EFGError("not an .efg file: it must start with 'EFG 2 R'")
    version = s.next()[1]
    if version != "2":
        raise EFGError(f"unsupported .efg version {version}; this reader handles version 2")
    s.next()  # R (rational) or D (decimal): we keep numbers exact either way
    title = s.expect("str")
    s.expect("{")
    players: list[str] = []
    while s.peek()[0] == "str":
        players.append(s.next()[1])
    s.expect("}")
    if not players:
        raise EFGError("the game has no players; list them in { } after the title", s.line)
    if s.peek()[0] == "str":
        s.next()  # comment
    N = len(players)
    outcomes: dict[int, tuple] = {}
    infoset_moves: dict[tuple[int, int], tuple[str, ...]] = {}
    infoset_probs: dict[int, tuple] = {}
    infoset_label: dict[tuple[int, int], str] = {}
    used_labels: set[str] = set()
    raw: list[dict] = []

    def outcome() -> tuple | None:
        num = s.int()
        if s.peek()[0] == "str":
            s.next()
        if s.peek()[0] == "{":
            s.next()
            vals = []
            while s.peek()[0] != "}":
                vals.append(_number(s.next(), "a payoff"))
            s.next()
            if len(vals) != N:
                raise EFGError(f"outcome {num} has {len(vals)} payoffs for {N} players")
            outcomes[num] = tuple(vals)
        if num == 0:
            return None
        if num not in outcomes:
            raise EFGError(f"outcome {num} is used before its payoffs are given")
        return outcomes[num]

    def label_for(key, name, default):
        if key in infoset_label:
            return infoset_label[key]
        lab = name or default
        while lab in used_labels:
            lab += "'"
        used_labels.add(lab)
        infoset_label[key] = lab
        return lab

    def node(
        parent: int | None, move_name: str, parent_name: str, extra: tuple, depth: int = 0
    ) -> None:
        t = s.next()
        kind = t[1]
        if depth > MAX_EFG_DEPTH:
            raise EFGError(
                f"the tree is more than {MAX_EFG_DEPTH} moves deep here; negsim reads trees "
                f"of at most {MAX_EFG_DEPTH} moves from the root to a leaf",
                t[2],
            )
        name = s.expect("str")
        k = len(raw)
        default = (
            "root"
            if parent is None
            else (move_name if parent_name == "root" else f"{parent_name}/{move_name}")
        )
        rec = {"name": name or default, "parent": parent, "kids": []}
        raw.append(rec)
        if kind == "t":
            out = outcome()
            pay = tuple(a + (out[i] if out else 0) for i, a in enumerate(extra))
            rec.update(kind=TERMINAL, payoffs=pay)
            return
        if kind == "p":
            pl = s.int()
            iset = s.int()
            key = (pl, iset)
            iname = s.next()[1] if s.peek()[0] == "str" else ""
            if s.peek()[0] == "{":
                s.next()
                moves = []
                while s.peek()[0] != "}":
                    moves.append(s.expect("str"))
                s.next()
                infoset_moves.setdefault(key, _unique_moves(moves))
            if not infoset_moves.get(key):
                raise EFGError(f"information set {iset} of player {pl} has no moves", t[2])
            if not 1 <= pl <= N:
                raise EFGError(f"player {pl} does not exist ({N} players)", t[2])
            moves = infoset_moves[key]
            rec.update(
                kind=DECISION,
                player=pl - 1,
                moves=moves,
                infoset=label_for(key, iname, f"{players[pl - 1]}#{iset}"),
            )
        elif kind == "c":
            iset = s.int()
            if s.peek()[0] == "str":
                s.next()
            if s.peek()[0] == "{":
                s.next()
                moves, probs = [], []
                while s.peek()[0] != "}":
                    moves.append(s.expect("str"))
                    probs.append(_number(s.next(), f"the probability of {moves[-1]!r}"))
                s.next()
                _check_probabilities(moves, probs, t[2])
                infoset_moves.setdefault((0, iset), _unique_moves(moves))
                infoset_probs.setdefault(iset, tuple(probs))
            if iset not in infoset_probs:
                raise EFGError(f"chance information set {iset} has no moves", t[2])
            moves = infoset_moves[(0, iset)]
            rec.update(kind=CHANCE, moves=moves, probs=infoset_probs[iset])
        else:
            raise EFGError(f"expected a node type p, c or t, got {kind!r}", t[2])
        out = outcome()
        here = tuple(a + (out[i] if out else 0) for i, a in enumerate(extra))
        for mv in moves:
            rec["kids"].append(len(raw))
            node(k, mv, rec["name"], here, depth + 1)

    node(None, "", "", tuple(Fraction(0) for _ in range(N)))
    if s.peek()[0] != "eof":
        raise EFGError("unexpected text after the last node", s.peek()[2])
    names: set[str] = set()
    nodes = []
    for rec in raw:
        nm = rec["name"]
        while nm in names:
            nm += "'"
        names.add(nm)
        nodes.append(
            TreeNode(
                nm,
                rec["kind"],
                rec.get("player"),
                rec.get("infoset"),
                tuple(rec.get("moves", ())),
                rec.get("probs"),
                tuple(rec["kids"]),
                rec["parent"],
                rec.get("payoffs"),
            )
        )
    return Tree(tuple(players), tuple(nodes), title=title)


def _check_probabilities(moves: list[str], probs: list[Fraction], line: int) -> None:
    """A chance node's probabilities: each between 0 and 1, together exactly 1."""
    if not moves:
        raise EFGError("a chance node needs at least one move", line)
    for move, p in zip(moves, probs):
        if not 0 <= p <= 1:
            raise EFGError(f"the probability of {move!r} is {p}; it must be between 0 and 1", line)
    total = sum(probs, Fraction(0))
    if total != 1:
        raise EFGError(
            f"the chance probabilities add up to {total}, not 1 (write them exactly, "
            "e.g. 1/3 rather than 0.333)",
            line,
        )


def _unique_moves(moves: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for k, m in enumerate(moves):
        m = m or f"move {k + 1}"
        while m in out:
            m += "'"
        out.append(m)
    return tuple(out)


def _q(s: str) -> str:
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _n(x) -> str:
    if isinstance(x, Fraction):
        return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    if isinstance(x, int):
        return str(x)
    return repr(float(x))


def format_efg(tree: Tree, comment: str = "") -> str:
    """The ``.efg`` text of a tree (one outcome per leaf, named after the leaf)."""
    lines = [
        f"EFG 2 R {_q(tree.title)} {{ {' '.join(_q(p) for p in tree.players)} }}",
        _q(comment),
        "",
    ]
    numbers: dict[str, int] = {}
    per_player = [0] * (tree.n_players + 1)
    chance_sets = 0
    out_no = 0
    for n in tree.nodes:
        if n.kind == TERMINAL:
            out_no += 1
            pays = ", ".join(_n(x) for x in n.payoffs)
            lines.append(f"t {_q(n.name)} {out_no} {_q(n.name)} {{ {pays} }}")
        elif n.kind == CHANCE:
            chance_sets += 1
            moves = " ".join(f"{_q(m)} {_n(p)}" for m, p in zip(n.moves, n.probs))
            lines.append(f'c {_q(n.name)} {chance_sets} "" {{ {moves} }} 0')
        else:
            if n.infoset not in numbers:
                per_player[n.player] += 1
                numbers[n.infoset] = per_player[n.player]
            moves = " ".join(_q(m) for m in n.moves)
            lines.append(
                f"p {_q(n.name)} {n.player + 1} {numbers[n.infoset]} {_q(n.infoset)} "
                f"{{ {moves} }} 0"
            )
    return "\n".join(lines) + "\n"


def read_efg(path: str | Path) -> Tree:
    """The tree of an ``.efg`` file (located errors for a missing or malformed file)."""
    from ..scenario.textfile import read_text

    return parse_efg(read_text(path), str(path))


def read(path: str | Path):
    """The sequential kind's ``.efg`` reader: a scenario wrapping the file's tree (no
    parameters), titled after the file's title (or its name)."""
    from .load import scenario_from_tree

    tree = read_efg(path)
    return scenario_from_tree(tree, str(path), tree.title or Path(path).stem)


def export_efg(scenario, overrides=None) -> str:
    """The ``.efg`` text of a sequential scenario's tree at its parameter values."""
    from .load import build_tree

    return format_efg(build_tree(scenario, overrides), comment=scenario.meta.title)


def write_efg(tree: Tree, path: str | Path, comment: str = "") -> None:
    Path(path).write_text(format_efg(tree, comment), encoding="utf-8")
