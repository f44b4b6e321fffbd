"""Graph Model for Conflict Resolution (GMCR): the ``conflict`` scenario kind.

Decision makers hold yes/no options; a state is a feasible combination of options; each decision
maker ranks the states.  negsim computes, for every state and decision maker, Nash (R), GMR,
SMR and SEQ stability, the equilibria, paths from the status quo, coalition moves and inverse
counts.  See ``docs/conflict.md`` for the file format, the state numbering and the conventions.
"""

from __future__ import annotations

from ..contract import TIME_LIMIT, Chart, KindSpec, register_kind
from ..contract import Option as _Option
from .analysis import (
    ConflictResult,
    analyse,
    move_edges,
    parse_coalitions,
    parse_concepts,
    parse_inverse,
)
from .charts import draw_conflict, plot_conflict
from .coalition import coalition_analysis, coalition_reach
from .explain import explain
from .inverse import inverse_counts
from .limited import limited_move, parse_horizon
from .load import CONFLICT_KEYS, load_conflict
from .model import Conflict, DecisionMaker, Option, build_conflict
from .partition import parse_partition, partition_stability
from .report import outcomes, to_dict, to_text
from .schema import CONFLICT
from .stability import CONCEPTS, CONVENTIONS, SIMULTANEOUS, Stability, analyse_stability
from .status_quo import status_quo_paths

__all__ = [
    "CONCEPTS",
    "CONVENTIONS",
    "Conflict",
    "ConflictResult",
    "DecisionMaker",
    "Option",
    "SPEC",
    "Stability",
    "analyse",
    "analyse_stability",
    "build_conflict",
    "coalition_analysis",
    "coalition_reach",
    "draw_conflict",
    "inverse_counts",
    "limited_move",
    "load_conflict",
    "move_edges",
    "outcomes",
    "partition_stability",
    "plot_conflict",
    "status_quo_paths",
    "to_dict",
    "to_text",
]

OPTIONS = (
    _Option(
        name="convention",
        choices=tuple(CONVENTIONS),
        help="how opponents' sanctioning moves are counted (default: the file's setting, "
        "else 'sequence', the textbook one)",
    ),
    _Option(
        name="simultaneous",
        choices=tuple(SIMULTANEOUS),
        help="who may move with the focal decision maker under SIM (default: the file's "
        "setting, else 'one')",
    ),
    _Option(
        name="concepts",
        metavar="LIST",
        parse=parse_concepts,
        help=f"stability concepts to compute, comma-separated (default: the file's "
        f"setting, else all: {','.join(CONCEPTS)})",
    ),
    _Option(
        name="coalitions",
        metavar="yes|no",
        parse=parse_coalitions,
        help="analyse coalition moves (default: yes when the model is small enough)",
    ),
    _Option(
        name="inverse",
        metavar="DM=STATE",
        parse=parse_inverse,
        help="count how many rankings of decision maker DM make state number STATE an "
        "equilibrium under each concept (e.g. UR=8)",
    ),
    _Option(
        name="limited_move",
        metavar="H|nm",
        parse=parse_horizon,
        help="limited-move stability looking H moves ahead, or 'nm' for non-myopic stability "
        "(two decision makers)",
    ),
    _Option(
        name="partition",
        metavar="DM+DM[,DM+DM]",
        parse=parse_partition,
        help="coalitions that act as one (e.g. MoE+UR; the others act alone): Nash, GMR, SMR "
        "and SEQ for each coalition, a joint move improving only when every member gains",
    ),
    TIME_LIMIT,
)

SPEC = register_kind(
    KindSpec(
        name="conflict",
        summary="graph model (GMCR): yes/no options, feasible states, ranked preferences; "
        "Nash/GMR/SMR/SEQ stability",
        keys=CONFLICT_KEYS,
        load=load_conflict,
        analyse=analyse,
        to_text=to_text,
        to_dict=to_dict,
        outcomes=outcomes,
        charts={
            "conflict": Chart(
                name="conflict",
                draw=draw_conflict,
                about="each decision maker's moves over the states, the equilibria and the "
                "paths from the status quo",
                options=(
                    _Option(
                        name="concept",
                        choices=CONCEPTS,
                        help="the stability concept whose equilibria are marked (default seq)",
                    ),
                ),
            )
        },
        default_chart="conflict",
        explain=explain,
        options=OPTIONS,
        schema=CONFLICT,
    )
)
