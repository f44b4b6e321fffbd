"""A two-parameter toy kind with known outcome probabilities, for the robustness tests.

Outcomes: ``coop`` when x < 3, ``war`` when x ≥ 3, ``calm`` when y < 2, ``both`` when x < 3 and
y < 2 (so with x ~ U(0, 6) and y ~ U(1, 4): P(coop) = 1/2, P(calm) = 1/3, P(both) = 1/6).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sim import contract
from sim.scenario.common import Meta, Parameter, apply_overrides
from sim.scenario.uncertainty import Distribution, Uncertainty


@dataclass(frozen=True, kw_only=True)
class ToyScenario:
    meta: Meta
    parameters: tuple[Parameter, ...]


@dataclass(frozen=True, kw_only=True)
class ToyResult:
    scenario: Any
    meta: Meta
    parameters: dict
    notes: tuple[str, ...] = ()


def analyse(scenario, overrides=None, **options):
    values = apply_overrides(scenario.parameters, overrides)
    return ToyResult(scenario=scenario, meta=scenario.meta, parameters=values)


def outcomes(result):
    x, y = float(result.parameters["x"]), float(result.parameters["y"])
    out = ["coop" if x < 3 else "war"]
    if y < 2:
        out.append("calm")
    if x < 3 and y < 2:
        out.append("both")
    return tuple(out)


SPEC = contract.KindSpec(
    name="robust-toy",
    summary="a toy for robustness tests",
    keys=(),
    load=lambda doc, meta: None,
    analyse=analyse,
    to_text=lambda r: "toy",
    to_dict=lambda r: {},
    outcomes=outcomes,
)


def register() -> None:
    contract.register_kind(SPEC)


def scenario(
    x_dist=("uniform", (0.0, 6.0)), y_dist=("uniform", (1.0, 4.0)), draws=20000, seed=7
) -> ToyScenario:
    register()
    dists = tuple(
        Distribution(parameter=n, family=f, args=a) for n, (f, a) in (("x", x_dist), ("y", y_dist))
    )
    meta = Meta(
        file="<toy>",
        kind="robust-toy",
        title="Toy",
        uncertainty=Uncertainty(draws=draws, seed=seed, distributions=dists),
    )
    params = (
        Parameter("x", Fraction(1), Fraction(0), Fraction(6)),
        Parameter("y", Fraction(1), Fraction(0), Fraction(6)),
    )
    return ToyScenario(meta=meta, parameters=params)
