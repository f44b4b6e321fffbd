"""Teaching: step-by-step explanations of a scenario's game, as data every format renders.

``explain(scenario)`` builds and solves the scenario's game and returns a frozen
:class:`Explanation` (sections of paragraphs, tables and derivations).  Renderers:
:func:`sim.explain.text.render_text`, :mod:`sim.report.markdown`, :mod:`sim.report.latex`,
:mod:`sim.report.html`.  Nothing here prints or imports matplotlib.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..game import Game
from .archetypes import ARCHETYPES, Archetype, classify_2x2
from .model import Bullets, Derivation, Explanation, Paragraph, Preformatted, Section, Table

__all__ = [
    "ARCHETYPES",
    "Archetype",
    "Bullets",
    "Derivation",
    "Explanation",
    "Paragraph",
    "Preformatted",
    "Section",
    "Table",
    "classify_2x2",
    "explain",
]


def _explain_other_kind(scenario, overrides, options) -> Explanation:
    """Kinds other than normal-form: wrap the kind's own readable report (it narrates backward
    induction, stability, ...) with the scenario's words and sources."""
    from .. import contract
    from ..scenario import KINDS

    meta = scenario.meta
    kind_sections: tuple = ()
    if meta.kind in contract.KINDS:
        spec = contract.KINDS[meta.kind]
        given = {k: v for k, v in dict(options or {}).items() if spec.option(k) is not None}
        if given.get("method") == "auto":
            given["method"] = None
        result = contract.analyse(scenario, dict(overrides or {}), **given)
        report = spec.to_text(result).rstrip("\n")
        kind_sections = contract.explain_sections(result)
    else:
        spec = KINDS[meta.kind]
        if spec.analyse is None or spec.to_text is None:
            raise ValueError(f"`negsim explain` does not support kind '{meta.kind}' yet")
        result = spec.analyse(scenario, overrides=dict(overrides or {}),
                              options=dict(options or {}))
        report = spec.to_text(result).rstrip("\n")
    sections = []
    intro = []
    summary = " ".join(meta.summary.split())
    if summary and summary[:60] not in " ".join(report.split()):
        intro.append(Paragraph(summary))
    if meta.assumptions:
        intro.append(Paragraph("Assumptions:"))
        intro.append(Bullets(tuple(" ".join(a.split()) for a in meta.assumptions)))
    if intro:
        sections.append(Section("game", "The scenario in words", tuple(intro)))
    sections.append(Section("analysis", "Analysis, step by step",
                            (Preformatted(report),)))
    sections.extend(kind_sections)
    if meta.notes:
        sections.append(Section("meaning", "What the result says", (Paragraph(
            "The scenario author's note (written for the default parameters): "
            + " ".join(meta.notes.split())),)))
    if meta.sources:
        sections.append(Section("sources", "Sources",
                                (Bullets(tuple(" ".join(s.split()) for s in meta.sources)),)))
    return Explanation(meta.title, tuple(sections), f"A {meta.kind} scenario, explained",
                       {"kind": meta.kind})


def explain(scenario=None, game: Game | None = None, *, overrides: Mapping | None = None,
            method: str = "auto", time_limit: float | None = 60.0, thresholds: bool = True,
            threshold_time: float = 30.0, result=None, dominance=None,
            options: Mapping | None = None) -> Explanation:
    """The step-by-step explanation of a scenario (or of a bare :class:`Game`).

    For a normal-form scenario the game is built (with ``overrides``) unless ``game`` is given,
    solved with ``method`` (every equilibrium the size allows, by default) unless ``result`` is
    given, and its dominance steps recorded; ``thresholds`` adds the parameter scan (what would
    change the result).  Other kinds delegate to their own ``analyse``/``to_text``.
    """
    from ..scenario import NormalFormScenario
    from ..scenario.common import apply_overrides
    from ..solvers import solve
    from .normal_form import explain_game

    if scenario is not None and not isinstance(scenario, NormalFormScenario):
        return _explain_other_kind(scenario, overrides, options)
    parameters = None
    if scenario is not None:
        parameters = apply_overrides(scenario.parameters, overrides)
        if game is None:
            from ..scenario import build

            game = build(scenario, overrides)
    if game is None:
        raise ValueError("explain() needs a scenario or a game")
    if result is None:
        result = solve(game, method, time_limit=time_limit)
    scans = None
    if thresholds and scenario is not None and scenario.parameters:
        from .thresholds import scan_parameters

        scans = scan_parameters(scenario, overrides, time_limit=threshold_time)
    return explain_game(game, result, scenario=scenario, parameters=parameters,
                        dominance=dominance, scans=scans)
