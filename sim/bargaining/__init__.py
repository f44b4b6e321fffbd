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

__all__ = [
    "SPEC",
    "BargainingResult",
    "BargainingScenario",
    "OptionCurve",
    "analyse",
    "fearon_range",
    "kalai_smorodinsky",
    "nash_bargaining",
    "outside_option_curve",
    "rubinstein",
]

SPEC = register_kind(
    KindSpec(
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
    )
)
