"""Types and beliefs: Bayesian Nash equilibria and perfect Bayesian equilibria of signalling games.

**Types.**  A tree whose root is a chance node that some players observe and others do not is a
game of incomplete information in Harsanyi's form: the root's moves are the *types*, their
probabilities the common prior.  Its Bayesian Nash equilibria are the Nash equilibria of the tree
(each type's plan is the player's behaviour at the information sets under that type), so
:func:`type_structure` only says who knows what; the equilibria come from
:func:`sim.sequential.reduce.nash_equilibria`.

**Signalling games** (Spence 1973; Cho and Kreps 1987).  Nature picks the sender's type; the
sender, who sees it, sends a message; the receiver sees the message, not the type, and responds.
:func:`signalling_pbe` lists every pure-strategy perfect Bayesian equilibrium of a
signalling game: the sender's message per type (pooling when all types send the same message,
separating when all differ, partially pooling in between), the receiver's response per message,
beliefs by Bayes' rule on the equilibrium path, and for a message nobody sends, the exact
interval of beliefs that makes the receiver's response optimal (two types) or one supporting
belief vector found exactly (more types).  :func:`mixed_pbe_from_behaviours` keeps the mixed
Nash equilibria (from the equilibrium engine) that are perfect Bayesian; mixed ones are not
searched otherwise.

**The intuitive criterion** (Cho and Kreps 1987).  Off-path beliefs can sustain odd equilibria.
:func:`intuitive_criterion` asks, for each message nobody sends: which types could never gain
by it, whatever the receiver then believes (their equilibrium payoff beats the best the message
can bring under any optimal response)?  If, once the receiver rules those types out, some type
is sure to do better by the message than in the equilibrium (under every response optimal for
a belief on the remaining types), the equilibrium fails the test.  Beer-quiche is the textbook
case: pooling on quiche fails, pooling on beer passes.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

from ..numbers import fmt_prob
from ..solvers.exact_linear import solve_rational
from .tree import CHANCE, DECISION, TERMINAL, Tree

__all__ = [
    "IntuitiveCheck",
    "intuitive_criterion",
    "mixed_pbe_from_behaviours",
    "SignallingGame",
    "SignallingPBE",
    "TypeStructure",
    "infoset_type",
    "signalling_game",
    "signalling_pbe",
    "SignallingStopped",
    "type_structure",
]


@dataclass(frozen=True)
class TypeStructure:
    """Chance at the root: the types, their prior, who observes them."""

    types: tuple[str, ...]
    prior: tuple
    informed: tuple[str, ...]  # players who always know the type when they move
    uninformed: tuple[str, ...]  # players with an information set spanning several types


def _branch_of(tree: Tree, k: int) -> int | None:
    """Index of the root move above node ``k`` (None for the root)."""
    path = tree.path(k)
    return path[0][1] if path else None


def infoset_type(tree: Tree, label: str) -> str | None:
    """The type (root chance move) an information set lies under, or None if it spans several."""
    if tree.root.kind != CHANCE:
        return None
    branches = {_branch_of(tree, k) for k in tree.infosets[label].members}
    if len(branches) == 1:
        b = branches.pop()
        return None if b is None else tree.root.moves[b]
    return None


def type_structure(tree: Tree) -> TypeStructure | None:
    """Who knows the type, when the root is a chance node; else None."""
    if tree.root.kind != CHANCE:
        return None
    informed, uninformed = [], []
    for i, p in enumerate(tree.players):
        sets = tree.player_infosets(i)
        if not sets:
            continue
        if all(infoset_type(tree, h) is not None for h in sets):
            informed.append(p)
        else:
            uninformed.append(p)
    return TypeStructure(tree.root.moves, tree.root.probs, tuple(informed), tuple(uninformed))


@dataclass(frozen=True)
class SignallingGame:
    """The parts of a signalling tree: ``payoff[t][m][r]`` is the leaf's payoff vector."""

    sender: int
    receiver: int
    types: tuple[str, ...]
    prior: tuple
    messages: tuple[str, ...]
    responses: tuple[str, ...]
    sender_sets: tuple[str, ...]  # information set of the sender, per type
    receiver_sets: tuple[str, ...]  # information set of the receiver, per message
    payoff: tuple


