"""The kind contract: how every scenario kind plugs into negsim.

A *kind* (``normal-form``, ``sequential``, ``repeated``, ``bargaining``, ``conflict``, and any
added later) is one package that registers one :class:`KindSpec`.  Everything that serves every
kind — the CLI, sweeps, robustness, explanations, handouts, the web page — goes through the
functions at the bottom of this module and never asks which kind it holds.

The pieces a kind supplies::

    load(doc, meta) -> Scenario                   validated, frozen; raises ScenarioError
    analyse(scenario, overrides=None, **options) -> Result    frozen, keyword-only dataclass
    to_text(result) -> str                        the report's body (no title, no sources)
    to_dict(result) -> dict                       the JSON body, plain JSON types only
    outcomes(result) -> tuple[str, ...]           stable outcome labels (what sweeps count)
    charts: {name: Chart}, default_chart          Chart.draw(result, **options) -> Figure
    explain(result, **options) -> tuple[Section]  the kind's teaching sections

A scenario has ``meta`` (:class:`~sim.scenario.common.Meta`) and ``parameters`` (a tuple of
:class:`~sim.scenario.common.Parameter`).  A result has ``meta``, ``parameters`` (the values
used, a mapping name → number) and ``notes``.  The envelope (:func:`envelope`) and the title block
(:func:`sim.textlayout.title_block`) are built here from those, so no kind can forget them.

Kinds never import one another; what several need (the game model, the payoff-formula loader,
numbers, geometry, labels, method choice, text layout) lives in the shared core.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ._version import __version__
from .numbers import json_number, jsonable
from .scenario.common import Meta, Parameter
from .scenario.errors import Location, ScenarioError, did_you_mean

__all__ = [
    "KINDS",
    "KIND_MODULES",
    "Chart",
    "KindResult",
    "KindSpec",
    "METHOD",
    "Option",
    "PointSession",
    "TIME_LIMIT",
    "TOL",
    "analyse",
    "check_options",
    "draw",
    "envelope",
    "explain_sections",
    "get_kind",
    "kind_names",
    "outcomes",
    "register_kind",
    "to_dict",
    "to_text",
]


class KindScenario(Protocol):
    """What every kind's scenario object offers."""

    @property
    def meta(self) -> Meta: ...

    @property
    def parameters(self) -> tuple[Parameter, ...]: ...


class KindResult(Protocol):
    """What every kind's result object offers (a frozen, keyword-only dataclass)."""

    @property
    def meta(self) -> Meta: ...

    @property
    def parameters(self) -> Mapping[str, Any]: ...

    @property
    def notes(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, kw_only=True)
class Option:
    """A setting of ``analyse`` (or of a chart) that the command line offers as ``--NAME``.

    ``name`` is the keyword (``time_limit``); the flag is ``--time-limit``.  ``parse`` turns the
    command-line text into the value (raising :class:`ScenarioError`); ``choices`` limits it.
    """

    name: str
    help: str
    choices: tuple[str, ...] | None = None
    metavar: str | None = None
    parse: Callable[[str], Any] | None = None
    default: Any = None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True, kw_only=True)
class Chart:
    """One chart of a kind: ``draw(result, **options) -> matplotlib.figure.Figure``.

    Charts are pure functions of the result (which carries its scenario); they never call
    ``plt.show`` or ``plt.subplots`` (which keeps figures alive in pyplot's registry) and import
    matplotlib only when called.  ``needs`` names what the chart needs beyond the result
    (``"vary"``: a swept parameter).
    """

    name: str
    about: str
    draw: Callable[..., Any]
    options: tuple[Option, ...] = ()
    needs: tuple[str, ...] = ()


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not (value > 0 and value < float("inf")):
        raise ScenarioError(
            f"--time-limit {text!r}: give a positive number of seconds", Location("--time-limit")
        )
    return value


def _tolerance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not (0 <= value < 1):
        raise ScenarioError(
            f"--tol {text!r}: give a tolerance in [0, 1), e.g. 1e-9", Location("--tol")
        )
    return value


#: settings several kinds take, defined once so that every kind spells them the same way
METHOD = Option(
    name="method",
    metavar="METHOD",
    help="equilibrium method (default: every equilibrium the size allows; "
    "see `negsim solve --help`)",
)
TIME_LIMIT = Option(
    name="time_limit",
    metavar="SECONDS",
    parse=_positive_seconds,
    help="give up solving after this long and say what was done (default 60)",
)
TOL = Option(
    name="tol",
    metavar="TOL",
    parse=_tolerance,
    help="certification tolerance on max regret for float methods (default 1e-9)",
)


