"""The toy analysis: who gets what."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sim.scenario.common import Meta, apply_overrides

RULES = ("fixed", "equal")


@dataclass(frozen=True, kw_only=True)
class ToyResult:
    scenario: Any
    parameters: Mapping[str, Any]
    notes: tuple[str, ...] = ()
    shares: tuple[float, float]
    rule: str

    @property
    def meta(self) -> Meta:
        return self.scenario.meta


def analyse(scenario, overrides=None, *, rule=None) -> ToyResult:
    values = apply_overrides(scenario.parameters, overrides)
    rule = rule or scenario.rule
    pie = float(values.get("pie", 1))
    split = 0.5 if rule == "equal" else scenario.split
    notes = ("split equally by --rule equal",) if rule == "equal" else ()
    return ToyResult(
        scenario=scenario,
        parameters=values,
        notes=notes,
        shares=(pie * split, pie * (1 - split)),
        rule=rule,
    )
