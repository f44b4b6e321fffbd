"""The page's robustness summary: :func:`sim.robust.robust` with a few draws, on demand.

The draws come from the file's ``uncertainty:`` block at the file's seed; a file without one is
drawn within ±25% of each value (``negsim robust --spread 25%``).  Parameters moved on a slider
are fixed at their slider value, as ``--set`` fixes them.  The number of draws is
:data:`DRAWS` where the scenario's shape has a fast path for draws and :data:`FEW_DRAWS` where it
is analysed draw by draw (:func:`sim.robust.quick_draws`): the same on every machine, never set
by the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..scenario.errors import Location, ScenarioError

__all__ = ["DRAWS", "FEW_DRAWS", "SPREAD", "summary"]

DRAWS = 2000
#: draws of a scenario analysed draw by draw (many-player normal form, repeated games)
FEW_DRAWS = 200
SPREAD = 0.25


def _pct(p: float) -> str:
    if p in (0.0, 1.0):
        return f"{100 * p:.0f}%"
    return f"{100 * p:.1f}%"


def summary(
    scenario: Any, overrides: Mapping[str, str], options: Mapping[str, str]
) -> dict[str, Any]:
    """How often each outcome holds under the drawn parameters, as JSON for the page."""
    from ..robust import quick_draws, robust

    unc = getattr(scenario.meta, "uncertainty", None)
    spread = None if unc is not None and unc.distributions else SPREAD
    if not scenario.parameters:
        raise ScenarioError(
            "this scenario has no parameters, so there is nothing to draw", Location("robust")
        )
    kw: dict[str, Any] = dict(sensitivity=False, keep_samples=False, spread=spread, **options)
    n = quick_draws(scenario, normal_form=DRAWS, fast_path=DRAWS, other=FEW_DRAWS)
    r = robust(scenario, overrides, draws=n, **kw)
    if spread is None:
        drawn = "the file's uncertainty block"
    else:
        drawn = f"uniformly within ±{round(100 * SPREAD)}% of each value (the file states none)"
    outcomes = [
        {
            "label": s.label,
            "holds": _pct(s.probability),
            "interval": f"{_pct(s.ci[0])} to {_pct(s.ci[1])}",
            "only": _pct(s.unique_probability),
            "baseline": s.in_baseline,
            "probability": s.probability,
        }
        for s in sorted(r.outcomes, key=lambda s: (-s.probability, s.label))
        if s.count > 0 or s.in_baseline
    ]
    return {
        "draws": r.draws,
        "seed": r.seed,
        "drawn": drawn,
        "parameters": [d.parameter for d in r.uncertainty],
        "outcomes": outcomes,
        "notes": list(r.notes),
        "seconds": round(r.seconds, 2),
    }
