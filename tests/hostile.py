"""Running negsim on a hostile input in a subprocess under a memory and CPU cap."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: the address space and CPU time every hostile reproducer must fit in
MEMORY_CAP = 2_000_000_000
CPU_CAP = 30


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_CAP, CPU_CAP))


def negsim(
    *argv, stdout=subprocess.PIPE, timeout: float = 60, input: str | None = None
) -> subprocess.CompletedProcess:
    """``python -m sim ARGV`` under the caps; its exit code, stdout and stderr as text
    (``input``: the text on its standard input, else none)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), MPLBACKEND="Agg")
    return subprocess.run(
        [sys.executable, "-m", "sim", *map(str, argv)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        input=input,
        stdin=None if input is not None else subprocess.DEVNULL,
        text=True,
        env=env,
        preexec_fn=_limits,
        timeout=timeout,
        check=False,
    )
