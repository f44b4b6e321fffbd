"""Reproducible draws of the uncertain parameters, in blocks.

Draw ``i`` always comes from the same random stream, whatever the number of workers or the size
of the chunks a worker takes: the draws are cut into fixed blocks of :data:`BLOCK` draws and block
``k`` has its own stream, the ``k``-th child of ``SeedSequence(seed)``.  A chunk is a range of whole
blocks, so chunking changes who computes a block, never its numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..scenario.uncertainty import Distribution

__all__ = ["BLOCK", "Design", "block_draws", "blocks"]

#: draws per random stream (fixed: changing it changes the numbers a seed gives)
BLOCK = 4096


@dataclass(frozen=True, kw_only=True)
class Design:
    """What to draw: the uncertain parameters (in order), their distributions, how many, seed."""

    names: tuple[str, ...]
    distributions: tuple[Distribution, ...]
    draws: int
    seed: int


def blocks(draws: int) -> list[tuple[int, int]]:
    """``(start, stop)`` of every block of ``draws`` draws."""
    return [(s, min(s + BLOCK, draws)) for s in range(0, draws, BLOCK)]


def block_draws(design: Design, k: int) -> np.ndarray:
    """The values of block ``k``: an array ``(n, d)`` with one column per uncertain parameter."""
    start, stop = k * BLOCK, min((k + 1) * BLOCK, design.draws)
    n = max(stop - start, 0)
    child = np.random.SeedSequence(design.seed, spawn_key=(k,))
    rng = np.random.default_rng(child)
    u = rng.random((n, len(design.names)))
    return transform(design.distributions, u)


def transform(distributions: Sequence[Distribution], u: np.ndarray) -> np.ndarray:
    """Uniform numbers ``u`` (one column per distribution) → parameter values."""
    out = np.empty_like(u, dtype=float)
    for j, d in enumerate(distributions):
        out[:, j] = d.ppf(u[:, j])
    return out
