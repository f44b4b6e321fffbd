"""Loading the toy kind: ``split`` (A's share, 0..1), ``rule`` and ``parameters``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sim.scenario.common import Meta, Parameter, apply_overrides, parse_parameters
from sim.scenario.errors import Location, Problems, ScenarioError
from sim.scenario.yamlsrc import Scalar, expect

KEYS = ("parameters", "split", "rule")


@dataclass(frozen=True)
class ToyScenario:
    meta: Meta
    parameters: tuple[Parameter, ...]
    split: float
    rule: str = "fixed"


def load(doc, meta: Meta) -> ToyScenario:
    problems = Problems()
    doc.check_keys(
        ("format", "kind", "title", "summary", "sources", "claims", "assumptions", "notes") + KEYS
    )
    params = parse_parameters(doc.get("parameters"), problems)
    split = 0.5
    if "split" in doc:
        split = float(expect(doc.get("split"), Scalar, "split").number("split"))
        if not 0 <= split <= 1:
            problems.add(doc.get("split").loc, "split must be between 0 and 1")
    rule = "fixed"
    if "rule" in doc:
        rule = expect(doc.get("rule"), Scalar, "rule").value
    problems.raise_if_any()
    return ToyScenario(meta, params, split, rule)


def check(scenario: ToyScenario) -> None:
    values = apply_overrides(scenario.parameters, None)
    if values.get("pie", 1) == 0:
        raise ScenarioError("the pie is empty at the defaults", Location(scenario.meta.file))


def read_toy(path: Path) -> ToyScenario:
    """A one-line file ``TITLE;PIE;SPLIT``."""
    text = path.read_text(encoding="utf-8").strip()
    try:
        title, pie, split = text.split(";")
        return ToyScenario(
            Meta(str(path), "pie", title), (Parameter("pie", float(pie)),), float(split)
        )
    except ValueError:
        raise ScenarioError(
            "a .toy file is one line TITLE;PIE;SPLIT", Location(str(path), 1, 1)
        ) from None


def write_toy(scenario: ToyScenario, overrides=None) -> str:
    values = apply_overrides(scenario.parameters, overrides)
    return f"{scenario.meta.title};{float(values.get('pie', 1))};{scenario.split}\n"
