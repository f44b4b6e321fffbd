"""How each workload's time and memory grow with its size, so a user knows where one machine
ends (and where `negsim robust --workers/--scheduler`, Dask, begins).

Each point runs in a fresh Python process that times only the work (imports and set-up
excluded: wall time and the process's CPU time) and reports its peak resident memory (``VmHWM``
of ``/proc/self/status``, the imports included: a process that only imports negsim's solvers
peaks at about 40 MB; ``ru_maxrss`` would not do, as a child started by a large parent inherits
the parent's peak). A point that passes its time budget (120 s) is stopped and shown as "over N
s"; every point runs under a memory budget (8 GB of address space, ``RLIMIT_AS``) and one that
passes it is shown as such. A size that negsim refuses is shown with the message a user gets,
and a solve that gives up with its message.

* 2-player, every equilibrium (``enumerate``, exact), random n x n games, payoffs 0..99,
  n = 4, 6, ..., 16;
* N-player pure equilibria (``pure``), 3 players, 10^3 to 10^7 profiles, payoffs 0..99 (built
  with ``Game.from_tensor``; scenario files stop at 10^6 payoffs), and 10^3 to 10^5 profiles
  of float payoffs in [0, 1), which are compared exactly;
* conflicts, every stability concept: 3 decision makers with 6 to 12 options (12 options,
  4,096 states, is the most a scenario file may declare) and, built through the API as
  ``bench_conflict.py`` does, 14 and 16 options; then 6 decision makers with 2 or 3 options
  each, 16,384 to 131,072 states (building the states and moves is timed with the analysis);
* sweeps of ``freeze_for_freeze`` over two parameters, 10^2 to 2.5 x 10^5 grid points (the
  cap, ``sim.sweep.grid.MAX_GRID_POINTS``; why it stays: benchmarks/README.md) and the
  refusal of 10^6;
* robustness of ``freeze_for_freeze``, 10^4 to 10^7 draws, and the refusal of 5 x 10^7 (over
  the one-machine cap, ``sim.robust.analysis.MAX_LOCAL_DRAWS``).

Under the table, one sentence per family says how its time grows; the ``growth`` column gives
the measured factor from the row above (CPU time, which waiting for a busy core does not
inflate).

``python benchmarks/run.py scaling`` (``--quick``: the smaller sizes only).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from _targets import record_limit

ROOT = Path(__file__).resolve().parent.parent
#: the targets of the rows that have one (seconds of work, imports excluded): the 12-option
#: conflict "in seconds", the 100 x 100 sweep under 30 s, a million draws under 2 s
CONFLICT_LIMIT = 10.0
SWEEP_LIMIT = 30.0
ROBUST_LIMIT = 2.0
#: seconds one point may take (its process, imports included) before it is stopped
BUDGET = 120
#: address space of one point's process (a point that needs more is shown as over it)
MEMORY_BUDGET_GB = 8

#: the ``detail`` of a solve: how many equilibria it printed
_EQUILIBRIA = 'count(len(res.equilibria), "equilibrium", "equilibria")'

_HARNESS = """
import json, resource, sys, time
def count(k, one, many):
    return f"{{k:,}} {{one if k == 1 else many}}"
{setup}
from sim.scenario.errors import ScenarioError
refused = None
t0, c0 = time.perf_counter(), time.process_time()
try:
{work}
except ScenarioError as exc:
    refused = str(exc).splitlines()[0]
dt, cpu = time.perf_counter() - t0, time.process_time() - c0
try:
    with open("/proc/self/status") as fh:
        rss = next(int(x.split()[1]) for x in fh if x.startswith("VmHWM")) / 1024
except (OSError, StopIteration):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
detail = None if refused else ({detail})
res = globals().get("res")
gave_up = None
if not refused and getattr(res, "complete", True) is False:
    gave_up = (getattr(res, "message", "") or "not complete").split(";")[0]
