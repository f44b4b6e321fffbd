"""The ``normal-form`` kind: players choose at the same time; payoffs by formula or table.

- :mod:`.load` — YAML through the shared payoff loader (:mod:`sim.scenario.payoffs`), Gambit
  ``.nfg`` files, the ``negsim validate`` check and the ``.nfg`` export;
- :mod:`.analysis` — :func:`analyse`: the game, its dominance steps and its equilibria
  (:class:`NormalFormResult`);
- :mod:`.report` — the text and JSON bodies and the outcome labels;
- :mod:`.explain` — the teaching sections; :mod:`.charts` — matrix, best response, dynamics,
  QRE and compare charts;
- :mod:`.tables` — payoff tables as data, for every output format.
"""

from __future__ import annotations

from ..contract import METHOD, TIME_LIMIT, TOL, KindSpec, Option, register_kind
from ..scenario.payoffs import PAYOFF_KEYS, NormalFormScenario
from .analysis import NormalFormResult, analyse
from .batch import sweep_batch
from .charts import CHARTS, DEFAULT_CHART, HANDOUT_CHARTS
from .inert import inert_warnings
from .load import check, load, read_nfg_scenario, write_nfg
from .report import outcomes, to_dict, to_text
from .schema import SCHEMA

__all__ = [
    "SPEC",
    "NormalFormResult",
    "NormalFormScenario",
    "analyse",
    "outcomes",
    "to_dict",
    "to_text",
]


OBJECTIVE = Option(
    name="objective",
    metavar="OBJ",
    help="what --method correlated maximises: welfare (default), egalitarian or player:ID",
)


def _explain(result, **options):
    from .explain import explain

    return explain(result, **options)


SPEC = register_kind(
    KindSpec(
        name="normal-form",
        summary="players choose simultaneously; payoffs by formula or table",
        keys=PAYOFF_KEYS,
        load=load,
        analyse=analyse,
        to_text=to_text,
        to_dict=to_dict,
        outcomes=outcomes,
        charts=CHARTS,
        default_chart=DEFAULT_CHART,
        explain=_explain,
        options=(METHOD, TIME_LIMIT, TOL, OBJECTIVE),
        check=check,
        warnings=inert_warnings,
        schema=SCHEMA,
        readers={".nfg": read_nfg_scenario},
        exports={"nfg": write_nfg},
        handout_charts=HANDOUT_CHARTS,
        sweep_batch=sweep_batch,
    )
)
