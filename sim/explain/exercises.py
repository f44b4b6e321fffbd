"""Practice games with a solutions sheet, deterministic by seed.

Kinds, and the property every generated game is promised (and tested) to have:

- ``2x2``: a 2x2 archetype (Prisoner's Dilemma, Stag Hunt, Chicken, Battle of the Sexes,
  Matching Pennies, Deadlock) with random payoffs in that archetype's order;
  :func:`~sim.normal_form.explain_archetypes.classify_2x2` returns the promised archetype.
- ``dominance``: a 3x3 game solvable by iterated elimination of strictly dominated pure
  strategies down to one outcome, where at least one elimination only becomes possible after an
  earlier one (so the *iteration* matters).
- ``mixed``: a 2x2 game with no pure equilibrium and exactly one, fully mixed, equilibrium.
- ``tree``: a perfect-information game tree (two or three moves deep) with no payoff ties at any
  decision, so backward induction gives one subgame-perfect outcome.
- ``stability``: a small graph-model conflict (two decision makers, 4 or 6 states, strict
  rankings) in which some state is SEQ but not Nash stable for someone (a credible sanction
  holds it) and some state is GMR but not SEQ stable (only a sanction that would hurt the
  sanctioner holds it), so Nash, GMR, SMR and SEQ cannot all be answered alike.

The same ``(kind, seed, count)`` always gives the same exercises (Python's own
``random.Random``, whose sequence is stable across versions for ``randrange``/``choice``
/``shuffle`` on integers).
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, replace

from ..game import Game
from ..normal_form.explain_words import and_list
from .model import Block, Bullets, Explanation, Paragraph, Preformatted, Section, Table

__all__ = ["KINDS", "Exercise", "TreeExercise", "generate", "sheets"]

KINDS = ("2x2", "dominance", "mixed", "tree", "stability")
ARCHETYPE_CYCLE = (
    "prisoners-dilemma",
    "stag-hunt",
    "chicken",
    "battle-of-the-sexes",
    "matching-pennies",
    "deadlock",
)


@dataclass(frozen=True)
class TreeNode:
    """A node of a perfect-information tree: a decision of ``player`` (index) with labelled
    children, or a leaf with ``payoffs``."""

    name: str
    player: int | None = None
    children: tuple[tuple[str, TreeNode], ...] = ()
    payoffs: tuple[int, ...] = ()

    @property
    def is_leaf(self) -> bool:
        return not self.children


@dataclass(frozen=True)
class TreeExercise:
    players: tuple[str, ...]
    root: TreeNode


@dataclass(frozen=True)
class Exercise:
    number: int
    kind: str
    seed: int
    question: tuple[Block, ...]
    solution: tuple[Block, ...]
    game: Game | None = None
    tree: TreeExercise | None = None
    promise: str = ""  # the archetype key, or the property the kind promises
    conflict: object = None  # the sim.conflict.Conflict of a stability exercise


# -- normal-form generators -------------------------------------------------------------------


def _distinct(rng: random.Random, k: int, lo: int = 0, hi: int = 9) -> list[int]:
    return sorted(rng.sample(range(lo, hi + 1), k))


def _symmetric_template(rng: random.Random, key: str):
    """Row/column payoffs (A, B) for the archetype ``key``, each player's order drawn separately.

    Strategy 0 is "cooperate"-like, 1 "defect"-like; payoffs: (C,C)=R, (C,D)=S, (D,C)=T, (D,D)=P.
    """

    def order(names):
        vals = _distinct(rng, 4)
        return dict(zip(names, vals))  # names listed from lowest to highest

    orders = {
        "prisoners-dilemma": ("S", "P", "R", "T"),
        "stag-hunt": ("S", "P", "T", "R"),
        "chicken": ("P", "S", "R", "T"),
        "deadlock": ("S", "R", "P", "T"),
    }[key]
    r, c = order(orders), order(orders)
    A = [[r["R"], r["S"]], [r["T"], r["P"]]]
    B = [[c["R"], c["T"]], [c["S"], c["P"]]]
    return A, B


def _battle(rng: random.Random):
    z1, z2, lo, hi = _distinct(rng, 4)
    w1, w2, lo2, hi2 = _distinct(rng, 4)
    A = [[hi, z1], [z2, lo]]
    B = [[lo2, w1], [w2, hi2]]
    return A, B


def _pennies(rng: random.Random):
    """Row wants to match, column to mismatch; random values so the odds are not always 1/2."""
    a = _distinct(rng, 4)
    b = _distinct(rng, 4)
    l1, l2, h1, h2 = a[0], a[1], a[2], a[3]
    m1, m2, g1, g2 = b[0], b[1], b[2], b[3]
    if rng.random() < 0.5:
        h1, h2 = h2, h1
    if rng.random() < 0.5:
        g1, g2 = g2, g1
    A = [[h1, l1], [l2, h2]]
    B = [[m1, g1], [g2, m2]]
    return A, B


def _shuffle_labels(rng: random.Random, A, B):
    """Randomly swap the row and/or column strategies (the structure does not change)."""
    if rng.random() < 0.5:
        A, B = [A[1], A[0]], [B[1], B[0]]
    if rng.random() < 0.5:
        A = [[r[1], r[0]] for r in A]
        B = [[r[1], r[0]] for r in B]
    return A, B


def _game(A, B, strategies=(("Top", "Bottom"), ("Left", "Right")), title="") -> Game:
    return Game.from_bimatrix(A, B, players=("Row", "Column"), strategies=strategies, title=title)


def dominance_preferring_pure(game: Game):
    """Strict elimination by pure strategies when that ends where mixtures would, else mixed."""
    from ..solvers.dominance import iterated_elimination

    pure, full = iterated_elimination(game, mixed=False), iterated_elimination(game)
    return pure if pure.kept == full.kept else full


def _solution_of_game(game: Game) -> tuple[Block, ...]:
    from ..normal_form.explain import explain_game
    from ..solvers import solve

    result = solve(game, "auto")
    expl = explain_game(game, result, dominance=dominance_preferring_pure(game))
    keep = ("dominance", "best-responses", "equilibria", "meaning")
    blocks: list[Block] = []
    for key in keep:
        sec = expl.section(key)
        if key == "dominance" and len(sec.blocks) <= 2:
            continue  # nothing dominated: the general remark adds nothing to a solution
        blocks.append(Paragraph(f"— {sec.title} —"))
        blocks.extend(sec.blocks)
    return tuple(blocks)


def _payoff_table_blocks(game: Game) -> tuple[Block, ...]:
    from ..normal_form.explain import _section_payoffs

    sec = _section_payoffs(game, None)
    return sec.blocks[1:]


def _make_2x2(rng: random.Random, number: int, start: int = 0) -> Exercise:
    key = ARCHETYPE_CYCLE[(number - 1 + start) % len(ARCHETYPE_CYCLE)]
    if key == "battle-of-the-sexes":
        A, B = _battle(rng)
    elif key == "matching-pennies":
        A, B = _pennies(rng)
    else:
        A, B = _symmetric_template(rng, key)
    A, B = _shuffle_labels(rng, A, B)
    game = _game(A, B, title=f"Exercise {number}")
    q = (
        (
            Paragraph(
                f"Exercise {number}. Row chooses Top or Bottom, Column chooses Left or Right, "
                "at the same time. Payoffs are (Row, Column)."
            ),
        )
        + _payoff_table_blocks(game)
        + (
            Bullets(
                (
                    "Find every Nash equilibrium, pure and mixed (give exact probabilities).",
                    "Which classic game has this structure? Say why in one sentence.",
                )
            ),
        )
    )
    return Exercise(number, "2x2", 0, q, _solution_of_game(game), game=game, promise=key)


def _pure_elimination(A, B):
    """Steps of iterated strict dominance by pure strategies: list of (player, strategy, by,
    available_at_start)."""
    from ..normal_form.explain_dominance import _pure_strict_elimination

    game = _game(A, B, strategies=(("Up", "Middle", "Down"), ("Left", "Centre", "Right")))
    return game, _pure_strict_elimination(game)


def _initially_dominated(game: Game) -> set[tuple[int, int]]:
    src = game.exact
    out = set()
    for i in range(2):
        U = src[..., i] if i == 0 else src[..., i].T
        for a, b in itertools.permutations(range(3), 2):
            if all(U[b, k] > U[a, k] for k in range(3)):
                out.add((i, a))
    return out


def _make_dominance(rng: random.Random, number: int, start: int = 0) -> Exercise:
    for _ in range(20000):
        A = [[rng.randrange(0, 10) for _ in range(3)] for _ in range(3)]
        B = [[rng.randrange(0, 10) for _ in range(3)] for _ in range(3)]
        game, steps = _pure_elimination(A, B)
        if len(steps) != 4:
            continue
        first = _initially_dominated(game)
        if all((st.player, st.strategy) in first for st in steps):
            continue  # everything is dominated at once: no iteration needed
        break
    else:  # pragma: no cover - the search succeeds within a few hundred draws
        raise RuntimeError("no dominance-solvable game found")
    game = Game(
        players=game.players,
        strategies=game.strategies,
        payoffs=game.payoffs,
        exact=game.exact,
        title=f"Exercise {number}",
    )
    q = (
        (
            Paragraph(
                f"Exercise {number}. Row chooses Up, Middle or Down; Column chooses Left, "
                "Centre or Right. Payoffs are (Row, Column)."
            ),
        )
        + _payoff_table_blocks(game)
        + (
            Bullets(
                (
                    "Eliminate strictly dominated strategies one at a time, saying at each step "
                    "which strategy dominates which and why.",
                    "What outcome survives? Check that it is a Nash equilibrium.",
                )
            ),
        )
    )
    return Exercise(
        number, "dominance", 0, q, _solution_of_game(game), game=game, promise="dominance-solvable"
    )


def _make_mixed(rng: random.Random, number: int, start: int = 0) -> Exercise:
    A, B = _shuffle_labels(rng, *_pennies(rng))
    game = _game(A, B, title=f"Exercise {number}")
    q = (
        (
            Paragraph(
                f"Exercise {number}. Row chooses Top or Bottom, Column chooses Left or Right. "
                "Payoffs are (Row, Column)."
            ),
        )
        + _payoff_table_blocks(game)
        + (
            Bullets(
                (
                    "Show that no pure-strategy profile is an equilibrium.",
                    "Find the mixed equilibrium from the indifference conditions "
                    "(exact fractions).",
                    "What does each player expect to earn?",
                )
            ),
        )
    )
    return Exercise(
        number, "mixed", 0, q, _solution_of_game(game), game=game, promise="unique-fully-mixed"
    )


# -- trees ------------------------------------------------------------------------------------


def _make_tree(rng: random.Random, number: int, start: int = 0) -> Exercise:
    players = ("Ann", "Bob")
    deep = rng.random() < 0.5
    counter = itertools.count(1)

    leaves = 8 if deep else rng.choice((4, 6))
    # distinct payoffs per player guarantee no ties anywhere
    pa = rng.sample(range(0, 10), leaves)
    pb = rng.sample(range(0, 10), leaves)
    pay = iter(zip(pa, pb))
    root_actions = ("left", "right") if leaves != 6 else ("left", "middle", "right")

    def node(depth: int) -> TreeNode:
        name = f"n{next(counter)}"
        if depth == (3 if deep else 2):
            return TreeNode(name, payoffs=tuple(next(pay)))
        player = depth % 2
        acts = root_actions if depth == 0 else (("up", "down") if player == 1 else ("in", "out"))
        kids = tuple((a, node(depth + 1)) for a in acts)
        return TreeNode(name, player, kids)

    root = node(0)
    tree = TreeExercise(players, root)
    q = (
        Paragraph(
            f"Exercise {number}. {players[0]} moves first; each player sees every earlier "
            "move. Leaves show payoffs (Ann, Bob)."
        ),
        Preformatted(tree_text(tree)),
        Bullets(
            (
                "Solve the game by backward induction, node by node.",
                "Write each player's subgame-perfect strategy (a choice at every node where "
                "they move) and the outcome it leads to.",
            )
        ),
    )
    return Exercise(
        number, "tree", 0, q, tree_solution(tree), tree=tree, promise="unique-backward-induction"
    )


def tree_text(tree: TreeExercise) -> str:
    lines = []

    def walk(n: TreeNode, indent: str, via: str):
        head = f"{indent}{via}"
        if n.is_leaf:
            lines.append(f"{head}({', '.join(str(v) for v in n.payoffs)})")
            return
        lines.append(f"{head}[{n.name}] {tree.players[n.player]} chooses:")
        for a, child in n.children:
            walk(child, indent + "    ", f"{a} -> ")

    walk(tree.root, "", "")
    return "\n".join(lines)


def backward_induction(tree: TreeExercise):
    """``(value at root, {node name: chosen action}, steps in solving order)``."""
    choice: dict[str, str] = {}
    steps: list[str] = []

    def solve(n: TreeNode):
        if n.is_leaf:
            return n.payoffs
        vals = [(a, solve(c)) for a, c in n.children]
        i = n.player
        best = max(vals, key=lambda av: av[1][i])
        choice[n.name] = best[0]
        opts = and_list(f"{a} gives {tree.players[i]} {v[i]}" for a, v in vals)
        steps.append(
            f"At {n.name}, {tree.players[i]} compares: {opts}; chooses {best[0]} "
            f"→ payoffs ({', '.join(str(x) for x in best[1])})."
        )
        return best[1]

    value = solve(tree.root)
    return value, choice, steps


def tree_solution(tree: TreeExercise) -> tuple[Block, ...]:
    value, choice, steps = backward_induction(tree)
    path = []
    n = tree.root
    while not n.is_leaf:
        a = choice[n.name]
        path.append(f"{tree.players[n.player]} {a}")
        n = dict(n.children)[a]
    strat = []
    for i, p in enumerate(tree.players):
        mine = [f"{k}: {v}" for k, v in choice.items() if _owner(tree.root, k) == i]
        strat.append(f"{p}: " + ", ".join(mine))
    return (
        Paragraph(
            "Backward induction starts at the last decisions and works back to the "
            "root; at each node the mover picks what is best for them, knowing what "
            "will follow."
        ),
        Bullets(tuple(steps)),
        Paragraph("Subgame-perfect strategies (a choice at every node): " + "; ".join(strat) + "."),
        Paragraph(
            f"Outcome: {' then '.join(path)}, with payoffs ({', '.join(str(v) for v in value)})."
        ),
    )


def _owner(root: TreeNode, name: str) -> int | None:
    stack = [root]
    while stack:
        n = stack.pop()
        if n.name == name:
            return n.player
        stack.extend(c for _, c in n.children)
    return None


# -- entry points -----------------------------------------------------------------------------

# -- graph-model stability ---------------------------------------------------------------------

STABILITY_CONCEPTS = ("nash", "gmr", "smr", "seq")


def stability_conflict(rng: random.Random):
    """Ann and Bob; 4 states (one option each) or 6 (Ann escalates or concedes, not both).
    Rankings are drawn until the promise of the ``stability`` kind holds."""
    import numpy as np

    from ..conflict import analyse, build_conflict
    from ..conflict.model import DecisionMaker, Option

    six = rng.random() < 0.5
    if six:
        opts = (
            Option("escalate", "Ann escalates", 0),
            Option("concede", "Ann concedes", 0),
            Option("escalate", "Bob escalates", 1),
        )
        dms = (DecisionMaker("Ann", "Ann", (0, 1)), DecisionMaker("Bob", "Bob", (2,)))
        feasible = np.array([code & 3 != 3 for code in range(8)])
    else:
        opts = (Option("escalate", "Ann escalates", 0), Option("escalate", "Bob escalates", 1))
        dms = (DecisionMaker("Ann", "Ann", (0,)), DecisionMaker("Bob", "Bob", (1,)))
        feasible = np.ones(4, dtype=bool)
    base = build_conflict("Exercise", dms, opts, feasible)
    k = base.n_states
    for _ in range(10_000):
        pref = np.array([rng.sample(range(k), k) for _ in dms])
        conflict = base.with_preference(pref)
        result = analyse(conflict, concepts=STABILITY_CONCEPTS, coalitions=False)
        s = result.stability.stable
        if (s["seq"] & ~s["nash"]).any() and (s["gmr"] & ~s["seq"]).any():
            return conflict, result
    raise RuntimeError("no ranking with the promised property was drawn")  # pragma: no cover


def _state_table(conflict) -> Table:
    header = ("state",) + tuple(f"{conflict.dms[o.dm].id}: {o.id}" for o in conflict.options)
    rows = tuple(
        (str(s + 1),) + tuple("Y" if b else "N" for b in conflict.patterns[s])
        for s in range(conflict.n_states)
    )
    return Table(header, rows, "the states: which options are taken (Y) or not (N)")


def _make_stability(rng: random.Random, number: int, start: int = 0) -> Exercise:
    from ..conflict.explain import move_reasons
    from ..conflict.stability import CONCEPT_NAMES

    conflict, result = stability_conflict(rng)
    names = [d.id for d in conflict.dms]
    ranks = tuple(
        f"{d.id} ranks the states "
        + " > ".join(str(g[0]) for g in conflict.ranking(i))
        + " (most preferred first)."
        for i, d in enumerate(conflict.dms)
    )
    moves = (
        "Each decision maker can change its own options only; Ann's 'escalate' and "
        "'concede' cannot both be taken."
        if conflict.n_states == 6
        else "Each decision maker can change its own option only, in either direction."
    )
    q = (
        Paragraph(f"Exercise {number}. A conflict between {and_list(names)}. {moves}"),
        _state_table(conflict),
        Bullets(ranks),
        Bullets(
            (
                "List each decision maker's unilateral improvements from every state.",
                "For every state and decision maker, decide Nash (R), GMR, SMR and SEQ stability.",
                "Which states are equilibria under each concept? Point to a state held only "
                "by a credible sanction (SEQ but not Nash) and one held only by a sanction "
                "that would hurt the sanctioner (GMR but not SEQ).",
            )
        ),
    )
    st = result.stability
    header = ("state",) + tuple(
        f"{d.id} {CONCEPT_NAMES[x]}" for x in STABILITY_CONCEPTS for d in conflict.dms
    )
    rows = tuple(
        (str(s + 1),)
        + tuple(
            "S" if st.stable[x][i, s] else "-"
            for x in STABILITY_CONCEPTS
            for i in range(conflict.n_dms)
        )
        for s in range(conflict.n_states)
    )
    sol: list[Block] = [
        Table(header, rows, "S = stable, - = not stable"),
        Bullets(
            tuple(
                f"{CONCEPT_NAMES[x]} equilibria: "
                + (", ".join(str(s) for s in result.equilibria(x)) or "none")
                for x in STABILITY_CONCEPTS
            )
        ),
    ]
    for s in range(conflict.n_states):
        lines = [line for i in range(conflict.n_dms) for line in move_reasons(result, s, i)]
        sol.append(Paragraph(f"State {s + 1}:"))
        sol.append(Bullets(tuple(lines)))
    return Exercise(
        number,
        "stability",
        0,
        q,
        tuple(sol),
        promise="seq-not-nash-and-gmr-not-seq",
        conflict=conflict,
    )


_MAKERS = {
    "2x2": _make_2x2,
    "dominance": _make_dominance,
    "mixed": _make_mixed,
    "tree": _make_tree,
    "stability": _make_stability,
}


def generate(kind: str, seed: int, count: int = 1) -> tuple[Exercise, ...]:
    """``count`` exercises of ``kind``; the same arguments always give the same exercises."""
    from ..scenario.errors import Location, ScenarioError

    if kind not in _MAKERS:
        raise ScenarioError(
            f"unknown exercise kind {kind!r}; choose one of {', '.join(KINDS)}", Location("--kind")
        )
    if count < 1 or count > 100:
        raise ScenarioError(
            f"--count {count}: give between 1 and 100 exercises", Location("--count")
        )
    out = []
    # a sheet of 2x2 exercises walks through the archetypes from a seed-chosen start
    start = random.Random(f"{kind}:{seed}").randrange(len(ARCHETYPE_CYCLE))
    for k in range(1, count + 1):
        rng = random.Random(f"{kind}:{seed}:{k}")
        ex = _MAKERS[kind](rng, k, start)
        out.append(replace(ex, seed=seed))
    return tuple(out)


_TITLES = {
    "2x2": "2x2 games: equilibria and archetypes",
    "dominance": "Iterated elimination of dominated strategies",
    "mixed": "Mixed equilibria from indifference",
    "tree": "Backward induction in game trees",
    "stability": "Stability in a graph-model conflict",
}


def sheets(exercises: tuple[Exercise, ...]) -> tuple[Explanation, Explanation]:
    """``(exercise sheet, solutions sheet)`` as explanations (render with any renderer)."""
    if not exercises:
        raise ValueError("no exercises")
    kind, seed = exercises[0].kind, exercises[0].seed
    sub = f"negsim exercise --kind {kind} --seed {seed} --count {len(exercises)}"
    qs = tuple(
        Section(f"exercise-{e.number}", f"Exercise {e.number}", e.question) for e in exercises
    )
    sols = []
    for e in exercises:
        blocks = list(e.solution)
        if e.kind == "2x2":
            from ..normal_form.explain_archetypes import ARCHETYPES

            blocks.insert(0, Paragraph(f"Structure: {ARCHETYPES[e.promise].name}."))
        sols.append(Section(f"solution-{e.number}", f"Solution {e.number}", tuple(blocks)))
    title = _TITLES[kind]
    return (
        Explanation(title, qs, sub, {"kind": kind, "seed": seed}),
        Explanation(f"{title}: solutions", tuple(sols), sub, {"kind": kind, "seed": seed}),
    )
