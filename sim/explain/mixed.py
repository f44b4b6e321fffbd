"""Moved to :mod:`sim.normal_form.explain_mixed`;
a re-export kept while other modules switch their imports."""

from sim.normal_form.explain_mixed import (  # noqa: F401
    elimination_lines,
    indifference_blocks,
    solve_two_support,
)
