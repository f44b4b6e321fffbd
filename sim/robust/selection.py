"""Equilibrium selection across the draws of a 2x2 game: risk dominance and trust thresholds.

At each draw (from the normal-form kind's batch session, :func:`sim.normal_form.batch.
selection_2x2`): which pure equilibrium is risk-dominant (Harsanyi–Selten: the larger product of
the two players' deviation losses; the only strict equilibrium when there is one), and each
player's *trust threshold*, the smallest probability it must put on the other playing its part
of the cooperative profile (the one with the largest total payoff at the scenario's values) for
its own part to be a best reply.  This module turns those per-draw arrays into frequencies with
Wilson intervals and quantiles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .sensitivity import wilson

__all__ = ["QUANTILES", "RiskStat", "Selection", "TrustStat", "summarise"]

#: the trust-threshold quantiles reported (in percent)
QUANTILES = (5, 25, 50, 75, 95)


@dataclass(frozen=True, kw_only=True)
class RiskStat:
    """How often one pure profile is the risk-dominant equilibrium."""

    label: str
    count: int
    probability: float
    ci: tuple[float, float]


@dataclass(frozen=True, kw_only=True)
class TrustStat:
    """One player's trust threshold over the draws.

    ``quantiles[q]``: the q% quantile (``None``: cooperation is never a best reply in that
    share of draws); ``mean``: over the draws where it can be one (``None`` if none);
    ``never``/``always``: the share of draws where cooperation is never a best reply, and
    where it is one whatever the other does (threshold 0)."""

    player: str
    name: str
    strategy: str
    quantiles: dict[int, float | None]
    mean: float | None
    never: float
    always: float


@dataclass(frozen=True, kw_only=True)
class Selection:
    """Risk dominance and trust thresholds over all draws of a 2x2 game."""

    cooperative: str
    risk: tuple[RiskStat, ...]
    undetermined: int
    trust: tuple[TrustStat, ...]
    draws: int

    def risk_of(self, label: str) -> RiskStat | None:
        for r in self.risk:
            if r.label == label:
                return r
        return None


def summarise(
    risk: np.ndarray,
    trust: np.ndarray,
    *,
    strategies: Sequence[Sequence[str]],
    players: Sequence[str],
    player_names: Sequence[str],
    cooperative: tuple[int, int],
) -> Selection:
    """Frequencies and quantiles from the per-draw arrays (``risk``: profile index or -1;
    ``trust``: ``(draws, 2)``, ``inf`` for never)."""
    n = len(risk)
    s0, s1 = strategies
    counts = np.bincount(risk[risk >= 0].astype(np.int64), minlength=4)
    stats = tuple(
        RiskStat(
            label=f"{s0[b // 2]}, {s1[b % 2]}",
            count=int(counts[b]),
            probability=int(counts[b]) / n if n else 0.0,
            ci=wilson(int(counts[b]), n),
        )
        for b in range(4)
    )
    per = []
    for i in range(2):
        t = np.asarray(trust[:, i], dtype=np.float64)
        finite = np.isfinite(t)
        qs: dict[int, float | None] = {}
        for q in QUANTILES:
            v = float(np.quantile(t, q / 100, method="inverted_cdf")) if n else float("nan")
            qs[q] = v if np.isfinite(v) else None
        per.append(
            TrustStat(
                player=players[i],
                name=player_names[i],
                strategy=strategies[i][cooperative[i]],
                quantiles=qs,
                mean=float(t[finite].mean()) if finite.any() else None,
                never=float((~finite).mean()) if n else 0.0,
                always=float((t == 0).mean()) if n else 0.0,
            )
        )
    return Selection(
        cooperative=f"{s0[cooperative[0]]}, {s1[cooperative[1]]}",
        risk=stats,
        undetermined=int((risk < 0).sum()),
        trust=tuple(per),
        draws=n,
    )
