"""Parameter sweeps and cold-start charts.

1. A 100 x 100 sweep of ``scenarios/freeze_for_freeze.yaml`` (``drill_value`` and ``test_value``
   over their declared ranges [0, 10]), every equilibrium at every point, regions and refined
   thresholds included: ``sim.sweep.sweep`` (whole-grid payoff tensors, closed-form certified 2x2
   equilibria in one numpy pass, exact enumeration at degenerate points).  Target: < 30 s.
2. The naive way, in the same run: build the scenario's game at each point and run nashpy's
   support enumeration on it (and, for reference, negsim's own ``solve`` per point, and
   pygambit's ``enummixed_solve`` per point when pygambit is installed).  In quick mode the
   per-point peers run on a sample of points and the full-grid time is extrapolated (marked ~).
   The table also counts the points where nashpy's equilibria differ from the sweep's
   (nashpy's support enumeration assumes a non-degenerate game).
3. A 100 x 100 sweep of ``scenarios/dual_track.yaml`` (a 4x4 game; ``peace_cost`` x
   ``relief_cost``):
   batched support enumeration over the grid, against nashpy per point on a sample of 300
   points (extrapolated, marked ~).
4. A 100 x 100 sweep of ``scenarios/secondary_sanctions.yaml`` (3 players, two strategies each;
   ``leverage`` x ``face_cost``): closed form over the grid, against negsim's ``all`` and
   pygambit's ``enumpoly_solve`` per point on a sample of 300 points (extrapolated, marked ~).
5. One chart from the CLI in a fresh Python process (cold start: interpreter, imports, scenario,
   solve, draw, write): the payoff matrix, and the 2-parameter equilibrium map (a 100 x 100
   sweep).  Target: < 3 s.  Median of 3 runs.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
from _targets import record, record_limit

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "freeze_for_freeze.yaml"


def _grid(n: int):
    from sim.sweep import grid_values

    return {"drill_value": grid_values(0, 10, n), "test_value": grid_values(0, 10, n)}


def _points(vary):
    names = list(vary)
    return [
        dict(zip(names, (vary[names[0]][i], vary[names[1]][j])))
        for i in range(len(vary[names[0]]))
        for j in range(len(vary[names[1]]))
    ]


def _nashpy_per_point(scn, points):
    import nashpy

    from sim.scenario import build

    counts = []
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for p in points:
            g = build(scn, p)
            A, B = g.bimatrix()
            counts.append(len(list(nashpy.Game(A, B).support_enumeration())))
    return time.perf_counter() - t0, counts


def _negsim_per_point(scn, points):
    from sim.scenario import build
    from sim.solvers import solve

    t0 = time.perf_counter()
    for p in points:
        solve(build(scn, p), "enumerate")
    return time.perf_counter() - t0


def _gambit_per_point(scn, points):
    try:
        import pygambit as gbt
    except ImportError:
        return None
    from sim.scenario import build

    t0 = time.perf_counter()
    for p in points:
        g = build(scn, p)
        A, B = g.bimatrix(exact=True)
        game = gbt.Game.from_arrays(A, B)
        gbt.nash.enummixed_solve(game, rational=True)
    return time.perf_counter() - t0


def _per_point_3p(scn, points):
    from sim.scenario import build
    from sim.solvers import solve

    t0 = time.perf_counter()
    for p in points:
        solve(build(scn, p), "all")
    ours = time.perf_counter() - t0
    try:
        import pygambit as gbt
    except ImportError:
        return ours, None
    t0 = time.perf_counter()
    for p in points:
        g = build(scn, p)
        G = gbt.Game.from_arrays(*[np.asarray(g.payoffs[..., i]) for i in range(3)])
        gbt.nash.enumpoly_solve(G)
    return ours, time.perf_counter() - t0


def _cold_chart(args, reps=3) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of the child process."""
    import resource

    times, cpus = [], []
    with tempfile.TemporaryDirectory() as d:
        for k in range(reps):
            out = str(Path(d) / f"chart{k}.png")
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "sim", "plot", *args, "-o", out],
                check=True,
                cwd=d,
                capture_output=True,
            )
            times.append(time.perf_counter() - t0)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
            assert Path(out).stat().st_size > 0
    return statistics.median(times), statistics.median(cpus)


