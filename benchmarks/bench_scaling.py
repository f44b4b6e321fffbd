"""How each workload's time and memory grow with its size, so a user knows where one machine
ends (and where `negsim robust --workers/--scheduler`, Dask, begins).

Each point runs in a fresh Python process that times only the work (imports and set-up
excluded) and reports its peak resident memory (``ru_maxrss``, the imports included: a process
that only imports negsim's solvers peaks at about 40 MB).  A point that passes its time budget is
stopped and shown as such.

* 2-player, every equilibrium (``enumerate``, exact), random n x n games, payoffs 0..99;
* N-player pure equilibria (``pure``), 3 players, 10^3 to 10^7 profiles (built with
  ``Game.from_tensor``; scenario files stop at 10^6 payoffs);
* conflicts, every concept, 3 decision makers, 6 to 12 options (12 options, 4,096 states, is the
  documented maximum);
* sweeps of ``freeze_for_freeze`` over two parameters, 10^2 to 2.5 x 10^5 grid points (the cap);
* robustness of ``freeze_for_freeze``, 10^4 to 10^7 draws (10^7 is the one-machine cap).

``python benchmarks/run.py scaling`` (``--quick``: the smaller sizes only).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from _targets import record_limit

ROOT = Path(__file__).resolve().parent.parent
#: the targets of the rows that have one (seconds of work, imports excluded): the 12-option
#: conflict "in seconds", the 100 x 100 sweep under 30 s, a million draws under 2 s
CONFLICT_LIMIT = 10.0
SWEEP_LIMIT = 30.0
ROBUST_LIMIT = 2.0

_HARNESS = """
import json, resource, sys, time
{setup}
t0 = time.perf_counter()
{work}
dt = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": dt, "rss_mb": rss}}))
"""


def _child(setup: str, work: str, budget: float) -> dict:
    code = _HARNESS.format(setup=textwrap.dedent(setup), work=textwrap.dedent(work))
    try:
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=budget,
            cwd=ROOT,
            env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        )
    except subprocess.TimeoutExpired:
        return {"seconds": None, "rss_mb": None, "note": f"over {budget:.0f} s"}
    if out.returncode != 0:
        return {"seconds": None, "rss_mb": None, "note": out.stderr.strip().splitlines()[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def _row(label: str, size: str, r: dict, limit: float | None = None) -> str:
    """One table row; with a ``limit`` (seconds) the row says whether the time is below it,
    and the target goes into the run's targets table."""
    target = "–" if limit is None else f"< {limit:g} s: "
    if limit is not None:
        met = r.get("seconds") is not None and r["seconds"] < limit
        target += "met" if met else "not met"
        record_limit(f"scaling: {label}, {size}", r.get("seconds"), limit, "s")
    if r.get("seconds") is None:
        return f"| {label} | {size} | {r['note']} | – | {target} |"
    s = r["seconds"]
    t = f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"
    return f"| {label} | {size} | {t} | {r['rss_mb']:.0f} MB | {target} |"


def two_player(quick: bool) -> list[str]:
    rows = []
    for n in (4, 6, 8) if quick else (4, 6, 8, 10, 12, 14, 16):
        setup = f"""
            import numpy as np
            from sim.game import Game
            from sim.solvers import solve
            rng = np.random.default_rng({n})
            A, B = rng.integers(0, 100, ({n}, {n})), rng.integers(0, 100, ({n}, {n}))
            g = Game.from_bimatrix(A, B)
        """
        work = 'res = solve(g, "enumerate", time_limit=300)'
        rows.append(_row("2-player, all equilibria", f"{n} x {n}", _child(setup, work, 320)))
    return rows


def nplayer_pure(quick: bool) -> list[str]:
    rows = []
    for k in (10, 22, 47) if quick else (10, 22, 47, 100, 216):
        setup = f"""
            import numpy as np
            from sim.game import Game
            from sim.solvers import solve
            rng = np.random.default_rng(1)
            g = Game.from_tensor(rng.random(({k}, {k}, {k}, 3)))
        """
        work = 'res = solve(g, "pure")'
        rows.append(
            _row("3-player, pure equilibria", f"{k**3:,} profiles", _child(setup, work, 300))
        )
    return rows


def conflicts(quick: bool) -> list[str]:
    rows = []
    for m in (6, 8) if quick else (6, 8, 10, 12):
        setup = f"""
            import numpy as np
            from sim.conflict import analyse_stability, build_conflict
            from sim.conflict.model import DecisionMaker, Option
            from sim.conflict.stability import CONCEPTS
            m = {m}
            per = [m // 3 + (1 if d < m % 3 else 0) for d in range(3)]
            opts, dms, o = [], [], 0
            for d, size in enumerate(per):
                idx = []
                for _ in range(size):
                    opts.append(Option(f"o{{o}}", f"option {{o}}", d)); idx.append(o); o += 1
                dms.append(DecisionMaker(f"D{{d}}", f"D{{d}}", tuple(idx)))
            c = build_conflict("s", tuple(dms), tuple(opts), np.ones(1 << m, dtype=bool))
            rng = np.random.default_rng(0)
            c = c.with_preference(np.stack([rng.permutation(c.n_states) for _ in range(3)]))
        """
        work = "st = analyse_stability(c, CONCEPTS)"
        rows.append(
            _row(
                "conflict, 3 DMs, every concept",
                f"{2**m:,} states",
                _child(setup, work, 300),
                CONFLICT_LIMIT if m == 12 else None,
            )
        )
    return rows


def sweeps(quick: bool) -> list[str]:
    rows = []
    for n in (10, 32) if quick else (10, 32, 100, 316, 500):
        setup = f"""
            from fractions import Fraction
            from sim import load
            from sim.sweep import sweep
            scn = load("freeze_for_freeze")
            axes = {{}}
            wanted = [p for p in scn.parameters if p.name in ("drill_value", "test_value")]
            for p in (wanted or list(scn.parameters))[:2]:
                lo, hi = Fraction(p.min), Fraction(p.max)
                axes[p.name] = [lo + (hi - lo) * k / ({n} - 1) for k in range({n})]
        """
        work = "res = sweep(scn, axes)"
        rows.append(
            _row(
                "sweep, 2 parameters",
                f"{n * n:,} points",
                _child(setup, work, 300),
                SWEEP_LIMIT if n == 100 else None,
            )
        )
    return rows


def robustness(quick: bool) -> list[str]:
    rows = []
    for d in (10**4, 10**5) if quick else (10**4, 10**5, 10**6, 10**7):
        setup = """
            from sim import load
            from sim.robust import robust
            scn = load("freeze_for_freeze")
        """
        work = f"res = robust(scn, draws={d}, seed=7, sensitivity=False, keep_samples=False)"
        rows.append(
            _row(
                "robustness, 4 uncertain parameters",
                f"{d:,} draws",
                _child(setup, work, 300),
                ROBUST_LIMIT if d == 10**6 else None,
            )
        )
    return rows


def main(quick: bool = False) -> str:
    rows = [
        "| workload | size | time | peak memory | target |",
        "|---|---|---|---|---|",
    ]
    for part in (two_player, nplayer_pure, conflicts, sweeps, robustness):
        rows.extend(part(quick))
    return "\n".join(rows)


if __name__ == "__main__":
    print(main(quick="--quick" in sys.argv))
