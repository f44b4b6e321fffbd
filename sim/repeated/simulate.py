"""Simulated repeated play: matches between state machines, with mistakes, and a round robin.

:func:`play` runs one match for many replications at once (numpy arrays over replications):
each round every player's machine picks cooperate/defect (drawing for probabilistic states),
each move is then flipped with probability ``noise`` (a mistake), stage payoffs are looked up in
the game's tensor, and the machines move on the actual moves.  Randomness comes from one
``numpy.random.Generator`` seeded with ``seed``; the draw order is fixed, so a seed reproduces
a match exactly.

:func:`tournament` plays every strategy against every strategy (both seats) in a 2-player game,
Axelrod-style, and ranks them by mean payoff per round.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..game import Game
from .machines import Machine

__all__ = ["Match", "Tournament", "TournamentStopped", "play", "tournament"]


@dataclass(frozen=True)
class Match:
    """The result of :func:`play`.

    ``payoffs``: mean stage payoff per round over replications, shape ``(rounds, N)``;
    ``cumulative``: running totals of that, same shape; ``cooperation``: share of replications in
    which each player cooperated (after noise), shape ``(rounds, N)``; ``sample_moves``: the
    moves of the first replication, ``(rounds, N)`` booleans (True = cooperate);
    ``sample_payoffs``: that replication's payoffs; ``mean``: mean payoff per round of each
    player over the whole match; ``discounted``: normalised discounted payoff
    ``(1-δ)·Σ δ^t u_t / (1-δ^T)`` when ``delta`` was given.
    """

    strategies: tuple[str, ...]
    rounds: int
    replications: int
    noise: float
    seed: int
    payoffs: np.ndarray
    cumulative: np.ndarray
    cooperation: np.ndarray
    sample_moves: np.ndarray
    sample_payoffs: np.ndarray
    mean: tuple[float, ...]
    discounted: tuple[float, ...] | None = None
    delta: float | None = None
    #: the rounds asked for; ``rounds`` is less when the time limit stopped the match
    rounds_asked: int | None = None

    @property
    def complete(self) -> bool:
        return self.rounds_asked is None or self.rounds == self.rounds_asked


#: random numbers drawn at once (rounds x players x 2 x replications), to bound their memory
_DRAW_CHUNK = 1 << 18


def _readonly(a):
    a = np.array(a, copy=True)
    a.setflags(write=False)
    return a


def play(
    game: Game,
    machines: Sequence[Machine],
    cooperate: Sequence[int],
    defect: Sequence[int],
    *,
    rounds: int = 100,
    noise: float = 0.0,
    seed: int = 0,
    replications: int = 1,
    delta: float | None = None,
    rng=None,
    deadline=None,
) -> Match:
    """Play the machines against each other (one per player, in player order).

    ``cooperate[i]`` / ``defect[i]``: the stage strategy index player ``i`` plays for each move.
    ``deadline`` (a :class:`~sim.solvers.registry.Deadline`) is checked every 256 rounds; past
    it the match ends there and the result covers the rounds played (``complete`` is False).
    """
    n = game.n_players
    if len(machines) != n:
        raise ValueError(f"{len(machines)} strategies for {n} players")
    if rounds < 1 or replications < 1:
        raise ValueError("rounds and replications must be at least 1")
    if not 0 <= noise <= 1:
        raise ValueError("noise is a probability in [0, 1]")
    rng = np.random.default_rng(seed) if rng is None else rng
    R = replications
    coop_p = [np.asarray([float(p) for p in m.cooperate]) for m in machines]
    nxt = [np.asarray(m.next, dtype=np.int64) for m in machines]
    state = [np.full(R, m.start, dtype=np.int64) for m in machines]
    coop_idx = np.asarray(cooperate, dtype=np.int64)
    def_idx = np.asarray(defect, dtype=np.int64)
    pay = game.payoffs
    pay_sum = np.zeros((rounds, n))
    coop_count = np.zeros((rounds, n))
    sample_moves = np.zeros((rounds, n), dtype=bool)
    sample_pay = np.zeros((rounds, n))
    totals = np.zeros((R, n))
    disc = np.zeros((R, n))
    played = rounds
    chunk = max(1, _DRAW_CHUNK // (n * 2 * R))
    block = np.empty((0, n, 2, R))
    for t in range(rounds):
        if deadline is not None and t and t % 256 == 0 and deadline.expired():
            played = t
            break
        if t % chunk == 0:  # the same numbers, in the same order, as one draw per round
            block = rng.random((min(chunk, rounds - t), n, 2, R))
        draws = block[t % chunk]
        moves = np.empty((n, R), dtype=bool)
        for i in range(n):
            intend = draws[i, 0] < coop_p[i][state[i]]
            mistake = draws[i, 1] < noise
            moves[i] = intend ^ mistake
        idx = tuple(np.where(moves[i], coop_idx[i], def_idx[i]) for i in range(n))
        u = pay[idx]  # (R, n)
        totals += u
        if delta is not None:
            disc += (delta**t) * u
        pay_sum[t] = u.mean(axis=0)
        coop_count[t] = moves.mean(axis=1)
        sample_moves[t] = moves[:, 0]
        sample_pay[t] = u[0]
        for i in range(n):
            others_c = moves[1 - i] if n == 2 else np.all(np.delete(moves, i, axis=0), axis=0)
            # outcome index: own C and others C → 0 (CC), own C others D → 1, own D others C → 2
            o = np.where(moves[i], 0, 2) + np.where(others_c, 0, 1)
            state[i] = nxt[i][state[i], o]
    if played < rounds:
        pay_sum, coop_count = pay_sum[:played], coop_count[:played]
        sample_moves, sample_pay = sample_moves[:played], sample_pay[:played]
    mean = tuple(float(x) for x in totals.mean(axis=0) / played)
    discounted = None
    if delta is not None:
        norm = (1 - delta) / (1 - delta**played) if delta < 1 else 1 / played
        discounted = tuple(float(x) for x in disc.mean(axis=0) * norm)
    return Match(
        rounds_asked=rounds,
        strategies=tuple(m.name for m in machines),
        rounds=played,
        replications=R,
        noise=float(noise),
        seed=int(seed),
        payoffs=_readonly(pay_sum),
        cumulative=_readonly(np.cumsum(pay_sum, axis=0)),
        cooperation=_readonly(coop_count),
        sample_moves=_readonly(sample_moves),
        sample_payoffs=_readonly(sample_pay),
        mean=mean,
        discounted=discounted,
        delta=None if delta is None else float(delta),
    )


class TournamentStopped(Exception):
    """The time limit stopped :func:`tournament`; the message says how far it got."""


@dataclass(frozen=True)
class Tournament:
    """A round robin in a 2-player game.

    ``first[a, b]``: mean payoff per round of strategy ``a`` playing in the first seat against
    ``b`` in the second; ``second[a, b]``: the payoff of ``b`` in that same match (second seat).
    ``score[a]``: strategy ``a``'s mean over all its matches in both seats; ``ranking``: indices
    by score, best first.
    """

    strategies: tuple[str, ...]
    players: tuple[str, str]
    first: np.ndarray
    second: np.ndarray
    score: np.ndarray
    ranking: tuple[int, ...]
    rounds: int
    replications: int
    noise: float
    seed: int


def _round_robin_means(game, machines, cooperate, defect, *, rounds, noise, seed, R, deadline):
    """Mean payoffs per round of every match ``(a, b)`` of the round robin, all matches played
    together (arrays over matches and replications).  Match ``(a, b)`` draws from its own
    generator seeded with ``(seed, a, b)`` in the order :func:`play` does, so each mean equals
    that of ``play`` for the match.  Past ``deadline`` :class:`TournamentStopped` is raised."""
    k = len(machines)
    pairs = [(a, b) for a in range(k) for b in range(k)]
    M = len(pairs)
    S = max(len(m.cooperate) for m in machines)
    coop = np.zeros((k, S))
    nxt = np.zeros((k, S, 4), dtype=np.int64)
    for j, m in enumerate(machines):
        coop[j, : len(m.cooperate)] = [float(p) for p in m.cooperate]
        nxt[j, : len(m.cooperate)] = np.asarray(m.next, dtype=np.int64)
    slot = np.array(pairs, dtype=np.int64)[:, :, None]  # (M, 2, 1): the machine in each seat
    state = np.broadcast_to(
        np.array([[machines[a].start, machines[b].start] for a, b in pairs])[:, :, None], (M, 2, R)
    ).copy()
    rngs = [np.random.default_rng([int(seed), a, b]) for a, b in pairs]
    coop_idx = np.asarray(cooperate, dtype=np.int64)
    def_idx = np.asarray(defect, dtype=np.int64)
    pay = game.payoffs
    totals = np.zeros((M, R, 2))
    chunk = max(1, _DRAW_CHUNK // (M * 4 * R))
    block = np.empty((0, M, 2, 2, R))
    for t in range(rounds):
        if deadline is not None and t and t % 256 == 0 and deadline.expired():
            raise TournamentStopped(
                f"its {M} matches, played together, reached round {t:,} of {rounds:,}"
            )
        if t % chunk == 0:
            c = min(chunk, rounds - t)
            block = np.stack([g.random((c, 2, 2, R)) for g in rngs], axis=1)
        draws = block[t % chunk]  # (M, 2 seats, 2, R)
        moves = (draws[:, :, 0] < coop[slot, state]) ^ (draws[:, :, 1] < noise)  # (M, 2, R)
        u = pay[
            np.where(moves[:, 0], coop_idx[0], def_idx[0]),
            np.where(moves[:, 1], coop_idx[1], def_idx[1]),
        ]  # (M, R, 2)
        totals += u
        # outcome index: own C and other C -> 0, own C other D -> 1, own D other C -> 2
        o = np.where(moves, 0, 2) + np.where(moves[:, ::-1], 0, 1)
        state = nxt[slot, state, o]
    return [tuple(float(x) for x in totals[j].mean(axis=0) / rounds) for j in range(M)]


def tournament(
    game: Game,
    machines: Sequence[Machine],
    cooperate,
    defect,
    *,
    rounds: int = 100,
    noise: float = 0.0,
    seed: int = 0,
    replications: int = 1,
    deadline=None,
) -> Tournament:
    """Every machine against every machine (itself included), in both seats.

    Match ``(a, b)`` uses its own generator seeded with ``(seed, a, b)``, so results do not
    depend on the order in which matches are played (they are played together, as arrays).
    Past ``deadline`` (checked every 256 rounds) :class:`TournamentStopped` is raised: a
    ranking needs every match.
    """
    if game.n_players != 2:
        raise ValueError("the round-robin tournament is for 2-player stage games")
    if rounds < 1 or replications < 1:
        raise ValueError("rounds and replications must be at least 1")
    k = len(machines)
    means = _round_robin_means(
        game,
        machines,
        cooperate,
        defect,
        rounds=rounds,
        noise=float(noise),
        seed=seed,
        R=replications,
        deadline=deadline,
    )
    first = np.zeros((k, k))
    second = np.zeros((k, k))
    for j, (mean_a, mean_b) in enumerate(means):
        first[j // k, j % k], second[j // k, j % k] = mean_a, mean_b
    score = (first.sum(axis=1) + second.sum(axis=0)) / (2 * k)
    ranking = tuple(int(i) for i in sorted(range(k), key=lambda i: (-score[i], i)))
    return Tournament(
        tuple(m.name for m in machines),
        tuple(game.players),
        _readonly(first),
        _readonly(second),
        _readonly(score),
        ranking,
        rounds,
        replications,
        float(noise),
        int(seed),
    )
