"""Indifference conditions of a mixed equilibrium, solved step by step.

In a 2-player equilibrium where a player mixes, every strategy it uses must pay the same
against the other's mixture (otherwise it would drop the worse one).  That condition pins down
the *other* player's probabilities.  For a two-strategy support we write the algebra in one
unknown ``q`` and solve it line by line with exact fractions; for larger supports we write the
linear system and show that the equilibrium's probabilities solve it.
"""

from __future__ import annotations

import numpy as np

from ..explain.model import Block, Derivation, Paragraph
from ..game import Game
from ..results import Equilibrium
from .explain_words import MINUS, and_list, fmt_linear, num, prob, times

__all__ = ["elimination_lines", "indifference_blocks", "solve_two_support"]


def solve_two_support(a_first, a_second, b_first, b_second):
    """``q`` with ``a_first·q + a_second·(1 - q) = b_first·q + b_second·(1 - q)``, or ``None``.

    The payoffs are exact (Fractions) or floats; returns the same kind.
    """
    slope = (a_first - a_second) - (b_first - b_second)
    if slope == 0:
        return None
    return (b_second - a_second) / slope


def _paren(x) -> str:
    s = num(x)
    return f"({s})" if x < 0 or "/" in s else s


def _two_support(game: Game, eq: Equilibrium, i: int, j: int, exact: bool) -> list[Block]:
    """Player ``j`` mixes over two strategies; player ``i`` must be indifferent over its support."""
    src = game.exact if exact else game.payoffs
    Ui = np.moveaxis(src[..., i], (i, j), (0, 1))  # 2-player: rows = i's strategies
    sup_i = [k for k, x in enumerate(eq.strategies[i]) if x != 0]
    a, b = [k for k, x in enumerate(eq.strategies[j]) if x != 0]
    pi, pj = game.players[i], game.players[j]
    sa, sb = game.strategies[j][a], game.strategies[j][b]
    lines = [f"Let q be the probability that {pj} plays {sa} (so {sb} has probability 1 - q)."]
    exprs = {}
    for k in sup_i:
        hi, lo = Ui[k, a], Ui[k, b]
        exprs[k] = (hi - lo, lo)
        lines.append(
            f"{pi}'s expected payoff from {game.strategies[i][k]}: "
            f"{_paren(hi)}·q + {_paren(lo)}·(1 - q) = {fmt_linear(hi - lo, lo, 'q')}"
        )
    k1, k2 = sup_i[0], sup_i[1]
    (s1, c1), (s2, c2) = exprs[k1], exprs[k2]
    lines.append(
        f"{pi} mixes only if {game.strategies[i][k1]} and {game.strategies[i][k2]} "
        f"pay the same: {fmt_linear(s1, c1, 'q')} = {fmt_linear(s2, c2, 'q')}"
    )
    slope, rhs = s1 - s2, c2 - c1
    if slope < 0:
        slope, rhs = -slope, -rhs
    q = eq.strategies[j][a]
    if slope != 0:
        lines.append(f"{times(slope, 'q')} = {num(rhs)}")
        solved = rhs / slope
        raw = f"{num(rhs)}/{num(slope)}"
        if slope == 1 or raw == prob(solved):
            lines.append(f"q = {prob(solved)}")
        elif "/" in num(rhs) or "/" in num(slope) or "." in raw:
            lines.append(f"q = ({num(rhs)}) / ({num(slope)}) = {prob(solved)}")
        else:
            lines.append(f"q = {raw} = {prob(solved)}")
    else:
        lines.append(
            "both sides change with q at the same rate, so they are equal for every q "
            f"or for none; here they are equal for every q (the equilibrium uses "
            f"q = {prob(q)})"
        )
    value = s1 * q + c1
    lines.append(
        f"So {pj} plays {sa} with probability {prob(q)} and {sb} with "
        f"{prob(eq.strategies[j][b])}; each of {pi}'s strategies in use then pays "
        f"{num(value)}."
    )
    for k in sup_i[2:]:
        s, c = exprs[k]
        lines.append(
            f"Check: {game.strategies[i][k]} also pays {fmt_linear(s, c, 'q')} = "
            f"{num(s * q + c)} at q = {prob(q)}."
        )
    blocks: list[Block] = [
        Derivation(tuple(lines), caption=f"{pj}'s mixture makes {pi} indifferent")
    ]
    blocks.extend(_outside(game, eq, i, j, Ui, value, exact))
    return blocks