def signalling_game(tree: Tree) -> tuple[SignallingGame | None, str]:
    """Recognise a signalling game; returns ``(game, "")`` or ``(None, reason)``."""
    root = tree.root
    if root.kind != CHANCE:
        return None, "the root is not a chance move choosing the sender's type"
    if len(root.moves) < 2:
        return None, "a signalling game needs at least two types"
    senders = [tree.nodes[c] for c in root.children]
    if any(n.kind != DECISION for n in senders) or len({n.player for n in senders}) != 1:
        return None, "after the type, one player (the sender) must move"
    if len({n.infoset for n in senders}) != len(senders):
        return None, "the sender must know its type (one information set per type)"
    messages = senders[0].moves
    if any(n.moves != messages for n in senders):
        return None, "every type of sender must have the same messages"
    S = senders[0].player
    receiver = None
    responses = None
    rsets: list[str | None] = [None] * len(messages)
    payoff = []
    for sn in senders:
        row = []
        for m, c in enumerate(sn.children):
            rn = tree.nodes[c]
            if rn.kind != DECISION or rn.player == S:
                return None, "after each message the other player (the receiver) must move"
            if receiver is None:
                receiver, responses = rn.player, rn.moves
            if rn.player != receiver or rn.moves != responses:
                return None, "the receiver and its responses must be the same after every message"
            if rsets[m] is None:
                rsets[m] = rn.infoset
            if rsets[m] != rn.infoset:
                return None, "the receiver must see the message but not the type"
            leaves = [tree.nodes[x] for x in rn.children]
            if any(leaf.kind != TERMINAL for leaf in leaves):
                return None, "the game must end after the receiver's response"
            row.append(tuple(leaf.payoffs for leaf in leaves))
        payoff.append(tuple(row))
    if len(set(rsets)) != len(rsets) or any(
        len(tree.infosets[h].members) != len(senders) for h in rsets
    ):
        return None, "the receiver must see the message but not the type"
    return SignallingGame(
        S,
        receiver,
        root.moves,
        root.probs,
        messages,
        responses,
        tuple(n.infoset for n in senders),
        tuple(rsets),
        tuple(payoff),
    ), ""


@dataclass(frozen=True)
class SignallingPBE:
    """One perfect Bayesian equilibrium (or a family indexed by off-path beliefs).

    With two types, ``beliefs[m]`` is the receiver's probability of the *first* type after
    message ``m``: an exact number on the path, the interval ``(lo, hi)`` of supporting beliefs
    off the path.  With more types it is the vector of posteriors on the path and, off the path,
    one supporting belief vector (a vertex of the supporting region).
    """

    kind: str  # "pooling" or "separating" (or "partially pooling" with more messages than types)
    sender: tuple[tuple[str, str], ...]  # (type, message)
    receiver: tuple[tuple[str, str], ...]  # (message, response)
    beliefs: tuple[tuple[str, object, bool], ...]  # (message, belief or (lo, hi), on path?)
    payoffs: tuple  # expected payoffs (ex ante), one per player
    type_payoffs: tuple  # sender's payoff per type
    sender_probs: tuple | None = None  # mixed: per type, probabilities of the messages
    receiver_probs: tuple | None = None  # mixed: per message, probabilities of the responses
    intuitive: IntuitiveCheck | None = None  # the Cho-Kreps test, when it has been applied

    @property
    def is_pure(self) -> bool:
        return self.sender_probs is None and self.receiver_probs is None

    def behaviour(self, sg: SignallingGame) -> dict[str, tuple]:
        if not self.is_pure:
            return {
                **dict(zip(sg.sender_sets, self.sender_probs)),
                **dict(zip(sg.receiver_sets, self.receiver_probs)),
            }
        out = {}
        snd = dict(self.sender)
        rcv = dict(self.receiver)
        for t, h in zip(sg.types, sg.sender_sets):
            out[h] = tuple(1 if m == snd[t] else 0 for m in sg.messages)
        for m, h in zip(sg.messages, sg.receiver_sets):
            out[h] = tuple(1 if r == rcv[m] else 0 for r in sg.responses)
        return out


