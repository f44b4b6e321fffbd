"""Which equilibrium, in games larger than 2x2: payoff dominance, pairwise risk dominance and
the basins of attraction of best-response and replicator dynamics (computed in
:mod:`sim.solvers.dynamics`).  The 2x2 case, with trust thresholds, is
:mod:`sim.normal_form.explain_selection`."""

from __future__ import annotations

from typing import Any

from ..explain.model import Block, Derivation, Paragraph, Section
from ..game import Game
from ..labels import equilibrium_label
from ..results import SolveResult
from ..solvers.dynamics import (
    MAX_BASIN_PROFILES,
    best_response_basins,
    pairwise_risk_dominance,
    payoff_dominance,
    replicator_basins,
)
from .explain_words import num

__all__ = [
    "BASIN_SEED",
    "BASIN_STARTS",
    "FEW_STARTS",
    "basin_starts",
    "section_basins",
    "selection_data",
]

#: random starting profiles for the basin estimates, and their seed; games of more than
#: :data:`FEW_STARTS_PLAYERS` players get :data:`FEW_STARTS` (each step of their dynamics
#: costs a product over every profile: six players took 8 s at 1000 starts)
BASIN_STARTS = 1000
FEW_STARTS = 250
FEW_STARTS_PLAYERS = 3
BASIN_SEED = 0


def basin_starts(game: Game) -> int:
    """How many random starts the basin estimates use for ``game`` (fixed by its size)."""
    return BASIN_STARTS if game.n_players <= FEW_STARTS_PLAYERS else FEW_STARTS


def _applies(game: Game, result: SolveResult) -> bool:
    if len(result.equilibria) < 2 or game.n_profiles > MAX_BASIN_PROFILES:
        return False
    if any(result.details.get(k) for k in ("tom", "correlated", "ess")):
        return False
    return game.n_players <= 16


def selection_data(game: Game, result: SolveResult) -> dict[str, Any] | None:
    """Payoff dominance, pairwise risk dominance and both basins, indexed like
    ``result.equilibria`` (``None`` when fewer than two equilibria or the game is too large)."""
    if not _applies(game, result):
        return None
    eqs = list(result.equilibria)
    dominant, dominated = payoff_dominance(game, eqs)
    starts = basin_starts(game)
    return {
        "payoff_dominant": dominant,
        "pareto_dominated": dominated,
        "risk": pairwise_risk_dominance(game, eqs),
        "basins": [
            best_response_basins(game, eqs, starts=starts, seed=BASIN_SEED, match=0.05),
            replicator_basins(game, eqs, starts=starts, seed=BASIN_SEED),
        ],
    }


def _margin(starts: int) -> str:
    """The 95% margin of a share near one half estimated from ``starts`` draws, in points."""
    return f"±{round(100 * 1.96 * (0.25 / starts) ** 0.5)}"


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def section_basins(game: Game, result: SolveResult) -> Section | None:
    """The teaching section, or ``None`` where it does not apply."""
    data = selection_data(game, result)
    if data is None:
        return None
    eqs = list(result.equilibria)
    names = [
        f"equilibrium {k + 1} ({equilibrium_label(game.strategies, e.as_floats())})"
        for k, e in enumerate(eqs)
    ]
    blocks: list[Block] = [
        Paragraph(
            f"The game has {len(eqs)} equilibria. Which one will the players end up at? Three "
            "classical answers: the one everyone prefers (payoff dominance), the safer one "
            "(risk dominance), and the one that play drifts to when the players adjust step by "
            "step from a random start (its basin of attraction)."
        )
    ]
    dom = data["payoff_dominant"]
    if dom is not None:
        blocks.append(
            Paragraph(f"Payoff dominance: every player prefers {names[dom]} to every other.")
        )
    else:
        blocks.append(
            Paragraph("Payoff dominance: no equilibrium is the best for every player at once.")
        )
    by: dict[int, list[int]] = {}
    for k, j in data["pareto_dominated"]:
        by.setdefault(j, []).append(k)
    for j, ks in by.items():
        which = ", ".join(names[k] for k in ks)
        blocks.append(
            Paragraph(
                f"Pareto-dominated by {names[j]}, which is at least as good for every player "
                f"and better for one: {which}."
            )
        )
    if data["risk"]:
        lines = []
        for k, j, pk, pj in data["risk"]:
            if pk == pj:
                verdict = "neither risk-dominates"
            else:
                w, l_ = (k, j) if pk > pj else (j, k)
                verdict = f"{names[w]} risk-dominates {names[l_]}"
            lines.append(
                f"{names[k]} against {names[j]}: Nash products {num(pk)} and {num(pj)}; {verdict}"
            )
        blocks.append(
            Derivation(
                tuple(lines),
                caption=(
                    "Risk dominance, pair by pair (Harsanyi–Selten, in the 2x2 game of the two "
                    "equilibria's strategies: the product of the deviation losses)"
                ),
            )
        )
    br, rep = data["basins"]
    rows = [
        f"{names[k]}: best response {_pct(br.shares[k])}, replicator {_pct(rep.shares[k])}"
        for k in range(len(eqs))
    ]
    if br.unsettled or rep.unsettled:
        rows.append(
            f"ending at none of them (cycling or still moving): best response "
            f"{_pct(br.unsettled)}, replicator {_pct(rep.unsettled)}"
        )
    blocks.append(
        Derivation(
            tuple(rows),
            caption=(
                f"Basins of attraction: the share of {br.starts} random starting points "
                f"(seed {BASIN_SEED}) from which play ends at each equilibrium"
            ),
        )
    )
    blocks.append(
        Paragraph(
            "How the basins are found: each player starts from a random mixture of its "
            "strategies. Under best-response dynamics each moves its mixture a little towards "
            "its best reply to the others' current mixtures, again and again; under the "
            "replicator dynamics the share of each strategy grows in proportion to how much "
            "better than average it does. A mixed equilibrium usually has no basin: the "
            "slightest push moves play away from it. The shares are estimates (within about "
            f"{_margin(br.starts)} percentage points with {br.starts} starts); in a 2x2 "
            "coordination game the larger "
            "best-response basin belongs to the risk-dominant equilibrium."
        )
    )
    return Section(
        "basins", "Which equilibrium? Payoffs, risk and basins of attraction", tuple(blocks)
    )
