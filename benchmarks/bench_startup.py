"""Cold start: fresh interpreters (subprocesses), median of several runs each.

- ``negsim --version``: the command's own start (no kind, no numpy is imported for it);
- ``negsim run scenarios/freeze_for_freeze.yaml``: load the YAML, build, dominance, every
  equilibrium, print (so the first solve is included: nothing compiles on first use);
- ``python -c "import sim"``: the library's import (heavy modules load on first use);
- peers doing the ``run`` job: nashpy (support enumeration) and pygambit (enummixed).

``negsim`` is run as ``python -m sim`` (what the ``negsim`` script calls), so the code measured is
the checkout's, with bytecode caches written by an untimed first run (an installed copy has
them).  Target (issue 18): each negsim row under 1 s.  The peer rows and the bare
interpreter are measured in the same loop, one after another, so load on a shared machine hits
them alike; ``uptime``'s load average is printed with the table.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _targets import record, record_limit

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = str(ROOT / "scenarios" / "freeze_for_freeze.yaml")
LIMIT = 1.0  # seconds
#: the children may write and use bytecode caches, as an installed copy has them (pip compiles
#: them at install time); an environment with PYTHONDONTWRITEBYTECODE would otherwise compile
#: every module on every start
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

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

PY = sys.executable
COMMANDS = [
    ("negsim --version", [PY, "-m", "sim", "--version"], True),
    ("negsim run scenarios/freeze_for_freeze.yaml", [PY, "-m", "sim", "run", SCENARIO], True),
    ('python -c "import sim"', [PY, "-c", "import sim"], True),
    ("python -c pass (interpreter only)", [PY, "-c", "pass"], False),
    ("nashpy: same game as run, support enumeration", [PY, "-c", NASHPY], False),
    ("pygambit: same game as run, enummixed", [PY, "-c", PYGAMBIT], False),
]


def _load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _once(argv: list[str]) -> tuple[float, float] | None:
    """(wall, CPU) seconds of one fresh process, or None when it failed."""
    c0, t0 = _cpu(), time.perf_counter()
    r = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, env=ENV)
    sec, cpu = time.perf_counter() - t0, _cpu() - c0
    return (sec, cpu) if r.returncode == 0 else None


def _median_wall(ts: list[tuple[float, float] | None]) -> float | None:
    ok = [t[0] for t in ts if t is not None]
    return statistics.median(ok) if ok and len(ok) == len(ts) else None


def main(quick: bool = False) -> str:
    runs = 3 if quick else 5
    times: dict[str, list[tuple[float, float] | None]] = {name: [] for name, _, _ in COMMANDS}
    for _, argv, _ in COMMANDS:  # not timed: writes the bytecode caches
        _once(argv)
    load_before = _load()
    for _ in range(runs):  # interleaved: every command once per pass
        for name, argv, _ in COMMANDS:
            times[name].append(_once(argv))
    load_after = _load()
    out = [
        f"| cold start, fresh process | median wall (s) | median CPU (s) | target < {LIMIT:g} s "
        "(wall) |",
        "|---|---:|---:|---|",
    ]
    for name, _, ours in COMMANDS:
        ts = times[name]
        ok = [t for t in ts if t is not None]
        wall = statistics.median(t[0] for t in ok) if ok and len(ok) == len(ts) else None
        cpu = statistics.median(t[1] for t in ok) if ok and len(ok) == len(ts) else None
        if ours:
            met = "met" if wall is not None and wall < LIMIT else "not met"
            record_limit(f"cold start: {name}", wall, LIMIT, "s", "" if wall else "failed")
        else:
            met = "(peer / reference)"
        if wall is None or cpu is None:
            out.append(f"| {name} | not available | | {met} |")
        else:
            out.append(f"| {name} | {wall:.3f} | {cpu:.3f} | {met} |")
    run_wall = _median_wall(times["negsim run scenarios/freeze_for_freeze.yaml"])
    for name, peer in (
        ("nashpy: same game as run, support enumeration", "nashpy (import + support_enumeration)"),
        ("pygambit: same game as run, enummixed", "pygambit (import + enummixed_solve)"),
    ):
        peer_wall = _median_wall(times[name])
        if run_wall and peer_wall:
            record(
                "cold start: the freeze-for-freeze game from a fresh process",
                peer,
                peer_wall / run_wall,
            )
    out.append("")
    out.append(
        f"Median of {runs} runs each, interleaved.  Load average (1, 5, 15 min) before: "
        f"{load_before}; after: {load_after} "
        f"({os.cpu_count()} cores)."
    )
    return "\n".join(out)


if __name__ == "__main__":
    print(main())
