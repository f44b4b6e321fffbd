"""Teaching sections for a game tree: the tree in words, backward induction step by step, the
subgame-perfect equilibrium and its off-path plans, and the Nash equilibria that are not subgame
perfect (with the threat that is not credible).

Everything comes from the :class:`~sim.sequential.analysis.SequentialResult`; numbers are the
report's (exact fractions where the arithmetic was exact).
"""

from __future__ import annotations

from fractions import Fraction

from ..explain.model import Bullets, Derivation, Paragraph, Section
from ..numbers import fmt, fmt_prob
from .analysis import SequentialResult
from .report import MAX_STEPS, _onpath, behaviour_text, path_text, pbe_label
from .report_classes import class_sets, nash_classes, set_lines
from .tree import CHANCE, DECISION, TERMINAL, Tree

__all__ = ["explain", "not_credible"]

MAX_NODES_LISTED = 20
MAX_NASH = 8


def _pay(tree: Tree, pay) -> str:
    return ", ".join(f"{p} {fmt(v)}" for p, v in zip(tree.players, pay))


def _tree_section(res: SequentialResult) -> Section:
    tree = res.tree
    dec = [n for n in tree.nodes if n.kind == DECISION]
    chance = [n for n in tree.nodes if n.kind == CHANCE]
    who = ", ".join(f"{p} ({n})" if n != p else p for p, n in zip(tree.players, tree.player_names))
    info = (
        "Every player sees every earlier move (perfect information), so each decision node "
        "starts a subgame and backward induction solves the game."
        if tree.is_perfect_information
        else "Some player cannot tell some nodes apart (an information set joins them), so the "
        "game is solved through its subgames and its reduced normal form."
    )
    blocks: list = [
        Paragraph(
            f"Players: {who}. The tree has {len(dec)} decision node(s), "
            f"{len(chance)} chance node(s) and {len(tree.leaves())} outcomes. "
            f"{info}"
        )
    ]
    items = []
    for n in tree.nodes:
        if n.kind == TERMINAL:
            continue
        if n.kind == CHANCE:
            items.append(
                f"At '{n.name}' chance picks "
                + ", ".join(f"{m} ({fmt_prob(p)})" for m, p in zip(n.moves, n.probs))
                + "."
            )
        else:
            items.append(
                f"At '{n.name}' {tree.players[n.player]} chooses " + " or ".join(n.moves) + "."
            )
    if len(items) > MAX_NODES_LISTED:
        more = len(items) - MAX_NODES_LISTED
        items = items[:MAX_NODES_LISTED] + [
            f"... and {more} more nodes (the chart and --json show every one)."
        ]
    blocks.append(Bullets(tuple(items)))
    joined = [(h, s) for h, s in tree.infosets.items() if len(s.members) > 1]
    if joined:
        blocks.append(
            Paragraph(
                "Information sets (the player moves without knowing which of "
                "these nodes it is at, so it makes the same choice at each):"
            )
        )
        blocks.append(
            Bullets(
                tuple(
                    f"'{h}': {tree.players[s.player]} cannot tell apart "
                    + ", ".join(f"'{tree.nodes[k].name}'" for k in s.members)
                    for h, s in joined
                )
            )
        )
    if res.types is not None:
        ts = res.types
        prior = ", ".join(f"{t} {fmt_prob(p)}" for t, p in zip(ts.types, ts.prior))
        text = f"Types: chance first picks {prior}."
        if ts.informed:
            text += f" {', '.join(ts.informed)} knows the type."
        if ts.uninformed:
            text += (
                f" {', '.join(ts.uninformed)} does not, and acts on the prior and on what it sees."
            )
        blocks.append(Paragraph(text))
    return Section("sequential-tree", "The game tree", tuple(blocks))


def _backward_section(res: SequentialResult) -> Section:
    tree = res.tree
    bi = res.backward
    blocks: list = [
        Paragraph(
            "Backward induction starts at the last moves: at each decision node the mover picks a "
            "move that gives it the most, given what will happen after each move (already worked "
            "out further down). Chance nodes are replaced by their expected payoffs. Working up to "
            "the root gives every player's plan at every node, reached or not."
        )
    ]
    steps = bi.steps
    if len(steps) > MAX_STEPS and bi.equilibria:
        onpath = {a for a, _ in bi.equilibria[0].path}
        steps = tuple(st for st in bi.steps if st.node in onpath)
        blocks.append(
            Paragraph(
                f"The tree has {len(bi.steps)} decision nodes; only those on the "
                "equilibrium path are shown."
            )
        )
    for k, st in enumerate(steps, 1):
        i = tree.players.index(st.player)
        lines = [
            f"{mv} leads to ({_pay(tree, v)}): {st.player} gets {fmt(v[i])}"
            for mv, v in zip(st.moves, st.values)
        ]
        if len(st.best) > 1:
            lines.append(
                f"{st.player} is indifferent between {', '.join(st.best)}; each choice "
                f"starts a subgame-perfect equilibrium (shown: {st.chosen})"
            )
        else:
            others = [fmt(v[i]) for mv, v in zip(st.moves, st.values) if mv != st.chosen]
            beats = (
                f" ({fmt(dict(zip(st.moves, st.values))[st.chosen][i])} > {', '.join(others)})"
                if others
                else ""
            )
            lines.append(f"so {st.player} chooses {st.chosen}{beats}")
        blocks.append(Derivation(tuple(lines), f"Step {k}: {st.player} at '{st.node}'"))
    return Section("sequential-backward", "Backward induction, step by step", tuple(blocks))


