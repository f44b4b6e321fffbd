"""Helpers shared by the commands: loading, ``--set``, atomic writes, error reporting."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..scenario import ScenarioError, load, parse_assignments

__all__ = [
    "EXAMPLE_FORMATTER",
    "add_set_option",
    "error",
    "load_scenario",
    "overrides_from",
    "report_errors",
    "write_atomic",
    "write_text",
]

EXAMPLE_FORMATTER = argparse.RawDescriptionHelpFormatter


def error(message: str) -> int:
    """Print a message for bad input on stderr and return exit status 1."""
    print(f"negsim: {message}", file=sys.stderr)
    return 1


@dataclass
class _Status:
    code: int = 1


@contextlib.contextmanager
def report_errors():
    """Turn the errors a user can cause into a message and exit status 1 (never a traceback)."""
    status = _Status()
    try:
        yield status
    except ScenarioError as exc:
        for problem in exc.problems:
            print(f"{problem}", file=sys.stderr)
        n = len(exc.problems)
        if n > 1:
            print(f"negsim: {n} problems; nothing was run.", file=sys.stderr)
        status.code = 1
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        status.code = error(str(exc))
    except (ValueError, KeyError) as exc:
        msg = exc.args[0] if exc.args else str(exc)
        status.code = error(str(msg))
    except BrokenPipeError:  # e.g. `negsim run | head`
        with contextlib.suppress(Exception):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        status.code = 0
    except KeyboardInterrupt:
        status.code = error("interrupted")


def add_set_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--set", metavar="NAME=VALUE", action="append", default=[],
                        help="override a parameter (repeatable), e.g. --set drill_value=4")


def add_conflict_options(parser: argparse.ArgumentParser) -> None:
    """``--convention`` and ``--simultaneous``, the two conflict settings (run, plot)."""
    parser.add_argument("--convention", choices=("sequence", "unrestricted", "single"),
                        help="conflict scenarios: how opponents' sanctioning moves are counted "
                             "(default: the file's setting, else 'sequence', the textbook one)")
    parser.add_argument("--simultaneous", choices=("one", "group"),
                        help="conflict scenarios: who may move with the focal decision maker "
                             "under SIM (default: the file's setting, else 'one')")


def conflict_options_from(args) -> dict[str, str]:
    """The conflict settings given on the command line (only those given)."""
    return {k: getattr(args, k) for k in ("convention", "simultaneous")
            if getattr(args, k, None)}


def overrides_from(args) -> dict[str, str]:
    return parse_assignments(getattr(args, "set", []) or [])


def load_scenario(arg: str | None):
    """Load a scenario given as a path or a bundled name (default scenario when ``None``)."""
    from ..bundled import resolve

    return load(resolve(arg))


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename, so a
    reader never sees a half-written file and a failure leaves any old file intact."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(f"{target}: folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp creates 0600; give the file the mode a plain open() would (0666 minus umask)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(path: str | os.PathLike, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))