out = {{"seconds": dt, "cpu": cpu, "rss_mb": rss, "refused": refused, "detail": detail,
       "gave_up": gave_up}}
print(json.dumps(out))
"""


def _limit_memory() -> None:
    cap = MEMORY_BUDGET_GB * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _child(setup: str, work: str, budget: float, detail: str = "None") -> dict:
    """Run ``work`` after ``setup`` in a fresh process; ``detail`` is an expression evaluated
    after the work (untimed) whose value the table shows beside the size."""
    code = _HARNESS.format(
        setup=textwrap.dedent(setup),
        work=textwrap.indent(textwrap.dedent(work).strip(), "    "),
        detail=detail,
    )
    try:
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=budget,
            cwd=ROOT,
            env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
            preexec_fn=_limit_memory,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": None, "note": f"over {budget:.0f} s (stopped)"}
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or [f"exit status {out.returncode}"])[-1]
        if "MemoryError" in last:
            return {"seconds": None, "note": f"over {MEMORY_BUDGET_GB} GB (stopped)"}
        if out.returncode == -9:
            return {"seconds": None, "note": "killed by the system (out of memory?)"}
        return {"seconds": None, "note": last}
    return json.loads(out.stdout.strip().splitlines()[-1])


def _duration(s: float) -> str:
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


@dataclass
class Point:
    """One measured size of a family."""

    label: str
    size: str
    amount: float  # the size as a number, for the growth column
    result: dict
    limit: float | None = None
    #: the growth column gives the size's step (n + 2) instead of its factor
    additive: bool = False
    #: shown beside the size (with the child's ``detail``)
    note: str = ""
    #: what ``amount`` counts when it is not the size itself (the growth column names it)
    unit: str = ""


def _rows(points: list[Point]) -> list[str]:
    """The table rows of one family; with a ``limit`` (seconds) the row says whether the time
    is below it, and the target goes into the run's targets table."""
    rows = []
    prev: Point | None = None
    for p in points:
        r = p.result
        extra = ", ".join(x for x in (p.note, r.get("detail")) if x)
        size = f"{p.size} ({extra})" if extra else p.size
        target = "–" if p.limit is None else f"< {p.limit:g} s: "
        if p.limit is not None:
            done = r.get("seconds") is not None and not r.get("refused") and not r.get("gave_up")
            met = done and r["seconds"] < p.limit
            target += "met" if met else "not met"
            value = r["seconds"] if done else None
            why = "" if done else "not met (" + (r.get("note") or "refused or gave up") + ")"
            record_limit(f"scaling: {p.label}, {p.size}", value, p.limit, "s", why)
        if r.get("seconds") is None:
            rows.append(f"| {p.label} | {size} | {r['note']} | – | – | – | {target} |")
            prev = None
            continue
        if r.get("refused"):
            rows.append(
                f"| {p.label} | {size} | refused in {_duration(r['seconds'])}: "
                f"“{r['refused']}” | – | {r['rss_mb']:.0f} MB | – | {target} |"
            )
            prev = None
            continue
        if r.get("gave_up"):
            rows.append(
                f"| {p.label} | {p.size} | {_duration(r['seconds'])}, not complete: "
                f"“{r['gave_up']}” | {_duration(r['cpu'])} | {r['rss_mb']:.0f} MB | – "
                f"| {target} |"
            )
            prev = None
            continue
        growth = "–"
        if prev is not None and prev.result["cpu"] > 0:
            step = (
                f"n + {p.amount - prev.amount:g}"
                if p.additive
                else f"x {p.amount / prev.amount:.3g}{' ' + p.unit if p.unit else ''}"
            )
            growth = f"x {r['cpu'] / prev.result['cpu']:.1f} for {step}"
        rows.append(
            f"| {p.label} | {size} | {_duration(r['seconds'])} | {_duration(r['cpu'])} "
            f"| {r['rss_mb']:.0f} MB | {growth} | {target} |"
        )
        prev = p
    return rows


