"""A small progress bar on stderr for long commands (sweeps).

Drawn only when stderr is a terminal and the job has already run for ``delay`` seconds, so quick
runs, pipes, CI logs and tests see nothing.
"""

from __future__ import annotations

import sys
import time


class ProgressBar:
    def __init__(self, label: str = "", delay: float = 0.5, stream=None, width: int = 30):
        self.stream = stream if stream is not None else sys.stderr
        self.label = label
        self.delay = delay
        self.width = width
        self.start = time.perf_counter()
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.drawn = False
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        now = time.perf_counter()
        if now - self.start < self.delay or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        frac = min(1.0, done / total)
        fill = int(round(frac * self.width))
        elapsed = now - self.start
        eta = elapsed / frac - elapsed if frac > 0 else 0.0
        self.stream.write(f"\r{self.label} [{'#' * fill}{'.' * (self.width - fill)}] "
                          f"{done}/{total} points, {elapsed:.0f} s"
                          + (f", ~{eta:.0f} s left" if done < total else "") + "   ")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * (self.width + 60) + "\r")
            self.stream.flush()
