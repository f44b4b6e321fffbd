"""Repeated play: a normal-form stage game plus a ``repetition:`` block (kind ``repeated``).

:mod:`.load` reads the scenario, :mod:`.analysis` analyses it, :mod:`.report` renders it
(text body, JSON body, outcome labels), :mod:`.explain` teaches it and :mod:`.charts` draws it.
The solution modules: :mod:`.thresholds` gives the discount factors at which grim trigger and
tit-for-tat sustain a stage profile (exact Fractions), :mod:`.stage` the minmax payoffs and the
feasible individually rational region, :mod:`.machines` and :mod:`.simulate` noisy play between
state machines and a round-robin tournament, :mod:`.finite` backward induction over a finite
horizon.

Importing this package registers the kind (:func:`sim.contract.register_kind`).
"""

from __future__ import annotations

from ..contract import METHOD, TIME_LIMIT, KindSpec, register_kind
from . import schema
from .analysis import RepeatedResult, ThresholdCurve, analyse, check, threshold_curve
from .charts import CHARTS, DEFAULT_CHART
from .explain import explain
from .finite import backward_induction
from .load import TOP_KEYS, RepeatedScenario, load
from .machines import BUILTINS, Machine, builtin
from .report import outcomes, to_dict, to_text
from .simulate import play, tournament
from .stage import feasible_ir_region, minmax
from .thresholds import grim_trigger_threshold, tit_for_tat_threshold

__all__ = [
    "BUILTINS",
    "SPEC",
    "Machine",
    "RepeatedResult",
    "RepeatedScenario",
    "ThresholdCurve",
    "analyse",
    "backward_induction",
    "builtin",
    "feasible_ir_region",
    "grim_trigger_threshold",
    "minmax",
    "play",
    "threshold_curve",
    "tit_for_tat_threshold",
    "tournament",
]

SPEC = register_kind(
    KindSpec(
        name="repeated",
        summary="a stage game played again and again: discount thresholds, minmax, simulation",
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
        schema=schema.REPEATED,
    )
)