def two_player(quick: bool) -> list[Point]:
    points = []
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
        r = _child(setup, work, BUDGET, _EQUILIBRIA)
        points.append(Point("2-player, all equilibria", f"{n} x {n}", n, r, additive=True))
    return points


def nplayer_pure(quick: bool) -> tuple[list[Point], list[Point]]:
    """Integer payoffs 0..99 (exact as floats, so compared as floats), then float payoffs, which
    negsim reads as the decimals they print as and compares exactly on a common denominator."""
    ints, floats = [], []
    for k in (10, 22, 47) if quick else (10, 22, 47, 100, 216):
        setup = f"""
            import numpy as np
            from sim.game import Game
            from sim.solvers import solve
            rng = np.random.default_rng(1)
            g = Game.from_tensor(rng.integers(0, 100, ({k}, {k}, {k}, 3)))
        """
        r = _child(setup, 'res = solve(g, "pure")', BUDGET, _EQUILIBRIA)
        ints.append(Point("3-player, pure equilibria", f"{k**3:,} profiles", k**3, r))
    for k in (10, 22) if quick else (10, 22, 47):
        setup = f"""
            import numpy as np
            from sim.game import Game
            from sim.solvers import solve
            rng = np.random.default_rng(1)
            g = Game.from_tensor(rng.random(({k}, {k}, {k}, 3)))
        """
        r = _child(setup, 'res = solve(g, "pure")', BUDGET, _EQUILIBRIA)
        label = "3-player, pure equilibria, float payoffs"
        floats.append(Point(label, f"{k**3:,} profiles", k**3, r))
    return ints, floats


_CONFLICT_SETUP = """
    import numpy as np
    from sim.conflict import analyse_stability, build_conflict
    from sim.conflict.model import DecisionMaker, Option
    from sim.conflict.stability import CONCEPTS
    m, n_dm = {m}, {dms}
    per = [m // n_dm + (1 if d < m % n_dm else 0) for d in range(n_dm)]
    opts, dms, o = [], [], 0
    for d, size in enumerate(per):
        idx = []
        for _ in range(size):
            opts.append(Option(f"o{{o}}", f"option {{o}}", d)); idx.append(o); o += 1
        dms.append(DecisionMaker(f"D{{d}}", f"D{{d}}", tuple(idx)))
    rng = np.random.default_rng(0)
"""
#: the states and the moves between them are built inside the timed work: at 10^5 states
#: building them costs as much as the analysis
_CONFLICT_WORK = """
    c = build_conflict("s", tuple(dms), tuple(opts), np.ones(1 << m, dtype=bool))
    c = c.with_preference(np.stack([rng.permutation(c.n_states) for _ in range(n_dm)]))
    st = analyse_stability(c, CONCEPTS)
"""


