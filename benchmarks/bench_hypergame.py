"""First-level hypergames and limited-move stability on generated conflicts.

A 3-decision-maker conflict with 10 options (1,024 states, every combination feasible), random
preferences and a misperceived view of each other decision maker for every decision maker:
the hypergame analysis runs the stability engine once per decision maker's perceived game,
under Nash, GMR, SMR and SEQ; then again with each decision maker also unaware of one option of
the next one (its perceived game drops the states that use it).  Limited-move stability: a
2-decision-maker conflict with 10 options, horizons 4 and the non-myopic limit.  No peer
computes either, so times only.
"""

from __future__ import annotations

import time

import numpy as np

from sim.conflict.hypergame import hypergame_analysis
from sim.conflict.limited import limited_move
from sim.conflict.model import DecisionMaker, Option, build_conflict


def _conflict(n_dms: int, n_options: int, seed: int):
    rng = np.random.default_rng(seed)
    per = [n_options // n_dms + (1 if d < n_options % n_dms else 0) for d in range(n_dms)]
    options, dms, o = [], [], 0
    for d, size in enumerate(per):
        idx = []
        for _ in range(size):
            options.append(Option(f"o{o}", f"option {o}", d))
            idx.append(o)
            o += 1
        dms.append(DecisionMaker(f"D{d}", f"D{d}", tuple(idx)))
    c = build_conflict("bench", tuple(dms), tuple(options), np.ones(1 << n_options, dtype=bool))
    k = c.n_states
    c = c.with_preference(np.stack([rng.permutation(k) for _ in range(n_dms)]))
    views = {(i, j): rng.permutation(k) for i in range(n_dms) for j in range(n_dms) if i != j}
    return c, views


def _best(fn, repeat=3):
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(quick: bool = False) -> str:
    options = 8 if quick else 10
    c3, views = _conflict(3, options, 1)
    t_h = _best(
        lambda: hypergame_analysis(c3, views, ("nash", "gmr", "smr", "seq"), "sequence", "one")
    )
    blind = {i: (c3.dms[(i + 1) % 3].options[0],) for i in range(3)}
    t_b = _best(
        lambda: hypergame_analysis(
            c3, views, ("nash", "gmr", "smr", "seq"), "sequence", "one", unaware=blind
        )
    )
    c2, _ = _conflict(2, options, 2)
    t_l4 = _best(lambda: limited_move(c2, 4))
    nm = limited_move(c2, "nm")
    t_nm = _best(lambda: limited_move(c2, "nm"))
    rows = [
        "| workload | states | time |",
        "|---|---|---|",
        f"| hypergame, 3 DMs, {options} options, 4 concepts, 3 perceived games | {c3.n_states:,} | "
        f"{t_h:.2f} s |",
        f"| the same, each DM unaware of one option of another | {c3.n_states:,} | {t_b:.2f} s |",
        f"| limited-move L_4, 2 DMs, {options} options | {c2.n_states:,} | {t_l4 * 1000:.1f} ms |",
        f"| non-myopic (settles at horizon {nm.horizon}) | {c2.n_states:,} | "
        f"{t_nm * 1000:.1f} ms |",
    ]
    return "\n".join(rows)


if __name__ == "__main__":
    print(main())
