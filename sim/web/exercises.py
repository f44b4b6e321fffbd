"""Exercises in the page: generate one (:mod:`sim.explain.exercises`, as ``negsim exercise``)
and check a student's answer, saying what is right, what is wrong and why.

An exercise is named by its kind and seed; the server generates it again to check an answer,
so the answers never travel to the page before the student has answered.  Each exercise asks
questions of three types: ``many`` (tick every item that applies), ``one`` (pick one) and
``number`` (an exact number such as ``2/3``).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ..numbers import fmt
from ..scenario.errors import Location, ScenarioError

__all__ = ["MAX_SEED", "check", "exercise"]

MAX_SEED = 10**9


def _generate(kind: str, seed: Any) -> Any:
    from ..explain.exercises import generate

    try:
        s = int(seed)
    except (TypeError, ValueError):
        s = -1
    if not 0 <= s <= MAX_SEED:
        raise ScenarioError(
            f"seed {seed!r}: give a whole number from 0 to {MAX_SEED}", Location("seed")
        )
    return generate(str(kind), s, 1)[0]


# -- facts about a game --------------------------------------------------------------------


def _profiles(game: Any) -> list[tuple[int, ...]]:
    return list(itertools.product(*(range(k) for k in game.shape)))


def _deviation(game: Any, prof: tuple[int, ...]) -> str | None:
    """Why ``prof`` is not an equilibrium (a player's profitable switch), or ``None``."""
    u = game.exact
    for i, p in enumerate(game.players):
        here = u[prof + (i,)]
        for k in range(game.shape[i]):
            alt = prof[:i] + (k,) + prof[i + 1 :]
            if u[alt + (i,)] > here:
                return (
                    f"{p} gains by switching from {game.strategies[i][prof[i]]} to "
                    f"{game.strategies[i][k]} ({fmt(u[alt + (i,)])} > {fmt(here)})"
                )
    return None


def _dominated(game: Any, alive: list[list[int]]) -> list[tuple[int, int, int]]:
    """``(player, strategy, by)``: strictly dominated by a pure strategy among ``alive``."""
    u = game.exact
    out = []
    for i in range(game.n_players):
        others = [alive[j] for j in range(game.n_players) if j != i]
        for a in alive[i]:
            for b in alive[i]:
                if a == b:
                    continue
                better = True
                for rest in itertools.product(*others):
                    pa = rest[:i] + (a,) + rest[i:]
                    pb = rest[:i] + (b,) + rest[i:]
                    if not u[pb + (i,)] > u[pa + (i,)]:
                        better = False
                        break
                if better:
                    out.append((i, a, b))
                    break
    return out


def _survivors(game: Any) -> list[list[int]]:
    alive = [list(range(k)) for k in game.shape]
    while True:
        gone = _dominated(game, alive)
        if not gone:
            return alive
        for i, a, _ in gone:
            if a in alive[i]:
                alive[i].remove(a)


def _strategy_id(game: Any, i: int, k: int) -> str:
    return f"{i}:{k}"


def _strategy_label(game: Any, i: int, k: int) -> str:
    return f"{game.players[i]}: {game.strategies[i][k]}"


def _pure_equilibria(game: Any) -> set[str]:
    return {game.profile_label(p) for p in _profiles(game) if _deviation(game, p) is None}


# -- questions ----------------------------------------------------------------------------


def _questions(ex: Any) -> list[dict[str, Any]]:
    game = ex.game
    qs: list[dict[str, Any]] = []
    if ex.kind in ("2x2", "mixed"):
        qs.append(
            {
                "id": "pure",
                "type": "many",
                "prompt": "Tick every pure-strategy Nash equilibrium (none, if there is none).",
                "options": [
                    {"value": game.profile_label(p), "label": game.profile_label(p)}
                    for p in _profiles(game)
                ],
            }
        )
    if ex.kind == "2x2":
        from ..explain.exercises import ARCHETYPE_CYCLE
        from ..normal_form.explain_archetypes import ARCHETYPES

        qs.append(
            {
                "id": "archetype",
                "type": "one",
                "prompt": "Which classic game has this structure?",
                "options": [{"value": k, "label": ARCHETYPES[k].name} for k in ARCHETYPE_CYCLE],
            }
        )
    if ex.kind == "mixed":
        for i, p in enumerate(game.players):
            s = game.strategies[i][0]
            qs.append(
                {
                    "id": f"prob{i}",
                    "type": "number",
                    "prompt": f"In the mixed equilibrium, the probability that {p} plays {s} "
                    "(an exact fraction, e.g. 2/3).",
                }
            )
    if ex.kind == "dominance":
        qs.append(
            {
                "id": "dominated",
                "type": "many",
                "prompt": "Tick every strategy that is strictly dominated in the game as given "
                "(before anything is eliminated).",
                "options": [
                    {"value": _strategy_id(game, i, k), "label": _strategy_label(game, i, k)}
                    for i in range(game.n_players)
                    for k in range(game.shape[i])
                ],
            }
        )
        qs.append(
            {
                "id": "survivor",
                "type": "one",
                "prompt": "Which outcome survives the iterated elimination?",
                "options": [
                    {"value": game.profile_label(p), "label": game.profile_label(p)}
                    for p in _profiles(game)
                ],
            }
        )
    if ex.kind == "tree":
        tree = ex.tree
        for node in _decision_nodes(tree.root):
            qs.append(
                {
                    "id": f"node:{node.name}",
                    "type": "one",
                    "prompt": f"At {node.name}, what does {tree.players[node.player]} choose?",
                    "options": [{"value": a, "label": a} for a, _ in node.children],
                }
            )
    if ex.kind == "stability":
        from ..conflict.stability import CONCEPT_NAMES
        from ..explain.exercises import STABILITY_CONCEPTS

        n = ex.conflict.n_states
        for x in STABILITY_CONCEPTS:
            qs.append(
                {
                    "id": f"eq:{x}",
                    "type": "many",
                    "prompt": f"Tick every state that is an equilibrium under {CONCEPT_NAMES[x]} "
                    "(stable for both decision makers).",
                    "options": [{"value": str(s), "label": f"state {s}"} for s in range(1, n + 1)],
                }
            )
    return qs


def _decision_nodes(root: Any) -> list[Any]:
    out = []
    stack = [root]
    while stack:
        n = stack.pop(0)
        if not n.is_leaf:
            out.append(n)
            stack.extend(c for _, c in n.children)
    return out


def exercise(kind: str, seed: Any) -> dict[str, Any]:
    """The exercise as the page shows it: its question (HTML) and the questions to answer."""
    from ..explain.exercises import sheets
    from ..report.html import render_body

    ex = _generate(kind, seed)
    questions, _ = sheets((ex,))
    return {
        "kind": ex.kind,
        "seed": ex.seed,
        "title": questions.title,
        "command": f"negsim exercise --kind {ex.kind} --seed {ex.seed} --count 1",
        "html": render_body(questions).replace('<section id="', '<section id="exercise-'),
        "questions": _questions(ex),
    }


# -- checking ------------------------------------------------------------------------------


def _as_set(value: Any) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, str):
        return {value}
    if isinstance(value, list | tuple):
        return {str(v) for v in value}
    raise ScenarioError("an answer is a value or a list of values", Location("answers"))


