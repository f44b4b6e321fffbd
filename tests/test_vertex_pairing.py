"""Pairing the vertices of the two best-response polytopes: the sorted look-up for vertices with
the minimum number of labels plus the all-pairs test for degenerate vertices must give exactly
the pairs of the all-pairs test, on generic and on tied (degenerate) games."""

from __future__ import annotations

import numpy as np
import pytest

from sim.game import Game
from sim.solvers.polytope import polytope_vertices
from sim.solvers.vertex_enumeration import _complementary_pairs, _initial_tableaux, _popcount


def _all_pairs(mp, keep_p, mq, keep_q, full):
    hit = (mp[keep_p][:, None] | mq[keep_q][None, :]) == full
    return [(int(keep_p[a]), int(keep_q[b])) for a, b in zip(*np.nonzero(hit))]


@pytest.mark.parametrize("hi", [2, 3, 100])
def test_pairs_equal_the_all_pairs_test(hi):
    rng = np.random.default_rng(hi)
    degenerate_seen = 0
    for _ in range(12):
        m, n = (int(v) for v in rng.integers(2, 7, 2))
        game = Game.from_bimatrix(rng.integers(0, hi, (m, n)), rng.integers(0, hi, (m, n)))
        TP, TQ = _initial_tableaux(game, True)
        mp, _, _ = polytope_vertices(TP, list(range(m, m + n)), exact=True)
        mq, _, _ = polytope_vertices(TQ, list(range(m)), exact=True)
        one = np.int64(1)
        full = (one << (m + n)) - 1
        xmask, ymask = (one << m) - 1, full ^ ((one << m) - 1)
        keep_p = np.nonzero((mp & xmask) != xmask)[0]
        keep_q = np.nonzero((mq & ymask) != ymask)[0]
        got = _complementary_pairs(mp, keep_p, m, mq, keep_q, n, full, None)
        assert got == _all_pairs(mp, keep_p, mq, keep_q, full)
        degenerate_seen += int((_popcount(mp[keep_p]) > m).any())
    if hi == 2:  # 0/1 payoffs: degenerate vertices occur, so the all-pairs branch is exercised
        assert degenerate_seen


def test_popcount():
    masks = np.array([0, 1, 3, 2**62 + 5, (1 << 40) - 1], dtype=np.int64)
    assert _popcount(masks).tolist() == [0, 1, 2, 3, 40]
