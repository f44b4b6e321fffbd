"""Bargaining (issue 8): who gets what, and how outside options move the deal.

:mod:`.solutions` has the Nash bargaining solution, Kalai–Smorodinsky, Rubinstein alternating
offers (with outside options) and Fearon's bargaining range; :mod:`.scenario` reads ``kind:
bargaining`` scenarios.  Importing this package registers the kind with the scenario loader.
"""

from __future__ import annotations

from ..scenario.common import KindSpec, register_kind
from . import scenario, schema  # noqa: F401  (schema registers its fragment)
from .solutions import fearon_range, kalai_smorodinsky, nash_bargaining, rubinstein

__all__ = ["fearon_range", "kalai_smorodinsky", "nash_bargaining", "rubinstein"]

register_kind(KindSpec(
    name="bargaining",
    keys=scenario.TOP_KEYS,
    load=scenario.load_bargaining,
    analyse=scenario.analyse,
    to_text=scenario.to_text,
    to_json=scenario.to_json,
    summary="dividing gains: Nash, Kalai–Smorodinsky, Rubinstein, Fearon's bargaining range",
))
