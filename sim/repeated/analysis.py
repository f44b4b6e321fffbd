"""Analysing a ``repeated`` scenario: thresholds, minmax, the folk-theorem region, simulations.

:func:`analyse` computes the stage equilibria, the minmax payoffs, the feasible individually
rational region, grim-trigger thresholds for every pure profile, tit-for-tat thresholds (2x2
stage games), the finite-horizon backward-induction outcome, a tournament and the listed
matches.  It is pure: no printing, no files.  :func:`threshold_curve` follows one profile's
thresholds as a parameter varies (the ``threshold`` chart).

Grim trigger reverts to a stage equilibrium (``punishment: nash``), the one worst for the
deviator.  Which equilibria are available depends on the method: with a method that does not
find every equilibrium (``pure``, ``lemke-howson``, ...) the threat is the worst of those found,
and the result says so (:attr:`RepeatedResult.punishment_from`, a note, the JSON) — a mixed
equilibrium can be a harsher threat and give lower thresholds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..game import Game
from ..numbers import fmt_exact as fmt
from ..results import SolveResult
from ..scenario.common import Meta, apply_overrides
from ..scenario.errors import Location, ScenarioError, did_you_mean
from ..scenario.payoffs import build
from ..solvers.registry import Deadline
from .finite import FiniteOutcome, backward_induction
from .load import RepeatedScenario, Repetition, check_range
from .machines import BUILTINS, Machine, builtin
from .simulate import Match, Tournament, TournamentStopped, play, tournament
from .stage import Minmax, feasible_ir_region, minmax, stage_equilibria
from .thresholds import Threshold, grim_trigger_threshold, tit_for_tat_threshold

__all__ = ["RepeatedResult", "ThresholdCurve", "analyse", "check", "eq_label", "threshold_curve"]

#: seconds the whole analysis may take when no time limit is given
DEFAULT_TIME_LIMIT = 60.0

#: solvers' ``finds`` that give every equilibrium payoff extreme (enough for the worst threat)
_WHOLE = ("all", "all-extreme")


@dataclass(frozen=True, kw_only=True)
class RepeatedResult:
    """Everything :func:`analyse` found (frozen; rendered by :mod:`.report`).

    ``parameters``: the parameter values used; ``equilibria``: the certified stage equilibria
    found by ``equilibria_method``; ``equilibria_whole_set``: whether they are every equilibrium
    (so that grim trigger's threat is the worst one there is); ``punishment_from`` says where
    the punishment payoffs come from, in words.
    """

    scenario: RepeatedScenario
    parameters: Mapping[str, Any]
    notes: tuple[str, ...] = ()
    game: Game
    delta: Any
    horizon: int | None
    noise: Any
    seed: int
    generosity: Any
    equilibria: tuple
    equilibria_method: str
    equilibria_whole_set: bool
    punishment: str
    punishment_payoffs: tuple
    punishment_label: str
    punishment_from: str
    minmax: tuple[Minmax, ...]
    feasible: tuple = ()
    feasible_ir: tuple = ()
    grim: tuple[Threshold, ...] = ()
    tft: tuple[Threshold, ...] = ()
    finite: FiniteOutcome | None = None
    tournament: Tournament | None = None
    matches: tuple[Match, ...] = ()

    @property
    def meta(self) -> Meta:
        return self.scenario.meta

    @property
    def cooperate(self):
        return self.scenario.repetition.cooperate

    def label(self, profile) -> str:
        return "(" + ", ".join(self.game.strategies[i][s] for i, s in enumerate(profile)) + ")"

    def threshold(self, profile, strategy: str = "grim trigger") -> Threshold | None:
        pool = self.grim if strategy == "grim trigger" else self.tft
        for t in pool:
            if t.profile == tuple(profile):
                return t
        return None


def _machines_for(rep: Repetition, generosity) -> dict[str, Machine]:
    out = {}
    for name in BUILTINS:
        out[name] = builtin(name, generosity=Fraction(generosity))
    for m in rep.machines:
        out[m.name] = m
    return out


def _resolve(rep: Repetition, values) -> tuple:
    def checked(ref, what, lo, hi, hi_open=False, integer=False):
        if ref is None:
            return None
        v = ref.resolve(values)
        check_range(
            v,
            what if ref.name is None else f"{what} (parameter '{ref.name}')",
            ref.loc,
            lo,
            hi,
            hi_open,
            integer,
        )
        return v

    delta = checked(rep.discount, "the discount factor", 0, 1, hi_open=True)
    noise = checked(rep.noise, "the noise probability", 0, 1)
    seed = checked(rep.seed, "the seed", 0, 2**63 - 1, integer=True)
    gen = checked(rep.generosity, "the generosity", 0, 1)
    return delta, noise, int(seed), gen


def check(scenario: RepeatedScenario) -> None:
    """What can fail at the default parameter values, without solving (``negsim validate``):
    the payoffs evaluate, δ, noise, seed and generosity are in range."""
    build(scenario.stage, None)
    _resolve(scenario.repetition, apply_overrides(scenario.stage.parameters, None))


def _check_method(game: Game, method: str) -> None:
    """A located error for a method that does not exist or does not fit the stage game."""
    from ..solvers.registry import check_method

    check_method(method, game.n_players, what="stage game")


def whole_set(res: SolveResult) -> bool:
    """Whether a stage solve found every equilibrium (every extreme one suffices for payoffs)."""
    from ..solvers import SOLVERS

    spec = SOLVERS.get(res.method)
    return res.complete and spec is not None and spec.finds in _WHOLE


def _punishments(
    game: Game, equilibria, minmaxes, kind: str, whole: bool = True
) -> tuple[tuple, str, str]:
    """Per-player punishment payoffs, a label, and a note."""
    n = game.n_players
    if kind == "nash" and equilibria:
        pays, labels = [], []
        for i in range(n):
            worst = min(equilibria, key=lambda e: e.payoffs[i])
            pays.append(worst.payoffs[i])
            labels.append(eq_label(game, worst))
        among = "" if whole else " among those found"
        if len(set(labels)) == 1:
            label = f"the stage equilibrium {labels[0]}"
            if not whole:
                label = f"the stage equilibrium {labels[0]}, the worst for the deviator{among}"
        else:
            label = (
                f"the stage equilibrium worst for the deviator{among} ("
                + "; ".join(f"{game.players[i]}: {labels[i]}" for i in range(n))
                + ")"
            )
        return tuple(pays), label, ""
    note = ""
    if kind == "nash":
        note = (
            "no stage equilibrium was found to revert to, so punishment holds the deviator to "
            "its minmax payoff instead"
        )
    return (
        tuple(m.value for m in minmaxes),
        "minmax punishment (the others hold the deviator to its minmax payoff; a Nash "
        "equilibrium of the repeated game, not necessarily subgame perfect)",
        note,
    )


def _partial_threat(res: SolveResult) -> tuple[str, str]:
    """``(punishment_from, note)`` when grim trigger's threats come from a partial set."""
    from ..solvers import SOLVERS

    spec = SOLVERS.get(res.method)
    if spec is not None and spec.finds == "all-pure" and res.complete:
        what = "pure stage equilibria only"
        found = f"method '{res.method}' finds only the pure equilibria of the stage game"
    elif spec is not None and spec.finds in ("one", "some"):
        what = f"the stage equilibria found by method '{res.method}' (not every equilibrium)"
        found = f"method '{res.method}' finds one stage equilibrium, not every one"
    else:
        what = f"the stage equilibria found by method '{res.method}' (not every equilibrium)"
        found = f"method '{res.method}' did not find every stage equilibrium" + (
            f" ({res.message.rstrip('.')})" if res.message else ""
        )
    note = (
        f"{found}: grim trigger punishes with the worst of those, so its thresholds are for "
        f"reverting to {'a pure' if 'pure' in what else 'such a'} stage equilibrium; a "
        "mixed or unfound equilibrium can be a harsher threat with lower thresholds (run "
        "without --method to use every equilibrium)"
    )
    return what, note


def eq_label(game: Game, eq) -> str:
    """``(pressure, test)`` or ``(mixed: US: 1/2 a, 1/2 b; ...)``."""
    pure = eq.pure_profile()
    if pure is not None:
        return "(" + game.profile_label(pure) + ")"
    parts = []
    for i, p in enumerate(game.players):
        mix = ", ".join(
            f"{fmt(x)} {s}" for s, x in zip(game.strategies[i], eq.strategies[i]) if x != 0
        )
        parts.append(f"{p}: {mix}")
    return "(mixed: " + "; ".join(parts) + ")"


def analyse(
    scenario: RepeatedScenario,
    overrides: Mapping | None = None,
    *,
    method: str | None = None,
    time_limit: float | None = None,
) -> RepeatedResult:
    """Analyse a repeated scenario at its parameter values (with ``overrides``); pure.

    ``method``: the stage-game equilibrium method (default: every equilibrium the size allows);
    ``time_limit``: seconds for the whole analysis (default 60).  The stage game is solved
    within it; a round robin that does not finish within it is left out and a match is cut
    short, each with a note that starts ``partial:``.
    """
    seconds = DEFAULT_TIME_LIMIT if time_limit is None else time_limit
    deadline = Deadline(seconds)
    scn = scenario
    rep = scn.repetition
    values = apply_overrides(scn.stage.parameters, overrides)
    game = build(scn.stage, overrides)
    delta, noise, seed, gen = _resolve(rep, values)
    method = method or "auto"
    _check_method(game, method)
    stage_res = stage_equilibria(game, method, seconds)
    eqs = stage_res.equilibria
    whole = whole_set(stage_res)
    mms = tuple(minmax(game, i) for i in range(game.n_players))
    pun, pun_label, pun_note = _punishments(game, eqs, mms, rep.punishment, whole)
    notes = [n for n in (pun_note,) if n]
    if rep.punishment == "minmax" or not eqs:
        pun_from = "minmax payoffs"
    elif whole:
        pun_from = "every stage equilibrium"
    else:
        pun_from, note = _partial_threat(stage_res)
        notes.append(note)
    feasible = feasible_ir = ()
    if game.n_players == 2:
        hull, region = feasible_ir_region(game, [m.value for m in mms])
        feasible, feasible_ir = tuple(hull), tuple(region)
    grim = tuple(grim_trigger_threshold(game, p, pun, pun_label) for p in np.ndindex(*game.shape))
    tft = ()
    if game.shape == (2, 2):
        tft = tuple(tit_for_tat_threshold(game, p) for p in np.ndindex(*game.shape))
    finite = backward_induction(game, rep.horizon, method) if rep.horizon is not None else None
    machines = _machines_for(rep, gen)
    tour = None
    matches: list[Match] = []
    fdelta = None if delta is None else float(delta)
    if rep.cooperate is not None and rep.defect is not None:
        if game.n_players == 2 and rep.strategies:
            try:
                tour = tournament(
                    game,
                    [machines[s] for s in rep.strategies],
                    rep.cooperate,
                    rep.defect,
                    rounds=rep.rounds,
                    noise=float(noise),
                    seed=seed,
                    replications=rep.replications,
                    deadline=deadline,
                )
            except TournamentStopped as exc:
                notes.append(
                    f"partial: the round-robin tournament is left out: {exc}, with "
                    f"{rep.replications:,} replication(s) each, when the time limit of "
                    f"{seconds:g} s ran out"
                )
        wanted = list(rep.matches)
        if not wanted and game.n_players > 2:
            wanted = [tuple(s for _ in game.players) for s in rep.strategies]
        for k, names in enumerate(wanted):
            rng = np.random.default_rng([seed, 10_000 + k])
            matches.append(
                play(
                    game,
                    [machines[s] for s in names],
                    rep.cooperate,
                    rep.defect,
                    rounds=rep.rounds,
                    noise=float(noise),
                    seed=seed,
                    replications=rep.replications,
                    delta=fdelta,
                    rng=rng,
                    deadline=deadline,
                )
            )
            last = matches[-1]
            if not last.complete:
                note = (
                    f"partial: the match {' vs '.join(names)} stopped after {last.rounds:,} "
                    f"of {rep.rounds:,} rounds at the time limit of {seconds:g} s"
                )
                if len(matches) > 1:  # the charts draw matches of one length together
                    matches.pop()
                    note += "; it is not shown"
                if k < len(wanted) - 1:
                    note += f"; {len(wanted) - k - 1} more match(es) not played"
                notes.append(note)
                break
    return RepeatedResult(
        scenario=scn,
        parameters=dict(values),
        notes=tuple(notes),
        game=game,
        delta=delta,
        horizon=rep.horizon,
        noise=noise,
        seed=seed,
        generosity=gen,
        equilibria=eqs,
        equilibria_method=stage_res.method,
        equilibria_whole_set=whole,
        punishment=rep.punishment,
        punishment_payoffs=tuple(pun),
        punishment_label=pun_label,
        punishment_from=pun_from,
        minmax=mms,
        feasible=feasible,
        feasible_ir=feasible_ir,
        grim=grim,
        tft=tft,
        finite=finite,
        tournament=tour,
        matches=tuple(matches),
    )


@dataclass(frozen=True, kw_only=True)
class ThresholdCurve:
    """Minimum δ of one profile as a parameter varies (``nan`` where no δ < 1 sustains it)."""

    parameter: str
    values: np.ndarray
    grim: np.ndarray
    tft: np.ndarray | None
    profile: tuple[int, ...]
    label: str
    delta: float | None


def threshold_curve(
    scn: RepeatedScenario,
    parameter: str | None = None,
    values=None,
    profile=None,
    overrides: Mapping | None = None,
    *,
    method: str | None = None,
) -> ThresholdCurve:
    """Grim-trigger (and, for 2x2 stage games, tit-for-tat) thresholds of ``profile`` (default:
    the cooperative profile) over ``values`` of ``parameter`` (default: ``repetition.sweep``, or
    the parameter's declared range in ``points`` steps).  Each point is computed exactly, with
    the stage equilibria of ``method`` (default: every equilibrium) as grim trigger's threats."""
    rep = scn.repetition
    if parameter is None:
        if rep.sweep is None:
            raise ScenarioError(
                "name a parameter to vary (--vary NAME=FROM:TO:POINTS, or add "
                "repetition.sweep to the scenario)",
                Location("--vary"),
            )
        parameter = rep.sweep[0]
    by_name = {p.name: p for p in scn.stage.parameters}
    if parameter not in by_name:
        raise ScenarioError(
            f"unknown parameter '{parameter}'{did_you_mean(parameter, list(by_name))}",
            Location("--vary"),
        )
    if values is None:
        p = by_name[parameter]
        points = rep.sweep[1] if rep.sweep else 41
        lo = p.min if p.min is not None else Fraction(0)
        hi = p.max if p.max is not None else max(Fraction(2) * Fraction(p.value), lo + 1)
        values = [
            Fraction(lo) + (Fraction(hi) - Fraction(lo)) * k / (points - 1) for k in range(points)
        ]
    profile = tuple(profile) if profile is not None else rep.cooperate
    if profile is None:
        raise ScenarioError("say which profile to follow: add repetition.cooperate", rep.loc)
    method = method or "auto"
    base = dict(overrides or {})
    grim, tft = [], []
    for v in values:
        ov = dict(base)
        ov[parameter] = Fraction(v) if not isinstance(v, float) else Fraction(str(v))
        game = build(scn.stage, ov)
        res = stage_equilibria(game, method)
        mms = tuple(minmax(game, i) for i in range(game.n_players))
        pun, _, _ = _punishments(game, res.equilibria, mms, rep.punishment)
        t = grim_trigger_threshold(game, profile, pun)
        grim.append(np.nan if t.delta_min is None else float(t.delta_min))
        if game.shape == (2, 2):
            t2 = tit_for_tat_threshold(game, profile)
            tft.append(np.nan if t2.delta_min is None else float(t2.delta_min))
    delta = None
    if rep.discount is not None:
        delta = float(rep.discount.resolve(apply_overrides(scn.stage.parameters, overrides)))
    game0 = build(scn.stage, overrides)
    label = "(" + game0.profile_label(profile) + ")"
    return ThresholdCurve(
        parameter=parameter,
        values=np.asarray([float(v) for v in values]),
        grim=np.asarray(grim),
        tft=np.asarray(tft) if tft else None,
        profile=profile,
        label=label,
        delta=delta,
    )
