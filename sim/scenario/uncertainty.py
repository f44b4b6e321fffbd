"""The ``uncertainty:`` block of a scenario: how roughly each parameter is known.

::

    uncertainty:
      draws: 20000            # default for `negsim robust`
      seed: 7
      parameters:
        drill_value: {uniform: [1, 4], source: "...", about: "..."}
        test_value:  {triangular: [1, 2, 4]}          # low, mode, high
        deal_bonus:  {normal: [3, 0.5]}               # mean, sd -- truncated to [min, max]
        relief:      {pert: [1, 3, 5]}                # low, most likely, high
        china_in:    {choice: [0, 1], p: [0.3, 0.7]}

A parameter without an entry stays at its value.  Every distribution is sampled through its
quantile function (:meth:`Distribution.ppf`), so plain Monte Carlo draws and the quasi-random
designs of a Sobol analysis use the same code.  A distribution reaching outside its parameter's
``[min, max]`` is an error (:func:`check_against`), except normals, which are truncated to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .errors import Location, Problems, ScenarioError, did_you_mean
from .yamlsrc import Map, Node, Scalar, Seq, expect

__all__ = [
    "FAMILIES",
    "MAX_DRAWS",
    "Distribution",
    "Uncertainty",
    "check_against",
    "parse_uncertainty",
    "spread_distributions",
]

#: family → (arity in words, number of values, or None for any)
FAMILIES: dict[str, tuple[str, int | None]] = {
    "uniform": ("[low, high]", 2),
    "triangular": ("[low, mode, high]", 3),
    "normal": ("[mean, sd]", 2),
    "pert": ("[low, most likely, high]", 3),
    "choice": ("[value, value, ...]", None),
}
ENTRY_KEYS = (*FAMILIES, "p", "source", "about")
BLOCK_KEYS = ("draws", "seed", "parameters")
#: the most draws one command takes (a vectorised kind holds a few numbers per draw in memory)
MAX_DRAWS = 10**8


@dataclass(frozen=True, kw_only=True)
class Distribution:
    """One parameter's distribution: ``family`` with ``args`` (and ``p`` for ``choice``)."""

    parameter: str
    family: str
    args: tuple[float, ...]
    p: tuple[float, ...] | None = None
    source: str = ""
    about: str = ""
    loc: Location = Location()
    truncate: tuple[float | None, float | None] = (None, None)

    @property
    def support(self) -> tuple[float, float]:
        """The smallest and largest value a draw can take."""
        a = self.args
        if self.family == "normal":
            lo, hi = self.truncate
            return (-np.inf if lo is None else lo, np.inf if hi is None else hi)
        if self.family == "choice":
            return (min(a), max(a))
        return (a[0], a[-1])

    def describe(self) -> str:
        a = ", ".join(f"{x:g}" for x in self.args)
        text = f"{self.family}({a})"
        if self.p is not None:
            text += " with p = (" + ", ".join(f"{x:g}" for x in self.p) + ")"
        if self.family == "normal" and self.truncate != (None, None):
            lo, hi = self.truncate
            text += (
                f" truncated to [{'-inf' if lo is None else f'{lo:g}'}, "
                f"{'inf' if hi is None else f'{hi:g}'}]"
            )
        return text

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Quantile function: values for uniform numbers ``u`` in [0, 1).

        Closed forms, and ``scipy.special`` only for the PERT and normal families (imported
        there: ``scipy.stats`` costs about a second to import, ``scipy.special`` a quarter,
        against about 1.5 s for a million-draw ``robust`` command).
        """
        u = np.asarray(u, dtype=float)
        a = self.args
        if self.family == "uniform":
            return a[0] + (a[1] - a[0]) * u
        if self.family == "triangular":
            lo, mode, hi = a
            width = hi - lo
            left = lo + np.sqrt(u * width * (mode - lo))
            right = hi - np.sqrt((1 - u) * width * (hi - mode))
            return np.where(u * width < mode - lo, left, right)
        if self.family == "pert":
            lo, mode, hi = a
            alpha = 1 + 4 * (mode - lo) / (hi - lo)
            beta = 1 + 4 * (hi - mode) / (hi - lo)
            from scipy import special

            return np.asarray(lo + (hi - lo) * special.betaincinv(alpha, beta, u))
        if self.family == "normal":
            mean, sd = a
            lo, hi = self.truncate
            za = -np.inf if lo is None else (lo - mean) / sd
            zb = np.inf if hi is None else (hi - mean) / sd
            return mean + sd * _truncated_normal_ppf(u, za, zb)
        if self.family == "choice":
            p = np.asarray(self.p if self.p is not None else [1 / len(a)] * len(a))
            edges = np.cumsum(p)
            edges[-1] = 1.0
            idx = np.searchsorted(edges, u, side="right")
            return np.asarray(a, dtype=float)[np.minimum(idx, len(a) - 1)]
        raise AssertionError(self.family)  # pragma: no cover - parse_uncertainty checks


def _truncated_normal_ppf(u: np.ndarray, za: float, zb: float) -> np.ndarray:
    """Standard normal quantiles restricted to ``[za, zb]``, computed in log space.

    The interval is mirrored to the lower tail first, so that neither end rounds to 1.
    """
    from scipy import special

    if za > -zb:
        return -_truncated_normal_ppf(1 - u, -zb, -za)
    log_a = special.log_ndtr(za)
    log_b = special.log_ndtr(zb)
    with np.errstate(divide="ignore"):
        log_p = np.logaddexp(log_a + np.log1p(-u), log_b + np.log(u))
    return np.clip(special.ndtri_exp(log_p), za, zb)


@dataclass(frozen=True, kw_only=True)
class Uncertainty:
    """The parsed block: default ``draws`` and ``seed`` and one distribution per parameter."""

    draws: int | None = None
    seed: int | None = None
    distributions: tuple[Distribution, ...] = ()
    loc: Location = Location()


def _float(node: Node, what: str) -> float:
    value = expect(node, Scalar, what).number(what)
    return float(value)


def _int(node: Node, what: str, lo: int, hi: int) -> int:
    value = expect(node, Scalar, what).number(what)
    if not isinstance(value, Fraction) or value.denominator != 1 or not lo <= value <= hi:
        raise node.fail(f"{what} must be a whole number from {lo:,} to {hi:,}")
    return int(value)


def _entry(name: str, node: Node) -> Distribution:
    spec = expect(node, Map, f"the uncertainty of '{name}'")
    spec.check_keys(ENTRY_KEYS, where=f"in the uncertainty of '{name}'")
    families = [k for k in spec.keys() if k in FAMILIES]
    if len(families) != 1:
        names = ", ".join(FAMILIES)
        msg = (
            "give one distribution"
            if not families
            else f"give one distribution, not {len(families)} ({', '.join(families)})"
        )
        raise spec.fail(f"the uncertainty of '{name}': {msg}, one of {names}")
    family = families[0]
    arity_text, arity = FAMILIES[family]
    vals_node = expect(spec.get(family), Seq, f"{family} of '{name}'")
    args = tuple(_float(v, f"{family} of '{name}'") for v in vals_node)
    where = vals_node.loc
    if arity is not None and len(args) != arity:
        raise ScenarioError(
            f"{family} takes {arity_text} ({arity} numbers), got {len(args)}", where
        )
    if family == "choice" and not args:
        raise ScenarioError("choice needs at least one value", where)
    if family in ("uniform",) and not args[0] < args[1]:
        raise ScenarioError(
            f"uniform [low, high] needs low < high, got [{args[0]:g}, {args[1]:g}]", where
        )
    if family in ("triangular", "pert") and not (
        args[0] <= args[1] <= args[2] and args[0] < args[2]
    ):
        raise ScenarioError(
            f"{family} {arity_text} needs low ≤ mode ≤ high and low < high, got "
            f"[{', '.join(f'{a:g}' for a in args)}]",
            where,
        )
    if family == "normal" and not args[1] > 0:
        raise ScenarioError(f"normal [mean, sd] needs a positive sd, got {args[1]:g}", where)
    p = None
    if "p" in spec:
        if family != "choice":
            raise spec.key_node("p").fail("p (probabilities) belongs to a choice distribution")
        p_node = expect(spec.get("p"), Seq, f"p of '{name}'")
        exact = [expect(v, Scalar, f"p of '{name}'").number(f"p of '{name}'") for v in p_node]
        if len(exact) != len(args):
            raise ScenarioError(
                f"p has {len(exact)} probabilities for {len(args)} values", p_node.loc
            )
        if any(x < 0 for x in exact):
            raise ScenarioError("probabilities cannot be negative", p_node.loc)
        total = sum(Fraction(x) for x in exact)
        if abs(total - 1) > Fraction(1, 10**9):
            raise ScenarioError(
                f"probabilities must add up to 1; these add up to {float(total):g}", p_node.loc
            )
        p = tuple(float(x) for x in exact)
    text = {}
    for key in ("source", "about"):
        if key in spec:
            text[key] = " ".join(expect(spec.get(key), Scalar, key).text(key).split())
    return Distribution(parameter=name, family=family, args=args, p=p, loc=spec.loc, **text)


def parse_uncertainty(node: Node | None, problems: Problems) -> Uncertainty | None:
    """The ``uncertainty:`` block as data (shape and arithmetic checked here; ranges against the
    scenario's parameters by :func:`check_against`).  Problems are collected, not raised."""
    if node is None or (isinstance(node, Scalar) and node.is_null):
        return None
    try:
        block = expect(node, Map, "uncertainty")
        block.check_keys(BLOCK_KEYS, where="in uncertainty")
        draws = _int(block.get("draws"), "draws", 1, MAX_DRAWS) if "draws" in block else None
        seed = _int(block.get("seed"), "seed", 0, 2**63 - 1) if "seed" in block else None
        dists = []
        if "parameters" in block:
            params = expect(block.get("parameters"), Map, "uncertainty.parameters")
            for key, value in params.items():
                try:
                    dists.append(_entry(key.value, value))
                except ScenarioError as exc:
                    problems.extend(exc)
        return Uncertainty(draws=draws, seed=seed, distributions=tuple(dists), loc=block.loc)
    except ScenarioError as exc:
        problems.extend(exc)
        return None


def check_against(uncertainty: Uncertainty, parameters: Sequence[Any]) -> Uncertainty:
    """Check each distribution against its parameter (it exists; its support lies within the
    parameter's ``[min, max]``); normals are truncated to the range.  Returns the checked block."""
    by_name = {p.name: p for p in parameters}
    problems = Problems()
    out = []
    for d in uncertainty.distributions:
        p = by_name.get(d.parameter)
        if p is None:
            known = list(by_name)
            hint = did_you_mean(d.parameter, known) if known else "; this scenario has none"
            problems.add(d.loc, f"uncertainty for unknown parameter '{d.parameter}'{hint}")
            continue
        lo = None if p.min is None else float(p.min)
        hi = None if p.max is None else float(p.max)
        if d.family == "normal":
            if (lo is not None and d.args[0] < lo) or (hi is not None and d.args[0] > hi):
                problems.add(
                    d.loc,
                    f"the mean of '{d.parameter}' ({d.args[0]:g}) lies outside "
                    f"its range [{lo}, {hi}]",
                )
                continue
            out.append(_replace(d, truncate=(lo, hi)))
            continue
        s_lo, s_hi = d.support
        if lo is not None and s_lo < lo:
            problems.add(
                d.loc,
                f"{d.describe()} reaches {s_lo:g}, below the minimum {lo:g} of "
                f"'{d.parameter}'; narrow the distribution or widen the range",
            )
            continue
        if hi is not None and s_hi > hi:
            problems.add(
                d.loc,
                f"{d.describe()} reaches {s_hi:g}, above the maximum {hi:g} of "
                f"'{d.parameter}'; narrow the distribution or widen the range",
            )
            continue
        out.append(d)
    problems.raise_if_any()
    return Uncertainty(
        draws=uncertainty.draws,
        seed=uncertainty.seed,
        distributions=tuple(out),
        loc=uncertainty.loc,
    )


def _replace(d: Distribution, **changes: Any) -> Distribution:
    from dataclasses import replace

    return replace(d, **changes)


def spread_distributions(
    parameters: Sequence[Any], fraction: float, loc: Location | None = None
) -> Uncertainty:
    """``--spread 25%``: every parameter uniform within ±``fraction`` of its value, clipped to its
    range.  Parameters whose value is 0 or whose clipped interval is a point stay fixed."""
    if not 0 < fraction <= 10:
        raise ScenarioError(
            f"--spread {fraction:.0%}: give a spread above 0% and at most 1000%",
            loc or Location("--spread"),
        )
    dists = []
    for p in parameters:
        v = float(p.value)
        lo, hi = v - abs(v) * fraction, v + abs(v) * fraction
        if p.min is not None:
            lo = max(lo, float(p.min))
        if p.max is not None:
            hi = min(hi, float(p.max))
        if hi > lo:
            dists.append(
                Distribution(
                    parameter=p.name,
                    family="uniform",
                    args=(lo, hi),
                    about=f"±{fraction:.0%} of {v:g}, clipped to its range",
                    loc=loc or Location("--spread"),
                )
            )
    return Uncertainty(distributions=tuple(dists))
