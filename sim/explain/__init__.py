"""Teaching: step-by-step explanations of a scenario of any kind, as data every format renders.

``explain(scenario)`` analyses the scenario through the kind contract and composes a frozen
:class:`~sim.explain.model.Explanation`: the scenario in words (summary, assumptions,
parameters), the kind's own teaching sections (:func:`sim.contract.explain_sections`), what the
result says (the analysis notes and the author's note) and the sources.  It never asks which
kind it holds.  Renderers: :func:`sim.explain.text.render_text`, :mod:`sim.report.markdown`,
:mod:`sim.report.latex`, :mod:`sim.report.html` (they import :mod:`sim.explain.model`, never the
reverse).  Nothing here prints or imports matplotlib.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

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
    "compose",
    "explain",
]

#: options of the generic explanation that a kind's ``explain`` may ignore (a kind without a
#: parameter scan has nothing to skip)
OPTIONAL = ("thresholds", "threshold_time")


def __getattr__(name: str) -> Any:
    if name in ("ARCHETYPES", "Archetype", "classify_2x2"):
        from . import archetypes

        return getattr(archetypes, name)
    raise AttributeError(f"module 'sim.explain' has no attribute {name!r}")


def _clean(text: str) -> str:
    return " ".join(text.split())


def _accepts(fn: Any, name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return True
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def _words_section(result: Any) -> Section | None:
    from ..numbers import fmt

    meta = result.meta
    scenario = getattr(result, "scenario", None)
    declared = {p.name: p for p in getattr(scenario, "parameters", ())}
    blocks: list[Any] = []
    if meta.summary:
        blocks.append(Paragraph(_clean(meta.summary)))
    if meta.assumptions:
        blocks.append(Paragraph("Assumptions:"))
        blocks.append(Bullets(tuple(_clean(a) for a in meta.assumptions)))
    if result.parameters:
        items = []
        for name, value in result.parameters.items():
            p = declared.get(name)
            changed = f" (default {fmt(p.value)})" if p is not None and value != p.value else ""
            about = f" — {_clean(p.about)}" if p is not None and p.about else ""
            items.append(f"{name} = {fmt(value)}{changed}{about}")
        blocks.append(Paragraph("Parameters (modelling assumptions):"))
        blocks.append(Bullets(tuple(items)))
    if not blocks:
        return None
    return Section("scenario", "The scenario in words", tuple(blocks))


def compose(result: Any, sections: tuple[Section, ...] = (),
            facts: Mapping[str, Any] | None = None) -> Explanation:
    """The whole explanation of an analysed ``result`` around the kind's ``sections``.

    With no kind sections the kind's report body stands in, as preformatted text."""
    from .. import contract
    from ..textlayout import KIND_NAMES

    meta = result.meta
    spec = contract.get_kind(result)
    out: list[Section] = []
    words = _words_section(result)
    if words is not None:
        out.append(words)
    if sections:
        out.extend(sections)
    else:
        body = spec.to_text(result).strip("\n")
        if body:
            out.append(Section("analysis", "Analysis, step by step", (Preformatted(body),)))
    meaning: list[Any] = []
    if result.notes:
        meaning.append(Bullets(tuple(_clean(n) for n in result.notes)))
    if meta.notes:
        meaning.append(Paragraph("The scenario author's note (written for the default "
                                 "parameters): " + _clean(meta.notes)))
    if meaning and not any(s.key == "meaning" for s in out):
        out.append(Section("meaning", "What the result says", tuple(meaning)))
    elif meaning:
        k = next(i for i, s in enumerate(out) if s.key == "meaning")
        out[k] = Section("meaning", out[k].title, out[k].blocks + tuple(meaning))
    if meta.sources:
        out.append(Section("sources", "Sources", (Bullets(tuple(_clean(s) for s in meta.sources)),)))
    kind = KIND_NAMES.get(meta.kind, f"a '{meta.kind}' scenario")
    all_facts = dict(contract.to_dict(result))
    all_facts["outcomes"] = list(contract.outcomes(result))
    all_facts.update(facts or {})
    return Explanation(meta.title, tuple(out), f"{kind[0].upper()}{kind[1:]}, explained step by step",
                       all_facts)


def explain(scenario: Any = None, overrides: Mapping[str, Any] | None = None, *,
            result: Any = None, game: Any = None, **options: Any) -> Explanation:
    """The step-by-step explanation of a scenario of any kind.

    The scenario is analysed with ``overrides`` (``--set``) and the options its kind takes
    (``method=``, ``time_limit=``, ``convention=``, ...) unless an analysed ``result`` is given;
    the remaining options go to the kind's teaching sections (``thresholds=False`` skips a
    parameter scan).  ``game=`` explains a bare :class:`~sim.game.Game` (the normal-form kind's
    teaching of a game without a scenario).
    """
    from .. import contract

    if game is not None:
        import importlib

        teach = importlib.import_module(contract.KIND_MODULES["normal-form"] + ".explain")
        return teach.explain_game(game, result, **options)
    if result is None:
        if scenario is None:
            raise TypeError("explain() needs a scenario, a result or a game")
        contract.get_kind(scenario)
        declared = {o.name for k in contract.KINDS.values() for o in k.options}
        analysis = {k: v for k, v in options.items() if k in declared}
        options = {k: v for k, v in options.items() if k not in analysis}
        result = contract.analyse(scenario, overrides, **analysis)
    spec = contract.get_kind(result)
    options = {k: v for k, v in options.items()
               if k not in OPTIONAL or _accepts(spec.explain, k)}
    return compose(result, contract.explain_sections(result, **options))
