"""Moved: payoff tables to :mod:`sim.normal_form.tables`, number formatting to :mod:`sim.numbers`.

A re-export kept while other modules switch their imports.
"""

from ..normal_form.tables import PayoffTable, payoff_tables, render_text_table
from ..numbers import fmt as fmt_number
from ..numbers import fmt_prob

__all__ = ["PayoffTable", "fmt_number", "fmt_prob", "payoff_tables", "render_text_table"]
