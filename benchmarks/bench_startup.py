"""Cold-start time of `negsim run` on the bundled scenario, against peers doing the same job.

Each measurement is a fresh interpreter (a subprocess), median of several runs:
- negsim: `python -m sim run` (load the YAML, build, dominance, every equilibrium, print);
- nashpy: import nashpy, build the same 2x2 game, support enumeration, print;
- pygambit: import pygambit, build the same game, enummixed (rational), print.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

NASHPY = (
    "import nashpy as nash, numpy as np\n"
    "A=np.array([[7,-4],[6,-1]]);B=np.array([[6,5],[0,2]])\n"
    "print(list(nash.Game(A,B).support_enumeration()))"
)
PYGAMBIT = (
    "import pygambit as gbt, numpy as np\n"
    "g=gbt.Game.from_arrays(np.array([[7,-4],[6,-1]]),np.array([[6,5],[0,2]]))\n"
    "print(gbt.nash.enummixed_solve(g, rational=True).equilibria)"
)


def cold(argv: list[str], runs: int) -> float | None:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = subprocess.run(argv, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if r.returncode != 0:
            return None
    return statistics.median(times)


def main(quick: bool = False) -> str:
    runs = 3 if quick else 7
    rows = [("negsim run (freeze_for_freeze)", cold([sys.executable, "-m", "sim", "run"], runs))]
    rows.append(("python -c pass (interpreter only)", cold([sys.executable, "-c", "pass"], runs)))
    rows.append(
        ("nashpy: same game, support enumeration", cold([sys.executable, "-c", NASHPY], runs))
    )
    rows.append(("pygambit: same game, enummixed", cold([sys.executable, "-c", PYGAMBIT], runs)))
    base = rows[0][1]
    out = ["| cold start | median seconds | ratio to negsim |", "|---|---|---|"]
    for name, t in rows:
        if t is None:
            out.append(f"| {name} | not available | |")
        else:
            out.append(f"| {name} | {t:.3f} | {t / base:.2f}x |")
    out.append("")
    out.append(f"Target: negsim run well under 1 s from a cold start ({runs} runs each).")
    return "\n".join(out)


if __name__ == "__main__":
    print(main())