def _conflict(m: int, n_dm: int, limit: float | None = None) -> Point:
    """Every state of ``m`` options shared out among ``n_dm`` decision makers is feasible, so a
    decision maker with ``k`` options can move from each state to ``2^k - 1`` others."""
    per = [m // n_dm + (1 if d < m % n_dm else 0) for d in range(n_dm)]
    moves = 2**m * sum(2**k - 1 for k in per)
    r = _child(_CONFLICT_SETUP.format(m=m, dms=n_dm), _CONFLICT_WORK, BUDGET)
    label = f"conflict, {n_dm} DMs, every concept"
    return Point(label, f"{2**m:,} states", moves, r, limit, note=f"{moves:,} moves", unit="moves")


def conflicts(quick: bool) -> tuple[list[Point], list[Point]]:
    """3 decision makers up to 16 options, then 6 (2 or 3 options each) up to 17; the growth
    column compares the numbers of moves."""
    three = [
        _conflict(m, 3, CONFLICT_LIMIT if m == 12 else None)
        for m in ((6, 8) if quick else (6, 8, 10, 12, 14, 16))
    ]
    six = [_conflict(m, 6) for m in ((12,) if quick else (14, 16, 17))]
    return three, six


def sweeps(quick: bool) -> list[Point]:
    points = []
    # every n - 1 here is prime to 10, so no grid line falls exactly on one of the scenario's
    # thresholds (whole numbers): there the game has ties and each point takes the exact path,
    # about 100 times the cost of a point of the 2 x 2 formulas (316 put a line on 4)
    for n in (10, 32, 1000) if quick else (10, 32, 100, 318, 500, 1000):
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
        r = _child(setup, work, BUDGET)
        limit = SWEEP_LIMIT if n == 100 else None
        points.append(Point("sweep, 2 parameters", f"{n * n:,} points", n * n, r, limit))
    return points


def robustness(quick: bool) -> list[Point]:
    points = []
    for d in (10**4, 10**5, 5 * 10**7) if quick else (10**4, 10**5, 10**6, 10**7, 5 * 10**7):
        setup = """
            from sim import load
            from sim.robust import robust
            scn = load("freeze_for_freeze")
        """
        work = f"res = robust(scn, draws={d}, seed=7, sensitivity=False, keep_samples=False)"
        r = _child(setup, work, BUDGET)
        limit = ROBUST_LIMIT if d == 10**6 else None
        points.append(Point("robustness, 4 uncertain parameters", f"{d:,} draws", d, r, limit))
    return points


GROWTH = """\
How the time grows (the `growth` column: CPU time against the row above, for the size's factor;
small sizes are dominated by fixed costs, so read the growth on the larger rows):

* **2-player, all equilibria**: about exponentially in n.  Every vertex of the two
  best-response polytopes is visited, and their number grows by a roughly constant factor with
  each strategy added; memory grows with them.  One random game per n, so the steps vary.
  From about 16 x 16 the search may give up, saying so: it keeps at most 512 MB of tableaux
  for one layer of vertices (`lemke-howson` still finds one equilibrium).
* **3-player, pure equilibria**: about linear in the number of profiles.  The best-response
  search is one pass over the payoff tensor; certifying an equilibrium reads one line of the
  tensor per player, and its Pareto check stops at the first outcome that dominates it, so only
  efficient equilibria cost a whole pass each (payoffs 0..99 have ties, and bigger games have
  more equilibria).  Memory is linear in the profiles (the payoffs are held as floats and as
  exact numbers).  Payoffs are compared as floats, which decides every comparison except
  near-ties; those (and float payoffs equal as floats but not as the decimals they print as)
  are compared again exactly.  Building a game of float payoffs, which the time leaves out,
  reads every decimal and is far slower than building one of whole numbers.
* **Conflicts**: with 6 decision makers of 2 or 3 options, time and memory grow about in
  proportion to the moves (a state's moves are the states one decision maker reaches by
  changing their own options: 2^k - 1 for k options), which here is about linear in the states.
  With 3 decision makers each holds more options as the conflict grows, so the moves grow faster
  than the states, and the time somewhat faster than the moves.
* **Sweeps**: linear in the grid points, in time and memory (every point's row is kept for the
  CSV and the map).  A grid of more than 250,000 points is refused, with or without workers.
* **Robustness**: linear in the draws, in time and (above the imports) in memory.  Over
  20,000,000 draws one machine refuses, and `--workers N` or `--scheduler` (Dask) takes over."""


def main(quick: bool = False) -> str:
    rows = [
        "| workload | size | time | CPU time | peak memory | growth | target |",
        "|---|---|---|---|---|---|---|",
    ]
    rows += _rows(two_player(quick))
    ints, floats = nplayer_pure(quick)
    rows += _rows(ints) + _rows(floats)
    three, six = conflicts(quick)
    rows += _rows(three) + _rows(six)
    rows += _rows(sweeps(quick))
    rows += _rows(robustness(quick))
    return "\n".join(rows) + "\n\n" + GROWTH


if __name__ == "__main__":
    print(main(quick="--quick" in sys.argv))
