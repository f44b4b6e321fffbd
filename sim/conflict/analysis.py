"""``analyse(scenario, overrides, options)`` for ``negsim run``: stability, equilibria,
status-quo paths, coalitions and (on request) inverse analysis, in one frozen result.

Pure: no printing, no file I/O.  Options (all optional):

* ``convention``: ``sequence`` (default) | ``unrestricted`` | ``single`` (see
  :mod:`sim.conflict.stability`); overrides the scenario's ``settings``.
* ``concepts``: subset of ``nash, gmr, smr, seq, sim, seqsim``.
* ``simultaneous``: ``one`` (default) | ``group`` — who may move with the focal decision maker
  under SIM (see :mod:`sim.conflict.stability`); overrides the scenario's ``settings``.
* ``coalitions``: ``True``/``False`` (default: on when the model has at most
  ``coalition.MAX_STATES`` states).
* ``inverse``: ``(dm_id, state_number)`` — count the rankings of that decision maker that make
  the state an equilibrium.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..scenario.errors import Location, ScenarioError
from . import coalition as _coalition
from .coalition import CoalitionResult, coalition_analysis
from .inverse import InverseResult, inverse_counts
from .model import Conflict
from .stability import CONCEPTS, CONVENTIONS, SIMULTANEOUS, Stability, analyse_stability
from .status_quo import StatusQuoResult, coalition_paths, status_quo_paths

__all__ = ["ConflictResult", "analyse", "move_edges"]


@dataclass(frozen=True, eq=False)
class ConflictResult:
    conflict: Conflict
    stability: Stability
    status_quo: StatusQuoResult | None
    coalitions: CoalitionResult | None
    inverse: InverseResult | None
    notes: tuple[str, ...] = ()
    # paths from the status quo when coalitions may move too (None without coalition analysis)
    status_quo_coalitions: StatusQuoResult | None = None

    @property
    def convention(self) -> str:
        return self.stability.convention

    def equilibria(self, concept: str) -> list[int]:
        """State numbers (1-based) of the equilibria under ``concept``."""
        return [int(s) + 1 for s in self.stability.equilibria(concept)]


def move_edges(conflict: Conflict) -> dict:
    """Data for charts: per decision maker, its moves and improvements as state-number pairs."""
    out = {}
    for i, d in enumerate(conflict.dms):
        src, dst = conflict.moves[i]
        usrc, udst = conflict.improvements(i)
        out[d.id] = {
            "moves": [[int(a) + 1, int(b) + 1] for a, b in zip(src, dst)],
            "improvements": [[int(a) + 1, int(b) + 1] for a, b in zip(usrc, udst)],
        }
    return out


def analyse(scenario: Conflict, overrides: Mapping | None = None,
            options: Mapping | None = None) -> ConflictResult:
    if overrides:
        raise ScenarioError("conflict scenarios have no parameters to --set (preferences are "
                            "rankings, not numbers); edit the file instead",
                            Location("--set"))
    opts = dict(options or {})
    conv = opts.get("convention") or scenario.settings.get("convention", "sequence")
    if conv not in CONVENTIONS:
        raise ScenarioError(f"unknown convention {conv!r}; use one of {', '.join(CONVENTIONS)}",
                            Location("--convention"))
    concepts = tuple(opts.get("concepts") or scenario.settings.get("concepts", CONCEPTS))
    simul = opts.get("simultaneous") or scenario.settings.get("simultaneous", "one")
    if simul not in SIMULTANEOUS:
        raise ScenarioError(f"unknown simultaneous setting {simul!r}; use one of "
                            f"{', '.join(SIMULTANEOUS)}", Location("--simultaneous"))
    stab = analyse_stability(scenario, concepts, conv, simul)
    notes = []
    sq = status_quo_paths(scenario) if scenario.status_quo is not None else None
    coal = None
    want = opts.get("coalitions")
    if want is None:
        want = scenario.n_states <= _coalition.MAX_STATES
    if want:
        if scenario.n_states > _coalition.MAX_STATES:
            notes.append(f"coalition analysis skipped: {scenario.n_states} states is more than "
                         f"{_coalition.MAX_STATES}")
        else:
            coal = coalition_analysis(scenario, conv)
    inv = None
    if opts.get("inverse"):
        dm_id, number = opts["inverse"]
        try:
            dm = scenario.dm_index(dm_id)
        except KeyError:
            raise ScenarioError(f"inverse analysis: unknown decision maker {dm_id!r}",
                                Location("--inverse")) from None
        if not 1 <= int(number) <= scenario.n_states:
            raise ScenarioError(f"inverse analysis: no state {number}", Location("--inverse"))
        try:
            inv = inverse_counts(scenario, dm, int(number) - 1, concepts, conv, simul)
        except ValueError as exc:
            notes.append(f"inverse analysis skipped: {exc}")
    sq_coal = coalition_paths(scenario, coal) if sq is not None and coal is not None else None
    return ConflictResult(scenario, stab, sq, coal, inv, tuple(notes), sq_coal)
