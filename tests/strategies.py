"""Hypothesis strategies that build games by construction (payoff tensors, not documents)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from sim.game import Game


@st.composite
def games(draw, min_players=2, max_players=2, max_strategies=3, max_profiles=27, values=None):
    values = values if values is not None else st.integers(-5, 5)
    n = draw(st.integers(min_players, max_players))
    shape = []
    for _ in range(n):
        shape.append(draw(st.integers(1, max_strategies)))
    while int(np.prod(shape)) > max_profiles:
        shape[shape.index(max(shape))] -= 1
    size = int(np.prod(shape)) * n
    flat = draw(st.lists(values, min_size=size, max_size=size))
    T = np.array(flat, dtype=object).reshape(tuple(shape) + (n,))
    return Game.from_tensor(T)