def _outside(game, eq, i, j, Ui, value, exact) -> list[Block]:
    """Strategies of ``i`` outside its support must not pay more than ``value``."""
    sup_i = {k for k, x in enumerate(eq.strategies[i]) if x != 0}
    y = np.asarray(eq.strategies[j], dtype=object if exact else float)
    out = []
    for k in range(game.shape[i]):
        if k in sup_i:
            continue
        v = np.dot(Ui[k, :], y)
        out.append(f"{game.strategies[i][k]} would pay {num(v)} ≤ {num(value)}")
    if not out:
        return []
    return [
        Paragraph(
            f"{game.players[i]} has no reason to use its other strategies against this "
            f"mixture: {and_list(out)}."
        )
    ]


def _system(game: Game, eq: Equilibrium, i: int, j: int, exact: bool) -> list[Block]:
    """General support: the linear system that makes ``i`` indifferent, with its solution."""
    src = game.exact if exact else game.payoffs
    Ui = np.moveaxis(src[..., i], (i, j), (0, 1))
    sup_i = [k for k, x in enumerate(eq.strategies[i]) if x != 0]
    sup_j = [k for k, x in enumerate(eq.strategies[j]) if x != 0]
    pi, pj = game.players[i], game.players[j]
    var = "x" if j == 0 else "y"
    names = {k: f"{var}({game.strategies[j][k]})" for k in sup_j}
    lines = [f"Write {var}(s) for the probability that {pj} plays s, and v for {pi}'s payoff."]
    for k in sup_i:
        terms = []
        for m in sup_j:
            c = Ui[k, m]
            if c == 0:
                continue
            t = times(c, names[m])
            if terms:
                t = (f" {MINUS} " + t[1:]) if t.startswith(MINUS) else " + " + t
            terms.append(t)
        lhs = "".join(terms) or "0"
        lines.append(f"{game.strategies[i][k]}: {lhs} = v")
    lines.append(" + ".join(names[m] for m in sup_j) + " = 1")
    sol = ", ".join(f"{names[m]} = {prob(eq.strategies[j][m])}" for m in sup_j)
    y = np.asarray(eq.strategies[j], dtype=object if exact else float)
    value = np.dot(Ui[sup_i[0], :], y)
    lines.append(f"Solution: {sol}, v = {num(value)}")
    blocks: list[Block] = [
        Derivation(tuple(lines), caption=f"{pj}'s mixture makes {pi} indifferent")
    ]
    blocks.extend(_outside(game, eq, i, j, Ui, value, exact))
    return blocks


def _combo(coefs, names) -> str:
    """``3·y(a) - y(b)`` (terms with coefficient 0 left out; ``0`` when all are)."""
    out = ""
    for c, n in zip(coefs, names):
        if c == 0:
            continue
        t = times(c, n)
        if not out:
            out = t
        elif t.startswith(MINUS):
            out += f" {MINUS} " + t[1:]
        else:
            out += " + " + t
    return out or "0"


def elimination_lines(first: str, others: list[str], rows, names: list[str]):
    """Solve the indifference system by hand: ``rows[r][m]`` is the payoff of the player's
    ``r``-th support strategy against the other's ``m``-th support strategy (exact), one row per
    strategy (``first`` then ``others``), ``names`` the unknown probabilities.

    Returns ``(lines, solution)`` with exact values, or ``None`` when the system is not square
    or not uniquely solvable (a degenerate game: the caller shows the system instead).
    """
    k = len(names)
    if len(rows) != k or k < 2:
        return None
    lines = [f"Subtract the {first} equation from each of the others (v cancels):"]
    eqs = []
    for name, row in zip(others, rows[1:]):
        d = [a - b for a, b in zip(row, rows[0])]
        lines.append(f"  {name} - {first}: {_combo(d, names)} = 0")
        eqs.append(d)
    last = names[-1]
    lines.append(f"Substitute {last} = 1 - " + " - ".join(names[:-1]) + ":")
    # sum_m d_m y_m = 0 with y_last = 1 - sum_{m<last} y_m  ->  sum (d_m - d_last) y_m = -d_last
    sys_rows = [([d[m] - d[-1] for m in range(k - 1)], -d[-1]) for d in eqs]
    for coefs, rhs in sys_rows:
        lines.append(f"  {_combo(coefs, names[:-1])} = {num(rhs)}")
    # Gauss-Jordan elimination, one pivot at a time
    n = k - 1
    A = [list(c) for c, _ in sys_rows]
    b = [r for _, r in sys_rows]
    for col in range(n):
        piv = next((r for r in range(col, n) if A[r][col] != 0), None)
        if piv is None:
            return None
        A[col], A[piv] = A[piv], A[col]
        b[col], b[piv] = b[piv], b[col]
        f = A[col][col]
        if f != 1:
            A[col] = [x / f for x in A[col]]
            b[col] = b[col] / f
        for r in range(n):
            if r != col and A[r][col] != 0:
                g = A[r][col]
                A[r] = [x - g * y for x, y in zip(A[r], A[col])]
                b[r] = b[r] - g * b[col]
        if n > 1 and col < n - 1:
            lines.append(f"Eliminate {names[col]} from the other equations:")
            for r in range(n):
                lines.append(f"  {_combo(A[r], names[:-1])} = {num(b[r])}")
    sol = {names[m]: b[m] for m in range(n)}
    sol[last] = 1 - sum(b)
    lines.append(
        "So "
        + ", ".join(f"{nm} = {prob(v)}" for nm, v in sol.items())
        + f" (the last from {last} = 1 - "
        + " - ".join(names[:-1])
        + ")."
    )
    return lines, sol