def _no_check(scenario: Any) -> None:
    return None


def _no_sections(result: Any, **options: Any) -> tuple[Any, ...]:
    return ()


def _no_warnings(scenario: Any) -> tuple[str, ...]:
    return ()


@dataclass(frozen=True, kw_only=True)
class KindSpec:
    """Everything negsim needs to know about one kind (see the module docstring).

    Optional parts: ``check(scenario)`` evaluates what can fail at the defaults without solving
    (``negsim validate``); ``warnings(scenario)`` are sentences about modelling choices that are
    valid but probably not meant (``negsim validate`` prints them); ``schema`` is the kind's
    JSON-schema fragment (``negsim schema``);
    ``readers`` maps a file extension to ``read(path) -> scenario`` (Gambit ``.nfg``/``.efg``);
    ``exports`` maps a format to ``write(scenario, overrides) -> str``; ``sweep_batch`` answers many
    parameter points at once (``sweep_batch(scenario, points, **options) -> list[tuple[str, ...]]``,
    the outcomes per point), for kinds with a vectorised path; ``handout_charts`` are the charts
    a handout embeds (default: the default chart).
    """

    name: str
    summary: str
    keys: tuple[str, ...]
    load: Callable[..., Any]
    analyse: Callable[..., Any]
    to_text: Callable[[Any], str]
    to_dict: Callable[[Any], dict[str, Any]]
    outcomes: Callable[[Any], tuple[str, ...]]
    charts: Mapping[str, Chart] = field(default_factory=dict)
    default_chart: str | None = None
    explain: Callable[..., Sequence[Any]] = _no_sections
    options: tuple[Option, ...] = ()
    check: Callable[[Any], None] = _no_check
    warnings: Callable[[Any], tuple[str, ...]] = _no_warnings
    schema: Mapping[str, Any] | None = None
    readers: Mapping[str, Callable[[Path], Any]] = field(default_factory=dict)
    exports: Mapping[str, Callable[..., str]] = field(default_factory=dict)
    sweep_batch: Callable[..., list[tuple[str, ...]]] | None = None
    handout_charts: tuple[str, ...] | None = None

    def option(self, name: str) -> Option | None:
        for o in self.options:
            if o.name == name:
                return o
        return None


class PointSession:
    """The counting part of a sweep or robustness session that analyses points one by one.

    A session (see :mod:`sim.sweep.engine`) answers ``evaluate(points)`` with the outcome labels
    of each point.  This base counts the points analysed and the seconds spent, collects
    messages, chooses the bisection steps per threshold from the time per point, and moves its
    counts between processes (``state`` on a worker, ``absorb`` where the chunks come home).
    Subclasses add ``evaluate`` and ``describe``, and update ``points`` and ``seconds``.
    """

    has_fast_path = False

    def __init__(self) -> None:
        self.points = 0
        self.seconds = 0.0
        self.messages: set[str] = set()

    def iterations(self) -> int:
        """Bisection steps per threshold: fewer when each point is slow to analyse."""
        per_point = self.seconds / max(1, self.points)
        if per_point < 0.005:
            return 20
        return 10 if per_point < 0.02 else (6 if per_point < 0.2 else 4)

    def stats(self) -> dict[str, int]:
        return {"analysed_points": self.points}

    def columns(self) -> dict[str, tuple]:
        return {}

    def state(self) -> dict[str, Any]:
        """What :meth:`absorb` needs to count another session's work as this one's."""
        return {"points": self.points, "seconds": self.seconds, "messages": set(self.messages)}

    def absorb(self, state: Mapping[str, Any]) -> None:
        self.points += state["points"]
        self.seconds += state["seconds"]
        self.messages |= state["messages"]


#: kind name → the module that registers it when imported.  Adding a kind is one line here.
KIND_MODULES: dict[str, str] = {
    "normal-form": "sim.normal_form",
    "sequential": "sim.sequential",
    "repeated": "sim.repeated",
    "bargaining": "sim.bargaining",
    "conflict": "sim.conflict",
}

KINDS: dict[str, KindSpec] = {}


def register_kind(spec: KindSpec) -> KindSpec:
    """Register (or replace) a kind; returns ``spec``."""
    KINDS[spec.name] = spec
    return spec


def load_kinds(names: Sequence[str] | None = None) -> None:
    """Import the packages of ``names`` (default: every known kind) so that they register."""
    for name in names if names is not None else list(KIND_MODULES):
        if name not in KINDS and name in KIND_MODULES:
            importlib.import_module(KIND_MODULES[name])