def main(quick: bool = False) -> str:
    from sim.scenario import load
    from sim.sweep import sweep

    n = 100
    scn = load(SCENARIO)
    vary = _grid(n)
    t0 = time.perf_counter()
    c0 = time.process_time()
    result = sweep(scn, vary)
    sweep_s = time.perf_counter() - t0
    sweep_cpu = time.process_time() - c0
    st = result.stats
    K = n * n
    points = _points(vary)
    picks = (
        list(range(K))
        if not quick
        else sorted(np.random.default_rng(0).choice(K, 500, replace=False).tolist())
    )
    sample = [points[k] for k in picks]
    scale = K / len(sample)
    mark = "~" if len(sample) < K else ""
    np_s, np_counts = _nashpy_per_point(scn, sample)
    ours_s = _negsim_per_point(scn, sample)
    gb_s = _gambit_per_point(scn, sample if len(sample) <= 2000 else sample[::5])
    gb_scale = K / (len(sample) if len(sample) <= 2000 else len(sample[::5]))
    # agreement with nashpy: equilibrium count per point
    sweep_counts = {}
    for r in result.rows:
        sweep_counts[r.point] = sweep_counts.get(r.point, 0) + 1
    idx = list(np.ndindex(n, n))
    sample_idx = [idx[k] for k in picks]
    degenerate = {r.point for r in result.rows if r.exact}  # solved exactly: payoff ties
    differ = [p for p, c in zip(sample_idx, np_counts) if sweep_counts.get(p, 0) != c]
    differ_generic = sum(1 for p in differ if p not in degenerate)

    lines = [
        f"Sweep: {n} x {n} grid of {SCENARIO.name} (drill_value, test_value in [0, 10]); "
        f"{len(result.rows)} certified equilibria, {len(result.regions)} regions, "
        f"{len(result.thresholds)} thresholds; {st['closed_form_points']} points in closed "
        f"form, {st['solved_points']} solved exactly (degenerate), "
        f"{st.get('refinement_probes', 0)} bisection probes.  Sweep CPU time "
        f"{sweep_cpu:.2f} s (wall times below include waiting for a shared machine).",
        "",
        "| task | points | negsim | peer | peer time | ratio |",
        "|---|---:|---:|---|---:|---:|",
        f"| all equilibria, 100 x 100 sweep (target < 30 s) | {K} | {sweep_s:.2f} s "
        f"| nashpy support enumeration per point | {mark}{np_s * scale:.1f} s "
        f"| {np_s * scale / sweep_s:.0f}x |",
        f"| same, negsim `solve(..., 'enumerate')` per point (no vectorisation) | {K} "
        f"| {sweep_s:.2f} s | negsim per point | {mark}{ours_s * scale:.1f} s "
        f"| {ours_s * scale / sweep_s:.0f}x |",
    ]
    if gb_s is not None:
        gm = "~" if gb_scale > 1 else ""
        lines.append(
            f"| same, pygambit enummixed per point | {K} | {sweep_s:.2f} s "
            f"| pygambit enummixed_solve (rational) | {gm}{gb_s * gb_scale:.1f} s "
            f"| {gb_s * gb_scale / sweep_s:.0f}x |"
        )
    record("sweep 100 x 100, freeze_for_freeze (2x2)", "nashpy per point", np_s * scale / sweep_s)
    record_limit("sweep 100 x 100, freeze_for_freeze, all equilibria", sweep_s, 30.0, "s")
    if gb_s is not None:
        record(
            "sweep 100 x 100, freeze_for_freeze (2x2)",
            "pygambit enummixed per point",
            gb_s * gb_scale / sweep_s,
        )
    lines.append(
        f"| points where nashpy's equilibrium count differs from the sweep's "
        f"| {len(sample)} checked | | nashpy | {len(differ)} differ "
        f"({len(differ) - differ_generic} at degenerate points) | |"
    )
    # a 4x4 game: batched support enumeration
    dual = load(ROOT / "scenarios" / "dual_track.yaml")
    from sim.sweep import grid_values

    vary4 = {"peace_cost": grid_values(0, 10, n), "relief_cost": grid_values(0, 10, n)}
    t0 = time.perf_counter()
    c0 = time.process_time()
    r4 = sweep(dual, vary4)
    s4 = time.perf_counter() - t0
    c4 = time.process_time() - c0
    pts4 = _points(vary4)
    pick4 = sorted(np.random.default_rng(1).choice(K, 300, replace=False).tolist())
    np4_s, _ = _nashpy_per_point(dual, [pts4[k] for k in pick4])
    ours4 = _negsim_per_point(dual, [pts4[k] for k in pick4])
    st4 = r4.stats
    lines += [
        "",
        f"4x4 game: {n} x {n} grid of dual_track.yaml (peace_cost and relief_cost in "
        f"[0, 10]); {st4['closed_form_points']} points by batched support enumeration, "
        f"{st4['solved_points']} solved exactly; {len(r4.regions)} regions, "
        f"{len(r4.thresholds)} thresholds; CPU time {c4:.2f} s.",
        "",
        "| task | points | negsim | peer | peer time | ratio |",
        "|---|---:|---:|---|---:|---:|",
        f"| all equilibria, 100 x 100 sweep of a 4x4 game | {K} | {s4:.2f} s "
        f"| nashpy support enumeration per point | ~{np4_s * K / 300:.1f} s "
        f"| {np4_s * K / 300 / s4:.0f}x |",
        f"| same, negsim `solve(..., 'enumerate')` per point | {K} | {s4:.2f} s "
        f"| negsim per point | ~{ours4 * K / 300:.1f} s | {ours4 * K / 300 / s4:.0f}x |",
    ]
    record("sweep 100 x 100, dual_track (4x4)", "nashpy per point", np4_s * K / 300 / s4)
    # three players, two strategies each: closed form
    sec = load(ROOT / "scenarios" / "secondary_sanctions.yaml")
    vary3 = {"leverage": grid_values(0, 10, n), "face_cost": grid_values(0, 10, n)}
    t0 = time.perf_counter()
    c0 = time.process_time()
    r3 = sweep(sec, vary3)
    s3 = time.perf_counter() - t0
    c3 = time.process_time() - c0
    pts3 = _points(vary3)
    pick3 = [pts3[k] for k in sorted(np.random.default_rng(2).choice(K, 300, replace=False))]
    ours3, gb3 = _per_point_3p(sec, pick3)
    st3 = r3.stats
    lines += [
        "",
        f"3 players: {n} x {n} grid of secondary_sanctions.yaml (leverage, face_cost in "
        f"[0, 10]); {st3['closed_form_points']} points in closed form, {st3['solved_points']} "
        f"solved exactly; {len(r3.regions)} regions, {len(r3.thresholds)} thresholds; CPU time "
        f"{c3:.2f} s.",
        "",
        "| task | points | negsim | peer | peer time | ratio |",
        "|---|---:|---:|---|---:|---:|",
        f"| all equilibria, 100 x 100 sweep of a 2x2x2 game | {K} | {s3:.2f} s "
        f"| negsim `solve(..., 'all')` per point | ~{ours3 * K / 300:.1f} s "
        f"| {ours3 * K / 300 / s3:.0f}x |",
    ]
    if gb3 is not None:
        lines.append(
            f"| same | {K} | {s3:.2f} s | pygambit enumpoly_solve per point "
            f"| ~{gb3 * K / 300:.1f} s | {gb3 * K / 300 / s3:.0f}x |"
        )
    if gb3 is not None:
        record(
            "sweep 100 x 100, secondary_sanctions (2x2x2)",
            "pygambit enumpoly per point",
            gb3 * K / 300 / s3,
        )
    cold_matrix = _cold_chart(["freeze_for_freeze", "--chart", "matrix"], reps=3)
    cold_map = _cold_chart(
        [
            "freeze_for_freeze",
            "--chart",
            "map",
            "--vary",
            "drill_value=0:10:100",
            "--vary",
            "test_value=0:10:100",
        ],
        reps=1 if quick else 3,
    )
    lines += [
        "",
        "| cold start, fresh process (target < 3 s) | median wall time | median CPU time |",
        "|---|---:|---:|",
        f"| `negsim plot freeze_for_freeze --chart matrix -o m.png` | {cold_matrix[0]:.2f} s "
        f"| {cold_matrix[1]:.2f} s |",
        f"| `negsim plot freeze_for_freeze --chart map --vary ... (100 x 100) -o map.png` "
        f"| {cold_map[0]:.2f} s | {cold_map[1]:.2f} s |",
    ]
    record_limit("cold start: negsim plot ... --chart matrix", cold_matrix[0], 3.0, "s")
    record_limit("cold start: negsim plot ... --chart map (100 x 100)", cold_map[0], 3.0, "s")
    return "\n".join(lines)


if __name__ == "__main__":
    print(main(quick="--quick" in sys.argv))
