"""Reading a scenario file's text: a regular file of bounded size, UTF-8, located errors.

Every reader (YAML scenarios, Gambit ``.nfg`` and ``.efg``) goes through :func:`read_text`, so a
device such as ``/dev/zero`` or a pipe is refused instead of read without end, a huge file is
refused before it is read, and a file that is not UTF-8 is reported at the line of its first bad
byte.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import Location, ScenarioError

__all__ = ["MAX_FILE_BYTES", "STDIN", "read_stdin", "read_text"]

#: the scenario argument that means standard input (YAML only: no file extension tells a
#: Gambit file)
STDIN = "-"

#: the largest scenario file (YAML, ``.nfg``, ``.efg``) negsim reads, in bytes
MAX_FILE_BYTES = 4_000_000


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of the scenario file at ``path``, or a :class:`ScenarioError` naming it."""
    p = Path(path)
    where = Location(str(path))
    try:
        st = p.stat()
        if stat.S_ISDIR(st.st_mode):
            raise ScenarioError("this is a folder, not a scenario file", where)
        if not stat.S_ISREG(st.st_mode):
            raise ScenarioError(
                "this is not a regular file (a device, a pipe or a socket); give a scenario file",
                where,
            )
        if st.st_size > MAX_FILE_BYTES:
            raise ScenarioError(
                f"the file is {st.st_size:,} bytes; a scenario file may have at most "
                f"{MAX_FILE_BYTES:,}",
                where,
            )
        with p.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError("no such file", where) from None
    except PermissionError:
        raise ScenarioError("cannot read the file: permission denied", where) from None
    except OSError as exc:
        raise ScenarioError(f"cannot read the file: {exc.strerror or exc}", where) from None
    return _decode(raw, str(path))


def read_stdin() -> str:
    """The text of a YAML scenario on standard input (``negsim run -``), bounded like a file."""
    import sys

    raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    return _decode(raw, "<stdin>")


def _decode(raw: bytes, name: str) -> str:
    where = Location(name)
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(
            f"the file has more than {MAX_FILE_BYTES:,} bytes, the most a scenario may have", where
        )
    return decode_utf8(raw, name)


def decode_utf8(raw: bytes, name: str) -> str:
    """``raw`` as text, or a located error at the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise ScenarioError(
            f"the file is not UTF-8 text: byte 0x{raw[exc.start]:02x} here (save it as UTF-8; "
            "a Latin-1 or Windows file needs converting)",
            Location(name, line, col),
        ) from None
