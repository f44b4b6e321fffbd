"""What the seminar page shows beside the report, as plain JSON built from a result.

- :func:`payoff_view`: the payoff table(s) of a result that has a game (``result.game``: a
  normal-form scenario, the stage game of a repeated one), each cell marked with the players
  for whom their strategy is a best response, and the pure equilibria numbered as in
  ``negsim run``; :func:`equilibria_view` lists the equilibria in that order;
- :func:`conflict_view`: per stability concept, the states stable for each decision maker and
  the equilibria (a graph-model result: ``result.stability``);
- :func:`tree_view`: backward induction one decision node at a time (a tree result:
  ``result.backward``), each step with the ids of its node, its moves and its subtree in the
  SVG of the tree chart (:mod:`sim.sequential.charts`), so the page can highlight them.

Each returns ``None`` when the result has nothing of the sort, so the page shows only what
applies; none of them solves anything again.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..game import Game
from ..numbers import fmt, fmt_decimal, fmt_prob

__all__ = ["conflict_view", "equilibria_view", "payoff_view", "tree_view"]

#: payoff tables shown for a game of more than three players (one per profile of players 3..N)
MAX_TABLES = 12
#: states listed one by one in a conflict's stability table
MAX_STATES = 64


def _game(result: Any) -> Game | None:
    game = getattr(result, "game", None)
    return game if isinstance(game, Game) else None


def _equilibria(result: Any) -> tuple[Any, ...]:
    """The result's equilibria in the one numbering every output uses
    (:func:`sim.labels.reading_order`)."""
    from ..labels import reading_order

    solve = getattr(result, "solve", None)
    if solve is not None and hasattr(solve, "equilibria"):
        solve = reading_order(solve)
    eqs = getattr(solve, "equilibria", None)
    if eqs is None:
        eqs = getattr(result, "equilibria", None)
    if not isinstance(eqs, tuple) or not all(hasattr(e, "pure_profile") for e in eqs):
        return ()
    return eqs


def best_responses(game: Game) -> np.ndarray:
    """``br[s_1, …, s_N, i]``: whether player ``i``'s strategy in the profile is a best response
    to the others' (exact comparison when the payoffs are exact)."""
    n = game.n_players
    src = game.exact if game.exact is not None else game.payoffs
    out = np.zeros(game.shape + (n,), dtype=bool)
    for i in range(n):
        u = src[..., i]
        best = np.max(u, axis=i, keepdims=True)
        if game.exact is not None:
            out[..., i] = u == best
        else:
            scale = max(1.0, float(np.max(np.abs(game.payoffs))))
            out[..., i] = u >= best - 1e-9 * scale
    return out


def payoff_view(result: Any) -> dict[str, Any] | None:
    """The payoff tables with best responses and numbered pure equilibria (see the module)."""
    from ..normal_form.tables import payoff_tables

    game = _game(result)
    if game is None:
        return None
    br = best_responses(game)
    numbers = {}
    for k, eq in enumerate(_equilibria(result), 1):
        prof = eq.pure_profile()
        if prof is not None:
            numbers[tuple(int(x) for x in prof)] = k
    src = game.exact if game.exact is not None else game.payoffs
    tables = payoff_tables(game)
    shown = tables[:MAX_TABLES]
    out_tables = []
    for t in shown:
        rows = []
        for prow in t.profiles:
            cells = []
            for prof in prow:
                cells.append(
                    {
                        "payoffs": [fmt(src[prof + (i,)]) for i in range(game.n_players)],
                        "best": [bool(br[prof + (i,)]) for i in range(game.n_players)],
                        "equilibrium": numbers.get(tuple(int(x) for x in prof)),
                        "profile": game.profile_label(prof),
                    }
                )
            rows.append(cells)
        out_tables.append(
            {
                "title": t.title,
                "row_player": t.row_player,
                "col_player": t.col_player,
                "row_labels": list(t.row_labels),
                "col_labels": list(t.col_labels),
                "rows": rows,
            }
        )
    note = ""
    if len(tables) > len(shown):
        note = (
            f"{len(shown)} of {len(tables)} tables shown (one per choice of players 3 to "
            f"{game.n_players}); the handout and `negsim run` list them all."
        )
    return {"players": list(game.players), "tables": out_tables, "note": note}


