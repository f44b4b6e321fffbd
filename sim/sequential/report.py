"""The report of a :class:`~sim.sequential.analysis.SequentialResult`: the text body, the JSON
body and the outcome labels (the kind contract adds the title block, notes and sources).

Labels, never indices: players by id, nodes by name, moves by label; exact fractions where the
arithmetic was exact.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..numbers import exact_str, fmt_prob, jsonable
from ..numbers import fmt as fmt_number
from ..numbers import json_number as number
from .analysis import SequentialResult
from .bayes import infoset_type
from .tree import CHANCE, TERMINAL, Tree

# the Nash equilibria as outcome classes live in .report_classes (imported where used, since
# that module builds on the helpers here)

__all__ = ["behaviour_text", "outcomes", "path_text", "to_dict", "to_text", "tree_to_dict"]

MAX_STEPS = 40  # longer node-by-node accounts show only the nodes on the equilibrium path
MAX_OFF_PATH = 12


def _pay(tree: Tree, pay) -> str:
    return ", ".join(f"{p} {fmt_number(v)}" for p, v in zip(tree.players, pay))


def _render(tree: Tree, k: int, moves_at, probs: bool = True) -> str:
    """Play from node ``k``: ``A: x → B: y``; chance branches as ``[t1 (p): ... | t2 (q): ...]``
    (without the probabilities when ``probs`` is false)."""
    parts = []
    while tree.nodes[k].kind != TERMINAL:
        n = tree.nodes[k]
        live = moves_at(k)
        if n.kind == CHANCE or len(live) > 1:
            who = "chance" if n.kind == CHANCE else tree.players[n.player]
            branches = []
            for m, p in live:
                rest = _render(tree, n.children[m], moves_at, probs)
                move = f"{n.moves[m]} ({fmt_prob(p)})" if probs else n.moves[m]
                branches.append(move + (f": {rest}" if rest else ""))
            parts.append(f"{who}: [" + " | ".join(branches) + "]")
            break
        m = live[0][0]
        parts.append(f"{tree.players[n.player]}: {n.moves[m]}")
        k = n.children[m]
    return " → ".join(parts)


def path_text(tree: Tree, path, probs: bool = True) -> str:
    """``US: multilateral → DPRK: transfer → US: honour`` (chance moves with probabilities,
    unless ``probs`` is false)."""
    chosen: dict[int, list] = {}
    for node, mv in path:
        k = tree.node_index(node)
        n = tree.nodes[k]
        m = n.moves.index(mv)
        chosen.setdefault(k, []).append((m, n.probs[m] if n.kind == CHANCE else 1))
    return _render(tree, 0, lambda k: chosen[k], probs)


def _where(tree: Tree, h: str) -> str:
    s = tree.infosets[h]
    if len(s.members) == 1:
        node = tree.nodes[s.members[0]].name
        return f"at '{node}'" if node == h else f"at '{h}' (node '{node}')"
    return f"at '{h}' ({len(s.members)} nodes)"


def _moves(tree: Tree, h: str, probs) -> str:
    s = tree.infosets[h]
    if probs is None:
        return "not reached (any move)"
    pure = [m for m, p in zip(s.moves, probs) if p == 1]
    if pure:
        return pure[0]
    return ", ".join(f"{m} {fmt_prob(p)}" for m, p in zip(s.moves, probs) if p != 0)


def behaviour_text(tree: Tree, beh, indent: str = "    ") -> list[str]:
    """One line per player: its move at each information set."""
    lines = []
    for i, p in enumerate(tree.players):
        sets = tree.player_infosets(i)
        if not sets:
            continue
        items = []
        for h in sets:
            t = infoset_type(tree, h)
            where = f"if {t}" if t is not None and len(sets) > 1 and not h.startswith(t) else ""
            label = h if not where else f"{h} ({where})"
            items.append(f"{label}: {_moves(tree, h, beh.get(h))}")
        lines.append(f"{indent}{p} — " + "; ".join(items))
    return lines


def _onpath(tree: Tree, beh, probs: bool = True) -> str:
    def moves_at(k):
        n = tree.nodes[k]
        ps = n.probs if n.kind == CHANCE else beh.get(n.infoset)
        if ps is None:
            return [(0, 1)]
        return [(m, p) for m, p in enumerate(ps) if p != 0]

    return _render(tree, 0, moves_at, probs)


def _support(labels, probs) -> str:
    """``"summit"`` or ``"summit/pressure"``: the moves played with positive probability."""
    return "/".join(x for x, p in zip(labels, probs) if p != 0)


def pbe_label(res: SequentialResult, e) -> str:
    """``"PBE separating: DPRK earnest → demolish, duplicitous → words; US after demolish:
    summit, after words: pressure"`` (supports, not probabilities, for mixed ones)."""
    sg = res.signalling
    tree = res.tree
    S, R = tree.players[sg.sender], tree.players[sg.receiver]
    if e.is_pure:
        sender, receiver = list(e.sender), list(e.receiver)
    else:
        sender = [(t, _support(sg.messages, v)) for t, v in zip(sg.types, e.sender_probs)]
        receiver = [(m, _support(sg.responses, v)) for m, v in zip(sg.messages, e.receiver_probs)]
    return (
        f"PBE {e.kind}: {S} "
        + ", ".join(f"{t} → {m}" for t, m in sender)
        + f"; {R} "
        + ", ".join(f"after {m}: {r}" for m, r in receiver)
    )


