"""Solving a ``bargaining`` scenario: the set, the disagreement point, and every solution.

:func:`analyse` evaluates the scenario's formulas at its parameter values, builds the set
(a pie, packages, or a game's outcomes), finds the disagreement point, and computes the Nash and
Kalai–Smorodinsky solutions (with and without the outside options as the disagreement point),
Rubinstein's alternating offers and Fearon's bargaining range (:mod:`.solutions`).  It is pure.
:func:`outside_option_curve` follows the deal as one parameter varies (the ``outside-option``
chart).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..game import Game
from ..numbers import fmt_exact as fmt
from ..numbers import fmt_point as point_text
from ..numbers import to_number
from ..scenario.common import Meta, apply_overrides
from ..scenario.errors import Location, ScenarioError, did_you_mean
from ..scenario.expr import Expr
from ..scenario.payoffs import build
from .load import BargainingScenario
from .solutions import (
    BargainingSet,
    FearonRange,
    RubinsteinOutcome,
    Solution,
    fearon_range,
    kalai_smorodinsky,
    nash_bargaining,
    nash_split_pie,
    pie_set,
    polygon_set,
    rubinstein,
)

__all__ = [
    "BargainingResult",
    "OptionCurve",
    "analyse",
    "check",
    "outside_option_curve",
    "rubinstein_shares",
]


@dataclass(frozen=True, kw_only=True)
class BargainingResult:
    """Everything :func:`analyse` found (frozen; rendered by :mod:`.report`).

    ``parameters``: the values used; ``set``: the 2-party bargaining set (``None`` for more
    parties); ``nash_outside``/``ks_outside``: the solutions with the outside options as the
    disagreement point; ``best_package``: ``(label, payoffs)`` with the largest Nash product
    among the packages themselves; ``rubinstein_plain``: Rubinstein without outside options.
    """

    scenario: BargainingScenario
    parameters: Mapping[str, Any]
    notes: tuple[str, ...] = ()
    parties: tuple[str, ...]
    set: BargainingSet | None
    pie: Any
    disagreement: tuple
    disagreement_source: str
    outside: tuple | None
    nash: Solution | None
    ks: Solution | None
    nash_outside: Solution | None
    ks_outside: Solution | None
    best_package: tuple | None
    rubinstein: RubinsteinOutcome | None
    rubinstein_plain: RubinsteinOutcome | None
    fearon: FearonRange | None
    game: Game | None

    @property
    def meta(self) -> Meta:
        return self.scenario.meta


def _val(e: Expr, values) -> Any:
    return to_number(e.evaluate(dict(values), True))


def check_values(scn: BargainingScenario, values: Mapping[str, Any]) -> None:
    """The evaluated numbers make sense (a located :class:`ScenarioError` otherwise): a
    positive pie, discount factors in [0, 1), a probability of winning, non-negative costs."""
    if scn.set_kind == "pie":
        pie = _val(scn.pie, values)
        if pie <= 0:
            raise ScenarioError(f"the pie must be positive, not {fmt(pie)}", scn.pie.loc)
    for k, e in enumerate(scn.discount or ()):
        x = _val(e, values)
        if not 0 <= x < 1:
            raise ScenarioError(
                f"discount factor of {scn.parties[k]} must be in [0, 1), not {fmt(x)}", e.loc
            )
    if scn.war_p is not None:
        p = _val(scn.war_p, values)
        if not 0 <= p <= 1:
            raise ScenarioError(f"war.p is a probability; got {fmt(p)}", scn.war_p.loc)
        for party, e in zip(scn.parties, scn.war_costs):
            cost = _val(e, values)
            if cost < 0:
                raise ScenarioError(
                    f"war.costs: {party}'s cost of fighting must be at least 0, "
                    f"not {fmt(cost)} (a war that pays is not a cost; Fearon's "
                    "range would be empty)",
                    e.loc,
                )


def check(scenario: BargainingScenario) -> None:
    """What can fail at the default parameter values, without solving (``negsim validate``)."""
    check_values(scenario, apply_overrides(scenario.parameters, None))


def analyse(
    scenario: BargainingScenario,
    overrides: Mapping | None = None,
    *,
    method: str | None = None,
    time_limit: float | None = None,
) -> BargainingResult:
    """Solve a bargaining scenario at its parameter values (with ``overrides``); pure.

    ``method``/``time_limit``: how the game is solved when the disagreement point is one of its
    equilibria (default: every equilibrium).
    """
    scn = scenario
    values = apply_overrides(scn.parameters, overrides)
    check_values(scn, values)
    n = len(scn.parties)
    game = build(scn.game, overrides) if scn.game is not None else None
    notes: list[str] = []
    # the set
    pie = None
    bset = None
    if scn.set_kind == "pie":
        pie = _val(scn.pie, values)
        if n == 2:
            bset = pie_set(pie)
    elif scn.set_kind == "packages":
        pts = [tuple(_val(e, values) for e in vals) for _, vals in scn.packages]
        bset = polygon_set(pts, f"{len(pts)} packages (and lotteries over them)")
    else:
        flat = game.exact if game.exact is not None else game.payoffs
        pts = {tuple(to_number(x) for x in row) for row in flat.reshape(-1, game.n_players)}
        bset = polygon_set(sorted(pts), "the convex hull of the game's outcomes")
    # outside options and disagreement
    outside = None if scn.outside is None else tuple(_val(e, values) for e in scn.outside)
    if scn.disagreement_mode == "equilibrium":
        res = _solve(game, method or "auto", time_limit)
        eqs = res.equilibria
        if scn.equilibrium_profile is not None:
            chosen = [e for e in eqs if e.pure_profile() == scn.equilibrium_profile]
            if not chosen:
                raise ScenarioError(
                    f"({game.profile_label(scn.equilibrium_profile)}) is not an "
                    "equilibrium of the game; pick one of: "
                    + "; ".join(eq_text(game, e) for e in eqs),
                    scn.loc,
                )
            eq = chosen[0]
        elif len(eqs) == 1:
            eq = eqs[0]
            if not _whole_set(res):
                notes.append(
                    f"method '{res.method}' does not find every equilibrium of the "
                    "game; the disagreement point is the one it found, and the game "
                    "may have others (run without --method, or name one: "
                    'disagreement: {equilibrium: "<profile>"})'
                )
        elif not eqs:
            raise ScenarioError(
                "the game has no equilibrium the solver could certify, so it "
                "cannot give the disagreement point",
                scn.loc,
            )
        else:
            raise ScenarioError(
                "the game has several equilibria ("
                + "; ".join(eq_text(game, e) for e in eqs)
                + "); name one: disagreement: {equilibrium: "
                '"<profile>"}',
                scn.loc,
            )
        d = tuple(to_number(x) for x in eq.payoffs)
        source = f"the game's equilibrium {eq_text(game, eq)}"
    elif scn.disagreement_mode == "outside_options":
        d = outside
        source = "the outside options"
    elif scn.disagreement is not None:
        d = tuple(_val(e, values) for e in scn.disagreement)
        source = "given in the scenario"
    else:
        d = tuple(to_number(0) for _ in range(n))
        source = "zero for every party (the default)"
    nash = ks = nash_o = ks_o = None
    best_pkg = None
    if n == 2:
        nash = nash_bargaining(bset, d)
        ks = kalai_smorodinsky(bset, d)
        if outside is not None and scn.disagreement_mode != "outside_options":
            d_o = tuple(max(a, b) for a, b in zip(d, outside))
            nash_o = nash_bargaining(bset, d_o)
            ks_o = kalai_smorodinsky(bset, d_o)
        if scn.set_kind == "packages":
            best_val = None
            for (label, _), pt in zip(
                scn.packages, [tuple(_val(e, values) for e in v) for _, v in scn.packages]
            ):
                if all(x >= di for x, di in zip(pt, d)):
                    val = (pt[0] - d[0]) * (pt[1] - d[1])
                    if best_val is None or val > best_val:
                        best_val, best_pkg = val, (label, pt)
    else:
        nash = nash_split_pie(pie, d)
        if outside is not None and scn.disagreement_mode != "outside_options":
            nash_o = nash_split_pie(pie, tuple(max(a, b) for a, b in zip(d, outside)))
        notes.append(
            "with more than two parties over a pie, Kalai–Smorodinsky equals the Nash "
            "split (the set is symmetric in gains)"
        )
    rub = rub_plain = None
    if scn.discount is not None:
        ds = [_val(e, values) for e in scn.discount]
        order = (scn.proposer, 1 - scn.proposer)
        o = outside if outside is not None else (0, 0)
        names = (scn.parties[order[0]], scn.parties[order[1]])
        rub = rubinstein(ds[order[0]], ds[order[1]], pie, (o[order[0]], o[order[1]]), names)
        if outside is not None and any(o):
            rub_plain = rubinstein(ds[order[0]], ds[order[1]], pie, names=names)
    fear = None
    if scn.war_p is not None:
        p = _val(scn.war_p, values)
        ca, cb = (_val(e, values) for e in scn.war_costs)
        fear = fearon_range(p, ca, cb, pie if pie is not None else 1, scn.parties)
        if pie is None:
            notes.append("Fearon's range is computed for a pie of size 1 (the set is not a pie)")
    return BargainingResult(
        scenario=scn,
        parameters=dict(values),
        notes=tuple(notes),
        parties=scn.parties,
        set=bset,
        pie=pie,
        disagreement=d,
        disagreement_source=source,
        outside=outside,
        nash=nash,
        ks=ks,
        nash_outside=nash_o,
        ks_outside=ks_o,
        best_package=best_pkg,
        rubinstein=rub,
        rubinstein_plain=rub_plain,
        fearon=fear,
        game=game,
    )


@dataclass(frozen=True, kw_only=True)
class OptionCurve:
    """Each party's share as one parameter varies: Nash with the outside options as the
    disagreement point, and Rubinstein (outside options taken only when they beat waiting)."""

    parameter: str
    values: tuple
    parties: tuple[str, ...]
    nash: tuple  # per value: tuple of payoffs (or None)
    rubinstein: tuple  # per value: tuple of shares (or None)
    pie: Any


def outside_option_curve(
    scn: BargainingScenario,
    parameter: str,
    values=None,
    overrides: Mapping | None = None,
    *,
    method: str | None = None,
) -> OptionCurve:
    """How the deal moves as ``parameter`` (typically an outside option) varies; exact values.

    ``values`` default to the parameter's declared range in 41 steps.
    """
    by_name = {p.name: p for p in scn.parameters}
    if parameter not in by_name:
        raise ScenarioError(
            f"unknown parameter '{parameter}'{did_you_mean(parameter, list(by_name))}",
            Location("--vary"),
        )
    if values is None:
        p = by_name[parameter]
        lo = Fraction(p.min) if p.min is not None else Fraction(0)
        hi = Fraction(p.max) if p.max is not None else max(2 * Fraction(p.value), lo + 1)
        values = [lo + (hi - lo) * k / 40 for k in range(41)]
    nash, rub = [], []
    pie = None
    for v in values:
        ov = dict(overrides or {})
        ov[parameter] = v
        res = analyse(scn, overrides=ov, method=method)
        pie = res.pie
        sol = res.nash_outside if res.nash_outside is not None else res.nash
        nash.append(None if sol is None or sol.point is None else tuple(sol.point))
        r = res.rubinstein
        rub.append(
            tuple(rubinstein_shares(res, r).values()) if r is not None and r.agreement else None
        )
    return OptionCurve(
        parameter=parameter,
        values=tuple(values),
        parties=scn.parties,
        nash=tuple(nash),
        rubinstein=tuple(rub),
        pie=pie,
    )


def eq_text(game: Game, eq) -> str:
    pure = eq.pure_profile()
    pays = point_text(eq.payoffs)
    if pure is not None:
        return f"({game.profile_label(pure)}) with payoffs {pays}"
    return f"a mixed equilibrium with payoffs {pays}"


def rubinstein_shares(res: BargainingResult, r: RubinsteinOutcome) -> dict[str, Any]:
    """Rubinstein's shares by party (``r.first`` is ordered proposer first)."""
    prop = res.scenario.proposer
    first = r.first
    shares = [None, None]
    shares[prop], shares[1 - prop] = first[0], first[1]
    return dict(zip(res.parties, shares))


def _whole_set(res) -> bool:
    from ..solvers import SOLVERS

    spec = SOLVERS.get(res.method)
    return res.complete and spec is not None and spec.finds in ("all", "all-extreme")


def _solve(game: Game, method: str, time_limit: float | None):
    """The game's equilibria, with a located error for a method that does not exist or fit."""
    from ..solvers import solve
    from ..solvers.registry import check_method

    check_method(method, game.n_players)
    return solve(game, method, time_limit=time_limit)
