"""Theory of Moves (Brams): non-myopic equilibria of 2x2 strict ordinal games.

Play starts at an outcome (the *initial state*).  The rules, as implemented:

1. Either player may switch its strategy, moving play to a new state.
2. The other player may then switch, and so on, alternately.
3. Play stops when the player whose turn it is does not switch, or after four switches, when
   play is back at the initial state.
4. A player does not move from the initial state if that leads to a state it does not strictly
   prefer to the initial one (a return to the initial state included).
5. Each player looks ahead by backward induction.  For a first mover ``i`` the states are
   ``s1`` (initial) → ``s2`` (``i`` switches) → ``s3`` (the other switches) → ``s4`` (``i``
   switches) → ``s1``.  The *survivor* at ``s4`` is what its mover prefers of ``s4`` and
   ``s1``; at ``s3``, what its mover prefers of ``s3`` and the survivor at ``s4``; and so on
   back to ``s1``.  Player ``i`` moves from ``s1`` exactly when it strictly prefers the survivor
   at ``s2`` to ``s1``, and that survivor is the outcome its move induces.
6. When one player would move and the other would not, the mover's induced outcome results.
   When neither would, the initial state is a **non-myopic equilibrium** (NME).  When both would,
   the outcome depends on who moves first (both outcomes are reported).

Brams' two-sidedness convention and magnanimity (which change where play ends when only one
player would move) and moving, order and threat power are not implemented; ``docs/solvers.md``
says which published statements the rules above are tested against.

Only the order of each player's payoffs matters, so the game must be 2x2 with four different
payoffs for each player (strict ordinal).  :func:`tom_analysis` gives, for every initial state,
both players' backward-induction tables and the resulting outcome; the registered method ``tom``
lists the NMEs as pure profiles (each rechecked by :func:`certify_nme`) with the tables in
``SolveResult.details["tom"]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..game import Game
from ..results import Equilibrium, max_regret, pareto_efficient
from ..scenario.errors import Location, ScenarioError
from .registry import Deadline, SolverOutput, pure_profile_vectors, register

__all__ = [
    "Step",
    "StateAnalysis",
    "certify_nme",
    "induced",
    "ordinal_ranks",
    "tom_analysis",
]

State = tuple[int, int]


def ordinal_ranks(game: Game) -> np.ndarray:
    """``ranks[r, c, i]``: player ``i``'s rank of outcome ``(r, c)``, 4 best, 1 worst.

    A game that is not 2x2, or in which a player ranks two outcomes equally, is a located user
    error (the Theory of Moves is defined for strict ordinal 2x2 games)."""
    if game.n_players != 2 or game.shape != (2, 2):
        dims = " x ".join(str(k) for k in game.shape)
        raise ScenarioError(
            f"the Theory of Moves (--method tom) needs a 2-player game with 2 strategies each; "
            f"this one is {game.n_players}-player, {dims}",
            Location("--method"),
        )
    pay = game.exact if game.exact is not None else game.payoffs
    ranks = np.zeros((2, 2, 2), dtype=int)
    for i in range(2):
        values = [pay[r, c, i] for r in range(2) for c in range(2)]
        if len(set(values)) != 4:
            raise ScenarioError(
                f"the Theory of Moves (--method tom) needs strict preferences: "
                f"{game.players[i]} ranks two outcomes equally",
                Location("--method"),
            )
        order = sorted(values)
        for r in range(2):
            for c in range(2):
                ranks[r, c, i] = order.index(pay[r, c, i]) + 1
    return ranks


def _switch(state: State, player: int) -> State:
    r, c = state
    return (1 - r, c) if player == 0 else (r, 1 - c)


@dataclass(frozen=True)
class Step:
    """One row of a backward-induction table: at ``state`` it is ``mover``'s turn; it compares
    staying with ``survivor_next`` (what results if it switches) and ``survivor`` is what it
    chooses."""

    index: int
    state: State
    mover: int
    survivor_next: State
    survivor: State

    @property
    def moves(self) -> bool:
        return self.survivor != self.state


def induced(ranks: np.ndarray, start: State, first: int) -> tuple[State, tuple[Step, ...]]:
    """The outcome of ``first`` moving from ``start`` (``start`` itself when it stays) and the
    backward-induction table that justifies it (rows for ``s1`` .. ``s4``)."""
    states = [start]
    movers = [first]
    for _ in range(3):
        states.append(_switch(states[-1], movers[-1]))
        movers.append(1 - movers[-1])
    survivor = start  # after the fourth switch play is back at the initial state
    rows: list[Step] = []
    for k in range(3, -1, -1):
        state, mover = states[k], movers[k]
        nxt = survivor
        survivor = nxt if ranks[(*nxt, mover)] > ranks[(*state, mover)] else state
        rows.append(Step(k + 1, state, mover, nxt, survivor))
    rows.reverse()
    return rows[0].survivor, tuple(rows)


@dataclass(frozen=True)
class StateAnalysis:
    """What happens from one initial state: each player's table (``tables[i]``: ``i`` moving
    first), whether it moves, and the outcomes (one, or two when both would move)."""

    start: State
    tables: tuple[tuple[Step, ...], tuple[Step, ...]]
    moves: tuple[bool, bool]
    induced: tuple[State, State]

    @property
    def nme(self) -> bool:
        return not any(self.moves)

    @property
    def outcomes(self) -> tuple[State, ...]:
        if self.nme:
            return (self.start,)
        return tuple(sorted({self.induced[i] for i in range(2) if self.moves[i]}))


def tom_analysis(game: Game) -> tuple[StateAnalysis, ...]:
    """Every initial state of a strict ordinal 2x2 game, in table order."""
    ranks = ordinal_ranks(game)
    out = []
    for start in ((0, 0), (0, 1), (1, 0), (1, 1)):
        results = [induced(ranks, start, i) for i in range(2)]
        out.append(
            StateAnalysis(
                start,
                (results[0][1], results[1][1]),
                (results[0][0] != start, results[1][0] != start),
                (results[0][0], results[1][0]),
            )
        )
    return tuple(out)


def certify_nme(game: Game, profile: Any, tol: float = 0.0) -> Equilibrium | None:
    """An :class:`Equilibrium` for a pure profile that is a non-myopic equilibrium, else
    ``None``.  Its ``max_regret`` is the profile's Nash regret (exact), which an NME need not
    have at zero: the Prisoner's Dilemma's mutual cooperation is an NME and not a Nash
    equilibrium."""
    vecs = [[Fraction(x) for x in p] for p in profile]
    if any(sorted(v) != [0, 1] for v in vecs):
        return None
    start = (vecs[0].index(Fraction(1)), vecs[1].index(Fraction(1)))
    ranks = ordinal_ranks(game)
    if any(induced(ranks, start, i)[0] != start for i in range(2)):
        return None
    exact = game.exact is not None
    pay = game.exact if exact else game.payoffs
    assert pay is not None
    payoffs = tuple(pay[(*start, i)] for i in range(2))
    return Equilibrium(
        strategies=tuple(tuple(v) for v in vecs),
        payoffs=tuple(Fraction(v) if exact else float(v) for v in payoffs),
        max_regret=max_regret(game, vecs, exact=exact),
        exact=exact,
        pareto_efficient=pareto_efficient(game, [float(v) for v in payoffs]),
    )


def _label(game: Game, state: State) -> str:
    return game.profile_label(state)


def details_of(game: Game, analysis: tuple[StateAnalysis, ...]) -> dict[str, Any]:
    """The analysis as JSON-ready data with labels (``details["tom"]``)."""
    ranks = ordinal_ranks(game)
    states = []
    for a in analysis:
        tables = {}
        for i, p in enumerate(game.players):
            tables[p] = {
                "moves": a.moves[i],
                "induced": _label(game, a.induced[i]),
                "table": [
                    {
                        "step": st.index,
                        "state": _label(game, st.state),
                        "ranks": [int(ranks[(*st.state, j)]) for j in range(2)],
                        "mover": game.players[st.mover],
                        "if_switch": _label(game, st.survivor_next),
                        "choice": "switch" if st.moves else "stay",
                        "survivor": _label(game, st.survivor),
                    }
                    for st in a.tables[i]
                ],
            }
        states.append(
            {
                "initial": _label(game, a.start),
                "ranks": [int(ranks[(*a.start, j)]) for j in range(2)],
                "nme": a.nme,
                "outcomes": [_label(game, s) for s in a.outcomes],
                "players": tables,
            }
        )
    return {
        "ranks": {
            p: {_label(game, (r, c)): int(ranks[r, c, i]) for r in range(2) for c in range(2)}
            for i, p in enumerate(game.players)
        },
        "nme": [_label(game, a.start) for a in analysis if a.nme],
        "states": states,
    }


@register(
    "tom",
    players="2",
    finds="nme",
    exact=True,
    summary="Theory of Moves: the non-myopic equilibria of a strict ordinal 2x2 game",
    certify=certify_nme,
)
def tom(game: Game, *, tol: float, deadline: Deadline) -> SolverOutput:
    analysis = tom_analysis(game)
    nmes = [a.start for a in analysis if a.nme]
    return SolverOutput(
        candidates=[pure_profile_vectors(game, s) for s in nmes],
        complete=True,
        complete_set=False,
        message=(
            f"{len(nmes)} non-myopic equilibri{'um' if len(nmes) == 1 else 'a'} (Theory of "
            "Moves): outcomes from which neither player, looking ahead to moves and "
            "countermoves, would switch. They need not be Nash equilibria."
        ),
        details={"tom": details_of(game, analysis)},
    )
