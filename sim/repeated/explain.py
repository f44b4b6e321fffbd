"""Teaching sections for a repeated game: the stage game, the threats, each threshold derived.

:func:`explain` returns :class:`sim.explain.model.Section` objects (the generic composer adds the
scenario's words, notes and sources around them).  The numbers are those of the text report
(:mod:`.report`), laid out as tables and derivations a student can follow line by line.
"""

from __future__ import annotations

from typing import Any

from ..explain.model import Bullets, Derivation, Paragraph, Section, Table
from ..numbers import fmt_exact as fmt
from ..numbers import fmt_point as point_text
from .analysis import RepeatedResult, eq_label
from .report import mix_text, threshold_lines

__all__ = ["explain"]


def _stage(res: RepeatedResult) -> Section:
    g = res.game
    blocks: list[Any] = []
    horizon = (
        "forever, with future rounds discounted by δ per round"
        if res.horizon is None
        else f"{res.horizon} times, a known number of rounds"
    )
    blocks.append(
        Paragraph(
            f"The same one-shot game (the stage game) is played {horizon}. "
            "Each round both players see what the other did last round, so a "
            "move today can be rewarded or punished tomorrow."
        )
    )
    if g.n_players == 2:
        t = g.exact if g.exact is not None else g.payoffs
        rows = tuple(
            (s,) + tuple(f"{fmt(t[a, b, 0])}, {fmt(t[a, b, 1])}" for b in range(g.shape[1]))
            for a, s in enumerate(g.strategies[0])
        )
        eq_cells = frozenset(
            (p[0], p[1] + 1) for p in (e.pure_profile() for e in res.equilibria) if p is not None
        )
        blocks.append(
            Table(
                (f"{g.players[0]} \\ {g.players[1]}",) + tuple(g.strategies[1]),
                rows,
                caption=f"Stage payoffs ({g.players[0]}, {g.players[1]}); shaded: stage equilibria",
                highlight=eq_cells,
            )
        )
    if res.equilibria:
        items = tuple(f"{eq_label(g, e)}: payoffs {point_text(e.payoffs)}" for e in res.equilibria)
        blocks.append(
            Paragraph("Stage equilibria — what the players fall back to when trust breaks down:")
        )
        blocks.append(Bullets(items))
        if not res.equilibria_whole_set:
            blocks.append(Paragraph(f"Only {res.punishment_from} were used as threats here."))
    else:
        blocks.append(Paragraph(f"No stage equilibrium was found by '{res.equilibria_method}'."))
    return Section("stage", "The stage game and its equilibria", tuple(blocks))


def _minmax(res: RepeatedResult) -> Section:
    g = res.game
    items = []
    for m in res.minmax:
        how = ""
        if m.punishers is not None and g.n_players == 2:
            j = 1 - m.player
            how = f" — {g.players[j]} punishes with {mix_text(g.strategies[j], m.punishers[0])}"
        items.append(
            f"{g.players[m.player]}: {fmt(m.value)}{how}" + ("" if m.exact else f" ({m.note})")
        )
    blocks: list[Any] = [
        Paragraph(
            "A player's minmax payoff is the least the others can hold it to when it "
            "answers as well as it can. No threat can push a player below it, so no "
            "agreement that pays a player less can last."
        ),
        Bullets(tuple(items)),
    ]
    if res.feasible_ir:
        blocks.append(
            Paragraph(
                "Feasible payoffs are the averages of the stage outcomes (vertices "
                + ", ".join(point_text(v) for v in res.feasible)
                + "). The part where every player "
                "gets at least its minmax has vertices "
                + ", ".join(point_text(v) for v in res.feasible_ir)
                + "."
            )
        )
        blocks.append(
            Paragraph(
                "Folk theorem: every point of that region strictly above the "
                "minmax payoffs is the average payoff of some subgame-perfect "
                "equilibrium when δ is close enough to 1."
            )
        )
    return Section("minmax", "How low can a player be pushed? (minmax)", tuple(blocks))


def _grim(res: RepeatedResult) -> Section:
    coop = res.cooperate
    blocks: list[Any] = [
        Paragraph(
            "Grim trigger: play the agreed profile until someone deviates, then punish "
            f"forever. Punishment here: {res.punishment_label}."
        ),
        Paragraph(
            "A player stays on the path when what it gets each round is at least a "
            "weighted average of the best one-round deviation (weight 1−δ) and the "
            "punishment that follows forever (weight δ). Solving that inequality for δ "
            "gives the threshold."
        ),
    ]
    target = res.threshold(coop) if coop is not None else None
    if target is not None and not target.stage_equilibrium:
        lines = [line.strip() for line in threshold_lines(res, target, True)[1:]]
        lines.append(f"Together: {res.label(coop)} is sustained {target.allowed.describe()}.")
        blocks.append(
            Derivation(tuple(lines), caption=f"The threshold of cooperation {res.label(coop)}")
        )
    header = ("profile", "payoffs on the path", "sustained")
    if res.delta is not None:
        header += (f"at δ = {fmt(res.delta)}",)
    rows = []
    for t in res.grim:
        pays = ", ".join(fmt(c.on_path) for c in t.checks)
        row = (
            res.label(t.profile),
            pays,
            "always (a stage equilibrium)" if t.stage_equilibrium else t.allowed.describe(),
        )
        if res.delta is not None:
            row += ("yes" if t.allowed.contains(res.delta) else "no",)
        rows.append(row)
    blocks.append(Table(header, tuple(rows), caption="Grim trigger, every pure profile"))
    return Section("grim", "Grim trigger: how patient must the players be?", tuple(blocks))


