"""Pieces every scenario kind shares: the memo header, parameters and overrides.

The kinds themselves register with :mod:`sim.contract`; the loader (:func:`sim.scenario.loads`)
dispatches on the file's ``kind:`` key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..numbers import fmt
from .errors import Location, Problems, ScenarioError, did_you_mean
from .yamlsrc import Map, Node, Scalar, Seq, expect

__all__ = [
    "FORMAT",
    "HEADER_KEYS",
    "Meta",
    "Parameter",
    "apply_overrides",
    "parse_assignments",
    "parse_header",
    "parse_parameters",
]

FORMAT = "negsim/1"
HEADER_KEYS = (
    "format",
    "kind",
    "title",
    "summary",
    "sources",
    "claims",
    "assumptions",
    "notes",
    "uncertainty",
)


@dataclass(frozen=True)
class Meta:
    """The memo part of every scenario: what it is, where it comes from, what it assumes."""

    file: str
    kind: str
    title: str
    summary: str = ""
    sources: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    notes: str = ""
    #: the ``uncertainty:`` block (:class:`sim.scenario.uncertainty.Uncertainty`), or None
    uncertainty: Any = None


@dataclass(frozen=True)
class Parameter:
    """A named number: default ``value``, optional range, a one-line ``about``."""

    name: str
    value: Fraction | float
    min: Fraction | float | None = None
    max: Fraction | float | None = None
    about: str = ""
    loc: Location = Location()

    def check(self, value: Fraction | float, loc: Location | None = None) -> None:
        where = loc or self.loc
        if self.min is not None and value < self.min:
            raise ScenarioError(
                f"parameter '{self.name}' = {_fmt(value)} is below its minimum {_fmt(self.min)}; "
                f"use a value in [{_fmt(self.min)}, {_fmt(self.max)}] or widen the range",
                where,
            )
        if self.max is not None and value > self.max:
            raise ScenarioError(
                f"parameter '{self.name}' = {_fmt(value)} is above its maximum {_fmt(self.max)}; "
                f"use a value in [{_fmt(self.min)}, {_fmt(self.max)}] or widen the range",
                where,
            )


def _fmt(x: Fraction | float | None) -> str:
    return "…" if x is None else fmt(x, digits=6)


def _strings(node: Node | None, what: str) -> tuple[str, ...]:
    if isinstance(node, Scalar):
        return () if node.is_null else (node.text(what),)
    seq = expect(node, Seq, what)
    out: list[str] = []
    for item in seq:
        out.append(expect(item, Scalar, f"each entry of {what}").text(what))
    return tuple(out)


def parse_header(doc: Map, kind: str) -> Meta:
    """The memo header (title required; summary, sources, claims, assumptions, notes optional)."""
    title = expect(doc.require("title", "a short name for the scenario"), Scalar, "title").text(
        "title"
    )
    summary = ""
    if "summary" in doc:
        summary = expect(doc.get("summary"), Scalar, "summary").value.strip()
    notes = ""
    if "notes" in doc:
        notes = expect(doc.get("notes"), Scalar, "notes").value.strip()
    uncertainty = None
    if "uncertainty" in doc:
        from .uncertainty import parse_uncertainty

        problems = Problems()
        uncertainty = parse_uncertainty(doc.get("uncertainty"), problems)
        problems.raise_if_any()
    return Meta(
        file=doc.loc.file,
        kind=kind,
        title=title,
        summary=summary,
        sources=_strings(doc.get("sources"), "sources") if "sources" in doc else (),
        claims=_strings(doc.get("claims"), "claims") if "claims" in doc else (),
        assumptions=_strings(doc.get("assumptions"), "assumptions") if "assumptions" in doc else (),
        notes=notes,
        uncertainty=uncertainty,
    )


PARAMETER_KEYS = ("value", "min", "max", "about")


def parse_parameters(node: Node | None, problems: Problems) -> tuple[Parameter, ...]:
    """``parameters:`` — ``name: {value: 2, min: 0, max: 6, about: "..."}`` or ``name: 2``."""
    if node is None or (isinstance(node, Scalar) and node.is_null):
        return ()
    params: list[Parameter] = []
    try:
        m = expect(node, Map, "parameters")
    except ScenarioError as exc:
        problems.extend(exc)
        return ()
    for key, val in m.items():
        name = key.value
        try:
            if not name.isidentifier():
                raise ScenarioError(
                    f"parameter name '{name}' must be a single word of letters, "
                    "digits and underscores (it is used inside payoff formulas)",
                    key.loc,
                )
            if isinstance(val, Scalar):
                params.append(Parameter(name, val.number(f"parameter '{name}'"), loc=key.loc))
                continue
            spec = expect(val, Map, f"parameter '{name}'")
            spec.check_keys(PARAMETER_KEYS, where=f"in parameter '{name}'")
            value = expect(spec.require("value", "its default value"), Scalar, "value").number(
                f"value of '{name}'"
            )
            lo = hi = None
            if "min" in spec:
                lo = expect(spec.get("min"), Scalar, "min").number(f"min of '{name}'")
            if "max" in spec:
                hi = expect(spec.get("max"), Scalar, "max").number(f"max of '{name}'")
            if lo is not None and hi is not None and lo > hi:
                raise ScenarioError(
                    f"parameter '{name}': min {_fmt(lo)} is above max {_fmt(hi)}",
                    spec.require("min").loc,
                )
            about = ""
            if "about" in spec:
                about = expect(spec.get("about"), Scalar, "about").value.strip()
            p = Parameter(name, value, lo, hi, about, key.loc)
            p.check(value, spec.require("value").loc)
            params.append(p)
        except ScenarioError as exc:
            problems.extend(exc)
            if name.isidentifier() and all(q.name != name for q in params):
                # the name still exists (the file is refused for its value): formulas that use
                # it are not reported as using an unknown name as well
                params.append(Parameter(name, Fraction(0), loc=key.loc))
    return tuple(params)


def parse_assignments(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["a=1", "b=2/3"]`` → ``{"a": "1", "b": "2/3"}``; raises ``ValueError`` on bad syntax."""
    out: dict[str, str] = {}
    for item in pairs:
        if "=" not in item:
            raise ValueError(f"--set expects name=value, got {item!r}")
        name, _, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not name or not value:
            raise ValueError(f"--set expects name=value, got {item!r}")
        out[name] = value
    return out


