"""Correlated equilibrium: negsim's LP with its exact re-solve against the same LP built with
scipy directly (the definition written out, HiGHS, floats only).

Random integer games (payoffs in -9..9): 10x10 and 3x4x5.  Time per game (the best of three) and
whether the optimal welfare agrees to 1e-7.  negsim's time includes the exact re-solve, the exact
check of every incentive constraint and, for welfare, the exact dual certificate.
"""

from __future__ import annotations

import time

import numpy as np
from _targets import record
from scipy.optimize import linprog

from sim.game import Game
from sim.solvers.correlated import solve_correlated


def _time(fn, repeat=3):
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def scipy_direct(pay: np.ndarray) -> float:
    shape = pay.shape[:-1]
    profiles = list(np.ndindex(*shape))
    index = {p: k for k, p in enumerate(profiles)}
    rows = []
    for i in range(len(shape)):
        for a in range(shape[i]):
            for b in range(shape[i]):
                if a != b:
                    row = np.zeros(len(profiles))
                    for p in profiles:
                        if p[i] == a:
                            q = list(p)
                            q[i] = b
                            row[index[p]] = pay[(*q, i)] - pay[(*p, i)]
                    rows.append(row)
    c = -np.array([pay[p].sum() for p in profiles])
    res = linprog(
        c,
        A_ub=np.array(rows),
        b_ub=np.zeros(len(rows)),
        A_eq=np.ones((1, len(profiles))),
        b_eq=[1],
        bounds=[(0, None)] * len(profiles),
        method="highs",
    )
    return -res.fun


def main(quick: bool) -> str:
    rows = [
        "| game | games | negsim (exact, certified) | scipy LP directly (float) | values agree |",
        "|---|---|---|---|---|",
    ]
    rng = np.random.default_rng(0)
    for shape in ((10, 10), (3, 4, 5)):
        k = 3 if quick else 10
        t_ours = t_direct = 0.0
        agree = True
        for _ in range(k):
            n = len(shape)
            pay = rng.integers(-9, 10, size=(*shape, n))
            g = Game(
                tuple(f"P{i}" for i in range(n)),
                tuple(tuple(f"s{j}" for j in range(m)) for m in shape),
                pay,
            )
            t, sol = _time(lambda g=g: solve_correlated(g))
            t_ours += t
            t, v = _time(lambda pay=pay: scipy_direct(pay))
            t_direct += t
            agree &= sol.exact and abs(float(sol.value) - v) <= 1e-7 * max(1.0, abs(v))
        dims = "x".join(map(str, shape))
        record(
            f"correlated equilibrium, {dims}",
            "scipy linprog written out (float)",
            t_direct / t_ours,
        )
        rows.append(
            f"| {dims} | {k} | {1000 * t_ours / k:.2f} ms | {1000 * t_direct / k:.2f} ms | "
            f"{'yes' if agree else 'NO'} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    print(main(quick=False))
