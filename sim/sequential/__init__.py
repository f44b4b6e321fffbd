"""The ``sequential`` scenario kind: game trees with chance, information sets and types.

- :mod:`.tree` — the frozen tree model (:class:`Tree`);
- :mod:`.load` — YAML → :class:`SequentialScenario` with located validation; :func:`build_tree`;
- :mod:`.efg` — Gambit ``.efg`` files, read into a scenario and written back;
- :mod:`.backward` — subgame-perfect equilibria by backward induction (perfect information);
- :mod:`.reduce` — reduced normal form, behaviour strategies, Nash and subgame-perfect equilibria;
- :mod:`.bayes` — types, Bayesian Nash equilibria, perfect Bayesian equilibria of signalling games;
- :mod:`.analysis` — :func:`analyse` (what ``negsim run`` computes);
- :mod:`.report` — the text and JSON bodies and the outcome labels;
- :mod:`.explain` — the teaching sections; :mod:`.charts` — the tree chart.
"""

from __future__ import annotations

from ..contract import METHOD, TIME_LIMIT, Chart, KindSpec, register_kind
from .analysis import SequentialResult, analyse, analyse_tree
from .backward import BackwardInduction, SubgamePerfect, backward_induction
from .batch import sweep_batch
from .bayes import intuitive_criterion, signalling_game, signalling_pbe, type_structure
from .charts import CHART, draw_tree
from .efg import export_efg, read
from .explain import explain
from .load import SequentialScenario, build_tree, load_sequential, scenario_from_tree
from .reduce import nash_equilibria, reduced_normal_form, subgame_perfect_equilibria
from .report import outcomes, to_dict, to_text
from .schema import SEQUENTIAL
from .tree import Tree, TreeNode, tree_from_nested

__all__ = [
    "BackwardInduction",
    "SPEC",
    "SequentialResult",
    "SequentialScenario",
    "SubgamePerfect",
    "Tree",
    "TreeNode",
    "analyse",
    "analyse_tree",
    "backward_induction",
    "build_tree",
    "intuitive_criterion",
    "load_sequential",
    "nash_equilibria",
    "outcomes",
    "reduced_normal_form",
    "scenario_from_tree",
    "signalling_game",
    "signalling_pbe",
    "subgame_perfect_equilibria",
    "to_dict",
    "to_text",
    "tree_from_nested",
    "type_structure",
]


def _check(scenario: SequentialScenario) -> None:
    """What ``negsim validate`` evaluates without solving: the tree at the defaults."""
    build_tree(scenario)


SPEC = register_kind(
    KindSpec(
        name="sequential",
        summary="a game tree: moves in turn, chance, information sets, types",
        keys=("parameters", "players", "tree"),
        load=load_sequential,
        analyse=analyse,
        to_text=to_text,
        to_dict=to_dict,
        outcomes=outcomes,
        charts={
            CHART: Chart(
                name=CHART,
                draw=draw_tree,
                about="the game tree with the subgame-perfect path in bold",
            )
        },
        default_chart=CHART,
        explain=explain,
        options=(METHOD, TIME_LIMIT),
        check=_check,
        schema=SEQUENTIAL,
        readers={".efg": read},
        exports={"efg": export_efg},
        sweep_batch=sweep_batch,
    )
)
