"""Safe payoff expressions, evaluated vectorised over the profile grid (and a parameter grid).

An expression is parsed with :mod:`ast` and checked against a whitelist before anything is
evaluated; user text is never passed to ``eval``/``exec``.  Allowed:

- numbers (``3``, ``1.5``, ``2/3`` — kept exact as Fractions), parameter names;
- strategy indicators ``Player.strategy`` (1 when that player plays that strategy, else 0);
- ``+ - * / **`` and unary ``-``/``+``; comparisons (``<``, ``<=``, ``==``, ...; 1 if true, else 0);
- ``and``, ``or``, ``not``; the conditional ``a if condition else b`` and ``ifelse(c, a, b)``;
- ``min(...)``, ``max(...)``, ``abs(x)``.

:meth:`Expr.evaluate` takes an environment mapping names to values and indicator keys
``(player, strategy)`` to arrays; numpy broadcasting does the rest, so one call evaluates the
expression at every profile (and at every point of a parameter grid, when the parameters are
arrays with extra leading axes).  With Fraction values in object arrays the result is exact.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .errors import Location, ScenarioError, did_you_mean
from .yamlsrc import MAX_MAGNITUDE, exact_number

__all__ = [
    "MAX_FORMULA_DEPTH",
    "check_depth",
    "MAX_FORMULA_LENGTH",
    "MAX_POWER_DIGITS",
    "Expr",
    "PowerTooLarge",
    "compile_expr",
]

#: the longest formula, in characters
MAX_FORMULA_LENGTH = 2000
#: the deepest nesting of operations in a formula (a sum of n terms nests n deep)
MAX_FORMULA_DEPTH = 100
_PLAIN_NUMBER = re.compile(r"^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")

_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_CMPOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
_FUNCS = ("min", "max", "abs", "ifelse")


def _as_bool(x: Any) -> Any:
    return np.asarray(x).astype(bool) if isinstance(x, np.ndarray) else bool(x)


def _num(x: Any) -> Any:
    """Booleans (from comparisons) become 0/1 so they can take part in arithmetic."""
    if isinstance(x, np.ndarray) and x.dtype == bool:
        return x.astype(np.int64)
    if isinstance(x, bool | np.bool_):
        return int(x)
    return x


@dataclass(frozen=True)
class Expr:
    """A compiled, whitelisted expression with the names it uses."""

    text: str
    tree: ast.Expression
    parameters: frozenset[str]
    indicators: frozenset[tuple[str, str]]
    loc: Location

    def evaluate(self, env: Mapping[Any, Any], exact: bool = True) -> Any:
        """Value of the expression; ``env`` maps parameter names and ``(player, strategy)``.

        With ``exact`` the numbers in the formula are Fractions (pass Fraction/object values in
        ``env`` for an exact result); otherwise they are floats, for fast float grids.
        """
        try:
            try:
                with np.errstate(divide="raise", invalid="raise", over="raise"):
                    return _num(self._eval(self.tree.body, env, exact))
            except _GUARDABLE:
                # a conditional may guard the failing part: evaluate each branch only where
                # it is taken (slower, so only when the plain evaluation failed)
                with np.errstate(divide="raise", invalid="raise", over="raise"):
                    return _num(self._eval(self.tree.body, env, exact, guarded=True))
        except (ZeroDivisionError, FloatingPointError):
            raise ScenarioError(
                f"expression {self.text!r} divides by zero (or overflows) for some "
                "profile or parameter value; guard it with a conditional",
                self.loc,
            ) from None
        except PowerTooLarge as exc:
            raise ScenarioError(
                f"expression {self.text!r}: {exc}; rescale its unit", self.loc
            ) from None
        except OverflowError:
            raise ScenarioError(
                f"expression {self.text!r} gives a number too large to handle", self.loc
            ) from None

    def _eval(
        self, node: ast.AST, env: Mapping[Any, Any], exact: bool, guarded: bool = False
    ) -> Any:
        if isinstance(node, ast.Constant):
            value: Any = node.value  # a Fraction: compile_expr converts every number
            return value if exact else float(value)
        if isinstance(node, ast.Name):
            return env[node.id]
        if isinstance(node, ast.Attribute):
            assert isinstance(node.value, ast.Name)  # compile_expr allows Player.strategy only
            return env[(node.value.id, node.attr)]
        if isinstance(node, ast.BinOp):
            left = _num(self._eval(node.left, env, exact, guarded))
            right = _num(self._eval(node.right, env, exact, guarded))
            if isinstance(node.op, ast.Pow):
                return _power(left, right)
            return _BINOPS[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp):
            v = self._eval(node.operand, env, exact, guarded)
            if isinstance(node.op, ast.Not):
                return np.logical_not(_as_bool(v)) if isinstance(v, np.ndarray) else not v
            v = _num(v)
            return -v if isinstance(node.op, ast.USub) else +v
        if isinstance(node, ast.Compare):
            result = None
            left = _num(self._eval(node.left, env, exact, guarded))
            for op, comp in zip(node.ops, node.comparators):
                right = _num(self._eval(comp, env, exact, guarded))
                part = _CMPOPS[type(op)](left, right)
                result = part if result is None else np.logical_and(result, part)
                left = right
            return result
        if isinstance(node, ast.BoolOp):
            vals = [self._eval(v, env, exact, guarded) for v in node.values]
            fn = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
            out = vals[0]
            for v in vals[1:]:
                out = fn(out, v)
            return out
        if guarded and isinstance(node, ast.IfExp):
            return self._branches(node.test, node.body, node.orelse, env, exact)
        if (
            guarded
            and isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "ifelse"
        ):
            return self._branches(node.args[0], node.args[1], node.args[2], env, exact)
        if isinstance(node, ast.IfExp):
            return _where(
                self._eval(node.test, env, exact),
                self._eval(node.body, env, exact),
                self._eval(node.orelse, env, exact),
            )
        if isinstance(node, ast.Call):
            assert isinstance(node.func, ast.Name)  # compile_expr allows named functions only
            name = node.func.id
            args = [_num(self._eval(a, env, exact, guarded)) for a in node.args]
            if name == "abs":
                return abs(args[0]) if not isinstance(args[0], np.ndarray) else np.abs(args[0])
            if name == "ifelse":
                return _where(args[0], args[1], args[2])
            reduce = np.minimum if name == "min" else np.maximum
            out = args[0]
            for a in args[1:]:
                if isinstance(out, np.ndarray) or isinstance(a, np.ndarray):
                    out = reduce(out, a)
                else:
                    out = min(out, a) if name == "min" else max(out, a)
            return out
        raise AssertionError(f"unvalidated node {ast.dump(node)}")  # pragma: no cover

    def _branches(
        self, test: ast.AST, body: ast.AST, orelse: ast.AST, env: Mapping[Any, Any], exact: bool
    ) -> Any:
        """``body if test else orelse`` with each branch evaluated only where it is taken, so
        that a division the condition guards against is never computed."""
        cond = _as_bool(self._eval(test, env, exact, guarded=True))
        if not isinstance(cond, np.ndarray) or cond.ndim == 0:
            return self._eval(body if bool(cond) else orelse, env, exact, guarded=True)
        used = self.parameters | self.indicators
        arrays = [v for k, v in env.items() if k in used and isinstance(v, np.ndarray)]
        shape = np.broadcast_shapes(cond.shape, *(a.shape for a in arrays))
        full = np.broadcast_to(cond, shape)
        parts = []
        for mask, branch in ((full, body), (~full, orelse)):
            if not mask.any():
                continue
            sub = {
                k: np.broadcast_to(v, shape)[mask] if isinstance(v, np.ndarray) else v
                for k, v in env.items()
                if k in used
            }
            parts.append((mask, _num(self._eval(branch, sub, exact, guarded=True))))
        exact_parts = any(
            isinstance(v, Fraction) or (isinstance(v, np.ndarray) and v.dtype == object)
            for _, v in parts
        )
        out = np.empty(
            shape, dtype=object if exact_parts else np.result_type(*(v for _, v in parts))
        )
        for mask, value in parts:
            out[mask] = value
        return out


class PowerTooLarge(ArithmeticError):
    """A power whose value (or exact form) is too large to compute; checked before computing."""


_GUARDABLE = (ZeroDivisionError, FloatingPointError, PowerTooLarge, OverflowError)


#: most decimal digits an exact power may need in numerator or denominator (a cost bound: tiny
#: results such as ``(1/10)**200`` stay exact, ``10**(-10**9)`` is refused instead of hanging)
MAX_POWER_DIGITS = 10_000
_MAX_LOG10 = math.log10(MAX_MAGNITUDE)


def _log10_abs(x: object) -> float:
    """``log10|x|`` of a number (Fractions and ints of any size too); ``-inf`` for zero."""
    if isinstance(x, Fraction):
        if x == 0:
            return -math.inf
        return math.log10(abs(x.numerator)) - math.log10(x.denominator)
    if isinstance(x, int | np.integer):
        return math.log10(abs(int(x))) if x != 0 else -math.inf
    v = abs(float(x))  # type: ignore[arg-type]
    return math.log10(v) if v > 0 else -math.inf


def _exact_digits(x: object) -> float:
    """Decimal digits of the larger of numerator and denominator of an exact number."""
    q = Fraction(x)  # type: ignore[call-overload]  # ints and Fractions only
    return max(math.log10(abs(q.numerator) or 1), math.log10(q.denominator))


def _logs(x: object, fn: Callable[[object], float]) -> np.ndarray:
    if isinstance(x, np.ndarray):
        if x.dtype != object:
            with np.errstate(divide="ignore", invalid="ignore"):
                if fn is _log10_abs:
                    return np.log10(np.abs(x.astype(float)))
                return np.log10(np.maximum(np.abs(x.astype(float)), 1.0))
        return np.vectorize(fn, otypes=[float])(x) if x.size else np.zeros(x.shape)
    return np.asarray(fn(x), dtype=float)


def _check_power(base: object, exp: object) -> None:
    """Refuse ``base ** exp`` before computing it when the result would pass the magnitude
    bound (its size is about ``exp * log10|base|`` decimal digits) or, for an exact power,
    would need more than :data:`MAX_POWER_DIGITS` digits."""
    e = np.asarray(exp, dtype=object if isinstance(exp, Fraction) else None)
    e = e.astype(float) if e.dtype == object else e.astype(float, copy=False)
    if not np.any(e):
        return
    with np.errstate(invalid="ignore", over="ignore"):
        size = _logs(base, _log10_abs) * e  # nan for 0 ** 0, -inf for 0 ** positive
        worst = np.nanmax(size, initial=-np.inf)
        if worst > _MAX_LOG10:
            raise PowerTooLarge(f"a power in it would be about 10^{worst:.3g}, more than 1e100")
        exact = isinstance(base, Fraction | int) or (
            isinstance(base, np.ndarray) and base.dtype == object
        )
        if exact and isinstance(exp, Fraction) and exp.denominator == 1:
            digits = float(np.max(_logs(base, _exact_digits), initial=0.0)) * abs(float(exp))
            if digits > MAX_POWER_DIGITS:
                raise PowerTooLarge(
                    f"a power in it would need about {digits:.3g} digits to "
                    f"compute exactly (more than {MAX_POWER_DIGITS})"
                )


def _iroot(n: int, k: int) -> int | None:
    """The integer ``k``-th root of ``n >= 0`` when it is one, else ``None``."""
    if n < 2:
        return n
    r = 1 << -(-n.bit_length() // k)  # at least the root
    for _ in range(10_000):  # Newton's method from above decreases to the root
        if r <= 0:
            break
        nxt = ((k - 1) * r + n // r ** (k - 1)) // k
        if nxt >= r:
            break
        r = nxt
    for c in (r - 1, r, r + 1):
        if c >= 0 and c**k == n:
            return c
    return None


def _rational_root(base: object, exp: Fraction) -> Fraction | None:
    """``base ** exp`` exactly when it is rational (``4 ** 0.5`` is 2), else ``None``."""
    if not isinstance(base, Fraction | int) or exp.denominator > 64:
        return None
    b = Fraction(base)
    if b < 0:
        return None
    num, den = _iroot(b.numerator, exp.denominator), _iroot(b.denominator, exp.denominator)
    if num is None or den is None:
        return None
    return Fraction(num, den) ** exp.numerator


def _power(base: Any, exp: Any) -> Any:
    _check_power(base, exp)
    if isinstance(exp, Fraction) and exp.denominator != 1:
        if isinstance(base, np.ndarray) and base.dtype == object:
            roots = [_rational_root(b, exp) for b in base.flat]
            if all(r is not None for r in roots):
                return np.array(roots, dtype=object).reshape(base.shape)
        else:
            root = _rational_root(base, exp)
            if root is not None:
                return root
    if isinstance(exp, Fraction) and exp.denominator == 1:
        e = int(exp)
        if isinstance(base, np.ndarray):
            if base.dtype == object:
                return np.vectorize(lambda b: Fraction(b) ** e, otypes=[object])(base)
            return np.power(base.astype(float), e)
        return Fraction(base) ** e
    # non-integer exponent: the result is irrational in general; go to floats
    return np.power(np.asarray(base, dtype=float), np.asarray(exp, dtype=float))


def _where(cond: Any, a: Any, b: Any) -> Any:
    c = _as_bool(cond)
    if isinstance(c, np.ndarray) or isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = _num(a), _num(b)
        if any(isinstance(x, np.ndarray) and x.dtype == object for x in (a, b)) or any(
            isinstance(x, Fraction) for x in (a, b)
        ):
            c, a, b = np.broadcast_arrays(
                np.asarray(c), np.asarray(a, dtype=object), np.asarray(b, dtype=object)
            )
            return np.where(c, a, b)
        return np.where(c, a, b)
    return a if c else b


def check_depth(root: ast.AST, where: Callable[[ast.AST], Location]) -> None:
    """Refuse a formula nested deeper than :data:`MAX_FORMULA_DEPTH` (walked without
    recursion, before the recursive checks and evaluation)."""
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_FORMULA_DEPTH:
            raise ScenarioError(
                f"the formula nests operations more than {MAX_FORMULA_DEPTH} deep here (a sum "
                f"of n terms or n nested 'if/else' nest n deep); split it with parameters or "
                "use a payoff table",
                where(node),
            )
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


def constant_expr(value: Any, loc: Location) -> Expr:
    """An expression that is the number ``value`` (a Fraction, or a float for approximate
    games): what :func:`compile_expr` would give for its text, without parsing it.  For payoff
    tables read from files of numbers (Gambit ``.nfg``), one per cell."""
    return Expr(
        str(value),
        ast.Expression(body=ast.Constant(value)),
        frozenset(),
        frozenset(),
        loc,
    )


def compile_expr(
    text: str,
    loc: Location,
    parameters: Mapping[str, object] | set[str],
    strategies: Mapping[str, tuple[str, ...]],
) -> Expr:
    """Parse and whitelist ``text``; names must be parameters or ``Player.strategy`` indicators."""
    src = str(text).strip()
    if not src:
        raise ScenarioError(
            "payoff expression is empty; write a formula such as '3*DPRK.freeze'", loc
        )
    if "^" in src:
        raise ScenarioError(f"'^' in {src!r}: write powers with '**' (as in 'x**2')", loc)
    if len(src) > MAX_FORMULA_LENGTH:
        raise ScenarioError(
            f"the formula is {len(src):,} characters long; a formula may have at most "
            f"{MAX_FORMULA_LENGTH:,} (use parameters or a payoff table for long ones)",
            loc,
        )
    try:
        tree = ast.parse(src, mode="eval")
    except (MemoryError, RecursionError):
        raise ScenarioError(
            f"the formula nests too deeply to read (at most {MAX_FORMULA_DEPTH} levels)", loc
        ) from None
    except SyntaxError as exc:
        col = loc.col + (exc.offset or 1) - 1 if loc.line else loc.col
        msg = exc.msg.replace("invalid syntax", "this is not a valid formula")
        raise ScenarioError(
            f"{msg} in {src!r}; formulas use numbers, parameter names, "
            "Player.strategy, + - * / **, comparisons, min, max, abs and "
            "'a if condition else b'",
            Location(loc.file, loc.line, col, loc.path),
        ) from None
    params: set[str] = set()
    inds: set[tuple[str, str]] = set()

    def where(node: ast.AST) -> Location:
        off = getattr(node, "col_offset", 0)
        return loc.shifted(off) if loc.line else loc

    check_depth(tree.body, where)

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Expression):
            return visit(node.body)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise ScenarioError(
                    f"{node.value!r} is not allowed in a formula; use numbers, "
                    "parameters and Player.strategy",
                    where(node),
                )
            # numbers are read exactly as written (never through a float) and kept exact in the
            # tree; evaluate() turns them into floats on request
            literal = ast.get_source_segment(src, node) or repr(node.value)
            if not _PLAIN_NUMBER.match(literal):
                raise ScenarioError(
                    f"{literal!r} is not a number negsim reads; write plain decimals such as "
                    "16, 1000 or 2.5e3 (no 0x, 0o, 0b or '_')",
                    where(node),
                )
            try:
                exact = exact_number(literal)
            except ValueError as exc:
                shown = literal if len(literal) <= 40 else literal[:30] + "..."
                raise ScenarioError(f"{shown!r} {exc}", where(node)) from None
            node.value = exact  # type: ignore[assignment]
            return
        if isinstance(node, ast.Name):
            if node.id in parameters:
                params.add(node.id)
                return
            if node.id in strategies:
                raise ScenarioError(
                    f"'{node.id}' alone is a player; write {node.id}.<strategy> "
                    f"(one of {', '.join(strategies[node.id])})",
                    where(node),
                )
            choices = list(parameters) + [f"{p}.{s}" for p, ss in strategies.items() for s in ss]
            raise ScenarioError(
                f"unknown name '{node.id}' in {src!r}{did_you_mean(node.id, choices)}", where(node)
            )
        if isinstance(node, ast.Attribute):
            if not isinstance(node.value, ast.Name):
                raise ScenarioError(
                    f"write strategy indicators as Player.strategy in {src!r}", where(node)
                )
            player, strat = node.value.id, node.attr
            if player not in strategies:
                raise ScenarioError(
                    f"unknown player '{player}' in {src!r}{did_you_mean(player, strategies)}",
                    where(node),
                )
            if strat not in strategies[player]:
                raise ScenarioError(
                    f"unknown strategy '{strat}' for {player}"
                    f"{did_you_mean(strat, strategies[player])}",
                    where(node),
                )
            inds.add((player, strat))
            return
        if isinstance(node, ast.BinOp):
            if type(node.op) not in _BINOPS:
                raise ScenarioError(
                    f"operator {type(node.op).__name__} is not allowed in {src!r}; use + - * / **",
                    where(node),
                )
            visit(node.left)
            visit(node.right)
            return
        if isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.USub | ast.UAdd | ast.Not):
                raise ScenarioError(f"operator not allowed in {src!r}", where(node))
            visit(node.operand)
            return
        if isinstance(node, ast.Compare):
            for op in node.ops:
                if type(op) not in _CMPOPS:
                    raise ScenarioError(
                        f"comparison not allowed in {src!r}; use < <= > >= == !=", where(node)
                    )
            visit(node.left)
            for c in node.comparators:
                visit(c)
            return
        if isinstance(node, ast.BoolOp):
            for v in node.values:
                visit(v)
            return
        if isinstance(node, ast.IfExp):
            visit(node.test)
            visit(node.body)
            visit(node.orelse)
            return
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCS:
                fname = getattr(node.func, "id", None) or ast.unparse(node.func)
                raise ScenarioError(
                    f"'{fname}(...)' is not allowed in {src!r}; functions are "
                    "min, max, abs and ifelse(condition, a, b)",
                    where(node),
                )
            if node.keywords:
                raise ScenarioError(f"keyword arguments are not allowed in {src!r}", where(node))
            n = len(node.args)
            fid = node.func.id
            if (
                (fid == "abs" and n != 1)
                or (fid == "ifelse" and n != 3)
                or (fid in ("min", "max") and n < 2)
            ):
                need = {
                    "abs": "1 argument",
                    "ifelse": "3 arguments (condition, a, b)",
                    "min": "2 or more arguments",
                    "max": "2 or more arguments",
                }[fid]
                raise ScenarioError(f"{fid}() takes {need} in {src!r}", where(node))
            for a in node.args:
                visit(a)
            return
        raise ScenarioError(
            f"'{ast.unparse(node)}' is not allowed in a payoff formula; use "
            "numbers, parameters, Player.strategy, arithmetic, comparisons, "
            "min/max/abs and 'a if condition else b'",
            where(node),
        )

    visit(tree)
    return Expr(src, tree, frozenset(params), frozenset(inds), loc)
