"""Moved to :mod:`sim.normal_form.explain_dominance`;
a re-export kept while other modules switch their imports."""

from sim.normal_form.explain_dominance import (  # noqa: F401
    Case,
    Step,
    StepProof,
    _pure_strict_elimination,
    dominance_steps,
    prove_steps,
)
