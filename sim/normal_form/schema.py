"""JSON-schema fragment of the ``normal-form`` kind (for editors; the loader is the authority).

The players/strategies/payoffs shape is the shared payoff loader's, so the fragment lives with it
in :mod:`sim.scenario.schema` (the repeated and bargaining kinds reuse its pieces).
"""

from __future__ import annotations

from ..scenario.schema import NORMAL_FORM

__all__ = ["SCHEMA"]

SCHEMA = NORMAL_FORM
