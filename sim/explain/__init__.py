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

from .model import (
    Bullets,
    Derivation,
    Explanation,
    Paragraph,
    Preformatted,
    Section,
    Sections,
    Table,
)

__all__ = [
    "ARCHETYPES",
    "Archetype",
    "Bullets",
    "Derivation",
    "Explanation",
    "Paragraph",
    "Preformatted",
    "Section",
    "Sections",
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
        from ..normal_form import explain_archetypes

        return getattr(explain_archetypes, name)
    raise AttributeError(f"module 'sim.explain' has no attribute {name!r}")


def _clean(text: str) -> str:
    return " ".join(text.split())


def _accepts(fn: Any, name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return True
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def _said(sections: tuple[Section, ...]) -> str:
    """Everything the kind's sections say, as one string (to avoid saying it twice)."""
    parts: list[str] = []
    for sec in sections:
        for b in sec.blocks:
            if isinstance(b, Paragraph | Preformatted):
                parts.append(b.text)
            elif isinstance(b, Bullets):
                parts.extend(b.items)
            elif isinstance(b, Table):
                parts.extend(c for row in (b.header, *b.rows) for c in row)
                parts.append(b.caption)
            elif isinstance(b, Derivation):
                parts.extend(b.lines)
    return _clean("\n".join(parts))


def _words_section(result: Any, said: str) -> Section | None:
    """The scenario in words: summary, assumptions, parameters (what the kind did not say)."""
    import re

    from ..numbers import fmt

    meta = result.meta
    scenario = getattr(result, "scenario", None)
    declared = {p.name: p for p in getattr(scenario, "parameters", ())}
    blocks: list[Any] = []
    if meta.summary and _clean(meta.summary)[:60] not in said:
        blocks.append(Paragraph(_clean(meta.summary)))
    assumptions = tuple(_clean(a) for a in meta.assumptions if _clean(a)[:60] not in said)
    if assumptions:
        blocks.append(Paragraph("Assumptions:"))
        blocks.append(Bullets(assumptions))
    names = list(result.parameters)
    if names and not all(re.search(rf"\b{re.escape(n)}\b", said) for n in names):
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


def _subtitle(result: Any) -> str:
    from ..numbers import fmt
    from ..textlayout import KIND_NAMES

    meta = result.meta
    kind = KIND_NAMES.get(meta.kind, f"a '{meta.kind}' scenario")
    text = f"{kind[0].upper()}{kind[1:]}, explained step by step"
    declared = {p.name: p for p in getattr(getattr(result, "scenario", None), "parameters", ())}
    changed = [
        f"{k} = {fmt(v)}"
        for k, v in result.parameters.items()
        if k in declared and v != declared[k].value
    ]
    if changed:
        text += "; with " + ", ".join(changed)
    return text


def compose(
    result: Any, sections: Any = (), *, robustness: bool = True, glossary: bool = True
) -> Explanation:
    """The whole explanation of an analysed ``result`` around the kind's ``sections``.

    ``sections`` is what the kind's ``explain`` returned: its sections (a
    :class:`~sim.explain.model.Sections` carries the kind's ``facts`` too), or an
    :class:`Explanation` whose sections and ``facts`` are kept.  What the kind's sections do not
    already say is added around them: the scenario in words, what the result says (the
    analysis notes and the author's note), how robust the result is under the file's
    ``uncertainty:`` block (when it has one and ``robustness`` is true) and the sources.  With
    no kind sections the kind's report body stands in, as preformatted text.  ``facts`` are the
    run JSON (:func:`sim.contract.to_dict`) with the ``outcomes``, and the kind's own facts."""
    from .. import contract

    kind_facts = dict(getattr(sections, "facts", None) or {})
    if isinstance(sections, Explanation):
        sections = sections.sections
    sections = tuple(s for s in sections if s.key != "sources")
    meta = result.meta
    spec = contract.get_kind(result)
    said = _said(sections)
    out: list[Section] = []
    words = _words_section(result, said)
    if words is not None:
        out.append(words)
    if sections:
        out.extend(sections)
    else:
        body = spec.to_text(result).strip("\n")
        if body:
            out.append(Section("analysis", "Analysis, step by step", (Preformatted(body),)))
    said = _said(tuple(out))
    meaning: list[Any] = []
    notes = tuple(_clean(n) for n in result.notes if _clean(n)[:60] not in said)
    if notes:
        meaning.append(Bullets(notes))
    if meta.notes and _clean(meta.notes)[:60] not in said:
        meaning.append(
            Paragraph(
                "The scenario author's note (written for the default "
                "parameters): " + _clean(meta.notes)
            )
        )
    keys = [s.key for s in out]
    if meaning and "meaning" in keys:
        k = keys.index("meaning")
        out[k] = Section("meaning", out[k].title, out[k].blocks + tuple(meaning))
    elif meaning:
        out.append(Section("meaning", "What the result says", tuple(meaning)))
    if robustness:
        from .robustness import robustness_section

        robust_section = robustness_section(result)
        if robust_section is not None:
            out.append(robust_section)
    if meta.sources:
        out.append(
            Section("sources", "Sources", (Bullets(tuple(_clean(s) for s in meta.sources)),))
        )
    facts = dict(contract.to_dict(result))
    facts["outcomes"] = list(contract.outcomes(result))
    facts.update(kind_facts)
    expl = Explanation(meta.title, tuple(out), _subtitle(result), facts)
    if glossary:
        from .glossary import with_glossary

        expl = with_glossary(expl)
    return expl


def explain(
    scenario: Any = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    result: Any = None,
    game: Any = None,
    **options: Any,
) -> Explanation:
    """The step-by-step explanation of a scenario of any kind.

    The scenario is analysed with ``overrides`` (``--set``) and the options its kind takes
    (``method=``, ``time_limit=``, ``convention=``, ...) unless an analysed ``result`` is given;
    the remaining options go to the kind's teaching sections (``thresholds=False`` skips a
    parameter scan).  ``game=`` explains a bare :class:`~sim.game.Game` (the normal-form kind's
    teaching of a game without a scenario).  ``robustness=False`` leaves out how robust the
    result is under the file's uncertainty (a few thousand quick draws).
    """
    from .. import contract

    robustness = bool(options.pop("robustness", True))

    if game is not None:
        import importlib

        from ..solvers import solve

        if result is None:
            result = solve(
                game, options.pop("method", "auto"), time_limit=options.pop("time_limit", 60.0)
            )
        for key in OPTIONAL:
            options.pop(key, None)  # a bare game has no parameters to scan
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
    options = {k: v for k, v in options.items() if k not in OPTIONAL or _accepts(spec.explain, k)}
    return compose(result, spec.explain(result, **options), robustness=robustness)