def _interval(sg: SignallingGame, m: int, r: int):
    """Beliefs mu = P(first type) in [0, 1] at which response ``r`` to message ``m`` is optimal."""
    R = sg.receiver
    lo, hi = Fraction(0), Fraction(1)
    u = [[sg.payoff[t][m][x][R] for x in range(len(sg.responses))] for t in range(2)]
    for x in range(len(sg.responses)):
        if x == r:
            continue
        # mu*u0r + (1-mu)*u1r >= mu*u0x + (1-mu)*u1x  <=>  a*mu >= b
        a = (u[0][r] - u[1][r]) - (u[0][x] - u[1][x])
        b = u[1][x] - u[1][r]
        if a > 0:
            lo = max(lo, Fraction(b) / Fraction(a) if isinstance(a, int | Fraction) else b / a)
        elif a < 0:
            hi = min(hi, Fraction(b) / Fraction(a) if isinstance(a, int | Fraction) else b / a)
        elif b > 0:
            return None
    return (lo, hi) if lo <= hi else None


def _vector(sg: SignallingGame, belief) -> tuple:
    """A belief as a probability vector over types (two types: ``belief`` = P(first type))."""
    if len(sg.types) == 2 and not isinstance(belief, tuple):
        return (belief, 1 - belief)
    return tuple(belief)


def _best_responses(sg: SignallingGame, m: int, belief) -> list[int]:
    R = sg.receiver
    mu = _vector(sg, belief)
    vals = [
        sum(mu[t] * sg.payoff[t][m][x][R] for t in range(len(sg.types)))
        for x in range(len(sg.responses))
    ]
    best = max(vals)
    return [x for x, v in enumerate(vals) if v == best]


def _posterior(sg: SignallingGame, weights):
    """Bayes' rule after a message sent by type t with probability ``weights[t]`` (not all 0).

    Two types: P(first type); more: the vector of posteriors."""
    mass = sum(sg.prior[t] * weights[t] for t in range(len(sg.types)))
    post = tuple(sg.prior[t] * weights[t] / mass for t in range(len(sg.types)))
    return post[0] if len(sg.types) == 2 else post


def _supporting_belief(sg: SignallingGame, m: int, responses: list[int]):
    """Beliefs after message ``m`` at which every response in ``responses`` is optimal.

    Two types: the interval ``(lo, hi)`` of P(first type), or None.  More types: one such
    belief vector (a vertex of the region, found exactly), or None if there is none.
    """
    k = len(sg.types)
    if k == 2:
        lo, hi = Fraction(0), Fraction(1)
        for r in responses:
            iv = _interval(sg, m, r)
            if iv is None:
                return None
            lo, hi = max(lo, iv[0]), min(hi, iv[1])
        return (lo, hi) if lo <= hi else None
    return _belief_on(sg, m, responses, range(k))


def _belief_on(sg: SignallingGame, m: int, responses, types):
    """A belief vector over all types, zero outside ``types``, at which every response in
    ``responses`` to message ``m`` is optimal (a vertex of that region, found exactly), or None."""
    R = sg.receiver
    T = list(types)
    d = len(T)
    rows: list[list] = []  # inequalities row . mu_T >= 0
    for j in range(d):
        rows.append([1 if i == j else 0 for i in range(d)])
    for r in responses:
        for x in range(len(sg.responses)):
            if x != r:
                rows.append([sg.payoff[t][m][r][R] - sg.payoff[t][m][x][R] for t in T])
    for tight in itertools.combinations(range(len(rows)), d - 1):
        mu = solve_rational([rows[i] for i in tight] + [[1] * d], [0] * (d - 1) + [1])
        if mu is None:
            continue
        if all(sum(a * x for a, x in zip(row, mu)) >= 0 for row in rows):
            full = [Fraction(0)] * len(sg.types)
            for t, x in zip(T, mu):
                full[t] = x
            return tuple(full)
    return None


