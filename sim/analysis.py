"""Moved to :mod:`sim.normal_form.analysis`; a re-export kept while other modules switch their
imports (``analyse`` keeps its old keywords: ``method="auto"``, ``with_dominance``)."""

from __future__ import annotations

from collections.abc import Mapping

from .normal_form.analysis import NormalFormResult, dominance_of, provenance

__all__ = ["Analysis", "analyse", "dominance_of", "provenance"]

Analysis = NormalFormResult


def analyse(scenario, overrides: Mapping | None = None, *, method: str = "auto",
            tol: float | None = None, time_limit: float | None = 60.0,
            with_dominance: bool = True) -> NormalFormResult:
    from .normal_form.analysis import analyse as _analyse

    return _analyse(scenario, overrides, method=method, tol=tol, time_limit=time_limit,
                    dominance=with_dominance)
