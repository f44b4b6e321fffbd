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

#: draws for the explanation's robustness sentence: kinds with a vectorised path, and the rest
EXPLAIN_DRAWS = (4000, 200)
#: seconds the explanation may spend drawing (estimated from a pilot of PILOT draws)
BUDGET = 4.0
PILOT = 16
#: more distinct outcomes than this across the draws: the outcomes are numbers, not classes
MAX_OUTCOMES = 24


def _pct(p: float) -> str:
    if p in (0.0, 1.0):
        return f"{100 * p:.0f}%"
    return f"{100 * p:.1f}%".replace(".0%", "%")


def _duration(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds >= 1 else f"{1000 * seconds:.0f} ms"


def _draw_count(scenario: Any, batch: bool, budget: float) -> tuple[int, float]:
    """How many draws fit in ``budget`` seconds: ``(n, seconds per draw)``, n 0 if none.

    A pilot of :data:`PILOT` draws, less a run of one draw (what every run costs: the
    scenario's own analysis), each the fastest of up to three after a warm-up draw that pays
    for first imports and caches, times the kind on this scenario: a kind's batch path may
    still solve each draw on its own (a 6-player game), so the count follows the measured
    time, not the kind.  The count depends on the machine only for a scenario near the budget;
    the numbers for a given count never do (fixed seed)."""
    import time

    from ..robust import robust

    def fastest(draws: int) -> float:
        times: list[float] = []
        for _ in range(3):  # a busy machine slows some runs, never speeds one
            start = time.perf_counter()
            robust(scenario, draws=draws, sensitivity=False, keep_samples=False)
            times.append(time.perf_counter() - start)
            if times[-1] > 0.05:
                break  # slow enough that one run decides
        return min(times)

    robust(scenario, draws=1, sensitivity=False, keep_samples=False)
    fixed = fastest(1)  # what a run costs whatever its size (the scenario's own analysis)
    per = max(fastest(PILOT) - fixed, 0.0) / (PILOT - 1)
    for n in EXPLAIN_DRAWS if batch else EXPLAIN_DRAWS[1:]:
        if per * n <= budget:
            return n, per
    return 0, per


def robustness_section(
    result: Any, draws: int | None = None, budget: float | None = BUDGET
) -> Section | None:
    """The "How robust is this?" section, or ``None`` when the file states no uncertainty.

    Only a result analysed at the file's own values (no ``--set``) gets it: the uncertainty
    block describes those values.  ``draws`` fixes the count; otherwise it is chosen to fit
    ``budget`` seconds (:func:`_draw_count`), and a kind too slow for it gets a pointer to
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
    spec = contract.get_kind(result)
    n = draws or EXPLAIN_DRAWS[0 if spec.sweep_batch is not None else 1]
    if draws is None and budget is not None:
        n, per = _draw_count(scenario, spec.sweep_batch is not None, budget)
        if n == 0:
            names = ", ".join(d.parameter for d in unc.distributions)
            return Section(
                "robustness",
                "How robust the result is",
                (
                    Paragraph(
                        f"The file states how roughly {names} are known (its uncertainty "
                        f"block). One analysis of this scenario takes about {_duration(per)}, too "
                        "long to draw it here: `negsim robust` on this scenario (with "
                        "--workers N to use more cores) says how often each outcome holds."
                    ),
                ),
            )
    r = robust(scenario, draws=n, sensitivity=False, keep_samples=False)
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