def signalling_pbe(sg: SignallingGame, deadline=None) -> list[SignallingPBE]:
    """Every pure perfect Bayesian equilibrium of a signalling game (any number of types).

    ``deadline`` (a :class:`~sim.solvers.registry.Deadline`) is checked before each sender
    strategy; past it :class:`SignallingStopped` is raised, carrying the equilibria found among
    the sender strategies examined so far."""
    S = sg.sender
    nT, nM = len(sg.types), len(sg.messages)
    out: list[SignallingPBE] = []
    for done, sigma in enumerate(itertools.product(range(nM), repeat=nT)):
        if deadline is not None and deadline.expired():
            raise SignallingStopped(out, done, nM**nT)
        options: list[list[tuple[int, object, bool]]] = []
        for m in range(nM):
            senders = [t for t in range(nT) if sigma[t] == m]
            if senders:
                mu = _posterior(sg, [1 if t in senders else 0 for t in range(nT)])
                options.append([(r, mu, True) for r in _best_responses(sg, m, mu)])
            else:
                opts = []
                for r in range(len(sg.responses)):
                    iv = _supporting_belief(sg, m, [r])
                    if iv is not None:
                        opts.append((r, iv, False))
                options.append(opts)
        for rho in itertools.product(*options):
            ok = True
            for t in range(nT):
                got = sg.payoff[t][sigma[t]][rho[sigma[t]][0]][S]
                if any(sg.payoff[t][m][rho[m][0]][S] > got for m in range(nM)):
                    ok = False
                    break
            if not ok:
                continue
            pay = [0] * len(sg.payoff[0][0][0])
            for t in range(nT):
                leaf = sg.payoff[t][sigma[t]][rho[sigma[t]][0]]
                pay = [a + sg.prior[t] * b for a, b in zip(pay, leaf)]
            distinct = len(set(sigma))
            kind = (
                "pooling"
                if distinct == 1
                else "separating"
                if distinct == nT
                else "partially pooling"
            )
            out.append(
                SignallingPBE(
                    kind,
                    tuple((sg.types[t], sg.messages[sigma[t]]) for t in range(nT)),
                    tuple((sg.messages[m], sg.responses[rho[m][0]]) for m in range(nM)),
                    tuple((sg.messages[m], rho[m][1], rho[m][2]) for m in range(nM)),
                    tuple(pay),
                    tuple(sg.payoff[t][sigma[t]][rho[sigma[t]][0]][S] for t in range(nT)),
                )
            )
    return out


class SignallingStopped(Exception):
    """The time limit stopped :func:`signalling_pbe`: ``found`` are the equilibria among the
    first ``done`` of the ``total`` pure sender strategies."""

    def __init__(self, found: list, done: int, total: int) -> None:
        super().__init__(f"{done:,} of {total:,} sender strategies examined")
        self.found, self.done, self.total = found, done, total


@dataclass(frozen=True)
class IntuitiveCheck:
    """The intuitive criterion applied to one equilibrium.

    ``failures``: one entry per off-path message that breaks the equilibrium, as
    ``(message, ruled_out, deviator, least_gain, equilibrium_payoff)``: the types for which the
    message is equilibrium-dominated, a type that gets at least ``least_gain`` from the message
    under every response optimal for a belief on the other types, and that type's equilibrium
    payoff (smaller).  ``ruled_out`` per off-path message is in ``dominated``.
    """

    passes: bool
    dominated: tuple  # (message, tuple of types for which it is equilibrium-dominated)
    failures: tuple


def _optimal_somewhere(sg: SignallingGame, m: int, types) -> list[int]:
    """Responses to ``m`` that are optimal for some belief concentrated on ``types``."""
    return [r for r in range(len(sg.responses)) if _belief_on(sg, m, [r], types) is not None]


