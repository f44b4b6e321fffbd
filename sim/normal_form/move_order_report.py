"""The sequential reading in words: the report section, the JSON and the teaching section.

The numbers come from :mod:`sim.normal_form.move_order` (a :class:`MoveOrderReading`); here they
are only laid out, and compared with the simultaneous game's equilibria ("how the outcome
changes").
"""

from __future__ import annotations

from typing import Any

from ..game import Game
from ..numbers import exact_str, fmt, json_number
from ..results import SolveResult
from ..textlayout import heading, wrap
from .move_order import MoveOrderReading, Step, pure_nash_profiles

__all__ = ["changes", "move_order_json", "move_order_section", "move_order_text"]

#: SPE paths shown step by step (the rest are listed by name)
MAX_SHOWN = 6
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _payoffs(game: Game, values) -> str:
    return ", ".join(f"{p} {fmt(v)}" for p, v in zip(game.players, values))


def _value(game: Game, prof: tuple[int, ...], i: int) -> Any:
    src = game.exact if game.exact is not None else game.payoffs
    return src[prof + (i,)]


def order_words(game: Game, reading: MoveOrderReading) -> str:
    """``"US moves first; China sees that and moves second; DPRK sees all of it and moves
    last"``."""
    ids = reading.order_ids(game)
    parts = [f"{ids[0]} moves first"]
    for k, p in enumerate(ids[1:], 1):
        last = k == len(ids) - 1
        seen = "that" if k == 1 else "all of it"
        when = "last" if last else (ORDINALS[k] if k < len(ORDINALS) else f"number {k + 1}")
        parts.append(f"{p} sees {seen} and moves {when}")
    return "; ".join(parts)


def _continuation(game: Game, reading: MoveOrderReading, depth: int, prof) -> str:
    """What the movers after ``depth`` play on a path: ``"China pressure, DPRK freeze"``."""
    later = reading.order[depth + 1 :]
    return ", ".join(f"{game.players[j]} {game.strategies[j][prof[j]]}" for j in later)


def _history(game: Game, reading: MoveOrderReading, step: Step) -> str:
    if not step.history:
        return ""
    done = [
        f"{game.players[reading.order[k]]} {game.strategies[reading.order[k]][a]}"
        for k, a in enumerate(step.history)
    ]
    return " (after " + ", ".join(done) + ")"


def _step_line(game: Game, reading: MoveOrderReading, depth: int, step: Step) -> str:
    m = step.mover
    alts = []
    for a, profs in step.options:
        outs = []
        for prof in profs:
            cont = _continuation(game, reading, depth, prof)
            pay = f"{game.players[m]} {fmt(_value(game, prof, m))}"
            outs.append(f"{cont} ({pay})" if cont else f"({pay})")
        joiner = " → " if depth < len(reading.order) - 1 else " "
        alts.append(game.strategies[m][a] + joiner + " or ".join(outs))
    return (
        f"{game.players[m]}{_history(game, reading, step)}: "
        + "; ".join(alts)
        + f". Chooses {game.strategies[m][step.chosen]}."
    )


