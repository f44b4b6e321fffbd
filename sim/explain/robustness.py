"""How robust an explained result is: its outcomes under the scenario file's own uncertainty.

When a scenario has an ``uncertainty:`` block, the explanation (and every handout built from it)
says how often each of the result's outcomes holds when the uncertain parameters are drawn from
that block.  The draw count is small and the seed is the file's (else 0), so the section is fast
and the same on every run; ``negsim robust`` gives the full analysis.
"""

from __future__ import annotations

from typing import Any

from .model import Bullets, Paragraph, Section

__all__ = ["EXPLAIN_DRAWS", "MAX_OUTCOMES", "robustness_section"]

#: draws for the explanation's robustness sentence: normal-form games of a few players
#: (vectorised over the draws), and other kinds with a fast path for draws; other shapes get a
#: pointer to ``negsim robust`` (:func:`sim.robust.quick_draws`)
EXPLAIN_DRAWS = (4000, 200)
#: more distinct outcomes than this across the draws: the outcomes are numbers, not classes
MAX_OUTCOMES = 24


def _pct(p: float) -> str:
    if p in (0.0, 1.0):
        return f"{100 * p:.0f}%"
    return f"{100 * p:.1f}%".replace(".0%", "%")


def _draw_count(result: Any) -> int:
    """How many draws the section makes: fixed by the scenario's shape, never by the clock, so
    that the explanation and every handout built from it are the same on every run and every
    machine.  0 means too slow to draw here (a normal-form game of many players, a kind that
    replays its whole analysis per draw)."""
    from ..robust import quick_draws

    many, few = EXPLAIN_DRAWS
    return quick_draws(result.scenario, normal_form=many, fast_path=few, other=0)


def robustness_section(result: Any, draws: int | None = None) -> Section | None:
    """The "How robust is this?" section, or ``None`` when the file states no uncertainty.

    Only a result analysed at the file's own values (no ``--set``) gets it: the uncertainty
    block describes those values.  ``draws`` fixes the count; otherwise :func:`_draw_count`
    chooses it from the scenario's shape, and a game too slow to draw here gets a pointer to
    ``negsim robust`` instead of numbers."""
    from .. import contract
    from ..robust import robust
    from ..scenario.common import apply_overrides

    scenario = getattr(result, "scenario", None)
    unc = getattr(getattr(scenario, "meta", None), "uncertainty", None)
    if scenario is None or unc is None or not unc.distributions:
        return None
    defaults = apply_overrides(scenario.parameters, None)
    if any(result.parameters.get(k) != v for k, v in defaults.items()):
        return None
    n = draws if draws is not None else _draw_count(result)
    if n == 0:
        names = ", ".join(d.parameter for d in unc.distributions)
        game = getattr(result, "game", None)
        why = (
            f"A game of {game.n_players} players is solved anew for every draw"
            if contract.get_kind(result).name == "normal-form" and game is not None
            else "This scenario is analysed anew for every draw"
        )
        return Section(
            "robustness",
            "How robust the result is",
            (
                Paragraph(
                    f"The file states how roughly {names} are known (its uncertainty block). "
                    f"{why}, too long to do here: `negsim robust` on this scenario (with "
                    "--workers N to use more cores) says how often each outcome holds."
                ),
            ),
        )
    # evolutionarily stable strategies are counted as such, so that the draws' outcomes are the
    # ones the result reports
    ess = getattr(getattr(result, "solve", None), "method", None) == "ess"
    options = {"method": "ess"} if ess else {}
    r = robust(scenario, draws=n, sensitivity=False, keep_samples=False, **options)
    if len(r.outcomes) > MAX_OUTCOMES:
        return None  # outcomes that are numbers (shares, ranges) rarely recur exactly
    names = ", ".join(d.parameter for d in r.uncertainty)
    items = []
    items_labels = list(contract.outcomes(result))
    for label in items_labels:
        st = r.stat(label)
        if st is None:
            continue
        lo, hi = st.ci
        only = (
            f"; it is the only outcome in {_pct(st.unique_probability)}"
            if len(r.baseline) > 1
            else ""
        )
        risk = r.selection.risk_of(label) if r.selection is not None else None
        rd = f"; it is risk-dominant in {_pct(risk.probability)}" if risk is not None else ""
        items.append(
            f"'{label}' holds in {_pct(st.probability)} of draws "
            f"(95% interval {_pct(lo)} to {_pct(hi)}){only}{rd}."
        )
    if not items:
        return None
    blocks: list[Any] = [
        Paragraph(
            f"The file states how roughly {names} are known (its uncertainty block). "
            f"Drawing them {n:,} times (seed {r.seed}), each outcome of the result above:"
        ),
        Bullets(tuple(items)),
    ]
    others = sorted(
        (s for s in r.outcomes if not s.in_baseline and s.probability > 0),
        key=lambda s: (-s.probability, s.label),
    )
    if r.selection is not None and any(r.selection.risk_of(x) is not None for x in items_labels):
        blocks.append(
            Paragraph(
                "Risk-dominant: at a draw with two pure equilibria, the one where the players "
                "lose more by switching alone (the larger product of the two losses; Harsanyi "
                "and Selten), the safer bet when each is unsure of the other; at a draw with "
                "one, that one."
            )
        )
    if others:
        shown = "; ".join(f"'{s.label}' in {_pct(s.probability)}" for s in others[:5])
        more = f"; and {len(others) - 5} more" if len(others) > 5 else ""
        blocks.append(
            Paragraph(
                "Outcomes the file's own values do not give appear in some draws: "
                + shown
                + more
                + "."
            )
        )
    blocks.append(
        Paragraph(
            "`negsim robust` on this scenario gives the full picture: more draws, which "
            "parameters decide each outcome (Sobol indices), and charts."
        )
    )
    return Section("robustness", "How robust the result is", tuple(blocks))