def _parse_number(text: str, what: str) -> Fraction | float:
    """A ``--set`` value (``3``, ``-1.5``, ``2/3``) read as a scenario number is read."""
    s = Scalar(Location("<command line>"), str(text))
    try:
        return s.number(what)
    except ScenarioError as exc:
        raise ScenarioError(exc.problems[0].message, Location("--set", 0, 0, what)) from None


def apply_overrides(
    params: tuple[Parameter, ...], overrides: Mapping[str, Any] | None
) -> dict[str, Fraction | float]:
    """Parameter values after ``--set`` overrides (strings or numbers), checked against ranges.

    Unknown names are an error with a suggestion; nothing the user asked for is silently dropped.
    """
    values: dict[str, Fraction | float] = {p.name: p.value for p in params}
    by_name = {p.name: p for p in params}
    for name, raw in (overrides or {}).items():
        if name not in by_name:
            known = list(by_name)
            hint = did_you_mean(name, known) if known else "; this scenario has no parameters"
            raise ScenarioError(f"unknown parameter '{name}'{hint}", Location("--set"))
        value: Fraction | float
        if isinstance(raw, str):
            value = _parse_number(raw, name)
        elif isinstance(raw, Fraction | int):
            value = Fraction(raw)
        else:
            value = float(raw)
        by_name[name].check(value, Location("--set", 0, 0, name))
        values[name] = value
    return values