def equilibria_view(result: Any) -> list[dict[str, Any]] | None:
    """The equilibria numbered as ``negsim run`` numbers them: label, each player's mixture
    and expected payoff (fractions with their decimals)."""
    game = _game(result)
    eqs = _equilibria(result)
    if game is None or not eqs:
        return None if game is None else []
    out = []
    for k, eq in enumerate(eqs, 1):
        prof = eq.pure_profile()
        plays = []
        for i, p in enumerate(game.players):
            used = [(s, x) for s, x in zip(game.strategies[i], eq.strategies[i]) if x != 0]
            mix = used[0][0] if len(used) == 1 else ", ".join(f"{s} {fmt_prob(x)}" for s, x in used)
            plays.append({"player": p, "plays": mix, "payoff": fmt_decimal(eq.payoffs[i])})
        out.append(
            {
                "number": k,
                "pure": prof is not None,
                "label": game.profile_label(prof) if prof is not None else "mixed",
                "players": plays,
                "pareto_efficient": bool(eq.pareto_efficient),
            }
        )
    return out


def conflict_view(result: Any, concept: str | None = None) -> dict[str, Any] | None:
    """Per concept: which states are stable for which decision maker, and the equilibria."""
    st = getattr(result, "stability", None)
    c = getattr(result, "conflict", None)
    if st is None or c is None:
        return None
    from ..conflict.stability import CONCEPT_NAMES

    concepts = list(st.concepts)
    if concept is not None and concept not in concepts:
        from ..scenario.errors import Location, ScenarioError

        raise ScenarioError(
            f"concept {concept!r} was not computed for this scenario (its concepts: "
            f"{', '.join(concepts)})",
            Location("concept"),
        )
    chosen = concept or ("seq" if "seq" in concepts else concepts[0])
    stable = st.stable[chosen]
    eq = {int(s) for s in st.equilibria(chosen)}
    n = c.n_states
    states = []
    for s in range(min(n, MAX_STATES)):
        states.append(
            {
                "number": s + 1,
                "describe": c.describe(s),
                "stable": [bool(stable[i, s]) for i in range(c.n_dms)],
                "equilibrium": s in eq,
            }
        )
    return {
        "concepts": [{"name": x, "label": CONCEPT_NAMES[x]} for x in concepts],
        "concept": chosen,
        "convention": st.convention,
        "dms": [d.id for d in c.dms],
        "n_states": n,
        "states": states,
        "equilibria": [{"number": s + 1, "describe": c.describe(s)} for s in sorted(eq)],
        "by_concept": {x: [int(s) + 1 for s in st.equilibria(x)] for x in concepts},
    }


def _values(values: tuple[Any, ...], players: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"{p} {fmt(v)}" for p, v in zip(players, values)) + ")"


def tree_view(result: Any) -> dict[str, Any] | None:
    """Backward induction step by step: each decision node, from the last decisions back to
    the root, with what each move gives its mover and the move chosen."""
    tree = getattr(result, "tree", None)
    if tree is None:
        return None
    bi = getattr(result, "backward", None)
    players = tuple(getattr(tree, "players", ()))
    if bi is None:
        return {
            "steps": [],
            "note": "Backward induction needs every player to see every earlier move; this "
            "tree has information sets (or types), so the report's equilibria come from the "
            "game's strategic form instead.",
        }
    from ..sequential.charts import CHART, edge_id, label_id, node_id

    index = {n.name: k for k, n in enumerate(tree.nodes)}

    def below(k: int) -> list[str]:
        """The ids of node ``k``'s subtree in the tree chart: nodes, move lines and labels."""
        out, stack = [], [k]
        while stack:
            j = stack.pop()
            out.append(node_id(j))
            for m, c in enumerate(tree.nodes[j].children):
                out.extend((edge_id(j, m), label_id(j, m)))
                stack.append(c)
        return out

    steps = []
    for k, step in enumerate(bi.steps, 1):
        try:
            mover = players.index(step.player)
        except ValueError:
            mover = None
        compares = [
            {
                "move": mv,
                "values": _values(v, players) if players else ", ".join(fmt(x) for x in v),
                "mover_gets": fmt(v[mover]) if mover is not None else "",
                "best": mv in step.best,
            }
            for mv, v in zip(step.moves, step.values)
        ]
        at = index[step.node]
        moves = tree.nodes[at].moves
        for compare in compares:
            j = moves.index(compare["move"])
            compare["edge"] = edge_id(at, j)
            compare["label"] = label_id(at, j)
        steps.append(
            {
                "number": k,
                "node": step.node,
                "player": step.player,
                "moves": compares,
                "chosen": step.chosen,
                "tie": len(step.best) > 1,
                "chart": {
                    "node": node_id(at),
                    "chosen": edge_id(at, moves.index(step.chosen)),
                    "subtree": below(at),
                },
            }
        )
    path = []
    if bi.equilibria:
        path = [f"{node}: {move}" for node, move in bi.equilibria[0].path]
    note = ""
    if bi.ties:
        note = (
            "At " + ", ".join(bi.ties) + " the mover is indifferent; each best move starts a "
            "different subgame-perfect equilibrium (the report lists them)."
        )
    return {"steps": steps, "path": path, "note": note, "chart": CHART}
