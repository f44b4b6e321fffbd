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

SPEC = register_kind(KindSpec(
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