def intuitive_criterion(sg: SignallingGame, e: SignallingPBE) -> IntuitiveCheck:
    """Cho and Kreps's intuitive criterion for the equilibrium ``e`` (pure or mixed).

    For each message ``m`` no type sends: ``m`` is *equilibrium-dominated* for type ``t`` when
    ``t``'s equilibrium payoff exceeds the best ``m`` can give it under any response optimal for
    some belief over all types.  With those types ruled out (if any type remains), the
    equilibrium fails when some type gets more than its equilibrium payoff from ``m`` under
    *every* response optimal for a belief on the remaining types.  Mixed responses need no
    separate check: a payoff linear in the response is extreme at a pure one.
    """
    S = sg.sender
    nT = len(sg.types)
    dominated, failures = [], []
    for m, (_, _, on_path) in enumerate(e.beliefs):
        if on_path:
            continue
        everywhere = _optimal_somewhere(sg, m, range(nT))
        best = [max(sg.payoff[t][m][r][S] for r in everywhere) for t in range(nT)]
        ruled_out = [t for t in range(nT) if e.type_payoffs[t] > best[t]]
        dominated.append((sg.messages[m], tuple(sg.types[t] for t in ruled_out)))
        rest = [t for t in range(nT) if t not in ruled_out]
        if not ruled_out or not rest:
            continue
        responses = _optimal_somewhere(sg, m, rest)
        for t in range(nT):
            least = min(sg.payoff[t][m][r][S] for r in responses)
            if least > e.type_payoffs[t]:
                failures.append(
                    (
                        sg.messages[m],
                        tuple(sg.types[x] for x in ruled_out),
                        sg.types[t],
                        least,
                        e.type_payoffs[t],
                    )
                )
                break
    return IntuitiveCheck(not failures, tuple(dominated), tuple(failures))


def mixed_pbe_from_behaviours(sg: SignallingGame, behaviours) -> list[SignallingPBE]:
    """The perfect Bayesian equilibria among mixed Nash equilibria of a signalling game.

    A Nash equilibrium (for example one found by the equilibrium engine) is perfect Bayesian when
    the receiver's responses to messages nobody sends are optimal for *some* belief: the
    responses it mixes over must all be optimal at one belief (the intersection of their belief
    intervals).  On the path beliefs follow from Bayes' rule and Nash already makes the responses
    optimal.  Pure profiles are skipped (:func:`signalling_pbe` lists those).  A sender type that
    mixes makes the equilibrium *semi-separating*.
    """
    S = sg.sender
    nT, nM, nR = len(sg.types), len(sg.messages), len(sg.responses)
    out = []
    for beh in behaviours:
        sp = [tuple(beh[h]) for h in sg.sender_sets]
        rp = [beh[h] for h in sg.receiver_sets]
        if any(v is None for v in rp):
            continue
        rp = [tuple(v) for v in rp]
        pure = all(sum(1 for x in v if x != 0) == 1 for v in sp + rp)
        if pure:
            continue
        beliefs = []
        ok = True
        for m in range(nM):
            mass = sum(sg.prior[t] * sp[t][m] for t in range(nT))
            support = [r for r in range(nR) if rp[m][r] != 0]
            if mass != 0:
                beliefs.append(
                    (sg.messages[m], _posterior(sg, [sp[t][m] for t in range(nT)]), True)
                )
                continue
            region = _supporting_belief(sg, m, support)
            if region is None:
                ok = False
                break
            beliefs.append((sg.messages[m], region, False))
        if not ok:
            continue
        n_players = len(sg.payoff[0][0][0])
        pay = [0] * n_players
        type_pay = []
        for t in range(nT):
            tp = 0
            for m in range(nM):
                for r in range(nR):
                    w = sp[t][m] * rp[m][r]
                    if w != 0:
                        leaf = sg.payoff[t][m][r]
                        pay = [a + sg.prior[t] * w * b for a, b in zip(pay, leaf)]
                        tp += w * leaf[S]
            type_pay.append(tp)
        sender_mixes = any(sum(1 for x in v if x != 0) > 1 for v in sp)
        if sender_mixes:
            kind = "semi-separating"
        else:
            sent = [next(m for m in range(nM) if sp[t][m] != 0) for t in range(nT)]
            kind = "pooling" if len(set(sent)) == 1 else "separating"
        out.append(
            SignallingPBE(
                kind,
                tuple((sg.types[t], _mix(sg.messages, sp[t])) for t in range(nT)),
                tuple((sg.messages[m], _mix(sg.responses, rp[m])) for m in range(nM)),
                tuple(beliefs),
                tuple(pay),
                tuple(type_pay),
                tuple(sp),
                tuple(rp),
            )
        )
    return out


def _mix(labels, probs) -> str:
    """``"summit"`` or ``"summit 4/5, pressure 1/5"``."""
    live = [(x, p) for x, p in zip(labels, probs) if p != 0]
    if len(live) == 1:
        return live[0][0]
    return ", ".join(f"{x} {fmt_prob(p)}" for x, p in live)
