"""Bargaining: who gets what, and how outside options move the deal (kind ``bargaining``).

:mod:`.load` reads the scenario, :mod:`.analysis` solves it, :mod:`.report` renders it (text
body, JSON body, outcome labels), :mod:`.explain` teaches it and :mod:`.charts` draws it.
:mod:`.solutions` has the Nash bargaining solution, Kalai–Smorodinsky, Rubinstein alternating
offers (with outside options) and Fearon's bargaining range; the payoff geometry is the shared
:mod:`sim.geometry`.

Importing this package registers the kind (:func:`sim.contract.register_kind`).
"""

from __future__ import annotations

from ..contract import METHOD, TIME_LIMIT, KindSpec, register_kind
from . import schema
from .analysis import BargainingResult, OptionCurve, analyse, check, outside_option_curve
from .charts import CHARTS, DEFAULT_CHART
from .explain import explain
from .load import TOP_KEYS, BargainingScenario, load
from .report import outcomes, to_dict, to_text
from .solutions import fearon_range, kalai_smorodinsky, nash_bargaining, rubinstein

__all__ = ["SPEC", "BargainingResult", "BargainingScenario", "OptionCurve", "analyse",
           "fearon_range", "kalai_smorodinsky", "nash_bargaining", "outside_option_curve",
           "rubinstein"]

SPEC = register_kind(KindSpec(
    name="bargaining",
    summary="dividing gains: Nash, Kalai–Smorodinsky, Rubinstein, Fearon's bargaining range",
    keys=TOP_KEYS,
    load=load,
    analyse=analyse,
    to_text=to_text,
    to_dict=to_dict,
    outcomes=outcomes,
    charts=CHARTS,
    default_chart=DEFAULT_CHART,
    explain=explain,
    options=(METHOD, TIME_LIMIT),
    check=check,
    schema=schema.BARGAINING,
))


def _legacy_registration() -> None:
    """Bridge for code that still reads :data:`sim.scenario.common.KINDS` (``negsim explain``,
    ``export``): the same kind behind the old interface.  Delete once nothing reads it."""
    from .. import contract
    from ..scenario.common import KindSpec as LegacySpec
    from ..scenario.common import register_kind as legacy_register

    def legacy_analyse(scenario, overrides=None, options=None):
        opts = {k: v for k, v in dict(options or {}).items()
                if SPEC.option(k) is not None and v not in (None, "auto")}
        return contract.analyse(scenario, overrides, **opts)

    legacy_register(LegacySpec(name=SPEC.name, keys=SPEC.keys, load=load,
                               analyse=legacy_analyse, to_text=contract.to_text,
                               to_json=contract.to_dict, summary=SPEC.summary))


_legacy_registration()
