"""Gambit strategic-form files (``.nfg``): read into a :class:`~sim.game.Game`, write back.

The format (Gambit documentation, "The strategic game (.nfg) file format"), in two versions that
share a prologue::

    NFG 1 R "title" { "Player 1" "Player 2" }
    { { "U" "D" } { "L" "R" } }        # strategy labels per player, or counts: { 2 2 }
    "optional comment"

*Payoff version*: then one payoff per player for every strategy profile, profiles listed with the
**first player's strategy changing fastest**::

    1 1  0 2  0 2  1 1

*Outcome version*: then a list of outcomes (a label and one payoff per player, commas optional),
followed by one outcome number per profile in the same order (``0``: no outcome, every payoff 0)::

    { { "a" 1, 1 } { "b" 0, 2 } }
    1 2 2 1

Whitespace is not significant; labels are double-quoted with ``\\"`` for a quote.  Numbers are
integers, decimals or ``p/q`` rationals and are kept exact.  Player and strategy labels become the
game's ids and names (an empty or repeated label gets a numbered id such as ``P2`` or ``s3``).
Malformed input raises :class:`NFGError` (a ``ValueError``) whose message starts with the line.
"""

from __future__ import annotations

import bisect
import re
from fractions import Fraction
from pathlib import Path

import numpy as np

from ..game import Game
from ..scenario.yamlsrc import exact_number

__all__ = ["NFGError", "format_nfg", "parse_nfg", "read_nfg", "write_nfg"]


class NFGError(ValueError):
    """A malformed ``.nfg`` file; the message names the line."""

    def __init__(self, line: int | None, message: str):
        self.line = line
        self.detail = message
        super().__init__(f"line {line}: {message}" if line else message)


