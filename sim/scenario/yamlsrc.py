"""YAML with locations: safe parsing into a small node tree that remembers line and column.

We compose the document with PyYAML's *safe* loader and never use its type resolution for values
we validate: a scalar keeps its raw text, so a strategy called ``no`` stays the string ``"no"``
(YAML 1.1 would turn it into ``False``).  Numbers are read by :meth:`Scalar.number`, which accepts
integers, decimals and fractions like ``1/3`` exactly (as :class:`fractions.Fraction`).

Every accessor that can fail raises :class:`~sim.scenario.errors.ScenarioError` with the node's
location, so kind loaders can be written as straight-line code.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, ClassVar, TypeVar

import yaml

from .errors import Location, Problems, ScenarioError, did_you_mean

__all__ = ["Map", "Node", "Scalar", "Seq", "exact_number", "parse_yaml", "YAML11_BOOLEANS"]

YAML11_BOOLEANS = frozenset(
    "y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF".split()
)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_FRACTION = re.compile(r"^[+-]?\d+\s*/\s*\d+$")
# Numbers beyond this cannot be computed with in floating point (products overflow); scenario
# values that large are a slip of the keyboard or a unit that needs rescaling.
MAX_MAGNITUDE = 10**100
#: most digits the exact form (numerator or denominator) of a number written in a file may have
MAX_NUMBER_DIGITS = 100
_DECIMAL_PARTS = re.compile(r"^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,12}))?$")
#: the deepest nesting of lists and mappings a scenario may have (a game tree of about 60 moves)
MAX_DEPTH = 200
#: the most values (scalars, lists, mappings) a scenario may have once its aliases are expanded
MAX_NODES = 200_000


def exact_number(text: str) -> Fraction:
    """The exact value of a decimal (``-1.5``, ``2e-3``) or fraction (``2/3``) as written.

    The size is worked out from the text before anything is computed, so ``1e999999999`` or a
    4000-digit number is refused at once. Raises :class:`ValueError` with a reason to show
    (empty when the text is simply not a number).
    """
    raw = text.strip()
    if _FRACTION.match(raw):
        num, den = (part.strip() for part in raw.split("/"))
        if max(len(num.lstrip("+-")), len(den)) > MAX_NUMBER_DIGITS:
            raise ValueError(f"has more than {MAX_NUMBER_DIGITS} digits; round it")
        if int(den) == 0:
            raise ValueError("divides by zero")
        value = Fraction(int(num), int(den))
    else:
        m = _DECIMAL_PARTS.match(raw) if _NUMBER.match(raw) else None
        if m is None:
            raise ValueError("")
        sign, whole, frac, exp_text = m.groups()
        frac = frac or ""
        exp = int(exp_text or 0)
        digits = (whole + frac).lstrip("0")
        if not digits:
            return Fraction(0)
        magnitude = len(digits) - len(frac) + exp - 1  # floor(log10|value|)
        if magnitude > math.log10(MAX_MAGNITUDE):
            raise ValueError("is too large to compute with (more than 1e100); rescale its unit")
        if magnitude < -math.log10(MAX_MAGNITUDE):
            raise ValueError(
                "is too small to compute with (less than 1e-100 and not 0); rescale its unit"
            )
        if max(len(digits), len(frac) - exp) > MAX_NUMBER_DIGITS:
            raise ValueError(f"has more than {MAX_NUMBER_DIGITS} digits; round it")
        shift = exp - len(frac)
        value = Fraction(int(digits) * 10 ** max(shift, 0), 10 ** max(-shift, 0))
        if sign == "-":
            value = -value
    if abs(value) > MAX_MAGNITUDE:
        raise ValueError("is too large to compute with (more than 1e100); rescale its unit")
    return value


@dataclass(frozen=True)
class Node:
    loc: Location

    kind: ClassVar[str] = "node"

    def fail(self, message: str) -> ScenarioError:
        return ScenarioError(message, self.loc)


@dataclass(frozen=True)
class Scalar(Node):
    value: str = ""
    quoted: bool = False
    tag: str = ""

    kind: ClassVar[str] = "a single value"

    @property
    def is_null(self) -> bool:
        return not self.quoted and self.value in ("", "~", "null", "Null", "NULL")

    def text(self, what: str = "value") -> str:
        if self.is_null:
            raise self.fail(f"{what} is empty; write a value")
        return self.value

    def number(self, what: str = "value") -> Fraction | float:
        """An exact Fraction for integers, decimals and ``p/q``; a float only for ``inf``-free
        scientific notation that is not exactly representable (never in practice)."""
        try:
            return exact_number(self.value)
        except ValueError as exc:
            if str(exc):
                shown = self.value if len(self.value) <= 40 else self.value[:30] + "..."
                raise self.fail(f"{what} {shown!r} {exc}") from None
        raise self.fail(f"{what} must be a number (like 3, -1.5 or 2/3), not {self.value!r}")

    def boolean(self, what: str = "value") -> bool:
        if self.value in ("true", "True", "yes", "Yes", "on"):
            return True
        if self.value in ("false", "False", "no", "No", "off"):
            return False
        raise self.fail(f"{what} must be true or false, not {self.value!r}")


@dataclass(frozen=True)
class Seq(Node):
    items: tuple[Node, ...] = ()

    kind: ClassVar[str] = "a list"

    def __iter__(self) -> Iterator[Node]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Map(Node):
    entries: tuple[tuple[Scalar, Node], ...] = ()
    _index: dict[str, Node] = field(default_factory=dict, compare=False, repr=False)

    kind: ClassVar[str] = "a mapping (key: value lines)"

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {k.value: v for k, v in self.entries})

    def keys(self) -> list[str]:
        return [k.value for k, _ in self.entries]

    def get(self, key: str, default: Node | None = None) -> Node | None:
        """The value node of ``key``, or ``default``; :meth:`require` when it must be there."""
        return self._index.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self._index

    def items(self) -> list[tuple[Scalar, Node]]:
        return list(self.entries)

    def key_node(self, key: str) -> Scalar | None:
        for k, _ in self.entries:
            if k.value == key:
                return k
        return None

    def require(self, key: str, what: str | None = None) -> Node:
        if key not in self._index:
            raise self.fail(f"missing required key '{key}'" + (f" ({what})" if what else ""))
        return self._index[key]

    def check_keys(
        self,
        allowed: list[str] | tuple[str, ...],
        problems: Problems | None = None,
        where: str = "here",
    ) -> None:
        """Reject keys not in ``allowed`` (all of them at once when ``problems`` is None)."""
        own = problems if problems is not None else Problems()
        for k, _ in self.entries:
            if k.value not in allowed:
                own.add(k.loc, f"unknown key '{k.value}' {where}{did_you_mean(k.value, allowed)}")
        if problems is None:
            own.raise_if_any()


NodeT = TypeVar("NodeT", bound=Node)


def expect(node: Node | None, cls: type[NodeT], what: str) -> NodeT:
    """Return ``node`` if it is of type ``cls`` (Map, Seq, Scalar), else raise a located error.

    The return type is ``cls``'s, so ``expect(doc.get("players"), Map, "players").items()``
    type-checks.  ``None`` (a key that is absent) is an error without a location; check
    ``key in doc`` or use :meth:`Map.require` to say where.
    """
    if node is None:
        raise ScenarioError(f"{what} is missing", Location())
    if not isinstance(node, cls):
        raise node.fail(f"{what} must be {cls.kind}, not {node.kind}")
    return node


def _convert(node: yaml.Node, file: str, path: str, problems: Problems) -> Node:
    loc = Location(file, node.start_mark.line + 1, node.start_mark.column + 1, path)
    if isinstance(node, yaml.ScalarNode):
        return Scalar(loc, node.value, quoted=node.style in ("'", '"'), tag=node.tag)
    if isinstance(node, yaml.SequenceNode):
        return Seq(
            loc,
            tuple(_convert(n, file, f"{path}[{i}]", problems) for i, n in enumerate(node.value)),
        )
    if isinstance(node, yaml.MappingNode):
        entries = []
        seen: dict[str, Location] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                problems.add(
                    Location(file, knode.start_mark.line + 1, knode.start_mark.column + 1, path),
                    "keys must be plain names, not lists or mappings",
                )
                continue
            key = knode.value
            kpath = f"{path}.{key}" if path else key
            kloc = Location(file, knode.start_mark.line + 1, knode.start_mark.column + 1, kpath)
            if key in seen:
                problems.add(
                    kloc,
                    f"duplicate key '{key}' (first at line {seen[key].line}); "
                    "each key may appear once",
                )
                continue
            seen[key] = kloc
            entries.append(
                (
                    Scalar(kloc, key, quoted=knode.style in ("'", '"'), tag=knode.tag),
                    _convert(vnode, file, kpath, problems),
                )
            )
        return Map(loc, tuple(entries))
    raise ScenarioError(f"unsupported YAML node {node!r}", loc)  # pragma: no cover


def _mark_loc(file: str, mark: Any) -> Location:
    return Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)


def _check_events(text: str, file: str) -> None:
    """Refuse, before anything is built, what would make the tree huge or deep: nesting past
    :data:`MAX_DEPTH`, more than :data:`MAX_NODES` values once aliases are expanded (a "billion
    laughs" file), an alias inside its own anchor, and explicit tags (``!!float``, ``!foo``), which
    negsim would otherwise ignore."""
    sizes: dict[str, int] = {}
    stack: list[list] = []  # [count, anchor] of each open list or mapping
    total = 0

    def add(count: int, mark: Any, new: int | None = None) -> None:
        """``count`` values more in the open list or mapping, ``new`` of them not yet counted."""
        nonlocal total
        if stack:
            stack[-1][0] += count
        total += count if new is None else new
        if total > MAX_NODES:
            raise ScenarioError(
                f"the file has more than {MAX_NODES:,} values once its aliases (*name) are "
                "expanded; a scenario is far smaller than this",
                _mark_loc(file, mark),
            )

    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        tag = getattr(event, "tag", None)
        if tag is not None and isinstance(
            event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
        ):
            if tag.startswith("tag:yaml.org,2002:"):
                tag = "!!" + tag[len("tag:yaml.org,2002:") :]
            raise ScenarioError(
                f"YAML tags such as {tag!r} are not read by negsim; remove the tag and write "
                "the plain value",
                _mark_loc(file, event.start_mark),
            )
        if isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                sizes[event.anchor] = 1
            add(1, event.start_mark)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor in (frame[1] for frame in stack):
                raise ScenarioError(
                    f"the alias *{event.anchor} is inside its own anchor &{event.anchor}; "
                    "a value cannot contain itself",
                    _mark_loc(file, event.start_mark),
                )
            add(sizes.get(event.anchor or "", 1), event.start_mark)
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            stack.append([1, event.anchor])
            if len(stack) > MAX_DEPTH:
                raise ScenarioError(
                    f"lists and mappings are nested more than {MAX_DEPTH} deep here; "
                    "a scenario needs far fewer levels",
                    _mark_loc(file, event.start_mark),
                )
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            count, anchor = stack.pop()
            if anchor:
                sizes[anchor] = count
            add(count, event.start_mark, new=1)  # the values inside were counted as they came


def parse_yaml(text: str, file: str = "<scenario>") -> Map:
    """Parse one YAML document into a located :class:`Map` (the document must be a mapping)."""
    try:
        _check_events(text, file)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        problem = exc.problem or "not valid YAML"
        hint = ""
        if "tab" in str(problem).lower() or "\t" in text:
            hint = "; indent with spaces, not tabs"
        raise ScenarioError(f"this is not valid YAML: {problem}{hint}", loc) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"this is not valid YAML: {exc}", Location(file)) from None
    except UnicodeError:  # pragma: no cover - defensive
        raise ScenarioError("the file is not UTF-8 text", Location(file)) from None
    if root is None:
        raise ScenarioError(
            "the file is empty; a scenario starts with 'format: negsim/1'", Location(file, 1, 1)
        )
    problems = Problems()
    tree = _convert(root, file, "", problems)
    problems.raise_if_any()
    if not isinstance(tree, Map):
        raise ScenarioError(
            "a scenario file must be a mapping of keys "
            f"(format:, kind:, title:, ...), not {tree.kind}",
            tree.loc,
        )
    return tree
