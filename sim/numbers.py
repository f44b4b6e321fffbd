"""Numbers, once: exact where the arithmetic is exact, and one way to show them.

negsim computes in :class:`~fractions.Fraction` where it can and in floats where it must.  Every
kind, report and chart turns those values into text or JSON through the functions here, so a
``2/3`` reads the same in ``run``, ``explain``, ``--json``, handouts and sweeps.

- :func:`to_number` — a Fraction for ints and Fractions (numpy scalars included), else a float;
- :func:`exact_str` — ``"2/3"``, ``"-3"`` (for ``*_exact`` JSON keys and exact text);
- :func:`json_number` — a JSON number (``int`` when integral, else ``float``);
- :func:`fmt` — for people: ``3``, ``-1/2``, ``2.5`` when a short decimal is exact, else ``p/q``;
  floats with ``digits`` significant digits;
- :func:`fmt_exact` — for derivations: ``4/5`` (always ``p/q`` when exact), floats as :func:`fmt`;
- :func:`fmt_point` — a payoff point ``(13/3, 1)``, coordinates as :func:`fmt_exact`;
- :func:`fmt_prob` — a probability: ``2/3`` when exact, else four decimals (``0.6667``);
- :func:`jsonable` — any nested result value as plain JSON types (never ``default=str``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

__all__ = [
    "exact_str",
    "fmt",
    "fmt_decimal",
    "fmt_exact",
    "fmt_point",
    "fmt_prob",
    "is_exact",
    "json_number",
    "jsonable",
    "to_number",
]

Number = Fraction | float | int


def to_number(x: Any) -> Fraction | float:
    """A Fraction for ints/Fractions (numpy integer scalars too), a float otherwise."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, bool):
        return Fraction(int(x))
    if isinstance(x, int):
        return Fraction(x)
    if hasattr(x, "item"):
        x = x.item()
        if isinstance(x, int):
            return Fraction(x)
    return float(x)


def is_exact(x: Any) -> bool:
    """True when ``x`` is an exact number (an int or a Fraction, numpy integers included)."""
    return isinstance(to_number(x), Fraction)


def exact_str(x: Any) -> str:
    """``"2/3"``, ``"-3"``: the exact value as text (floats are converted exactly)."""
    q = Fraction(x)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def json_number(x: Any) -> int | float | None:
    """A plain JSON number: ``int`` when integral and exact, ``float`` otherwise.

    Non-finite floats (which strict JSON cannot carry) become ``None``.
    """
    if x is None:
        return None
    x = to_number(x)
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return int(x)
        return float(x)
    return x if math.isfinite(x) else None


def fmt(x: Any, digits: int = 4) -> str:
    """A number for people: ``3``, ``-1/2``, ``2.5`` (a Fraction equal to a short decimal),
    ``p/q`` otherwise; floats with ``digits`` significant digits (``0`` and integers plain)."""
    x = to_number(x)
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return str(x.numerator)
        try:
            short = f"{float(x):.{digits}g}"
            if "e" not in short and Fraction(short) == x:
                return short
        except OverflowError:
            pass
        return f"{x.numerator}/{x.denominator}"
    if not math.isfinite(x):
        return str(x)
    if x == 0:
        return "0"
    if abs(x) < 1e15 and abs(x - round(x)) < 1e-12:
        return str(int(round(x)))
    return f"{x:.{digits}g}"


def fmt_exact(x: Any, digits: int = 6) -> str:
    """A number inside a derivation: ``p/q`` whenever exact (``4/5``, never ``0.8``, so the
    algebra reads in fractions), floats as :func:`fmt` with ``digits`` significant digits."""
    x = to_number(x)
    if isinstance(x, Fraction):
        return exact_str(x)
    return fmt(x, digits)


def fmt_decimal(x: Any, digits: int = 3) -> str:
    """A number with its decimal beside a fraction: ``2/3 ≈ 0.667``; ``2.5``, ``3`` and floats
    as :func:`fmt` (nothing to add)."""
    shown = fmt(x)
    if "/" not in shown:
        return shown
    return f"{shown} ≈ {float(Fraction(shown)):.{digits}g}"


def fmt_point(p: Any) -> str:
    """A payoff point or vector: ``(13/3, 1)`` (coordinates as :func:`fmt_exact`)."""
    return "(" + ", ".join(fmt_exact(x) for x in p) + ")"


def fmt_prob(x: Any) -> str:
    """A probability: an exact fraction when exact (``2/3``), else four decimals (``0.6667``)."""
    x = to_number(x)
    if isinstance(x, Fraction):
        return exact_str(x)
    if abs(x) < 5e-13:
        return "0"
    if abs(x - 1) < 5e-13:
        return "1"
    return f"{x:.4f}"


def jsonable(x: Any) -> Any:
    """A nested value as plain JSON types: Fractions as exact strings, numpy arrays as lists,
    tuples as lists, mapping keys as strings.  Anything else is a bug in the caller
    (``TypeError``), never silently ``str()``-ed."""
    t = type(x)
    # the common exact types first: a conflict's report holds millions of small ints
    if t is int or t is str or t is bool or x is None:
        return x
    if t is list or t is tuple:
        if all(type(v) is int or type(v) is str for v in x):
            return list(x)
        return [jsonable(v) for v in x]
    if t is dict:
        return {str(k): jsonable(v) for k, v in x.items()}
    import numpy as np

    if isinstance(x, bool | str):
        return x
    if isinstance(x, int):
        return x
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, Fraction):
        return exact_str(x)
    if isinstance(x, Mapping):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [jsonable(v) for v in x]
    if isinstance(x, np.ndarray):
        return jsonable(x.tolist())
    if isinstance(x, np.generic):
        return jsonable(x.item())
    raise TypeError(f"not a JSON value: {type(x).__name__}")
