"""Progress bars on stderr for long commands (sweeps), drawn by tqdm.

A bar appears only when stderr is a terminal and the job has run for ``delay`` seconds, so quick
runs, pipes, CI logs and tests see nothing.  :class:`ProgressBar` is the ``progress(done, total)``
callback the library's long jobs accept.
"""

from __future__ import annotations

import sys
import time
from typing import Any


class ProgressBar:
    """``bar(done, total)`` updates a tqdm bar (created on first call); ``close()`` removes it."""

    FORMAT = "{desc} {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} UNIT [{elapsed}<{remaining}]"

    def __init__(
        self, label: str = "", delay: float = 0.5, stream: Any = None, unit: str = "point"
    ):
        self.stream = stream if stream is not None else sys.stderr
        self.label = label
        self.delay = delay
        self.unit = unit
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._bar: Any = None
        self.start = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        first = self._bar is None
        if first:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total,
                desc=self.label,
                file=self.stream,
                delay=self.delay,
                leave=False,
                dynamic_ncols=True,
                bar_format=self.FORMAT.replace("UNIT", self.unit + "s"),
            )
        if self._bar.total != total:
            self._bar.total = total
        self._bar.update(max(0, done - self._bar.n))
        late = time.monotonic() - self.start >= self.delay
        if (first or done >= total) and self._bar.n and late:
            self._bar.refresh()  # the first news and the end are always shown

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