def outcomes(res: SequentialResult) -> tuple[str, ...]:
    """The subgame-perfect outcomes (the path of play, moves by label, no probabilities), and for
    a signalling game its perfect Bayesian equilibria (``"PBE pooling: ..."``)."""
    tree = res.tree
    out: list[str] = []
    if res.backward is not None:
        out.extend(path_text(tree, eq.path, probs=False) for eq in res.backward.equilibria)
    elif res.spe is not None:
        out.extend(_onpath(tree, beh, probs=False) for beh, _ in res.spe.equilibria)
    out.extend(pbe_label(res, e) for e in res.pbe)
    return tuple(dict.fromkeys(out))


def to_text(res: SequentialResult) -> str:
    """The report's body: the tree in one line, then every equilibrium concept that applies."""
    tree = res.tree
    out: list[str] = []
    n_dec = sum(1 for n in tree.nodes if n.kind == "decision")
    n_ch = sum(1 for n in tree.nodes if n.kind == CHANCE)
    info = "perfect information" if tree.is_perfect_information else "imperfect information"
    out.append(
        f"A game tree: {tree.n_players} players ({', '.join(tree.players)}), {n_dec} "
        f"decision node(s), {n_ch} chance node(s), {len(tree.leaves())} outcomes; {info}."
    )
    if res.types is not None:
        ts = res.types
        prior = ", ".join(f"{t} {fmt_prob(p)}" for t, p in zip(ts.types, ts.prior))
        out.append("")
        out.append(f"Types: chance first picks {prior}.")
        if ts.informed:
            out.append(f"  Knows the type: {', '.join(ts.informed)}.")
        if ts.uninformed:
            out.append(
                f"  Does not know it: {', '.join(ts.uninformed)} (acts on the prior and on "
                "what it sees)."
            )

    if res.backward is not None:
        bi = res.backward
        out.append("")
        out.append("Backward induction, node by node (last movers first)")
        out.append("----------------------------------------------------")
        steps = bi.steps
        if len(steps) > MAX_STEPS and bi.equilibria:
            onpath = {a for a, _ in bi.equilibria[0].path}
            steps = tuple(st for st in bi.steps if st.node in onpath)
            out.append(
                f"  ({len(bi.steps)} decision nodes; only those on the path are shown, "
                "--json lists every step)"
            )
        for st in steps:
            opts = "; ".join(f"{mv} → ({_pay(tree, v)})" for mv, v in zip(st.moves, st.values))
            tie = f" (tie: {', '.join(st.best)} equally good)" if len(st.best) > 1 else ""
            out.append(f"  {st.player} at '{st.node}': {opts}")
            out.append(f"      {st.player} chooses {st.chosen}{tie}")
        n = len(bi.equilibria)
        out.append("")
        if n == 1 and not bi.truncated:
            out.append("Subgame-perfect equilibrium (unique)")
        else:
            more = " (list cut short)" if bi.truncated else ""
            out.append(
                f"Subgame-perfect equilibria: {n} in pure strategies{more}; ties at "
                f"{', '.join(repr(t) for t in bi.ties) or 'some node'} make several"
            )
        for k, eq in enumerate(bi.equilibria, 1):
            lead = f"  {k}. " if n > 1 else "  "
            out.append(f"{lead}path: {path_text(tree, eq.path)}")
            out.append(f"{' ' * len(lead)}payoffs: {_pay(tree, eq.payoffs)}")
            onpath = {a for a, _ in eq.path}
            off = [(nd, mv) for nd, mv in eq.choices if nd not in onpath]
            more = ""
            if len(off) > MAX_OFF_PATH:
                more = f"; and {len(off) - MAX_OFF_PATH} more (see --json)"
                off = off[:MAX_OFF_PATH]
            if off:
                words = "; ".join(
                    f"at '{nd}' {tree.players[tree.nodes[tree.node_index(nd)].player]} would "
                    f"play {mv}"
                    for nd, mv in off
                )
                out.append(f"{' ' * len(lead)}off the path: {words}{more}")
        if not res.backward_certified:
            out.append(
                "  (each checked by the one-shot deviation test at every node: no mover "
                "gains by changing a single move)"
            )
        else:
            out.append(
                "  (each certified as a Nash equilibrium of the reduced normal form, "
                "regret exactly 0)"
                if all(e.exact for e in res.backward_certified)
                else "  (each certified as a Nash equilibrium, regret within tolerance)"
            )

    if res.spe is not None and not res.spe.subgames:
        out.append("")
        out.append(
            "The game has no proper subgames, so every Nash equilibrium below is subgame perfect."
        )
    elif res.spe is not None:
        spe = res.spe
        out.append("")
        sub = (
            f"solving the subgames at {', '.join(repr(s) for s in spe.subgames)} first"
            if spe.subgames
            else "the game has no proper subgames"
        )
        out.append(f"Subgame-perfect equilibria ({sub})")
        out.append("-" * min(78, len(out[-1])))
        for k, (beh, pay) in enumerate(spe.equilibria, 1):
            out.append(f"  {k}. payoffs: {_pay(tree, pay)}")
            out.append(f"     path: {_onpath(tree, beh)}")
            out.extend(behaviour_text(tree, beh, "     "))
        if not spe.complete:
            out.append(f"  (may be incomplete: {spe.message or 'a solver could not promise all'})")
        if not spe.equilibria:
            out.append("  none found")

    if res.nash is not None and (res.backward is None or len(res.nash.result.equilibria) > 1):
        na = res.nash
        g = na.reduced.game
        out.append("")
        label = (
            "Bayesian Nash equilibria"
            if res.types is not None and res.types.uninformed
            else "Nash equilibria"
        )
        shape = " x ".join(str(x) for x in g.shape)
        out.append(
            f"{label} (reduced normal form {shape}, method '{na.method}': {na.result.status})"
        )
        out.append("-" * min(78, len(out[-1])))
        from .report_classes import nash_class_lines

        out.extend(nash_class_lines(res))
        if na.result.status == "partial":
            out.append(
                "  (The search stopped at its work limit, so there may be equilibria it did not "
                "reach; --json has the solver's own account.)"
            )
        elif na.result.message:
            out.append(f"  ({na.result.message})")
        if na.method == "pure":
            out.append(
                "  (pure equilibria only: no solver for every mixed equilibrium of this "
                "game is available)"
            )
    if res.signalling is not None:
        sg = res.signalling
        out.append("")
        S, R = tree.players[sg.sender], tree.players[sg.receiver]
        n_mixed = sum(1 for e in res.pbe if not e.is_pure)
        scope = (
            "pure strategies, then mixed ones among the Nash equilibria above"
            if n_mixed
            else "pure strategies"
        )
        out.append(f"Perfect Bayesian equilibria (signalling: {S} sends, {R} responds; {scope})")
        out.append("-" * min(78, len(out[-1])))
        t0 = sg.types[0]
        if not res.pbe:
            out.append("  none in pure strategies (look for mixed, semi-separating ones)")
        for k, e in enumerate(res.pbe, 1):
            msgs = {m for _, m in e.sender}
            what = f"pooling on {next(iter(msgs))}" if e.kind == "pooling" else e.kind
            if not e.is_pure:
                what += " (mixed)"

            def par(x):
                return f"({x})" if "," in x else x

            out.append(
                f"  {k}. {what}: {S} "
                + ", ".join(f"{t} → {par(m)}" for t, m in e.sender)
                + f"; {R} "
                + ", ".join(f"after {m}: {par(r)}" for m, r in e.receiver)
            )
            bel = []
            many = len(sg.types) > 2
            for m, b, on in e.beliefs:
                if many:
                    vec = ", ".join(f"{t} {fmt_prob(x)}" for t, x in zip(sg.types, b))
                    bel.append(
                        f"after {m}: ({vec}) by Bayes' rule"
                        if on
                        else f"after {m}: supported by beliefs such as ({vec}) (off the path)"
                    )
                elif on:
                    bel.append(f"P({t0} | {m}) = {fmt_prob(b)} by Bayes' rule")
                else:
                    lo, hi = b
                    if lo == 0 and hi == 1:
                        cond = "any belief"
                    elif lo == hi:
                        cond = f"= {fmt_prob(lo)}"
                    elif lo == 0:
                        cond = f"≤ {fmt_prob(hi)}"
                    elif hi == 1:
                        cond = f"≥ {fmt_prob(lo)}"
                    else:
                        cond = f"in [{fmt_prob(lo)}, {fmt_prob(hi)}]"
                    bel.append(
                        f"P({t0} | {m}) {cond} (off the path)"
                        if cond != "any belief"
                        else f"after {m}: any belief (off the path)"
                    )
            out.append("     beliefs: " + "; ".join(bel))
            out.append(
                f"     payoffs: {S} "
                + ", ".join(f"{t} {fmt_number(v)}" for t, v in zip(sg.types, e.type_payoffs))
                + f"; expected {_pay(tree, e.payoffs)}"
            )
            if e.intuitive is not None:
                out.append("     " + _intuitive_text(e.intuitive, len(sg.types)))
    return "\n".join(out) + "\n"


