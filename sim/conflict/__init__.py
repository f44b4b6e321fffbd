"""Graph Model for Conflict Resolution (GMCR): the ``conflict`` scenario kind.

Decision makers hold yes/no options; a state is a feasible combination of options; each decision
maker ranks the states.  negsim computes, for every state and decision maker, Nash (R), GMR,
SMR and SEQ stability, the equilibria, paths from the status quo, coalition moves and inverse
counts.  See ``docs/conflict.md`` for the file format, the state numbering and the conventions.
"""

from __future__ import annotations

from ..scenario.common import KindSpec, register_kind
from . import schema as _schema  # noqa: F401  (adds the conflict branch to `negsim schema`)
from .analysis import ConflictResult, analyse, move_edges
from .coalition import coalition_analysis, coalition_reach
from .inverse import inverse_counts
from .load import CONFLICT_KEYS, load_conflict
from .model import Conflict, DecisionMaker, Option, build_conflict
from .report import to_json, to_text
from .stability import CONCEPTS, CONVENTIONS, Stability, analyse_stability
from .status_quo import status_quo_paths

__all__ = [
    "CONCEPTS",
    "CONVENTIONS",
    "Conflict",
    "ConflictResult",
    "DecisionMaker",
    "Option",
    "Stability",
    "analyse",
    "analyse_stability",
    "build_conflict",
    "coalition_analysis",
    "coalition_reach",
    "inverse_counts",
    "load_conflict",
    "move_edges",
    "status_quo_paths",
    "to_json",
    "to_text",
]

register_kind(KindSpec(
    name="conflict",
    keys=CONFLICT_KEYS,
    load=load_conflict,
    analyse=analyse,
    to_text=to_text,
    to_json=to_json,
    summary="graph model (GMCR): yes/no options, feasible states, ranked preferences; "
            "Nash/GMR/SMR/SEQ stability",
))
