"""Repeated play (issue 8; bargaining lives in :mod:`sim.bargaining`).

Repeated games (kind ``repeated``): a normal-form stage game plus a ``repetition:`` block.
:mod:`.thresholds` gives the discount factors at which grim trigger and tit-for-tat sustain a
stage profile (exact Fractions), :mod:`.stage` the minmax payoffs and the feasible individually
rational region, :mod:`.machines` and :mod:`.simulate` noisy play between state machines and a
round-robin tournament, :mod:`.finite` backward induction over a finite horizon.

Importing this package registers the kind with the scenario loader.
"""

from __future__ import annotations

from ..scenario.common import KindSpec, register_kind
from . import scenario, schema  # noqa: F401  (schema registers its fragment)
from .finite import backward_induction
from .machines import BUILTINS, Machine, builtin
from .simulate import play, tournament
from .stage import feasible_ir_region, minmax
from .thresholds import grim_trigger_threshold, tit_for_tat_threshold

__all__ = [
    "BUILTINS",
    "Machine",
    "backward_induction",
    "builtin",
    "feasible_ir_region",
    "grim_trigger_threshold",
    "minmax",
    "play",
    "tit_for_tat_threshold",
    "tournament",
]

register_kind(KindSpec(
    name="repeated",
    keys=("parameters", "players", "payoffs", "repetition"),
    load=scenario.load_repeated,
    analyse=scenario.analyse,
    to_text=scenario.to_text,
    to_json=scenario.to_json,
    summary="a stage game played again and again: discount thresholds, minmax, simulation",
))
