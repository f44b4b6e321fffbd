"""Text, JSON and outcome labels of a repeated-game analysis (:class:`.analysis.RepeatedResult`).

The text body walks a student through each threshold: the payoffs on the path, the best
deviation, the punishment, the inequality, and the δ it gives (the title block, parameters,
notes and sources are added by :mod:`sim.contract`).  The JSON body carries the same numbers
(JSON numbers, plus ``*_exact`` strings where the arithmetic was exact).
"""

from __future__ import annotations

from typing import Any

from ..labels import equilibrium_label
from ..numbers import exact_str, is_exact
from ..numbers import fmt_exact as fmt
from ..numbers import fmt_point as point_text
from ..numbers import json_number as number
from ..textlayout import wrap_lines
from .analysis import RepeatedResult, eq_label
from .thresholds import Threshold, fp

__all__ = ["outcomes", "to_dict", "to_text"]


def mix_text(names, probs) -> str:
    support = [(s, x) for s, x in zip(names, probs) if x != 0]
    if len(support) == 1:
        return f"'{support[0][0]}'"
    return ", ".join(f"{fmt(x)} '{s}'" for s, x in support)


def _bound_text(cond) -> str:
    kind, x = cond.bound()
    if kind == "min":
        return "holds for every δ" if x <= 0 else f"δ ≥ {fmt(x)}"
    if kind == "max":
        if x < 0:
            return "holds for no δ ≥ 0"
        return "holds for every δ < 1" if x >= 1 else f"δ ≤ {fmt(x)}"
    return "holds for every δ" if kind == "all" else "holds for no δ"


def _yes(t: Threshold, delta) -> str:
    if delta is None:
        return ""
    return "yes" if t.allowed.contains(delta) else "no"


def threshold_lines(res, t: Threshold, detailed: bool) -> list[str]:
    g = res.game
    lines = []
    label = res.label(t.profile)
    pays = ", ".join(f"{g.players[c.player]} {fmt(c.on_path)}" for c in t.checks)
    lines.append(
        f"  {label}: payoffs {pays} → sustained {t.allowed.describe()}"
        + (
            f" ({t.note})"
            if t.stage_equilibrium and t.note and t.strategy == "grim trigger"
            else ""
        )
    )
    if not detailed:
        return lines
    for c in t.checks:
        p = g.players[c.player]
        dev = g.strategies[c.player][c.deviation]
        if t.strategy == "grim trigger":
            u, d, v = c.on_path, c.deviation_payoff, c.punishment
            if d <= u:
                lines.append(
                    f"    {p}: no one-round gain from deviating ({fmt(u)} is already a "
                    f"best reply), so {p} never wants to leave the path."
                )
                continue
            lines.append(
                f"    {p}: staying gives {fmt(u)} every round; the best deviation "
                f"'{dev}' gives {fmt(d)} once, then punishment gives {fmt(v)} every "
                "round."
            )
            lines.append(
                f"       Stay iff {fmt(u)} ≥ (1−δ)·{fp(d)} + δ·{fp(v)}"
                + (
                    f"  ⇔  δ ≥ ({fmt(d)} − {fp(u)})/({fmt(d)} − {fp(v)}) = {fmt((d - u) / (d - v))}"
                    if v < u
                    else f"  — never, since punishment ({fmt(v)}) is no worse than "
                    f"staying ({fmt(u)})"
                )
            )
        else:
            n = c.numbers
            R, T, S, P = n["R"], n["T"], n["S"], n["P"]
            lines.append(
                f"    {p}: R = {fmt(R)} (both cooperate), T = {fmt(T)} ({p} plays "
                f"'{dev}' alone), S = {fmt(S)} (only the other defects), P = {fmt(P)} "
                "(both defect)."
            )
            for cond in c.conditions:
                lines.append(f"       {cond.reason}  ⇔  {_bound_text(cond)}")
    return lines


