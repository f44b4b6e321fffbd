"""Speed ratios against peers collected while the benchmarks run (``run.py`` prints them).

A benchmark calls :func:`record` with ``peer time / negsim time`` measured in the same run on
the same games (``None`` with a note when the peer is missing); the target is a ratio of 1.0
or more, i.e. negsim at least as fast as the peer.
"""

from __future__ import annotations

RATIOS: list[tuple[str, str, float | None, str]] = []


def record(workload: str, peer: str, ratio: float | None, note: str = "") -> None:
    RATIOS.append((workload, peer, ratio, note))


def table(target: float = 1.0) -> str:
    rows = [
        f"| workload | peer | peer time / negsim time | target >= {target:g} |",
        "|---|---|---:|---|",
    ]
    for workload, peer, ratio, note in RATIOS:
        cell = "–" if ratio is None else f"{ratio:.2f}"
        met = note or ("met" if ratio is not None and ratio >= target else "not met")
        rows.append(f"| {workload} | {peer} | {cell} | {met} |")
    return "\n".join(rows)
