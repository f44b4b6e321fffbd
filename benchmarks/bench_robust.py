"""Robustness (`negsim robust`): draws per second, against the plain per-draw loop.

1. 1,000,000 draws of ``scenarios/freeze_for_freeze.yaml`` under its uncertainty block (four
   uncertain parameters): the whole command in a fresh process (``python -m sim robust ...
   --draws 1000000 --no-sensitivity --json``).  Target: < 2 s.
2. The plain per-draw loop in the same run: ``contract.analyse`` (build the game, solve,
   certify) then ``contract.outcomes`` at each draw, on a sample of draws, extrapolated to
   1,000,000.  Target: the command at least 200x faster.
3. Sobol indices of freeze_for_freeze's seven parameters (``--spread 25%``, SALib's Saltelli
   design, about 8,000 evaluations): the whole command.  Target: < 10 s.
4. 100,000 draws of ``freeze_for_freeze_enforcer`` (3 players, vectorised) and 20,000 of the
   sequential ``security_guarantee`` (one analysis per draw), each in this process and on a
   running 2-worker Dask LocalCluster, in-process, the same numbers checked; the cluster's start
   (which ``--workers 2`` pays once per command) is timed on its own.

``python benchmarks/bench_robust.py`` (``--quick``: 2,000 sequential draws instead of 20,000).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def command(*argv: str) -> tuple[float, dict]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "sim", "robust", *argv, "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return time.perf_counter() - t0, json.loads(out.stdout)


def per_draw_loop(name: str, sample: int) -> float:
    """Seconds per draw of the plain loop: analyse + outcomes at each drawn point."""
    sys.path.insert(0, str(ROOT))
    from sim import contract
    from sim.cli.common import load_scenario
    from sim.robust.draws import Design, block_draws

    scn = load_scenario(name)
    dists = scn.meta.uncertainty.distributions
    design = Design(
        names=tuple(d.parameter for d in dists), distributions=dists, draws=sample, seed=7
    )
    X = block_draws(design, 0)[:sample]
    contract.outcomes(contract.analyse(scn))  # warm-up
    t0 = time.perf_counter()
    for row in X:
        point = dict(zip(design.names, map(float, row), strict=True))
        contract.outcomes(contract.analyse(scn, point))
    return (time.perf_counter() - t0) / len(X)


def _warm() -> None:
    """Import what a robustness task needs, once per worker process (not timed)."""
    import sim.normal_form.batch  # noqa: F401
    import sim.robust  # noqa: F401
    import sim.sequential.batch  # noqa: F401


def start_cluster(n: int) -> tuple[object, object, float]:
    """A LocalCluster of ``n`` one-thread processes with a client, warmed; its start time."""
    from distributed import Client, LocalCluster

    t0 = time.perf_counter()
    cluster = LocalCluster(
        n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    client = Client(cluster)
    client.run(_warm)
    return cluster, client, time.perf_counter() - t0


def workers(
    name: str, draws: int, client: object = None, pairs: int = 4
) -> tuple[float, float, float, bool]:
    """Seconds for ``draws`` draws in this process and on 2 workers (on ``client``'s running
    cluster when given, else a new LocalCluster started inside the timing), as the medians of
    ``pairs`` alternating runs, the median of the pairs' speed-ups, and whether the numbers
    agree.  Alternating pairs, because one run's time on a shared 2-core machine varies by
    about 20%."""
    import statistics

    sys.path.insert(0, str(ROOT))
    from sim.cli.common import load_scenario
    from sim.robust import robust

    scn = load_scenario(name)
    robust(scn, draws=50, sensitivity=False, keep_samples=False)  # warm this process too
    spread: dict = {"client": client} if client is not None else {"workers": 2}
    if client is not None:  # warm the workers the same way (their first analysis of the file)
        robust(scn, draws=200, sensitivity=False, keep_samples=False, **spread)
    ones, twos, same = [], [], True
    for _ in range(pairs):
        t0 = time.perf_counter()
        one = robust(scn, draws=draws, sensitivity=False, keep_samples=False)
        ones.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        two = robust(scn, draws=draws, sensitivity=False, keep_samples=False, **spread)
        twos.append(time.perf_counter() - t0)
        same = same and [(s.label, s.count) for s in one.outcomes] == [
            (s.label, s.count) for s in two.outcomes
        ]
    ratio = statistics.median(a / b for a, b in zip(ones, twos, strict=True))
    return statistics.median(ones), statistics.median(twos), ratio, same


def main(quick: bool = False) -> str:
    lines: list[str] = []
    print = lines.append  # the table is returned, as benchmarks/run.py expects
    t_cmd, d = command("freeze_for_freeze", "--draws", "1000000", "--no-sensitivity")
    freeze = next(o for o in d["outcomes"] if o["label"] == "suspend, freeze")
    per = per_draw_loop("freeze_for_freeze", 1000)
    loop = per * 1_000_000
    print("| measure | seconds | note |")
    print("|---|---|---|")
    print(
        f"| freeze_for_freeze, 1,000,000 draws, whole command | {t_cmd:.2f} | "
        f"mutual freeze holds in {100 * freeze['probability']:.2f}% "
        f"[{100 * freeze['ci'][0]:.2f}%, {100 * freeze['ci'][1]:.2f}%] |"
    )
    print(
        f"| the plain loop (analyse per draw), extrapolated | ~{loop:.0f} | "
        f"{1000 * per:.2f} ms per draw on 1,000 draws; the command is {loop / t_cmd:.0f}x faster |"
    )
    t_sob, d = command("freeze_for_freeze", "--spread", "25%", "--draws", "20000")
    top = max(d["sensitivity"], key=lambda k: d["sensitivity"][k]["total_order"] or 0)
    print(
        f"| Sobol indices, 7 parameters (±25%), whole command | {t_sob:.2f} | "
        f"{d['sobol_evaluations']:,} evaluations; most influential: {top} |"
    )
    cluster, client, t_start = start_cluster(2)
    try:
        for name, draws in (
            ("freeze_for_freeze_enforcer", 100_000),
            ("security_guarantee", 2_000 if quick else 20_000),
        ):
            t1, t2, ratio, same = workers(name, draws, client, pairs=1 if quick else 4)
            print(
                f"| {name}, {draws:,} draws: 1 process / 2 workers (running cluster; medians "
                f"of alternating runs) | {t1:.2f} / {t2:.2f} | speed-up {ratio:.2f}x (median "
                f"of the pairs' ratios); same numbers: {'yes' if same else 'NO'} |"
            )
    finally:
        client.close()  # type: ignore[attr-defined]
        cluster.close()  # type: ignore[attr-defined]
    print(
        f"| starting a 2-worker LocalCluster (what --workers 2 adds once per command) | "
        f"{t_start:.2f} | processes spawned and sim imported in each |"
    )
    print(f"| load average during the run (1, 5, 15 min) | – | {os.getloadavg()} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(main(quick="--quick" in sys.argv) + "\n")
