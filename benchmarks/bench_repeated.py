"""Repeated games: minmax values and discount thresholds.

1. Minmax of a 2-player game is the value of a zero-sum game.  negsim solves it with HiGHS and
   then verifies the value exactly (fractions); nashpy (``linear_program``) and pygambit
   (``lp_solve``, exact rationals) compute the same value.  Random integer games n x n.
2. Grim-trigger thresholds: negsim gives the exact minimum δ of every pure profile in closed
   form.  QuantEcon's ``RepeatedGame.equilibrium_payoffs`` (Abreu–Sannikov) computes the whole
   subgame-perfect payoff set at one δ (a different, richer question); its time at one δ is
   shown for scale, after numba compilation.
(Tournaments, against Axelrod-Python: ``bench_tournament.py``.)
"""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np
from _targets import record

from sim.game import Game
from sim.repeated.stage import minmax
from sim.repeated.thresholds import grim_trigger_threshold


def _time(fn, repeat=3):
    best = np.inf
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def bench_minmax(quick: bool) -> list[str]:
    rows = [
        "| n x n | games | negsim (exact) | nashpy linear_program | pygambit lp_solve | "
        "values agree |",
        "|---|---|---|---|---|---|",
    ]
    try:
        import nashpy
    except ImportError:  # pragma: no cover
        nashpy = None
    try:
        import pygambit
    except ImportError:  # pragma: no cover
        pygambit = None
    rng = np.random.default_rng(0)
    minmax(Game.from_bimatrix([[1, 0], [0, 1]], [[0, 1], [1, 0]]), 0)  # import scipy first
    for n in (5, 10) if quick else (5, 10, 20, 40):
        k = 5 if quick else 20
        games = [rng.integers(-9, 10, size=(n, n)) for _ in range(k)]
        t_ours = t_np = t_gb = 0.0
        agree = True
        for A in games:
            # the game is built from the array inside the timing, as nashpy's is
            t, m = _time(lambda A=A: minmax(Game.from_bimatrix(A, -A), 0), 3)
            t_ours += t
            if nashpy is not None:
                t, (row, col) = _time(lambda A=A: nashpy.Game(A, -A).linear_program(), 3)
                t_np += t
                agree &= abs(float(min(row @ A)) - float(m.value)) < 1e-6
            if pygambit is not None:
                gg = pygambit.Game.from_arrays(A.astype(int).tolist(), (-A).astype(int).tolist())
                t, res = _time(lambda gg=gg: pygambit.nash.lp_solve(gg, rational=True), 1)
                t_gb += t
                eq = res.equilibria[0]
                agree &= Fraction(str(eq.payoff(next(iter(gg.players))))) == Fraction(m.value)
        if n == 40 and nashpy is not None:
            record(f"minmax {n}x{n} (repeated games)", "nashpy linear_program", t_np / t_ours)
        ms = lambda x, k=k: f"{1000 * x / k:.2f} ms"  # noqa: E731
        rows.append(
            f"| {n} x {n} | {k} | {ms(t_ours)} | "
            f"{ms(t_np) if nashpy else 'n/a'} | {ms(t_gb) if pygambit else 'n/a'} | "
            f"{'yes' if agree else 'NO'} |"
        )
    return rows


def bench_thresholds(quick: bool) -> list[str]:
    rows = ["| task | negsim | quantecon |", "|---|---|---|"]
    pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    t, thr = _time(lambda: grim_trigger_threshold(pd, (0, 0), [1, 1]).delta_min, 5)
    qe = "n/a"
    try:
        import quantecon.game_theory as gt

        stage = gt.NormalFormGame([[(3, 3), (0, 5)], [(5, 0), (1, 1)]])
        gt.RepeatedGame(stage, 0.6).equilibrium_payoffs()  # compile
        tq, _ = _time(lambda: gt.RepeatedGame(stage, 0.6).equilibrium_payoffs(), 3)
        qe = f"{1000 * tq:.2f} ms (SPE payoff set at δ = 0.6 only)"
    except ImportError:  # pragma: no cover
        pass
    rows.append(
        f"| PD (5,3,1,0): grim threshold of (C, C) | {1e6 * t:.0f} µs, exact {thr} | {qe} |"
    )
    rng = np.random.default_rng(1)
    n = 6 if quick else 12
    A, B = rng.integers(-5, 6, size=(n, n)), rng.integers(-5, 6, size=(n, n))
    g = Game.from_bimatrix(A, B)
    pun = [minmax(g, i).value for i in range(2)]
    t, _ = _time(
        lambda: [grim_trigger_threshold(g, (a, b), pun) for a in range(n) for b in range(n)], 1
    )
    rows.append(
        f"| random {n}x{n}: grim thresholds of all {n * n} profiles (minmax punishment) "
        f"| {1000 * t:.1f} ms | no per-profile threshold |"
    )
    return rows


def main(quick: bool = False) -> str:
    parts = [
        "### Minmax (zero-sum value), mean time per game (best of 3 calls each, building the game "
        "from the array included)",
        "",
        *bench_minmax(quick),
        "",
        "### Discount thresholds",
        "",
        *bench_thresholds(quick),
    ]
    return "\n".join(parts)


if __name__ == "__main__":
    print(main(quick=False))
