"""Moved to :mod:`sim.normal_form.explain`;
a re-export kept while other modules switch their imports."""

from sim.normal_form.explain import (  # noqa: F401
    _section_payoffs,
    explain_game,
)