def _off_path(tree: Tree, eq) -> list[str]:
    onpath = {a for a, _ in eq.path}
    return [
        f"at '{nd}' {tree.players[tree.nodes[tree.node_index(nd)].player]} would play {mv}"
        for nd, mv in eq.choices
        if nd not in onpath
    ]


def _spe_section(res: SequentialResult) -> Section | None:
    tree = res.tree
    blocks: list = []
    if res.backward is not None:
        eqs = res.backward.equilibria
        if not eqs:
            return None
        head = (
            "The subgame-perfect equilibrium is unique."
            if res.backward.unique
            else f"There are {len(eqs)} subgame-perfect equilibria in pure strategies (ties make "
            "several)."
        )
        blocks.append(
            Paragraph(
                head + " A subgame-perfect equilibrium asks every plan to be a "
                "best reply in every subgame, even one that is never reached: "
                "no threat or promise the player would not carry out."
            )
        )
        for k, eq in enumerate(eqs[:MAX_NASH], 1):
            items = [f"Play: {path_text(tree, eq.path)}.", f"Payoffs: {_pay(tree, eq.payoffs)}."]
            off = _off_path(tree, eq)
            if off:
                shown = off[:12]
                more = f"; and {len(off) - 12} more" if len(off) > 12 else ""
                items.append(
                    "Off the path (what keeps the others on it): " + "; ".join(shown) + more + "."
                )
            if len(eqs) > 1:
                blocks.append(Paragraph(f"Equilibrium {k}:"))
            blocks.append(Bullets(tuple(items)))
        return Section("sequential-spe", "The subgame-perfect equilibrium", tuple(blocks))
    if res.spe is None:
        return None
    spe = res.spe
    if spe.subgames:
        blocks.append(
            Paragraph(
                "The game has proper subgames starting at "
                + ", ".join(f"'{s}'" for s in spe.subgames)
                + ". Each is solved first and replaced "
                "by its equilibrium payoffs (backward induction over subgames); the rest is solved "
                "through its reduced normal form."
            )
        )
    else:
        blocks.append(
            Paragraph(
                "The game has no proper subgames, so every Nash equilibrium is subgame perfect."
            )
        )
    for k, (beh, pay) in enumerate(spe.equilibria[:MAX_NASH], 1):
        items = [f"Play: {_onpath(tree, beh)}.", f"Payoffs: {_pay(tree, pay)}."]
        items.extend(line.strip() for line in behaviour_text(tree, beh, ""))
        blocks.append(Paragraph(f"Equilibrium {k}:"))
        blocks.append(Bullets(tuple(items)))
    if not spe.equilibria:
        blocks.append(Paragraph("None was found."))
    return Section("sequential-spe", "Subgame-perfect equilibria", tuple(blocks))


def not_credible(tree: Tree, beh) -> list[str]:
    """Sentences for the decision nodes alone in their information set where ``beh`` plans a
    move that is not a best reply once the node is reached (an empty threat or promise)."""
    out = []
    for n in tree.nodes:
        if n.kind != DECISION or len(tree.infosets[n.infoset].members) != 1:
            continue
        probs = beh.get(n.infoset)
        if probs is None:
            continue
        try:
            vals = [tree.expected_payoffs(beh, c)[n.player] for c in n.children]
        except (TypeError, KeyError):
            continue  # a plan below is left open ("any move"), so the value is not defined
        planned = sum(p * v for p, v in zip(probs, vals))
        best = max(vals)
        if float(best) - float(planned) > 1e-9:
            who = tree.players[n.player]
            played = ", ".join(m for m, p in zip(n.moves, probs) if p != 0)
            good = ", ".join(m for m, v in zip(n.moves, vals) if v == best)
            out.append(
                f"at '{n.name}' {who} plans {played} (worth {fmt(planned)} to {who}), "
                f"but once there {good} gives {fmt(best)}: the plan is not credible"
            )
    return out