def _exact(x):
    return exact_str(x) if isinstance(x, Fraction | int) else None


def _intuitive_text(check, n_types: int) -> str:
    """One line: the intuitive criterion's verdict and why."""
    if not check.dominated:
        return "intuitive criterion: passes (every message is sent, so no off-path belief)"
    if check.passes:

        def why(m, ts):
            if not ts:
                return f"{m}: equilibrium-dominated for no type, so no belief is ruled out"
            if len(ts) == n_types:
                return f"{m}: equilibrium-dominated for every type, so nobody would send it"
            return (
                f"{m}: equilibrium-dominated for {', '.join(ts)}; with that ruled out, no "
                f"type is sure to gain from it"
            )

        return (
            "intuitive criterion: passes ("
            + "; ".join(why(m, ts) for m, ts in check.dominated)
            + ")"
        )
    m, ruled_out, t, least, eq = check.failures[0]
    return (
        f"intuitive criterion: FAILS: {m} is equilibrium-dominated for "
        f"{', '.join(ruled_out)}; once the receiver believes it comes from the other "
        f"types, every optimal response gives {t} at least {fmt_number(least)} > "
        f"{fmt_number(eq)} (its equilibrium payoff), so {t} would deviate"
    )


def _intuitive_json(check) -> dict | None:
    if check is None:
        return None
    return {
        "passes": check.passes,
        "dominated": {m: list(ts) for m, ts in check.dominated},
        "failures": [
            {
                "message": m,
                "ruled_out": list(r),
                "deviator": t,
                "least_gain": number(least),
                "equilibrium_payoff": number(eq),
            }
            for m, r, t, least, eq in check.failures
        ],
    }


