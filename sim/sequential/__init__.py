"""The ``sequential`` scenario kind: game trees with chance, information sets and types.

- :mod:`.tree` — the frozen tree model (:class:`Tree`);
- :mod:`.load` — YAML → :class:`SequentialScenario` with located validation; :func:`build_tree`;
- :mod:`.backward` — subgame-perfect equilibria by backward induction (perfect information);
- :mod:`.reduce` — reduced normal form, behaviour strategies, Nash and subgame-perfect equilibria;
- :mod:`.bayes` — types, Bayesian Nash equilibria, perfect Bayesian equilibria of signalling games;
- :mod:`.analysis` / :mod:`.report` — what ``negsim run`` computes and prints.

Gambit ``.efg`` files are read and written by :mod:`sim.formats.efg`.
"""

from __future__ import annotations

from ..scenario.common import KindSpec, register_kind
from . import schema as _schema  # noqa: F401  (adds the sequential branch to `negsim schema`)
from .analysis import SequentialResult, analyse, analyse_tree
from .backward import BackwardInduction, SubgamePerfect, backward_induction
from .bayes import intuitive_criterion, signalling_game, signalling_pbe, type_structure
from .load import SequentialScenario, build_tree, load_sequential
from .reduce import nash_equilibria, reduced_normal_form, subgame_perfect_equilibria
from .report import to_json, to_text
from .tree import Tree, TreeNode, tree_from_nested

__all__ = [
    "BackwardInduction",
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
    "reduced_normal_form",
    "signalling_game",
    "signalling_pbe",
    "subgame_perfect_equilibria",
    "to_json",
    "to_text",
    "tree_from_nested",
    "type_structure",
]

register_kind(KindSpec(
    name="sequential",
    keys=("parameters", "players", "tree"),
    load=load_sequential,
    analyse=analyse,
    to_text=to_text,
    to_json=to_json,
    summary="a game tree: moves in turn, chance, information sets, types",
))
