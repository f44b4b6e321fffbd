"""Targets collected while the benchmarks run (``run.py`` prints them at the end).

Two kinds:

* speed ratios against peers: a benchmark calls :func:`record` with ``peer time / negsim time``
  measured in the same run on the same games (``None`` with a note when the peer is missing);
  the target is a ratio of 1.0 or more, i.e. negsim at least as fast as the peer;
* absolute targets (cold start under 1 s, ...): :func:`record_limit` with the measured value,
  the limit and the unit.
"""

from __future__ import annotations

RATIOS: list[tuple[str, str, float | None, str]] = []
LIMITS: list[tuple[str, float | None, float, str, str]] = []


def record(workload: str, peer: str, ratio: float | None, note: str = "") -> None:
    RATIOS.append((workload, peer, ratio, note))


def record_limit(what: str, value: float | None, limit: float, unit: str, note: str = "") -> None:
    """``value`` measured in this run must stay below ``limit`` (``None``: not measured)."""
    LIMITS.append((what, value, limit, unit, note))


def table(target: float = 1.0) -> str:
    rows = [
        f"| workload | peer | peer time / negsim time | target >= {target:g} |",
        "|---|---|---:|---|",
    ]
    for workload, peer, ratio, note in RATIOS:
        cell = "–" if ratio is None else f"{ratio:.2f}"
        met = note or ("met" if ratio is not None and ratio >= target else "not met")
        rows.append(f"| {workload} | {peer} | {cell} | {met} |")
    if LIMITS:
        rows += ["", "| measure | this run | target | met? |", "|---|---:|---|---|"]
        for what, value, limit, unit, note in LIMITS:
            cell = "–" if value is None else f"{value:.3g} {unit}"
            met = note or ("met" if value is not None and value < limit else "not met")
            rows.append(f"| {what} | {cell} | < {limit:g} {unit} | {met} |")
    return "\n".join(rows)
