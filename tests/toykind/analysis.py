"""``analyse(scenario, overrides=None, **options) -> ToyResult``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sim.scenario.common import Meta, apply_overrides

from .load import ToyScenario

__all__ = ["ToyResult", "analyse"]


@dataclass(frozen=True, kw_only=True)
class ToyResult:
    scenario: ToyScenario
    parameters: Mapping[str, Fraction | float]
    offer: Fraction | float | None
    notes: tuple[str, ...] = ()

    @property
    def meta(self) -> Meta:
        return self.scenario.meta

    @property
    def shares(self) -> tuple[Fraction | float, Fraction | float] | None:
        """(proposer, responder), or None when no offer is accepted."""
        if self.offer is None:
            return None
        return (self.parameters["pie"] - self.offer, self.offer)


def analyse(scenario: ToyScenario, overrides: Mapping[str, Any] | None = None) -> ToyResult:
    values = apply_overrides(scenario.parameters, overrides)
    pie, pride = values["pie"], values["pride"]
    acceptable = [o for o in scenario.offers if pride <= o <= pie]
    notes: tuple[str, ...] = ()
    if not acceptable:
        notes = (f"no listed offer is between pride = {pride} and pie = {pie}: no deal",)
    return ToyResult(
        scenario=scenario,
        parameters=values,
        offer=min(acceptable) if acceptable else None,
        notes=notes,
    )