def kind_names() -> list[str]:
    load_kinds()
    return sorted(KINDS)


def get_kind(what: Any, loc: Location | None = None) -> KindSpec:
    """The :class:`KindSpec` of a kind name, a scenario or a result."""
    name = what if isinstance(what, str) else what.meta.kind
    if name not in KINDS:
        load_kinds([name])
    if name not in KINDS:
        load_kinds()
        raise ScenarioError(
            f"unknown kind {name!r}{did_you_mean(name, sorted(KINDS))}", loc or Location()
        )
    return KINDS[name]


def check_options(spec: KindSpec, options: Mapping[str, Any]) -> dict[str, Any]:
    """The options a kind accepts; any other (given, not ``None``) is a located error."""
    out: dict[str, Any] = {}
    for key, value in options.items():
        if value is None:
            continue
        opt = spec.option(key)
        if opt is None:
            takers = sorted(k.name for k in KINDS.values() if k.option(key) is not None)
            flag = "--" + key.replace("_", "-")
            where = f"{', '.join(takers)} scenarios only" if takers else "no kind of scenario"
            raise ScenarioError(
                f"{flag} applies to {where}; this scenario is of kind '{spec.name}'", Location(flag)
            )
        if opt.choices is not None and value not in opt.choices:
            raise ScenarioError(
                f"{opt.flag} {value!r}: use one of {', '.join(opt.choices)}", Location(opt.flag)
            )
        out[key] = value
    return out


def analyse(scenario: Any, overrides: Mapping[str, Any] | None = None, **options: Any) -> Any:
    """Analyse a scenario of any kind (options the kind does not take are an error)."""
    from .display import adopt_result

    spec = get_kind(scenario)
    result = spec.analyse(scenario, overrides, **check_options(spec, options))
    adopt_result(type(result))
    return result


def _parameter_json(value: Any) -> Any:
    """A parameter value as a JSON number (``--set drill_value=4`` reads back as ``4``)."""
    try:
        return json_number(value)
    except (TypeError, ValueError):
        return jsonable(value)


def envelope(result: Any) -> dict[str, Any]:
    """The keys every ``--json`` object starts with."""
    meta = result.meta
    return {
        "scenario": meta.title,
        "file": meta.file,
        "kind": meta.kind,
        "sources": list(meta.sources),
        "claims": list(meta.claims),
        "parameters": {str(k): _parameter_json(v) for k, v in result.parameters.items()},
        "negsim_version": __version__,
    }


def to_dict(result: Any) -> dict[str, Any]:
    """The whole ``--json`` object of a result: the envelope, then the kind's body."""
    body = get_kind(result).to_dict(result)
    out = envelope(result)
    for key, value in body.items():
        if key not in out:
            out[key] = value
    if result.notes and "notes" not in out:
        out["notes"] = list(result.notes)
    return out


def to_text(result: Any) -> str:
    """The whole text report: the title block, the kind's body, the notes, the sources."""
    from .textlayout import closing_blocks, title_block

    spec = get_kind(result)
    scenario = getattr(result, "scenario", None)
    declared = getattr(scenario, "parameters", ()) if scenario is not None else ()
    parts = [title_block(result.meta, result.parameters, declared)]
    body = spec.to_text(result).strip("\n")
    if body:
        parts.append(body)
    parts.extend(closing_blocks(result.meta, result.notes))
    return "\n\n".join(parts) + "\n"


def outcomes(result: Any) -> tuple[str, ...]:
    """The result's outcome classes as stable labels (sorted, no duplicates)."""
    return tuple(sorted(set(get_kind(result).outcomes(result))))


def draw(result: Any, chart: str | None = None, **options: Any) -> Any:
    """Draw one of the result's kind's charts (its default chart when ``chart`` is None)."""
    spec = get_kind(result)
    name = chart or spec.default_chart
    if name is None or name not in spec.charts:
        known = sorted(spec.charts)
        what = f"chart {name!r}" if name else "default chart"
        hint = f"; its charts: {', '.join(known)}" if known else ""
        raise ScenarioError(f"a '{spec.name}' scenario has no {what}{hint}", Location("--chart"))
    return spec.charts[name].draw(result, **options)


def explain_sections(result: Any, **options: Any) -> tuple[Any, ...]:
    """The kind's teaching sections for ``result``."""
    return tuple(get_kind(result).explain(result, **options))