def _tft(res: RepeatedResult) -> Section | None:
    if not res.tft:
        return None
    coop = res.cooperate
    t = res.threshold(coop, "tit-for-tat") if coop is not None else res.tft[0]
    blocks: list[Any] = [
        Paragraph(
            "Tit-for-tat: start by cooperating, then copy the other's last move. Against it a "
            "player's best plan is to cooperate forever, defect forever, or alternate "
            "defect/cooperate; cooperating is a best reply when neither alternative pays."
        )
    ]
    if t is not None:
        lines = [line.strip() for line in threshold_lines(res, t, True)[1:]]
        lines.append(f"Together: {res.label(t.profile)} is sustained {t.allowed.describe()}.")
        blocks.append(Derivation(tuple(lines), caption="The two alternatives, player by player"))
    blocks.append(Paragraph(res.tft[0].note[0].upper() + res.tft[0].note[1:] + "."))
    return Section("tit-for-tat", "Tit-for-tat: the reciprocity threshold", tuple(blocks))


def _finite(res: RepeatedResult) -> Section | None:
    f = res.finite
    if f is None:
        return None
    if not f.unique:
        return Section(
            "finite",
            "A known last round",
            (
                Paragraph(
                    f"Backward induction over {f.horizon} rounds is not computed: {f.message}."
                ),
            ),
        )
    prof = res.label(f.pure) if f.pure is not None else "the mixed stage equilibrium"
    lines = (
        f"Uniqueness: {f.certificate}.",
        f"Round {f.horizon}: nothing follows, so the players play {prof}.",
        f"Round {f.horizon - 1} and earlier: what follows is fixed whatever happens now, so "
        f"each round is the stage game alone — again {prof}.",
        f"Outcome: {prof} in every round; payoffs {point_text(f.per_round)} per round, "
        f"{point_text(f.total)} in total.",
    )
    return Section(
        "finite",
        "A known last round: backward induction",
        (
            Derivation(lines),
            Paragraph("Thresholds on δ do not apply: a known last round unravels any cooperation."),
        ),
    )


def _simulation(res: RepeatedResult) -> Section | None:
    T = res.tournament
    blocks: list[Any] = []
    if T is not None:
        rows = tuple(
            (str(k + 1), T.strategies[i].replace("_", " "), f"{T.score[i]:.3f}")
            for k, i in enumerate(T.ranking)
        )
        blocks.append(
            Paragraph(
                f"Every strategy met every strategy in both seats for {T.rounds} rounds, with "
                f"mistakes: each move is flipped with probability {fmt(res.noise)} "
                f"({T.replications} replications, seed {res.seed})."
            )
        )
        blocks.append(
            Table(
                ("rank", "strategy", "mean payoff per round"),
                rows,
                caption="Round-robin tournament",
            )
        )
    for m in res.matches:
        coop = ", ".join(
            f"{p} {m.cooperation[:, i].mean():.0%}" for i, p in enumerate(res.game.players)
        )
        blocks.append(
            Paragraph(
                " vs ".join(s.replace("_", " ") for s in m.strategies)
                + f": cooperation rate {coop}."
            )
        )
    if not blocks:
        return None
    return Section("simulation", "Playing it out, with mistakes", tuple(blocks))


def _verdict(res: RepeatedResult) -> Section | None:
    coop = res.cooperate
    if coop is None or res.horizon is not None or res.delta is None:
        return None
    t = res.threshold(coop)
    if t is None:
        return None
    verdict = "self-enforcing" if t.allowed.contains(res.delta) else "not self-enforcing"
    text = (
        f"At δ = {fmt(res.delta)} cooperation {res.label(coop)} is {verdict}: grim trigger "
        f"sustains it {t.allowed.describe()}."
    )
    return Section("verdict", "What it means at this discount factor", (Paragraph(text),))


def explain(result: RepeatedResult, **options: Any) -> tuple[Section, ...]:
    """The repeated game's teaching sections, in reading order."""
    parts = [_stage(result), _minmax(result)]
    if result.horizon is None:
        parts.append(_grim(result))
        parts.append(_tft(result))
    else:
        parts.append(_finite(result))
    parts += [_simulation(result), _verdict(result)]
    return tuple(p for p in parts if p is not None)