def to_text(res: RepeatedResult) -> str:
    """The report's body (see :func:`sim.contract.to_text` for the title block and notes)."""
    scn = res.scenario
    rep = scn.repetition
    g = res.game
    out: list[str] = []
    horizon = "infinite (discounted)" if res.horizon is None else f"{res.horizon} rounds"
    sizes = " × ".join(f"{p} ({len(s)} strategies)" for p, s in zip(g.players, g.strategies))
    out.append(f"Stage game: {sizes}.")
    out.append(
        f"Horizon: {horizon}.  Discount factor δ: "
        + (rep.discount.describe(res.parameters) if rep.discount is not None else "not given")
        + "."
    )
    if rep.cooperate is not None:
        note = (
            ""
            if rep.cooperate_given
            else (" (each player's first strategy; set repetition.cooperate to change)")
        )
        out.append(
            f"'Cooperate' means {res.label(rep.cooperate)}, 'defect' means "
            f"{res.label(rep.defect)}{note}."
        )
    if rep.cooperate is not None and res.horizon is None:
        parts = []
        for name, pool in (("grim trigger", res.grim), ("tit-for-tat", res.tft)):
            t = next((t for t in pool if t.profile == tuple(rep.cooperate)), None)
            if t is not None:
                parts.append(f"{name} {t.allowed.describe()}")
        if parts:
            verdict = ""
            if res.delta is not None:
                t = res.threshold(rep.cooperate)
                verdict = f"; at δ = {fmt(res.delta)} it is " + (
                    "self-enforcing" if t.allowed.contains(res.delta) else "not self-enforcing"
                )
            out.append(
                f"In short: cooperation {res.label(rep.cooperate)} is sustained by "
                + " and by ".join(parts)
                + verdict
                + "."
            )
    out.append("")

    out.append("1. Stage-game equilibria (the threats behind grim trigger)")
    if res.equilibria:
        for e in res.equilibria:
            out.append(f"  {eq_label(g, e)}: payoffs {point_text(e.payoffs)}")
        if not res.equilibria_whole_set:
            out.append(f"  (method '{res.equilibria_method}' does not promise every equilibrium)")
    else:
        out.append(f"  none found by method '{res.equilibria_method}'")
    out.append("")

    out.append("2. Minmax payoffs (the least each player can be held to; it can always get this)")
    for m in res.minmax:
        p = g.players[m.player]
        how = ""
        if m.punishers is not None and g.n_players == 2:
            j = 1 - m.player
            mix = mix_text(g.strategies[j], m.punishers[0])
            how = f" — {g.players[j]} punishes with {mix}"
        out.append(f"  {p}: {fmt(m.value)}{how}" + ("" if m.exact else f" ({m.note})"))
    if res.feasible_ir:
        out.append(
            "  Feasible payoffs: the convex hull of the stage outcomes, vertices "
            + ", ".join(point_text(v) for v in res.feasible)
            + "."
        )
        out.append(
            "  Feasible and individually rational (each at least its minmax): vertices "
            + ", ".join(point_text(v) for v in res.feasible_ir)
            + "."
        )
        out.append(
            "  Folk theorem: every point of this region (strictly above the minmax "
            "payoffs) is an average payoff of some subgame-perfect equilibrium when δ is "
            "close enough to 1."
        )
    elif g.n_players == 2:
        out.append("  No feasible payoff gives both players their minmax payoffs.")
    out.append("")

    if res.horizon is None:
        out.append("3. Grim trigger: play the profile until someone deviates, then punish forever")
        out.append(f"   Punishment: {res.punishment_label}.")
        if res.punishment == "nash" and not res.equilibria_whole_set and res.equilibria:
            out.append(
                f"   Threats from {res.punishment_from}: the thresholds below are for "
                "reverting to one of these (see the notes)."
            )
        out.append(
            "   A player stays iff its payoff on the path is at least (1−δ)·(best one-round "
            "deviation) + δ·(punishment payoff), in average discounted terms."
        )
        coop = rep.cooperate
        for t in res.grim:
            detailed = t.profile == tuple(coop) if coop is not None else len(res.grim) <= 4
            block = threshold_lines(res, t, detailed and not t.stage_equilibrium)
            if res.delta is not None:
                block[0] += f"; at δ = {fmt(res.delta)}: {_yes(t, res.delta)}"
            out += block
        out.append("")
        if res.tft:
            out.append(
                "4. Tit-for-tat (2x2 stage game): start by cooperating, then copy the "
                "other's last move"
            )
            out.append(
                "   Against tit-for-tat a player's best reply is to cooperate forever, "
                "defect forever, or alternate defect/cooperate; both alternatives must "
                "not pay:"
            )
            for t in res.tft:
                detailed = rep.cooperate is None or t.profile == tuple(rep.cooperate)
                block = threshold_lines(res, t, detailed)
                if res.delta is not None:
                    block[0] += f"; at δ = {fmt(res.delta)}: {_yes(t, res.delta)}"
                out += block
            out.append("   " + res.tft[0].note + ".")
            out.append("")
    else:
        f = res.finite
        out.append(f"3. Finite horizon ({f.horizon} rounds): backward induction")
        if f.unique:
            prof = res.label(f.pure) if f.pure is not None else "the mixed stage equilibrium"
            out.append(f"   Uniqueness: {f.certificate}.")
            out.append(
                f"   Round {f.horizon}: nothing follows, so the players play the stage "
                f"equilibrium {prof}."
            )
            out.append(
                f"   Round {f.horizon - 1} and earlier: what follows is fixed whatever "
                "happens now, so each round is the stage game alone — again "
                f"{prof}."
            )
            out.append(
                f"   Subgame-perfect outcome: {prof} in every round; payoffs "
                f"{point_text(f.per_round)} per round, {point_text(f.total)} in total."
            )
            out.append(
                "   Thresholds on δ do not apply: a known last round unravels any cooperation."
            )
        else:
            out.append(f"   Not computed: {f.message}.")
        out.append("")

    sec = 5 if res.horizon is None and res.tft else 4
    if res.tournament is not None:
        T = res.tournament
        out.append(
            f"{sec}. Round-robin tournament: {T.rounds} rounds per match, noise "
            f"{fmt(res.noise)}, seed {res.seed}, {T.replications} replications"
        )
        out.append(
            f"   Mean payoff per round of the row strategy as {T.players[0]} against the "
            f"column strategy as {T.players[1]} ({T.players[1]}'s payoff after the slash):"
        )
        names = T.strategies
        k = len(names)
        out.append(
            "   "
            + " " * 25
            + "".join(f"{'[' + str(b + 1) + ']':^13}" for b in range(k))
            + "     score"
        )
        for a, nm in enumerate(names):
            cells = "".join(f"{T.first[a, b]:>6.2f}/{T.second[a, b]:<6.2f}" for b in range(k))
            out.append(f"   [{a + 1}] {nm[:21]:<21}{cells}  {T.score[a]:8.3f}")
        out.append(
            "   Ranking (mean over all matches, both seats): "
            + ", ".join(f"{names[i]} {T.score[i]:.3f}" for i in T.ranking)
        )
        sec += 1
        out.append("")
    if res.matches:
        out.append(
            f"{sec}. Matches (first replication shown move by move: C = cooperate, D = defect)"
        )
        for m in res.matches:
            moves = m.sample_moves
            shown = min(30, m.rounds)
            out.append("   " + " vs ".join(f"{p}: {s}" for p, s in zip(g.players, m.strategies)))
            for i, p in enumerate(g.players):
                row = "".join("C" if x else "D" for x in moves[:shown, i])
                more = "…" if m.rounds > shown else ""
                out.append(f"     {p:<8} {row}{more}")
            mean = ", ".join(f"{p} {x:.3f}" for p, x in zip(g.players, m.mean))
            out.append(f"     mean payoff per round over {m.replications} replications: {mean}")
            marks = sorted({k for k in (min(10, m.rounds), m.rounds // 2, m.rounds) if k >= 1})
            cum = "; ".join(
                f"after {k}: "
                + ", ".join(f"{p} {m.cumulative[k - 1, i]:.1f}" for i, p in enumerate(g.players))
                for k in marks
            )
            out.append(f"     cumulative payoff (mean over replications) {cum}")
            coop = ", ".join(
                f"{p} {m.cooperation[:, i].mean():.0%}" for i, p in enumerate(g.players)
            )
            out.append(f"     cooperation rate: {coop}")
            if m.discounted is not None:
                out.append(
                    "     discounted average payoff (δ = "
                    f"{fmt(res.delta)}): "
                    + ", ".join(f"{p} {x:.3f}" for p, x in zip(g.players, m.discounted))
                )
        out.append("")
    return wrap_lines(out).rstrip() + "\n"


def _by_player(g, values) -> dict[str, Any]:
    return {p: number(v) for p, v in zip(g.players, values)}


def _threshold_json(res, t: Threshold) -> dict[str, Any]:
    g = res.game
    lo = None if t.allowed.empty else t.allowed.lo
    hi = None if t.allowed.empty else t.allowed.hi
    out: dict[str, Any] = {
        "profile": {p: g.strategies[i][s] for i, (p, s) in enumerate(zip(g.players, t.profile))},
        "outcome": g.profile_label(t.profile),
        "strategy": t.strategy,
        "sustained": not t.allowed.empty,
        "delta_min": None if lo is None else number(lo),
        "delta_max": None if hi is None else number(hi),
        "stage_equilibrium": t.stage_equilibrium,
        "players": {},
    }
    if lo is not None and is_exact(lo):
        out["delta_min_exact"] = exact_str(lo)
    if hi is not None and is_exact(hi):
        out["delta_max_exact"] = exact_str(hi)
    if res.delta is not None:
        out["sustained_at_delta"] = t.allowed.contains(res.delta)
    for c in t.checks:
        entry = {
            "on_path": number(c.on_path),
            "deviation": g.strategies[c.player][c.deviation],
            "deviation_payoff": number(c.deviation_payoff),
            "conditions": [
                {"a": number(k.a), "b": number(k.b), "text": k.reason + " (a + b·δ ≥ 0)"}
                for k in c.conditions
            ],
        }
        if c.punishment is not None:
            entry["punishment_payoff"] = number(c.punishment)
        if c.numbers:
            entry.update({k: number(v) for k, v in c.numbers.items()})
        out["players"][g.players[c.player]] = entry
    return out


def to_dict(res: RepeatedResult) -> dict[str, Any]:
    """The JSON body (plain JSON types; :func:`sim.contract.to_dict` adds the envelope)."""
    scn = res.scenario
    rep = scn.repetition
    g = res.game
    out: dict[str, Any] = {
        "players": list(g.players),
        "strategies": {p: list(s) for p, s in zip(g.players, g.strategies)},
        "horizon": "infinite" if res.horizon is None else res.horizon,
        "delta": None if res.delta is None else number(res.delta),
        "noise": number(res.noise),
        "seed": res.seed,
        "cooperate": None if rep.cooperate is None else g.profile_label(rep.cooperate),
        "defect": None if rep.defect is None else g.profile_label(rep.defect),
        "stage_equilibria": [
            {
                "strategies": {
                    p: {s: number(x) for s, x in zip(g.strategies[i], e.strategies[i])}
                    for i, p in enumerate(g.players)
                },
                "payoffs": {p: number(v) for p, v in zip(g.players, e.payoffs)},
            }
            for e in res.equilibria
        ],
        "stage_method": res.equilibria_method,
        "stage_equilibria_complete": res.equilibria_whole_set,
        "minmax": {
            g.players[m.player]: {
                "value": number(m.value),
                "exact": m.exact,
                **({"value_exact": exact_str(m.value)} if m.exact else {}),
            }
            for m in res.minmax
        },
        "punishment": res.punishment,
        "punishment_from": res.punishment_from,
        "punishment_payoffs": {p: number(v) for p, v in zip(g.players, res.punishment_payoffs)},
        "grim_trigger": [_threshold_json(res, t) for t in res.grim],
        "tit_for_tat": [_threshold_json(res, t) for t in res.tft],
    }
    if res.delta is not None and is_exact(res.delta):
        out["delta_exact"] = exact_str(res.delta)
    if res.feasible:
        out["feasible_vertices"] = [[number(x) for x in v] for v in res.feasible]
        out["feasible_ir_vertices"] = [[number(x) for x in v] for v in res.feasible_ir]
        if all(is_exact(x) for v in res.feasible_ir for x in v):
            out["feasible_ir_vertices_exact"] = [[exact_str(x) for x in v] for v in res.feasible_ir]
    if res.finite is not None:
        f = res.finite
        out["finite_horizon"] = {
            "rounds": f.horizon,
            "unique": f.unique,
            "certificate": f.certificate,
            "message": f.message,
            "outcome": None if f.pure is None else g.profile_label(f.pure),
            "per_round": None if f.per_round is None else _by_player(g, f.per_round),
            "total": None if f.total is None else _by_player(g, f.total),
        }
    if res.tournament is not None:
        T = res.tournament
        out["tournament"] = {
            "strategies": list(T.strategies),
            "rounds": T.rounds,
            "replications": T.replications,
            "noise": T.noise,
            "seed": T.seed,
            "first_seat": T.first.tolist(),
            "second_seat": T.second.tolist(),
            "score": dict(zip(T.strategies, (float(x) for x in T.score))),
            "ranking": [T.strategies[i] for i in T.ranking],
        }
    out["matches"] = [
        {
            "strategies": dict(zip(g.players, m.strategies)),
            "rounds": m.rounds,
            "replications": m.replications,
            "mean": dict(zip(g.players, m.mean)),
            "discounted": None if m.discounted is None else dict(zip(g.players, m.discounted)),
            "per_round": m.payoffs.tolist(),
            "cumulative": m.cumulative.tolist(),
            "cooperation": m.cooperation.tolist(),
            "sample_moves": ["".join("C" if x else "D" for x in row) for row in m.sample_moves],
        }
        for m in res.matches
    ]
    return out


def outcomes(res: RepeatedResult) -> tuple[str, ...]:
    """What holds at the scenario's δ, as stable labels (what sweeps count).

    Infinite horizon: ``"grim trigger sustains (suspend, freeze)"`` for every profile that is not
    a stage equilibrium and that grim trigger sustains at δ (``"... can sustain ..."`` for some
    δ < 1 when the scenario gives no δ), the same for tit-for-tat (2x2); finite horizon: the
    backward-induction outcome.  Always the stage equilibria: ``"stage equilibrium: pressure,
    test"`` (mixed ones by their supports, :func:`sim.labels.equilibrium_label`).
    """
    g = res.game
    out: list[str] = []
    if res.horizon is None:
        for name, pool in (("grim trigger", res.grim), ("tit-for-tat", res.tft)):
            for t in pool:
                if t.stage_equilibrium:  # repeating it needs no threat
                    continue
                if res.delta is None:
                    if not t.allowed.empty:
                        out.append(f"{name} can sustain {res.label(t.profile)}")
                elif t.allowed.contains(res.delta):
                    out.append(f"{name} sustains {res.label(t.profile)}")
    elif res.finite is not None:
        f = res.finite
        if f.unique and f.pure is not None:
            out.append(f"finite horizon: {res.label(f.pure)} every round")
        elif f.unique:
            out.append("finite horizon: the mixed stage equilibrium every round")
        else:
            out.append("finite horizon: backward induction not unique")
    for e in res.equilibria:
        out.append("stage equilibrium: " + equilibrium_label(g.strategies, e.strategies))
    return tuple(out)
