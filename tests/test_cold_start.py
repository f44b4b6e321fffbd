"""``negsim --version`` answers without importing numpy or any kind, and still reports a full
standard output as an error (the timing itself is a benchmark: benchmarks/bench_startup.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sim import __version__

CHECK = (
    "import sys\n"
    "from sim.cli import main\n"
    "code = main(['--version'])\n"
    "heavy = sorted(m for m in ('numpy', 'yaml', 'sim.scenario', 'sim.contract') "
    "if m in sys.modules)\n"
    "print(code, heavy)\n"
)


def test_version_imports_nothing_heavy():
    res = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines() == [f"negsim {__version__}", "0 []"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_version_on_a_full_standard_output_is_still_an_error():
    with open("/dev/full", "w") as full:
        res = subprocess.run(
            [sys.executable, "-m", "sim", "--version"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert res.returncode == 1
    assert "cannot write the output: No space left on device" in res.stderr
    assert "Traceback" not in res.stderr
