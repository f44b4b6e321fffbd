"""The toy kind's teaching sections."""

from __future__ import annotations

from sim.explain.model import Paragraph, Section


def explain(result, **options):
    a, b = result.shares
    return (
        Section(
            "split",
            "How the pie is split",
            (Paragraph(f"A takes {a:g} and B takes {b:g} under the {result.rule} rule."),),
        ),
    )