def _belief_json(sg, b, on) -> dict:
    """Two types: P(first type) (on the path) or its interval; more: vectors by type."""
    if len(sg.types) > 2:
        vec = {t: number(x) for t, x in zip(sg.types, b)}
        return {"on_path": True, "posterior": vec} if on else {"on_path": False, "example": vec}
    if on:
        return {"on_path": True, "value": number(b), "exact": _exact(b)}
    return {
        "on_path": False,
        "min": number(b[0]),
        "max": number(b[1]),
        "min_exact": _exact(b[0]),
        "max_exact": _exact(b[1]),
    }


def _beh_json(beh) -> dict:
    return {h: (None if v is None else [number(x) for x in v]) for h, v in beh.items()}


def tree_to_dict(tree: Tree) -> list[dict]:
    out = []
    for n in tree.nodes:
        d: dict[str, Any] = {"name": n.name, "kind": n.kind}
        if n.kind == "decision":
            d.update(player=tree.players[n.player], infoset=n.infoset, moves=list(n.moves))
        elif n.kind == CHANCE:
            d.update(moves=list(n.moves), probabilities=[number(p) for p in n.probs])
        else:
            d["payoffs"] = {p: number(v) for p, v in zip(tree.players, n.payoffs)}
        if n.parent is not None:
            d["parent"] = tree.nodes[n.parent].name
        out.append(d)
    return out


