"""Moved to :mod:`sim.normal_form.explain_words`;
a re-export kept while other modules switch their imports."""

from sim.normal_form.explain_words import (  # noqa: F401
    MINUS,
    and_list,
    as_exact,
    fmt_linear,
    fmt_signed,
    num,
    others_label,
    prob,
    times,
)
