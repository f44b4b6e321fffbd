"""Conditions over options: the small language of ``infeasible``, ``merge`` and preference
statements.

Grammar (whitespace free-form)::

    DM.option        the option is taken (Y); a bare ``option`` works when only one DM has it
    -DM.option       not taken (also ``not DM.option``)
    A and B, A or B  (also ``&`` and ``|``); parentheses group
    X if C           (statements) X must hold whenever C holds: ``(not C) or X``
    X iff C          X holds exactly when C holds

A condition compiles to a function from option-indicator arrays to a bool array, so one call
evaluates it on every combination of options at once.  Errors carry the file location and
suggest the nearest option name.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..scenario.errors import Location, ScenarioError, did_you_mean
from ..scenario.expr import MAX_FORMULA_LENGTH, check_depth

__all__ = ["Condition", "compile_condition"]

_IF = re.compile(r"\s+if\s+")
_IFF = re.compile(r"\s+iff\s+")


@dataclass(frozen=True)
class Condition:
    text: str
    fn: Callable[[np.ndarray], np.ndarray]  # (N, m) bool bits -> (N,) bool
    options: frozenset[int]

    def __call__(self, bits: np.ndarray) -> np.ndarray:
        return np.asarray(self.fn(bits), dtype=bool).reshape(bits.shape[0])


def _prepare(text: str) -> str:
    """Turn the conflict spellings into a Python expression ast can parse."""
    src = text.strip()
    parts = _IFF.split(src)
    if len(parts) > 2:
        raise ValueError("use 'iff' once per statement (X iff C)")
    if len(parts) == 2:
        a, b = parts
        src = f"(({a}) and ({b})) or (not ({a}) and not ({b}))"
    elif " else " not in src:
        parts = _IF.split(src)
        if len(parts) == 2:
            src = f"(not ({parts[1]})) or ({parts[0]})"
        elif len(parts) > 2:
            raise ValueError("use 'if' once per statement (X if C)")
    src = src.replace("&&", " and ").replace("||", " or ")
    src = src.replace("&", " and ").replace("|", " or ").replace("!", " not ")
    return src


def compile_condition(
    text: str, loc: Location, dms: dict[str, dict[str, int]], what: str = "condition"
) -> Condition:
    """Compile ``text``; ``dms`` maps DM id -> {option id -> global option index}."""
    raw = str(text).strip()
    if not raw:
        raise ScenarioError(
            f"{what} is empty; write a condition such as 'US.blockade and not USSR.withdraw'", loc
        )
    if len(raw) > MAX_FORMULA_LENGTH:
        raise ScenarioError(
            f"{what} is {len(raw):,} characters long; a condition may have at most "
            f"{MAX_FORMULA_LENGTH:,}",
            loc,
        )
    try:
        src = _prepare(raw)
        tree = ast.parse(src, mode="eval")
    except (MemoryError, RecursionError):
        raise ScenarioError(f"{what} nests too deeply to read", loc) from None
    except (SyntaxError, ValueError) as exc:
        hint = exc.args[0] if isinstance(exc, ValueError) else "this is not a valid condition"
        raise ScenarioError(
            f"{hint} in {raw!r}; conditions use DM.option, -DM.option (not "
            "taken), and, or, not, parentheses, 'X if C' and 'X iff C'",
            loc,
        ) from None
    by_bare: dict[str, list[tuple[str, int]]] = {}
    for d, opts in dms.items():
        for o, idx in opts.items():
            by_bare.setdefault(o, []).append((d, idx))
    check_depth(tree.body, lambda node: loc)
    all_names = [f"{d}.{o}" for d, opts in dms.items() for o in opts]
    used: set[int] = set()

    def fail(msg: str, token: str | None = None):
        where = loc
        if token and loc.line:
            at = raw.find(token)
            if at >= 0:
                where = loc.shifted(at)
        raise ScenarioError(f"{msg} in {what} {raw!r}", where)

    def build(node) -> Callable[[np.ndarray], np.ndarray]:
        if isinstance(node, ast.Attribute):
            if not isinstance(node.value, ast.Name):
                fail("write options as DM.option")
            d, o = node.value.id, node.attr
            if d not in dms:
                fail(f"unknown decision maker '{d}'{did_you_mean(d, list(dms))}", f"{d}.")
            if o not in dms[d]:
                fail(f"unknown option '{o}' of {d}{did_you_mean(o, list(dms[d]))}", f"{d}.{o}")
            idx = dms[d][o]
            used.add(idx)
            return lambda b, i=idx: b[:, i]
        if isinstance(node, ast.Name):
            o = node.id
            if o in dms:
                fail(
                    f"'{o}' is a decision maker; write {o}.<option> (one of {', '.join(dms[o])})", o
                )
            hits = by_bare.get(o, [])
            if not hits:
                fail(f"unknown option '{o}'{did_you_mean(o, list(by_bare) + all_names)}", o)
            if len(hits) > 1:
                fail(
                    f"option '{o}' belongs to several decision makers "
                    f"({', '.join(h[0] for h in hits)}); write DM.{o}",
                    o,
                )
            idx = hits[0][1]
            used.add(idx)
            return lambda b, i=idx: b[:, i]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub):
            inner = build(node.operand)
            return lambda b, f=inner: ~f(b)
        if isinstance(node, ast.BoolOp):
            parts = [build(v) for v in node.values]
            if isinstance(node.op, ast.And):

                def conj(b, ps=parts):
                    out = ps[0](b)
                    for p in ps[1:]:
                        out = out & p(b)
                    return out

                return conj

            def disj(b, ps=parts):
                out = ps[0](b)
                for p in ps[1:]:
                    out = out | p(b)
                return out

            return disj
        if (
            isinstance(node, ast.Constant)
            and node.value in (0, 1)
            and not isinstance(node.value, bool)
        ):
            v = bool(node.value)
            return lambda b, v=v: np.full(b.shape[0], v)
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            fail(f"option numbers like {node.value} are not used in negsim; write DM.option")
        fail(f"'{ast.unparse(node)}' is not allowed")

    fn = build(tree.body)
    return Condition(raw, fn, frozenset(used))