def to_dict(res: SequentialResult) -> dict:
    """The JSON body (plain JSON types; the contract adds the envelope and the notes)."""
    tree = res.tree
    d: dict[str, Any] = {
        "players": list(tree.players),
        "perfect_information": tree.is_perfect_information,
        "tree": tree_to_dict(tree),
    }
    if res.backward is not None:
        d["backward_induction"] = {
            "equilibria": [
                {
                    "choices": dict(eq.choices),
                    "path": [{"node": a, "move": b} for a, b in eq.path],
                    "payoffs": {p: number(v) for p, v in zip(tree.players, eq.payoffs)},
                    "payoffs_exact": (
                        {p: exact_str(v) for p, v in zip(tree.players, eq.payoffs)}
                        if all(isinstance(v, Fraction) for v in eq.payoffs)
                        else None
                    ),
                }
                for eq in res.backward.equilibria
            ],
            "ties": list(res.backward.ties),
            "truncated": res.backward.truncated,
            "steps": [
                {
                    "node": s.node,
                    "player": s.player,
                    "best": list(s.best),
                    "chosen": s.chosen,
                    "values": {mv: [number(x) for x in v] for mv, v in zip(s.moves, s.values)},
                }
                for s in res.backward.steps
            ],
        }
    if res.spe is not None:
        d["subgame_perfect"] = {
            "subgames": list(res.spe.subgames),
            "complete": res.spe.complete,
            "methods": list(res.spe.methods),
            "equilibria": [
                {
                    "behaviour": _beh_json(b),
                    "payoffs": {p: number(v) for p, v in zip(tree.players, pay)},
                }
                for b, pay in res.spe.equilibria
            ],
        }
    if res.nash is not None:
        na = res.nash
        g = na.reduced.game
        from .report_classes import classes_json

        d["nash"] = {
            "classes": classes_json(res),
            "method": na.method,
            "status": na.result.status,
            "message": na.result.message,
            "reduced_strategies": {p: list(g.strategies[i]) for i, p in enumerate(g.players)},
            "equilibria": [
                {
                    "strategies": {
                        p: {s: number(x) for s, x in zip(g.strategies[i], eq.strategies[i])}
                        for i, p in enumerate(g.players)
                    },
                    "behaviour": _beh_json(b),
                    "payoffs": {p: number(v) for p, v in zip(tree.players, eq.payoffs)},
                    "max_regret": number(eq.max_regret),
                    "exact": eq.exact,
                    "subgame_perfect": (res.nash_is_spe[k] if res.nash_is_spe else None),
                }
                for k, (eq, b) in enumerate(zip(na.result.equilibria, na.behaviours))
            ],
        }
    if res.types is not None:
        d["types"] = {
            "types": list(res.types.types),
            "prior": [number(p) for p in res.types.prior],
            "informed": list(res.types.informed),
            "uninformed": list(res.types.uninformed),
        }
    if res.signalling is not None:
        sg = res.signalling
        d["perfect_bayesian"] = {
            "sender": tree.players[sg.sender],
            "receiver": tree.players[sg.receiver],
            "belief_about": sg.types[0],
            "equilibria": [
                {
                    "kind": e.kind,
                    "sender": dict(e.sender),
                    "receiver": dict(e.receiver),
                    "beliefs": {m: _belief_json(sg, b, on) for m, b, on in e.beliefs},
                    "payoffs": {p: number(v) for p, v in zip(tree.players, e.payoffs)},
                    "sender_payoff_by_type": {
                        t: number(v) for t, v in zip(sg.types, e.type_payoffs)
                    },
                    "pure": e.is_pure,
                    "sender_probabilities": (
                        None
                        if e.is_pure
                        else {
                            t: {m: number(x) for m, x in zip(sg.messages, v)}
                            for t, v in zip(sg.types, e.sender_probs)
                        }
                    ),
                    "receiver_probabilities": (
                        None
                        if e.is_pure
                        else {
                            m: {r: number(x) for r, x in zip(sg.responses, v)}
                            for m, v in zip(sg.messages, e.receiver_probs)
                        }
                    ),
                    "intuitive_criterion": _intuitive_json(e.intuitive),
                }
                for e in res.pbe
            ],
        }
    return jsonable(d)
