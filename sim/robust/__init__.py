"""Robustness: how likely each outcome is when the numbers are only roughly known.

:func:`robust` draws the uncertain parameters of a scenario of any kind (its ``uncertainty:``
block, or a ``spread`` around every value), counts the outcomes the kind reports at each draw, and
ranks the parameters by influence.  See :mod:`.analysis`; reports in :mod:`.report`, charts in
:mod:`.charts`.
"""

from __future__ import annotations

from .analysis import OutcomeStat, RobustResult, quick_draws, robust
from .draws import BLOCK, Design, block_draws
from .sensitivity import wilson

__all__ = [
    "BLOCK",
    "Design",
    "OutcomeStat",
    "RobustResult",
    "block_draws",
    "quick_draws",
    "robust",
    "wilson",
]
