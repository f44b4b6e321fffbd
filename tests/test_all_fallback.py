"""`all` on a 2-player game too large for complete vertex enumeration: honest partial answer."""

import numpy as np

import sim
from sim.game import Game


def test_large_two_player_game_falls_back_and_says_so():
    rng = np.random.default_rng(1)
    game = Game.from_bimatrix(rng.integers(0, 20, (60, 5)), rng.integers(0, 20, (60, 5)))
    res = sim.solve(game, "all")
    assert res.status == "partial"
    assert "not the complete set" in res.message
    assert res.equilibria  # pure ones and Lemke-Howson's, all certified
    assert all(e.max_regret == 0 for e in res.equilibria)
