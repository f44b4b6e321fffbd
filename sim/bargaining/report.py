"""Text, JSON and outcome labels of a bargaining analysis (:class:`.analysis.BargainingResult`).

The text body walks through the set, the disagreement point and each solution with its
derivation (the title block, parameters, notes and sources are added by :mod:`sim.contract`);
the JSON body carries the same numbers, with ``*_exact`` strings where the arithmetic was exact.
"""

from __future__ import annotations

from typing import Any

from ..numbers import exact_str, is_exact
from ..numbers import fmt_exact as fmt
from ..numbers import fmt_point as point_text
from ..numbers import json_number as number
from ..textlayout import wrap_lines
from .analysis import BargainingResult, rubinstein_shares
from .solutions import Solution

__all__ = ["outcomes", "to_dict", "to_text"]


def to_text(res: BargainingResult) -> str:
    """The report's body (see :func:`sim.contract.to_text` for the title block and notes)."""
    scn = res.scenario
    P = res.parties
    out: list[str] = []
    out.append(
        "Parties: "
        + ", ".join(f"{p} ({nm})" if nm != p else p for p, nm in zip(P, scn.party_names))
        + "."
    )
    what = f"a pie of size {fmt(res.pie)}" if res.pie is not None else res.set.description
    out.append(f"Bargaining over {what}.")
    if res.set is not None and scn.set_kind != "pie":
        out.append("  Vertices of the set: " + ", ".join(point_text(v) for v in res.set.polygon))
        out.append("  Pareto frontier: " + " → ".join(point_text(v) for v in res.set.frontier))
    out.append(
        f"Disagreement point d = {point_text(res.disagreement)} ({res.disagreement_source})."
    )
    if res.outside is not None:
        out.append(f"Outside options: {point_text(res.outside)}.")
    out.append("")
    sec = 1
    for sol in (res.nash, res.ks):
        if sol is None:
            continue
        out.append(f"{sec}. {sol.name}" + (f": {point_text(sol.point)}" if sol.point else ""))
        out += [f"   {line}" for line in sol.derivation]
        out.append("")
        sec += 1
    if res.best_package is not None:
        label, pt = res.best_package
        out.append(
            f"   Among the packages themselves (no lotteries), '{label}' "
            f"{point_text(pt)} has the largest Nash product."
        )
        out.append("")
    if res.nash_outside is not None:
        d_o = tuple(max(a, b) for a, b in zip(res.disagreement, res.outside))
        out.append(f"{sec}. Outside options as the disagreement point: d' = {point_text(d_o)}")
        for sol in (res.nash_outside, res.ks_outside):
            if sol is None:
                continue
            out.append(f"   {sol.name}: " + (point_text(sol.point) if sol.point else "none"))
        if res.nash is not None and res.nash.point and res.nash_outside.point:
            gain = [b - a for a, b in zip(res.nash.point, res.nash_outside.point)]
            out.append(
                "   Change in the Nash solution: "
                + ", ".join(f"{p} {'+' if g >= 0 else ''}{fmt(g)}" for p, g in zip(P, gain))
                + " — a better fallback raises a party's share of the deal."
            )
        out.append("")
        sec += 1
    if res.rubinstein is not None:
        r = res.rubinstein
        prop = P[scn.proposer]
        order = (P[scn.proposer], P[1 - scn.proposer])
        deltas = ", ".join(f"{p} {fmt(x)}" for p, x in zip(order, r.delta))
        out.append(f"{sec}. Rubinstein alternating offers ({prop} proposes first; δ = {deltas})")
        out += [f"   {line}" for line in r.derivation]
        if r.agreement:
            shares = rubinstein_shares(res, r)
            out.append(
                "   Agreement at once: "
                + ", ".join(f"{p} {fmt(x)}" for p, x in shares.items())
                + "."
            )
            if res.rubinstein_plain is not None:
                plain = rubinstein_shares(res, res.rubinstein_plain)
                out.append(
                    "   Without outside options: "
                    + ", ".join(f"{p} {fmt(x)}" for p, x in plain.items())
                    + "."
                )
        out.append(
            "   As both discount factors approach 1 the split approaches the Nash "
            "solution (Binmore, Rubinstein & Wolinsky 1986)."
        )
        out.append("")
        sec += 1
    if res.fearon is not None:
        f = res.fearon
        out.append(
            f"{sec}. Fearon's bargaining range ({P[0]} wins a war with probability "
            f"{fmt(f.p)}; costs {P[0]} {fmt(f.cost_a)}, {P[1]} {fmt(f.cost_b)})"
        )
        out += [f"   {line}" for line in f.derivation]
        out.append("")
    return wrap_lines(out).rstrip() + "\n"


