"""Moved to :mod:`sim.normal_form.explain_archetypes`;
a re-export kept while other modules switch their imports."""

from sim.normal_form.explain_archetypes import (  # noqa: F401
    ARCHETYPES,
    Archetype,
    classify_2x2,
)