def changes(game: Game, solve: SolveResult | None, reading: MoveOrderReading) -> dict[str, Any]:
    """How the sequential outcome compares with the simultaneous equilibria."""
    sim_pure = pure_nash_profiles(game)
    spe = [o.profile for o in reading.outcomes]
    label = game.profile_label
    new = [p for p in spe if p not in sim_pure]
    dropped = [p for p in sim_pure if p not in spe]
    mixed = []
    if solve is not None:
        from ..labels import equilibrium_label

        mixed = [
            equilibrium_label(game.strategies, e.strategies)
            for e in solve.equilibria
            if not e.is_pure
        ]
    sentences = []
    kept = [label(p) for p in spe if p in sim_pure]
    if not new and len(sim_pure) == 1 and not dropped and not mixed:
        sentences.append(
            f"Moving in turn leaves the outcome as it is: {kept[0]} is also the only "
            "equilibrium of the simultaneous game."
        )
    elif kept:
        if dropped or mixed:
            sentences.append(
                f"Moving in turn selects {_and(kept)} among the simultaneous game's equilibria."
            )
        else:
            what = "an equilibrium" if len(kept) == 1 else "equilibria"
            sentences.append(
                f"Moving in turn reaches {_and(kept)}, {what} of the simultaneous game too."
            )
    for p in new:
        why = _why_not_nash(game, reading, p)
        sentences.append(
            f"Moving in turn reaches {label(p)}, which is not an equilibrium of the simultaneous "
            f"game: {why}"
        )
    if dropped:
        sentences.append(
            "No longer reached: "
            + _and([label(p) for p in dropped])
            + (" (an equilibrium" if len(dropped) == 1 else " (equilibria")
            + " of the simultaneous game)."
        )
    if mixed:
        sentences.append(
            "Played in turn, no one needs to keep the others guessing (each later mover answers "
            "what it sees), so the simultaneous game's mixed "
            + ("equilibrium disappears." if len(mixed) == 1 else "equilibria disappear.")
        )
    first = reading.order[0]
    mine = sorted({_value(game, p, first) for p in spe})
    theirs = sorted({_value(game, p, first) for p in sim_pure})
    if theirs:
        sentences.append(
            f"The first mover, {game.players[first]}, gets "
            + " or ".join(fmt(v) for v in mine)
            + " moving first, against "
            + " or ".join(fmt(v) for v in theirs)
            + " in the simultaneous game's pure equilibria."
        )
    return {
        "simultaneous_pure": [label(p) for p in sim_pure],
        "simultaneous_mixed": mixed,
        "kept": kept,
        "new": [label(p) for p in new],
        "dropped": [label(p) for p in dropped],
        "summary": " ".join(sentences),
    }


def _why_not_nash(game: Game, reading: MoveOrderReading, prof: tuple[int, ...]) -> str:
    for i in reading.order:
        here = _value(game, prof, i)
        best, gain = None, 0
        for s in range(game.shape[i]):
            alt = prof[:i] + (s,) + prof[i + 1 :]
            g = _value(game, alt, i) - here
            if g > gain:
                best, gain = s, g
        if best is None:
            continue
        pos = reading.order.index(i)
        later = [game.players[j] for j in reading.order[pos + 1 :]]
        return (
            f"if the others' choices stayed put, {game.players[i]} would switch to "
            f"{game.strategies[i][best]} ({fmt(here + gain)} instead of {fmt(here)}); moving in "
            f"turn, {_and(later)} {'sees' if len(later) == 1 else 'see'} the switch and "
            f"{'answers' if len(later) == 1 else 'answer'} it, so it does not pay."
        )
    return "no player gains by switching alone."  # pragma: no cover - the profile is not Nash


# -- text ----------------------------------------------------------------------------------------


def move_order_text(game: Game, solve: SolveResult | None, reading: MoveOrderReading) -> str:
    ids = reading.order_ids(game)
    lines = [heading("Moves in turn: " + ", then ".join(ids))]
    src = "--move-order" if reading.source == "option" else "the file's move_order"
    lines.append(
        wrap(
            f"The same payoffs, played in turn ({src}): {order_words(game, reading)}. "
            "Backward induction on the payoff table"
            + (" (exact arithmetic)" if reading.exact else "")
            + f" over {reading.nodes} decision points finds "
            + _count(reading)
            + "."
        )
    )
    for k, (out, steps) in enumerate(zip(reading.outcomes, reading.steps), 1):
        if k > MAX_SHOWN:
            rest = [game.profile_label(o.profile) for o in reading.outcomes[MAX_SHOWN:]]
            lines.append("")
            lines.append(wrap(f"{len(rest)} more paths: " + "; ".join(rest) + "."))
            break
        lines.append("")
        tag = "" if out.count == 1 else f" ({out.count} SPE lead here)"
        lines.append(
            wrap(
                f"Path {k}: {game.profile_label(out.profile)} ({_payoffs(game, out.payoffs)}){tag}",
                hang="  ",
            )
        )
        for depth, st in enumerate(steps):
            lines.append(wrap(_step_line(game, reading, depth, st), indent="  "))
        lines.append(
            "  "
            + (
                "Also an equilibrium of the simultaneous game."
                if out.nash
                else "Not an equilibrium of the simultaneous game."
            )
        )
    lines.append("")
    lines.append(wrap("How the outcome changes: " + changes(game, solve, reading)["summary"]))
    return "\n".join(lines)


