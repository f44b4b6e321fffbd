"""``analyse(scenario, overrides=None, **options)``: stability, equilibria, status-quo paths,
coalitions and (on request) inverse analysis, in one frozen result.

Pure: no printing, no file I/O.  Options (keywords, all optional; ``None`` means the scenario's
``settings``, else the default):

* ``convention``: ``sequence`` (default) | ``unrestricted`` | ``single`` (see
  :mod:`sim.conflict.stability`).
* ``concepts``: subset of ``nash, gmr, smr, seq, sim, seqsim`` (a sequence, or text such as
  ``"seq,gmr"``).
* ``simultaneous``: ``one`` (default) | ``group`` — who may move with the focal decision maker
  under SIM (see :mod:`sim.conflict.stability`).
* ``coalitions``: ``True``/``False`` (default: on when the model has at most
  ``coalition.MAX_STATES`` states).
* ``inverse``: ``(dm_id, state_number)`` or the text ``"DM=STATE"`` — count the rankings of that
  decision maker that make the state an equilibrium.
* A file with ``perceptions`` is also analysed as a first-level hypergame (each decision
  maker's perceived game, with its view of the others' preferences and without the options it
  is unaware of; see :mod:`sim.conflict.hypergame`).
* ``limited_move``: a horizon ``h`` (int) or ``"nm"`` — limited-move stability ``L_h`` or
  non-myopic stability (two decision makers; see :mod:`sim.conflict.limited`).
* ``partition``: coalitions that act as one, as text (``"MoE+UR"``, several separated by
  commas) or blocks of decision-maker ids; Nash, GMR, SMR and SEQ are then computed for each
  block, the others alone (see :mod:`sim.conflict.partition`).
* ``time_limit``: seconds for the whole command (default 60).  Stability must finish within it
  (else a located error at ``--time-limit``); the coalition analysis, the paths from the status
  quo and the inverse counts that do not are skipped with a note, and the report stops
  explaining the status quo when the limit has passed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..scenario.common import Meta
from ..scenario.errors import Location, ScenarioError, did_you_mean
from ..solvers.registry import Deadline, SolverTimeout
from . import coalition as _coalition
from .coalition import CoalitionResult, coalition_analysis
from .hypergame import Hypergame, hypergame_analysis
from .inverse import InverseResult, inverse_counts
from .limited import LimitedMove, parse_horizon
from .limited import limited_move as _limited_move
from .model import Conflict
from .partition import Partition, parse_partition, partition_blocks, partition_stability
from .stability import CONCEPTS, CONVENTIONS, SIMULTANEOUS, Stability, analyse_stability
from .status_quo import StatusQuoResult, coalition_paths, status_quo_paths

__all__ = [
    "ConflictResult",
    "analyse",
    "move_edges",
    "parse_coalitions",
    "parse_concepts",
    "parse_inverse",
]

#: seconds a conflict analysis (and its report) may take when no --time-limit is given
DEFAULT_TIME_LIMIT = 60.0


@dataclass(frozen=True, kw_only=True, eq=False)
class ConflictResult:
    """Everything :func:`analyse` found.  ``scenario`` is the :class:`Conflict` analysed."""

    scenario: Conflict
    stability: Stability
    status_quo: StatusQuoResult | None = None
    coalitions: CoalitionResult | None = None
    inverse: InverseResult | None = None
    #: paths from the status quo when coalitions may move too (None without coalition analysis)
    status_quo_coalitions: StatusQuoResult | None = None
    #: limited-move or non-myopic stability, when asked for
    limited: LimitedMove | None = None
    #: each decision maker's perceived game, when the file gives ``perceptions``
    hypergame: Hypergame | None = None
    #: stability when named coalitions act as one (``partition``), when asked for
    partition: Partition | None = None
    parameters: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    #: the command's time limit (a :class:`~sim.solvers.registry.Deadline`); the report stops
    #: its explanations once it has passed
    deadline: Deadline | None = None
    #: what the time limit cut short (empty when the analysis is complete)
    partial: tuple[str, ...] = ()

    def out_of_time(self) -> bool:
        return self.deadline is not None and self.deadline.expired()

    @property
    def conflict(self) -> Conflict:
        return self.scenario

    @property
    def meta(self) -> Meta:
        meta = self.scenario.meta
        if isinstance(meta, Meta):
            return meta
        return Meta(file="<conflict>", kind="conflict", title=self.scenario.title)

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


def parse_inverse(text: str) -> tuple[str, int]:
    """``"UR=8"`` → ``("UR", 8)`` (the command line's ``--inverse DM=STATE``)."""
    dm, sep, state = str(text).partition("=")
    if not sep or not dm.strip() or not state.strip().isdigit():
        raise ScenarioError(
            f"--inverse {text!r}: write DM=STATE, a decision maker's id and a "
            "state number, e.g. --inverse UR=8",
            Location("--inverse"),
        )
    return dm.strip(), int(state)


def parse_concepts(text: str | Sequence[str]) -> tuple[str, ...]:
    """``"seq,gmr"`` (or a sequence of names) → ``("seq", "gmr")``, each checked."""
    names = text.split(",") if isinstance(text, str) else list(text)
    out = tuple(n.strip().lower() for n in names if n.strip())
    for n in out:
        if n not in CONCEPTS:
            raise ScenarioError(
                f"unknown stability concept {n!r}{did_you_mean(n, CONCEPTS)}",
                Location("--concepts"),
            )
    if not out:
        raise ScenarioError(
            f"--concepts: name at least one of {', '.join(CONCEPTS)}", Location("--concepts")
        )
    return out


def parse_coalitions(text: str) -> bool:
    """``yes``/``no`` (also ``on``/``off``, ``true``/``false``) → a bool."""
    word = str(text).strip().lower()
    if word in ("yes", "on", "true", "1"):
        return True
    if word in ("no", "off", "false", "0"):
        return False
    raise ScenarioError(f"--coalitions {text!r}: use yes or no", Location("--coalitions"))


def analyse(
    scenario: Conflict,
    overrides: Mapping[str, Any] | None = None,
    *,
    convention: str | None = None,
    simultaneous: str | None = None,
    concepts: str | Sequence[str] | None = None,
    coalitions: bool | None = None,
    inverse: tuple[str, int] | str | None = None,
    limited_move: int | str | None = None,
    partition: str | Sequence[Sequence[str]] | None = None,
    time_limit: float | None = None,
) -> ConflictResult:
    """Stability under each concept, and what follows from it (see the module docstring)."""
    seconds = DEFAULT_TIME_LIMIT if time_limit is None else time_limit
    deadline = Deadline(seconds)
    if overrides:
        raise ScenarioError(
            "conflict scenarios have no parameters to --set (preferences are "
            "rankings, not numbers); edit the file instead",
            Location("--set"),
        )
    conv = convention or scenario.settings.get("convention", "sequence")
    if conv not in CONVENTIONS:
        raise ScenarioError(
            f"unknown convention {conv!r}; use one of {', '.join(CONVENTIONS)}",
            Location("--convention"),
        )
    concepts = parse_concepts(concepts or scenario.settings.get("concepts", CONCEPTS))
    simul = simultaneous or scenario.settings.get("simultaneous", "one")
    if simul not in SIMULTANEOUS:
        raise ScenarioError(
            f"unknown simultaneous setting {simul!r}; use one of {', '.join(SIMULTANEOUS)}",
            Location("--simultaneous"),
        )
    try:
        stab = analyse_stability(scenario, concepts, conv, simul, deadline=deadline)
    except SolverTimeout:
        raise ScenarioError(
            f"the stability analysis of {scenario.n_states:,} states and "
            f"{scenario.n_dms} decision makers did not finish within {seconds:g} s; "
            "give more time or fewer concepts (--concepts)",
            Location("--time-limit"),
        ) from None
    notes: list[str] = []
    partial: list[str] = []

    def late(what: str) -> bool:
        if deadline.expired():
            partial.append(what)
            notes.append(f"partial: {what} skipped, the time limit of {seconds:g} s ran out")
            return True
        return False

    sq = None
    if scenario.status_quo is not None and not late("paths from the status quo"):
        sq = status_quo_paths(scenario)
    coal = None
    want = coalitions
    if want is None:
        want = scenario.n_states <= _coalition.MAX_STATES
    if want:
        if scenario.n_states > _coalition.MAX_STATES:
            notes.append(
                f"coalition analysis skipped: {scenario.n_states} states is more than "
                f"{_coalition.MAX_STATES}"
            )
        elif not late("coalition analysis"):
            try:
                coal = coalition_analysis(scenario, conv, deadline=deadline)
            except SolverTimeout:
                partial.append("coalition analysis")
                notes.append(
                    f"partial: coalition analysis stopped, the time limit of {seconds:g} s ran out"
                )
    inv = None
    if inverse and not late("inverse analysis"):
        dm_id, number = parse_inverse(inverse) if isinstance(inverse, str) else inverse
        try:
            dm = scenario.dm_index(dm_id)
        except KeyError:
            ids = [d.id for d in scenario.dms]
            raise ScenarioError(
                f"inverse analysis: unknown decision maker {dm_id!r}{did_you_mean(dm_id, ids)}",
                Location("--inverse"),
            ) from None
        if not 1 <= int(number) <= scenario.n_states:
            raise ScenarioError(f"inverse analysis: no state {number}", Location("--inverse"))
        try:
            inv = inverse_counts(scenario, dm, int(number) - 1, concepts, conv, simul)
        except ValueError as exc:
            notes.append(f"inverse analysis skipped: {exc}")
    sq_coal = coalition_paths(scenario, coal) if sq is not None and coal is not None else None
    hypergame = None
    views = scenario.settings.get("perceptions") or {}
    unaware = scenario.settings.get("unaware") or {}
    if (views or unaware) and not late("hypergame analysis"):
        try:
            hypergame = hypergame_analysis(
                scenario, views, concepts, conv, simul, deadline, unaware=unaware
            )
        except SolverTimeout:
            partial.append("hypergame analysis")
            notes.append(
                f"partial: hypergame analysis stopped, the time limit of {seconds:g} s ran out"
            )
    limited = None
    if limited_move is not None:
        horizon = parse_horizon(limited_move)
        if not late("limited-move stability"):
            try:
                limited = _limited_move(scenario, horizon, deadline)
            except SolverTimeout:
                partial.append("limited-move stability")
                notes.append(
                    f"partial: limited-move stability stopped, the time limit of {seconds:g} s "
                    "ran out"
                )
    part = None
    if partition is not None:
        coalitions = parse_partition(partition) if isinstance(partition, str) else partition
        partition_blocks(scenario, coalitions)  # located errors before any time is spent
        if scenario.n_states > _coalition.MAX_STATES:
            raise ScenarioError(
                f"--partition: coalition stability works on dense k x k matrices; "
                f"{scenario.n_states} states is more than {_coalition.MAX_STATES}",
                Location("--partition"),
            )
        if not late("coalition stability (--partition)"):
            try:
                part = partition_stability(scenario, coalitions, concepts, conv, deadline)
            except SolverTimeout:
                partial.append("coalition stability (--partition)")
                notes.append(
                    f"partial: coalition stability stopped, the time limit of {seconds:g} s ran out"
                )
        if part is not None and not part.concepts:
            notes.append("coalition stability (--partition) covers Nash, GMR, SMR and SEQ only")
    return ConflictResult(
        scenario=scenario,
        stability=stab,
        status_quo=sq,
        coalitions=coal,
        inverse=inv,
        status_quo_coalitions=sq_coal,
        limited=limited,
        hypergame=hypergame,
        partition=part,
        notes=tuple(notes),
        deadline=deadline,
        partial=tuple(partial),
    )
