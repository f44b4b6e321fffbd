"""YAML → a frozen :class:`ToyScenario`, every problem located."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sim.scenario.common import HEADER_KEYS, Meta, Parameter, parse_parameters
from sim.scenario.errors import Problems, ScenarioError
from sim.scenario.yamlsrc import Map, Scalar, Seq, expect

__all__ = ["TOY_KEYS", "ToyScenario", "load_toy"]

#: the kind's top-level keys besides the header (title, summary, sources, ...)
TOY_KEYS = ("parameters", "offers")
#: parameters the analysis reads
NEEDED = ("pie", "pride")


@dataclass(frozen=True)
class ToyScenario:
    meta: Meta
    parameters: tuple[Parameter, ...]
    offers: tuple[Fraction | float, ...]


def load_toy(doc: Map, meta: Meta) -> ToyScenario:
    problems = Problems()
    doc.check_keys(HEADER_KEYS + TOY_KEYS, problems, where="at the top level")
    params = parse_parameters(doc.get("parameters"), problems)
    missing = [n for n in NEEDED if n not in {p.name for p in params}]
    if missing and not problems:
        problems.add(
            doc.loc,
            f"declare the parameters {', '.join(missing)} "
            "(pie: what is split; pride: the least offer accepted)",
        )
    offers: list[Fraction | float] = []
    try:
        seq = expect(doc.require("offers", "what the proposer may offer"), Seq, "offers")
        for item in seq:
            offers.append(expect(item, Scalar, "each offer").number("offer"))
        if not offers:
            problems.add(seq.loc, "offers: list at least one offer")
    except ScenarioError as exc:
        problems.extend(exc)
    problems.raise_if_any()
    return ToyScenario(meta=meta, parameters=params, offers=tuple(offers))
