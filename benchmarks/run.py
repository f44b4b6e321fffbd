"""Run every benchmark: ``python benchmarks/run.py [NAME ...] [--quick]``.

Each ``benchmarks/bench_*.py`` module defines ``main(quick: bool) -> str`` returning a Markdown
table (measured in this run, peers side by side).  This script runs them in name order and prints
the tables with the machine, the date and the load average, ready to paste into
``benchmarks/README.md``, then every ratio and absolute target of the run, met or not met.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib.util
import os
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, "
        f"Python {platform.python_version()}"
    )


def _load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="benchmark names (e.g. startup); default all")
    ap.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = ap.parse_args(argv)
    files = sorted(HERE.glob("bench_*.py"))
    if args.names:
        files = [f for f in files if f.stem.removeprefix("bench_") in args.names]
    start = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"# negsim benchmarks — {start}\n\nMachine: {_machine()}\n")
    print(f"Load average (1, 5, 15 min) at the start: {_load()}\n")
    for f in files:
        spec = importlib.util.spec_from_file_location(f.stem, f)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[f.stem] = mod
        spec.loader.exec_module(mod)
        print(f"## {f.stem.removeprefix('bench_')}\n", flush=True)
        print(mod.main(quick=args.quick), flush=True)
        print(flush=True)
    from _targets import table

    end = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"## Targets (measured in this run, {start} to {end}, {_machine()})\n")
    print(f"Load average at the end: {_load()}.  Ratios are peer time / negsim time.\n")
    print(table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
