"""Teaching sections for a bargaining problem: the set, the fallback, each solution derived.

:func:`explain` returns :class:`sim.explain.model.Section` objects (the generic composer adds the
scenario's words, notes and sources around them).  Each solution's derivation is the one the
solvers wrote (:mod:`.solutions`), so the handout and ``negsim run`` show the same algebra.
"""

from __future__ import annotations

from typing import Any

from ..explain.model import Bullets, Derivation, Paragraph, Section, Table
from ..numbers import fmt_exact as fmt
from ..numbers import fmt_point as point_text
from .analysis import BargainingResult, rubinstein_shares

__all__ = ["explain"]


def _setting(res: BargainingResult) -> Section:
    scn = res.scenario
    P = res.parties
    what = f"a pie of size {fmt(res.pie)}" if res.pie is not None else res.set.description
    blocks: list[Any] = [
        Paragraph(
            f"{' and '.join(P) if len(P) == 2 else ', '.join(P)} bargain over {what}. If they fail "
            f"to agree each gets its disagreement payoff d = {point_text(res.disagreement)} "
            f"({res.disagreement_source})."
        )
    ]
    if res.set is not None and scn.set_kind != "pie":
        blocks.append(
            Bullets(
                (
                    "Vertices of the set: " + ", ".join(point_text(v) for v in res.set.polygon),
                    "Pareto frontier (no one can gain without the other losing): "
                    + " → ".join(point_text(v) for v in res.set.frontier),
                )
            )
        )
    if res.outside is not None:
        blocks.append(
            Paragraph(f"Outside options (what each can get elsewhere): {point_text(res.outside)}.")
        )
    return Section("setting", "What is divided, and the fallback", tuple(blocks))


def _solution(key: str, title: str, sol, intro: str) -> Section | None:
    if sol is None:
        return None
    blocks: list[Any] = [Paragraph(intro), Derivation(tuple(sol.derivation))]
    return Section(key, title, tuple(blocks))


def _outside(res: BargainingResult) -> Section | None:
    if res.nash_outside is None:
        return None
    P = res.parties
    d_o = tuple(max(a, b) for a, b in zip(res.disagreement, res.outside))
    rows = []
    for name, before, after in (
        ("Nash", res.nash, res.nash_outside),
        ("Kalai–Smorodinsky", res.ks, res.ks_outside),
    ):
        if before is None or after is None:
            continue
        rows.append(
            (
                name,
                point_text(before.point) if before.point else "none",
                point_text(after.point) if after.point else "none",
            )
        )
    blocks: list[Any] = [
        Paragraph(
            f"A party that can walk away to something better will not accept less. With "
            f"the outside options as the fallback, d' = {point_text(d_o)}."
        ),
        Table(
            ("solution", f"d = {point_text(res.disagreement)}", f"d' = {point_text(d_o)}"),
            tuple(rows),
            caption=f"Shares ({', '.join(P)})",
        ),
        Derivation(
            tuple(res.nash_outside.derivation),
            caption="Nash with the outside options as the disagreement point",
        ),
    ]
    return Section("outside-options", "How outside options move the deal", tuple(blocks))


def _rubinstein(res: BargainingResult) -> Section | None:
    r = res.rubinstein
    if r is None:
        return None
    P = res.parties
    prop = P[res.scenario.proposer]
    blocks: list[Any] = [
        Paragraph(
            f"Alternating offers: {prop} proposes first; the other accepts or rejects and "
            "proposes next round, and every round of delay shrinks what is left by each "
            "party's discount factor. In the subgame-perfect equilibrium the first offer "
            "is accepted at once."
        ),
        Derivation(tuple(r.derivation)),
    ]
    if r.agreement:
        shares = rubinstein_shares(res, r)
        blocks.append(
            Paragraph(
                "Agreement at once: "
                + ", ".join(f"{p} {fmt(x)}" for p, x in shares.items())
                + ". As both discount factors approach 1 the split approaches "
                "the Nash solution (Binmore, Rubinstein & Wolinsky 1986)."
            )
        )
    return Section("rubinstein", "Rubinstein: bargaining over time", tuple(blocks))


def _fearon(res: BargainingResult) -> Section | None:
    f = res.fearon
    if f is None:
        return None
    P = res.parties
    return Section(
        "fearon",
        "Fearon: why a deal beats war",
        (
            Paragraph(
                f"If bargaining fails they fight: {P[0]} wins with probability {fmt(f.p)}, and "
                f"war costs {P[0]} {fmt(f.cost_a)} and {P[1]} {fmt(f.cost_b)}. Because war "
                "destroys value, a range of splits leaves both better off than fighting."
            ),
            Derivation(tuple(f.derivation)),
        ),
    )


def explain(result: BargainingResult, **options: Any) -> tuple[Section, ...]:
    """The bargaining problem's teaching sections, in reading order."""
    parts = [
        _setting(result),
        _solution(
            "nash",
            "The Nash bargaining solution",
            result.nash,
            "Nash (1950): the split that maximises the product of the parties' gains over "
            "disagreement — the only rule that is efficient, symmetric, independent of "
            "utility scales and of irrelevant alternatives.",
        ),
        _solution(
            "kalai-smorodinsky",
            "The Kalai–Smorodinsky solution",
            result.ks,
            "Kalai & Smorodinsky (1975): each party gets the same fraction of the most it "
            "could hope for (its ideal payoff).",
        ),
        _outside(result),
        _rubinstein(result),
        _fearon(result),
    ]
    return tuple(p for p in parts if p is not None)