def _count(reading: MoveOrderReading) -> str:
    n, paths = reading.total, len(reading.outcomes)
    if n == 1:
        return "one subgame-perfect equilibrium (SPE: every move a best reply to what follows it)"
    text = f"{n} subgame-perfect equilibria (SPE) with {paths} distinct path" + (
        "s" if paths != 1 else ""
    )
    if reading.open_nodes:
        text += (
            f"; at {reading.open_nodes} decision point"
            + ("s" if reading.open_nodes != 1 else "")
            + " a mover is indifferent, or its best move depends on how a later tie is broken"
        )
    return text


# -- JSON ----------------------------------------------------------------------------------------


def move_order_json(game: Game, solve: SolveResult | None, reading: MoveOrderReading) -> dict:
    spe = []
    for out, steps in zip(reading.outcomes, reading.steps):
        item: dict[str, Any] = {
            "outcome": game.profile_label(out.profile),
            "path": {p: game.strategies[i][out.profile[i]] for i, p in enumerate(game.players)},
            "payoffs": {p: json_number(v) for p, v in zip(game.players, out.payoffs)},
            "spe_count": out.count,
            "simultaneous_equilibrium": out.nash,
            "steps": [
                {
                    "player": game.players[st.mover],
                    "after": {
                        game.players[reading.order[k]]: game.strategies[reading.order[k]][a]
                        for k, a in enumerate(st.history)
                    },
                    "chose": game.strategies[st.mover][st.chosen],
                    "options": {
                        game.strategies[st.mover][a]: [game.profile_label(q) for q in profs]
                        for a, profs in st.options
                    },
                }
                for st in steps
            ],
        }
        if reading.exact:
            item["payoffs_exact"] = {p: exact_str(v) for p, v in zip(game.players, out.payoffs)}
        spe.append(item)
    return {
        "order": list(reading.order_ids(game)),
        "source": reading.source,
        "exact": reading.exact,
        "spe_count": reading.total,
        "decision_nodes": reading.nodes,
        "open_nodes": reading.open_nodes,
        "paths": [game.profile_label(o.profile) for o in reading.outcomes],
        "spe": spe,
        "changes": changes(game, solve, reading),
    }


# -- explain -------------------------------------------------------------------------------------


def move_order_section(game: Game, solve: SolveResult | None, reading: MoveOrderReading):
    """The teaching section: the game played in turn, solved from the last move back."""
    from ..explain.model import Bullets, Paragraph, Section

    ids = reading.order_ids(game)
    rest = list(ids[1:])
    intro = (
        f"If {ids[0]} moves first and {_and(rest)} {'sees' if len(rest) == 1 else 'see'} its "
        f"choice before moving (in this order: {order_words(game, reading)}), each later mover "
        "answers what it has seen, so an earlier mover chooses knowing how it will be answered. "
        "Solve from the last move back (backward induction): at every point, the mover picks "
        "the move whose consequences pay it most. The result is a subgame-perfect equilibrium "
        "(SPE): a plan in which every move is a best reply to what follows it, on or off the "
        "path actually played."
    )
    blocks: list[Any] = [Paragraph(intro), Paragraph("Found: " + _count(reading) + ".")]
    for k, (out, steps) in enumerate(zip(reading.outcomes, reading.steps), 1):
        if k > MAX_SHOWN:
            break
        blocks.append(
            Paragraph(
                f"Path {k}: {game.profile_label(out.profile)} ({_payoffs(game, out.payoffs)}). "
                "Along it, each mover compares its moves:"
            )
        )
        blocks.append(
            Bullets(
                tuple(
                    _step_line(game, reading, depth, st)
                    for depth, st in reversed(list(enumerate(steps)))
                )
            )
        )
    blocks.append(Paragraph("How the outcome changes: " + changes(game, solve, reading)["summary"]))
    title = f"If {ids[0]} moves first: the game played in turn"
    return Section("move_order", title, tuple(blocks))