def _num_pair(p, names) -> dict[str, Any] | None:
    if p is None:
        return None
    return {k: number(x) for k, x in zip(names, p)}


def _exact_pair(p, names) -> dict[str, str] | None:
    if p is None or not all(is_exact(x) for x in p):
        return None
    return {k: exact_str(x) for k, x in zip(names, p)}


def _solution_json(sol: Solution | None, names) -> dict[str, Any] | None:
    if sol is None:
        return None
    out = {"point": _num_pair(sol.point, names), "derivation": list(sol.derivation)}
    ex = _exact_pair(sol.point, names)
    if ex:
        out["point_exact"] = ex
    if sol.ideal is not None:
        out["ideal"] = _num_pair(sol.ideal, names)
    return out


def to_dict(res: BargainingResult) -> dict[str, Any]:
    """The JSON body (plain JSON types; :func:`sim.contract.to_dict` adds the envelope)."""
    scn = res.scenario
    P = res.parties
    out: dict[str, Any] = {
        "parties": list(P),
        "set": scn.set_kind,
        "pie": None if res.pie is None else number(res.pie),
        "set_vertices": None
        if res.set is None
        else [[number(x) for x in v] for v in res.set.polygon],
        "frontier": None if res.set is None else [[number(x) for x in v] for v in res.set.frontier],
        "disagreement": _num_pair(res.disagreement, P),
        "disagreement_source": res.disagreement_source,
        "outside_options": _num_pair(res.outside, P),
        "nash": _solution_json(res.nash, P),
        "kalai_smorodinsky": _solution_json(res.ks, P),
        "nash_with_outside_options": _solution_json(res.nash_outside, P),
        "kalai_smorodinsky_with_outside_options": _solution_json(res.ks_outside, P),
        "best_package": None
        if res.best_package is None
        else {"package": res.best_package[0], "payoffs": _num_pair(res.best_package[1], P)},
    }
    if res.rubinstein is not None:
        r = res.rubinstein
        shares = rubinstein_shares(res, r) if r.agreement else None
        out["rubinstein"] = {
            "proposer": P[scn.proposer],
            "agreement": r.agreement,
            "shares": None if shares is None else {k: number(v) for k, v in shares.items()},
            "shares_exact": None
            if shares is None
            else {k: exact_str(v) for k, v in shares.items() if is_exact(v)},
            "outside_options_binding": [
                P[scn.proposer] if i == 0 else P[1 - scn.proposer] for i in r.binding
            ],
            "without_outside_options": None
            if res.rubinstein_plain is None
            else {k: number(v) for k, v in rubinstein_shares(res, res.rubinstein_plain).items()},
            "derivation": list(r.derivation),
        }
    if res.fearon is not None:
        f = res.fearon
        out["fearon"] = {
            "p": number(f.p),
            "costs": _num_pair((f.cost_a, f.cost_b), P),
            "range": [number(f.low), number(f.high)],
            "range_exact": [exact_str(f.low), exact_str(f.high)]
            if is_exact(f.low) and is_exact(f.high)
            else None,
            "nash_share": number(f.nash_point),
            "derivation": list(f.derivation),
        }
    return out


def _shares(parties, point) -> str:
    return ", ".join(f"{p} {fmt(x)}" for p, x in zip(parties, point))


def outcomes(res: BargainingResult) -> tuple[str, ...]:
    """The solutions' shares as stable labels, e.g. ``"Nash: US 5, DPRK 5"`` (exact fractions),
    ``"Rubinstein: US 100/19, DPRK 90/19"``, ``"Fearon range for US: [6, 9]"``; a solution with no
    agreement is ``"Nash: no agreement"``."""
    P = res.parties
    out: list[str] = []
    named = (
        ("Nash", res.nash),
        ("Kalai–Smorodinsky", res.ks),
        ("Nash with outside options", res.nash_outside),
        ("Kalai–Smorodinsky with outside options", res.ks_outside),
    )
    for name, sol in named:
        if sol is None:
            continue
        out.append(
            f"{name}: " + (_shares(P, sol.point) if sol.point is not None else "no agreement")
        )
    if res.best_package is not None:
        out.append(f"best package: {res.best_package[0]}")
    if res.rubinstein is not None:
        r = res.rubinstein
        out.append(
            "Rubinstein: "
            + (_shares(P, rubinstein_shares(res, r).values()) if r.agreement else "no agreement")
        )
    if res.fearon is not None:
        f = res.fearon
        out.append(f"Fearon range for {P[0]}: [{fmt(f.low)}, {fmt(f.high)}]")
    return tuple(out)