_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|([{}])|([^\s{}",]+)|(,)|(\S)', re.S)


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    """(kind, value, line) with kind one of "str", "{", "}", "word"."""
    newlines = [k for k, ch in enumerate(text) if ch == "\n"]
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        while pos < n and text[pos].isspace():
            pos += 1
        if pos >= n:
            break
        line = bisect.bisect(newlines, pos) + 1
        if text[pos] == '"':
            m = re.compile(r'"((?:[^"\\]|\\.)*)"', re.S).match(text, pos)
            if not m:
                raise NFGError(line, "a label's closing quote (\") is missing")
            out.append(("str", re.sub(r"\\(.)", r"\1", m.group(1)), line))
            pos = m.end()
            continue
        m = _TOKEN.match(text, pos)
        if m.group(2):
            out.append((m.group(2), m.group(2), line))
        elif m.group(3):
            out.append(("word", m.group(3), line))
        elif m.group(4):
            pass  # commas between payoffs are optional separators
        else:
            raise NFGError(line, f"unexpected character {m.group(5)!r}")
        pos = m.end()
    return out


class _Reader:
    def __init__(self, text: str):
        self.toks = _tokenize(text)
        self.i = 0
        self.last_line = text.count("\n") + 1

    def peek(self):
        if self.i < len(self.toks):
            return self.toks[self.i]
        return ("eof", "", self.last_line)

    def take(self, what: str | None = None, expected: str = ""):
        t = self.peek()
        if t[0] == "eof":
            raise NFGError(t[2], f"the file ends early; expected {expected or what}")
        if what is not None and t[0] != what:
            shown = f'"{t[1]}"' if t[0] == "str" else t[1]
            raise NFGError(t[2], f"expected {expected or what}, found {shown}")
        self.i += 1
        return t

    def number(self, expected: str) -> Fraction:
        kind, val, line = self.take("word", expected)
        try:
            return exact_number(val)
        except ValueError as exc:
            shown = val if len(val) <= 40 else val[:30] + "..."
            if str(exc):
                raise NFGError(line, f"{expected} {shown!r} {exc}") from None
            raise NFGError(line, f"expected {expected}, found {shown!r}") from None

    def integer(self, expected: str) -> int:
        kind, val, line = self.take("word", expected)
        if not re.fullmatch(r"[+-]?\d+", val):
            raise NFGError(line, f"expected {expected}, found {val!r}")
        return int(val)


def _unique_ids(labels: list[str], prefix: str) -> tuple[str, ...]:
    ids = []
    seen = set()
    for k, lab in enumerate(labels):
        cand = lab.strip() or f"{prefix}{k + 1}"
        if cand in seen:
            cand = f"{prefix}{k + 1}"
            while cand in seen:
                cand += "'"
        seen.add(cand)
        ids.append(cand)
    return tuple(ids)


def parse_nfg(text: str) -> Game:
    """A :class:`Game` from the text of a Gambit ``.nfg`` file (payoff or outcome version)."""
    r = _Reader(text)
    kind, val, line = r.take("word", 'the header "NFG 1 R"')
    if val != "NFG":
        raise NFGError(line, f'a strategic-form file starts with "NFG 1 R", found {val!r}')
    kind, val, line = r.take("word", "the version number 1")
    if val != "1":
        raise NFGError(line, f"only version 1 of the .nfg format exists, found {val!r}")
    kind, val, line = r.take("word", 'the letter "R" (or "D")')
    if val not in ("R", "D"):
        raise NFGError(line, f'expected "R" or "D" after the version, found {val!r}')
    title = r.take("str", "the game's title in double quotes")[1]
    r.take("{", "the list of players, starting with {")
    players: list[str] = []
    while r.peek()[0] == "str":
        players.append(r.take()[1])
    r.take("}", "a player name in quotes or the closing } of the player list")
    if not players:
        raise NFGError(r.toks[r.i - 1][2], "the game has no players")
    N = len(players)
    line0 = r.peek()[2]
    r.take("{", "the strategy list, starting with {")
    strategies: list[list[str]] = []
    if r.peek()[0] == "{":
        for i in range(N):
            r.take("{", f"the strategy labels of {players[i] or f'player {i + 1}'}")
            labs = []
            while r.peek()[0] == "str":
                labs.append(r.take()[1])
            r.take("}", "a strategy label in quotes or the closing }")
            if not labs:
                raise NFGError(r.toks[r.i - 1][2], f"player {i + 1} has no strategies")
            strategies.append(labs)
        if r.peek()[0] != "}":
            raise NFGError(r.peek()[2], f"{N} players are declared but more strategy lists follow")
        r.take("}")
    else:
        profiles = 1
        for i in range(N):
            n = r.integer(f"the number of strategies of player {i + 1}")
            if n < 1:
                raise NFGError(
                    r.toks[r.i - 1][2], f"player {i + 1} must have at least one strategy"
                )
            profiles *= n
            # each profile needs at least one number after the header: a count the file cannot
            # hold is refused before any label is made
            if profiles > len(r.toks) - r.i:
                raise NFGError(
                    r.toks[r.i - 1][2],
                    f"the strategy counts make at least {profiles:,} strategy profiles, but the "
                    f"file holds only {len(r.toks) - r.i:,} more values",
                )
            strategies.append([str(k + 1) for k in range(n)])
        r.take("}", f"the closing }} of the strategy counts ({N} players)")
    if len(strategies) != N:
        raise NFGError(line0, f"{N} players but {len(strategies)} strategy lists")
    if r.peek()[0] == "str":  # optional comment
        r.take()
    shape = tuple(len(s) for s in strategies)
    P = int(np.prod(shape))
    flat = np.empty((P, N), dtype=object)
    if r.peek()[0] == "{":
        r.take("{")
        outcomes: list[list[Fraction]] = []
        while r.peek()[0] == "{":
            r.take("{")
            if r.peek()[0] == "str":
                r.take()
            pay = [r.number(f"payoff {i + 1} of outcome {len(outcomes) + 1}") for i in range(N)]
            if r.peek()[0] != "}":
                t = r.peek()
                raise NFGError(
                    t[2],
                    f"outcome {len(outcomes) + 1} should have {N} payoffs "
                    f"(one per player); found more before its closing }}",
                )
            r.take("}")
            outcomes.append(pay)
        r.take("}", 'an outcome { "label" payoffs } or the closing } of the outcome list')
        for p in range(P):
            t = r.peek()
            if t[0] == "eof":
                raise NFGError(
                    t[2], f"expected {P} outcome numbers (one per strategy profile), found {p}"
                )
            k = r.integer("an outcome number")
            if not 0 <= k <= len(outcomes):
                raise NFGError(
                    t[2],
                    f"outcome number {k} does not exist (there are "
                    f"{len(outcomes)} outcomes; 0 means none)",
                )
            flat[p] = outcomes[k - 1] if k else [Fraction(0)] * N
    else:
        for p in range(P):
            for i in range(N):
                t = r.peek()
                if t[0] == "eof":
                    raise NFGError(
                        t[2],
                        f"expected {P * N} payoffs ({P} strategy profiles x "
                        f"{N} players), found {p * N + i}",
                    )
                flat[p, i] = r.number("a payoff")
    t = r.peek()
    if t[0] != "eof":
        raise NFGError(t[2], f"unexpected text after the last profile: {t[1]!r}")
    # profiles were listed with the first player's strategy changing fastest
    tensor = flat.reshape(tuple(reversed(shape)) + (N,)).transpose(tuple(reversed(range(N))) + (N,))
    pids = _unique_ids(players, "P")
    sids = tuple(_unique_ids(s, "s") for s in strategies)
    return Game(
        players=pids,
        strategies=sids,
        payoffs=np.asarray(tensor, dtype=float),
        exact=np.ascontiguousarray(tensor),
        player_names=tuple(p.strip() or pid for p, pid in zip(players, pids)),
        strategy_names=tuple(
            tuple(s.strip() or sid for s, sid in zip(ss, ids)) for ss, ids in zip(strategies, sids)
        ),
        title=title,
    )


def read_nfg(path: str | Path) -> Game:
    """:func:`parse_nfg` on a file; errors are prefixed with the file name."""
    from ..scenario.textfile import read_text

    path = Path(path)
    try:
        return parse_nfg(read_text(path))
    except NFGError as exc:
        where = f"{path}:{exc.line}" if exc.line else f"{path}"
        raise NFGError(None, f"{where}: {exc.detail}") from None


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _num(x) -> str:
    if isinstance(x, Fraction):
        return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    f = float(x)
    return str(int(f)) if f.is_integer() else repr(f)


def format_nfg(game: Game, *, outcome_version: bool = False, labels: str = "ids") -> str:
    """The game as ``.nfg`` text: the payoff version, or the outcome version (one outcome per
    profile) when ``outcome_version``.  ``labels="ids"`` writes the players' and strategies' ids,
    ``"names"`` their human labels.  Payoffs are exact when the game has exact payoffs."""
    if labels not in ("ids", "names"):
        raise ValueError('labels must be "ids" or "names"')
    pl = game.players if labels == "ids" else game.player_names
    st = game.strategies if labels == "ids" else game.strategy_names
    N = game.n_players
    src = game.exact if game.exact is not None else game.payoffs
    # first player's strategy fastest: Fortran order over the profile axes
    flat = np.asarray(src, dtype=object).transpose(tuple(reversed(range(N))) + (N,)).reshape(-1, N)
    head = (
        f"NFG 1 R {_quote(game.title)} {{ {' '.join(_quote(p) for p in pl)} }}\n\n"
        + "{ "
        + "\n".join("{ " + " ".join(_quote(s) for s in ss) + " }" for ss in st)
        + "\n}\n"
        + '""\n\n'
    )
    if not outcome_version:
        lines = [" ".join(_num(x) for x in row) for row in flat]
        return head + "\n".join(lines) + "\n"
    outs = ['{ "" ' + ", ".join(_num(x) for x in row) + " }" for row in flat]
    return (
        head
        + "{\n"
        + "\n".join(outs)
        + "\n}\n"
        + " ".join(str(k + 1) for k in range(len(outs)))
        + "\n"
    )


def write_nfg(game: Game, path: str | Path, *, outcome_version: bool = False) -> None:
    """Write :func:`format_nfg` to ``path``."""
    Path(path).write_text(format_nfg(game, outcome_version=outcome_version), encoding="utf-8")