def _system_by_hand(game: Game, eq: Equilibrium, i: int, j: int) -> list[Block] | None:
    src = game.exact
    Ui = np.moveaxis(src[..., i], (i, j), (0, 1))
    sup_i = [k for k, x in enumerate(eq.strategies[i]) if x != 0]
    sup_j = [k for k, x in enumerate(eq.strategies[j]) if x != 0]
    if len(sup_i) != len(sup_j) or len(sup_j) > 4:
        return None
    pi, pj = game.players[i], game.players[j]
    var = "x" if j == 0 else "y"  # the usual letters: x for the row player's mix, y for column's
    names = [f"{var}({game.strategies[j][m]})" for m in sup_j]
    rows = [[Ui[k, m] for m in sup_j] for k in sup_i]
    labels = [game.strategies[i][k] for k in sup_i]
    head = [
        f"Write {var}(s) for the probability that {pj} plays s, and v for {pi}'s payoff. "
        f"Each strategy {pi} uses must pay v:"
    ]
    for lab, row in zip(labels, rows):
        head.append(f"  {lab}: {_combo(row, names)} = v")
    solved = elimination_lines(labels[0], labels[1:], rows, names)
    if solved is None:
        return None
    lines, sol = solved
    if any(sol[nm] != eq.strategies[j][m] for nm, m in zip(names, sup_j)):
        return None  # another solution of a degenerate system: show the plain system instead
    y = np.asarray(eq.strategies[j], dtype=object)
    value = np.dot(Ui[sup_i[0], :], y)
    lines.append(f"Then every strategy {pi} uses pays v = {num(value)}.")
    blocks: list[Block] = [
        Derivation(tuple(head + lines), caption=f"{pj}'s mixture makes {pi} indifferent")
    ]
    blocks.extend(_outside(game, eq, i, j, Ui, value, True))
    return blocks


def indifference_blocks(game: Game, eq: Equilibrium) -> list[Block]:
    """Blocks deriving a 2-player mixed equilibrium's probabilities from indifference."""
    if game.n_players != 2:
        return []
    exact = bool(eq.exact and game.exact is not None)
    blocks: list[Block] = []
    for i, j in ((0, 1), (1, 0)):
        sup_i = [k for k, x in enumerate(eq.strategies[i]) if x != 0]
        sup_j = [k for k, x in enumerate(eq.strategies[j]) if x != 0]
        if len(sup_j) < 2:
            continue  # j plays a pure strategy: nothing to solve for j's probabilities
        if len(sup_i) == 1:
            blocks.append(
                Paragraph(
                    f"{game.players[i]} plays {game.strategies[i][sup_i[0]]} for sure, so "
                    f"{game.players[j]}'s mixture need not make {game.players[i]} indifferent; "
                    f"it only has to keep {game.strategies[i][sup_i[0]]} a best reply."
                )
            )
            continue
        if len(sup_j) == 2:
            blocks.extend(_two_support(game, eq, i, j, exact))
        else:
            by_hand = _system_by_hand(game, eq, i, j) if exact else None
            blocks.extend(by_hand if by_hand is not None else _system(game, eq, i, j, exact))
    return blocks
