"""Moved to :mod:`sim.normal_form.report` (and :mod:`sim.numbers`); a re-export kept while other
modules switch their imports."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..normal_form.report import dominance_to_json, equilibrium_to_json, solve_to_json
from ..numbers import exact_str

__all__ = ["analysis_to_json", "dominance_to_json", "equilibrium_to_json", "exact_str", "number",
           "result_to_json"]


def number(x) -> float | int:
    if isinstance(x, Fraction):
        return int(x) if x.denominator == 1 else float(x)
    if isinstance(x, int):
        return x
    return float(x)


def result_to_json(game, result) -> dict[str, Any]:
    """A bare game and a solver's result, with the provenance the solver kept."""
    from .._version import __version__

    prov = result.provenance
    out = {
        "scenario": prov.get("scenario", game.title),
        "file": prov.get("file"),
        "kind": prov.get("kind", "normal-form"),
        "sources": prov.get("sources", []),
        "claims": prov.get("claims", []),
        "parameters": {k: number(v) for k, v in prov.get("parameters", {}).items()},
    }
    out.update(solve_to_json(game, result))
    out["negsim_version"] = __version__
    return out


def analysis_to_json(analysis) -> dict[str, Any]:
    """The whole ``negsim run --json`` object (:func:`sim.contract.to_dict`)."""
    from ..contract import to_dict

    return to_dict(analysis)