def _number(text: Any) -> Fraction | None:
    try:
        return Fraction(str(text).strip())
    except (ValueError, ZeroDivisionError):
        return None


def _verdict(qid: str, correct: bool, why: str) -> dict[str, Any]:
    return {"id": qid, "correct": correct, "why": why}


def _check_cells(game: Any, qid: str, given: set[str]) -> dict[str, Any]:
    truth = _pure_equilibria(game)
    by_label = {game.profile_label(p): p for p in _profiles(game)}
    wrong = sorted(given - truth)
    missed = sorted(truth - given)
    reasons = []
    for label in wrong:
        if label not in by_label:
            reasons.append(f"'{label}' is not a cell of this game.")
        else:
            reasons.append(f"{label} is not an equilibrium: {_deviation(game, by_label[label])}.")
    for label in missed:
        reasons.append(f"{label} is an equilibrium: no player gains by switching alone.")
    if not wrong and not missed:
        what = f"the pure equilibria are {', '.join(sorted(truth))}" if truth else "there is none"
        return _verdict(qid, True, f"Right: {what}.")
    return _verdict(qid, False, "\n".join(reasons))


def _check(ex: Any, q: dict[str, Any], answer: Any) -> dict[str, Any]:
    qid = q["id"]
    game = ex.game
    if qid == "pure":
        return _check_cells(game, qid, _as_set(answer))
    if qid == "archetype":
        from ..normal_form.explain_archetypes import ARCHETYPES

        name = ARCHETYPES[ex.promise].name
        if answer == ex.promise:
            return _verdict(qid, True, f"Right: {name}.")
        picked = f"Not {ARCHETYPES[answer].name}" if answer in ARCHETYPES else "No answer"
        return _verdict(
            qid,
            False,
            f"{picked}: compare each player's order of the four payoffs; this is {name}.",
        )
    if qid.startswith("prob"):
        i = int(qid[4:])
        from ..solvers import solve

        mixed = [e for e in solve(game, "auto").equilibria if not e.is_pure]
        truth = Fraction(mixed[0].strategies[i][0])
        other = game.players[1 - i]
        mine = game.strategies[i][0]
        got = _number(answer)
        why = (
            f"{game.players[i]} plays {mine} with probability {fmt(truth)}: the mix that leaves "
            f"{other} indifferent between its two strategies."
        )
        if got is not None and abs(got - truth) <= Fraction(1, 1000):
            exact = "" if got == truth else f" (exactly {truth})"
            return _verdict(qid, True, f"Right{exact}. " + why)
        shown = "no number" if got is None else fmt(got)
        return _verdict(qid, False, f"You gave {shown}. " + why)
    if qid == "dominated":
        alive = [list(range(k)) for k in game.shape]
        truth_list = _dominated(game, alive)
        truth = {_strategy_id(game, i, a): (i, a, b) for i, a, b in truth_list}
        given = _as_set(answer)
        reasons = []
        for sid in sorted(given - set(truth)):
            i, k = (int(x) for x in sid.split(":"))
            reasons.append(
                f"{_strategy_label(game, i, k)} is not strictly dominated in the game as given: "
                "no other strategy does better against every choice of the other player "
                "(it may fall later, after an elimination)."
            )
        for sid in sorted(set(truth) - given):
            i, a, b = truth[sid]
            reasons.append(
                f"{_strategy_label(game, i, a)} is strictly dominated by "
                f"{game.strategies[i][b]}: it does worse against every choice of the other player."
            )
        if not reasons:
            names = ", ".join(_strategy_label(game, i, a) for i, a, _ in truth_list)
            return _verdict(qid, True, f"Right: {names}.")
        return _verdict(qid, False, "\n".join(reasons))
    if qid == "survivor":
        alive = _survivors(game)
        truth = game.profile_label(tuple(a[0] for a in alive))
        if answer == truth:
            return _verdict(qid, True, f"Right: {truth} survives, and it is a Nash equilibrium.")
        return _verdict(
            qid,
            False,
            f"{truth} survives: eliminate the dominated strategies one round at a time; "
            "each elimination can make another strategy dominated.",
        )
    if qid.startswith("node:"):
        from ..explain.exercises import backward_induction

        node = qid[5:]
        _, choice, steps = backward_induction(ex.tree)
        step = next((s for s in steps if s.startswith(f"At {node},")), "")
        if answer == choice[node]:
            return _verdict(qid, True, "Right. " + step)
        picked = f"Not {answer}" if answer else "No answer"
        return _verdict(qid, False, f"{picked}. " + step)
    if qid.startswith("eq:"):
        from ..conflict import analyse
        from ..conflict.explain import move_reasons
        from ..conflict.stability import CONCEPT_NAMES
        from ..explain.exercises import STABILITY_CONCEPTS

        x = qid[3:]
        result = analyse(ex.conflict, concepts=STABILITY_CONCEPTS, coalitions=False)
        truth = {str(s) for s in result.equilibria(x)}
        given = _as_set(answer)
        reasons = []
        for s in sorted(given ^ truth, key=int):
            what = "is" if s in truth else "is not"
            what += f" an equilibrium under {CONCEPT_NAMES[x]}"
            lines = [
                line
                for i in range(ex.conflict.n_dms)
                for line in move_reasons(result, int(s) - 1, i)
            ]
            reasons.append(f"State {s} {what}. " + " ".join(lines))
        if not reasons:
            shown = ", ".join(sorted(truth, key=int)) or "none"
            return _verdict(qid, True, f"Right: {CONCEPT_NAMES[x]} equilibria: {shown}.")
        return _verdict(qid, False, "\n".join(reasons))
    raise ScenarioError(
        f"no question {qid!r} in this exercise", Location("answers")
    )  # pragma: no cover


def check(kind: str, seed: Any, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Each question's verdict (``correct`` and ``why``) and whether all are right."""
    if not isinstance(answers, Mapping):
        raise ScenarioError("answers: give an object of question id → answer", Location("answers"))
    ex = _generate(kind, seed)
    qs = _questions(ex)
    known = {q["id"] for q in qs}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ScenarioError(
            f"no question {unknown[0]!r} in this exercise; "
            f"its questions: {', '.join(sorted(known))}",
            Location("answers"),
        )
    for q in qs:
        given = answers.get(q["id"])
        if q["type"] != "many" and not isinstance(given, str | int | float | type(None)):
            raise ScenarioError(
                f"answers: {q['id']!r} takes one value, not {type(given).__name__}",
                Location("answers"),
            )
    verdicts = [_check(ex, q, answers.get(q["id"])) for q in qs]
    return {"results": verdicts, "all_correct": all(v["correct"] for v in verdicts)}
