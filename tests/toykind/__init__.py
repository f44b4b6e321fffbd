"""The ``toy`` kind: a minimal kind written by following CONTRIBUTING.md ("Add a kind").

An ultimatum: the proposer picks one of the listed ``offers``; the responder accepts an offer of at
least ``pride``; the proposer makes the smallest acceptable offer (or there is no deal).  The kind
is one package with the same files as every kind, and one :class:`~sim.contract.KindSpec`.
Registering it takes one line: ``KIND_MODULES["toy"] = "tests.toykind"`` (the tests do that with
``monkeypatch``; a kind shipped with negsim has its line in :data:`sim.contract.KIND_MODULES`).
"""

from __future__ import annotations

from sim.contract import Chart, KindSpec, register_kind

from .analysis import ToyResult, analyse
from .charts import draw_shares
from .explain import explain
from .load import TOY_KEYS, ToyScenario, load_toy
from .report import outcomes, to_dict, to_text
from .schema import SCHEMA

__all__ = ["SPEC", "ToyResult", "ToyScenario"]

SPEC = register_kind(
    KindSpec(
        name="toy",
        summary="a toy ultimatum: the smallest offer the responder accepts",
        keys=TOY_KEYS,
        load=load_toy,
        analyse=analyse,
        to_text=to_text,
        to_dict=to_dict,
        outcomes=outcomes,
        charts={"shares": Chart(name="shares", about="what each side gets", draw=draw_shares)},
        default_chart="shares",
        explain=explain,
        schema=SCHEMA,
    )
)
