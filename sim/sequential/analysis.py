"""The default analysis of a game tree (what ``negsim run`` shows for a ``sequential`` scenario).

- perfect information: every pure subgame-perfect equilibrium by backward induction;
- otherwise: subgame-perfect equilibria by solving subgames, and the Nash equilibria of the
  reduced normal form (which ones are subgame perfect is marked);
- chance at the root: who knows the type (the Nash equilibria are then the Bayesian Nash
  equilibria);
- a signalling game: its pure perfect Bayesian equilibria, pooling or separating, with the
  belief thresholds (two types) or supporting beliefs (more types), and the mixed Nash
  equilibria that are perfect Bayesian.

Every equilibrium reported is certified as a Nash equilibrium of the reduced normal form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..results import Equilibrium
from ..scenario.common import Meta, apply_overrides
from ..scenario.errors import Location, ScenarioError
from ..solvers.registry import Deadline, SolverTimeout, check_method
from .backward import BackwardInduction, backward_induction, one_shot_deviation_gain
from .bayes import (
    SignallingGame,
    SignallingPBE,
    SignallingStopped,
    TypeStructure,
    intuitive_criterion,
    mixed_pbe_from_behaviours,
    signalling_game,
    signalling_pbe,
)
from .bayes import type_structure as find_types
from .load import SequentialScenario, build_tree, scenario_from_tree
from .reduce import (
    NashAnalysis,
    SubgamePerfectAnalysis,
    certify_behaviour,
    nash_equilibria,
    reduced_normal_form,
    subgame_perfect_equilibria,
)
from .tree import Tree

__all__ = ["DEFAULT_TIME_LIMIT", "SequentialResult", "analyse", "analyse_tree"]

#: seconds the whole analysis may take when no time limit is given
DEFAULT_TIME_LIMIT = 60.0


@dataclass(frozen=True, kw_only=True)
class SequentialResult:
    """Everything :func:`analyse` found (frozen).  Parts that do not apply are ``None``.

    ``parameters`` are the values used (after overrides); ``method`` the Nash method asked for
    (``None``: the most complete one available).
    """

    scenario: SequentialScenario
    parameters: Mapping[str, Any]
    tree: Tree
    backward: BackwardInduction | None
    backward_certified: tuple[Equilibrium, ...]
    spe: SubgamePerfectAnalysis | None
    nash: NashAnalysis | None
    nash_is_spe: tuple[bool, ...]
    types: TypeStructure | None
    signalling: SignallingGame | None
    pbe: tuple[SignallingPBE, ...]
    method: str | None = None
    notes: tuple[str, ...] = ()
    #: the parts the time limit cut short (empty: the analysis is complete)
    partial: tuple[str, ...] = ()

    @property
    def meta(self) -> Meta:
        return self.scenario.meta

    @property
    def title(self) -> str:
        return self.meta.title or self.tree.title


def _same(a: dict, b: dict) -> bool:
    for h, v in a.items():
        w = b.get(h)
        if v is None or w is None:
            continue
        if any(abs(float(x) - float(y)) > 1e-9 for x, y in zip(v, w)):
            return False
    return True


def analyse_tree(
    tree: Tree,
    *,
    method: str | None = None,
    time_limit: float | None = None,
    limit: int | None = None,
    nash_max_profiles: int | None = None,
    scenario: SequentialScenario | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> SequentialResult:
    """Run every analysis that applies to ``tree``.

    ``method``: Nash solver for the reduced normal form (default the most complete available);
    ``time_limit``: seconds for the whole analysis (default 60): a part that does not finish
    within it is left out or cut short, with a note that starts ``partial:``, and when no part
    finished the error is located at ``--time-limit``; ``limit``: most equilibria listed
    (default 200);
    ``nash_max_profiles``: largest reduced normal form whose Nash equilibria are listed for a
    perfect-information tree (default 5000).  ``scenario``: the scenario the tree was built from
    (default: one wrapping the tree, see :func:`~sim.sequential.load.scenario_from_tree`).
    """
    bad = tree.perfect_recall_violations()
    if bad:
        where = Location(scenario.meta.file if scenario is not None else "<tree>")
        raise ScenarioError(
            "this tree does not have perfect recall, so behaviour strategies and "
            "the reduced normal form do not describe it: "
            + "; ".join(sentence for _, sentence in bad),
            where,
        )
    if scenario is None:
        scenario = scenario_from_tree(tree)
    check_method(method, what="reduced normal form")
    if method in (None, "", "auto"):
        method = None
    limit = int(limit or 200)
    seconds = DEFAULT_TIME_LIMIT if time_limit is None else time_limit
    deadline = Deadline(seconds)
    notes: list[str] = []
    partial: list[str] = []

    def stopped(what: str) -> None:
        partial.append(what)
        notes.append(f"partial: {what} stopped at the time limit of {seconds:g} s")

    bi = None
    bi_cert: list[Equilibrium] = []
    rf = None
    try:
        rf = reduced_normal_form(tree, deadline)
    except ValueError as exc:
        notes.append(str(exc))
    except SolverTimeout:
        stopped("building the reduced normal form")
    if tree.is_perfect_information:
        try:
            bi = backward_induction(tree, limit=limit, deadline=None if rf is None else deadline)
        except SolverTimeout:
            stopped("backward induction")
    if bi is not None:
        if bi.truncated:
            notes.append(f"backward induction stopped after {limit} subgame-perfect equilibria")
        for eq in bi.equilibria:
            if one_shot_deviation_gain(tree, eq) != 0:  # pragma: no cover - by construction
                raise AssertionError("a backward-induction profile has a profitable deviation")
        if rf is not None:
            for eq in bi.equilibria:
                if deadline.expired():  # the one-shot deviation test above stands alone
                    bi_cert = []
                    stopped("certifying the backward-induction equilibria on the normal form")
                    break
                choices = dict(eq.choices)
                beh = {}
                for h, s in tree.infosets.items():
                    mv = choices[tree.nodes[s.members[0]].name]
                    beh[h] = tuple(1 if m == mv else 0 for m in s.moves)
                cert = certify_behaviour(tree, rf, beh)
                if cert is None:  # pragma: no cover - backward induction is an equilibrium
                    raise AssertionError("a backward-induction profile failed certification")
                bi_cert.append(cert)
    # the pure perfect Bayesian equilibria of a signalling game come before the Nash
    # equilibria of its reduced normal form: they are cheaper and they are the answer
    types = find_types(tree)
    sg, _reason = signalling_game(tree)
    pbe: tuple[SignallingPBE, ...] = ()
    if sg is not None:
        try:
            pbe = tuple(signalling_pbe(sg, deadline))
        except SignallingStopped as exc:
            pbe = tuple(exc.found)
            stopped(f"the pure perfect Bayesian equilibria ({exc})")
    spe = None
    nash = None
    flags: tuple[bool, ...] = ()
    nash_max = int(nash_max_profiles or 5000)
    if rf is not None and tree.is_perfect_information and rf.game.n_profiles > nash_max:
        notes.append(
            f"the reduced normal form has {rf.game.n_profiles} profiles; its Nash "
            "equilibria are not listed (backward induction above is the answer for a "
            "perfect-information tree; raise the option nash_max_profiles to list them)"
        )
    elif rf is not None:
        try:
            if not tree.is_perfect_information:
                spe = subgame_perfect_equilibria(tree, method, limit=limit, deadline=deadline)
            nash = nash_equilibria(tree, method, rf=rf, deadline=deadline)
        except ValueError as exc:
            if method is None or isinstance(exc, ScenarioError):
                raise
            raise ScenarioError(f"--method {method}: {exc}", Location("--method")) from None
        except SolverTimeout:
            stopped(
                "the Nash equilibria of the reduced normal form"
                if spe is not None or tree.is_perfect_information
                else "the subgame-perfect equilibria"
            )
        if nash is not None and nash.result.status != "complete" and deadline.expired():
            stopped("listing the Nash equilibria of the reduced normal form")
        if nash is not None and spe is not None:
            flags = tuple(any(_same(b, s) for s, _ in spe.equilibria) for b in nash.behaviours)
        elif nash is not None and bi is not None:
            pure = []
            for eq in bi.equilibria:
                choices = dict(eq.choices)
                pure.append(
                    {
                        h: tuple(
                            1 if m == choices[tree.nodes[s.members[0]].name] else 0 for m in s.moves
                        )
                        for h, s in tree.infosets.items()
                    }
                )
            flags = tuple(any(_same(b, s) for s in pure) for b in nash.behaviours)
    if sg is not None:
        if nash is not None:
            pbe += tuple(mixed_pbe_from_behaviours(sg, nash.behaviours))
        pbe = tuple(replace(e, intuitive=intuitive_criterion(sg, e)) for e in pbe)
        if rf is not None:
            for e in pbe:
                if certify_behaviour(tree, rf, e.behaviour(sg)) is None:  # pragma: no cover
                    raise AssertionError("a perfect Bayesian equilibrium failed certification")
    if partial and bi is None and nash is None and spe is None and not pbe:
        raise ScenarioError(
            f"nothing was solved within the time limit of {seconds:g} s: "
            + "; ".join(partial)
            + f" (the tree has {len(tree.nodes):,} nodes); give more time",
            Location("--time-limit"),
        )
    return SequentialResult(
        scenario=scenario,
        parameters=dict(parameters or {}),
        tree=tree,
        backward=bi,
        backward_certified=tuple(bi_cert),
        spe=spe,
        nash=nash,
        nash_is_spe=flags,
        types=types,
        signalling=sg,
        pbe=pbe,
        method=method,
        notes=tuple(notes),
        partial=tuple(partial),
    )


def analyse(
    scenario: SequentialScenario,
    overrides: Mapping[str, Any] | None = None,
    *,
    method: str | None = None,
    time_limit: float | None = None,
    limit: int | None = None,
    nash_max_profiles: int | None = None,
) -> SequentialResult:
    """``negsim run`` for a sequential scenario: build the tree (with ``overrides``), then
    :func:`analyse_tree`."""
    tree = build_tree(scenario, overrides)
    values = apply_overrides(scenario.parameters, overrides)
    return analyse_tree(
        tree,
        method=method,
        time_limit=time_limit,
        limit=limit,
        nash_max_profiles=nash_max_profiles,
        scenario=scenario,
        parameters=values,
    )
