"""The kind's teaching sections (the generic composer adds title, notes and sources)."""

from __future__ import annotations

from typing import Any

from sim.explain.model import Paragraph, Section

from .analysis import ToyResult

__all__ = ["explain"]


def explain(result: ToyResult, **options: Any) -> tuple[Section, ...]:
    pride = result.parameters["pride"]
    return (
        Section(
            key="reasoning",
            title="Why this offer",
            blocks=(
                Paragraph(
                    f"The responder accepts any offer of at least {pride}; the proposer, who keeps "
                    "the rest, makes the smallest such offer."
                ),
            ),
        ),
    )
