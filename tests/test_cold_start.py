"""``negsim --version`` answers without importing numpy or any kind (the timing itself is a
benchmark: benchmarks/bench_startup.py; a full standard output is still an error:
tests/test_hostile_cli.py)."""

from __future__ import annotations

import subprocess
import sys

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