def _sentence(line: str) -> str:
    line = line.removeprefix("- ")
    return line[0].upper() + line[1:] + "."


def _plainness(beh) -> int:
    """Sum of the denominators of a behaviour profile's probabilities (pure moves: 1 each)."""
    return sum(
        Fraction(p).limit_denominator(10**9).denominator
        for v in beh.values()
        if v is not None
        for p in v
    )


def _nash_section(res: SequentialResult) -> Section | None:
    """The Nash equilibria that are not subgame perfect, by outcome class (numbered as in the
    report: :func:`sim.sequential.report.nash_classes`), each with one of its plans and why
    that plan is not credible."""
    na = res.nash
    if na is None or not res.nash_is_spe or all(res.nash_is_spe):
        return None
    tree = res.tree
    n_bad = sum(1 for ok in res.nash_is_spe if not ok)
    classes = [
        (c, members, [k for k in members if not res.nash_is_spe[k]])
        for c, members in enumerate(nash_classes(res), 1)
    ]
    classes = [x for x in classes if x[2]]
    lead = (
        f"{n_bad} Nash equilibri{'um is' if n_bad == 1 else 'a are'} not subgame perfect"
        if len(classes) == n_bad
        else "Some Nash equilibria are not subgame perfect"
    )
    blocks: list = [
        Paragraph(
            f"{lead}: no player gains by changing its whole plan, but the plan includes a move "
            "off the path of play that the player would not make if that node were reached."
            + (
                f" They fall into {len(classes)} outcome classes (numbered as in `negsim run`); "
                "the equilibria of a class share the path and the payoffs and differ only in "
                "probabilities. Each class is described exactly, then one of its plans that is "
                "not subgame perfect is shown."
                if len(classes) < n_bad
                else ""
            )
        )
    ]
    sets = class_sets(res)
    for c, members, bad in classes[:MAX_NASH]:
        pick = min(bad, key=lambda k: _plainness(na.behaviours[k]))
        eq, beh = na.result.equilibria[pick], na.behaviours[pick]
        path = _onpath(tree, beh, probs=len(members) == 1)
        items = [f"Play: {path}.", f"Payoffs: {_pay(tree, eq.payoffs)}."]
        if len(members) > 1:
            cs = sets[c - 1]
            described = set_lines(cs, len(members))
            if cs.exact:
                items.extend(_sentence(line) for line in described[1:])
            else:
                items.append(_sentence(described[0]))
            items.append(
                "Some of these are not subgame perfect; the simplest one the solver found:"
            )
        items.extend(line.strip() for line in behaviour_text(tree, beh, ""))
        items.extend(s[0].upper() + s[1:] + "." for s in not_credible(tree, beh))
        blocks.append(Paragraph(f"Class {c}:" if len(members) > 1 else f"Nash equilibrium {c}:"))
        blocks.append(Bullets(tuple(items)))
    if len(classes) > MAX_NASH:
        blocks.append(
            Paragraph(f"... and {len(classes) - MAX_NASH} more classes (negsim run lists them).")
        )
    return Section("sequential-nash", "Nash equilibria that are not subgame perfect", tuple(blocks))


def _pbe_section(res: SequentialResult) -> Section | None:
    sg = res.signalling
    if sg is None:
        return None
    tree = res.tree
    S, R = tree.players[sg.sender], tree.players[sg.receiver]
    blocks: list = [
        Paragraph(
            f"This is a signalling game: chance picks {S}'s type ({', '.join(sg.types)}), {S} "
            f"sees it and sends a message ({', '.join(sg.messages)}), {R} sees the message, not "
            "the type, and responds. A perfect Bayesian equilibrium adds beliefs: after a message "
            f"that is sent, {R} updates by Bayes' rule; after one nobody sends, any belief that "
            f"makes {R}'s response a best reply will do (the intuitive criterion rules out the "
            "implausible ones)."
        )
    ]
    if not res.pbe:
        blocks.append(Paragraph("There is no perfect Bayesian equilibrium in pure strategies."))
    else:
        blocks.append(
            Bullets(
                tuple(
                    pbe_label(res, e).removeprefix("PBE ") + " — payoffs " + _pay(tree, e.payoffs)
                    for e in res.pbe
                )
            )
        )
    return Section("sequential-pbe", "Perfect Bayesian equilibria", tuple(blocks))


def explain(result: SequentialResult, **options) -> tuple[Section, ...]:
    """The kind's teaching sections, in reading order."""
    out = [_tree_section(result)]
    if result.backward is not None:
        out.append(_backward_section(result))
    for sec in (_spe_section(result), _nash_section(result), _pbe_section(result)):
        if sec is not None:
            out.append(sec)
    return tuple(out)
