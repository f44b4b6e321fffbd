"""Shared test set-up: a headless matplotlib backend and paths to the fixtures."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture(scope="module")
def seminar_server():
    """``negsim serve`` in a subprocess on a free loopback port, one per test module; yields its
    base URL and stops it (SIGINT, as Ctrl-C would) afterwards."""
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", "serve", "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = proc.stderr.readline()
        assert "http://127.0.0.1:" in line, line
        url = line.split()[3].rstrip("/")
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/api/scenarios", timeout=10) as r:
                    assert r.status == 200
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    assert proc.returncode == 0, proc.returncode
